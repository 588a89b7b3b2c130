/* A tiny app of its own, built on the run layer's public API alone, as a user writes one: its
 * solver (a walker x' = cos(x), explicit Euler, x(0) = -walker_x0) is a PetscContainer carrying
 * the stepping and checkpoint protocols, and its output is an MckRunOutput: a row (t, x) of
 * /timeseries/walker every -walker_output_interval steps and a snapshot (step, x) in
 * /walker/snapshots every -walker_snapshot_interval steps. test_run_output.py runs it. */
static const char help[] = "run_walker_app: x' = cos(x) through MckRun, for the run layer's tests.\n";

#include <mckean/mckrun.h>

typedef struct {
  PetscInt64 step, nsteps;
  PetscReal  dt, x0, x;
} Walker;

static PetscErrorCode GetWalker(PetscObject obj, Walker **w)
{
  PetscFunctionBeginUser;
  PetscCall(PetscContainerGetPointer((PetscContainer)obj, (void **)w));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step(PetscObject obj)
{
  Walker *w;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  w->x += w->dt * PetscCosReal(w->x);
  w->step++;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  Walker *w;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  if (step) *step = w->step;
  if (nsteps) *nsteps = w->nsteps;
  if (time) *time = (PetscReal)w->step * w->dt;
  PetscFunctionReturn(0);
}

/* A restart must continue the same equation: dt is a setting of the checkpoint. */
static PetscErrorCode Config(PetscObject obj, MckIO io, PetscBool check)
{
  Walker *w;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  PetscCall(MckIOConfigReals(io, check, "-walker_dt", 1, &w->dt));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(PetscObject obj, MckIO io, const char group[])
{
  Walker *w;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  PetscCall(MckIOWriteAttributeInt(io, group, "step", w->step));
  PetscCall(MckIOWriteAttributeReal(io, group, "x", w->x));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read(PetscObject obj, MckIO io, const char group[])
{
  Walker   *w;
  PetscBool has_step, has_x;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  PetscCall(MckIOReadAttributeInt(io, group, "step", &w->step, &has_step));
  PetscCall(MckIOReadAttributeReal(io, group, "x", &w->x, &has_x));
  PetscCheck(has_step && has_x, PetscObjectComm(obj), PETSC_ERR_FILE_UNEXPECTED, "%s: no step or x", group);
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize(PetscObject obj)
{
  Walker *w;

  PetscFunctionBeginUser;
  PetscCall(GetWalker(obj, &w));
  w->step = 0;
  w->x    = w->x0;
  PetscFunctionReturn(0);
}

/* The row (t, x); x is the progress line's headline. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  Walker   *w      = (Walker *)ctx;
  PetscReal row[2] = {(PetscReal)w->step * w->dt, w->x};

  PetscFunctionBeginUser;
  PetscCall(MckSeriesAppend(series, row));
  *name  = "x";
  *value = w->x;
  PetscFunctionReturn(0);
}

/* One row (step, x) of /walker/snapshots, held by rank 0. */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  Walker     *w    = (Walker *)ctx;
  PetscReal   step = (PetscReal)w->step, *comp[2] = {&step, &w->x};
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(MckIOAppendRows(io, "/walker/snapshots", 1, 0, rank ? 0 : 1, 2, comp));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateWalker(MPI_Comm comm, Walker *w, PetscContainer *c)
{
  const MckStepperOps    stepper    = {Step, GetStep, NULL};
  const MckCheckpointOps checkpoint = {Config, Write, Read, Initialize};

  PetscFunctionBeginUser;
  *w = (Walker){.nsteps = 20, .dt = 0.1, .x0 = 0.5};
  PetscOptionsBegin(comm, NULL, "walker options", NULL);
  PetscCall(MckOptionsInt64("-walker_steps", "Steps", w->nsteps, &w->nsteps, NULL));
  PetscCall(MckOptionsReal("-walker_dt", "Time step", w->dt, &w->dt, NULL));
  PetscCall(MckOptionsReal("-walker_x0", "Initial state", w->x0, &w->x0, NULL));
  PetscOptionsEnd();
  PetscCall(PetscContainerCreate(comm, c));
  PetscCall(PetscContainerSetPointer(*c, w));
  PetscCall(MckObjectComposeStepper((PetscObject)*c, &stepper));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)*c, &checkpoint));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunWalker(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  MckRun         run;
  MckSeries      series;
  PetscContainer c;
  Walker         w;
  const char    *cols[] = {"t", "x"};
  MckRunOutput   out    = {
           .title     = "walker output options",
           .rows      = {"-walker_output_interval", "Steps between rows of /timeseries/walker", 4},
           .snapshots = {"-walker_snapshot_interval", "Steps between snapshots in /walker/snapshots (0: none)", 0},
           .record    = Record,
           .snapshot  = Snapshot,
           .ctx       = &w};

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "walker.h5", PETSC_FALSE, NULL, &run));
  PetscCall(CreateWalker(comm, &w, &c));
  PetscCall(MckSeriesCreate(comm, "walker", 2, cols, &series));
  PetscCall(MckRunAddOutput(run, &out, series, NULL));
  PetscCall(MckRunSolveObject(run, "walker", (PetscObject)c));
  PetscCall(MckRunDestroy(&run));
  PetscCall(PetscContainerDestroy(&c));
  PetscFunctionReturn(0);
}

MCKEAN_APP(walker, help, RunWalker)
