/* Innovation statistics of a filter (Desroziers et al. 2005 use the same consistency): with the
 * prior ensemble (after inflation) observed, d_l = y_l - mean_j H x_j, and in a consistent
 * filter E d_l^2 = (H P H^T)_ll + r_l. Every analysis reduces four sums over the observations
 * (of d, d^2, the ensemble variance of H x and r, per chunk: one MckStats reduction, so the same
 * bits on any rank count) into MckEnsembleInfo; the twin experiment writes them to its series.
 * Divergence: when the innovations' mean square, averaged over about ten cycles, runs above
 * -ens_divergence_ratio times H P H^T + R while the ensemble's own variance H P H^T stays below
 * R (the filter trusts a forecast that is wrong), one line says so (again only after the ratio
 * fell below half the threshold). */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsInnovationsSetFromOptions(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(
      "-ens_divergence_ratio",
      "Warn when the innovations' mean square runs this many times above H P H^T + R with a small spread (0: never)",
      ens->div_ratio, &ens->div_ratio, NULL));
  PetscCall(McKeanCheckNonNegative(ens->comm, MckOptName("-ens_divergence_ratio"), ens->div_ratio));
  PetscFunctionReturn(0);
}

/* The sums of one chunk of observations [l0, l1) into part[0..4). */
static void ChunkSums(MckEnsemble ens, PetscInt l0, PetscInt l1, PetscReal part[])
{
  const PetscInt nl = ens->nlobs;

  for (PetscInt k = 0; k < 4; k++) part[k] = 0;
  for (PetscInt l = l0; l < l1; l++) {
    PetscReal ybar = 0, var = 0, d;
    for (PetscInt a = 0; a < ens->na; a++)
      ybar += (ens->weighted ? ens->weight[ens->act[a]] : 1.0) * ens->hx[(size_t)ens->act[a] * nl + l];
    if (!ens->weighted) ybar /= ens->na;
    for (PetscInt a = 0; a < ens->na; a++)
      var += (ens->weighted ? ens->weight[ens->act[a]] : 1.0) * PetscSqr(ens->hx[(size_t)ens->act[a] * nl + l] - ybar);
    if (!ens->weighted) var /= ens->na - 1;
    d = ens->oy[ens->lobs0 + l] - ybar;
    part[0] += d;
    part[1] += d * d;
    part[2] += var;
    part[3] += ens->or_[ens->lobs0 + l];
  }
}

static PetscErrorCode WarnDivergence(MckEnsemble ens)
{
  const MckEnsembleInfo *in    = &ens->info;
  const PetscReal        ratio = in->omf_var / (in->hpht + in->obs_var);

  PetscFunctionBeginUser;
  ens->div_avg = ens->div_cycles ? ens->div_avg + (ratio - ens->div_avg) / PetscMin(10, ens->div_cycles + 1) : ratio;
  ens->div_cycles++;
  if (!(ens->div_ratio > 0)) PetscFunctionReturn(0);
  if (!ens->div_warned && ens->div_avg > ens->div_ratio && in->hpht < in->obs_var) {
    PetscCall(PetscPrintf(
        ens->comm,
        "cycle %" PetscInt64_FMT
        ": the filter is probably diverging: the innovations' mean square (y - H xbar)^2 = %.3g runs %.1f times above H P H^T + R = %.3g (ten-cycle average) while the ensemble's variance H P H^T = %.3g stays below R = %.3g; more inflation (%s, %s) should help\n",
        ens->cycle, (double)in->omf_var, (double)ens->div_avg, (double)(in->hpht + in->obs_var), (double)in->hpht,
        (double)in->obs_var, McKeanOptionName((PetscObject)ens, "-ens_inflation"),
        McKeanOptionName((PetscObject)ens, "-ens_adaptive_inflation")));
    ens->div_warned = PETSC_TRUE;
  } else if (ens->div_warned && ens->div_avg < 0.5 * ens->div_ratio) ens->div_warned = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* With the prior observed (ens->hx): the means over the observations of d, d^2, the ensemble
 * variance of H x and r (one reduction). */
PetscErrorCode MckEnsInnovationMeans(MckEnsemble ens, PetscReal mean[4])
{
  const PetscInt   off = 2 + ens->J + 1; /* after the spread/error and rank-histogram sums */
  PetscReal        part[4];
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(ens->dstats));
  for (PetscInt c = 0; c < ens->x.nchunks; c++) {
    if (ens->ochunk[c + 1] == ens->ochunk[c]) continue;
    ChunkSums(ens, ens->ochunk[c], ens->ochunk[c + 1], part);
    PetscCall(MckStatsAdd(ens->dstats, off, 4, part));
  }
  PetscCall(MckStatsReduce(ens->dstats));
  PetscCall(MckStatsGetSums(ens->dstats, &sums));
  for (PetscInt k = 0; k < 4; k++) mean[k] = sums[off + k] / ens->nobs;
  PetscFunctionReturn(0);
}

/* After the prior is observed: the innovation statistics into ens->info, and the warning. */
PetscErrorCode MckEnsInnovations(MckEnsemble ens)
{
  PetscReal m[4];

  PetscFunctionBeginUser;
  PetscCall(MckEnsInnovationMeans(ens, m));
  ens->info.omf_mean = m[0];
  ens->info.omf_var  = m[1];
  ens->info.hpht     = m[2];
  ens->info.obs_var  = m[3];
  PetscCall(WarnDivergence(ens));
  PetscFunctionReturn(0);
}
