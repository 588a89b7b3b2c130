/* Ensemble Kalman inversion (Iglesias, Law & Stuart 2013) with Tikhonov regularisation
 * (Chada, Stuart & Tong 2020: the data are augmented by the prior, G~(u) = (G(u), u),
 * y~ = (y, 0), Gamma~ = diag(Gamma, I / lambda)), in ensemble space:
 *   u_j <- u_j + U' [S + (na / h) I]^-1 E[:, j],
 *   S = G'^T Gamma^-1 G' + lambda U'^T U',  E[:, j] = G'^T Gamma^-1 (y + eps_j - G(u_j)) - lambda U'^T u_j,
 * with 1/J covariances, eps_j ~ N(0, Gamma / h) (-eki_perturb) or 0. Step h: -eki_dt, or the
 * data-misfit controller of Iglesias & Yang (2021) (-eki_adaptive dmc),
 *   h = min( max( M / (2 mean Phi), sqrt( M / (2 var Phi) ) ), 1 - t ),  finished at t = 1. */
#include "ensemble/ensimpl.h"

static const char *const AdaptNames[] = {"none", "dmc", "MckEKIAdapt", "MCK_EKI_", NULL};

typedef struct {
  PetscReal dt, tikhonov;
  PetscBool dmc, perturb;
} EKI;

static PetscErrorCode Step(MckEnsemble ens, const EKI *eki, const PetscReal Phi[])
{
  PetscReal m = 0, v = 0, M = ens->ndata;

  PetscFunctionBeginUser;
  if (!eki->dmc) {
    ens->info.dt = eki->dt;
    PetscFunctionReturn(0);
  }
  for (PetscInt a = 0; a < ens->na; a++) m += Phi[ens->act[a]];
  m /= ens->na;
  for (PetscInt a = 0; a < ens->na; a++) v += PetscSqr(Phi[ens->act[a]] - m);
  v /= ens->na;
  ens->info.dt = PetscMin(PetscMax(M / (2 * m), v > 0 ? PetscSqrtReal(M / (2 * v)) : 0), 1 - ens->time);
  PetscFunctionReturn(0);
}

/* The data-misfit controller has reached t = 1: nothing is left to do. */
static PetscErrorCode Restore_EKI(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ens->done = (PetscBool)(((EKI *)ens->data)->dmc && ens->time >= 1 - 1e-12);
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_EKI(MckEnsemble ens)
{
  const EKI       *eki = (const EKI *)ens->data;
  const PetscInt   na = ens->na, JJ = ens->J * ens->J;
  const PetscReal  lam = eki->tikhonov;
  const PetscReal *sums;
  PetscReal        h;

  PetscFunctionBeginUser;
  if (ens->done) {
    ens->info.dt = 0;
    PetscFunctionReturn(0);
  }
  PetscCall(MckEnsInverseStatistics(ens, eki->perturb, lam > 0 ? PETSC_TRUE : PETSC_FALSE));
  sums = ens->sums;
  PetscCall(Step(ens, eki, sums + ens->ovec));
  h = ens->info.dt;
  PetscCall(MckEnsCompress(ens, sums + ens->omat, ens->M1));
  PetscCall(MckEnsCompress(ens, sums + ens->omat + JJ, ens->M2));
  if (eki->perturb) {
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 2 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M2[k] += ens->T[k] / PetscSqrtReal(h);
  }
  if (lam > 0) {
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 3 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M1[k] += lam * ens->T[k];
    PetscCall(MckEnsCompress(ens, sums + ens->omat + 4 * JJ, ens->T));
    for (PetscInt k = 0; k < na * na; k++) ens->M2[k] -= lam * ens->T[k];
  }
  PetscCall(MckEnsShiftedSolve(ens, na, ens->M1, na / h, ens->M2, ens->M1));
  PetscCall(MckEnsApplyCenteredUpdate(ens, ens->M1));
  ens->time += h;
  ens->info.time = ens->time;
  PetscCall(Restore_EKI(ens));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_EKI(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  EKI     *eki   = (EKI *)ens->data;
  PetscInt adapt = eki->dmc ? 1 : 0;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-eki_dt", "EKI step h (with -eki_adaptive none)", eki->dt, &eki->dt, NULL));
  PetscCall(MckOptionsChoice("-eki_adaptive",
                             "Step control: none (fixed -eki_dt) or dmc (data-misfit controller, stops at t = 1)",
                             AdaptNames, 2, adapt, &adapt, NULL));
  PetscCall(MckOptionsReal("-eki_tikhonov", "Tikhonov weight lambda of 1/2 lambda |u|^2 (0: none)", eki->tikhonov,
                           &eki->tikhonov, NULL));
  PetscCall(
      MckOptionsBool("-eki_perturb", "Perturb the data, eps_j ~ N(0, Gamma / h)", eki->perturb, &eki->perturb, NULL));
  eki->dmc = adapt == 1 ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(McKeanCheckPositive(ens->comm, MckOptName("-eki_dt"), eki->dt));
  PetscCall(McKeanCheckNonNegative(ens->comm, MckOptName("-eki_tikhonov"), eki->tikhonov));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_EKI(MckEnsemble ens, MckIO io, PetscBool check)
{
  const EKI  *eki = (const EKI *)ens->data;
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-eki_dt"), 1, &eki->dt));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-eki_tikhonov"), 1, &eki->tikhonov));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-eki_adaptive"), AdaptNames[eki->dmc ? 1 : 0]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-eki_perturb"), eki->perturb));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_EKI(MckEnsemble ens, PetscViewer viewer)
{
  const EKI *eki = (const EKI *)ens->data;
  char       b[2][32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "EKI: step %s (%s), Tikhonov %s%s\n", McKeanFormatReal(eki->dt, b[0], 32),
                                   eki->dmc ? "data-misfit controller" : "fixed",
                                   McKeanFormatReal(eki->tikhonov, b[1], 32), eki->perturb ? ", perturbed data" : ""));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_EKI(MckEnsemble ens)
{
  EKI *eki;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&eki));
  eki->dt                  = 1.0;
  ens->data                = eki;
  ens->ops->setfromoptions = SetFromOptions_EKI;
  ens->ops->config         = Config_EKI;
  ens->ops->restore        = Restore_EKI;
  ens->ops->view           = View_EKI;
  ens->ops->destroy        = MckEnsDestroyData;
  MckEnsSetInverseOps(ens, MCK_ENSEMBLE_INVERSION, Analyze_EKI);
  PetscFunctionReturn(0);
}
