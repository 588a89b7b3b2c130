/* Ensemble Kalman sampler (Garbuno-Inigo, Hoffmann, Li & Stuart 2020) with the finite-ensemble
 * correction of Nuesken & Reich (2019) (ALDI), whitened prior N(0, I), 1/J covariances:
 *   (I + h C) u_j' = u_j - (h/na) sum_k D_kj u_k + h (n+1)/na (u_j - ubar) + sqrt(2h) C^1/2 xi_j,
 *   D_kj = <G_k - Gbar, Gamma^-1 (G_j - y)>,  C = U'U'^T / na,  C^1/2 xi_j = U' eta_j / sqrt(na),
 * (prior term implicit, as in the paper). All in ensemble space: with B = U'^T U', V = U'^T U,
 * r_j = -(h/na) D[:, j] + h (n+1)/na e_j + sqrt(2h/na) eta_j and the Woodbury identity
 *   u_j' = u_j + U' c_j,  c_j = r_j - (na/h I + B)^-1 (V[:, j] + B r_j).
 * Step: -eks_dt, or with -eks_adaptive h = eks_dt / (|D|_F / na + 1e-12). */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal dt;
  PetscBool adaptive, correction;
} EKS;

static PetscErrorCode Analyze_EKS(MckEnsemble ens)
{
  const EKS       *eks = (const EKS *)ens->data;
  const PetscInt   na = ens->na, JJ = ens->J * ens->J;
  const PetscReal *sums;
  PetscReal        h, nrm = 0, corr;

  PetscFunctionBeginUser;
  PetscCall(MckEnsInverseStatistics(ens, PETSC_FALSE, PETSC_TRUE));
  sums = ens->sums;
  PetscCall(MckEnsCompress(ens, sums + ens->omat + JJ, ens->M2));     /* E0 = -D */
  PetscCall(MckEnsCompress(ens, sums + ens->omat + 3 * JJ, ens->M1)); /* B */
  PetscCall(MckEnsCompress(ens, sums + ens->omat + 4 * JJ, ens->T));  /* V */
  for (PetscInt k = 0; k < na * na; k++) nrm += ens->M2[k] * ens->M2[k];
  h            = eks->adaptive ? eks->dt / (PetscSqrtReal(nrm) / na + 1e-12) : eks->dt;
  ens->info.dt = h;
  corr         = eks->correction ? h * (ens->n + 1) / na : 0;
  PetscCall(MckEnsNormals(ens, 0, ens->J, MCK_ENS_RNG_EKS, ens->rndp));
  for (PetscInt a = 0; a < na; a++) /* R = -(h/na) D + corr I + sqrt(2h/na) eta, in M2 */
    for (PetscInt b = 0; b < na; b++)
      ens->M2[a * na + b] = (h / na) * ens->M2[a * na + b] + (a == b ? corr : 0) +
                            PetscSqrtReal(2 * h / na) * ens->rndp[ens->act[a]][ens->act[b]];
  PetscCall(MckEnsMatMult(na, na, na, ens->M1, ens->M2, ens->evec)); /* B R */
  for (PetscInt k = 0; k < na * na; k++) ens->T[k] += ens->evec[k];  /* V + B R */
  PetscCall(MckEnsShiftedSolve(ens, na, ens->M1, na / h, ens->T, ens->M1));
  for (PetscInt k = 0; k < na * na; k++) ens->M2[k] -= ens->M1[k];
  PetscCall(MckEnsApplyCenteredUpdate(ens, ens->M2));
  ens->time += h;
  ens->info.time = ens->time;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_EKS(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  EKS *eks = (EKS *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-eks_dt", "EKS step h (or its scale with -eks_adaptive)", eks->dt, &eks->dt, NULL));
  PetscCall(MckOptionsBool("-eks_adaptive", "Step h = eks_dt / (|D|_F / J + 1e-12) (Garbuno-Inigo et al. 2020)",
                           eks->adaptive, &eks->adaptive, NULL));
  PetscCall(MckOptionsBool("-eks_correction", "Finite-ensemble correction (n+1)/J (u_j - ubar) (Nuesken & Reich 2019)",
                           eks->correction, &eks->correction, NULL));
  PetscCall(McKeanCheckPositive(ens->comm, MckOptName("-eks_dt"), eks->dt));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_EKS(MckEnsemble ens, MckIO io, PetscBool check)
{
  const EKS  *eks = (const EKS *)ens->data;
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-eks_dt"), 1, &eks->dt));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-eks_adaptive"), eks->adaptive));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-eks_correction"), eks->correction));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_EKS(MckEnsemble ens, PetscViewer viewer)
{
  const EKS *eks = (const EKS *)ens->data;
  char       b[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "EKS: step %s%s%s\n", McKeanFormatReal(eks->dt, b, sizeof(b)),
                                   eks->adaptive ? " (adaptive)" : "",
                                   eks->correction ? ", finite-ensemble correction" : ""));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EKS(MckEnsemble ens)
{
  EKS *eks;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&eks));
  eks->dt                  = 0.01;
  eks->correction          = PETSC_TRUE;
  ens->data                = eks;
  ens->ops->setfromoptions = SetFromOptions_EKS;
  ens->ops->config         = Config_EKS;
  ens->ops->view           = View_EKS;
  ens->ops->destroy        = MckEnsDestroyData;
  MckEnsSetInverseOps(ens, MCK_ENSEMBLE_SAMPLER, Analyze_EKS);
  PetscFunctionReturn(0);
}
