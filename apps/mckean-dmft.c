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

/* Checkpoints exist only for an iterative solve (the population solver's self-consistency). */
static PetscErrorCode CheckCheckpointing(MPI_Comm comm, const Models *m, const AppOptions *o)
{
  PetscBool iterative = PETSC_FALSE;

  PetscFunctionBeginUser;
  if (m->dmft) PetscCall(MckDMFTIsIterative(m->dmft, &iterative));
  PetscCheck(iterative || !o->common.restart[0], comm, PETSC_ERR_USER_INPUT, "-restart %s: only the self-consistency iteration can be restarted; allowed with -dmft_model scs -dmft_solver population", o->common.restart);
  PetscCheck(iterative || !o->common.checkpoint_interval, comm, PETSC_ERR_USER_INPUT, "-checkpoint_interval %" PetscInt_FMT ": only the self-consistency iteration has checkpoints; allowed: 0, or -dmft_model scs -dmft_solver population",
             o->common.checkpoint_interval);
  PetscFunctionReturn(0);
}

/* Settings of the driver that a checkpoint depends on, beside the object's own. */
static PetscErrorCode AppConfig(MckDMFT d, const AppOptions *o, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTConfig(d, io, check));
  PetscCall(MckIOConfigInt(io, check, "-seed", o->common.seed));
  PetscFunctionReturn(0);
}

typedef struct {
  const AppOptions *o;
  MckIO             io;
} CheckpointCtx;

/* The DMFT monitor: every -checkpoint_interval evaluations, the run file as it stands plus the iterate. */
static PetscErrorCode Checkpoint(MckDMFT d, PetscInt64 evaluation, void *ctx)
{
  CheckpointCtx *c = (CheckpointCtx *)ctx;
  MckIO          chk;
  MckSeries      history;

  PetscFunctionBeginUser;
  if (evaluation % c->o->common.checkpoint_interval) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscCall(MckDMFTGetHistory(d, &history));
  PetscCall(MckSeriesFlush(history, c->io));
  PetscCall(MckIOCheckpointBegin(c->io, c->o->common.checkpoint, &chk));
  PetscCall(AppConfig(d, c->o, chk, PETSC_FALSE));
  PetscCall(MckDMFTWriteState(d, chk));
  PetscCall(MckIOCheckpointEnd(c->io, &chk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_Checkpoint, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Refuse a checkpoint of another configuration before anything is written, then continue its
 * run file (and iteration history) where it stood. */
static PetscErrorCode Restart(MPI_Comm comm, MckDMFT d, const AppOptions *o, MckIO io)
{
  MckIO     chk;
  MckSeries history;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_Restart, 0, 0, 0, 0));
  PetscCall(MckIOCreate(comm, &chk));
  PetscCall(MckIOOpenRead(chk, o->common.restart, "-restart"));
  PetscCall(AppConfig(d, o, chk, PETSC_TRUE));
  PetscCall(MckDMFTReadState(d, chk));
  PetscCall(MckIODestroy(&chk));
  PetscCall(MckIORestartRunFile(io, o->common.output, "-output", o->common.restart));
  PetscCall(MckDMFTGetHistory(d, &history));
  PetscCall(MckSeriesLoad(history, io));
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
  if (o->common.restart[0]) PetscCall(Restart(PETSC_COMM_WORLD, m->dmft, o, io));
  else PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
  chk.o  = o;
  chk.io = io;
  if (o->common.checkpoint_interval) PetscCall(MckDMFTSetMonitor(m->dmft, Checkpoint, &chk));
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
