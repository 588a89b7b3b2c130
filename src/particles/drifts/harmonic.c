/* External harmonic trap V(x) = k/2 |x - c|^2, force -k (x - c) (definition: mckkernel.h). */
#include "modelpotential.h"

PetscErrorCode MckDriftCreate_Harmonic(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(MckDriftCreate_ModelPotential(d, MCK_POTENTIAL_HARMONIC));
  PetscFunctionReturn(0);
}
