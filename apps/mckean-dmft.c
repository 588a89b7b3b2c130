static const char help[] =
    "mckean-dmft: dynamical mean-field theory of random networks (solved self-consistently, checked against finite networks) and of the spherical p-spin glass.\n"
    "Typical use: mpiexec -n 2 mckean-dmft -options_file_yaml inputs/dmft.yaml -output dmft.h5\n";

#include <mckean/mckdmft.h>
#include <mckean/mckrun.h>

typedef struct {
  MckRun  run;
  MckDMFT d;
} App;

/* The summary of the result, before "wrote FILE". */
static PetscErrorCode Summary(MckRun run, void *ctx)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTResultView((MckDMFT)ctx, PETSC_VIEWER_STDOUT_(PetscObjectComm((PetscObject)run))));
  PetscFunctionReturn(0);
}

/* The model refuses periodic checkpoints and restarts it cannot honour (a solver of one step). */
static PetscErrorCode CheckCheckpointing(MckRun run, MckDMFT d)
{
  PetscInt  interval;
  PetscBool restart;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetCheckpointInterval(run, &interval));
  PetscCall(MckRunIsRestart(run, &restart));
  PetscCall(MckDMFTCheckCheckpointing(d, interval, restart));
  PetscFunctionReturn(0);
}

/* The job; what it creates is left in app for DestroyDMFT, after an error too. */
static PetscErrorCode SolveDMFT(MPI_Comm comm, App *app)
{
  MckRNG    rng;
  MckSeries history;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "dmft.h5", PETSC_FALSE, NULL, &app->run));
  PetscCall(MckRunGetRNG(app->run, &rng));
  PetscCall(MckDMFTCreate(comm, &app->d));
  PetscCall(MckDMFTSetFromOptions(app->d));
  PetscCall(MckDMFTSetRNG(app->d, rng));
  PetscCall(MckDMFTSetUp(app->d));
  PetscCall(CheckCheckpointing(app->run, app->d));
  PetscCall(MckDMFTGetHistory(app->d, &history));
  if (history) PetscCall(MckRunAddSeries(app->run, history));
  PetscCall(MckRunAddFinish(app->run, Summary, app->d));
  PetscCall(MckRunSolveObject(app->run, "dmft", (PetscObject)app->d));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyDMFT(App *app)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunDestroy(&app->run));
  PetscCall(MckDMFTDestroy(&app->d));
  PetscFunctionReturn(0);
}

MCKEAN_APP_JOB(dmft, help, App, SolveDMFT, DestroyDMFT)
