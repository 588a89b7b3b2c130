/* The field layer's package: its classes (fields, sensors), log events, the registry of field
 * types (a new one is one file plus one register call) and the TS type of the spectral schemes. */
#include "fieldimpl.h"
#include <mckean/mcksensors.h>

PetscClassId  MCK_FIELD_CLASSID, MCK_SENSORS_CLASSID;
PetscLogEvent MCK_EVENT_FieldStep, MCK_EVENT_FieldResidual, MCK_EVENT_FieldJacobian, MCK_EVENT_FieldEnergy,
    MCK_EVENT_FieldSpecFill, MCK_EVENT_FieldSpecModes, MCK_EVENT_FieldSpecOut, MCK_EVENT_SensorsAdd;
PetscFunctionList MckFieldList = NULL;
static PetscBool  registered   = PETSC_FALSE;

static PetscErrorCode MckFieldFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckFieldList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldInitializePackage - Registers the field layer's classes, log events, built-in field
  types and the TS type mck_semi_implicit; called by the layer's constructors.

  Not Collective

  Level: developer

.seealso: `MckFieldCreate()`, `MckSensorsCreate()`, `MckFieldRegister()`
@*/
PetscErrorCode MckFieldInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean field", &MCK_FIELD_CLASSID));
  PetscCall(PetscClassIdRegister("McKean sensors", &MCK_SENSORS_CLASSID));
  PetscCall(PetscLogEventRegister("MckFieldStep", MCK_FIELD_CLASSID, &MCK_EVENT_FieldStep));
  PetscCall(PetscLogEventRegister("MckFieldResidual", MCK_FIELD_CLASSID, &MCK_EVENT_FieldResidual));
  PetscCall(PetscLogEventRegister("MckFieldJacobian", MCK_FIELD_CLASSID, &MCK_EVENT_FieldJacobian));
  PetscCall(PetscLogEventRegister("MckFieldEnergy", MCK_FIELD_CLASSID, &MCK_EVENT_FieldEnergy));
  PetscCall(PetscLogEventRegister("MckFieldSpecFill", MCK_FIELD_CLASSID, &MCK_EVENT_FieldSpecFill));
  PetscCall(PetscLogEventRegister("MckFieldSpecModes", MCK_FIELD_CLASSID, &MCK_EVENT_FieldSpecModes));
  PetscCall(PetscLogEventRegister("MckFieldSpecOut", MCK_FIELD_CLASSID, &MCK_EVENT_FieldSpecOut));
  PetscCall(PetscLogEventRegister("MckSensorsAdd", MCK_SENSORS_CLASSID, &MCK_EVENT_SensorsAdd));
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_FOKKER_PLANCK, MckFieldCreate_FokkerPlanck));
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_ALLEN_CAHN, MckFieldCreate_AllenCahn));
  PetscCall(PetscFunctionListAdd(&MckFieldList, MCKFIELD_CAHN_HILLIARD, MckFieldCreate_CahnHilliard));
  PetscCall(TSRegister(TSMCKSEMIIMPLICIT, TSCreate_MckSemiImplicit));
  PetscCall(PetscRegisterFinalize(MckFieldFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldRegister - Adds a field type, chosen by -field_type.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which sets f->data, f->quantity and the ops (include/mckean/mckfieldimpl.h)

  Level: advanced

.seealso: `MckFieldSetType()`, `MckFieldCreate()`
@*/
PetscErrorCode MckFieldRegister(const char name[], PetscErrorCode (*create)(MckField))
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckFieldList, name, create));
  PetscFunctionReturn(0);
}
