static const char help[] = "mckean-dmft: dynamical mean-field theory of random networks, solved self-consistently and checked against finite networks.\n"
                           "Typical use: mpiexec -n 2 mckean-dmft -options_file_yaml inputs/dmft.yaml -output dmft.h5\n";

#include <mckean/mckdmft.h>
#include <mckean/mckpspin.h>

typedef enum { MODEL_SCS, MODEL_PSPIN } Model;
static const char *const ModelNames[] = {"scs", "pspin"};

typedef struct {
  MckCommonOptions common;
  PetscInt         model;
  PetscBool        view;
} AppOptions;

static PetscErrorCode GetAppOptions(MPI_Comm comm, AppOptions *o)
{
  PetscFunctionBeginUser;
  o->model = MODEL_SCS;
  o->view  = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "mckean-dmft options", NULL);
  PetscCall(MckOptionsChoice("-dmft_model", "Model: scs (random rate network, Sompolinsky-Crisanti-Sommers) or pspin (spherical p-spin glass)", ModelNames, 2, o->model, &o->model, NULL));
  PetscCall(MckOptionsBool("-dmft_view", "Print the configuration before solving", o->view, &o->view, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/* The two models behind one driver: the scs network (MckDMFT) or the spherical p-spin (MckPSpin). */
typedef struct {
  MckDMFT  dmft;
  MckPSpin pspin;
} Models;

/* Checkpoints exist for the long runs: the population solver's self-consistency, the network's
 * and the p-spin's time integrations. The stationary solver takes seconds (docs/dmft.md). */
static PetscErrorCode CheckCheckpointing(MPI_Comm comm, const Models *m, const AppOptions *o)
{
  PetscBool can = PETSC_TRUE;

  PetscFunctionBeginUser;
  if (m->dmft) PetscCall(MckDMFTCanCheckpoint(m->dmft, &can));
  PetscCheck(can || !o->common.restart[0], comm, PETSC_ERR_USER_INPUT, "-restart %s: the stationary solver is not iterative (it takes seconds) and has no checkpoints; allowed with -dmft_solver population or network, or -dmft_model pspin", o->common.restart);
  PetscCheck(can || !o->common.checkpoint_interval, comm, PETSC_ERR_USER_INPUT, "-checkpoint_interval %" PetscInt_FMT ": the stationary solver is not iterative (it takes seconds) and has no checkpoints; allowed: 0, or -dmft_solver population or network, or -dmft_model pspin",
             o->common.checkpoint_interval);
  PetscFunctionReturn(0);
}

/* Settings of the model and the driver that a checkpoint depends on. */
static PetscErrorCode AppConfig(const Models *m, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, "-dmft_model", ModelNames[o->model]));
  if (m->pspin) PetscCall(MckPSpinConfig(m->pspin, io, check));
  else PetscCall(MckDMFTConfig(m->dmft, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscFunctionReturn(0);
}

typedef struct {
  const Models     *m;
  const AppOptions *o;
  MckIO             io;
} CheckpointCtx;

/* Every -checkpoint_interval steps (evaluations of the self-consistency map): the run file as
 * it stands plus the model's state, with the step on /checkpoint. */
static PetscErrorCode Checkpoint(CheckpointCtx *c, PetscInt64 step)
{
  MckIO     chk;
  MckSeries history;

  PetscFunctionBeginUser;
  if (step % c->o->common.checkpoint_interval) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  if (c->m->dmft) {
    PetscCall(MckDMFTGetHistory(c->m->dmft, &history));
    PetscCall(MckSeriesFlush(history, c->io));
  }
  PetscCall(MckIOCheckpointBegin(c->io, c->o->common.checkpoint, &chk));
  PetscCall(AppConfig(c->m, c->o, chk, PETSC_FALSE));
  if (c->m->pspin) PetscCall(MckPSpinWriteState(c->m->pspin, chk));
  else PetscCall(MckDMFTWriteState(c->m->dmft, chk));
  PetscCall(MckIOWriteAttributeInt(chk, "/checkpoint", "step", step));
  PetscCall(MckIOCheckpointEnd(c->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode DMFTMonitor(MckDMFT d, PetscInt64 evaluation, void *ctx)
{
  PetscFunctionBeginUser;
  (void)d;
  PetscCall(Checkpoint((CheckpointCtx *)ctx, evaluation));
  PetscFunctionReturn(0);
}

static PetscErrorCode PSpinMonitor(MckPSpin ps, PetscInt step, void *ctx)
{
  PetscFunctionBeginUser;
  (void)ps;
  PetscCall(Checkpoint((CheckpointCtx *)ctx, step));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file (and iteration history) where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, const Models *m, const AppOptions *o, MckIO io)
{
  MckIO     chk;
  MckSeries history;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(AppConfig(m, o, chk, PETSC_TRUE));
  if (m->pspin) PetscCall(MckPSpinReadState(m->pspin, chk));
  else PetscCall(MckDMFTReadState(m->dmft, chk));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  if (m->dmft) {
    PetscCall(MckDMFTGetHistory(m->dmft, &history));
    PetscCall(MckSeriesLoad(history, io));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Report(MckDMFT d, const char path[], PetscLogDouble seconds)
{
  PetscInt         its, nlags;
  PetscReal        residual, dtau;
  PetscBool        converged;
  const PetscReal *delta;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetConvergence(d, &its, &residual, &converged));
  PetscCall(MckDMFTGetAutocorrelation(d, &nlags, &dtau, &delta));
  if (its || !converged)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-dmft: self-consistency %s after %" PetscInt_FMT " iterations (residual %.3g)\n", converged ? "converged" : "NOT converged", its, (double)residual));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-dmft: Delta(0) = %.6g, Delta(%g) = %.6g\n", (double)delta[0], (double)((nlags - 1) * dtau), (double)delta[nlags - 1]));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-dmft: wrote %s (%.3g s)\n", path, seconds));
  PetscFunctionReturn(0);
}

static PetscErrorCode Solve(const Models *m)
{
  PetscFunctionBeginUser;
  if (m->pspin) PetscCall(MckPSpinSolve(m->pspin));
  else PetscCall(MckDMFTSolve(m->dmft));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write(const Models *m, MckIO io)
{
  PetscFunctionBeginUser;
  if (m->pspin) PetscCall(MckPSpinWrite(m->pspin, io));
  else PetscCall(MckDMFTWrite(m->dmft, io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Execute(const Models *m, const AppOptions *o, PetscLogDouble t0)
{
  MckIO          io;
  PetscLogDouble t1;
  const char    *path;
  CheckpointCtx  chk;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  if (o->common.restart[0]) PetscCall(Restart(PETSC_COMM_WORLD, m, o, io));
  else PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  chk.m  = m;
  chk.o  = o;
  chk.io = io;
  if (o->common.checkpoint_interval && m->dmft) PetscCall(MckDMFTSetMonitor(m->dmft, DMFTMonitor, &chk));
  if (o->common.checkpoint_interval && m->pspin) PetscCall(MckPSpinSetMonitor(m->pspin, PSpinMonitor, &chk));
  PetscCall(PetscLogStagePush(MCK_STAGE_Run));
  PetscCall(Solve(m));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscLogStagePush(MCK_STAGE_Output));
  PetscCall(Write(m, io));
  PetscCall(PetscTime(&t1));
  PetscCall(MckIOWriteAttributeReal(io, "/", "wall_time_seconds", t1 - t0));
  PetscCall(MckIOGetPath(io, &path));
  if (m->dmft) PetscCall(Report(m->dmft, path, t1 - t0));
  else PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mckean-dmft: wrote %s (%.3g s)\n", path, t1 - t0));
  PetscCall(MckIOClose(io));
  PetscCall(PetscLogStagePop());
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateModel(MPI_Comm comm, const AppOptions *o, MckRNG rng, Models *m)
{
  PetscFunctionBeginUser;
  if (o->model == MODEL_PSPIN) {
    PetscCall(MckPSpinCreate(comm, &m->pspin));
    PetscCall(MckPSpinSetFromOptions(m->pspin));
    PetscCall(MckPSpinSetUp(m->pspin));
  } else {
    PetscCall(MckDMFTCreate(comm, &m->dmft));
    PetscCall(MckDMFTSetFromOptions(m->dmft));
    PetscCall(MckDMFTSetRNG(m->dmft, rng));
    PetscCall(MckDMFTSetUp(m->dmft));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RunDMFT(void)
{
  MPI_Comm       comm = PETSC_COMM_WORLD;
  AppOptions     o;
  Models         m = {NULL, NULL};
  MckRNG         rng;
  PetscLogDouble t0;

  PetscFunctionBeginUser;
  PetscCall(PetscTime(&t0));
  PetscCall(McKeanCommonOptionsGet(comm, "dmft.h5", &o.common));
  PetscCall(GetAppOptions(comm, &o));
  PetscCall(PetscLogStagePush(MCK_STAGE_Setup));
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, o.common.seed));
  PetscCall(CreateModel(comm, &o, rng, &m));
  PetscCall(PetscLogStagePop());
  if (!o.common.help) { /* with -help the options and their defaults have been printed: done */
    PetscCall(McKeanOptionsCheckUnused(comm));
    PetscCall(CheckCheckpointing(comm, &m, &o));
    if (o.view && m.dmft) PetscCall(MckDMFTView(m.dmft, PETSC_VIEWER_STDOUT_WORLD));
    if (o.view && m.pspin) PetscCall(MckPSpinView(m.pspin, PETSC_VIEWER_STDOUT_WORLD));
    PetscCall(Execute(&m, &o, t0));
  }
  PetscCall(MckDMFTDestroy(&m.dmft));
  PetscCall(MckPSpinDestroy(&m.pspin));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return McKeanMain(argc, argv, help, RunDMFT);
}
