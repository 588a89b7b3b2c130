static const char help[] = "mckean-mfnn: a mean-field two-layer network trained as a particle system (mfld, umfld, fedavg, cbo).\n"
                           "Typical use: mpiexec -n 2 mckean-mfnn -options_file_yaml inputs/mfnn.yaml -output run.h5\n";

#include <mckean/mckmfnet.h>
#include <math.h> /* NAN: no value (no test set, no teacher) */

typedef struct {
  MckCommonOptions common;
  PetscInt         output_interval;   /* steps between time-series rows */
  PetscInt         snapshot_interval; /* steps between neuron snapshots (0: none) */
  PetscBool        view;
} AppOptions;

static PetscErrorCode GetAppOptions(MPI_Comm comm, PetscInt nsteps, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->output_interval   = PetscMax(1, nsteps / 100);
  o->snapshot_interval = 0;
  o->view              = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-mfnn output options", NULL);
  PetscCall(MckOptionsInt("-mfnn_output_interval", "Steps between rows of /timeseries/mfnn (losses, alignment)", o->output_interval, &o->output_interval, NULL));
  PetscCall(MckOptionsInt("-mfnn_snapshot_interval", "Steps between neuron snapshots in /learn/snapshots (0: none)", o->snapshot_interval, &o->snapshot_interval, NULL));
  PetscCall(MckOptionsBool("-mfnn_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCheck(o->output_interval > 0, comm, PETSC_ERR_USER_INPUT, "-mfnn_output_interval %" PetscInt_FMT ": must be a positive number of steps", o->output_interval);
  PetscCheck(o->snapshot_interval >= 0, comm, PETSC_ERR_USER_INPUT, "-mfnn_snapshot_interval %" PetscInt_FMT ": must be 0 (none) or a positive number of steps", o->snapshot_interval);
  PetscFunctionReturn(0);
}

/* A checkpoint is a state of the particles alone (fedavg: a round boundary). */
static PetscErrorCode CheckCheckpointInterval(MckMFNet net, const AppOptions *o)
{
  PetscInt sync;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetSyncInterval(net, &sync));
  PetscCheck(o->common.checkpoint_interval % sync == 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-checkpoint_interval %" PetscInt_FMT ": must be a multiple of %" PetscInt_FMT " (-mfnet_fedavg_local_steps: checkpoints fall between rounds)", o->common.checkpoint_interval, sync);
  PetscFunctionReturn(0);
}

/* Settings of the driver that a checkpoint depends on, beside the network's own. */
static PetscErrorCode AppConfig(MckMFNet net, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetConfig(net, io, check));
  PetscCall(MckIOConfigInt(io, check, "-mfnn_output_interval", o->output_interval));
  PetscCall(MckIOConfigInt(io, check, "-mfnn_snapshot_interval", o->snapshot_interval));
  PetscFunctionReturn(0);
}

/* Per-neuron summary columns (w.u_j / sqrt d, |w|, a) of the local neurons. */
typedef struct {
  PetscInt    ncomp;
  PetscReal **comp, *buf;
} Snapshot;

static PetscErrorCode SnapshotCreate(MckMFNet net, Snapshot *s)
{
  PetscInt nlocal;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetParticles(net, NULL, NULL, &nlocal, NULL, NULL));
  PetscCall(MckMFNetGetNeuronSummary(net, &s->ncomp, NULL));
  PetscCall(PetscMalloc2(s->ncomp, &s->comp, (size_t)s->ncomp * nlocal + 1, &s->buf));
  for (PetscInt c = 0; c < s->ncomp; c++) s->comp[c] = s->buf + (size_t)c * nlocal;
  PetscFunctionReturn(0);
}

static PetscErrorCode SnapshotDestroy(Snapshot *s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(s->comp, s->buf));
  PetscFunctionReturn(0);
}

typedef struct {
  MckMFNet  net;
  PetscBool network; /* the particles are neurons (not cbo points of an objective) */
  MckSeries series, snaptimes;
  Snapshot  snap;
} Run;

/* One row: step, t, training loss of the current parameters (all samples), test loss and
 * teacher alignment (NaN when there is no test set or teacher, or for cbo, whose loss column is
 * E at the consensus point of the last step). */
static PetscErrorCode Record(Run *run, PetscReal *headline)
{
  PetscInt64 step;
  PetscInt   Pt;
  PetscReal  dt, row[5] = {0, 0, NAN, NAN, NAN};

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetStep(run->net, &step, NULL));
  PetscCall(MckMFNetGetTimeStep(run->net, &dt));
  row[0] = (PetscReal)step;
  row[1] = (PetscReal)step * dt;
  if (run->network) {
    PetscCall(MckMFNetEvaluateTrain(run->net, &row[2]));
    PetscCall(MckMFNetGetTestSize(run->net, &Pt));
    if (Pt) PetscCall(MckMFNetEvaluateTest(run->net, &row[3]));
    PetscCall(MckMFNetGetAlignment(run->net, &row[4]));
  } else if (step > 0) PetscCall(MckMFNetGetLoss(run->net, &row[2]));
  PetscCall(MckSeriesAppend(run->series, row));
  *headline = row[2];
  PetscFunctionReturn(0);
}

static PetscErrorCode Observe(Run *run, const AppOptions *o, MckIO io, PetscReal *headline)
{
  PetscInt64 step, N, gstart;
  PetscInt   nlocal, ncomp;
  PetscReal  t;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetStep(run->net, &step, NULL));
  if (step % o->output_interval == 0) PetscCall(Record(run, headline));
  if (o->snapshot_interval && step % o->snapshot_interval == 0) {
    PetscCall(MckMFNetGetParticles(run->net, &N, NULL, &nlocal, &gstart, NULL));
    PetscCall(MckMFNetGetNeuronSummary(run->net, &ncomp, run->snap.comp));
    PetscCall(MckIOAppendRows(io, "/learn/snapshots", N, gstart, nlocal, ncomp, run->snap.comp));
    t = (PetscReal)step;
    PetscCall(MckSeriesAppend(run->snaptimes, &t));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(Run *run, const AppOptions *o, MckIO io)
{
  MckIO      chk;
  PetscInt64 step;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckMFNetGetStep(run->net, &step, NULL));
  PetscCall(MckIOCheckpointBegin(io, o->common.checkpoint, &chk));
  PetscCall(AppConfig(run->net, o, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(MckMFNetWrite(run->net, chk, "/checkpoint/learn"));
  PetscCall(MckIOCheckpointEnd(io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file where it stood. */
static PetscErrorCode Restart(Run *run, const AppOptions *o, MckIO io)
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  MckIO      chk;
  PetscInt64 step;
  PetscInt   nsteps;
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckMFNetGetStep(run->net, NULL, &nsteps));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a McKean checkpoint (no /checkpoint step)", o->common.restart);
  PetscCall(AppConfig(run->net, o, chk, PETSC_TRUE));
  PetscCheck(step <= nsteps, comm, PETSC_ERR_USER_INPUT, "-mfnet_steps %" PetscInt_FMT ": the checkpoint %s is already at step %" PetscInt64_FMT, nsteps, o->common.restart, step);
  PetscCall(MckMFNetRead(run->net, chk, "/checkpoint/learn"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckMFNetSetStep(run->net, step));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode TimeLoop(Run *run, const AppOptions *o, MckIO io)
{
  PetscInt64  step;
  PetscInt    nsteps;
  PetscReal   headline = NAN, dt;
  MckProgress progress;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetStep(run->net, &step, &nsteps));
  PetscCall(MckMFNetGetTimeStep(run->net, &dt));
  PetscCall(MckProgressCreate(PETSC_COMM_WORLD, o->common.progress_interval, step, nsteps, &progress));
  while (step < nsteps) {
    PetscCall(MckMFNetStep(run->net));
    PetscCall(MckMFNetGetStep(run->net, &step, NULL));
    PetscCall(MckMFNetGetLoss(run->net, &headline));
    PetscCall(Observe(run, o, io, &headline));
    if (o->common.checkpoint_interval && step % o->common.checkpoint_interval == 0) {
      PetscCall(MckSeriesFlush(run->series, io));
      PetscCall(MckSeriesFlush(run->snaptimes, io));
      PetscCall(WriteCheckpoint(run, o, io));
    }
    PetscCall(MckProgressUpdate(progress, step, (PetscReal)step * dt, "loss", headline));
  }
  PetscCall(MckProgressDestroy(&progress));
  PetscFunctionReturn(0);
}

/* The teacher directions (if any) as /learn/teacher_directions (k x d). */
static PetscErrorCode WriteTeacher(MckMFNet net, MckIO io)
{
  PetscInt         k, d;
  const PetscReal *U;
  PetscInt64       dims[2];

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetTeacher(net, &k, &U));
  PetscCall(MckMFNetGetData(net, NULL, &d, NULL, NULL, NULL));
  if (!k) PetscFunctionReturn(0);
  dims[0] = k;
  dims[1] = d;
  PetscCall(MckIOWriteArray(io, "/learn/teacher_directions", 2, dims, U));
  PetscFunctionReturn(0);
}

static PetscErrorCode Start(Run *run, const AppOptions *o, MckIO io)
{
  PetscReal headline;

  PetscFunctionBeginUser;
  if (o->common.restart[0]) {
    PetscCall(Restart(run, o, io));
    PetscCall(MckSeriesLoad(run->series, io));
    PetscCall(MckSeriesLoad(run->snaptimes, io));
  } else {
    PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
    if (run->network) PetscCall(WriteTeacher(run->net, io));
    PetscCall(Observe(run, o, io, &headline));
  }
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(Run *run, MckIO io, PetscLogDouble t0)
{
  PetscLogDouble t1;
  const char    *path;

  PetscFunctionBeginUser;
  PetscCall(MckSeriesFlush(run->series, io));
  PetscCall(MckSeriesFlush(run->snaptimes, io));
  PetscCall(MckMFNetWrite(run->net, io, "/learn"));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-mfnn: wrote %s (%.3g s)\n", path, t1 - t0));
  PetscCall(MckIOClose(io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(MckMFNet net, const AppOptions *o, PetscLogDouble t0)
{
  MPI_Comm    comm      = PETSC_COMM_WORLD;
  const char *cols[]    = {"step", "t", "train_loss", "test_loss", "alignment"};
  const char *snapcol[] = {"step"};
  Run         run       = {.net = net};
  MckIO       io;

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckMFNetIsNetwork(net, &run.network));
  PetscCall(MckSeriesCreate(comm, "mfnn", 5, cols, &run.series));
  PetscCall(MckSeriesCreate(comm, "snapshot_steps", 1, snapcol, &run.snaptimes));
  PetscCall(SnapshotCreate(net, &run.snap));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(Start(&run, o, io));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(TimeLoop(&run, o, io));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(Finish(&run, io, t0));
  PetscCall(PetscLogStagePop());
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&run.series));
  PetscCall(MckSeriesDestroy(&run.snaptimes));
  PetscCall(SnapshotDestroy(&run.snap));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunMFNN(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  MckMFNet       net;
  PetscInt       nsteps;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(McKeanCommonOptionsGet(comm, "mfnn.h5", &o.common));
  PetscCall(MckMFNetCreate(comm, &net));
  PetscCall(MckMFNetSetSeed(net, o.common.seed)); /* -mfnet_seed defaults to -seed */
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetGetStep(net, NULL, &nsteps));
  PetscCall(GetAppOptions(comm, nsteps, &o));
  PetscCall(MckMFNetSetUp(net));
  PetscCall(CheckCheckpointInterval(net, &o));
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(McKeanOptionsCheckUnused(comm));
    if (o.view) PetscCall(MckMFNetView(net, PETSC_VIEWER_STDOUT_WORLD));
    PetscCall(Execute(net, &o, t0));
  }
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return McKeanMain(argc, argv, help, RunMFNN);
}
