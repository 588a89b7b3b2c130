/* Registries of the dmft layer (solvers, activations) and its log events. A new solver or
 * activation is one function (or table) plus one register call (DESIGN.md §3). */
#include "dmft/dmftimpl.h"

PetscFunctionList MckDMFTSolverList = NULL;
PetscLogEvent     MCK_EVENT_DMFTCholesky, MCK_EVENT_DMFTSample, MCK_EVENT_DMFTIntegrate, MCK_EVENT_DMFTAccumulate, MCK_EVENT_DMFTReduce, MCK_EVENT_DMFTNetwork,
  MCK_EVENT_DMFTStationary;

extern const MckDMFTActivation MckDMFTAct_Tanh, MckDMFTAct_Erf, MckDMFTAct_ReLU;

#define MCK_DMFT_MAX_ACTIVATIONS 32
/* Activations are small tables of functions, kept by value in a named table. */
static struct {
  char              name[MCK_DMFT_NAME_LEN];
  MckDMFTActivation act;
} activations[MCK_DMFT_MAX_ACTIVATIONS];
static PetscInt  nactivations = 0;
static PetscBool registered   = PETSC_FALSE;

static PetscErrorCode MckDMFTFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckDMFTSolverList));
  nactivations = 0;
  registered   = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode AddActivation(const char name[], const MckDMFTActivation *act)
{
  PetscFunctionBeginUser;
  PetscCheck(act && act->phi && act->primitive, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckDMFTRegisterActivation('%s'): phi and its primitive are required", name);
  PetscCheck(strlen(name) < MCK_DMFT_NAME_LEN, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "activation name '%s' longer than %d characters", name, MCK_DMFT_NAME_LEN - 1);
  for (PetscInt i = 0; i < nactivations; i++)
    if (!strcmp(activations[i].name, name)) { /* re-registering replaces, as PetscFunctionListAdd does */
      activations[i].act = *act;
      PetscFunctionReturn(0);
    }
  PetscCheck(nactivations < MCK_DMFT_MAX_ACTIVATIONS, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "at most %d activations", MCK_DMFT_MAX_ACTIVATIONS);
  PetscCall(PetscStrncpy(activations[nactivations].name, name, MCK_DMFT_NAME_LEN));
  activations[nactivations++].act = *act;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "population", MckDMFTSolve_Population));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "stationary", MckDMFTSolve_Stationary));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, "network", MckDMFTSolve_Network));
  PetscCall(AddActivation("tanh", &MckDMFTAct_Tanh));
  PetscCall(AddActivation("erf", &MckDMFTAct_Erf));
  PetscCall(AddActivation("relu", &MckDMFTAct_ReLU));
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

PetscErrorCode MckDMFTRegisterActivation(const char name[], const MckDMFTActivation *act)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(AddActivation(name, act));
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
  PetscFunctionBeginUser;
  *act = NULL;
  for (PetscInt i = 0; i < nactivations; i++)
    if (!strcmp(activations[i].name, name)) *act = &activations[i].act;
  PetscFunctionReturn(0);
}

/* "tanh, erf, relu" for error messages and -help. */
PETSC_INTERN PetscErrorCode MckDMFTActivationNames(char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt i = 0; i < nactivations; i++) {
    if (i) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, activations[i].name, len));
  }
  PetscFunctionReturn(0);
}
