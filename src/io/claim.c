/* Claims on output paths: nothing a run writes may cost the user data.
 *
 * Before a run writes <path> (as -output, -checkpoint or an XDMF sidecar) it claims the path,
 * collectively; rank 0 of the communicator decides, in this order:
 *  1. the directory exists, and no other output of this run names the same file;
 *  2. an existing <path> is not a file the run reads (reads.c: options files, -restart, data
 *     files), and is an earlier McKean file of the same kind (kind.c) -- or empty. Replacing
 *     one is said in one line when the run first writes the path; anything else is refused,
 *     naming the option and the path;
 *  3. the path is locked for the run's lifetime (lock.c): a second job writing the same path
 *     is refused, naming the first; the lock of a job that is gone is taken over (one line).
 * A claim also fixes the name of the file in progress, unique to the job (lock.c), through
 * which every write of the path goes.
 *
 * The run driver claims its outputs right after reading its options, before any set-up work
 * (MckRunSetFromOptions, with MckRunSetSidecar for the XDMF sidecar), so every refusal comes before anything is computed; MckIOOpenWrite,
 * MckIOCheckpointBegin, MckIORestartRunFile and MckIOWriteXDMF claim their path themselves if
 * it is not claimed yet, so they are safe on their own.
 *
 * Claims end with the run: McKeanFinalize removes the locks (and any file in progress left by
 * an error). A rank about to abort the job removes the files in progress and the locks it
 * knows of (MckIOUnlinkAll); a job killed outright (SIGKILL, node failure) leaves a stale lock,
 * which the next job writing the path takes over, removing the dead job's file in progress. */
#include "iohelpers.h"
#include <errno.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A final path however spelt: its directory's device and inode, and its base name. */
typedef struct {
  dev_t dev;
  ino_t ino;
  char  base[256];
} MckPathId;

typedef struct _n_MckClaim *MckClaim;
struct _n_MckClaim {
  char          path[PETSC_MAX_PATH_LEN];
  char          partial[PETSC_MAX_PATH_LEN];
  char          lock[PETSC_MAX_PATH_LEN];
  char          option[64];
  MckIOFileKind kind;
  MckPathId     id;
  PetscBool     root;                      /* rank 0 of the claiming communicator: the lock is its */
  char          owner[MCK_LOCK_OWNER_MAX]; /* the lock's lines naming rank 0's process (MckIOLockOwner) */
  char          replaces[1024]; /* "exists ...; this run replaces it", said when the run first writes the path */
  MckClaim      next;
};

/* Every path this process has claimed, newest first. */
static MckClaim mck_claims = NULL;

/* What rank 0 decided, broadcast to the others. */
typedef struct {
  int       status; /* 0: claimed now, 1: claimed already, 2: refused */
  MckPathId id;
  char      path[PETSC_MAX_PATH_LEN];
  char      partial[PETSC_MAX_PATH_LEN];
  char      lock[PETSC_MAX_PATH_LEN];
  char      owner[MCK_LOCK_OWNER_MAX]; /* rank 0's identity, as its lock holds it */
  char      message[2048];             /* the refusal, or the lock's take-over to print */
  char      replaces[1024];            /* an existing file the run will replace */
} MckClaimOutcome;

enum { MCK_CLAIM_NEW = 0, MCK_CLAIM_ALREADY = 1, MCK_CLAIM_REFUSED = 2 };

/* The final path's identity; an errno if its directory cannot be examined, with dir its name. */
static int MckPathIdGet(const char path[], MckPathId *id, char dir[], size_t len)
{
  char        copy[PETSC_MAX_PATH_LEN];
  struct stat st;

  memset(id, 0, sizeof(*id));
  (void)snprintf(copy, sizeof(copy), "%s", path);
  (void)snprintf(dir, len, "%s", dirname(copy));
  (void)snprintf(copy, sizeof(copy), "%s", path);
  (void)snprintf(id->base, sizeof(id->base), "%s", basename(copy));
  if (stat(dir, &st) != 0) return errno;
  if (!S_ISDIR(st.st_mode)) return ENOTDIR;
  id->dev = st.st_dev;
  id->ino = st.st_ino;
  return 0;
}

static MckClaim MckClaimFind(const MckPathId *id)
{
  for (MckClaim c = mck_claims; c; c = c->next)
    if (c->id.dev == id->dev && c->id.ino == id->ino && !strcmp(c->id.base, id->base)) return c;
  return NULL;
}

static MckClaim MckClaimFindPath(const char path[])
{
  for (MckClaim c = mck_claims; c; c = c->next)
    if (!strcmp(c->path, path)) return c;
  return NULL;
}

/* Step 2: may an existing file at path be replaced by this output? The refusal goes to o->message
 * (status REFUSED); a replacement is said in note. */
static PetscErrorCode MckClaimCheckExisting(const char path[], const char option[], MckIOFileKind kind,
                                            const char extra_read[], const char extra_option[], MckClaimOutcome *o,
                                            char note[], size_t len)
{
  MckExisting e;
  PetscBool   read = PETSC_FALSE;
  char        by[PETSC_MAX_PATH_LEN + 64];

  PetscFunctionBeginUser;
  MckIOProbeExisting(path, &e);
  switch (e.what) {
  case MCK_EXISTING_NONE: PetscFunctionReturn(0);
  case MCK_EXISTING_DIRECTORY:
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: is a directory; give a file name such as %s/run.h5",
                            option, path, path));
    PetscFunctionReturn(0);
  case MCK_EXISTING_NOT_REGULAR:
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: is %s; choose another name", option, path, e.desc));
    PetscFunctionReturn(0);
  default: break;
  }
  if (extra_read && extra_read[0]) {
    PetscCall(MckIOSameFile(path, extra_read, &read));
    if (read) PetscCall(PetscStrncpy(by, extra_option, sizeof(by)));
  }
  if (!read)
    PetscCall(MckIOFindReadFile(path, option, (PetscBool)(kind == MCKIO_CHECKPOINT_FILE), by, sizeof(by), &read));
  if (read) {
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: is the file read by %s; choose another name",
                            option, path, by));
  } else if (e.what == MCK_EXISTING_FOREIGN || e.what == MCK_EXISTING_DAMAGED) {
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(
        o->message, sizeof(o->message),
        "%s %s: exists and is %s; McKean replaces only a %s it wrote: choose another name, or remove the file", option,
        path, e.desc, MckIOFileKindNoun(kind)));
  } else if (e.what == MCK_EXISTING_MCKEAN && e.kind != kind) {
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: is %s, not a %s; choose another name", option, path,
                            e.desc, MckIOFileKindNoun(kind)));
  } else PetscCall(PetscSNPrintf(note, len, "%s %s: exists (%s); this run replaces it", option, path, e.desc));
  PetscFunctionReturn(0);
}

/* Step 3: the lock; a refusal goes to o->message, a take-over is said in note. */
static PetscErrorCode MckClaimLock(const char path[], const char option[], const char dir[], MckClaimOutcome *o,
                                   char note[], size_t len)
{
  MckLockResult r;
  char          holder[1024];

  PetscFunctionBeginUser;
  PetscCall(MckIOLockAcquire(o->lock, path, o->partial, &r));
  MckIOLockDescribeHolder(&r.holder, holder, sizeof(holder));
  switch (r.status) {
  case MCK_LOCK_TAKEN:
  case MCK_LOCK_OURS: break;
  case MCK_LOCK_TAKEN_OVER:
    PetscCall(PetscSNPrintf(note, len, "%s %s: took over the lock of a job that is gone (%s: %s)%s%s", option, path,
                            holder, r.gone, r.removed_partial ? "; removed its unfinished " : "",
                            r.removed_partial ? r.holder.partial : ""));
    break;
  case MCK_LOCK_BUSY:
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(
        o->message, sizeof(o->message),
        "%s %s: is being written by another job (%s); choose another name, or remove %s if that job is no longer running",
        option, path, holder, o->lock));
    break;
  case MCK_LOCK_FOREIGN:
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message),
                            "%s %s: %s exists but is not a McKean lock file; remove it if no job is writing %s", option,
                            path, o->lock, path));
    break;
  default:
    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: cannot create files in the directory %s (%s)",
                            option, path, dir, strerror(r.err)));
    break;
  }
  PetscFunctionReturn(0);
}

/* Rank 0's decision (steps 1-3). */
static PetscErrorCode MckClaimDecide(const char path[], const char option[], MckIOFileKind kind,
                                     const char extra_read[], const char extra_option[], MckClaimOutcome *o)
{
  char     dir[PETSC_MAX_PATH_LEN];
  size_t   len;
  int      err;
  MckClaim c;

  PetscFunctionBeginUser;
  o->status = MCK_CLAIM_REFUSED;
  if (!path || !path[0]) {
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s: no file name given", option));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscStrlen(path, &len));
  if (len + 512 >= PETSC_MAX_PATH_LEN) {
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: the path is too long (at most %d characters)",
                            option, path, PETSC_MAX_PATH_LEN - 512));
    PetscFunctionReturn(0);
  }
  if ((err = MckPathIdGet(path, &o->id, dir, sizeof(dir)))) {
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: cannot create the file: %s %s", option, path, dir,
                            err == ENOENT    ? "does not exist"
                            : err == ENOTDIR ? "is not a directory"
                                             : strerror(err)));
    PetscFunctionReturn(0);
  }
  if ((c = MckClaimFind(&o->id))) {
    if (c->kind == kind && !strcmp(c->option, option)) {
      o->status = MCK_CLAIM_ALREADY;
      PetscCall(PetscStrncpy(o->path, c->path, sizeof(o->path)));
    } else
      PetscCall(PetscSNPrintf(o->message, sizeof(o->message), "%s %s: is also the %s of %s %s; choose another name",
                              option, path, MckIOFileKindNoun(c->kind), c->option, c->path));
    PetscFunctionReturn(0);
  }
  o->status = MCK_CLAIM_NEW;
  PetscCall(PetscStrncpy(o->path, path, sizeof(o->path)));
  PetscCall(PetscSNPrintf(o->lock, sizeof(o->lock), "%s.lock", path));
  PetscCall(MckIOPartialName(path, o->partial, sizeof(o->partial)));
  if (kind != MCKIO_XDMF_FILE && strlen(o->partial) > MCK_MPIIO_NAME_MAX) {
    const int added = (int)(strlen(o->partial) - len); /* the file in progress's suffix */

    o->status = MCK_CLAIM_REFUSED;
    PetscCall(PetscSNPrintf(o->message, sizeof(o->message),
                            "%s %s: the path is too long for MPI-IO (%d characters; at most %d here, since the file in "
                            "progress adds %d): give a shorter path, relative to the working directory for instance",
                            option, path, (int)len, MCK_MPIIO_NAME_MAX - added, added));
    PetscFunctionReturn(0);
  }
  PetscCall(MckClaimCheckExisting(path, option, kind, extra_read, extra_option, o, o->replaces, sizeof(o->replaces)));
  if (o->status == MCK_CLAIM_REFUSED) PetscFunctionReturn(0);
  PetscCall(MckClaimLock(path, option, dir, o, o->message, sizeof(o->message)));
  MckIOLockOwner(o->owner, sizeof(o->owner));
  PetscFunctionReturn(0);
}

/* Print each line of notes, prefixed with the program's name, from rank 0. */
static PetscErrorCode MckClaimSay(MPI_Comm comm, const char notes[])
{
  MckJob      me;
  const char *line = notes;

  PetscFunctionBeginUser;
  MckIOJobSelf(&me);
  while (line && *line) {
    const char *end = strchr(line, '\n');
    int         n   = end ? (int)(end - line) : (int)strlen(line);

    PetscCall(PetscPrintf(comm, "%s: %.*s\n", me.program, n, line));
    line = end ? end + 1 : NULL;
  }
  PetscFunctionReturn(0);
}

/* A claim made in advance keeps the note that an existing file is replaced until the run first writes
 * the path (a later claim by the writer): a run refused in between, by an option checked after the
 * claims, leaves the file as it was and must not have said otherwise. */
static PetscErrorCode MckClaim_Private(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind,
                                       const char extra_read[], const char extra_option[], PetscBool writing,
                                       const char **partial)
{
  MckClaimOutcome *o;
  PetscMPIInt      rank;
  MckClaim         c;

  PetscFunctionBeginUser;
  PetscCall(MckIOInitializePackage());
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscNew(&o));
  if (rank == 0) PetscCall(MckClaimDecide(path, option, kind, extra_read, extra_option, o));
  PetscCallMPI(MPI_Bcast(o, (PetscMPIInt)sizeof(*o), MPI_BYTE, 0, comm));
  if (o->status == MCK_CLAIM_REFUSED) {
    char message[sizeof(o->message)];

    PetscCall(PetscStrncpy(message, o->message, sizeof(message)));
    PetscCall(PetscFree(o));
    SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s", message);
  }
  if (o->status == MCK_CLAIM_ALREADY) {
    c = MckClaimFindPath(o->path);
    PetscCheck(c, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s %s: claimed on rank 0 of the communicator but not on this rank",
               option, path);
  } else {
    PetscCall(PetscNew(&c));
    PetscCall(PetscStrncpy(c->path, o->path, sizeof(c->path)));
    PetscCall(PetscStrncpy(c->partial, o->partial, sizeof(c->partial)));
    PetscCall(PetscStrncpy(c->lock, o->lock, sizeof(c->lock)));
    PetscCall(PetscStrncpy(c->owner, o->owner, sizeof(c->owner)));
    PetscCall(PetscStrncpy(c->option, option, sizeof(c->option)));
    c->kind    = kind;
    c->id      = o->id;
    c->root    = (PetscBool)(rank == 0);
    c->next    = mck_claims;
    mck_claims = c;
    PetscCall(PetscStrncpy(c->replaces, o->replaces, sizeof(c->replaces)));
    PetscCall(MckClaimSay(comm, o->message));
  }
  if (writing && c->replaces[0]) {
    PetscCall(MckClaimSay(comm, c->replaces));
    c->replaces[0] = 0;
  }
  if (partial) *partial = c->partial;
  PetscCall(PetscFree(o));
  PetscFunctionReturn(0);
}

PetscErrorCode MckIOClaimPath(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind,
                              const char extra_read[], const char extra_option[], const char **partial)
{
  PetscFunctionBeginUser;
  PetscCall(MckClaim_Private(comm, path, option, kind, extra_read, extra_option, PETSC_TRUE, partial));
  PetscFunctionReturn(0);
}

/*@C
  MckIOClaimOutput - Claims an output path for this run: refuses a path that would cost the user
  data, locks it for the run's lifetime and fixes the name of its file in progress.

  Collective

  Input Parameters:
+ comm   - the communicator of the ranks that will write the file
. path   - the output path
. option - the option that named it (quoted in every message, e.g. "-output")
- kind   - MCKIO_RUN_FILE, MCKIO_CHECKPOINT_FILE or MCKIO_XDMF_FILE

  Notes:
  Refused, each as one PETSC_ERR_USER_INPUT line naming the option and the path: a missing
  directory; a directory or special file; a file the run reads (an options file, the -restart
  checkpoint, a data file named by any option: "-output deck.yaml: is the file read by
  -options_file_yaml; choose another name"); an existing file that is not an earlier McKean file
  of the same kind; the path of another output of this run; a path locked by another job that
  is still running (the message names that job and the lock file); a run file or checkpoint whose
  file in progress would be longer than MCK_MPIIO_NAME_MAX (235) characters, which Open MPI's
  MPI-IO cannot open for writing. A -checkpoint may name the
  -restart checkpoint: the run continues it. Taking over the lock of a job that is gone is said in
  one line by rank 0 at once; replacing an earlier McKean file of the same kind is said in one line
  when the run first writes the path (`MckIOOpenWrite()`, `MckIOCheckpointBegin()`,
  `MckIOWriteXDMF()`), so a run refused before that does not say it, and leaves the file intact.

  Claiming a path twice (same option and kind) does nothing the second time. Claims are released
  by McKeanFinalize().

  Level: intermediate

.seealso: `MckRunSetFromOptions()`, `MckIOOpenWrite()`, `MckIOUnlinkAll()`
@*/
PetscErrorCode MckIOClaimOutput(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind)
{
  PetscFunctionBeginUser;
  PetscCall(MckClaim_Private(comm, path, option, kind, NULL, NULL, PETSC_FALSE, NULL));
  PetscFunctionReturn(0);
}

/* Not collective: the rank that holds a lock removes it (if it is still its own), and any
 * file in progress an error left. */
PetscErrorCode MckIOReleaseClaims(void)
{
  PetscFunctionBeginUser;
  while (mck_claims) {
    MckClaim c = mck_claims;

    mck_claims = c->next;
    if (c->root) {
      (void)unlink(c->partial);
      MckIOLockRelease(c->lock, c->owner);
    }
    PetscCall(PetscFree(c));
  }
  PetscFunctionReturn(0);
}

/* unlink(2) of names recorded in advance, and a lock only if it is still this run's
 * (MckIOLockRelease, as the normal release): safe in a signal handler and before MPI_Abort. Any
 * rank of the claim removes the lock, not only the rank that took it: a rank that fails alone
 * aborts the job while rank 0 waits in a collective, where a run's time loop only records the
 * abort's SIGTERM (src/run/signals.c) and SIGKILL then ends it with no chance to clean up. */
void MckIOUnlinkClaims(void)
{
  for (MckClaim c = mck_claims; c; c = c->next) {
    (void)unlink(c->partial);
    MckIOLockRelease(c->lock, c->owner);
  }
}
