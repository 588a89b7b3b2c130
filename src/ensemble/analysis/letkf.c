/* LETKF (Hunt, Kostelich & Szunyogh 2007): one ETKF per state component i, with the
 * observations within the Gaspari-Cohn support (periodic distance d < 2c on the state vector
 * from the observation's coordinate, c = -ens_loc_radius) and R^-1 localised: R_l^-1 rho_GC(d_l / c).
 * The search window runs over anchors floor(s) within floor(2c) + 1 of i (a coordinate between
 * grid points may be nearer than its anchor), or the whole ring when that is about as large.
 * Distribution: every rank analyses the components of its analysis block (all members there).
 * The statistic that crosses ranks is the observed ensemble HX (nobs x J), gathered once per
 * analysis (one MPI_Allgatherv of values, no arithmetic), so each local analysis is the same
 * bits on any rank count and the ensemble states themselves never leave their block. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal  c; /* -ens_loc_radius: Gaspari-Cohn half-width in state-index units */
  PetscInt   nobs;
  PetscReal *d; /* y - ybar, all observations */
} LETKF;

/* Gaspari & Cohn (1999), eq. (4.10): compactly supported fifth-order piecewise rational. */
PetscReal MckGaspariCohn(PetscReal d, PetscReal c)
{
  const PetscReal z = PetscAbsReal(d) / c;
  if (z <= 1) return (((-0.25 * z + 0.5) * z + 0.625) * z - 5.0 / 3.0) * z * z + 1.0;
  if (z < 2) return ((((z / 12.0 - 0.5) * z + 0.625) * z + 5.0 / 3.0) * z - 5.0) * z + 4.0 - 2.0 / (3.0 * z);
  return 0;
}

/* All observations' anomalies (obs-major, hxall[l J + j]) and innovations y - ybar. */
static PetscErrorCode GatherObserved(MckEnsemble ens, LETKF *lk)
{
  const PetscInt J = ens->J, na = ens->na;

  PetscFunctionBeginUser;
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
    lk->d[l] = ens->oy[l] - m;
  }
  PetscFunctionReturn(0);
}

/* S (na x na) and b (na) of component gi from the observations within reach. */
static PetscInt LocalStatistics(MckEnsemble ens, LETKF *lk, PetscInt64 gi, PetscReal S[], PetscReal b[])
{
  const PetscInt  na = ens->na, J = ens->J, n = ens->n, nobs = ens->nobs;
  const PetscReal c  = lk->c;
  const PetscInt  R0 = (PetscInt)PetscFloorReal(2 * c), R = 2 * R0 + 2 < n ? R0 + 1 : R0; /* R0: the ring */
  const PetscInt  s  = (PetscInt)(((gi - R) % n + n) % n);
  PetscInt        lo = 0, hi = nobs, used = 0;

  for (PetscInt k = 0; k < na * na; k++) S[k] = 0;
  for (PetscInt a = 0; a < na; a++) b[a] = 0;
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
    used++;
    {
      const PetscReal *Y = ens->hxall + (size_t)l * J;
      for (PetscInt a = 0; a < na; a++) {
        const PetscReal ya = w * Y[ens->act[a]];
        b[a] += ya * lk->d[l];
        for (PetscInt bb = 0; bb < na; bb++) S[a * na + bb] += ya * Y[ens->act[bb]];
      }
    }
  }
  return used;
}

static PetscErrorCode Analyze_LETKF(MckEnsemble ens)
{
  LETKF         *lk = (LETKF *)ens->data;
  MckEnsField   *f  = &ens->x;
  const PetscInt na = ens->na;

  PetscFunctionBeginUser;
  if (lk->nobs != ens->nobs) {
    PetscCall(PetscFree(lk->d));
    PetscCall(PetscMalloc1(ens->nobs, &lk->d));
    lk->nobs = ens->nobs;
  }
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  PetscCall(GatherObserved(ens, lk));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  for (PetscInt i = 0; i < f->nc; i++) {
    if (!LocalStatistics(ens, lk, f->c0 + i, ens->M1, ens->rnd)) {
      for (PetscInt a = 0; a < na; a++) f->wrk[ens->act[a]][i] = f->blk[ens->act[a]][i];
      continue;
    }
    PetscCall(MckEnsETKFTransform(ens, ens->M1, ens->rnd, ens->T));
    for (PetscInt bb = 0; bb < na; bb++) {
      PetscReal s = 0;
      for (PetscInt a = 0; a < na; a++) s += f->blk[ens->act[a]][i] * ens->T[a * na + bb];
      f->wrk[ens->act[bb]][i] = s;
    }
  }
  for (PetscInt a = 0; a < na; a++) PetscCall(PetscArraycpy(f->blk[ens->act[a]], f->wrk[ens->act[a]], f->nc));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_LETKF(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  LETKF *lk = (LETKF *)ens->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(
      "-ens_loc_radius",
      "LETKF: Gaspari-Cohn half-width c in state-index units: weight zero from distance 2c (a cut-off radius R is c = R/2; a Gaussian length scale L is c = 1.83 L)",
      lk->c, &lk->c, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_LETKF(MckEnsemble ens)
{
  LETKF *lk = (LETKF *)ens->data;
  char   c[32];

  PetscFunctionBeginUser;
  PetscCheck(lk->c > 0, ens->comm, PETSC_ERR_USER_INPUT, "%s %s: %s letkf needs a positive localisation radius",
             McKeanOptionName((PetscObject)ens, "-ens_loc_radius"), McKeanFormatReal(lk->c, c, sizeof(c)),
             McKeanOptionName((PetscObject)ens, "-ens_analysis"));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_LETKF(MckEnsemble ens, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(
      MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_loc_radius"), 1, &((LETKF *)ens->data)->c));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_LETKF(MckEnsemble ens, PetscViewer viewer)
{
  char c[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "LETKF: Gaspari-Cohn localisation radius %s (state-index units)\n",
                                   McKeanFormatReal(((LETKF *)ens->data)->c, c, sizeof(c))));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_LETKF(MckEnsemble ens)
{
  LETKF *lk = (LETKF *)ens->data;

  PetscFunctionBeginUser;
  if (lk) PetscCall(PetscFree(lk->d));
  PetscCall(PetscFree(ens->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate_LETKF(MckEnsemble ens)
{
  LETKF *lk;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&lk));
  ens->data                = lk;
  ens->ops->setfromoptions = SetFromOptions_LETKF;
  ens->ops->setup          = SetUp_LETKF;
  ens->ops->analyze        = Analyze_LETKF;
  ens->ops->config         = Config_LETKF;
  ens->ops->view           = View_LETKF;
  ens->ops->destroy        = Destroy_LETKF;
  ens->local               = PETSC_TRUE;
  PetscFunctionReturn(0);
}
