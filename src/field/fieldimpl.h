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
PETSC_INTERN const MckStepperOps    MckFieldStepper;
PETSC_INTERN const MckCheckpointOps MckFieldCheckpoint;
/* the spectral step's passes (phase_field.c): the fill of the work array from the solution, the
 * multiply per mode, the copy out (with the next step's fill) */
PETSC_INTERN PetscLogEvent MCK_EVENT_FieldStep, MCK_EVENT_FieldResidual, MCK_EVENT_FieldJacobian, MCK_EVENT_FieldEnergy,
    MCK_EVENT_FieldSpecFill, MCK_EVENT_FieldSpecModes, MCK_EVENT_FieldSpecOut, MCK_EVENT_SensorsAdd;
