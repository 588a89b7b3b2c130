static const char help[] =
    "mckean-da: ensemble Kalman data assimilation twin experiment (truth run, synthetic observations, filter).\n"
    "Typical use: mpiexec -n 2 mckean-da -options_file_yaml inputs/da.yaml -output da.h5\n";

#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>

static PetscErrorCode RunDA(void)
{
  PetscFunctionBeginUser;
  PetscCall(MckRunTwinApp(PETSC_COMM_WORLD, "da.h5", MCKENSEMBLE_ETKF, MCKMODEL_LORENZ96, MCKTWIN_FILTER, "da_"));
  PetscFunctionReturn(0);
}

MCKEAN_APP(da, help, RunDA)
