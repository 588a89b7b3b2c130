/* MckLangevin in a run: the stepping protocol (it is a solver an MckRun advances) and the
 * checkpoint protocol (its state is the step; the particles are an object of their own, added
 * to the run before the dynamics so that they are read first). */
#include "langevinimpl.h"

MCK_OBJECT_METHOD(Step_Langevin, MckLangevin, MckLangevinStep)

static PetscErrorCode GetStep_Langevin(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckLangevin l = (MckLangevin)obj;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetStep(l, step, nsteps));
  if (time) PetscCall(MckLangevinGetTime(l, time));
  PetscFunctionReturn(0);
}

MCK_CONFIG_METHOD(Config_Langevin, MckLangevin, MckLangevinConfig)

static PetscErrorCode Write_Langevin(PetscObject obj, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeInt(io, group, "step", ((MckLangevin)obj)->step));
  PetscFunctionReturn(0);
}

/* The step, then the forces at the restored positions (read before, as an object of its own). */
static PetscErrorCode Read_Langevin(PetscObject obj, MckIO io, const char group[])
{
  MckLangevin l = (MckLangevin)obj;
  PetscInt64  step;
  PetscBool   found;

  PetscFunctionBeginUser;
  PetscCall(MckIOReadAttributeInt(io, group, "step", &step, &found));
  PetscCheck(found, l->comm, PETSC_ERR_FILE_UNEXPECTED, "checkpoint has no %s step", group);
  PetscCall(MckLangevinSetStep(l, step));
  PetscCall(MckLangevinPrepare(l, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* Fresh start: initial positions and velocities, forces at them. */
static PetscErrorCode Initialize_Langevin(PetscObject obj)
{
  MckLangevin l = (MckLangevin)obj;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesInitialize(l->p, l->rng));
  PetscCall(MckLangevinPrepare(l, PETSC_TRUE));
  PetscFunctionReturn(0);
}

const MckStepperOps    MckLangevinStepper    = {Step_Langevin, GetStep_Langevin, NULL};
const MckCheckpointOps MckLangevinCheckpoint = {Config_Langevin, Write_Langevin, Read_Langevin, Initialize_Langevin};
