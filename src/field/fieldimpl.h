/* MckField internals shared by the field layer's files: the object (mckfieldimpl.h), the
 * built-in types' constructors and the layer's log events. */
#pragma once
#include <mckean/mckfieldimpl.h>
#include <mckean/mcktyped.h>

PETSC_INTERN PetscFunctionList MckFieldList;
PETSC_INTERN PetscErrorCode    MckFieldCreate_FokkerPlanck(MckField);
PETSC_INTERN PetscErrorCode    MckFieldCreate_AllenCahn(MckField);
PETSC_INTERN PetscErrorCode    MckFieldCreate_CahnHilliard(MckField);
PETSC_INTERN PetscErrorCode    TSCreate_MckSemiImplicit(TS);
/* fieldrun.c: the stepping and checkpoint methods a run calls */
PETSC_INTERN PetscErrorCode MckFieldComposeRunMethods(MckField);
PETSC_INTERN PetscLogEvent MCK_EVENT_FieldStep, MCK_EVENT_FieldResidual, MCK_EVENT_FieldJacobian, MCK_EVENT_FieldEnergy,
    MCK_EVENT_SensorsAdd;
