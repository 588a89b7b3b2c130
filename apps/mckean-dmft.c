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
  PetscCheck(!o->common.restart[0], comm, PETSC_ERR_USER_INPUT, "-restart %s: mckean-dmft has no checkpoint/restart (a self-consistency run is restarted by running it again)", o->common.restart);
  PetscCheck(!o->common.checkpoint_interval, comm, PETSC_ERR_USER_INPUT, "-checkpoint_interval %" PetscInt_FMT ": mckean-dmft has no checkpoints; allowed: 0", o->common.checkpoint_interval);
  PetscFunctionReturn(0);
}

/* The two models behind one driver: the scs network (MckDMFT) or the spherical p-spin (MckPSpin). */
typedef struct {
  MckDMFT  dmft;
  MckPSpin pspin;
} Models;

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

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenWrite(io, o->common.output, "-output"));
  PetscCall(MckIOWriteRunAttributes(io, o->common.seed));
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
  PetscErrorCode ierr;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  ierr = RunDMFT();
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
