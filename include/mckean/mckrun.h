/* MckRun: the one time loop of every McKean app, as TSSolve is PETSc's.
 *
 * A run owns what every app used to write itself: the options common to every app (-output,
 * -seed, -checkpoint, -checkpoint_interval, -restart, -progress_interval), the run file (a new
 * one, or the continuation of a checkpoint's copy), the cadence of monitors (time-series rows,
 * snapshots), checkpoints and the progress line, log stages, signals, and the last line
 * "wrote FILE", printed only once the file is complete.
 *
 * An app creates its run (MckRunCreateFromOptions), its objects, adds them to the run and calls
 * MckRunSolve() (MckRunSolveObject: the solver is also the run's one checkpointed object):
 *   - the solver (MckRunSetSolver) is the object the loop advances, through the stepping
 *     protocol composed on it (MckObjectComposeStepper, include/mckean/mckean.h);
 *   - every object added by name (MckRunAddObject) takes part in checkpoints through the
 *     checkpoint protocol composed on it (MckObjectComposeCheckpoint, include/mckean/mckio.h):
 *     its settings are recorded and checked under /checkpoint/config/<name>/, its state written
 *     to /checkpoint/<name> and read back on restart (in the order objects were added), or
 *     initialized on a fresh start; at the end its state is written to /<name> of the run file;
 *   - time series (MckRunAddSeries) are flushed at checkpoints and at the end, and reloaded on
 *     restart, so the run file of a restarted run equals the uninterrupted one;
 *   - monitors (MckRunAddMonitor) are called after every step that is a multiple of their
 *     interval, and on the initial state of a fresh run;
 *   - an output (MckRunAddOutput) is the usual pair of monitors of a solver: rows of its
 *     series and snapshots of its state at intervals the app's options set.
 *
 * Signals: SIGINT ends the run at a step boundary; SIGTERM (what schedulers send before
 * killing a job) and SIGUSR1 (SLURM's --signal warning) end it too, after writing a checkpoint
 * when -checkpoint_interval is set (SIGUSR1: always). All ranks stop at the same step: the flags
 * travel in a non-blocking reduction started every ~0.05 s of steps (every step when steps are
 * longer), overlapped with the following steps, so a signal stops the run within about 0.1 s
 * or two steps. The run ends
 * with one line naming the signal, the step and the checkpoint to continue from, and exits
 * non-zero; the unfinished run file is removed. */
#pragma once
#include <mckean/mckio.h>
#include <mckean/mckrng.h>

typedef struct _p_MckRun *MckRun;

/* The checkpoint format this build writes and reads: the integer attribute "format" of
 * /checkpoint. Raise it whenever what a checkpoint records, or how a restart reads it, changes,
 * so that a checkpoint of another format is refused in one line before anything else is
 * compared (and not, say, as a setting it "does not record"). A checkpoint without the attribute
 * predates format numbers.
 *   2: the settings are compared both ways; mckean-twin records its truth grid's -grid_n, -grid_L.
 *      (Format 1, unnumbered: fields record -ts_dt, samplers their features' settings.) */
#define MCK_CHECKPOINT_FORMAT 2

PETSC_EXTERN PetscClassId MCK_RUN_CLASSID;

/* A monitor: called after every step that is a multiple of its interval, and on the initial
 * state of a fresh run, with the run file open (MckRunGetIO). */
typedef PetscErrorCode (*MckRunMonitorFn)(MckRun run, PetscInt64 step, PetscReal time, void *ctx);
/* A finisher: called once after the last step, before the objects' final state is written and
 * the run file closed (summaries, attributes). */
typedef PetscErrorCode (*MckRunFinishFn)(MckRun run, void *ctx);

PETSC_EXTERN PetscErrorCode MckRunInitializePackage(void);
PETSC_EXTERN PetscErrorCode MckRunCreate(MPI_Comm comm, MckRun *run);
PETSC_EXTERN PetscErrorCode MckRunCreateFromOptions(MPI_Comm comm, const char output[], PetscBool sidecar,
                                                    const char *const defaults[], MckRun *run);
PETSC_EXTERN PetscErrorCode MckRunSetDefaultOutput(MckRun run, const char path[]);
PETSC_EXTERN PetscErrorCode MckRunSetSidecar(MckRun run, PetscBool sidecar);
PETSC_EXTERN PetscErrorCode MckRunSetDefaultOptions(MckRun run, const char *const options[]);
PETSC_EXTERN PetscErrorCode MckRunSetFromOptions(MckRun run);
PETSC_EXTERN PetscErrorCode MckRunGetSeed(MckRun run, PetscInt64 *seed);
PETSC_EXTERN PetscErrorCode MckRunGetRNG(MckRun run, MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckRunGetCheckpointInterval(MckRun run, PetscInt *interval);
PETSC_EXTERN PetscErrorCode MckRunIsRestart(MckRun run, PetscBool *restart);
PETSC_EXTERN PetscErrorCode MckRunHasHelp(MckRun run, PetscBool *help);

PETSC_EXTERN PetscErrorCode MckRunSetSolver(MckRun run, PetscObject solver);
PETSC_EXTERN PetscErrorCode MckRunAddObject(MckRun run, const char name[], PetscObject obj);
PETSC_EXTERN PetscErrorCode MckRunAddSeries(MckRun run, MckSeries series);
PETSC_EXTERN PetscErrorCode MckRunAddMonitor(MckRun run, const char option[], PetscInt interval, MckRunMonitorFn fn,
                                             void *ctx);
PETSC_EXTERN PetscErrorCode MckRunAddOutputMonitor(MckRun run, const char option[], PetscInt interval,
                                                   MckRunMonitorFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode MckRunAddFinish(MckRun run, MckRunFinishFn fn, void *ctx);
PETSC_EXTERN PetscErrorCode MckRunConfigInt(MckRun run, const char option[], PetscInt64 value);
PETSC_EXTERN PetscErrorCode MckRunConfigReal(MckRun run, const char option[], PetscReal value);
PETSC_EXTERN PetscErrorCode MckRunSetHeadline(MckRun run, const char name[], PetscReal value);

/* ---- the output of a solver (MckRunAddOutput): a row of its time series every rows.steps
 * steps, a snapshot of its state every snapshots.steps steps, each interval an option of the
 * app's, and the series of the snapshots' times (or steps) */
/* A row of series and its headline number (name, value) for the progress line. */
typedef PetscErrorCode (*MckRunRecordFn)(void *ctx, MckSeries series, const char **name, PetscReal *value);
/* One snapshot of the state, written to the run file. */
typedef PetscErrorCode (*MckRunSnapshotFn)(void *ctx, MckIO io);
/* An interval option: its name (e.g. "-lgv_output_interval"), its help and its default steps. */
typedef struct {
  const char *option, *help;
  PetscInt    steps;
} MckRunInterval;
typedef struct {
  const char      *title;     /* of the two options in -help */
  MckRunInterval   rows;      /* steps between rows (positive) */
  MckRunInterval   snapshots; /* steps between snapshots (0: none, or see final) */
  PetscBool        by_step;   /* the snapshots' series is "snapshot_steps" (step), else "snapshot_times" (t) */
  PetscBool        final;     /* the last state always gets a row and a snapshot; a snapshot interval
                                 of 0 means the first and last states only */
  MckRunRecordFn   record;
  MckRunSnapshotFn snapshot;
  void            *ctx; /* of record and snapshot */
} MckRunOutput;
PETSC_EXTERN PetscErrorCode MckRunAddOutput(MckRun run, MckRunOutput *output, MckSeries series, MckSeries *times);

PETSC_EXTERN PetscErrorCode MckRunSolve(MckRun run);
PETSC_EXTERN PetscErrorCode MckRunSolveObject(MckRun run, const char name[], PetscObject solver);
PETSC_EXTERN PetscErrorCode MckRunGetIO(MckRun run, MckIO *io);
PETSC_EXTERN PetscErrorCode MckRunGetWallTime(MckRun run, PetscLogDouble *seconds);
PETSC_EXTERN PetscErrorCode MckRunView(MckRun run, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckRunDestroy(MckRun *run);
/* The whole job of a twin-experiment app (mckean-da, mckean-eki): a run with the default output
 * file, an ensemble of type etype over a model of type mtype, a twin of type ttype with options
 * prefix, its series, checkpoints, results and summary line. */
PETSC_EXTERN PetscErrorCode MckRunTwinApp(MPI_Comm comm, const char output[], const char etype[], const char mtype[],
                                          const char ttype[], const char prefix[]);
/* A hook of MckRunTwinAppWithHook: called with the run and the ensemble once both are set up,
 * before the solve (monitors and finishers of the caller's own). */
typedef struct _p_MckEnsemble *MckEnsemble;
typedef PetscErrorCode (*MckRunTwinHookFn)(MckRun run, MckEnsemble ens, void *ctx);
PETSC_EXTERN PetscErrorCode MckRunTwinAppWithHook(MPI_Comm comm, const char output[], const char etype[],
                                                  const char mtype[], const char ttype[], const char prefix[],
                                                  MckRunTwinHookFn hook, void *ctx);
