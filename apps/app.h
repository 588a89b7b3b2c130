/* What the apps share.
 *
 * AppOutput: the output every single-solver app (mckean-langevin, -mfnn, -gen, -field) writes
 * the same way: two options, -<app>_output_interval (steps between rows of the solver's time
 * series, whose headline number goes to the progress line) and -<app>_snapshot_interval (steps
 * between snapshots), the series that records the time (or the step) of each snapshot, and the
 * two monitors. The app names its two options and gives the writers of a row and of a snapshot.
 *
 * AppRunCreate, AppRunSolve: the run every app opens and ends with (all but mckean-da and
 * mckean-eki, whose whole job is MckRunTwinApp).
 *
 * AppCreateLangevin: particles and their Langevin dynamics from the options (mckean-langevin,
 * mckean-mv). */
#pragma once
#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>

/* A run with the app's default output file, with an XDMF sidecar or not, the app's defaults of
 * options (NULL: none), and the options common to every app read. */
static inline PetscErrorCode AppRunCreate(const char output[], PetscBool sidecar, const char *const defaults[],
                                          MckRun *run)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(PETSC_COMM_WORLD, run));
  PetscCall(MckRunSetDefaultOutput(*run, output));
  if (sidecar) PetscCall(MckRunSetSidecar(*run, sidecar));
  if (defaults) PetscCall(MckRunSetDefaultOptions(*run, defaults));
  PetscCall(MckRunSetFromOptions(*run));
  PetscFunctionReturn(0);
}

/* The run advances solver (checkpointed and saved as /<name>) to its end; then it is destroyed. */
static inline PetscErrorCode AppRunSolve(MckRun *run, const char name[], PetscObject solver)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunAddObject(*run, name, solver));
  PetscCall(MckRunSetSolver(*run, solver));
  PetscCall(MckRunSolve(*run));
  PetscCall(MckRunDestroy(run));
  PetscFunctionReturn(0);
}

/* A row of series; its headline number (name, value) for the progress line. */
typedef PetscErrorCode (*AppRecordFn)(void *ctx, MckSeries series, const char **name, PetscReal *value);
/* One snapshot of the app's state written to the run file. */
typedef PetscErrorCode (*AppSnapshotFn)(void *ctx, MckIO io);

/* An interval option: its name, help and default; its value once read. */
typedef struct {
  const char *option, *help;
  PetscInt    steps;
} AppInterval;

typedef struct {
  AppInterval   rows, snapshots;
  PetscBool     by_step;         /* the snapshots' series "snapshot_steps" (step), else "snapshot_times" (t) */
  PetscBool     initial_and_end; /* snapshot interval 0: the initial and final state (else: none) */
  AppRecordFn   record;          /* a row of series */
  AppSnapshotFn snapshot;        /* one snapshot */
  void         *ctx;             /* of record and snapshot */
  MckSeries     series;          /* the solver's series, set by the app */
  MckSeries     times;           /* when each snapshot was taken (owned) */
} AppOutput;

/* A row and the progress line's headline. */
static inline PetscErrorCode AppOutputRecord(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  AppOutput  *o = (AppOutput *)ctx;
  const char *name;
  PetscReal   value;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall(o->record(o->ctx, o->series, &name, &value));
  PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

/* A snapshot and its time (or step) in the snapshots' series. */
static inline PetscErrorCode AppOutputSnapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  AppOutput *o    = (AppOutput *)ctx;
  PetscReal  when = o->by_step ? (PetscReal)step : t;
  MckIO      io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(o->snapshot(o->ctx, io));
  PetscCall(MckSeriesAppend(o->times, &when));
  PetscFunctionReturn(0);
}

/* Reads the two intervals (options group title), adds the series (the solver's first) and the
 * monitors record and snapshot (with ctx) to run. */
static inline PetscErrorCode AppOutputAdd(MckRun run, const char title[], AppRecordFn record, AppSnapshotFn snapshot,
                                          void *ctx, AppOutput *o)
{
  MPI_Comm     comm      = PETSC_COMM_WORLD;
  const char  *snapcol[] = {o->by_step ? "step" : "t"};
  AppInterval *r = &o->rows, *s = &o->snapshots;

  PetscFunctionBeginUser;
  o->record   = record;
  o->snapshot = snapshot;
  o->ctx      = ctx;
  PetscOptionsBegin(comm, NULL, title, NULL);
  PetscCall(MckOptionsInt(r->option, r->help, r->steps, &r->steps, NULL));
  PetscCall(MckOptionsInt(s->option, s->help, s->steps, &s->steps, NULL));
  PetscOptionsEnd();
  PetscCall(MckRunAddOutputMonitor(run, r->option, r->steps, AppOutputRecord, o));
  PetscCall(MckSeriesCreate(comm, o->by_step ? "snapshot_steps" : "snapshot_times", 1, snapcol, &o->times));
  PetscCall(MckRunAddSeries(run, o->series));
  PetscCall(MckRunAddSeries(run, o->times));
  if (!o->initial_and_end) {
    PetscCall(MckRunAddMonitor(run, s->option, s->steps, AppOutputSnapshot, o));
    PetscFunctionReturn(0);
  }
  PetscCheck(s->steps >= 0, comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be 0 (first and last only) or a positive number of steps", s->option,
             s->steps);
  /* interval 0: a snapshot of the initial state only (never again after a step); the run
   * records the interval as set */
  PetscCall(MckRunAddMonitor(run, NULL, s->steps ? s->steps : PETSC_MAX_INT, AppOutputSnapshot, o));
  PetscCall(MckRunConfigInt(run, s->option, s->steps));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode AppOutputDestroy(AppOutput *o)
{
  PetscFunctionBeginUser;
  PetscCall(MckSeriesDestroy(&o->series));
  PetscCall(MckSeriesDestroy(&o->times));
  PetscFunctionReturn(0);
}

/* Particles and their Langevin dynamics from the options, drawing from the run's generator (set up). */
static inline PetscErrorCode AppCreateLangevin(MckRun run, MckParticles *p, MckLangevin *l)
{
  MckRNG rng;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, p));
  PetscCall(MckParticlesSetFromOptions(*p));
  PetscCall(MckLangevinCreate(*p, l));
  PetscCall(MckLangevinSetFromOptions(*l));
  PetscCall(MckLangevinSetRNG(*l, rng));
  PetscCall(MckLangevinSetUp(*l));
  PetscFunctionReturn(0);
}
