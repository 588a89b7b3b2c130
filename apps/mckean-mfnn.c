static const char help[] =
    "mckean-mfnn: a mean-field two-layer network trained as a particle system (mfld, umfld, fedavg, cbo).\n"
    "Typical use: mpiexec -n 2 mckean-mfnn -options_file_yaml inputs/mfnn.yaml -output run.h5\n";

#include <mckean/mckmfnet.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun   run;
  MckMFNet net;
} App;

/* A row of /timeseries/mfnn; its loss goes to the progress line. */
static PetscErrorCode Record(void *ctx, MckSeries series, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetRecord(((App *)ctx)->net, series, name, value));
  PetscFunctionReturn(0);
}

/* The per-neuron summary as one snapshot of /learn/snapshots (its step in /timeseries/snapshot_steps). */
static PetscErrorCode Snapshot(void *ctx, MckIO io)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetAppendSnapshot(((App *)ctx)->net, io, "/learn/snapshots"));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddOutput(MckRun run, App *app)
{
  PetscInt     nsteps, checkpoint_interval;
  PetscBool    restart;
  MckSeries    series;
  MckRunOutput out = {
      .title     = "mckean-mfnn output options",
      .rows      = {"-mfnn_output_interval", "Steps between rows of /timeseries/mfnn (losses, alignment)", 1},
      .snapshots = {"-mfnn_snapshot_interval", "Steps between neuron snapshots in /learn/snapshots (0: none)", 0},
      .by_step   = PETSC_TRUE,
      .record    = Record,
      .snapshot  = Snapshot,
      .ctx       = app};

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetStep(app->net, NULL, &nsteps));
  out.rows.steps = PetscMax(1, nsteps / 100);
  PetscCall(MckMFNetCreateSeries(app->net, &series));
  PetscCall(MckRunAddOutput(run, &out, series, NULL));
  PetscCall(MckRunGetCheckpointInterval(run, &checkpoint_interval));
  PetscCall(MckRunIsRestart(run, &restart));
  PetscCall(MckMFNetCheckCheckpointing(app->net, checkpoint_interval, restart));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyMFNN, after an error too. */
static PetscErrorCode SolveMFNN(MPI_Comm comm, App *app)
{
  PetscInt64 seed;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "mfnn.h5", PETSC_FALSE, NULL, &app->run));
  PetscCall(MckRunGetSeed(app->run, &seed));
  PetscCall(MckMFNetCreate(comm, &app->net));
  PetscCall(MckMFNetSetSeed(app->net, (PetscInt)seed)); /* -mfnet_seed defaults to -seed */
  PetscCall(MckMFNetSetFromOptions(app->net));
  PetscCall(MckMFNetSetUp(app->net));
  PetscCall(AddOutput(app->run, app));
  PetscCall(MckRunSolveObject(app->run, "learn", (PetscObject)app->net));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyMFNN(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckMFNetDestroy(&app->net));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(mfnn, help, App, SolveMFNN, DestroyMFNN)
