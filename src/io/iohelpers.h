/* Private to the io layer: the MckIO object and the helpers its files share. */
#pragma once
#include <mckean/mckio.h>
#include <sys/stat.h>
#include <time.h>

/* Which file, as it stands: device, inode, size, modification and change times (rank-local; the
 * device is that of this node's mount). A file replaced by a rename, or written in place, no
 * longer has the identity it had. */
typedef struct {
  dev_t           dev;
  ino_t           ino;
  off_t           size;
  struct timespec mtime, ctime;
} MckFileId;

struct _p_MckIO {
  MPI_Comm      comm;
  PetscMPIInt   rank;
  hid_t         file;    /* H5I_INVALID_HID when closed */
  PetscBool     writing; /* open for writing: the file on disk is partial[] until MckIOClose() */
  MckIOFileKind kind;    /* of a file being written (kind.c) */
  char          path[PETSC_MAX_PATH_LEN];
  char          partial[PETSC_MAX_PATH_LEN];      /* the file in progress, named by the claim (claim.c) */
  char          option[64];                       /* the option that named the path, quoted in error messages */
  char          config_group[PETSC_MAX_PATH_LEN]; /* where MckIOConfig* record settings */
  MckFileId     opened;                           /* of the file MckIOOpenRead opened, on this rank */
  char        **config_checked;                   /* "<group>/<option>" of every setting compared (config.c) */
  PetscInt      nconfig_checked, mconfig_checked;
  MckIO         next; /* registry of files open for writing (file.c) */
};

/* Attributes: the kind of a file and the program that wrote it on "/" (kind.c); on a dataset of
 * a checkpoint, 1 when it was written with finite values only (arrays.c, verify.c). */
#define MCK_KIND_ATTRIBUTE    "mckean_file"
#define MCK_PROGRAM_ATTRIBUTE "mckean_program"
#define MCK_FINITE_ATTRIBUTE  "mckean_finite"

/* HDF5 settings and the clean-up hooks (McKeanRegisterCleanup); called by every entry point
 * that may come first (MckIOCreate, the claims). */
PETSC_INTERN PetscErrorCode MckIOInitializePackage(void);
/* SIGINT, SIGTERM and SIGHUP left at their default action remove this process's files in progress and
 * locks before they end it (interrupt.c); once per process. */
PETSC_INTERN PetscErrorCode MckIOInstallSignalHandlers(void);

/* Describe the innermost entry of HDF5's error stack (the most specific reason) in msg. */
PETSC_INTERN void MckHDF5ErrorString(char msg[], size_t len);

/* Convert an HDF5 failure (any negative return: herr_t, hid_t, htri_t) into a PETSc error
 * whose message says what was being done and why HDF5 refused. Usage:
 *   PetscCallHDF5(dset = H5Dopen2(...), "opening dataset %s", name);
 * HDF5's own error printing is switched off (MckIOCreate), so this is the only report. */
#define PetscCallHDF5(expr, ...)                                                                \
  do {                                                                                          \
    if ((expr) < 0) {                                                                           \
      char mck_what_[512], mck_why_[512];                                                       \
      (void)PetscSNPrintf(mck_what_, sizeof(mck_what_), __VA_ARGS__);                           \
      MckHDF5ErrorString(mck_why_, sizeof(mck_why_));                                           \
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_LIB, "HDF5 failed while %s: %s", mck_what_, mck_why_); \
    }                                                                                           \
  } while (0)

/* The file must be open (and, for writes, open for writing). */
PETSC_INTERN PetscErrorCode MckIOCheckOpen(MckIO io, PetscBool forwrite);

/* Property lists with McKean's settings: no timestamps (datasets and groups must be a pure
 * function of the options and the seed), no fill pass over freshly allocated space. */
PETSC_INTERN PetscErrorCode MckIOGroupCreatePlist(hid_t *gcpl);
/* Every dataset with elements is chunked (chunk, or by default slabs of about 1 MiB along the
 * slowest dimensions) and carries a Fletcher32 checksum of each chunk. */
PETSC_INTERN PetscErrorCode MckIODatasetCreatePlist(PetscInt ndims, const hsize_t dims[], const hsize_t maxdims[],
                                                    const hsize_t chunk[], size_t typesize, hid_t *dcpl);
PETSC_INTERN PetscErrorCode MckIOCollectiveTransfer(hid_t *dxpl);

/* Create every missing group on the way to obj (obj itself included when last is true). */
PETSC_INTERN PetscErrorCode MckIOEnsureGroups(MckIO io, const char obj[], PetscBool last);
/* Whether a path names an existing object (false when any intermediate link is missing). */
PETSC_INTERN PetscErrorCode MckIOPathExists(MckIO io, const char obj[], PetscBool *exists);

/* Open dset for writing with the given type and shape, creating it (and its groups) when
 * missing; maxdims/chunk may be NULL for a fixed-size contiguous dataset. An existing dataset
 * of another shape is an error. */
PETSC_INTERN PetscErrorCode MckIODatasetCreateOrOpen(MckIO io, const char dset[], hid_t type, PetscInt ndims,
                                                     const hsize_t dims[], const hsize_t maxdims[],
                                                     const hsize_t chunk[], hid_t *d);
/* Open an existing dataset for reading; a missing one is PETSC_ERR_USER_INPUT naming the option and the file
 * (every file McKean reads was named by the user: a file without what a reader needs is bad input). */
PETSC_INTERN PetscErrorCode MckIODatasetOpen(MckIO io, const char dset[], hid_t *d);
/* Shape of an open dataset (at most maxdims dimensions). */
PETSC_INTERN PetscErrorCode MckIODatasetGetShape(MckIO io, hid_t d, const char dset[], PetscInt maxdims,
                                                 PetscInt *ndims, hsize_t dims[]);

/* Replicated data: every rank calls (HDF5 metadata is collective), rank 0 moves the bytes of
 * the hyperslab [start, start+count) of d. Reads are broadcast, so all ranks end up with it. */
PETSC_INTERN PetscErrorCode MckIOWriteReplicated(MckIO io, hid_t d, hid_t memtype, PetscInt ndims,
                                                 const hsize_t start[], const hsize_t count[], const void *buf);
PETSC_INTERN PetscErrorCode MckIOReadReplicated(MckIO io, hid_t d, hid_t memtype, MPI_Datatype mpitype, PetscInt ndims,
                                                const hsize_t start[], const hsize_t count[], void *buf);

/* Broadcast count items from rank 0, in pieces small enough for MPI's int counts. */
PETSC_INTERN PetscErrorCode MckIOBcastLarge(void *buf, size_t count, MPI_Datatype type, size_t typesize, MPI_Comm comm);

/* Read a string attribute of any length into newly allocated memory (PetscFree); *value is
 * NULL and *found false when obj or the attribute is absent. */
PETSC_INTERN PetscErrorCode MckIOReadAttributeStringAlloc(MckIO io, const char obj[], const char name[], char **value,
                                                          PetscBool *found);

/* UTC in ISO 8601 (attributes.c). */
PETSC_INTERN void MckIODateString(char buf[], size_t len);

/* Forget the settings MckIOConfigCheck compared (config.c). */
PETSC_INTERN PetscErrorCode MckIOConfigForget(MckIO io);

/* ---- file states (file.c), used by checkpoint.c ----------------------------------------- */
/* Record path and the option naming it; the object must be closed. */
PETSC_INTERN PetscErrorCode MckIOSetNames(MckIO io, const char path[], const char option[]);
/* Claim io->path (claim.c) as a file of the given kind -- extra_read, if given, is a file the
 * caller reads, named by extra_option -- and take the name of its file in progress. */
PETSC_INTERN PetscErrorCode MckIOClaimForWriting(MckIO io, MckIOFileKind kind, const char extra_read[],
                                                 const char extra_option[]);
/* Rank 0 creates an empty io->partial; a user error naming the option if it cannot. */
PETSC_INTERN PetscErrorCode MckIOCreatePartial(MckIO io);
/* A user error naming the option unless path is a readable HDF5 file (decided on rank 0). */
PETSC_INTERN PetscErrorCode MckIOCheckReadable(MPI_Comm comm, const char path[], const char option[]);
/* Open the existing io->partial for writing and register it for MckIOAbortAll(). */
PETSC_INTERN PetscErrorCode MckIOOpenPartial(MckIO io);
/* Close a file being written without finishing it (it stays registered and partial), so that
 * it can be read as a whole on disk; MckIOResume() reopens it. */
PETSC_INTERN PetscErrorCode MckIOSuspend(MckIO io);
PETSC_INTERN PetscErrorCode MckIOResume(MckIO io);

/* The longest name of a file McKean writes through MPI-IO (a file in progress). Open MPI's ompio
 * (4.1) tests file locking when it opens a file for writing by formatting "<name>.locktest.<rank>"
 * into a 256-byte buffer: a longer name overflows it and the process aborts ("buffer overflow
 * detected"), leaving the claim's lock and file in progress behind (files opened for reading
 * are not tested, and take any name). 255 - strlen(".locktest.") - 10 digits of any rank: the
 * same limit on every rank count. */
#define MCK_MPIIO_NAME_MAX 235

/* ---- claims on output paths (claim.c) ------------------------------------------------------ */
/* Claim path collectively for writing it now (see MckIOClaimOutput; says that an existing file is
 * replaced); *partial (may be NULL) receives the name of its file in progress, valid until the
 * claims are released. */
PETSC_INTERN PetscErrorCode MckIOClaimPath(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind,
                                           const char extra_read[], const char extra_option[], const char **partial);
/* Not collective: remove this process's locks and leftover files in progress; forget the claims. */
PETSC_INTERN PetscErrorCode MckIOReleaseClaims(void);
/* Async-signal-safe: the files in progress of every claim this process knows of, and their locks
 * that are still the run's (MckIOLockRelease), on any rank of the claim. */
PETSC_INTERN void MckIOUnlinkClaims(void);

/* ---- jobs, locks and files in progress (lock.c); rank-local ------------------------------- */
typedef struct {
  char               host[256];
  long               pid;
  unsigned long long start; /* process start in clock ticks after boot; 0 if unknown */
  char               boot[64];
  char               slurm_job[64];
  long               slurm_restart;
  char               program[256];
  char               partial[PETSC_MAX_PATH_LEN]; /* a lock's file in progress */
  char               created[64];                 /* a lock's date */
} MckJob;
typedef enum {
  MCK_LOCK_TAKEN,
  MCK_LOCK_TAKEN_OVER,
  MCK_LOCK_OURS,
  MCK_LOCK_BUSY,
  MCK_LOCK_FOREIGN,
  MCK_LOCK_ERROR
} MckLockStatus;
typedef struct {
  MckLockStatus status;
  int           err;             /* MCK_LOCK_ERROR: the errno */
  MckJob        holder;          /* MCK_LOCK_BUSY, MCK_LOCK_TAKEN_OVER: who holds (held) the lock */
  char          gone[256];       /* MCK_LOCK_TAKEN_OVER: how the holder is known to be gone */
  PetscBool     removed_partial; /* MCK_LOCK_TAKEN_OVER: its file in progress was removed */
} MckLockResult;
/* This process: host, pid, start time, boot id, SLURM job and restart count, program name. */
PETSC_INTERN void MckIOJobSelf(MckJob *job);
/* "<path>.partial-<host>-<pid>[-slurm<job>]". */
PETSC_INTERN PetscErrorCode MckIOPartialName(const char path[], char partial[], size_t len);
PETSC_INTERN PetscErrorCode MckIOLockAcquire(const char lock[], const char path[], const char partial[],
                                             MckLockResult *res);
/* The lines of a lock that name this process (host, pid, start time, boot id), as it writes them. */
#define MCK_LOCK_OWNER_MAX 512
PETSC_INTERN void MckIOLockOwner(char owner[], size_t len);
/* Remove lock if it still names owner (MckIOLockOwner of the process that took it); async-signal-safe. */
PETSC_INTERN void MckIOLockRelease(const char lock[], const char owner[]);
PETSC_INTERN void MckIOLockDescribeHolder(const MckJob *holder, char buf[], size_t len);

/* ---- the files a run reads (reads.c); rank-local ------------------------------------------ */
/* Whether the existing file path is read by this run (an options file, or the value of an
 * option other than self, -output and -checkpoint; -restart only unless allow_restart); by
 * receives how it is read, e.g. "-options_file_yaml". */
PETSC_INTERN PetscErrorCode MckIOFindReadFile(const char path[], const char self[], PetscBool allow_restart, char by[],
                                              size_t len, PetscBool *found);
/* Whether a and b both exist and are the same file (device and inode). */
PETSC_INTERN PetscErrorCode MckIOSameFile(const char a[], const char b[], PetscBool *same);

/* ---- file kinds (kind.c) ------------------------------------------------------------------ */
/* Record the kind of the file being written (attributes of "/"). Collective. */
PETSC_INTERN PetscErrorCode MckIOWriteFileKind(MckIO io, MckIOFileKind kind);
PETSC_INTERN const char    *MckIOFileKindNoun(MckIOFileKind kind);
typedef enum {
  MCK_EXISTING_NONE,
  MCK_EXISTING_DIRECTORY,
  MCK_EXISTING_NOT_REGULAR,
  MCK_EXISTING_EMPTY,
  MCK_EXISTING_MCKEAN,
  MCK_EXISTING_FOREIGN,
  MCK_EXISTING_DAMAGED
} MckExistingWhat;
typedef struct {
  MckExistingWhat what;
  MckIOFileKind   kind;      /* MCK_EXISTING_MCKEAN */
  char            desc[512]; /* "a mckean-langevin run file of 2025-...", "an HDF5 file not written by McKean" */
  /* MCK_EXISTING_DAMAGED: an HDF5 file whose superblock or root group HDF5 cannot read */
} MckExisting;
/* What an existing path holds (rank-local). */
PETSC_INTERN void MckIOProbeExisting(const char path[], MckExisting *e);

/* ---- verification (verify.c) --------------------------------------------------------------- */
/* Read everything in the file at path (checksums, finite state); a user error naming the option
 * and what is damaged. Collective. */
PETSC_INTERN PetscErrorCode MckIOVerifyFile(MPI_Comm comm, const char path[], const char option[]);
/* The same, unless this process has verified the file as it stands already. Collective. */
PETSC_INTERN PetscErrorCode MckIOVerifyOnce(MPI_Comm comm, const char path[], const char option[]);
/* The identity of path (fd < 0) or of the open file fd; false if it cannot be taken. */
PETSC_INTERN PetscBool MckFileIdGet(const char path[], int fd, MckFileId *id);
