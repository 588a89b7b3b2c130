static const char help[] =
    "mckean-dmft: dynamical mean-field theory of random networks (solved self-consistently, checked against finite networks) and of the spherical p-spin glass.\n"
    "Typical use: mpiexec -n 2 mckean-dmft -options_file_yaml inputs/dmft.yaml -output dmft.h5\n";

#include <mckean/mckdmft.h>
#include <mckean/mckrun.h>

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

/* The job; what it creates is left in run and d for RunDMFT to destroy, after an error too. */
static PetscErrorCode SolveDMFT(MPI_Comm comm, MckRun *run, MckDMFT *d)
{
  MckRNG    rng;
  MckSeries history;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreateFromOptions(comm, "dmft.h5", PETSC_FALSE, NULL, run));
  PetscCall(MckRunGetRNG(*run, &rng));
  PetscCall(MckDMFTCreate(comm, d));
  PetscCall(MckDMFTSetFromOptions(*d));
  PetscCall(MckDMFTSetRNG(*d, rng));
  PetscCall(MckDMFTSetUp(*d));
  PetscCall(CheckCheckpointing(*run, *d));
  PetscCall(MckDMFTGetHistory(*d, &history));
  if (history) PetscCall(MckRunAddSeries(*run, history));
  PetscCall(MckRunAddFinish(*run, Summary, *d));
  PetscCall(MckRunSolveObject(*run, "dmft", (PetscObject)*d));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunDMFT(void)
{
  MckRun         run = NULL;
  MckDMFT        d   = NULL;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  ierr = SolveDMFT(PETSC_COMM_WORLD, &run, &d);
  if (McKeanErrorIsCollective(ierr)) { /* a refused input leaves nothing behind */
    PetscCall(MckRunDestroy(&run));
    PetscCall(MckDMFTDestroy(&d));
  }
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

MCKEAN_APP(dmft, help, RunDMFT)
