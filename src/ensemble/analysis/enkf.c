/* Stochastic EnKF with perturbed observations (Evensen 1994; Burgers, van Leeuwen & Evensen
 * 1998) in ensemble space: with K = X' Yb^T (Yb Yb^T + (na - 1) R)^-1 and the Woodbury identity,
 *   x^a_j = x_j + X' [(na - 1) I + S]^-1 Yb^T R^-1 (y + eps_j - H x_j),  eps_j ~ N(0, R). */
#include "ensemble/ensimpl.h"

static PetscErrorCode Analyze_EnKF(MckEnsemble ens)
{
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsFilterStatistics(ens, PETSC_TRUE));
  for (PetscInt a = 0; a < na; a++) ens->M1[a * na + a] += na - 1;
  PetscCall(MckEnsSymEig(ens, na, ens->M1, ens->eval));
  PetscCall(MckEnsSymFunction(ens, na, ens->M1, ens->eval, MckEnsInverse, NULL, ens->evec));
  PetscCall(MckEnsMatMult(na, na, na, ens->evec, ens->M2, ens->M1));
  PetscCall(MckEnsCenteredUpdate(ens, ens->M1, ens->T));
  PetscCall(MckEnsApplyTransform(ens, &ens->x, ens->T));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EnKF(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ens->ops.analyze = Analyze_EnKF;
  ens->ops.nmats   = 2;
  PetscFunctionReturn(0);
}
