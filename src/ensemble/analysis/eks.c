/* Ensemble Kalman sampler (Garbuno-Inigo, Hoffmann, Li & Stuart 2020) with the finite-ensemble
 * correction of Nuesken & Reich (2019) (ALDI), whitened prior N(0, I), 1/J covariances:
 *   (I + h C) u_j' = u_j - (h/na) sum_k D_kj u_k + h (n+1)/na (u_j - ubar) + sqrt(2h) C^1/2 xi_j,
 *   D_kj = <G_k - Gbar, Gamma^-1 (G_j - y)>,  C = U'U'^T / na,  C^1/2 xi_j = U' eta_j / sqrt(na),
 * (prior term implicit, as in the paper). All in ensemble space: with B = U'^T U', V = U'^T U,
 * r_j = -(h/na) D[:, j] + h (n+1)/na e_j + sqrt(2h/na) eta_j and the Woodbury identity
 *   u_j' = u_j + U' c_j,  c_j = r_j - (na/h I + B)^-1 (V[:, j] + B r_j).
 * Step: -eks_dt, or with -eks_adaptive h = eks_dt / (|D|_F / na + 1e-12). */
#include "ensemble/ensimpl.h"

static PetscErrorCode Analyze_EKS(MckEnsemble ens)
{
  const PetscInt   na = ens->na, JJ = ens->J * ens->J;
  const PetscReal *sums;
  PetscReal        h, nrm = 0, corr;

  PetscFunctionBeginUser;
  PetscCall(MckEnsInverseStatistics(ens, PETSC_FALSE, 0, PETSC_TRUE));
  sums = ens->sums;
  PetscCall(MckEnsCompress(ens, sums + ens->omat + JJ, ens->M2)); /* E0 = -D */
  PetscCall(MckEnsCompress(ens, sums + ens->omat + 3 * JJ, ens->M1)); /* B */
  PetscCall(MckEnsCompress(ens, sums + ens->omat + 4 * JJ, ens->T));  /* V */
  for (PetscInt k = 0; k < na * na; k++) nrm += ens->M2[k] * ens->M2[k];
  h            = ens->eks_adaptive ? ens->eks_dt / (PetscSqrtReal(nrm) / na + 1e-12) : ens->eks_dt;
  ens->info.dt = h;
  corr         = ens->eks_correction ? h * (ens->n + 1) / na : 0;
  PetscCall(MckEnsNormals(ens, 0, ens->J, MCK_ENS_RNG_EKS, ens->rndp));
  for (PetscInt a = 0; a < na; a++) /* R = -(h/na) D + corr I + sqrt(2h/na) eta, in M2 */
    for (PetscInt b = 0; b < na; b++) ens->M2[a * na + b] = (h / na) * ens->M2[a * na + b] + (a == b ? corr : 0) + PetscSqrtReal(2 * h / na) * ens->rndp[ens->act[a]][ens->act[b]];
  PetscCall(MckEnsMatMult(na, na, na, ens->M1, ens->M2, ens->evec)); /* B R */
  for (PetscInt k = 0; k < na * na; k++) ens->T[k] += ens->evec[k];  /* V + B R */
  for (PetscInt a = 0; a < na; a++) ens->M1[a * na + a] += na / h;
  PetscCall(MckEnsSymEig(ens, na, ens->M1, ens->eval));
  PetscCall(MckEnsSymFunction(ens, na, ens->M1, ens->eval, MckEnsInverse, NULL, ens->evec));
  PetscCall(MckEnsMatMult(na, na, na, ens->evec, ens->T, ens->M1));
  for (PetscInt k = 0; k < na * na; k++) ens->M2[k] -= ens->M1[k];
  PetscCall(MckEnsCenteredUpdate(ens, ens->M2, ens->T));
  PetscCall(MckEnsApplyTransform(ens, &ens->x, ens->T));
  ens->time += h;
  ens->info.time = ens->time;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EKS(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ens->ops.analyze = Analyze_EKS;
  ens->ops.inverse = PETSC_TRUE;
  ens->ops.nmats   = 5;
  ens->ops.nvecs   = 1;
  ens->ops.nscal   = 1;
  PetscOptionsBegin(ens->comm, NULL, "Ensemble Kalman sampler (-ens_analysis eks) options", NULL);
  PetscCall(MckOptionsReal("-eks_dt", "EKS step h (or its scale with -eks_adaptive)", ens->eks_dt, &ens->eks_dt, NULL));
  PetscCall(MckOptionsBool("-eks_adaptive", "Step h = eks_dt / (|D|_F / J + 1e-12) (Garbuno-Inigo et al. 2020)", ens->eks_adaptive, &ens->eks_adaptive, NULL));
  PetscCall(MckOptionsBool("-eks_correction", "Finite-ensemble correction (n+1)/J (u_j - ubar) (Nuesken & Reich 2019)", ens->eks_correction, &ens->eks_correction, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(ens->comm, "-eks_dt", ens->eks_dt));
  PetscFunctionReturn(0);
}
