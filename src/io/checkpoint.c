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

/* MckCopyFile's result when the source is not, or no longer, the file expected. */
#define MCK_COPY_CHANGED (-1)

/* Whether the open file fd is (still) the file expected; no expectation: it is. */
static PetscBool MckCopyIsExpected(int fd, const MckFileId *expect)
{
  MckFileId now;

  return (PetscBool)(!expect || (MckFileIdGet(NULL, fd, &now) && !memcmp(&now, expect, sizeof(now))));
}

/* Copy src to dst (created or truncated); returns 0, an errno or MCK_COPY_CHANGED (src is not the
 * file expect describes, when it was opened or once copied: replaced or written meanwhile), and
 * in *dst_side whether the failure concerns the destination. Called by rank 0 only. */
static int MckCopyFile(const char src[], const MckFileId *expect, const char dst[], char *buf, PetscBool *dst_side)
{
  struct stat st;
  int         in, out, err = 0;
  off_t       left;

  *dst_side = PETSC_FALSE;
  if ((in = open(src, O_RDONLY)) < 0) return errno;
  if (fstat(in, &st) != 0 || !MckCopyIsExpected(in, expect)) {
    err = expect && !MckCopyIsExpected(in, expect) ? MCK_COPY_CHANGED : errno;
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
  if (err) *dst_side = PETSC_TRUE;
  else if (!MckCopyIsExpected(in, expect)) err = MCK_COPY_CHANGED; /* written while it was copied */
  (void)close(in);
  return err;
}

/* Rank 0 copies src over dst->partial; every rank learns the outcome. With expect, rank 0's
 * identity of a file read, the copy must be of that file as it was read. */
static PetscErrorCode MckIOCopyToPartial(MckIO dst, const char src[], const char src_option[], const MckFileId *expect)
{
  int       err      = 0;
  PetscBool dst_side = PETSC_FALSE;
  char     *buf;

  PetscFunctionBeginUser;
  if (dst->rank == 0) {
    PetscCall(PetscMalloc1(MCK_COPY_BUFFER, &buf));
    err = MckCopyFile(src, expect, dst->partial, buf, &dst_side);
    PetscCall(PetscFree(buf));
    if (err) (void)unlink(dst->partial);
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, dst->comm));
  PetscCallMPI(MPI_Bcast(&dst_side, 1, MPIU_BOOL, 0, dst->comm));
  PetscCheck(err != MCK_COPY_CHANGED, dst->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the file changed after it was read (replaced or written by another process), so its copy would "
             "not be what was read; try again once nothing writes it",
             src_option, src);
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
  PetscCall(MckIOCopyToPartial(*chk, run->partial, run->option, NULL));
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
 * state, then continue the run file). The copy is made by name, after the state was read: it must
 * be of the file that was read, which the identity MckIOOpenRead took shows (a checkpoint
 * replaced by a later one, or written in place, in between is refused). The deleted /checkpoint
 * group leaves unused space in the file (HDF5 does not shrink files); the datasets and attributes
 * are those of the run file when the checkpoint was taken. */
/*@C
  MckIORestartRunFile - Continues a checkpoint as the run file: claims the run file's path and
  makes a copy of the checkpoint, without its /checkpoint group, its file in progress, open for
  writing.

  Collective

  Input Parameters:
+ run    - a handle with no file open
. path   - the run file's path (it must not be the checkpoint)
. option - the option that named it (e.g. "-output")
- chk    - the checkpoint, open for reading (`MckIOOpenRead()`, with the option that named it, e.g. -restart)

  Notes:
  The usual order: open the checkpoint with `MckIOOpenRead()` (which verifies it), check its
  configuration and read the state, then call this, then close the checkpoint. The checkpoint is
  verified here too unless this process has just verified the unchanged file. A missing or
  unreadable checkpoint is a `PETSC_ERR_USER_INPUT` error, and so is one that is no longer the
  file that was opened (replaced, or written in place, since): the run file would not continue the
  state that was read. The removed /checkpoint group leaves unused space in the file (HDF5
  does not shrink files); the datasets and attributes are those of the run file when the
  checkpoint was taken, so the run continues the file where it stood.

  Level: developer

.seealso: `MckIOCheckpointBegin()`, `MckIOOpenRead()`, `MckSeriesLoad()`
@*/
PetscErrorCode MckIORestartRunFile(MckIO run, const char path[], const char option[], MckIO chk)
{
  PetscBool has;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(chk, PETSC_FALSE));
  PetscCheck(!chk->writing, chk->comm, PETSC_ERR_ORDER, "MckIORestartRunFile: open the checkpoint %s for reading",
             chk->path);
  PetscCall(MckIOCheckReadable(run->comm, chk->path, chk->option));
  PetscCall(MckIOSetNames(run, path, option));
  PetscCall(MckIOClaimForWriting(run, MCKIO_RUN_FILE, chk->path, chk->option));
  PetscCall(MckIOVerifyOnce(run->comm, chk->path, chk->option));
  PetscCall(MckIOCreatePartial(run));
  PetscCall(MckIOCopyToPartial(run, chk->path, chk->option, &chk->opened));
  PetscCall(MckIOOpenPartial(run));
  PetscCall(MckIOPathExists(run, "/checkpoint", &has));
  if (has)
    PetscCallHDF5(H5Ldelete(run->file, "/checkpoint", H5P_DEFAULT), "removing /checkpoint from %s", run->partial);
  PetscCall(MckIOWriteFileKind(run, MCKIO_RUN_FILE));
  PetscFunctionReturn(0);
}
