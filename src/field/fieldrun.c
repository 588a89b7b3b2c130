/* MckField in a run: the stepping protocol (a field is a solver an MckRun can advance, step by
 * step to its TS's final time) and the checkpoint protocol (its settings, and its state: the
 * solution, time, step and time step). A fresh start needs nothing: MckFieldSetUp made the
 * initial condition (which the app may have changed since). */
#include "fieldimpl.h"

MCK_OBJECT_METHOD(Step_Field, MckField, MckFieldStep)

/* The step the run ends at: now, once the TS has stopped (its final time reached, or the rest
 * below its tolerance, or its step limit); otherwise at least one more, the estimate from the
 * current step size (exact for a fixed step: the last step is shortened to land on the final
 * time). */
static PetscErrorCode GetStep_Field(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckField          f = (MckField)obj;
  PetscInt          s, max_steps;
  PetscReal         t, tmax, dt;
  TSConvergedReason reason;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "a run needs the field set up (MckFieldSetUp)");
  PetscCall(TSGetStepNumber(f->ts, &s));
  PetscCall(TSGetTime(f->ts, &t));
  PetscCall(TSGetMaxTime(f->ts, &tmax));
  PetscCall(TSGetMaxSteps(f->ts, &max_steps));
  PetscCall(TSGetTimeStep(f->ts, &dt));
  PetscCall(TSGetConvergedReason(f->ts, &reason));
  if (step) *step = s;
  if (time) *time = t;
  if (nsteps) {
    PetscInt64 rest = 0;
    if (reason <= 0 && t < tmax && s < max_steps) rest = PetscMax(1, (PetscInt64)PetscCeilReal((tmax - t) / dt - 1e-9));
    *nsteps = s + PetscMin(rest, (PetscInt64)max_steps - s);
  }
  PetscFunctionReturn(0);
}

MCK_CONFIG_METHOD(Config_Field, MckField, MckFieldConfig)
MCK_GROUP_METHOD(Write_Field, MckField, MckFieldSave)
MCK_GROUP_METHOD(Read_Field, MckField, MckFieldLoad)

const MckStepperOps    MckFieldStepper    = {Step_Field, GetStep_Field, NULL};
const MckCheckpointOps MckFieldCheckpoint = {Config_Field, Write_Field, Read_Field, NULL};
