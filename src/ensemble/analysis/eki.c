/* Ensemble Kalman inversion (Iglesias, Law & Stuart 2013) with Tikhonov regularisation
 * (Chada, Stuart & Tong 2020: the data are augmented by the prior, G~(u) = (G(u), u),
 * y~ = (y, 0), Gamma~ = diag(Gamma, I / lambda)), in ensemble space:
 *   u_j <- u_j + U' [S + (na / h) I]^-1 E[:, j],
 *   S = G'^T Gamma^-1 G' + lambda U'^T U',  E[:, j] = G'^T Gamma^-1 (y + eps_j - G(u_j)) - lambda U'^T u_j,
 * with 1/J covariances, eps_j ~ N(0, Gamma / h) (-eki_perturb) or 0. Step h: -eki_dt, or the
 * data-misfit controller of Iglesias & Yang (2021) (-eki_adaptive dmc),
 *   h = min( max( M / (2 mean Phi), sqrt( M / (2 var Phi) ) ), 1 - t ),  finished at t = 1. */
#include "ensemble/ensimpl.h"

static const char *const AdaptNames[] = {"none", "dmc"};

static PetscErrorCode Step(MckEnsemble ens, const PetscReal Phi[])
{
  PetscReal m = 0, v = 0, M = ens->ndata;

  PetscFunctionBeginUser;
  if (!ens->eki_dmc) {
    ens->info.dt = ens->eki_dt;
    PetscFunctionReturn(0);
  }
  for (PetscInt a = 0; a < ens->na; a++) m += Phi[ens->act[a]];
  m /= ens->na;
  for (PetscInt a = 0; a < ens->na; a++) v += PetscSqr(Phi[ens->act[a]] - m);
  v /= ens->na;
  ens->info.dt = PetscMin(PetscMax(M / (2 * m), v > 0 ? PetscSqrtReal(M / (2 * v)) : 0), 1 - ens->time);
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_EKI(MckEnsemble ens)
{
  const PetscInt   na = ens->na, JJ = ens->J * ens->J;
  const PetscReal  lam = ens->eki_tikhonov;
  const PetscReal *sums;
  PetscReal        h;

  PetscFunctionBeginUser;
  PetscCall(MckEnsInverseStatistics(ens, ens->eki_perturb, 0, lam > 0 ? PETSC_TRUE : PETSC_FALSE));
  sums = ens->sums;
  PetscCall(Step(ens, sums + ens->ovec));
  h = ens->info.dt;
  PetscCall(MckEnsCompress(ens, sums + ens->omat, ens->M1));
  PetscCall(MckEnsCompress(ens, sums + ens->omat + JJ, ens->M2));
  if (ens->eki_perturb) {
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 2 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M2[k] += ens->T[k] / PetscSqrtReal(h);
  }
  if (lam > 0) {
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 3 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M1[k] += lam * ens->T[k];
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 4 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M2[k] -= lam * ens->T[k];
  }
  for (PetscInt a = 0; a < na; a++) ens->M1[a * na + a] += na / h;
  PetscCall(MckEnsSymEig(ens, na, ens->M1, ens->eval));
  PetscCall(MckEnsSymFunction(ens, na, ens->M1, ens->eval, MckEnsInverse, NULL, ens->evec));
  PetscCall(MckEnsMatMult(na, na, na, ens->evec, ens->M2, ens->M1));
  PetscCall(MckEnsCenteredUpdate(ens, ens->M1, ens->T));
  PetscCall(MckEnsApplyTransform(ens, &ens->x, ens->T));
  ens->time += h;
  ens->info.time = ens->time;
  ens->done      = (PetscBool)(ens->eki_dmc && ens->time >= 1 - 1e-12);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EKI(MckEnsemble ens)
{
  PetscInt adapt = ens->eki_dmc ? 1 : 0;

  PetscFunctionBeginUser;
  ens->ops.analyze = Analyze_EKI;
  ens->ops.inverse = PETSC_TRUE;
  ens->ops.nmats   = 5;
  ens->ops.nvecs   = 1;
  ens->ops.nscal   = 1;
  PetscOptionsBegin(ens->comm, NULL, "Ensemble Kalman inversion (-ens_analysis eki) options", NULL);
  PetscCall(MckOptionsReal("-eki_dt", "EKI step h (with -eki_adaptive none)", ens->eki_dt, &ens->eki_dt, NULL));
  PetscCall(MckOptionsChoice("-eki_adaptive", "Step control: none (fixed -eki_dt) or dmc (data-misfit controller, stops at t = 1)", AdaptNames, 2, adapt, &adapt, NULL));
  PetscCall(MckOptionsReal("-eki_tikhonov", "Tikhonov weight lambda of 1/2 lambda |u|^2 (0: none)", ens->eki_tikhonov, &ens->eki_tikhonov, NULL));
  PetscCall(MckOptionsBool("-eki_perturb", "Perturb the data, eps_j ~ N(0, Gamma / h)", ens->eki_perturb, &ens->eki_perturb, NULL));
  PetscOptionsEnd();
  ens->eki_dmc = adapt == 1 ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(McKeanCheckPositive(ens->comm, "-eki_dt", ens->eki_dt));
  PetscCall(McKeanCheckNonNegative(ens->comm, "-eki_tikhonov", ens->eki_tikhonov));
  PetscFunctionReturn(0);
}
