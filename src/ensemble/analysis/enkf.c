/* Stochastic EnKF with perturbed observations (Evensen 1994; Burgers, van Leeuwen & Evensen
 * 1998) in ensemble space: with K = X' Yb^T (Yb Yb^T + (na - 1) R)^-1 and the Woodbury identity,
 *   x^a_j = x_j + X' [(na - 1) I + S]^-1 Yb^T R^-1 (y + eps_j - H x_j),  eps_j ~ N(0, R). */
#include "ensemble/ensimpl.h"

static PetscErrorCode Analyze_EnKF(MckEnsemble ens)
{
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsFilterStatistics(ens, PETSC_TRUE));
  PetscCall(MckEnsShiftedSolve(ens, na, ens->M1, na - 1, ens->M2, ens->M1));
  PetscCall(MckEnsApplyCenteredUpdate(ens, ens->M1));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EnKF(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ens->ops->analyze = Analyze_EnKF;
  ens->nmats        = 2;
  ens->transform    = PETSC_TRUE;
  PetscFunctionReturn(0);
}
