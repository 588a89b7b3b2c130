/* The learn layer's package: its class, log events, and the registries of dynamics (the types of
 * MckMFNet) and of cbo objectives. A new one is one file plus one register line (DESIGN.md §3). */
#include "learn/mfnetimpl.h"

PetscClassId      MCK_MFNET_CLASSID;
PetscLogEvent     MCK_EVENT_MFNetForce, MCK_EVENT_MFNetIntegrate;
PetscFunctionList MckMFNetList = NULL, MckMFNetObjectiveList = NULL;
static PetscBool  registered = PETSC_FALSE;

static PetscErrorCode MckMFNetFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckMFNetList));
  PetscCall(PetscFunctionListDestroy(&MckMFNetObjectiveList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetInitializePackage - Registers the learn layer's class, log events (forces and
  gradients; the update of the particles), dynamics and cbo objectives; called by the layer's
  constructors.

  Not Collective

  Level: developer

.seealso: `MckMFNetCreate()`, `MckMFNetRegister()`, `MckMFNetRegisterObjective()`
@*/
PetscErrorCode MckMFNetInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean mean-field network", &MCK_MFNET_CLASSID));
  PetscCall(PetscLogEventRegister("MckMFNetForce", MCK_MFNET_CLASSID, &MCK_EVENT_MFNetForce));
  PetscCall(PetscLogEventRegister("MckMFNetIntegrate", MCK_MFNET_CLASSID, &MCK_EVENT_MFNetIntegrate));
  PetscCall(PetscFunctionListAdd(&MckMFNetList, MCKMFNET_MFLD, MckMFNetCreate_MFLD));
  PetscCall(PetscFunctionListAdd(&MckMFNetList, MCKMFNET_UMFLD, MckMFNetCreate_UMFLD));
  PetscCall(PetscFunctionListAdd(&MckMFNetList, MCKMFNET_CBO, MckMFNetCreate_CBO));
  PetscCall(PetscFunctionListAdd(&MckMFNetList, MCKMFNET_FEDAVG, MckMFNetCreate_FedAvg));
  PetscCall(PetscFunctionListAdd(&MckMFNetObjectiveList, "quadratic", MckMFNetObjectiveCreate_Quadratic));
  PetscCall(PetscFunctionListAdd(&MckMFNetObjectiveList, "rastrigin", MckMFNetObjectiveCreate_Rastrigin));
  PetscCall(PetscFunctionListAdd(&MckMFNetObjectiveList, "network", MckMFNetObjectiveCreate_Network));
  PetscCall(PetscRegisterFinalize(MckMFNetFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetRegister - Adds a learning dynamics, a type of `MckMFNet` chosen by -mfnet_dynamics.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the object's ops and sets its data (src/learn/mfnetimpl.h)

  Level: advanced

.seealso: `MckMFNetSetType()`, `MckMFNetRegisterObjective()`
@*/
PetscErrorCode MckMFNetRegister(const char name[], MckMFNetCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckMFNetList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetRegisterObjective - Adds an objective of consensus-based optimisation, chosen by
  -mfnet_objective.

  Not Collective

  Input Parameters:
+ name   - the objective's name
- create - its constructor, which fills the `MckMFNetObjective` (dim, eval, network)

  Level: advanced

.seealso: `MckMFNetObjective`, `MckMFNetRegister()`
@*/
PetscErrorCode MckMFNetRegisterObjective(const char name[], MckMFNetObjectiveCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckMFNetObjectiveList, name, create));
  PetscFunctionReturn(0);
}
