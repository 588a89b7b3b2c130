/* The observations of one state component for the local analyses (letkf, lnetf): Gaspari-Cohn
 * localisation of R^-1 around component i, weights rho_GC(d_l / c) / r_l for the observations
 * within the support (periodic index distance d_l < 2c on the state vector, c = -ens_loc_radius),
 * in a fixed order (from the first observation at or after i - 2c, cyclically), so a local
 * analysis is the same bits on any rank count.
 * The statistic that crosses ranks is the observed ensemble HX (nobs x J), gathered once per
 * analysis (one MPI_Allgatherv of values, no arithmetic); its anomalies and the innovations of
 * the mean, y - mean_j H x_j, are then formed on every rank. */
#include "ensemble/ensimpl.h"

/* Gaspari & Cohn (1999), eq. (4.10): compactly supported fifth-order piecewise rational. */
PetscReal MckGaspariCohn(PetscReal d, PetscReal c)
{
  const PetscReal z = PetscAbsReal(d) / c;
  if (z <= 1) return (((-0.25 * z + 0.5) * z + 0.625) * z - 5.0 / 3.0) * z * z + 1.0;
  if (z < 2) return ((((z / 12.0 - 0.5) * z + 0.625) * z + 5.0 / 3.0) * z - 5.0) * z + 4.0 - 2.0 / (3.0 * z);
  return 0;
}

/* The operations of a local analysis type whose data begins with an MckEnsLocal. */
PetscErrorCode MckEnsLocalSetFromOptions(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  MckEnsLocal *loc = (MckEnsLocal *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(
      "-ens_loc_radius",
      "Local analyses (letkf, lnetf): Gaspari-Cohn half-width c in state-index units: weight zero from distance 2c (a cut-off radius R is c = R/2; a Gaussian length scale L is c = 1.83 L)",
      loc->c, &loc->c, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsLocalSetUp(MckEnsemble ens)
{
  MckEnsLocal *loc = (MckEnsLocal *)ens->data;
  char         c[32];

  PetscFunctionBeginUser;
  PetscCheck(loc->c > 0, ens->comm, PETSC_ERR_USER_INPUT, "%s %s: %s %s needs a positive localisation radius",
             McKeanOptionName((PetscObject)ens, "-ens_loc_radius"), McKeanFormatReal(loc->c, c, sizeof(c)),
             McKeanOptionName((PetscObject)ens, "-ens_analysis"), ((PetscObject)ens)->type_name);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsLocalConfig(MckEnsemble ens, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_loc_radius"), 1,
                             &((MckEnsLocal *)ens->data)->c));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsLocalDestroy(MckEnsLocal *loc)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(loc->d, loc->idx, loc->w));
  loc->nobs = 0;
  PetscFunctionReturn(0);
}

/* All observations' anomalies (obs-major, hxall[l J + j]) and innovations d = y - ybar. */
PetscErrorCode MckEnsLocalGather(MckEnsemble ens, MckEnsLocal *loc)
{
  const PetscInt J = ens->J, na = ens->na;

  PetscFunctionBeginUser;
  if (loc->nobs != ens->nobs) {
    PetscCall(MckEnsLocalDestroy(loc));
    PetscCall(PetscMalloc3(ens->nobs, &loc->d, ens->nobs, &loc->idx, ens->nobs, &loc->w));
    loc->nobs = ens->nobs;
  }
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  for (PetscInt l = 0; l < ens->nlobs; l++)
    for (PetscInt j = 0; j < J; j++) ens->pert[l * J + j] = ens->hx[(size_t)j * ens->nlobs + l];
  if (ens->replicated)
    PetscCall(PetscArraycpy(ens->hxall, ens->pert, (size_t)ens->nobs * J)); /* every rank observes all */
  else
    PetscCallMPI(MPI_Allgatherv(ens->pert, (PetscMPIInt)(ens->nlobs * J), MPIU_REAL, ens->hxall, ens->ocount,
                                ens->odispl, MPIU_REAL, ens->comm));
  for (PetscInt l = 0; l < ens->nobs; l++) {
    PetscReal *Y = ens->hxall + (size_t)l * J, m = 0;
    for (PetscInt a = 0; a < na; a++) m += Y[ens->act[a]];
    m /= na;
    for (PetscInt a = 0; a < na; a++) Y[ens->act[a]] -= m;
    loc->d[l] = ens->oy[l] - m;
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* The observations within reach of component gi into loc->idx, their weights into loc->w: within
 * the Gaspari-Cohn support, periodic distance d < 2c from the observation's coordinate. The search
 * window runs over anchors floor(s) within floor(2c) + 1 of i (a coordinate between grid points may
 * be nearer than its anchor), or the whole ring when that is about as large. */
PetscInt MckEnsLocalObservations(MckEnsemble ens, MckEnsLocal *loc, PetscInt64 gi)
{
  const PetscInt  n = ens->n, nobs = ens->nobs;
  const PetscReal c  = loc->c;
  const PetscInt  R0 = (PetscInt)PetscFloorReal(2 * c), R = 2 * R0 + 2 < n ? R0 + 1 : R0; /* R0: the ring */
  const PetscInt  s  = (PetscInt)(((gi - R) % n + n) % n);
  PetscInt        lo = 0, hi = nobs, used = 0;

  while (lo < hi) { /* first observation at or after s */
    const PetscInt mid = (lo + hi) / 2;
    if (ens->oidx[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  for (PetscInt k = 0; k < nobs; k++) {
    const PetscInt  l = (lo + k) % nobs, fwd = (ens->oidx[l] - s + n) % n;
    const PetscReal dd = PetscAbsReal(ens->ocoord[l] - (PetscReal)gi), dist = PetscMin(dd, n - dd);
    PetscReal       w;
    if (fwd > 2 * R) break;
    w = MckGaspariCohn(dist, c) / ens->or_[l];
    if (w <= 0) continue;
    loc->idx[used] = l;
    loc->w[used++] = w;
  }
  return used;
}
