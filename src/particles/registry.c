/* Registries of integrators and drift terms: a new one is one file plus one register call. */
#include "langevinimpl.h"

PETSC_INTERN PetscFunctionList MckIntegratorList, MckDriftList;
PetscFunctionList              MckIntegratorList = NULL, MckDriftList = NULL;
static PetscBool               registered        = PETSC_FALSE;

PetscErrorCode MckLangevinRegisterIntegrator(const char name[], MckIntegratorCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckIntegratorList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftRegister(const char name[], MckDriftCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckDriftList, name, create));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckLangevinFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckIntegratorList));
  PetscCall(PetscFunctionListDestroy(&MckDriftList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckIntegratorList, "euler_maruyama", MckIntegratorCreate_EulerMaruyama));
  PetscCall(PetscFunctionListAdd(&MckIntegratorList, "baoab", MckIntegratorCreate_BAOAB));
  PetscCall(PetscFunctionListAdd(&MckDriftList, "harmonic", MckDriftCreate_Harmonic));
  PetscCall(PetscFunctionListAdd(&MckDriftList, "double_well", MckDriftCreate_DoubleWell));
  PetscCall(PetscFunctionListAdd(&MckDriftList, "fourier_meanfield", MckDriftCreate_FourierMeanField));
  PetscCall(PetscFunctionListAdd(&MckDriftList, "quadratic_meanfield", MckDriftCreate_QuadraticMeanField));
  PetscCall(PetscFunctionListAdd(&MckDriftList, "chemotaxis", MckDriftCreate_Chemotaxis));
  PetscCall(PetscRegisterFinalize(MckLangevinFinalizePackage));
  PetscFunctionReturn(0);
}
