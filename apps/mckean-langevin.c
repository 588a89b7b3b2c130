static const char help[] = "mckean-langevin: interacting Langevin particles that couple only through summary statistics.\n"
                           "Typical use: mpiexec -n 2 mckean-langevin -options_file_yaml inputs/langevin.yaml -output run.h5\n";

#include <mckean/mcklangevin.h>

typedef struct {
  MckCommonOptions common;
  PetscInt         output_interval;   /* steps between time-series rows */
  PetscInt         snapshot_interval; /* steps between particle snapshots (0: none) */
  PetscBool        view;
} AppOptions;

static PetscErrorCode GetAppOptions(MPI_Comm comm, PetscInt64 nsteps, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->output_interval   = PetscMax(1, (PetscInt)(nsteps / 100));
  o->snapshot_interval = 0;
  o->view              = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-langevin output options", NULL);
  PetscCall(MckOptionsInt("-lgv_output_interval", "Steps between rows of /timeseries/langevin", o->output_interval, &o->output_interval, NULL));
  PetscCall(MckOptionsInt("-lgv_snapshot_interval", "Steps between particle snapshots in /particles/snapshots (0: none)", o->snapshot_interval, &o->snapshot_interval, NULL));
  PetscCall(MckOptionsBool("-lgv_view", "Print the configuration before running", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscCheck(o->output_interval > 0, comm, PETSC_ERR_USER_INPUT, "-lgv_output_interval %" PetscInt_FMT ": must be a positive number of steps", o->output_interval);
  PetscCheck(o->snapshot_interval >= 0, comm, PETSC_ERR_USER_INPUT, "-lgv_snapshot_interval %" PetscInt_FMT ": must be 0 (none) or a positive number of steps", o->snapshot_interval);
  PetscFunctionReturn(0);
}

/* Settings of the driver that a checkpoint depends on, beside the objects' own. */
static PetscErrorCode AppConfig(MckLangevin l, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinConfig(l, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscCall(MckIOConfigInt(io, check, "-lgv_output_interval", o->output_interval));
  PetscCall(MckIOConfigInt(io, check, "-lgv_snapshot_interval", o->snapshot_interval));
  PetscFunctionReturn(0);
}

typedef struct {
  const char *name;
  PetscReal   value;
} Headline; /* the diagnostic on the progress line */

/* Rows of the time series and snapshots are taken at multiples of their intervals. */
static PetscErrorCode Observe(MckLangevin l, const AppOptions *o, MckSeries series, MckSeries snaptimes, MckIO io, Headline *h)
{
  PetscInt64 step;
  PetscReal  t;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(l, &step, NULL));
  if (step % o->output_interval == 0) PetscCall(MckLangevinRecord(l, series, &h->name, &h->value));
  if (o->snapshot_interval && step % o->snapshot_interval == 0) {
    MckParticles p;
    PetscCall(MckLangevinGetParticles(l, &p));
    PetscCall(MckParticlesAppendSnapshot(p, io, "/particles/snapshots"));
    PetscCall(MckLangevinGetTime(l, &t));
    PetscCall(MckSeriesAppend(snaptimes, &t));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteCheckpoint(MckLangevin l, const AppOptions *o, MckIO io)
{
  MckIO        chk;
  MckParticles p;
  PetscInt64   step;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckLangevinGetStep(l, &step, NULL));
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(MckIOCheckpointBegin(io, o->common.checkpoint, &chk));
  PetscCall(AppConfig(l, o, chk, PETSC_FALSE));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(MckParticlesWrite(p, chk, "/checkpoint/particles"));
  PetscCall(MckIOCheckpointEnd(io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, MckLangevin l, const AppOptions *o, MckIO io)
{
  MckIO        chk;
  MckParticles p;
  PetscInt64   step, nsteps;
  PetscBool    found;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(MckLangevinGetStep(l, NULL, &nsteps));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(MckIOReadAttributeInt(chk, "/checkpoint", "step", &step, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "-restart %s: not a McKean checkpoint (no /checkpoint step)", o->common.restart);
  PetscCall(AppConfig(l, o, chk, PETSC_TRUE));
  PetscCheck(step <= nsteps, comm, PETSC_ERR_USER_INPUT, "-lgv_steps %" PetscInt64_FMT ": the checkpoint %s is already at step %" PetscInt64_FMT, nsteps, o->common.restart, step);
  PetscCall(MckParticlesRead(p, chk, "/checkpoint/particles"));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckLangevinSetStep(l, step));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode TimeLoop(MckLangevin l, const AppOptions *o, MckIO io, MckSeries series, MckSeries snaptimes)
{
  PetscInt64  step, nsteps;
  PetscReal   t;
  Headline    headline = {"var_0", 0};
  MckProgress progress;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(l, &step, &nsteps));
  PetscCall(MckProgressCreate(PETSC_COMM_WORLD, o->common.progress_interval, step, nsteps, &progress));
  while (step < nsteps) {
    PetscCall(MckLangevinStep(l));
    PetscCall(MckLangevinGetStep(l, &step, NULL));
    PetscCall(Observe(l, o, series, snaptimes, io, &headline));
    if (o->common.checkpoint_interval && step % o->common.checkpoint_interval == 0) {
      PetscCall(MckSeriesFlush(series, io));
      PetscCall(MckSeriesFlush(snaptimes, io));
      PetscCall(WriteCheckpoint(l, o, io));
    }
    PetscCall(MckLangevinGetTime(l, &t));
    PetscCall(MckProgressUpdate(progress, step, t, headline.name, headline.value));
  }
  PetscCall(MckProgressDestroy(&progress));
  PetscFunctionReturn(0);
}

/* Start fresh or from a checkpoint; either way the run file is open and the forces are known. */
static PetscErrorCode Start(MPI_Comm comm, MckLangevin l, MckRNG rng, const AppOptions *o, MckIO io, MckSeries series, MckSeries snaptimes)
{
  MckParticles p;
  Headline     headline;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(l, &p));
  if (o->common.restart[0]) {
    PetscCall(Restart(comm, l, o, io));
    PetscCall(MckSeriesLoad(series, io));
    PetscCall(MckSeriesLoad(snaptimes, io));
    PetscCall(MckLangevinPrepare(l, PETSC_FALSE));
  } else {
    PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
    PetscCall(MckParticlesInitialize(p, rng));
    PetscCall(MckLangevinPrepare(l, PETSC_TRUE));
    PetscCall(Observe(l, o, series, snaptimes, io, &headline));
  }
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  PetscFunctionReturn(0);
}

static PetscErrorCode Finish(MckLangevin l, MckIO io, MckSeries series, MckSeries snaptimes, PetscLogDouble t0)
{
  MckParticles   p;
  PetscLogDouble t1;
  const char    *path;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(MckSeriesFlush(series, io));
  PetscCall(MckSeriesFlush(snaptimes, io));
  PetscCall(MckParticlesWrite(p, io, "/particles"));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-langevin: wrote %s (%.3g s)\n", path, t1 - t0));
  PetscCall(MckIOClose(io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(MckLangevin l, MckRNG rng, const AppOptions *o, PetscLogDouble t0)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  MckIO       io;
  MckSeries   series, snaptimes;
  const char *snapcol[] = {"t"};

  PetscFunctionBeginUser;
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckLangevinCreateSeries(l, &series));
  PetscCall(MckSeriesCreate(comm, "snapshot_times", 1, snapcol, &snaptimes));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(Start(comm, l, rng, o, io, series, snaptimes));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(TimeLoop(l, o, io, series, snaptimes));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(Finish(l, io, series, snaptimes, t0));
  PetscCall(PetscLogStagePop());
  PetscCall(MckIODestroy(&io));
  PetscCall(MckSeriesDestroy(&series));
  PetscCall(MckSeriesDestroy(&snaptimes));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunLangevin(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  MckParticles   p;
  MckLangevin    l;
  MckRNG         rng;
  PetscInt64     nsteps;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(McKeanCommonOptionsGet(comm, "langevin.h5", &o.common));
  PetscCall(MckParticlesCreate(comm, &p));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckLangevinCreate(p, &l));
  PetscCall(MckLangevinSetFromOptions(l));
  PetscCall(MckLangevinGetStep(l, NULL, &nsteps));
  PetscCall(GetAppOptions(comm, nsteps, &o));
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, o.common.seed));
  PetscCall(MckLangevinSetRNG(l, rng));
  PetscCall(MckLangevinSetUp(l));
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(McKeanOptionsCheckUnused(comm));
    if (o.view) PetscCall(MckLangevinView(l, PETSC_VIEWER_STDOUT_WORLD));
    PetscCall(Execute(l, rng, &o, t0));
  }
  PetscCall(MckLangevinDestroy(&l));
  PetscCall(MckParticlesDestroy(&p));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return McKeanMain(argc, argv, help, RunLangevin);
}
