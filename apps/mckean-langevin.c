static const char help[] =
    "mckean-langevin: interacting Langevin particles that couple only through summary statistics.\n"
    "Typical use: mpiexec -n 2 mckean-langevin -options_file_yaml inputs/langevin.yaml -output run.h5\n";

#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun       run;
  MckParticles p;
  MckLangevin  l;
} App;

/* A row of /timeseries/langevin; its headline number goes to the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinRecord(((App *)ctx)->l, series, name, value));
  PetscFunctionReturn(0);
}

/* The positions as one snapshot of /particles/snapshots (its time in /timeseries/snapshot_times). */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesAppendSnapshot(((App *)ctx)->p, io, "/particles/snapshots"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  PetscInt64   nsteps;
  MckSeries    series;
  MckRunOutput out = {
      .title     = "mckean-langevin output options",
      .rows      = {"-lgv_output_interval", "Steps between rows of /timeseries/langevin", 1},
      .snapshots = {"-lgv_snapshot_interval", "Steps between particle snapshots in /particles/snapshots (0: none)", 0},
      .record    = Record,
      .snapshot  = Snapshot,
      .ctx       = app};

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(app->l, NULL, &nsteps));
  out.rows.steps = PetscMax(1, (PetscInt)(nsteps / 100));
  PetscCall(MckLangevinCreateSeries(app->l, &series));
  PetscCall(MckRunAddOutput(run, &out, series, NULL));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyLangevin, after an error too. */
static PetscErrorCode SolveLangevin(MPI_Comm comm, App *app)
{
  MckRNG rng;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "langevin.h5", PETSC_FALSE, NULL, &app->run));
  PetscCall(MckRunGetRNG(app->run, &rng));
  PetscCall(MckLangevinCreateFromOptions(comm, rng, &app->p, &app->l));
  PetscCall(AddOutput(app->run, app));
  PetscCall(MckRunAddObject(app->run, "particles", (PetscObject)app->p));
  PetscCall(MckRunSolveObject(app->run, "langevin", (PetscObject)app->l));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyLangevin(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckLangevinDestroy(&app->l));
  PetscCall(MckParticlesDestroy(&app->p));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(langevin, help, App, SolveLangevin, DestroyLangevin)
