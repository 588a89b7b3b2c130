/* Registries of the dmft layer (solvers, activations) and its log events. A new solver or
 * activation is one function (for an activation: a getter of its table) plus one register call
 * (DESIGN.md §3). */
#include "dmft/dmftimpl.h"

PetscFunctionList MckDMFTSolverList = NULL;
PetscLogEvent     MCK_EVENT_DMFTCholesky, MCK_EVENT_DMFTSample, MCK_EVENT_DMFTIntegrate, MCK_EVENT_DMFTAccumulate, MCK_EVENT_DMFTReduce, MCK_EVENT_DMFTNetwork,
  MCK_EVENT_DMFTStationary;


static PetscFunctionList MckDMFTActivationList = NULL;
static PetscBool         registered            = PETSC_FALSE;

static PetscErrorCode MckDMFTFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckDMFTSolverList));
  PetscCall(PetscFunctionListDestroy(&MckDMFTActivationList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static const MckDMFTActivation *GetTanh(void)
{
  return &MckDMFTAct_Tanh;
}
static const MckDMFTActivation *GetErf(void)
{
  return &MckDMFTAct_Erf;
}
static const MckDMFTActivation *GetReLU(void)
{
  return &MckDMFTAct_ReLU;
}

PetscErrorCode MckDMFTInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "population", MckDMFTSolve_Population));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "stationary", MckDMFTSolve_Stationary));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "network", MckDMFTSolve_Network));
  PetscCall(PetscFunctionListAdd(&MckDMFTActivationList, "tanh", GetTanh));
  PetscCall(PetscFunctionListAdd(&MckDMFTActivationList, "erf", GetErf));
  PetscCall(PetscFunctionListAdd(&MckDMFTActivationList, "relu", GetReLU));
  PetscCall(PetscLogEventRegister("DMFTCholesky", MCK_CLASSID, &MCK_EVENT_DMFTCholesky));
  PetscCall(PetscLogEventRegister("DMFTSample", MCK_CLASSID, &MCK_EVENT_DMFTSample));
  PetscCall(PetscLogEventRegister("DMFTIntegrate", MCK_CLASSID, &MCK_EVENT_DMFTIntegrate));
  PetscCall(PetscLogEventRegister("DMFTAccumulate", MCK_CLASSID, &MCK_EVENT_DMFTAccumulate));
  PetscCall(PetscLogEventRegister("DMFTReduce", MCK_CLASSID, &MCK_EVENT_DMFTReduce));
  PetscCall(PetscLogEventRegister("DMFTNetwork", MCK_CLASSID, &MCK_EVENT_DMFTNetwork));
  PetscCall(PetscLogEventRegister("DMFTStationary", MCK_CLASSID, &MCK_EVENT_DMFTStationary));
  PetscCall(PetscRegisterFinalize(MckDMFTFinalizePackage));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTRegisterActivation(const char name[], MckDMFTActivationGetter get)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckDMFTActivationList, name, get));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTRegisterSolver(const char name[], MckDMFTSolverFn solve)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, name, solve));
  PetscFunctionReturn(0);
}

/* NULL if no activation has that name; the caller raises the user error naming the choices. */
PetscErrorCode MckDMFTGetActivation_Private(const char name[], const MckDMFTActivation **act)
{
  MckDMFTActivationGetter get;

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind(MckDMFTActivationList, name, &get));
  *act = get ? get() : NULL;
  PetscFunctionReturn(0);
}
