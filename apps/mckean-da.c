static const char help[] =
    "mckean-da: ensemble Kalman data assimilation twin experiment (truth run, synthetic observations, filter).\n"
    "Typical use: mpiexec -n 2 mckean-da -options_file_yaml inputs/da.yaml -output da.h5\n";

#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

/* The summary attributes and line, before the run file is closed. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckTwinWriteResults((MckTwin)ctx, io, "/ensemble"));
  PetscCall(MckTwinViewSummary((MckTwin)ctx, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunDA(void)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  MckRun      run;
  MckRNG      rng;
  MckEnsemble ens;
  MckTwin     tw;
  MckSeries   series;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "da.h5"));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckEnsembleCreateWithModel(comm, MCKENSEMBLE_ETKF, MCKMODEL_LORENZ96, &ens));
  PetscCall(MckEnsembleSetRNG(ens, rng));
  PetscCall(MckTwinCreate(ens, &tw));
  PetscCall(MckTwinSetOptionsPrefix(tw, "da_"));
  PetscCall(MckTwinSetType(tw, MCKTWIN_FILTER));
  PetscCall(MckTwinSetRNG(tw, rng));
  PetscCall(MckTwinSetFromOptions(tw));
  PetscCall(MckTwinSetUp(tw));
  PetscCall(MckTwinGetSeries(tw, &series));
  PetscCall(MckRunAddSeries(run, series));
  PetscCall(MckTwinGetSmootherSeries(tw, &series));
  if (series) PetscCall(MckRunAddSeries(run, series));
  PetscCall(MckRunAddFinish(run, Finish, tw));
  PetscCall(MckRunAddObject(run, "ensemble", (PetscObject)tw));
  PetscCall(MckRunSetSolver(run, (PetscObject)tw));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckTwinDestroy(&tw));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

MCKEAN_APP(da, help, RunDA)
