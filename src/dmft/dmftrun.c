/* MckDMFT in a run: the stepping protocol (it is a solver an MckRun advances) and the checkpoint
 * protocol (its settings, its state during the solve or its result at the end). */
#include "dmft/dmftimpl.h"

MCK_OBJECT_METHOD(Step_DMFT, MckDMFT, MckDMFTStep)

static PetscErrorCode GetStep_DMFT(PetscObject obj, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetStep((MckDMFT)obj, step, nsteps, time));
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_DMFT(PetscObject obj, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetHeadline((MckDMFT)obj, name, value));
  PetscFunctionReturn(0);
}

MCK_CONFIG_METHOD(Config_DMFT, MckDMFT, MckDMFTConfig)
MCK_GROUP_METHOD(Write_DMFT, MckDMFT, MckDMFTWrite)
MCK_GROUP_METHOD(Read_DMFT, MckDMFT, MckDMFTRead)
MCK_OBJECT_METHOD(Initialize_DMFT, MckDMFT, MckDMFTInitialize)

const MckStepperOps    MckDMFTStepper    = {Step_DMFT, GetStep_DMFT, Headline_DMFT};
const MckCheckpointOps MckDMFTCheckpoint = {Config_DMFT, Write_DMFT, Read_DMFT, Initialize_DMFT};
