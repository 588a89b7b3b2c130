/* MckMFNet in a run: the stepping protocol (it is a solver an MckRun advances, a step of the
 * dynamics per step) and the checkpoint protocol (its settings; the particles, the dynamics'
 * own state and the step, written as MckMFNetWrite writes them). */
#include "learn/mfnetimpl.h"

static PetscErrorCode Step_MFNet(PetscObject obj)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetStep((MckMFNet)obj));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_MFNet(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckMFNet net = (MckMFNet)obj;

  PetscFunctionBeginUser;
  if (step) *step = net->step;
  if (nsteps) *nsteps = net->steps;
  if (time) *time = (PetscReal)net->step * net->dt; /* a product, never a running sum: restarts stay exact */
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_MFNet(PetscObject obj, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetConfig((MckMFNet)obj, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_MFNet(PetscObject obj, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetWrite((MckMFNet)obj, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_MFNet(PetscObject obj, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetRead((MckMFNet)obj, io, group));
  PetscFunctionReturn(0);
}

/* Fresh start: MckMFNetSetUp drew the data and the initial particles; the count starts at 0. */
static PetscErrorCode Initialize_MFNet(PetscObject obj)
{
  MckMFNet net = (MckMFNet)obj;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetSetUp(net));
  net->step = 0;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetComposeRunMethods(MckMFNet net)
{
  const MckStepperOps    stepper    = {Step_MFNet, GetStep_MFNet};
  const MckCheckpointOps checkpoint = {Config_MFNet, Write_MFNet, Read_MFNet, Initialize_MFNet};

  PetscFunctionBeginUser;
  PetscCall(MckObjectComposeStepper((PetscObject)net, &stepper));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)net, &checkpoint));
  PetscFunctionReturn(0);
}
