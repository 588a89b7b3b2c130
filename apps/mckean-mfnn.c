static const char help[] =
    "mckean-mfnn: a mean-field two-layer network trained as a particle system (mfld, umfld, fedavg, cbo).\n"
    "Typical use: mpiexec -n 2 mckean-mfnn -options_file_yaml inputs/mfnn.yaml -output run.h5\n";

#include <mckean/mckmfnet.h>
#include <mckean/mckrun.h>

typedef struct {
  MckMFNet  net;
  MckSeries series, snapsteps;
} App;

/* A row of /timeseries/mfnn; its loss goes to the progress line. */
static PetscErrorCode Record(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App        *app = (App *)ctx;
  const char *name;
  PetscReal   value;

  PetscFunctionBeginUser;
  (void)step;
  (void)t;
  PetscCall(MckMFNetRecord(app->net, app->series, &name, &value));
  PetscCall(MckRunSetHeadline(run, name, value));
  PetscFunctionReturn(0);
}

/* The per-neuron summary as one snapshot of /learn/snapshots, its step in /timeseries/snapshot_steps. */
static PetscErrorCode Snapshot(MckRun run, PetscInt64 step, PetscReal t, void *ctx)
{
  App      *app = (App *)ctx;
  MckIO     io;
  PetscReal s = (PetscReal)step;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckMFNetAppendSnapshot(app->net, io, "/learn/snapshots"));
  PetscCall(MckSeriesAppend(app->snapsteps, &s));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  const char *snapcol[] = {"step"};
  PetscInt    nsteps, output_interval, snapshot_interval = 0, checkpoint_interval;
  PetscBool   restart;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetStep(app->net, NULL, &nsteps));
  output_interval = PetscMax(1, nsteps / 100);
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "mckean-mfnn output options", NULL);
  PetscCall(MckOptionsInt("-mfnn_output_interval", "Steps between rows of /timeseries/mfnn (losses, alignment)",
                          output_interval, &output_interval, NULL));
  PetscCall(MckOptionsInt("-mfnn_snapshot_interval", "Steps between neuron snapshots in /learn/snapshots (0: none)",
                          snapshot_interval, &snapshot_interval, NULL));
  PetscOptionsEnd();
  PetscCall(MckRunAddOutputMonitor(run, "-mfnn_output_interval", output_interval, Record, app));
  PetscCall(MckRunGetCheckpointInterval(run, &checkpoint_interval));
  PetscCall(MckRunIsRestart(run, &restart));
  PetscCall(MckMFNetCheckCheckpointing(app->net, checkpoint_interval, restart));
  PetscCall(MckMFNetCreateSeries(app->net, &app->series));
  PetscCall(MckSeriesCreate(PETSC_COMM_WORLD, "snapshot_steps", 1, snapcol, &app->snapsteps));
  PetscCall(MckRunAddSeries(run, app->series));
  PetscCall(MckRunAddSeries(run, app->snapsteps));
  PetscCall(MckRunAddMonitor(run, "-mfnn_snapshot_interval", snapshot_interval, Snapshot, app));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunMFNN(void)
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  MckRun     run;
  PetscInt64 seed;
  App        app;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "mfnn.h5"));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetSeed(run, &seed));
  PetscCall(MckMFNetCreate(comm, &app.net));
  PetscCall(MckMFNetSetSeed(app.net, (PetscInt)seed)); /* -mfnet_seed defaults to -seed */
  PetscCall(MckMFNetSetFromOptions(app.net));
  PetscCall(MckMFNetSetUp(app.net));
  PetscCall(AddOutput(run, &app));
  PetscCall(MckRunAddObject(run, "learn", (PetscObject)app.net));
  PetscCall(MckRunSetSolver(run, (PetscObject)app.net));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckSeriesDestroy(&app.series));
  PetscCall(MckSeriesDestroy(&app.snapsteps));
  PetscCall(MckMFNetDestroy(&app.net));
  PetscFunctionReturn(0);
}

MCKEAN_APP(mfnn, help, RunMFNN)
