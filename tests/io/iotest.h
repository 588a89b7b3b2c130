/* Helpers shared by the io tests: collective checks and what is on disk next to an output. */
#pragma once
#include <mckean/mckio.h>
#include <dirent.h>
#include <libgen.h>
#include <string.h>
#include <unistd.h>

/* A check that holds on every rank, or a PETSC_ERR_PLIB error on all of them naming it. */
static inline PetscErrorCode Expect(MPI_Comm comm, PetscBool ok, const char what[])
{
  PetscBool all;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&ok, &all, 1, MPIU_BOOL, MPI_LAND, comm));
  PetscCheck(all, comm, PETSC_ERR_PLIB, "check failed: %s", what);
  PetscFunctionReturn(0);
}

static inline PetscBool Exists(const char path[]) { return access(path, F_OK) == 0 ? PETSC_TRUE : PETSC_FALSE; }

/* The number of files next to path whose names begin with "<basename(path)><suffix>", e.g.
 * the files in progress ".partial-" of any job. */
static inline int CountWithPrefix(const char path[], const char suffix[])
{
  char           dir[PETSC_MAX_PATH_LEN], base[PETSC_MAX_PATH_LEN], prefix[PETSC_MAX_PATH_LEN + 64];
  DIR           *d;
  struct dirent *e;
  int            n = 0;

  (void)snprintf(dir, sizeof(dir), "%s", path);
  (void)snprintf(base, sizeof(base), "%s", path);
  (void)snprintf(prefix, sizeof(prefix), "%s%s", basename(base), suffix);
  if (!(d = opendir(dirname(dir)))) return 0;
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, prefix, strlen(prefix))) n++;
  (void)closedir(d);
  return n;
}

static inline PetscBool PartialExists(const char path[])
{
  return CountWithPrefix(path, ".partial") > 0 ? PETSC_TRUE : PETSC_FALSE;
}

static inline PetscBool LockExists(const char path[])
{
  return CountWithPrefix(path, ".lock") > 0 ? PETSC_TRUE : PETSC_FALSE;
}

/* The state of <path> and of any file in progress for it, checked on every rank after a barrier. */
static inline PetscErrorCode ExpectFiles(MPI_Comm comm, const char path[], PetscBool final, PetscBool partial,
                                         const char when[])
{
  char what[512];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s: %s %s and a file in progress for it %s", when, path,
                          final ? "exists" : "does not exist", partial ? "exists" : "does not exist"));
  PetscCall(Expect(comm, (PetscBool)(Exists(path) == final && PartialExists(path) == partial), what));
  PetscFunctionReturn(0);
}

/* A rank's share of npart particles with two components, rows [gstart, gstart + n). */
typedef struct {
  MPI_Comm   comm;
  PetscInt64 gstart;
  PetscInt   n;
  PetscReal *x[2];
} Parts;

static inline PetscErrorCode PartsCreate(MPI_Comm comm, PetscInt64 npart, Parts *p)
{
  PetscMPIInt size, rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  p->comm   = comm;
  p->gstart = npart * rank / size;
  p->n      = (PetscInt)(npart * (rank + 1) / size - p->gstart);
  PetscCall(PetscMalloc2(p->n + 1, &p->x[0], p->n + 1, &p->x[1]));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode PartsDestroy(Parts *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(p->x[0], p->x[1]));
  PetscFunctionReturn(0);
}

/* Call f and return its error code with PETSc's error printing switched off. */
#define QUIET(ierr, call)                                            \
  do {                                                               \
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL)); \
    ierr = call;                                                     \
    PetscCall(PetscPopErrorHandler());                               \
  } while (0)

/* The message of the last error raised inside CAPTURE(), for checks of what a user would read. */
static char iotest_message[4096];

static inline PetscErrorCode CaptureErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file,
                                                 PetscErrorCode n, PetscErrorType p, const char *mess, void *ctx)
{
  (void)comm, (void)line, (void)fun, (void)file, (void)ctx;
  if (p == PETSC_ERROR_INITIAL) (void)snprintf(iotest_message, sizeof(iotest_message), "%s", mess ? mess : "");
  return n;
}

#define CAPTURE(ierr, call)                                      \
  do {                                                           \
    iotest_message[0] = 0;                                       \
    PetscCall(PetscPushErrorHandler(CaptureErrorHandler, NULL)); \
    ierr = call;                                                 \
    PetscCall(PetscPopErrorHandler());                           \
  } while (0)

/* ierr is PETSC_ERR_USER_INPUT on every rank and the message holds every one of words (NULL-
 * terminated), on one line. */
static inline PetscErrorCode ExpectRefused(MPI_Comm comm, PetscErrorCode ierr, const char what[],
                                           const char *const words[])
{
  char      msg[8192];
  PetscBool ok = (PetscBool)(ierr == PETSC_ERR_USER_INPUT && !strchr(iotest_message, '\n'));

  PetscFunctionBeginUser;
  for (int k = 0; words[k]; k++)
    if (!strstr(iotest_message, words[k])) ok = PETSC_FALSE;
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s is refused in one line naming %s%s (error %d: \"%s\")", what, words[0],
                          words[1] ? " and more" : "", (int)ierr, iotest_message));
  PetscCall(Expect(comm, ok, msg));
  PetscFunctionReturn(0);
}

/* ---- plain serial HDF5: an independent reader ------------------------------------------ */

/* Dataset dset of the open file f as doubles (allocated here; PetscFree), with its rank nd and
 * shape dims (at most 3 axes); maxdims receives the maximal shape unless NULL. */
static inline PetscErrorCode RawRead(hid_t f, const char dset[], int *nd, hsize_t dims[], hsize_t maxdims[],
                                     double **data)
{
  hid_t   d, s;
  hsize_t n = 1;

  PetscFunctionBeginUser;
  PetscCheck((d = H5Dopen2(f, dset, H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "no dataset %s", dset);
  s   = H5Dget_space(d);
  *nd = H5Sget_simple_extent_ndims(s);
  PetscCheck(*nd >= 0 && *nd <= 3, PETSC_COMM_SELF, PETSC_ERR_PLIB, "dataset %s has %d axes, not 0 to 3", dset, *nd);
  H5Sget_simple_extent_dims(s, dims, maxdims);
  for (int k = 0; k < *nd; k++) n *= dims[k];
  PetscCall(PetscMalloc1(PetscMax(n, 1), data));
  PetscCheck(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *data) >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "cannot read %s", dset);
  H5Sclose(s);
  H5Dclose(d);
  PetscFunctionReturn(0);
}

/* Bitwise equality (shape and values) of one dataset in two files. */
static inline PetscErrorCode SameDataset(const char a[], const char b[], const char dset[], PetscBool *same)
{
  hid_t   fa, fb;
  int     na = -1, nb = -1;
  hsize_t da[3], db[3], n = 1;
  double *va, *vb;

  PetscFunctionBeginUser;
  fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT);
  fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);
  PetscCheck(fa >= 0 && fb >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cannot open %s or %s", a, b);
  PetscCall(RawRead(fa, dset, &na, da, NULL, &va));
  PetscCall(RawRead(fb, dset, &nb, db, NULL, &vb));
  *same = na == nb ? PETSC_TRUE : PETSC_FALSE;
  for (int k = 0; *same && k < na; k++) {
    if (da[k] != db[k]) *same = PETSC_FALSE;
    n *= da[k];
  }
  if (*same) PetscCall(PetscMemcmp(va, vb, n * sizeof(double), same));
  PetscCall(PetscFree(va));
  PetscCall(PetscFree(vb));
  H5Fclose(fa);
  H5Fclose(fb);
  PetscFunctionReturn(0);
}
