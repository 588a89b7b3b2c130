/* Diagnostics of the active members in the analysis layout: mean, spread, error against a
 * truth, rank histogram, covariance. Sums over components go per chunk into one reproducible
 * reduction (ens->dstats: [sum of variances, sum of squared errors, J + 1 rank counts]). */
#include "ensemble/ensimpl.h"

/* Mean, spread and error of the active members of f (the filter's ensemble or a lagged one). */
PetscErrorCode MckEnsFieldMean(MckEnsemble ens, MckEnsField *f, PetscReal mean[], PetscReal *spread,
                               const PetscReal truth[], PetscReal *rmse)
{
  PetscReal       *m = f->sd + f->nc, part[2];
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckEnsAnomalies(ens, f->nc, f->blk, m, f->wrk));
  PetscCall(MckStatsZero(ens->dstats));
  for (PetscInt c = 0; c < f->nchunks; c++) {
    const PetscInt i0 = c * f->chunk, i1 = PetscMin(f->nc, i0 + f->chunk);
    part[0] = part[1] = 0;
    for (PetscInt i = i0; i < i1; i++) {
      PetscReal v = 0;
      for (PetscInt a = 0; a < ens->na; a++)
        v += (ens->weighted ? ens->weight[ens->act[a]] : 1.0) * f->wrk[ens->act[a]][i] * f->wrk[ens->act[a]][i];
      part[0] += ens->weighted ? v : v / (ens->na - 1);
      if (truth) part[1] += PetscSqr(m[i] - truth[f->c0 + i]);
    }
    PetscCall(MckStatsAdd(ens->dstats, 0, 2, part));
  }
  PetscCall(MckStatsReduce(ens->dstats));
  PetscCall(MckStatsGetSums(ens->dstats, &sums));
  if (spread) *spread = PetscSqrtReal(sums[0] / ens->n);
  if (rmse) *rmse = PetscSqrtReal(sums[1] / ens->n);
  if (mean) PetscCall(MckEnsFieldGather(ens, f, m, mean));
  PetscFunctionReturn(0);
}

/* Sample covariance of the active members of f, gathered on every rank. */
PetscErrorCode MckEnsFieldCovariance(MckEnsemble ens, MckEnsField *f, PetscReal cov[])
{
  PetscReal *all, *m;
  PetscInt   n = ens->n, na;

  PetscFunctionBeginUser;
  na = ens->na;
  PetscCall(PetscMalloc2((size_t)n * na, &all, n, &m));
  for (PetscInt a = 0; a < na; a++) PetscCall(MckEnsFieldGather(ens, f, f->blk[ens->act[a]], all + (size_t)a * n));
  for (PetscInt i = 0; i < n; i++) {
    m[i] = 0;
    for (PetscInt a = 0; a < na; a++) m[i] += (ens->weighted ? ens->weight[ens->act[a]] : 1.0) * all[(size_t)a * n + i];
    if (!ens->weighted) m[i] /= na;
  }
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt k = 0; k < n; k++) {
      PetscReal s = 0;
      for (PetscInt a = 0; a < na; a++)
        s += (ens->weighted ? ens->weight[ens->act[a]] : 1.0) * (all[(size_t)a * n + i] - m[i]) *
             (all[(size_t)a * n + k] - m[k]);
      cov[i * n + k] = ens->weighted ? s : s / (na - 1);
    }
  PetscCall(PetscFree2(all, m));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetMean - The ensemble mean and spread of the active members, and the error of the
  mean against a truth.

  Collective

  Input Parameters:
+ ens   - the ensemble
- truth - the truth (length n, replicated), or NULL

  Output Parameters:
+ mean   - the mean (length n, replicated), or NULL; weighted when the members carry weights
           (a particle filter that did not resample)
. spread - sqrt of the mean over components of the ensemble variance (1/(J_a - 1); with
           weights sum_j w_j (x_j - mean)^2), or NULL
- rmse   - RMS over components of mean - truth (needs truth), or NULL

  Level: beginner

.seealso: `MckEnsembleGetCovariance()`, `MckEnsembleAccumulateRankHistogram()`
@*/
PetscErrorCode MckEnsembleGetMean(MckEnsemble ens, PetscReal mean[], PetscReal *spread, const PetscReal truth[],
                                  PetscReal *rmse)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckEnsFieldMean(ens, &ens->x, mean, spread, truth, rmse));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleAccumulateRankHistogram - Adds the ranks of the truth among the active members:
  counts[r] += the number of components whose truth has rank r (0..J_a).

  Collective

  Input Parameters:
+ ens    - the ensemble
. truth  - the truth (length n, replicated)
- counts - J + 1 counts (replicated)

  Output Parameter:
. counts - the counts with this ensemble's added

  Level: intermediate

.seealso: `MckEnsembleGetMean()`
@*/
PetscErrorCode MckEnsembleAccumulateRankHistogram(MckEnsemble ens, const PetscReal truth[], PetscInt64 counts[])
{
  MckEnsField     *f = &ens->x;
  PetscReal       *h = ens->part; /* J + 1 <= J * J */
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckStatsZero(ens->dstats));
  for (PetscInt c = 0; c < f->nchunks; c++) {
    const PetscInt i0 = c * f->chunk, i1 = PetscMin(f->nc, i0 + f->chunk);
    for (PetscInt r = 0; r <= ens->J; r++) h[r] = 0;
    for (PetscInt i = i0; i < i1; i++) {
      PetscInt r = 0;
      for (PetscInt a = 0; a < ens->na; a++) r += f->blk[ens->act[a]][i] < truth[f->c0 + i];
      h[r] += 1;
    }
    PetscCall(MckStatsAdd(ens->dstats, 2, ens->J + 1, h));
  }
  PetscCall(MckStatsReduce(ens->dstats));
  PetscCall(MckStatsGetSums(ens->dstats, &sums));
  for (PetscInt r = 0; r <= ens->J; r++) counts[r] += (PetscInt64)sums[2 + r];
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetCovariance - The sample covariance (1/(J_a - 1)) of the active members, for small
  n (tests, posterior summaries).

  Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. cov - n x n, row-major, replicated

  Level: intermediate

.seealso: `MckEnsembleGetMean()`
@*/
PetscErrorCode MckEnsembleGetCovariance(MckEnsemble ens, PetscReal cov[])
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsEnsureAnalysisLayout(ens));
  PetscCall(MckEnsFieldCovariance(ens, &ens->x, cov));
  PetscFunctionReturn(0);
}
