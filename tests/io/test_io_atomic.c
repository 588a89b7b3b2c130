/* MckIO atomic writes and user errors on P ranks.
 *
 * Checks, seen from every rank: while a file is being written only its file in progress
 * "<path>.partial-<host>-<pid>" exists, and the path is locked ("<path>.lock"); MckIOClose gives
 * <path> and removes the file in progress; MckIOAbort, MckIODestroy of an unclosed file and
 * MckIOAbortAll (what McKeanFinalize does after an error) leave neither; an aborted rewrite
 * leaves the previous complete file untouched. An output path in a missing directory, under a
 * regular file, or naming a directory, and reading a missing, partial-only or non-HDF5 file all
 * return PETSC_ERR_USER_INPUT on every rank, leave no file behind, and leave the MckIO usable.
 * After McKeanFinalize no file in progress and no lock is left. */
#include "iotest.h"
#include <sys/stat.h>

static const char help[] = "MckIO atomicity and error test\n";

static PetscErrorCode WriteSomething(MckIO io)
{
  PetscInt64 dims[1] = {4};
  PetscReal  v[4]    = {1, 2, 3, 4};

  PetscFunctionBeginUser;
  PetscCall(MckIOWriteArray(io, "/a/b", 1, dims, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode Atomicity(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char  path[64], path2[64];
  MckIO io, io2;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_atomic_np%d.h5", size));
  PetscCall(PetscSNPrintf(path2, sizeof(path2), "io_atomic2_np%d.h5", size));
  if (!rank) {
    (void)remove(path);
    (void)remove(path2);
  }
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(ExpectFiles(comm, path, PETSC_FALSE, PETSC_TRUE, "after MckIOOpenWrite"));
  PetscCall(WriteSomething(io));
  PetscCall(MckIOClose(io));
  PetscCall(ExpectFiles(comm, path, PETSC_TRUE, PETSC_FALSE, "after MckIOClose"));

  /* a rewrite that is aborted keeps the previous complete file */
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(ExpectFiles(comm, path, PETSC_TRUE, PETSC_TRUE, "rewriting"));
  PetscCall(MckIOAbort(io));
  PetscCall(ExpectFiles(comm, path, PETSC_TRUE, PETSC_FALSE, "after aborting a rewrite"));
  PetscCall(MckIOOpenRead(io, path, "-restart")); /* still the complete old file */
  PetscCall(MckIOClose(io));
  if (!rank) (void)remove(path);

  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(WriteSomething(io));
  PetscCall(MckIOAbort(io));
  PetscCall(ExpectFiles(comm, path, PETSC_FALSE, PETSC_FALSE, "after MckIOAbort"));

  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(MckIODestroy(&io));
  PetscCall(ExpectFiles(comm, path, PETSC_FALSE, PETSC_FALSE, "after MckIODestroy of an unclosed file"));

  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOCreate(comm, &io2));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(MckIOOpenWrite(io2, path2, "-checkpoint"));
  PetscCall(WriteSomething(io2));
  PetscCall(MckIOAbortAll());
  PetscCall(ExpectFiles(comm, path, PETSC_FALSE, PETSC_FALSE, "after MckIOAbortAll"));
  PetscCall(ExpectFiles(comm, path2, PETSC_FALSE, PETSC_FALSE, "after MckIOAbortAll"));
  PetscCall(MckIODestroy(&io2));

  /* a file left open is removed by McKeanFinalize (the run has not closed it) */
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscFunctionReturn(0);
}

static PetscErrorCode Errors(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char           notdir[64], under[96], text[64], ok[64], what[256];
  const char    *bad[] = {"/nonexistent/dir/x.h5", under, "."};
  PetscErrorCode ierr;
  MckIO          io;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(notdir, sizeof(notdir), "io_atomic_file_np%d", size));
  PetscCall(PetscSNPrintf(under, sizeof(under), "%s/x.h5", notdir));
  PetscCall(PetscSNPrintf(text, sizeof(text), "io_atomic_text_np%d.h5", size));
  PetscCall(PetscSNPrintf(ok, sizeof(ok), "io_atomic_ok_np%d.h5", size));
  if (!rank) {
    FILE *f = fopen(notdir, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", notdir);
    (void)fclose(f);
    f = fopen(text, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", text);
    (void)fprintf(f, "this is not HDF5\n");
    (void)fclose(f);
  }
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(MckIOCreate(comm, &io));

  for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
    QUIET(ierr, MckIOOpenWrite(io, bad[k], "-output"));
    PetscCall(PetscSNPrintf(what, sizeof(what), "MckIOOpenWrite(%s) returns PETSC_ERR_USER_INPUT (got %d)", bad[k],
                            (int)ierr));
    PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), what));
    PetscCall(Expect(comm, (PetscBool)(!PartialExists(bad[k]) && !LockExists(bad[k])),
                     "a refused output leaves no file in progress and no lock"));
  }
  if (geteuid() != 0) { /* root writes anywhere: a read-only directory only stops other users */
    char dir[64], p[96];

    PetscCall(PetscSNPrintf(dir, sizeof(dir), "io_atomic_ro_np%d", size));
    PetscCall(PetscSNPrintf(p, sizeof(p), "%s/x.h5", dir));
    if (!rank) {
      PetscCall(PetscMkdir(dir));
      PetscCheck(chmod(dir, 0555) == 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot chmod %s", dir);
    }
    PetscCallMPI(MPI_Barrier(comm));
    QUIET(ierr, MckIOOpenWrite(io, p, "-output"));
    PetscCall(
        Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), "an output in a read-only directory is a user error"));
    PetscCallMPI(MPI_Barrier(comm));
    if (!rank) (void)rmdir(dir);
  }

  {
    const char *missing[] = {"/nonexistent/x.h5", "io_atomic_missing.h5", text, notdir};

    for (size_t k = 0; k < sizeof(missing) / sizeof(missing[0]); k++) {
      QUIET(ierr, MckIOOpenRead(io, missing[k], "-restart"));
      PetscCall(PetscSNPrintf(what, sizeof(what), "MckIOOpenRead(%s) returns PETSC_ERR_USER_INPUT (got %d)", missing[k],
                              (int)ierr));
      PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT), what));
    }
  }

  /* after the refusals, the same object opens a good path */
  PetscCall(MckIOOpenWrite(io, ok, "-output"));
  PetscCall(WriteSomething(io));
  PetscCall(MckIOClose(io));
  PetscCall(ExpectFiles(comm, ok, PETSC_TRUE, PETSC_FALSE, "a good path after refused ones"));
  PetscCall(MckIODestroy(&io));
  PetscCallMPI(MPI_Barrier(comm));
  if (!rank) {
    (void)remove(notdir);
    (void)remove(text);
    (void)remove(ok);
  }
  PetscFunctionReturn(0);
}

/* A file in progress whose final file is missing: reading names the unfinished run. */
static PetscErrorCode PartialOnly(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char           path[64];
  PetscErrorCode ierr;
  MckIO          io;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_atomic_unfinished_np%d.h5", size));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output")); /* a run that is still writing */
  {
    MckIO reader;

    PetscCall(MckIOCreate(comm, &reader));
    QUIET(ierr, MckIOOpenRead(reader, path, "-restart"));
    PetscCall(Expect(comm, (PetscBool)(ierr == PETSC_ERR_USER_INPUT),
                     "reading a file whose writer has not finished is a user error"));
    PetscCall(MckIODestroy(&reader));
  }
  PetscCall(MckIODestroy(&io));
  PetscCall(ExpectFiles(comm, path, PETSC_FALSE, PETSC_FALSE, "after destroying the unfinished writer"));
  (void)rank;
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscMPIInt    size, rank;
  MPI_Comm       comm;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  ierr = Errors(comm, size, rank);
  if (!ierr) ierr = PartialOnly(comm, size, rank);
  if (!ierr) ierr = Atomicity(comm, size, rank); /* leaves one file open for McKeanFinalize */
  PetscCall(McKeanFinalize());
  if (!ierr) { /* McKeanFinalize removed the file the run left open, and every lock */
    const char *left[] = {"io_atomic_np%d.h5", "io_atomic2_np%d.h5", "io_atomic_ok_np%d.h5",
                          "io_atomic_unfinished_np%d.h5"};

    for (size_t k = 0; k < sizeof(left) / sizeof(left[0]); k++) {
      char path[64];

      (void)snprintf(path, sizeof(path), left[k], size);
      if ((k == 0 && Exists(path)) || PartialExists(path) || LockExists(path)) {
        if (!rank)
          (void)fprintf(stderr, "check failed: McKeanFinalize left %s, a file in progress or a lock for it behind\n",
                        path);
        ierr = 1;
      }
    }
  }
  return ierr ? 1 : 0;
}
