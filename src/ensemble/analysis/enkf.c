/* Stochastic EnKF with perturbed observations (Evensen 1994; Burgers, van Leeuwen & Evensen
 * 1998) in ensemble space: with K = X' Yb^T (Yb Yb^T + (na - 1) R)^-1 and the Woodbury identity,
 *   x^a_j = x_j + X' [(na - 1) I + S]^-1 Yb^T R^-1 (y + eps_j - H x_j),  eps_j ~ N(0, R). */
#include "ensemble/ensimpl.h"

static PetscErrorCode Analyze_EnKF(MckEnsemble ens)
{
  PetscReal *S, *E;
  PetscInt   na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetActiveSize(ens, &na));
  PetscCall(MckEnsembleFilterStatisticsPerturbed(ens, &S, &E));
  PetscCall(MckEnsembleShiftedSolve(ens, na, S, na - 1, E, S));
  PetscCall(MckEnsembleApplyCenteredUpdate(ens, S));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EnKF(MckEnsemble ens)
{
  MckEnsembleOps ops;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleSetTransformFilter(ens));
  PetscCall(MckEnsembleGetOps(ens, &ops));
  ops->analyze = Analyze_EnKF;
  PetscFunctionReturn(0);
}
