/* MckIO lifecycle: create, open for writing (atomically, through the file in progress its claim
 * names, claim.c) or reading, close, abort, and the registry that lets McKeanFinalize() remove
 * files a failed run left open. */
#include "iohelpers.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every MckIO open for writing, so that MckIOAbortAll() can find the files of a failed run. */
static MckIO mck_open_for_writing = NULL;

/*@C
  MckIOUnlinkAll - Removes every file this process is writing: the files in progress of the
  open MckIOs and of every claimed output, and the locks of the claims.

  Not Collective

  Notes:
  Only unlink(2) on names recorded in advance, a lock only if it is still this run's (read with
  open(2), read(2), close(2)): no MPI, no allocation, so it may be called from a signal handler
  and by a rank about to abort the job (McKeanMain calls it then, through the
  abort hook of McKeanRegisterCleanup()). A run that can still finish collectively should call
  MckIOAbortAll() instead, on every rank. Finished outputs (already renamed to their final
  names) are left alone.

  Level: advanced

.seealso: `MckIOAbortAll()`, `MckIOClaimOutput()`, `McKeanRegisterCleanup()`
@*/
void MckIOUnlinkAll(void)
{
  for (MckIO io = mck_open_for_writing; io; io = io->next) (void)unlink(io->partial);
  MckIOUnlinkClaims();
}

/* McKeanFinalize, after an error too: files still being written are removed, then the claims
 * are released (their locks removed). */
static PetscErrorCode MckIOFinalizePackage(void)
{
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  ierr = MckIOAbortAll();
  PetscCall(MckIOReleaseClaims());
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

static void MckIORegister(MckIO io)
{
  io->next             = mck_open_for_writing;
  mck_open_for_writing = io;
}

static void MckIOUnregister(MckIO io)
{
  for (MckIO *p = &mck_open_for_writing; *p; p = &(*p)->next) {
    if (*p == io) {
      *p = io->next;
      break;
    }
  }
  io->next = NULL;
}

typedef struct {
  char  *msg;
  size_t len;
} MckHDF5ErrorCtx;

/* H5Ewalk2 callback: walking upward, entry 0 is the innermost, most specific failure. */
static herr_t MckHDF5ErrorWalk(unsigned n, const H5E_error2_t *err, void *data)
{
  MckHDF5ErrorCtx *ctx        = (MckHDF5ErrorCtx *)data;
  char             minor[128] = "";

  if (n > 0) return 0;
  if (H5Eget_msg(err->min_num, NULL, minor, sizeof(minor)) < 0) minor[0] = 0;
  (void)snprintf(ctx->msg, ctx->len, "%s%s%s%s", err->desc ? err->desc : "", minor[0] ? " (" : "", minor,
                 minor[0] ? ")" : "");
  return 0;
}

void MckHDF5ErrorString(char msg[], size_t len)
{
  MckHDF5ErrorCtx ctx = {msg, len};

  (void)snprintf(msg, len, "no reason given by HDF5");
  (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, MckHDF5ErrorWalk, &ctx);
  (void)H5Eclear2(H5E_DEFAULT);
}

PetscErrorCode MckIOInitializePackage(void)
{
  PetscFunctionBeginUser;
  /* After an error raised collectively, PETSc lets rank 0 unwind (to McKeanFinalize, which
   * removes partial files) and makes the other ranks exit(). HDF5's exit handler would then
   * close their files -- collective calls rank 0 never matches -- and the job would hang
   * instead of ending. Files are always closed explicitly here, so the handler is not needed.
   * (Effective only before HDF5's first use; later calls fail harmlessly.) */
  (void)H5dont_atexit();
  /* HDF5 would print its error stack from every rank; failures are reported through PETSc
   * errors instead (PetscCallHDF5), each saying what was being done. */
  PetscCallHDF5(H5Eset_auto2(H5E_DEFAULT, NULL, NULL), "switching off HDF5's error printing");
  PetscCall(McKeanRegisterCleanup(MckIOFinalizePackage, MckIOUnlinkAll));
  PetscCall(MckIOInstallSignalHandlers());
  PetscFunctionReturn(0);
}

/*@C
  MckIOCreate - Creates an HDF5 file handle with no file open.

  Logically Collective

  Input Parameter:
. comm - the ranks that open the file together (MPI-IO); every later call on the handle is made by all of them

  Output Parameter:
. io - the handle

  Notes:
  The first call initialises the I/O layer: HDF5's own error printing and exit handler are
  switched off (failures are PETSc errors naming what was being done) and `McKeanFinalize()`
  is made to remove files a failed run left unfinished.

  Level: intermediate

.seealso: `MckIOOpenWrite()`, `MckIOOpenRead()`, `MckIOClose()`, `MckIODestroy()`
@*/
PetscErrorCode MckIOCreate(MPI_Comm comm, MckIO *io)
{
  PetscFunctionBeginUser;
  PetscCheck(io, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null pointer for the new object");
  PetscCall(MckIOInitializePackage());
  PetscCall(PetscNew(io));
  (*io)->comm = comm;
  (*io)->file = H5I_INVALID_HID;
  PetscCallMPI(MPI_Comm_rank(comm, &(*io)->rank));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOCheckOpen(MckIO io, PetscBool forwrite)
{
  PetscFunctionBeginUser;
  PetscCheck(io->file >= 0, io->comm, PETSC_ERR_ORDER, "MckIO: no file is open");
  PetscCheck(!forwrite || io->writing, io->comm, PETSC_ERR_ORDER, "MckIO: %s was opened for reading, not writing",
             io->path);
  PetscFunctionReturn(0);
}

/* Parallel access through MPI-IO on the object's communicator. Metadata writes are collective
 * (every rank takes part in every metadata call, so HDF5 can let one rank write them). The
 * 1.10 file format checksums every piece of metadata -- chunk indexes included, which the 1.8
 * format leaves unprotected -- so that damage is found when a file is read (verify.c); it
 * also stores attributes larger than 64 KiB (a long options database) densely. */
static PetscErrorCode MckIOFileAccessPlist(MckIO io, hid_t *fapl)
{
  PetscFunctionBeginUser;
  PetscCallHDF5(*fapl = H5Pcreate(H5P_FILE_ACCESS), "creating a file access property list");
  PetscCallHDF5(H5Pset_fapl_mpio(*fapl, io->comm, MPI_INFO_NULL), "selecting the MPI-IO driver");
  PetscCallHDF5(H5Pset_coll_metadata_write(*fapl, 1), "selecting collective metadata writes");
  PetscCallHDF5(H5Pset_libver_bounds(*fapl, H5F_LIBVER_V110, H5F_LIBVER_V110), "selecting the HDF5 1.10 file format");
  PetscFunctionReturn(0);
}

/* io->file = name opened (flags H5F_ACC_RDONLY or H5F_ACC_RDWR) or created (H5F_ACC_TRUNC, the root
 * group without timestamps) through MPI-IO. On failure io->file < 0 and why holds HDF5's reason,
 * taken before any other HDF5 call clears the error stack; the caller raises the error. */
static PetscErrorCode MckIOOpenFile(MckIO io, const char name[], unsigned flags, char why[], size_t len)
{
  hid_t fapl, fcpl = H5I_INVALID_HID;

  PetscFunctionBeginUser;
  PetscCall(MckIOFileAccessPlist(io, &fapl));
  if (flags == H5F_ACC_TRUNC) {
    PetscCallHDF5(fcpl = H5Pcreate(H5P_FILE_CREATE), "creating a file creation property list");
    PetscCallHDF5(H5Pset_obj_track_times(fcpl, 0), "switching off timestamps of the root group");
    io->file = H5Fcreate(name, flags, fcpl, fapl);
  } else io->file = H5Fopen(name, flags, fapl);
  why[0] = 0;
  if (io->file < 0) MckHDF5ErrorString(why, len);
  if (fcpl >= 0) PetscCallHDF5(H5Pclose(fcpl), "closing a property list");
  PetscCallHDF5(H5Pclose(fapl), "closing a property list");
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOSetNames(MckIO io, const char path[], const char option[])
{
  size_t len;

  PetscFunctionBeginUser;
  PetscCheck(io->file < 0 && !io->writing, io->comm, PETSC_ERR_ORDER,
             "MckIO: %s is still open; close it before opening %s", io->path, path);
  PetscCheck(path && path[0], io->comm, PETSC_ERR_USER_INPUT, "%s: no file name given", option ? option : "MckIO");
  PetscCall(PetscStrlen(path, &len));
  PetscCheck(len < sizeof(io->path), io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the path is too long (at most %d characters)", option ? option : "", path,
             (int)sizeof(io->path) - 1);
  PetscCall(PetscStrncpy(io->path, path, sizeof(io->path)));
  PetscCall(PetscStrncpy(io->option, option ? option : "", sizeof(io->option)));
  io->partial[0] = 0;
  io->kind       = MCKIO_RUN_FILE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOClaimForWriting(MckIO io, MckIOFileKind kind, const char extra_read[], const char extra_option[])
{
  const char *partial;

  PetscFunctionBeginUser;
  PetscCall(MckIOClaimPath(io->comm, io->path, io->option, kind, extra_read, extra_option, &partial));
  PetscCall(PetscStrncpy(io->partial, partial, sizeof(io->partial)));
  PetscFunctionReturn(0);
}

enum { MCK_CREATE_OK = 0, MCK_CREATE_IS_DIRECTORY, MCK_CREATE_UNWRITABLE };

/* Rank 0 decides whether the file in progress can be created, by creating it (empty); HDF5
 * then truncates it. Checking first keeps HDF5 from failing deep inside H5Fcreate with an error
 * stack the user cannot act on. */
static int MckIOProbeWritable(const char path[], const char partial[])
{
  struct stat st;
  int         fd;

  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return MCK_CREATE_IS_DIRECTORY;
  fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) return MCK_CREATE_UNWRITABLE;
  (void)close(fd);
  return MCK_CREATE_OK;
}

PetscErrorCode MckIOCreatePartial(MckIO io)
{
  int status = MCK_CREATE_OK;

  PetscFunctionBeginUser;
  if (io->rank == 0) status = MckIOProbeWritable(io->path, io->partial);
  PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, io->comm));
  PetscCheck(status != MCK_CREATE_IS_DIRECTORY, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: is a directory; give a file name such as %s/run.h5", io->option, io->path, io->path);
  PetscCheck(status == MCK_CREATE_OK, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: cannot create the file (directory does not exist or is not writable)", io->option, io->path);
  PetscFunctionReturn(0);
}

/*@C
  MckIOOpenWrite - Claims a path and creates an HDF5 run file there, written through its file in
  progress "<path>.partial-<host>-<pid>[-slurm<job>]" until `MckIOClose()` renames it.

  Collective

  Input Parameters:
+ io     - the handle, with no file open
. path   - the final path of the file
- option - the command-line option that named the path (e.g. "-output"); errors quote it with the path

  Notes:
  The path is claimed with `MckIOClaimOutput()` (kind `MCKIO_RUN_FILE`): see there for what is
  refused. A directory, an uncreatable file or a path of `PETSC_MAX_PATH_LEN` characters or more
  is a `PETSC_ERR_USER_INPUT` error; a handle that is still open is `PETSC_ERR_ORDER`. The file uses
  the HDF5 1.10 format (checksummed metadata) and records its kind and the program in the
  attributes mckean_file and mckean_program of "/". Until it is closed, the file is removed
  if the run fails (`MckIOAbortAll()`, `MckIOUnlinkAll()`).

  Level: intermediate

.seealso: `MckIOClose()`, `MckIOAbort()`, `MckIOClaimOutput()`, `MckIOWriteRunAttributes()`
@*/
PetscErrorCode MckIOOpenWrite(MckIO io, const char path[], const char option[])
{
  char why[512];

  PetscFunctionBeginUser;
  PetscCall(MckIOSetNames(io, path, option));
  PetscCall(MckIOClaimForWriting(io, MCKIO_RUN_FILE, NULL, NULL));
  PetscCall(MckIOCreatePartial(io));
  PetscCall(MckIOOpenFile(io, io->partial, H5F_ACC_TRUNC, why, sizeof(why)));
  if (io->file < 0) {
    if (io->rank == 0) (void)unlink(io->partial);
    SETERRQ(io->comm, PETSC_ERR_FILE_WRITE, "%s %s: HDF5 cannot create %s: %s", io->option, io->path, io->partial, why);
  }
  io->writing = PETSC_TRUE;
  MckIORegister(io);
  PetscCall(MckIOWriteFileKind(io, MCKIO_RUN_FILE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOOpenPartial(MckIO io)
{
  char why[512];

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenFile(io, io->partial, H5F_ACC_RDWR, why, sizeof(why)));
  if (io->file < 0) {
    if (!io->writing && io->rank == 0) (void)unlink(io->partial);
    SETERRQ(io->comm, PETSC_ERR_FILE_WRITE, "%s %s: HDF5 cannot reopen %s for writing: %s", io->option, io->path,
            io->partial, why);
  }
  if (!io->writing) MckIORegister(io);
  io->writing = PETSC_TRUE;
  PetscFunctionReturn(0);
}

enum {
  MCK_OPEN_OK = 0,
  MCK_OPEN_MISSING,
  MCK_OPEN_MISSING_PARTIAL,
  MCK_OPEN_NOT_REGULAR,
  MCK_OPEN_UNREADABLE,
  MCK_OPEN_NOT_HDF5
};

/* Whether some job's file in progress for path ("<path>.partial-...") exists; its name in partial. */
static PetscBool MckIOFindPartial(const char path[], char partial[], size_t len)
{
  char           copy[PETSC_MAX_PATH_LEN], base[PETSC_MAX_PATH_LEN], prefix[PETSC_MAX_PATH_LEN + 16];
  const char    *dir;
  DIR           *d;
  struct dirent *e;
  PetscBool      found = PETSC_FALSE;

  (void)snprintf(copy, sizeof(copy), "%s", path);
  (void)snprintf(base, sizeof(base), "%s", path);
  (void)snprintf(prefix, sizeof(prefix), "%s.partial", basename(base));
  dir = dirname(copy); /* "." for a bare name */
  if (!(d = opendir(dir))) return PETSC_FALSE;
  while (!found && (e = readdir(d))) {
    if (strncmp(e->d_name, prefix, strlen(prefix))) continue;
    (void)PetscSNPrintf(partial, len, "%s%s%s", strcmp(dir, ".") ? dir : "", strcmp(dir, ".") ? "/" : "", e->d_name);
    found = PETSC_TRUE;
  }
  (void)closedir(d);
  return found;
}

static int MckIOProbeReadable(const char path[], char partial[], size_t len)
{
  struct stat st;

  if (stat(path, &st) != 0) return MckIOFindPartial(path, partial, len) ? MCK_OPEN_MISSING_PARTIAL : MCK_OPEN_MISSING;
  if (!S_ISREG(st.st_mode)) return MCK_OPEN_NOT_REGULAR;
  if (access(path, R_OK) != 0) return MCK_OPEN_UNREADABLE;
  if (H5Fis_hdf5(path) <= 0) {
    (void)H5Eclear2(H5E_DEFAULT);
    return MCK_OPEN_NOT_HDF5;
  }
  return MCK_OPEN_OK;
}

PetscErrorCode MckIOCheckReadable(MPI_Comm comm, const char path[], const char option[])
{
  char        partial[PETSC_MAX_PATH_LEN] = "";
  int         status                      = MCK_OPEN_OK;
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) status = MckIOProbeReadable(path, partial, sizeof(partial));
  PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, comm));
  if (status == MCK_OPEN_MISSING_PARTIAL) PetscCallMPI(MPI_Bcast(partial, sizeof(partial), MPI_CHAR, 0, comm));
  switch (status) {
  case MCK_OPEN_MISSING: SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: no such file", option, path);
  case MCK_OPEN_MISSING_PARTIAL:
    SETERRQ(comm, PETSC_ERR_USER_INPUT,
            "%s %s: no such file (only %s exists: the run writing it is still running, or was killed)", option, path,
            partial);
  case MCK_OPEN_NOT_REGULAR: SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: not a regular file", option, path);
  case MCK_OPEN_UNREADABLE: SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: the file is not readable", option, path);
  case MCK_OPEN_NOT_HDF5: SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s %s: not an HDF5 file", option, path);
  default: break;
  }
  PetscFunctionReturn(0);
}

/* Rank 0 tells whether path must be verified before it is read: a McKean checkpoint, or a file
 * whose superblock or root group HDF5 cannot read (which may be a checkpoint). */
static PetscErrorCode MckIONeedsVerifying(MPI_Comm comm, const char path[], PetscBool *needs)
{
  PetscMPIInt rank;
  MckExisting e;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  *needs = PETSC_FALSE;
  if (rank == 0) {
    MckIOProbeExisting(path, &e);
    *needs = (PetscBool)((e.what == MCK_EXISTING_MCKEAN && e.kind == MCKIO_CHECKPOINT_FILE) ||
                         e.what == MCK_EXISTING_DAMAGED);
  }
  PetscCallMPI(MPI_Bcast(needs, 1, MPIU_BOOL, 0, comm));
  PetscFunctionReturn(0);
}

/* Open io->path for reading and keep, on each rank, the identity of the file it opened: the
 * same before the open and after every rank's open (a barrier), or the path was replaced or
 * written in between and the ranks may hold different files. Whatever is later done with the
 * file by name (a restart copies it, MckIORestartRunFile) can then be checked to be done with the
 * file that was read. */
static PetscErrorCode MckIOOpenStable(MckIO io, char why[], size_t len)
{
  MckFileId before;
  PetscBool ok, changed;

  PetscFunctionBeginUser;
  ok = MckFileIdGet(io->path, -1, &before);
  PetscCall(MckIOOpenFile(io, io->path, H5F_ACC_RDONLY, why, len));
  PetscCheck(io->file >= 0, io->comm, PETSC_ERR_USER_INPUT, "%s %s: HDF5 cannot open the file: %s", io->option,
             io->path, why);
  PetscCallMPI(MPI_Barrier(io->comm));
  changed =
      (PetscBool)(!ok || !MckFileIdGet(io->path, -1, &io->opened) || memcmp(&before, &io->opened, sizeof(before)));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &changed, 1, MPIU_BOOL, MPI_LOR, io->comm));
  PetscCheck(!changed, io->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the file changed while it was being opened (replaced or written by another process); try again "
             "once nothing writes it",
             io->option, io->path);
  PetscFunctionReturn(0);
}

/* A checkpoint is verified in full before anything is read from it (verify.c): a damaged one
 * is refused in one line instead of failing -- or, worse, not failing -- later. So is a file
 * that HDF5 cannot even identify. */
/*@C
  MckIOOpenRead - Opens an HDF5 file for reading; a checkpoint is verified in full first.

  Collective

  Input Parameters:
+ io     - the handle, with no file open
. path   - the file
- option - the command-line option that named the path (e.g. "-restart"); errors quote it with the path

  Notes:
  A missing file (with a hint when only some job's file in progress exists), a special file, an
  unreadable file or one that is not HDF5 is a `PETSC_ERR_USER_INPUT` error. A McKean checkpoint,
  or a file whose superblock or root group HDF5 cannot read, is verified in full first (every
  object header, attribute and dataset is read, so checksums find any damage; a dataset written
  finite must still be finite), unless this process verified the unchanged file already; damage
  is refused in one line. Each rank keeps the identity of the file it opened (device, inode,
  size, modification and change times), which must be the same before and after every rank's
  open (a file replaced or written meanwhile is refused): `MckIORestartRunFile()` copies only
  that file.

  Level: intermediate

.seealso: `MckIOClose()`, `MckIOReadArray()`, `MckIOReadRows()`, `MckIORestartRunFile()`
@*/
PetscErrorCode MckIOOpenRead(MckIO io, const char path[], const char option[])
{
  char      why[512];
  PetscBool verify;

  PetscFunctionBeginUser;
  PetscCall(MckIOSetNames(io, path, option));
  PetscCall(MckIOCheckReadable(io->comm, io->path, io->option));
  PetscCall(MckIONeedsVerifying(io->comm, io->path, &verify));
  if (verify) PetscCall(MckIOVerifyOnce(io->comm, io->path, io->option));
  PetscCall(MckIOOpenStable(io, why, sizeof(why)));
  io->writing = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckIOGetFile - The HDF5 file identifier of an open handle, for HDF5 calls McKean does not wrap.

  Not Collective

  Input Parameter:
. io - the handle

  Output Parameter:
. file - the HDF5 file id (owned by io: do not close it)

  Notes:
  An error (`PETSC_ERR_ORDER`) if no file is open. HDF5 calls that change metadata must still be
  made by every rank of the handle.

  Level: advanced

.seealso: `MckIOOpenWrite()`, `MckIOOpenRead()`
@*/
PetscErrorCode MckIOGetFile(MckIO io, hid_t *file)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  *file = io->file;
  PetscFunctionReturn(0);
}

/*@C
  MckIOGetPath - The path of the handle's file: the final name, not the file in progress.

  Not Collective

  Input Parameter:
. io - the handle

  Output Parameter:
. path - the path (owned by io; empty if no file was ever opened)

  Level: intermediate

.seealso: `MckIOOpenWrite()`, `MckIOOpenRead()`
@*/
PetscErrorCode MckIOGetPath(MckIO io, const char **path)
{
  PetscFunctionBeginUser;
  *path = io->path;
  PetscFunctionReturn(0);
}

/* Close every object of the file that is still open (left behind by an error path), so that
 * H5Fclose() can release the file. */
static PetscErrorCode MckIOCloseObjects(MckIO io)
{
  const unsigned types = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE | H5F_OBJ_ATTR | H5F_OBJ_LOCAL;
  ssize_t        n;
  hid_t         *ids;

  PetscFunctionBeginUser;
  PetscCallHDF5(n = H5Fget_obj_count(io->file, types), "counting the open objects of %s", io->path);
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(n, &ids));
  PetscCallHDF5(n = H5Fget_obj_ids(io->file, types, (size_t)n, ids), "listing the open objects of %s", io->path);
  for (ssize_t i = 0; i < n; i++) {
    switch (H5Iget_type(ids[i])) {
    case H5I_DATASET: (void)H5Dclose(ids[i]); break;
    case H5I_GROUP: (void)H5Gclose(ids[i]); break;
    case H5I_DATATYPE: (void)H5Tclose(ids[i]); break;
    case H5I_ATTR: (void)H5Aclose(ids[i]); break;
    default: break;
    }
  }
  PetscCall(PetscFree(ids));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckIOCloseFile(MckIO io)
{
  herr_t err;

  PetscFunctionBeginUser;
  PetscCall(MckIOCloseObjects(io));
  err      = H5Fclose(io->file);
  io->file = H5I_INVALID_HID;
  PetscCallHDF5(err, "closing %s", io->writing ? io->partial : io->path);
  PetscFunctionReturn(0);
}

/*@C
  MckIOClose - Closes the handle's file; a written file is renamed from its file in progress to
  its final name.

  Collective

  Input Parameter:
. io - the handle, with a file open

  Notes:
  HDF5 objects left open (by an error path) are closed first. The rename happens after every
  rank has finished writing. If closing fails, the unfinished file is removed; a failed rename
  is a `PETSC_ERR_FILE_WRITE` error. The handle can then open another file.

  Level: intermediate

.seealso: `MckIOAbort()`, `MckIODestroy()`, `MckIOOpenWrite()`
@*/
PetscErrorCode MckIOClose(MckIO io)
{
  int            err     = 0;
  PetscBool      writing = io->writing;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_FALSE));
  if (writing) MckIOUnregister(io);
  io->writing = PETSC_FALSE;
  PetscCall(PetscLogEventBegin(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  ierr = MckIOCloseFile(io);
  if (ierr && writing && io->rank == 0) (void)unlink(io->partial); /* incomplete: remove it */
  PetscCall(ierr);
  PetscCall(PetscLogEventEnd(MCK_EVENT_IOWrite, 0, 0, 0, 0));
  if (!writing) PetscFunctionReturn(0);
  /* Every rank has finished writing before the file takes its final name; rank 0's status
   * broadcast then tells the others the rename has happened. */
  PetscCallMPI(MPI_Barrier(io->comm));
  if (io->rank == 0 && rename(io->partial, io->path) != 0) err = errno;
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, io->comm));
  PetscCheck(!err, io->comm, PETSC_ERR_FILE_WRITE, "%s %s: cannot rename the completed file %s to its final name: %s",
             io->option, io->path, io->partial, strerror(err));
  PetscFunctionReturn(0);
}

/* The partial file is unlinked before anything else: if closing fails (disk full while
 * flushing metadata, say) or never completes (the other ranks of a failed run are gone, and
 * the MPI launcher ends the job), nothing that could be mistaken for output remains. */
/*@C
  MckIOAbort - Closes the handle's file, and deletes it if it was being written.

  Collective

  Input Parameter:
. io - the handle (a handle with no file open is allowed)

  Notes:
  The file in progress is unlinked before HDF5 closes it, so that nothing that could be mistaken
  for output remains even if closing fails or never completes. A file open for reading is simply
  closed.

  Level: intermediate

.seealso: `MckIOClose()`, `MckIOAbortAll()`, `MckIODestroy()`
@*/
PetscErrorCode MckIOAbort(MckIO io)
{
  PetscBool writing = io->writing;

  PetscFunctionBeginUser;
  io->writing = PETSC_FALSE;
  if (writing) {
    MckIOUnregister(io);
    if (io->rank == 0) (void)unlink(io->partial);
  }
  if (io->file >= 0) PetscCall(MckIOCloseFile(io)); /* closed already while suspended */
  if (writing) PetscCallMPI(MPI_Barrier(io->comm)); /* no rank returns before the unlink */
  PetscFunctionReturn(0);
}

/* A file open for reading is simply closed; one being written is incomplete and removed. */
/*@C
  MckIODestroy - Destroys a handle; a file still being written is deleted (`MckIOAbort()`), one
  open for reading closed.

  Collective

  Input Parameter:
. io - the handle (set to NULL); a pointer to NULL is allowed

  Level: intermediate

.seealso: `MckIOCreate()`, `MckIOClose()`, `MckIOAbort()`
@*/
PetscErrorCode MckIODestroy(MckIO *io)
{
  PetscFunctionBeginUser;
  if (!*io) PetscFunctionReturn(0);
  PetscCall(MckIOAbort(*io));
  PetscCall(MckIOConfigForget(*io));
  PetscCall(PetscFree(*io));
  PetscFunctionReturn(0);
}

/*@C
  MckIOWithHandle - Creates a file handle, lends it to a function (which opens and reads a file
  with it), and destroys it afterwards: after an error too, when that error was raised on every rank.

  Collective

  Input Parameters:
+ comm - the ranks that use the file together
. use  - the function, called once with the new handle and ctx
- ctx  - the caller's context for use

  Notes:
  A refused input (`PETSC_ERR_USER_INPUT`, raised on every rank) leaves no file open, so a
  process that goes on after the refusal (the Python bindings') may open, replace or remove the
  file. An error of one rank alone leaves the handle: closing it is collective and could hang
  (see `McKeanErrorIsCollective()`). The error of use is returned.

  Level: developer

.seealso: `MckIOCreate()`, `MckIOOpenRead()`, `MckIODestroy()`, `McKeanErrorIsCollective()`
@*/
PetscErrorCode MckIOWithHandle(MPI_Comm comm, MckIOHandleFn use, void *ctx)
{
  MckIO          io;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(comm, &io));
  ierr = (*use)(io, ctx);
  if (McKeanErrorIsCollective(ierr)) PetscCall(MckIODestroy(&io));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* Best effort: a failure to remove one file does not keep the others. */
/*@C
  MckIOAbortAll - Aborts every handle still open for writing, deleting its file in progress.

  Collective on `PETSC_COMM_WORLD`

  Notes:
  `McKeanFinalize()` calls it (after an error too) and then releases the claims. Best effort: a
  failure to remove one file does not keep the others; the first error is returned. Every rank
  must call it, since closing a file is collective on the handle's communicator; a rank about to
  abort the job alone calls `MckIOUnlinkAll()` instead.

  Level: advanced

.seealso: `MckIOUnlinkAll()`, `MckIOAbort()`, `McKeanRegisterCleanup()`
@*/
PetscErrorCode MckIOAbortAll(void)
{
  PetscErrorCode first = 0;

  PetscFunctionBeginUser;
  while (mck_open_for_writing) {
    PetscErrorCode ierr = MckIOAbort(mck_open_for_writing);

    if (ierr && !first) first = ierr;
  }
  PetscCall(first);
  PetscFunctionReturn(0);
}

/* The file stays registered while suspended: if the run fails before MckIOResume(), the
 * partial file is still removed. The barrier makes every rank's data part of the file on disk
 * before anyone reads it as a whole. */
PetscErrorCode MckIOSuspend(MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOCheckOpen(io, PETSC_TRUE));
  PetscCall(MckIOCloseFile(io));
  PetscCallMPI(MPI_Barrier(io->comm));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOResume(MckIO io)
{
  PetscFunctionBeginUser;
  PetscCheck(io->writing && io->file < 0, io->comm, PETSC_ERR_ORDER, "MckIO: %s is not suspended", io->path);
  PetscCall(MckIOOpenPartial(io));
  PetscFunctionReturn(0);
}
