static const char help[] =
    "mckean-eki: ensemble Kalman inversion (EKI) and sampling (EKS) of a forward model's whitened parameter.\n"
    "Twin experiment: a truth drawn from the prior, noisy synthetic data, the ensemble iterated until the\n"
    "discrepancy principle or an iteration limit stops it.\n"
    "Typical use: mpiexec -n 2 mckean-eki -options_file_yaml inputs/eki_darcy.yaml -output eki.h5\n";

#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

static PetscErrorCode RunEKI(void)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunTwinApp(PETSC_COMM_WORLD, "eki.h5", MCKENSEMBLE_EKI, MCKMODEL_LINEAR, MCKTWIN_INVERSE, "eki_"));
  PetscFunctionReturn(0);
}

MCKEAN_APP(eki, help, RunEKI)
