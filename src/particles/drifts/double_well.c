/* Separable double well V(x) = h sum_a ((x_a / w)^2 - 1)^2: minima at x_a = +-w, barrier h
 * (definition: mckkernel.h). */
#include "modelpotential.h"

PetscErrorCode MckDriftCreate_DoubleWell(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(MckDriftCreate_ModelPotential(d, MCK_POTENTIAL_DOUBLE_WELL));
  PetscFunctionReturn(0);
}
