/* The stepping protocol: the methods a run calls on its solver, composed on the object. */
#include <mckean/mckean.h>

#define MCK_STEP_METHOD     "MckStepperStep_C"
#define MCK_GETSTEP_METHOD  "MckStepperGetStep_C"
#define MCK_HEADLINE_METHOD "MckStepperHeadline_C"

/*@C
  MckObjectComposeStepper - Makes an object a solver a run can advance, by composing the
  stepping methods on it (a class calls this on every object it creates).

  Not Collective

  Input Parameters:
+ obj - the object
- ops - its step, getstep and headline methods (any may be NULL to remove one)

  Level: developer

.seealso: `MckObjectGetStepper()`, `MckRunSetSolver()`, `MckObjectComposeCheckpoint()`
@*/
PetscErrorCode MckObjectComposeStepper(PetscObject obj, const MckStepperOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectComposeFunction(obj, MCK_STEP_METHOD, ops->step));
  PetscCall(PetscObjectComposeFunction(obj, MCK_GETSTEP_METHOD, ops->getstep));
  PetscCall(PetscObjectComposeFunction(obj, MCK_HEADLINE_METHOD, ops->headline));
  PetscFunctionReturn(0);
}

/*@C
  MckObjectGetStepper - The stepping methods composed on an object.

  Not Collective

  Input Parameter:
. obj - the object

  Output Parameter:
. ops - its step, getstep and headline methods (NULL where the object has none)

  Level: developer

.seealso: `MckObjectComposeStepper()`
@*/
PetscErrorCode MckObjectGetStepper(PetscObject obj, MckStepperOps *ops)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectQueryFunction(obj, MCK_STEP_METHOD, &ops->step));
  PetscCall(PetscObjectQueryFunction(obj, MCK_GETSTEP_METHOD, &ops->getstep));
  PetscCall(PetscObjectQueryFunction(obj, MCK_HEADLINE_METHOD, &ops->headline));
  PetscFunctionReturn(0);
}
