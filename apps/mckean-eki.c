static const char help[] =
    "mckean-eki: ensemble Kalman inversion (EKI) and sampling (EKS) of a forward model's whitened parameter.\n"
    "Twin experiment: a truth drawn from the prior, noisy synthetic data, the ensemble iterated until the\n"
    "discrepancy principle or an iteration limit stops it.\n"
    "Typical use: mpiexec -n 2 mckean-eki -options_file_yaml inputs/eki_darcy.yaml -output eki.h5\n";

#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

/* Mean, truth, data, exact posterior and physical fields, and the summary line. */
static PetscErrorCode Finish(MckRun run, void *ctx)
{
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckRunGetIO(run, &io));
  PetscCall(MckTwinWriteResults((MckTwin)ctx, io, "/ensemble"));
  PetscCall(MckTwinViewSummary((MckTwin)ctx, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunEKI(void)
{
  MPI_Comm    comm = PETSC_COMM_WORLD;
  MckRun      run;
  MckRNG      rng;
  MckEnsemble ens;
  MckTwin     tw;
  MckSeries   series;

  PetscFunctionBeginUser;
  PetscCall(MckRunCreate(comm, &run));
  PetscCall(MckRunSetDefaultOutput(run, "eki.h5"));
  PetscCall(MckRunSetFromOptions(run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckEnsembleCreateWithModel(comm, MCKENSEMBLE_EKI, MCKMODEL_LINEAR, &ens));
  PetscCall(MckEnsembleSetRNG(ens, rng));
  PetscCall(MckTwinCreate(ens, &tw));
  PetscCall(MckTwinSetOptionsPrefix(tw, "eki_"));
  PetscCall(MckTwinSetType(tw, MCKTWIN_INVERSE));
  PetscCall(MckTwinSetRNG(tw, rng));
  PetscCall(MckTwinSetFromOptions(tw));
  PetscCall(MckTwinSetUp(tw));
  PetscCall(MckTwinGetSeries(tw, &series));
  PetscCall(MckRunAddSeries(run, series));
  PetscCall(MckRunAddFinish(run, Finish, tw));
  PetscCall(MckRunAddObject(run, "ensemble", (PetscObject)tw));
  PetscCall(MckRunSetSolver(run, (PetscObject)tw));
  PetscCall(MckRunSolve(run));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckTwinDestroy(&tw));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

MCKEAN_APP(eki, help, RunEKI)
