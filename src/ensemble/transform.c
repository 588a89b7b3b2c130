/* Updates of the ensemble in the analysis layout: X^a = X T, scaling of the anomalies (the
 * inflation schemes' tool), resampling of failed members. Every loop runs over the active members in their fixed order and over the
 * components element-wise, so a component's result does not depend on the block it sits in. */
#include "ensemble/ensimpl.h"

/* Tc (na x na, row-major, over the active members): x^a_b = sum_a x_a Tc[a][b]. */
PetscErrorCode MckEnsApplyTransform(MckEnsemble ens, MckEnsField *f, const PetscReal Tc[])
{
  const PetscInt na = ens->na, nc = f->nc;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsTransform, 0, 0, 0, 0));
  for (PetscInt b = 0; b < na; b++) {
    PetscReal *o = f->wrk[ens->act[b]];
    for (PetscInt i = 0; i < nc; i++) o[i] = 0;
    for (PetscInt a = 0; a < na; a++) {
      const PetscReal  t = Tc[a * na + b];
      const PetscReal *x = f->blk[ens->act[a]];
      for (PetscInt i = 0; i < nc; i++) o[i] += x[i] * t;
    }
  }
  for (PetscInt b = 0; b < na; b++) PetscCall(PetscArraycpy(f->blk[ens->act[b]], f->wrk[ens->act[b]], nc));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsTransform, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Component i of a local analysis: wrk[b][i] = sum_a blk[a][i] Tc[a][b] over the active members
 * (the caller copies wrk into blk once every component is done). */
PetscErrorCode MckEnsApplyLocalTransform(MckEnsemble ens, MckEnsField *f, PetscInt i, const PetscReal Tc[])
{
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  for (PetscInt b = 0; b < na; b++) {
    PetscReal s = 0;
    for (PetscInt a = 0; a < na; a++) s += f->blk[ens->act[a]][i] * Tc[a * na + b];
    f->wrk[ens->act[b]][i] = s;
  }
  PetscFunctionReturn(0);
}

/* x^a_j = x_j + X' c_j, X' = X (I - 1 1^T / na): Tc = I + (I - 1 1^T / na) Cc. */
PetscErrorCode MckEnsCenteredUpdate(MckEnsemble ens, const PetscReal Cc[], PetscReal Tc[])
{
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  for (PetscInt b = 0; b < na; b++) {
    PetscReal m = 0;
    for (PetscInt a = 0; a < na; a++) m += Cc[a * na + b];
    m /= na;
    for (PetscInt a = 0; a < na; a++) Tc[a * na + b] = (a == b ? 1.0 : 0.0) + Cc[a * na + b] - m;
  }
  PetscFunctionReturn(0);
}

/* The centred update x^a_j = x_j + X' Cc[:, j] of the state, applied. */
PetscErrorCode MckEnsApplyCenteredUpdate(MckEnsemble ens, const PetscReal Cc[])
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsCenteredUpdate(ens, Cc, ens->T));
  PetscCall(MckEnsApplyTransform(ens, &ens->x, ens->T));
  PetscFunctionReturn(0);
}

/* Ensemble mean of the active members into mean[0..nc), then x <- mean + s (x - mean), with a
 * factor per component (s) or one for all (s NULL: scalar). */
PetscErrorCode MckEnsScaleAnomalies(MckEnsemble ens, MckEnsField *f, const PetscReal s[], PetscReal scalar)
{
  PetscReal *mean = f->sd + f->nc;

  PetscFunctionBeginUser;
  PetscCall(MckEnsAnomalies(ens, f->nc, f->blk, mean, f->wrk));
  for (PetscInt a = 0; a < ens->na; a++) {
    PetscReal *x = f->blk[ens->act[a]], *d = f->wrk[ens->act[a]];
    for (PetscInt i = 0; i < f->nc; i++) x[i] = mean[i] + (s ? s[i] : scalar) * d[i];
  }
  PetscFunctionReturn(0);
}

/* sd[i] = sample standard deviation (1/(na-1)) of component i over the active members. */
PetscErrorCode MckEnsStdDev(MckEnsemble ens, MckEnsField *f, PetscReal sd[])
{
  PetscReal *mean = f->sd + f->nc;

  PetscFunctionBeginUser;
  PetscCall(MckEnsAnomalies(ens, f->nc, f->blk, mean, f->wrk));
  for (PetscInt i = 0; i < f->nc; i++) sd[i] = 0;
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscReal *d = f->wrk[ens->act[a]];
    for (PetscInt i = 0; i < f->nc; i++) sd[i] += d[i] * d[i];
  }
  for (PetscInt i = 0; i < f->nc; i++) sd[i] = PetscSqrtReal(sd[i] / (ens->na - 1));
  PetscFunctionReturn(0);
}

/* Failed members: dropped, or redrawn as mean + X'_a eta / sqrt(na - 1), eta ~ N(0, I_na)
 * (a Gaussian resample of the analysis ensemble), keyed by (failed member, donor member). */
PetscErrorCode MckEnsReplaceFailed(MckEnsemble ens, MckEnsField *f)
{
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  if (!ens->info.nfailed) PetscFunctionReturn(0);
  if (!ens->failed_replace) {
    for (PetscInt j = 0; j < ens->J; j++)
      if (ens->failed[j]) ens->active[j] = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  PetscCall(MckEnsNormals(ens, 0, ens->J, MCK_ENS_RNG_RESAMPLE, ens->rndp));
  for (PetscInt j = 0; j < ens->J; j++) {
    PetscReal *o = f->blk[j], eta = 0;
    if (!ens->active[j] || !ens->failed[j]) continue;
    for (PetscInt a = 0; a < na; a++) eta += ens->rndp[ens->act[a]][j];
    eta /= na;
    for (PetscInt i = 0; i < f->nc; i++) o[i] = 0;
    for (PetscInt a = 0; a < na; a++) {
      const PetscReal  c = 1.0 / na + (ens->rndp[ens->act[a]][j] - eta) / PetscSqrtReal((PetscReal)(na - 1));
      const PetscReal *x = f->blk[ens->act[a]];
      for (PetscInt i = 0; i < f->nc; i++) o[i] += x[i] * c;
    }
  }
  PetscFunctionReturn(0);
}
