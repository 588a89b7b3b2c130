/* MckIO: one HDF5 file opened collectively with MPI-IO (parallel HDF5).
 *
 * Outputs are claimed before they are written (MckIOClaimOutput): a path is never a file the
 * run reads, nor an existing file other than an earlier McKean file of the same kind, and it is
 * locked ("<path>.lock") for the run's lifetime against other jobs. Written files are atomic:
 * MckIOOpenWrite() creates the file in progress "<path>.partial-<host>-<pid>[-slurm<job>]",
 * unique to the job; MckIOClose() closes it and renames it to <path>. A file that is destroyed
 * without MckIOClose(), or that is still open when McKeanFinalize() runs after an error, is
 * removed, and so is everything a rank was writing when it aborts the job (MckIOUnlinkAll): a
 * crash or a user error never leaves a file that looks whole.
 *
 * Every dataset is chunked with a Fletcher32 checksum, and the 1.10 file format checksums all
 * metadata: a checkpoint is read in full before a restart uses it (MckIOOpenRead), and any
 * damage is refused in one line.
 *
 * Layout conventions (DESIGN.md §3): groups per layer (/particles, /timeseries, ...), run
 * attributes on "/", machine-dependent data in attributes or under /perf only. Dataset paths
 * may name groups that do not exist yet; they are created. */
#pragma once
#include <mckean/mckean.h>
#include <hdf5.h>

typedef struct _p_MckIO *MckIO;

/* What a file McKean writes is, recorded in it (attribute "mckean_file" of "/" for HDF5 files):
 * an output replaces only an earlier McKean file of the same kind. */
typedef enum {
  MCKIO_RUN_FILE,        /* -output */
  MCKIO_CHECKPOINT_FILE, /* -checkpoint */
  MCKIO_XDMF_FILE        /* the XDMF sidecar of a run file (MckIOWriteXDMF) */
} MckIOFileKind;

/* Claim outputs before any work (see the manual pages in src/io/claim.c). Collective. */
PETSC_EXTERN PetscErrorCode MckIOClaimOutput(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind);
/* Remove every file this process is writing (files in progress and locks); only unlink(2), for
 * signal handlers and aborting ranks. Not collective. */
PETSC_EXTERN void MckIOUnlinkAll(void);

PETSC_EXTERN PetscErrorCode MckIOCreate(MPI_Comm comm, MckIO *io);
/* option is the command-line option that named the path; errors quote it with the path. */
PETSC_EXTERN PetscErrorCode MckIOOpenWrite(MckIO io, const char path[], const char option[]);
PETSC_EXTERN PetscErrorCode MckIOOpenRead(MckIO io, const char path[], const char option[]);
PETSC_EXTERN PetscErrorCode MckIOGetFile(MckIO io, hid_t *file);
PETSC_EXTERN PetscErrorCode MckIOGetPath(MckIO io, const char **path);
/* Close; a written file is renamed from .partial to its final name. Collective. */
PETSC_EXTERN PetscErrorCode MckIOClose(MckIO io);
/* Close and delete a file being written. Collective. */
PETSC_EXTERN PetscErrorCode MckIOAbort(MckIO io);
PETSC_EXTERN PetscErrorCode MckIODestroy(MckIO *io);
/* A function lent a fresh handle by MckIOWithHandle; ctx is the caller's. */
typedef PetscErrorCode (*MckIOHandleFn)(MckIO io, void *ctx);
PETSC_EXTERN PetscErrorCode MckIOWithHandle(MPI_Comm comm, MckIOHandleFn use, void *ctx);
/* Abort every MckIO still open for writing (McKeanFinalize calls it, after an error too, and then
 * releases the claims). Collective. */
PETSC_EXTERN PetscErrorCode MckIOAbortAll(void);

/* Run attributes on "/": mckean_version, options (the whole options database as one string),
 * nranks, seed, and the creation date (machine-dependent, hence an attribute). (mckean_file and
 * mckean_program, the file's kind and the app, are written when the file is created.) */
PETSC_EXTERN PetscErrorCode MckIOWriteRunAttributes(MckIO io, PetscInt seed);
/* Refuse a file another program wrote (its mckean_program), naming both. Collective. */
PETSC_EXTERN PetscErrorCode MckIOCheckProgram(MckIO io);

/* Attributes on an object (group or dataset path, created as a group if missing). */
PETSC_EXTERN PetscErrorCode MckIOWriteAttributeString(MckIO io, const char obj[], const char name[],
                                                      const char value[]);
PETSC_EXTERN PetscErrorCode MckIOWriteAttributeReal(MckIO io, const char obj[], const char name[], PetscReal value);
PETSC_EXTERN PetscErrorCode MckIOWriteAttributeInt(MckIO io, const char obj[], const char name[], PetscInt64 value);
PETSC_EXTERN PetscErrorCode MckIOWriteAttributeInts(MckIO io, const char obj[], const char name[], PetscInt n,
                                                    const PetscInt64 values[]);
/* Reads: found = PETSC_FALSE when the attribute is absent (no error). */
PETSC_EXTERN PetscErrorCode MckIOReadAttributeString(MckIO io, const char obj[], const char name[], size_t len,
                                                     char value[], PetscBool *found);
PETSC_EXTERN PetscErrorCode MckIOReadAttributeReal(MckIO io, const char obj[], const char name[], PetscReal *value,
                                                   PetscBool *found);
PETSC_EXTERN PetscErrorCode MckIOReadAttributeInt(MckIO io, const char obj[], const char name[], PetscInt64 *value,
                                                  PetscBool *found);
/* An integer array; a string of blank-separated integers (an older form) is read too. */
PETSC_EXTERN PetscErrorCode MckIOReadAttributeInts(MckIO io, const char obj[], const char name[], PetscInt nmax,
                                                   PetscInt64 values[], PetscInt *n, PetscBool *found);

/* Replicated arrays (every rank holds the same data; rank 0 writes). Collective. */
PETSC_EXTERN PetscErrorCode MckIOWriteArray(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[],
                                            const PetscReal data[]);
PETSC_EXTERN PetscErrorCode MckIOWriteArrayInt(MckIO io, const char dset[], PetscInt ndims, const PetscInt64 dims[],
                                               const PetscInt64 data[]);
/* Read a replicated array; dims[] receives its shape (at most 4 dimensions); data may be NULL
 * to query the shape only. Collective. */
PETSC_EXTERN PetscErrorCode MckIOReadArray(MckIO io, const char dset[], PetscInt *ndims, PetscInt64 dims[],
                                           PetscReal data[]);
PETSC_EXTERN PetscErrorCode MckIOReadArrayInt(MckIO io, const char dset[], PetscInt *ndims, PetscInt64 dims[],
                                              PetscInt64 data[]);
PETSC_EXTERN PetscErrorCode MckIOHasObject(MckIO io, const char obj[], PetscBool *has);

/* Distributed rows: a dataset of shape (N, ncomp) in global-id order, each rank holding rows
 * [gstart, gstart + nlocal) in structure-of-arrays form comp[c][i]. Collective write/read. */
PETSC_EXTERN PetscErrorCode MckIOWriteRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart,
                                           PetscInt nlocal, PetscInt ncomp, PetscReal *const comp[]);
PETSC_EXTERN PetscErrorCode MckIOReadRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart, PetscInt nlocal,
                                          PetscInt ncomp, PetscReal *const comp[]);
/* Snapshot series: appends one (N, ncomp) slab to an extendible dataset of shape
 * (nsnap, N, ncomp) in global-id order. Collective. */
PETSC_EXTERN PetscErrorCode MckIOAppendRows(MckIO io, const char dset[], PetscInt64 N, PetscInt64 gstart,
                                            PetscInt nlocal, PetscInt ncomp, PetscReal *const comp[]);

/* ---- time series ----------------------------------------------------------------------
 * A named table of rows (one per output time) with named columns. Rows are kept in memory
 * (identical on every rank: they come from reproducible reductions) so that a checkpoint can
 * carry the history, and are appended to an extendible dataset /timeseries/<name> of shape
 * (nrows, ncols) with a "columns" attribute. */
typedef struct _p_MckSeries *MckSeries;
PETSC_EXTERN PetscErrorCode  MckSeriesCreate(MPI_Comm comm, const char name[], PetscInt ncols,
                                             const char *const columns[], MckSeries *s);
PETSC_EXTERN PetscErrorCode  MckSeriesAppend(MckSeries s, const PetscReal row[]);
PETSC_EXTERN PetscErrorCode  MckSeriesGetRows(MckSeries s, PetscInt *nrows, PetscInt *ncols, const PetscReal **rows);
PETSC_EXTERN PetscErrorCode  MckSeriesGetName(MckSeries s, const char **name);
/* Write the rows io does not have yet, counted from the dataset's length in io (so a run file
 * continued from a checkpoint copy gets only the new rows). Collective. */
PETSC_EXTERN PetscErrorCode MckSeriesFlush(MckSeries s, MckIO io);
/* Write all rows to io, regardless of what was flushed before (for checkpoints). Collective. */
PETSC_EXTERN PetscErrorCode MckSeriesWriteAll(MckSeries s, MckIO io);
/* Replace the rows by those stored in io (for restarts); the columns must match. Collective. */
PETSC_EXTERN PetscErrorCode MckSeriesLoad(MckSeries s, MckIO io);
PETSC_EXTERN PetscErrorCode MckSeriesDestroy(MckSeries *s);

/* ---- configuration fingerprint for checkpoints --------------------------------------------
 * Objects record the settings a checkpoint depends on as (option, value) pairs; they are stored
 * as string attributes of /checkpoint/config/<object>, the group of the object named by the
 * last MckIOConfigSetObject() (/checkpoint/config itself for none), so that two objects of one
 * class never collide. On restart every pair is compared and a mismatch is refused naming the
 * option, the checkpoint's value and this run's value; so is a pair the checkpoint records and
 * this run does not (MckIOConfigCheckComplete). */
PETSC_EXTERN PetscErrorCode MckIOConfigSetObject(MckIO io, const char name[]);
PETSC_EXTERN PetscErrorCode MckIOConfigWrite(MckIO io, const char option[], const char value[]);
PETSC_EXTERN PetscErrorCode MckIOConfigCheck(MckIO io, const char option[], const char value[]);
/* The value the checkpoint recorded for one setting of the current object (found false: none). */
PETSC_EXTERN PetscErrorCode MckIOConfigRead(MckIO io, const char option[], size_t len, char value[], PetscBool *found);
/* After every setting was compared: refuse a checkpoint that records one no comparison asked for. */
PETSC_EXTERN PetscErrorCode MckIOConfigCheckComplete(MckIO io);

/* Record (check = FALSE) or compare (check = TRUE) one setting; reals are stored in the
 * shortest form that reads back as the same double, so the comparison is exact. */
PETSC_EXTERN PetscErrorCode MckIOConfigString(MckIO io, PetscBool check, const char option[], const char value[]);
PETSC_EXTERN PetscErrorCode MckIOConfigInt(MckIO io, PetscBool check, const char option[], PetscInt64 value);
PETSC_EXTERN PetscErrorCode MckIOConfigReals(MckIO io, PetscBool check, const char option[], PetscInt n,
                                             const PetscReal values[]);
/* A fingerprint (64-bit FNV-1a of the bits) of data no option describes, e.g. read from a file. */
PETSC_EXTERN PetscErrorCode MckIOConfigFingerprint(MckIO io, PetscBool check, const char option[], PetscInt64 n,
                                                   const PetscReal values[]);

/* ---- checkpoint and restart (src/io/checkpoint.c) ----------------------------------------
 * A checkpoint is the run file as it stands, closed and copied, plus a /checkpoint group with
 * the state of the objects: everything written so far (time series, snapshots, fields) travels
 * with it. MckIOCheckpointBegin claims <chk> (MckIOClaimOutput), closes the run file, copies it
 * to the checkpoint's file in progress and returns a writable MckIO on the copy, in which the
 * caller writes its state and config; End closes it, renames it to <chk> and reopens the run
 * file. Both collective. Datasets of doubles written into a checkpoint record whether they were
 * finite; a restart refuses one that no longer is (a NaN written into the state). */
PETSC_EXTERN PetscErrorCode MckIOCheckpointBegin(MckIO run, const char chk_path[], MckIO *chk);
PETSC_EXTERN PetscErrorCode MckIOCheckpointEnd(MckIO run, MckIO *chk);
/* Restart: open the checkpoint for reading (MckIOOpenRead verifies it in full; the caller checks
 * its config and reads its state from it), then MckIORestartRunFile claims <path> (which must
 * not be the checkpoint) and turns a copy of the checkpoint, still open, into its file in
 * progress, opened for writing, without the /checkpoint group, so the run continues the file
 * where it stood; a checkpoint that changed since it was opened is refused. */
PETSC_EXTERN PetscErrorCode MckIORestartRunFile(MckIO run, const char path[], const char option[], MckIO chk);

/* ---- the checkpoint protocol of an object --------------------------------------------------
 * What a run (include/mckean/mckrun.h) calls on an object added to it; a class composes these on
 * each object it creates (MckObjectComposeCheckpoint), any of them may be NULL:
 *   config(obj, io, check)  record (check = PETSC_FALSE) or compare (PETSC_TRUE) the settings a
 *                           checkpoint depends on, with MckIOConfig*() (the run has chosen the
 *                           object's config group)
 *   write(obj, io, group)   write the object's state into group (a checkpoint's
 *                           /checkpoint/<name>, or /<name> of the finished run file)
 *   read(obj, io, group)    restore the state written by write, bit for bit, and whatever is
 *                           derived from it; objects are read in the order they were added
 *   initialize(obj)         the fresh-start state, in place of read, in the same order
 * All four are collective on the object's communicator. */
typedef struct {
  PetscErrorCode (*config)(PetscObject, MckIO, PetscBool check);
  PetscErrorCode (*write)(PetscObject, MckIO, const char group[]);
  PetscErrorCode (*read)(PetscObject, MckIO, const char group[]);
  PetscErrorCode (*initialize)(PetscObject);
} MckCheckpointOps;
PETSC_EXTERN PetscErrorCode MckObjectComposeCheckpoint(PetscObject obj, const MckCheckpointOps *ops);
/* Both protocols of a solver a run advances: MckObjectComposeStepper and MckObjectComposeCheckpoint. */
PETSC_EXTERN PetscErrorCode MckObjectComposeRunMethods(PetscObject obj, const MckStepperOps *stepper,
                                                       const MckCheckpointOps *checkpoint);

PETSC_EXTERN PetscErrorCode MckObjectGetCheckpoint(PetscObject obj, MckCheckpointOps *ops);

/* MCK_CONFIG_METHOD(name, Type, fn) and MCK_GROUP_METHOD(name, Type, fn) define the checkpoint
 * protocol's config, and its write or read, as calls of fn on (Type)obj (see MCK_OBJECT_METHOD). */
#define MCK_CONFIG_METHOD(name, Type, fn)                                \
  static PetscErrorCode name(PetscObject obj, MckIO io, PetscBool check) \
  {                                                                      \
    PetscFunctionBeginUser;                                              \
    PetscCall(fn((Type)obj, io, check));                                 \
    PetscFunctionReturn(0);                                              \
  }
#define MCK_GROUP_METHOD(name, Type, fn)                                    \
  static PetscErrorCode name(PetscObject obj, MckIO io, const char group[]) \
  {                                                                         \
    PetscFunctionBeginUser;                                                 \
    PetscCall(fn((Type)obj, io, group));                                    \
    PetscFunctionReturn(0);                                                 \
  }

/* ---- XDMF sidecar (src/io/xdmf.c) ---------------------------------------------------------
 * Describe snapshot series of grid fields in an HDF5 run file for ParaView/VisIt: a temporal
 * collection of uniform grids (2DCoRectMesh/3DCoRectMesh; a 1D grid is shown as 1 x n), one
 * node-centred scalar attribute per field. Field j is the dataset dsets[j] of shape
 * (nsnap, N, 1) written by MckIOAppendRows, N = n[0]*...*n[dim-1] points in x-fastest order;
 * snapshot s is at times[s]; point i of axis a at i L_a / n_a. The sidecar sits next to the run
 * file being written (MckIOSidecarPath) and refers to it by its basename.
 * 1D and 2D grids are written as 3D meshes one point thick, so that they lie in the x-y plane
 * (ParaView's reader puts a 2D mesh in the y-z plane). The path is claimed (MCKIO_XDMF_FILE);
 * rank 0 writes it through its file in progress, renamed when complete. Collective. */
PETSC_EXTERN PetscErrorCode MckIOWriteXDMF(MckIO io, PetscInt dim, const PetscInt n[], const PetscReal L[],
                                           PetscInt nsnap, const PetscReal times[], PetscInt nfields,
                                           const char *const dsets[], const char *const names[]);
/* The sidecar of run file "dir/run.h5" is "dir/run.xmf" (xmf, len bytes); *base points into
 * run_path at "run.h5", the name the sidecar uses for the run file next to it. */
PETSC_EXTERN PetscErrorCode MckIOSidecarPath(const char run_path[], char xmf[], size_t len, const char **base);
