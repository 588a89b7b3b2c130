/* The statistics of the global filters (enkf, etkf): with Yb the observed anomalies (obs x
 * active members) and R = diag(r),
 *   S = Yb^T R^-1 Yb,   E = Yb^T R^-1 D,   D[:, j] = y + eps_j - H x_j  (enkf)
 *                                           D[:, j] = y - mean_j H x_j   (etkf, every column)
 * two J x J matrices summed over the observations of each state chunk, one reduction.
 * On return: M1 = S, M2 = E, compressed to the na active members. */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsFilterStatistics(MckEnsemble ens, PetscBool perturb)
{
  const PetscInt   nl   = ens->nlobs;
  PetscReal       *ybar = ens->x.sd + ens->x.nc, **H = ens->rowp, **Yb = ens->pertp;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) H[j] = ens->hx + (size_t)j * nl;
  PetscCall(MckEnsAnomalies(ens, nl, H, ybar, Yb));
  if (perturb) PetscCall(MckEnsNormals(ens, ens->lobs0, nl, MCK_ENS_RNG_OBS, H)); /* eps_j / sqrt(r) */
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscInt j = ens->act[a];
    for (PetscInt l = 0; l < nl; l++) {
      const PetscReal y = ens->oy[ens->lobs0 + l];
      H[j][l] = perturb ? y + PetscSqrtReal(ens->or_[ens->lobs0 + l]) * H[j][l] - (Yb[j][l] + ybar[l]) : y - ybar[l];
    }
  }
  PetscCall(MckEnsStatsBegin(ens));
  for (PetscInt c = 0; c < ens->x.nchunks; c++) {
    const PetscInt l0 = ens->ochunk[c], nlc = ens->ochunk[c + 1] - l0;
    PetscCall(MckEnsAddGram(ens, l0, nlc, Yb, Yb, ens->obsw + l0, 0, ens->na));
    PetscCall(MckEnsAddGram(ens, l0, nlc, Yb, H, ens->obsw + l0, 1,
                            perturb ? ens->na : 1)); /* etkf: every column is the same */
  }
  PetscCall(MckEnsStatsEnd(ens, &sums));
  PetscCall(MckEnsCompress(ens, sums + ens->omat, ens->M1));
  PetscCall(MckEnsCompress(ens, sums + ens->omat + ens->J * ens->J, ens->M2));
  PetscFunctionReturn(0);
}

/* f(w) for Q f(w) Q^T */
PetscReal MckEnsInverse(PetscReal w, void *ctx)
{
  (void)ctx;
  return 1.0 / w;
}
