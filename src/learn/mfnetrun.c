/* MckMFNet in a run: the stepping protocol (it is a solver an MckRun advances, a step of the
 * dynamics per step) and the checkpoint protocol (its settings; the particles, the dynamics'
 * own state and the step, written as MckMFNetWrite writes them). */
#include "learn/mfnetimpl.h"

MCK_OBJECT_METHOD(Step_MFNet, MckMFNet, MckMFNetStep)

static PetscErrorCode GetStep_MFNet(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  MckMFNet net = (MckMFNet)obj;

  PetscFunctionBeginUser;
  if (step) *step = net->step;
  if (nsteps) *nsteps = net->steps;
  if (time) *time = (PetscReal)net->step * net->dt; /* a product, never a running sum: restarts stay exact */
  PetscFunctionReturn(0);
}

MCK_CONFIG_METHOD(Config_MFNet, MckMFNet, MckMFNetConfig)
MCK_GROUP_METHOD(Write_MFNet, MckMFNet, MckMFNetWrite)
MCK_GROUP_METHOD(Read_MFNet, MckMFNet, MckMFNetRead)

/* Fresh start: MckMFNetSetUp drew the data and the initial particles; the count starts at 0. */
static PetscErrorCode Initialize_MFNet(PetscObject obj)
{
  MckMFNet net = (MckMFNet)obj;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetSetUp(net));
  net->step = 0;
  PetscFunctionReturn(0);
}

const MckStepperOps    MckMFNetStepper    = {Step_MFNet, GetStep_MFNet, NULL};
const MckCheckpointOps MckMFNetCheckpoint = {Config_MFNet, Write_MFNet, Read_MFNet, Initialize_MFNet};
