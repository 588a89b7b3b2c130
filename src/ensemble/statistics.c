/* Ensemble-space statistics: sums over observations (or data, or state components) of products
 * of per-member arrays, accumulated per chunk of global component ids in a fixed order and
 * combined by ONE reproducible MckStats reduction per analysis (bitwise identical on any rank
 * count). Only the active members ens->act[0..na) enter; the J x J blocks are indexed by global
 * member ids (rows and columns of inactive members stay zero). */
#include "ensemble/ensimpl.h"

/* out[j][i] = A[j][i] - mean_i over the active members (fixed order), 0 <= i < m; the mean is
 * weighted when the members carry weights (ens->weighted, particle filter). */
PetscErrorCode MckEnsAnomalies(MckEnsemble ens, PetscInt m, PetscReal *const A[], PetscReal mean[],
                               PetscReal *const out[])
{
  const PetscReal inv = 1.0 / ens->na;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < m; i++) mean[i] = 0;
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscReal *x = A[ens->act[a]];
    const PetscReal  w = ens->weighted ? ens->weight[ens->act[a]] : 1.0;
    for (PetscInt i = 0; i < m; i++) mean[i] += w * x[i];
  }
  if (!ens->weighted)
    for (PetscInt i = 0; i < m; i++) mean[i] *= inv;
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscReal *x = A[ens->act[a]];
    PetscReal       *o = out[ens->act[a]];
    for (PetscInt i = 0; i < m; i++) o[i] = x[i] - mean[i];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsStatsBegin(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  PetscCall(MckStatsZero(ens->stats));
  PetscFunctionReturn(0);
}

/* Statistic matrix 'mat' += sum_{i0 <= i < i0 + ni} A[k][i] w[i] B[j][i] for the active k and
 * the first ncol active j (w NULL: weight 1; with A == B the product is symmetric and only
 * half is computed). One chunk: the caller passes the components of exactly one chunk. */
PetscErrorCode MckEnsAddGram(MckEnsemble ens, PetscInt i0, PetscInt ni, PetscReal *const A[], PetscReal *const B[],
                             const PetscReal w[], PetscInt mat, PetscInt ncol)
{
  const PetscInt J = ens->J;
  PetscReal     *P = ens->part, *wa = ens->cwork;

  PetscFunctionBeginUser;
  if (!ni) PetscFunctionReturn(0);
  PetscCall(PetscArrayzero(P, (size_t)J * J));
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscInt   k  = ens->act[a];
    const PetscReal *ak = A[k] + i0;
    if (w)
      for (PetscInt i = 0; i < ni; i++) wa[i] = ak[i] * w[i];
    else
      for (PetscInt i = 0; i < ni; i++) wa[i] = ak[i];
    for (PetscInt b = (A == B ? a : 0); b < ncol; b++) {
      const PetscInt   j  = ens->act[b];
      const PetscReal *bj = B[j] + i0;
      PetscReal        s  = 0;
      for (PetscInt i = 0; i < ni; i++) s += wa[i] * bj[i];
      P[k * J + j] = ens->mscale[mat] * s;
      if (A == B) P[j * J + k] = P[k * J + j];
    }
  }
  PetscCall(MckStatsAdd(ens->stats, ens->omat + mat * J * J, J * J, P));
  PetscFunctionReturn(0);
}

/* Undo the scaling of the matrix statistics, and choose the next one: a collapsing ensemble
 * (EKI) has ever smaller anomalies, and MckStats' fixed point resolves 2^-64 absolutely, so each
 * matrix is multiplied by the power of 2 that brings its last largest entry near 1. Powers of 2
 * scale exactly; the factors depend only on reduced (replicated) values and are checkpointed. */
PetscErrorCode MckEnsStatsEnd(MckEnsemble ens, const PetscReal **sums)
{
  const PetscReal *raw;
  PetscInt         n, JJ = ens->J * ens->J;

  PetscFunctionBeginUser;
  PetscCall(MckStatsReduce(ens->stats));
  PetscCall(MckStatsGetSums(ens->stats, &raw));
  PetscCall(MckStatsGetSize(ens->stats, &n));
  PetscCall(PetscArraycpy(ens->sums, raw, n));
  for (PetscInt m = 0; m < ens->nmats; m++) {
    PetscReal *a = ens->sums + ens->omat + m * JJ, big = 0;
    int        e;
    for (PetscInt k = 0; k < JJ; k++) {
      a[k] /= ens->mscale[m];
      big = PetscMax(big, PetscAbsReal(a[k]));
    }
    if (big > 0 && PetscIsNormalReal(big)) {
      (void)frexp(big, &e);
      ens->mscale[m] = ldexp(1.0, PetscMin(PetscMax(-e, -900), 40));
    }
  }
  *sums = ens->sums;
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
