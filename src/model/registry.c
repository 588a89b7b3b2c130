/* The model layer's package: its class, log events and the registry of model types (a new
 * model is one file plus one register line). */
#include "modelimpl.h"

PetscClassId      MCK_MODEL_CLASSID;
PetscLogEvent     MCK_EVENT_ModelAdvance, MCK_EVENT_ModelForward;
PetscFunctionList MckModelList = NULL;
static PetscBool  registered   = PETSC_FALSE;

const char *const MckModelKinds[] = {"dynamical", "inverse", "MckModelKind", "MCK_MODEL_", NULL};

static PetscErrorCode MckModelFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckModelList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckModelInitializePackage - Registers the model layer's class, log events and built-in model
  types; called by `MckModelCreate()`.

  Not Collective

  Level: developer

.seealso: `MckModelCreate()`, `MckModelRegister()`
@*/
PetscErrorCode MckModelInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean forward model", &MCK_MODEL_CLASSID));
  PetscCall(PetscLogEventRegister("MckModelAdvance", MCK_MODEL_CLASSID, &MCK_EVENT_ModelAdvance));
  PetscCall(PetscLogEventRegister("MckModelForward", MCK_MODEL_CLASSID, &MCK_EVENT_ModelForward));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_LORENZ96, MckModelCreate_Lorenz96));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_LORENZ63, MckModelCreate_Lorenz63));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_LINEAR, MckModelCreate_Linear));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_DARCY, MckModelCreate_Darcy));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_MCKEAN_VLASOV, MckModelCreate_MckeanVlasov));
  PetscCall(PetscFunctionListAdd(&MckModelList, MCKMODEL_ALLEN_CAHN, MckModelCreate_AllenCahn));
  PetscCall(PetscRegisterFinalize(MckModelFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckModelRegister - Adds a model type, chosen by -model_type.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor: fills the model's operations and data, or makes it a shell
           (`MckModelShellSetDynamical()`, `MckModelShellSetInverse()`)

  Level: advanced

.seealso: `MckModelSetType()`, `MckModelShellSetDynamical()`, `MckModelTypesOfKind()`
@*/
PetscErrorCode MckModelRegister(const char name[], MckModelCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckModelList, name, create));
  PetscFunctionReturn(0);
}

MCK_TYPED_IS_OF_KIND(IsOfKind, MckModel, MckModelKind, MckModelCreate, MckModelSetType, MckModelDestroy)

/*@C
  MckModelTypesOfKind - The registered model types of one kind, as "a, b, c" for a message
  that says what is allowed.

  Not Collective

  Input Parameters:
+ kind - `MCK_MODEL_DYNAMICAL` or `MCK_MODEL_INVERSE`
- len  - the size of buf

  Output Parameter:
. buf - the names, in registration order

  Note:
  Each registered constructor is run on a scratch model (constructors only set defaults), so the
  list follows the registry, user types included.

  Level: developer

.seealso: `MckModelRegister()`, `MckModelGetKind()`
@*/
PetscErrorCode MckModelTypesOfKind(MckModelKind kind, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelInitializePackage());
  PetscCall(McKeanFunctionListNamesIf(MckModelList, IsOfKind, &kind, buf, len));
  PetscFunctionReturn(0);
}
