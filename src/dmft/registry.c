/* The dmft layer's package: its class, log events, and the registries of models (the types of
 * MckDMFT) and of the scs model's solvers. A new model or solver is one file plus one register
 * line (DESIGN.md §3). */
#include "dmft/dmftimpl.h"

PetscClassId      MCK_DMFT_CLASSID;
PetscFunctionList MckDMFTList = NULL, MckDMFTSolverList = NULL;
PetscLogEvent     MCK_EVENT_DMFTCholesky, MCK_EVENT_DMFTSample, MCK_EVENT_DMFTIntegrate, MCK_EVENT_DMFTAccumulate,
    MCK_EVENT_DMFTReduce, MCK_EVENT_DMFTNetwork, MCK_EVENT_DMFTStationary, MCK_EVENT_PSpinKernel,
    MCK_EVENT_PSpinExchange;
static PetscBool registered = PETSC_FALSE;

static PetscErrorCode MckDMFTFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckDMFTList));
  PetscCall(PetscFunctionListDestroy(&MckDMFTSolverList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode RegisterEvents(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventRegister("DMFTCholesky", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTCholesky));
  PetscCall(PetscLogEventRegister("DMFTSample", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTSample));
  PetscCall(PetscLogEventRegister("DMFTIntegrate", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTIntegrate));
  PetscCall(PetscLogEventRegister("DMFTAccumulate", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTAccumulate));
  PetscCall(PetscLogEventRegister("DMFTReduce", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTReduce));
  PetscCall(PetscLogEventRegister("DMFTNetwork", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTNetwork));
  PetscCall(PetscLogEventRegister("DMFTStationary", MCK_DMFT_CLASSID, &MCK_EVENT_DMFTStationary));
  PetscCall(PetscLogEventRegister("MckPSpinKernel", MCK_DMFT_CLASSID, &MCK_EVENT_PSpinKernel));
  PetscCall(PetscLogEventRegister("MckPSpinExchange", MCK_DMFT_CLASSID, &MCK_EVENT_PSpinExchange));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTInitializePackage - Registers the dmft layer's class, log events, models and solvers;
  called by the layer's constructors.

  Not Collective

  Level: developer

.seealso: `MckDMFTCreate()`, `MckDMFTRegister()`
@*/
PetscErrorCode MckDMFTInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean DMFT", &MCK_DMFT_CLASSID));
  PetscCall(RegisterEvents());
  PetscCall(PetscFunctionListAdd(&MckDMFTList, MCKDMFT_SCS, MckDMFTCreate_SCS));
  PetscCall(PetscFunctionListAdd(&MckDMFTList, MCKDMFT_PSPIN, MckDMFTCreate_PSpin));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, MCKDMFT_SOLVER_POPULATION, MckSCSCreate_Population));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, MCKDMFT_SOLVER_STATIONARY, MckSCSCreate_Stationary));
  PetscCall(PetscFunctionListAdd(&MckDMFTSolverList, MCKDMFT_SOLVER_NETWORK, MckSCSCreate_Network));
  PetscCall(PetscRegisterFinalize(MckDMFTFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTRegister - Adds a model, a type of `MckDMFT` chosen by -dmft_model.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the `MckDMFTOps` and sets the type's data

  Level: advanced

.seealso: `MckDMFTSetType()`, `MckDMFTOps`, `MckDMFTGetTypeData()`
@*/
PetscErrorCode MckDMFTRegister(const char name[], MckDMFTCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckDMFTList, name, create));
  PetscFunctionReturn(0);
}
