/* MckDMFT in a run: the stepping protocol (it is a solver an MckRun advances) and the checkpoint
 * protocol (its settings, its state during the solve or its result at the end). */
#include "dmft/dmftimpl.h"

static PetscErrorCode Step_DMFT(PetscObject obj)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTStep((MckDMFT)obj));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_DMFT(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetStep((MckDMFT)obj, step, nsteps, time));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_DMFT(PetscObject obj, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTConfig((MckDMFT)obj, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_DMFT(PetscObject obj, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTWrite((MckDMFT)obj, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_DMFT(PetscObject obj, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTRead((MckDMFT)obj, io, group));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_DMFT(PetscObject obj)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitialize((MckDMFT)obj));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTComposeRunMethods(MckDMFT d)
{
  const MckStepperOps    stepper    = {Step_DMFT, GetStep_DMFT};
  const MckCheckpointOps checkpoint = {Config_DMFT, Write_DMFT, Read_DMFT, Initialize_DMFT};

  PetscFunctionBeginUser;
  PetscCall(MckObjectComposeStepper((PetscObject)d, &stepper));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)d, &checkpoint));
  PetscFunctionReturn(0);
}
