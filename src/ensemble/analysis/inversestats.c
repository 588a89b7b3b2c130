/* The statistics of the inverse processes (eki, eks), one reduction per iteration. With G' the
 * data anomalies, D[:, j] = y - G(u_j), W = Gamma^-1, U' the parameter anomalies:
 *   mat 0: G'^T W G'      mat 1: G'^T W D      mat 2: G'^T Gamma^-1/2 xi  (perturbations)
 *   mat 3: U'^T U'        mat 4: U'^T U        (J x J, summed over data / parameter chunks)
 *   vec 0: Phi_j = 1/2 |Gamma^-1/2 (y - G(u_j))|^2     scalar 0: |Gamma^-1/2 (y - mean G)|^2
 * The misfits go into ens->info. */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsInverseStatistics(MckEnsemble ens, PetscBool perturb, PetscBool want_u)
{
  MckEnsField     *g = &ens->g, *x = &ens->x;
  const PetscInt   nl = ens->nlobs, J = ens->J;
  PetscReal       *gbar = g->sd + g->nc, *xbar = x->sd + x->nc, **D = ens->rowp, *P = ens->part, s;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < J; j++) D[j] = ens->hx + (size_t)j * nl;
  PetscCall(MckEnsAnomalies(ens, nl, g->blk, gbar, g->wrk));
  for (PetscInt a = 0; a < ens->na; a++)
    for (PetscInt l = 0; l < nl; l++) D[ens->act[a]][l] = ens->oy[ens->lobs0 + l] - g->blk[ens->act[a]][l];
  if (perturb) {
    PetscCall(MckEnsNormals(ens, ens->lobs0, nl, MCK_ENS_RNG_OBS, ens->pertp));
    for (PetscInt a = 0; a < ens->na; a++)
      for (PetscInt l = 0; l < nl; l++) ens->pertp[ens->act[a]][l] *= PetscSqrtReal(ens->obsw[l]);
  }
  if (want_u) PetscCall(MckEnsAnomalies(ens, x->nc, x->blk, xbar, x->wrk));
  PetscCall(MckEnsStatsBegin(ens));
  for (PetscInt c = 0; c < g->nchunks; c++) {
    const PetscInt   l0 = ens->ochunk[c], nlc = ens->ochunk[c + 1] - l0;
    const PetscReal *w = ens->obsw + l0;
    PetscCall(MckEnsAddGram(ens, l0, nlc, g->wrk, g->wrk, w, 0, ens->na));
    PetscCall(MckEnsAddGram(ens, l0, nlc, g->wrk, D, w, 1, ens->na));
    if (perturb) PetscCall(MckEnsAddGram(ens, l0, nlc, g->wrk, ens->pertp, NULL, 2, ens->na));
    for (PetscInt j = 0; j < J; j++) P[j] = 0;
    for (PetscInt a = 0; a < ens->na; a++) {
      const PetscReal *d = D[ens->act[a]] + l0;
      s                  = 0;
      for (PetscInt l = 0; l < nlc; l++) s += d[l] * w[l] * d[l];
      P[ens->act[a]] = 0.5 * s;
    }
    PetscCall(MckStatsAdd(ens->stats, ens->ovec, J, P));
    s = 0;
    for (PetscInt l = 0; l < nlc; l++)
      s += (ens->oy[ens->lobs0 + l0 + l] - gbar[l0 + l]) * w[l] * (ens->oy[ens->lobs0 + l0 + l] - gbar[l0 + l]);
    PetscCall(MckStatsAdd(ens->stats, ens->oscal, 1, &s));
  }
  if (want_u)
    for (PetscInt c = 0; c < x->nchunks; c++) {
      const PetscInt i0 = c * x->chunk, ni = PetscMin(x->chunk, x->nc - i0);
      PetscCall(MckEnsAddGram(ens, i0, ni, x->wrk, x->wrk, NULL, 3, ens->na));
      PetscCall(MckEnsAddGram(ens, i0, ni, x->wrk, x->blk, NULL, 4, ens->na));
    }
  PetscCall(MckEnsStatsEnd(ens, &sums));
  s = 0;
  for (PetscInt a = 0; a < ens->na; a++) s += sums[ens->ovec + ens->act[a]];
  ens->info.misfit      = s / ens->na;
  ens->info.misfit_mean = 0.5 * sums[ens->oscal] / ens->ndata;
  PetscFunctionReturn(0);
}

/* What every inverse process shares: the statistics above, MckEnsembleIterate. */
void MckEnsSetInverseOps(MckEnsemble ens, MckEnsembleKind kind, PetscErrorCode (*analyze)(MckEnsemble))
{
  ens->ops->analyze = analyze;
  ens->kind         = kind;
  ens->nmats        = 5;
  ens->nvecs        = 1;
  ens->nscal        = 1;
}

/* The destroy of the inverse processes (their data hold nothing to release but themselves). */
PetscErrorCode MckEnsDestroyData(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(ens->data));
  PetscFunctionReturn(0);
}
