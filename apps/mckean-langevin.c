static const char help[] =
    "mckean-langevin: interacting Langevin particles that couple only through summary statistics.\n"
    "Typical use: mpiexec -n 2 mckean-langevin -options_file_yaml inputs/langevin.yaml -output run.h5\n";

#include <mckean/mcklangevin.h>
#include <mckean/mckrun.h>

typedef struct {
  MckParticles p;
  MckLangevin  l;
  MckSeries    series, snaptimes;
} App;

/* A row of /timeseries/langevin; its headline number goes to the progress line. */
static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App        *app = (App *)ctx;
  const char *name;
  PetscReal   value;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall(MckLangevinRecord(app->l, app->series, &name, &value));
  PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

/* The positions as one snapshot of /particles/snapshots, its time in /timeseries/snapshot_times. */
static PetscErrorCode Snapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App  *app = (App *)ctx;
  MckIO io;

  PetscFunctionBeginUser;
  (void)step;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckParticlesAppendSnapshot(app->p, io, "/particles/snapshots"));
  PetscCall(MckSeriesAppend(app->snaptimes, &t));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  const char *snapcol[] = {"t"};
  PetscInt64  nsteps;
  PetscInt    output_interval, snapshot_interval = 0;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(app->l, NULL, &nsteps));
  output_interval = PetscMax(1, (PetscInt)(nsteps / 100));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "mckean-langevin output options", NULL);
  PetscCall(MckOptionsInt("-lgv_output_interval", "Steps between rows of /timeseries/langevin", output_interval,
                          &output_interval, NULL));
  PetscCall(MckOptionsInt("-lgv_snapshot_interval",
                          "Steps between particle snapshots in /particles/snapshots (0: none)", snapshot_interval,
                          &snapshot_interval, NULL));
  PetscOptionsEnd();
  PetscCall(MckRunAddOutputMonitor(run, "-lgv_output_interval", output_interval, Record, app));
  PetscCall(MckLangevinCreateSeries(app->l, &app->series));
  PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "snapshot_times", 1, snapcol, &app->snaptimes));
  PetscCall(MckRunAddSeries(run, app->series));
  PetscCall(MckRunAddSeries(run, app->snaptimes));
  PetscCall(MckRunAddMonitor(run, "-lgv_snapshot_interval", snapshot_interval, Snapshot, app));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunLangevin(void)
{
  MPI_Comm comm = PETSC_COMM_WORLD;
  MckRun   run;
  MckRNG   rng;
  App      app;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "langevin.h5"));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckParticlesCreate(comm, &app.p));
  PetscCall(MckParticlesSetFromOptions(app.p));
  PetscCall(MckLangevinCreate(app.p, &app.l));
  PetscCall(MckLangevinSetFromOptions(app.l));
  PetscCall(MckLangevinSetRNG(app.l, rng));
  PetscCall(MckLangevinSetUp(app.l));
  PetscCall(AddOutput(run, &app));
  PetscCall(MckRunAddObject(run, "particles", (PetscObject)app.p));
  PetscCall(MckRunAddObject(run, "langevin", (PetscObject)app.l));
  PetscCall(MckRunSetSolver(run, (PetscObject)app.l));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckSeriesDestroy(&app.series));
  PetscCall(MckSeriesDestroy(&app.snaptimes));
  PetscCall(MckLangevinDestroy(&app.l));
  PetscCall(MckParticlesDestroy(&app.p));
  PetscFunctionReturn(0);
}

MCKEAN_APP(langevin, help, RunLangevin)
