static const char help[] =
    "mckean-langevin: interacting Langevin particles that couple only through summary statistics.\n"
    "Typical use: mpiexec -n 2 mckean-langevin -options_file_yaml inputs/langevin.yaml -output run.h5\n";

#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>

typedef struct {
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

/* The job; what it creates is left in run and app for RunLangevin to destroy, after an error too. */
static PetscErrorCode SolveLangevin(MPI_Comm comm, MckRun *run, App *app)
{
  MckRNG rng;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "langevin.h5", PETSC_FALSE, NULL, run));
  PetscCall(MckRunGetRNG(*run, &rng));
  PetscCall(MckLangevinCreateFromOptions(comm, rng, &app->p, &app->l));
  PetscCall(AddOutput(*run, app));
  PetscCall(MckRunAddObject(*run, "particles", (PetscObject)app->p));
  PetscCall(MckRunSolveObject(*run, "langevin", (PetscObject)app->l));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunLangevin(void)
{
  MckRun         run = NULL;
  App            app = {NULL, NULL};
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  ierr = SolveLangevin(PETSC_COMM_WORLD, &run, &app);
  if (McKeanErrorIsCollective(ierr)) { /* a refused input leaves nothing behind */
    PetscCall(MckRunDestroy(&run));
    PetscCall(MckLangevinDestroy(&app.l));
    PetscCall(MckParticlesDestroy(&app.p));
  }
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

MCKEAN_APP(langevin, help, RunLangevin)
