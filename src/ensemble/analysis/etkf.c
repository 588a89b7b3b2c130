/* ETKF (Bishop, Etherton & Majumdar 2001) in the ensemble-space form of Hunt, Kostelich &
 * Szunyogh (2007), symmetric square root (mean preserving):
 *   Pa~ = [(na - 1) I + S]^-1 = Q diag(1/w) Q^T,   W = sqrt(na - 1) Q diag(w^-1/2) Q^T,
 *   wbar = Pa~ b,   x^a_j = xbar + X' (W[:, j] + wbar),
 * with S = Yb^T R^-1 Yb and b = Yb^T R^-1 (y - ybar) (filterstats.c). */
#include "ensemble/ensimpl.h"

static PetscReal InvSqrt(PetscReal w, void *ctx) { return PetscSqrtReal(*(PetscReal *)ctx / w); }

/* From M1 = S, b = first column of M2: the ETKF transform into Tc (na x na). Shared with LETKF. */
PetscErrorCode MckEnsETKFTransform(MckEnsemble ens, PetscReal S[], const PetscReal b[], PetscReal Tc[])
{
  const PetscInt na  = ens->na;
  PetscReal      nm1 = na - 1, *w = ens->eval, *Cc = ens->M2, *qb = ens->evec, *wbar = ens->evec + ens->J;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < na; a++) S[a * na + a] += nm1;
  PetscCall(MckEnsSymEig(ens, na, S, w)); /* S <- Q */
  PetscCall(MckEnsSymFunction(ens, na, S, w, InvSqrt, &nm1, Cc));
  for (PetscInt k = 0; k < na; k++) { /* wbar = Q diag(1/w) Q^T b */
    qb[k] = 0;
    for (PetscInt a = 0; a < na; a++) qb[k] += S[a + k * na] * b[a];
    qb[k] /= w[k];
  }
  for (PetscInt a = 0; a < na; a++) {
    wbar[a] = 0;
    for (PetscInt k = 0; k < na; k++) wbar[a] += S[a + k * na] * qb[k];
  }
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt bb = 0; bb < na; bb++) Cc[a * na + bb] += wbar[a] - (a == bb ? 1.0 : 0.0);
  PetscCall(MckEnsCenteredUpdate(ens, Cc, Tc));
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_ETKF(MckEnsemble ens)
{
  PetscReal *S, *b;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleFilterStatistics(ens, &S, &b));
  PetscCall(MckEnsETKFTransform(ens, S, b, ens->T));
  PetscCall(MckEnsembleApplyTransform(ens, ens->T));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_ETKF(MckEnsemble ens)
{
  MckEnsembleOps ops;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleSetTransformFilter(ens));
  PetscCall(MckEnsembleGetOps(ens, &ops));
  ops->analyze = Analyze_ETKF;
  PetscFunctionReturn(0);
}
