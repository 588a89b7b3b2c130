/* Checkpoint and restart by copying the run file.
 *
 * A checkpoint is the run file as it stands plus a /checkpoint group holding the objects'
 * state and configuration; a restart continues a copy of it (without /checkpoint) as the new
 * run file. Everything written so far -- time series, snapshots, fields -- thus travels with
 * the checkpoint, and a restarted run's datasets end up identical to an uninterrupted run's.
 * Both files are claimed (claim.c) and go through their file in progress like any other
 * written file; the checkpoint records its kind ("checkpoint") and, like the run file it
 * continues, is verified in full before a restart uses it (verify.c). */
#ifndef _GNU_SOURCE
#  define _GNU_SOURCE /* copy_file_range */
#endif
#include "iohelpers.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MCK_COPY_BUFFER ((size_t)4 << 20)

/* Byte loop for file systems where copy_file_range() does not work (older kernels, some
 * network file systems, copies across file systems). */
static int MckCopyLoop(int in, int out, char *buf)
{
  for (;;) {
    ssize_t n = read(in, buf, MCK_COPY_BUFFER), done = 0;

    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return 0;
    while (done < n) {
      ssize_t w = write(out, buf + done, (size_t)(n - done));

      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return errno;
      done += w;
    }
  }
}

/* Copy src to dst (created or truncated); returns 0 or an errno, and in *dst_side whether the
 * failure concerns the destination. Called by rank 0 only. */
static int MckCopyFile(const char src[], const char dst[], char *buf, PetscBool *dst_side)
{
  struct stat st;
  int         in, out, err = 0;
  off_t       left;

  *dst_side = PETSC_FALSE;
  if ((in = open(src, O_RDONLY)) < 0) return errno;
  if (fstat(in, &st) != 0) {
    err = errno;
    (void)close(in);
    return err;
  }
  if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666)) < 0) {
    err = errno;
    (void)close(in);
    *dst_side = PETSC_TRUE;
    return err;
  }
  for (left = st.st_size; left > 0;) {
    ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);

    if (n <= 0) {
      /* nothing copied yet: fall back to plain reads and writes from the current offsets */
      err = (n == 0 || errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)
                ? MckCopyLoop(in, out, buf)
                : errno;
      break;
    }
    left -= n;
  }
  if (close(out) != 0 && !err) err = errno;
  (void)close(in);
  if (err) *dst_side = PETSC_TRUE;
  return err;
}

/* Rank 0 copies src over dst->partial; every rank learns the outcome. */
static PetscErrorCode MckIOCopyToPartial(MckIO dst, const char src[], const char src_option[])
{
  int       err      = 0;
  PetscBool dst_side = PETSC_FALSE;
  char     *buf;

  PetscFunctionBeginUser;
  if (dst->rank == 0) {
    PetscCall(PetscMalloc1(MCK_COPY_BUFFER, &buf));
    err = MckCopyFile(src, dst->partial, buf, &dst_side);
    PetscCall(PetscFree(buf));
    if (err) (void)unlink(dst->partial);
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, dst->comm));
  PetscCallMPI(MPI_Bcast(&dst_side, 1, MPIU_BOOL, 0, dst->comm));
  PetscCheck(!err || dst_side, dst->comm, PETSC_ERR_FILE_READ, "%s %s: cannot read the file: %s", src_option, src,
             strerror(err));
  PetscCheck(!err, dst->comm, PETSC_ERR_FILE_WRITE, "%s %s: cannot write %s: %s", dst->option, dst->path, dst->partial,
             strerror(err));
  PetscFunctionReturn(0);
}

/*@C
  MckIOCheckpointBegin - Starts a checkpoint: claims its path, closes the run file, copies it to
  the checkpoint's file in progress and opens the copy for writing.

  Collective

  Input Parameters:
+ run      - the run file, open for writing
- chk_path - the checkpoint's path (-checkpoint)

  Output Parameter:
. chk - the checkpoint, open for writing: the caller writes its objects' state and configuration
        into /checkpoint

  Notes:
  The checkpoint is the run file as it stands plus the /checkpoint group, so everything written
  so far travels with it. The path is claimed as `MCKIO_CHECKPOINT_FILE` (the run file's own path is
  refused) and an unwritable one is refused before the run file is touched. The run file stays
  registered while it is closed, so it is still removed if the run fails before
  `MckIOCheckpointEnd()`. Datasets of reals written into the checkpoint record whether they were finite.

  Level: developer

.seealso: `MckIOCheckpointEnd()`, `MckIORestartRunFile()`, `MckIOConfigWrite()`
@*/
PetscErrorCode MckIOCheckpointBegin(MckIO run, const char chk_path[], MckIO *chk)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(run, PETSC_TRUE));
  PetscCall(MckIOCreate(run->comm, chk));
  PetscCall(MckIOSetNames(*chk, chk_path, "-checkpoint"));
  PetscCall(MckIOClaimForWriting(*chk, MCKIO_CHECKPOINT_FILE, NULL, NULL)); /* the run file's own path is refused */
  PetscCall(MckIOCreatePartial(*chk)); /* an unwritable -checkpoint is refused before anything */
  PetscCall(MckIOSuspend(run));
  PetscCall(MckIOCopyToPartial(*chk, run->partial, run->option));
  PetscCall(MckIOOpenPartial(*chk));
  PetscCall(MckIOWriteFileKind(*chk, MCKIO_CHECKPOINT_FILE));
  PetscFunctionReturn(0);
}

/*@C
  MckIOCheckpointEnd - Finishes a checkpoint: closes it, renames it to its path, destroys the
  handle and reopens the run file for writing.

  Collective

  Input Parameters:
+ run - the run file, closed by `MckIOCheckpointBegin()`
- chk - the checkpoint from `MckIOCheckpointBegin()` (destroyed, set to NULL)

  Level: developer

.seealso: `MckIOCheckpointBegin()`
@*/
PetscErrorCode MckIOCheckpointEnd(MckIO run, MckIO *chk)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOClose(*chk));
  PetscCall(MckIODestroy(chk));
  PetscCall(MckIOResume(run));
  PetscFunctionReturn(0);
}

/* The checkpoint is verified unless MckIOOpenRead() has just done so (the usual order: read the
 * state, then continue the run file). The deleted /checkpoint group leaves unused space in the
 * file (HDF5 does not shrink files); the datasets and attributes are those of the run file when
 * the checkpoint was taken. */
/*@C
  MckIORestartRunFile - Continues a checkpoint as the run file: claims the run file's path and
  makes a copy of the checkpoint, without its /checkpoint group, its file in progress, open for
  writing.

  Collective

  Input Parameters:
+ run      - a handle with no file open
. path     - the run file's path (it must not be the checkpoint)
. option   - the option that named it (e.g. "-output")
- chk_path - the checkpoint (-restart)

  Notes:
  The usual order: open the checkpoint with `MckIOOpenRead()` (which verifies it), check its
  configuration and read the state, then call this. The checkpoint is verified here too unless
  this process has just verified the unchanged file. A missing or unreadable checkpoint is a
  `PETSC_ERR_USER_INPUT` error. The removed /checkpoint group leaves unused space in the file (HDF5
  does not shrink files); the datasets and attributes are those of the run file when the
  checkpoint was taken, so the run continues the file where it stood.

  Level: developer

.seealso: `MckIOCheckpointBegin()`, `MckIOOpenRead()`, `MckSeriesLoad()`
@*/
PetscErrorCode MckIORestartRunFile(MckIO run, const char path[], const char option[], const char chk_path[])
{
  PetscBool has;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckReadable(run->comm, chk_path, "-restart"));
  PetscCall(MckIOSetNames(run, path, option));
  PetscCall(MckIOClaimForWriting(run, MCKIO_RUN_FILE, chk_path, "-restart"));
  PetscCall(MckIOVerifyOnce(run->comm, chk_path, "-restart"));
  PetscCall(MckIOCreatePartial(run));
  PetscCall(MckIOCopyToPartial(run, chk_path, "-restart"));
  PetscCall(MckIOOpenPartial(run));
  PetscCall(MckIOPathExists(run, "/checkpoint", &has));
  if (has)
    PetscCallHDF5(H5Ldelete(run->file, "/checkpoint", H5P_DEFAULT), "removing /checkpoint from %s", run->partial);
  PetscCall(MckIOWriteFileKind(run, MCKIO_RUN_FILE));
  PetscFunctionReturn(0);
}
