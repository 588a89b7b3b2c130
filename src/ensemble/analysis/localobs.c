/* The observations of one state component for the local analyses (letkf, lnetf): Gaspari-Cohn
 * localisation of R^-1 around component i, weights rho_GC(d_l / c) / r_l for the observations
 * within the support (periodic distance d_l < 2c between component i's grid point and the
 * observation's coordinates, c = -ens_loc_radius: the index distance on the 1D ring, the
 * Euclidean distance in grid units on a grid of d axes, grid.c), in a fixed order (from the
 * first observation anchored at or after the start of i's search window, cyclically), so a
 * local analysis is the same bits on any rank count.
 *
 * The statistic that crosses ranks is the observed ensemble HX (J values per observation),
 * evaluated by the rank that owns the observation's anchor (obs/observe.c). The components of a
 * rank's block [c0, c0 + nc) search anchors within R = floor(2c) + 1 of themselves along the
 * last axis of the grid (any anchor of the slabs of that axis within R: on the 1D ring the
 * anchors within R, on a grid of slabs of S components whole slabs), so the rank needs the
 * observations anchored in [S (r0 - R), S (r1 + R + 1)) (mod n), r0 and r1 the slabs of its
 * first and last component (1D: [c0 - R, c0 + nc + R)): its window, the own block's
 * observations and a halo on either side. They are one cyclic range of the observations (sorted
 * by coordinate), fetched once per analysis from their owners through a PetscSF (point-to-point
 * with the ranks that own them only); when nc + 2R >= n the window is the whole ring and holds
 * every observation. -ens_loc_exchange allgather instead gathers every observation on every
 * rank (one MPI_Allgatherv). The window keeps the global order and each observation's anomalies
 * and innovation y - mean_j H x_j are formed from the same values in the same order, so the
 * analysis is the same bits either way, on any rank count.
 *
 * A rank stores only its own observations (observations.c): the window's range of positions
 * is found from the ranks whose blocks hold its ends, and its coordinates, values and variances
 * come from their owners with the window's H X (the same star forest; in the replicated layouts
 * every rank has them all). */
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
static const char *const ExchangeNames[] = {"halo", "allgather"};

PetscErrorCode MckEnsLocalSetFromOptions(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  MckEnsLocal *loc    = (MckEnsLocal *)ens->data;
  PetscInt     choice = 0;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(
      "-ens_loc_radius",
      "Local analyses (letkf, lnetf): Gaspari-Cohn half-width c in state-index units: weight zero from distance 2c (a cut-off radius R is c = R/2; a Gaussian length scale L is c = 1.83 L)",
      loc->c, &loc->c, NULL));
  PetscCall(MckOptionsChoice(
      "-ens_loc_exchange",
      "Local analyses: how a rank gets the observed ensemble H X: halo (the observations within the cut-off of its block, from their owners) or allgather (every observation); the same bits",
      ExchangeNames, 2, loc->allgather ? 1 : 0, &choice, NULL));
  loc->allgather = choice == 1 ? PETSC_TRUE : PETSC_FALSE;
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

/* Makes ens a local analysis type: its data (size bytes, an MckEnsLocal first) is allocated, and the
 * localisation's options, radius check and checkpoint settings become the type's operations (a
 * type with more to set up calls MckEnsLocalSetUp from its own). */
PetscErrorCode MckEnsLocalCreate(MckEnsemble ens, size_t size)
{
  PetscFunctionBeginUser;
  PetscCall(PetscCalloc(size, &ens->data));
  ens->ops->setfromoptions = MckEnsLocalSetFromOptions;
  ens->ops->setup          = MckEnsLocalSetUp;
  ens->ops->config         = MckEnsLocalConfig;
  ens->local               = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsLocalDestroy(MckEnsLocal *loc)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree7(loc->gl, loc->hx, loc->d, loc->idx, loc->w, loc->anchor, loc->wcoord));
  PetscCall(PetscFree2(loc->wy, loc->wr));
  if (loc->sf) { /* created with the star forest */
    PetscCallMPI(MPI_Type_free(&loc->unit));
    PetscCallMPI(MPI_Type_free(&loc->cunit));
  }
  PetscCall(PetscSFDestroy(&loc->sf));
  loc->nobs = 0;
  loc->wc   = 0;
  PetscFunctionReturn(0);
}

/* The slabs of the last axis (n of them on the 1D ring) a component searches on either side of
 * its own: floor(2c) + 1 (an observation between grid points may lie nearer than its anchor),
 * or floor(2c) when the window 2 floor(2c) + 1 already covers the axis. At n = 2 floor(2c) + 2
 * the wider reach is needed: the shorter window would leave out the opposite slab, whose
 * observations can lie within 2c. */
static PetscInt Reach(MckEnsemble ens, PetscReal c)
{
  const PetscInt R0 = (PetscInt)PetscFloorReal(2 * c), n = ens->gsize[ens->dim - 1];
  return 2 * R0 + 1 < n ? R0 + 1 : R0;
}

/* The number of observations anchored before component a, asked of the rank whose block holds
 * a: its first observation's global position and its own observations anchored before a. */
static PetscInt CountBefore(MckEnsemble ens, PetscInt64 a)
{
  PetscInt lo = 0, hi = ens->nlobs;

  while (lo < hi) {
    const PetscInt mid = (lo + hi) / 2;
    if (ens->oidx[ens->lobs0 + mid] < a) lo = mid + 1;
    else hi = mid;
  }
  return ens->lobs0 + lo;
}

/* Rank q's window of anchors [*s, *e) (mod n, *s < n): the slabs of its block and R slabs
 * either side (1D: its block and R components either side). */
static void WindowOf(MckEnsemble ens, PetscMPIInt q, PetscInt R, PetscInt64 *s, PetscInt64 *e)
{
  const PetscInt64 *b = ens->x.block + 2 * q, S = MckEnsGridSlab(ens), ns = ens->gsize[ens->dim - 1];
  const PetscInt64  r0 = b[0] / S, rows = b[1] ? (b[0] + b[1] - 1) / S - r0 + 1 : 0;

  *s = ((r0 - R) % ns + ns) % ns * S;
  *e = *s + (rows + 2 * R) * S;
}

static PetscBool Holds(MckEnsemble ens, PetscInt64 a)
{
  return (PetscBool)(a >= ens->x.c0 && a < ens->x.c0 + ens->x.nc);
}

/* This rank's halo window: the nh observations from global index g0 on (cyclically) anchored in
 * [a0, a0 + nc + 2R) (mod n); the whole set (a0 = g0 = 0) when that covers the ring or every
 * rank holds every observation. The positions where the windows start and end are known to the
 * ranks whose blocks hold their ends: each rank answers those of every window that fall in its
 * block, one reduction of 2 x size integers. Collective in the blocks layout. */
static PetscErrorCode HaloWindow(MckEnsemble ens, PetscInt R, PetscInt *a0, PetscInt *g0, PetscInt *nh)
{
  const PetscInt64 n    = ens->n;
  const PetscInt   nobs = ens->nobs;
  PetscInt        *ends;
  PetscInt64       s, e;

  PetscFunctionBeginUser;
  *a0 = *g0 = 0;
  *nh       = nobs;
  if (ens->replicated) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(2 * ens->size, &ends));
  for (PetscMPIInt q = 0; q < ens->size; q++) {
    WindowOf(ens, q, R, &s, &e);
    if (!ens->x.block[2 * q + 1] || e - s >= n) continue;
    if (Holds(ens, s)) ends[2 * q] = CountBefore(ens, s);
    if (e != n && Holds(ens, e % n)) ends[2 * q + 1] = CountBefore(ens, e % n);
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ends, 2 * ens->size, MPIU_INT, MPI_SUM, ens->comm));
  WindowOf(ens, ens->rank, R, &s, &e);
  if (e - s < n) {
    const PetscInt first = ends[2 * ens->rank], last = e == n ? nobs : ends[2 * ens->rank + 1];

    *a0 = (PetscInt)s;
    *g0 = first % nobs;
    *nh = !ens->x.nc ? 0 : e <= n ? last - first : nobs - first + last;
  }
  PetscCall(PetscFree(ends));
  PetscFunctionReturn(0);
}

/* The rank that owns (evaluates) observation l: the last rank whose range starts at or before l
 * (a rank without observations starts where the next one does). */
static PetscMPIInt Owner(MckEnsemble ens, PetscInt l)
{
  PetscMPIInt lo = 0, hi = ens->size - 1;

  while (lo < hi) {
    const PetscMPIInt mid = (lo + hi + 1) / 2;
    if (ens->odispl[mid] / ens->J <= l) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/* Bytes per analysis moved between ranks (summed over the ranks) by the halo exchange and by the
 * all-gather: the halo window's (g0, nh) observations owned elsewhere, and every observation owned
 * elsewhere. Collective. */
static PetscErrorCode CountBytes(MckEnsemble ens, MckEnsLocal *loc, PetscInt g0, PetscInt nh)
{
  const PetscInt64 row     = (PetscInt64)ens->J * sizeof(PetscReal);
  PetscInt64       mine[2] = {0, 0};

  PetscFunctionBeginUser;
  if (!ens->replicated) {
    for (PetscInt k = 0; k < nh; k++) {
      const PetscInt l = (g0 + k) % ens->nobs;
      if (l < ens->lobs0 || l >= ens->lobs0 + ens->nlobs) mine[0] += row;
    }
    mine[1] = (ens->nobs - ens->nlobs) * row;
  }
  PetscCallMPI(MPI_Allreduce(mine, loc->bytes, 2, MPIU_INT64, MPI_SUM, ens->comm));
  PetscFunctionReturn(0);
}

/* The star forest of the window (blocks layout): leaf k (window entry k) from root gl[k] -
 * start(owner) (the owner's local observation); it moves H X in the halo exchange and the
 * observations' values with either exchange. */
static PetscErrorCode CreateHaloSF(MckEnsemble ens, MckEnsLocal *loc)
{
  PetscSFNode *remote;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(loc->nobs + 1, &remote));
  for (PetscInt k = 0; k < loc->nobs; k++) {
    const PetscMPIInt q = Owner(ens, loc->gl[k]);
    remote[k].rank      = q;
    remote[k].index     = loc->gl[k] - ens->odispl[q] / ens->J;
  }
  PetscCall(PetscSFCreate(ens->comm, &loc->sf));
  PetscCall(PetscSFSetGraph(loc->sf, ens->nlobs, loc->nobs, NULL, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(PetscSFSetUp(loc->sf));
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)ens->J, MPIU_REAL, &loc->unit));
  PetscCallMPI(MPI_Type_commit(&loc->unit));
  PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)ens->dim, MPIU_REAL, &loc->cunit));
  PetscCallMPI(MPI_Type_commit(&loc->cunit));
  PetscFunctionReturn(0);
}

/* The -ens_view line of a local analysis's observation exchange (the bytes once there are
 * observations). */
PetscErrorCode MckEnsLocalView(MckEnsemble ens, PetscViewer viewer)
{
  MckEnsLocal *loc        = (MckEnsLocal *)ens->data;
  char         bytes[160] = "";

  PetscFunctionBeginUser;
  if (loc->wc > 0)
    PetscCall(PetscSNPrintf(bytes, sizeof(bytes),
                            ", %" PetscInt64_FMT " bytes per analysis between ranks (halo exchange %" PetscInt64_FMT
                            ", all-gather %" PetscInt64_FMT ")",
                            loc->bytes[loc->allgather ? 1 : 0], loc->bytes[0], loc->bytes[1]));
  else PetscCall(PetscStrncpy(bytes, " (bytes per analysis: with the first observations)", sizeof(bytes)));
  PetscCall(PetscViewerASCIIPrintf(viewer, "observations of the local analyses: %s%s\n",
                                   loc->allgather ? "all-gather" : "halo exchange", bytes));
  PetscFunctionReturn(0);
}

/* -ens_view views the ensemble at set-up, before it has observations: the exchange's line with
 * the bytes follows when the first observations are set. */
static PetscErrorCode ViewFirstWindow(MckEnsemble ens, MckEnsLocal *loc)
{
  PetscViewer       viewer;
  PetscViewerFormat format;
  PetscBool         flg;

  PetscFunctionBeginUser;
  if (loc->shown) PetscFunctionReturn(0);
  loc->shown = PETSC_TRUE;
  PetscCall(PetscOptionsGetViewer(ens->comm, ((PetscObject)ens)->options, ((PetscObject)ens)->prefix, "-ens_view",
                                  &viewer, &format, &flg));
  if (!flg) PetscFunctionReturn(0);
  PetscCall(PetscViewerPushFormat(viewer, format));
  PetscCall(MckEnsLocalView(ens, viewer));
  PetscCall(PetscViewerPopFormat(viewer));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/* The window of this rank's local analyses for the current observations and radius, its
 * exchange and its byte counts (when the observations move, or the radius changed). Collective. */
PetscErrorCode MckEnsLocalSetUpWindow(MckEnsemble ens)
{
  MckEnsLocal   *loc = (MckEnsLocal *)ens->data;
  const PetscInt R   = Reach(ens, loc->c);
  PetscInt       a0, g0, nh;

  PetscFunctionBeginUser;
  PetscCall(MckEnsLocalDestroy(loc));
  PetscCall(HaloWindow(ens, R, &a0, &g0, &nh));
  PetscCall(CountBytes(ens, loc, g0, nh)); /* both counts, whichever exchange is used */
  if (loc->allgather) {
    a0 = g0 = 0;
    nh      = ens->nobs;
  }
  PetscCall(PetscMalloc7(nh + 1, &loc->gl, (size_t)nh * ens->J + 1, &loc->hx, nh + 1, &loc->d, nh + 1, &loc->idx,
                         nh + 1, &loc->w, nh + 1, &loc->anchor, (size_t)nh * ens->dim + 1, &loc->wcoord));
  PetscCall(PetscMalloc2(nh + 1, &loc->wy, nh + 1, &loc->wr));
  for (PetscInt k = 0; k < nh; k++) loc->gl[k] = (g0 + k) % ens->nobs;
  loc->nobs = nh;
  loc->a0   = a0;
  loc->wc   = loc->c;
  if (!ens->replicated) PetscCall(CreateHaloSF(ens, loc));
  PetscCall(MckEnsLocalFetchObservations(ens));
  for (PetscInt k = 0; k < nh; k++)
    loc->anchor[k] = (PetscInt)MckEnsGridAnchor(ens, loc->wcoord + (size_t)k * ens->dim);
  PetscCall(ViewFirstWindow(ens, loc));
  PetscFunctionReturn(0);
}

/* The window's coordinates, values and variances, from their owners (every analysis: the values
 * change; three broadcasts in flight together). Collective in the blocks layout. */
PetscErrorCode MckEnsLocalFetchObservations(MckEnsemble ens)
{
  MckEnsLocal     *loc     = (MckEnsLocal *)ens->data;
  const PetscReal *own[3]  = {ens->ocoord + (size_t)ens->lobs0 * ens->dim, ens->oy + ens->lobs0, ens->or_ + ens->lobs0};
  PetscReal       *win[3]  = {loc->wcoord, loc->wy, loc->wr};
  MPI_Datatype     unit[3] = {loc->cunit, MPIU_REAL, MPIU_REAL};

  PetscFunctionBeginUser;
  if (ens->replicated) { /* the window is every observation, mine */
    for (PetscInt k = 0; k < 3; k++) PetscCall(PetscArraycpy(win[k], own[k], (size_t)ens->nobs * (k ? 1 : ens->dim)));
    PetscFunctionReturn(0);
  }
  for (PetscInt k = 0; k < 3; k++) PetscCall(PetscSFBcastBegin(loc->sf, unit[k], own[k], win[k], MPI_REPLACE));
  for (PetscInt k = 0; k < 3; k++) PetscCall(PetscSFBcastEnd(loc->sf, unit[k], own[k], win[k], MPI_REPLACE));
  PetscFunctionReturn(0);
}

/* The window's anomalies (observation-major, hx[k J + j]) and innovations d = y - ybar: the own
 * observations' H X from every owner (halo exchange or all-gather). */
PetscErrorCode MckEnsLocalGather(MckEnsemble ens, MckEnsLocal *loc)
{
  const PetscInt J = ens->J, na = ens->na;

  PetscFunctionBeginUser;
  if (loc->wc != loc->c) PetscCall(MckEnsLocalSetUpWindow(ens)); /* the same on every rank */
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  for (PetscInt l = 0; l < ens->nlobs; l++)
    for (PetscInt j = 0; j < J; j++) ens->pert[l * J + j] = ens->hx[(size_t)j * ens->nlobs + l];
  if (ens->replicated)
    PetscCall(PetscArraycpy(loc->hx, ens->pert, (size_t)ens->nobs * J)); /* every rank observes all */
  else if (loc->allgather)
    PetscCallMPI(MPI_Allgatherv(ens->pert, (PetscMPIInt)(ens->nlobs * J), MPIU_REAL, loc->hx, ens->ocount, ens->odispl,
                                MPIU_REAL, ens->comm));
  else {
    PetscCall(PetscSFBcastBegin(loc->sf, loc->unit, ens->pert, loc->hx, MPI_REPLACE));
    PetscCall(PetscSFBcastEnd(loc->sf, loc->unit, ens->pert, loc->hx, MPI_REPLACE));
  }
  for (PetscInt k = 0; k < loc->nobs; k++) {
    PetscReal *Y = loc->hx + (size_t)k * J, m = 0;
    for (PetscInt a = 0; a < na; a++) m += Y[ens->act[a]];
    m /= na;
    for (PetscInt a = 0; a < na; a++) Y[ens->act[a]] -= m;
    loc->d[k] = loc->wy[k] - m;
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsStats, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* The window entries within reach of component gi into loc->idx, their weights into loc->w:
 * within the Gaspari-Cohn support, periodic distance d < 2c from the observation's coordinates.
 * The search runs over the anchors of the slabs within R of gi's (a coordinate between grid
 * points may be nearer than its anchor; 1D: the anchors within R of gi), from the first at or
 * after the first of those slabs, cyclically: the window holds them all, in the global order. */
PetscInt MckEnsLocalObservations(MckEnsemble ens, MckEnsLocal *loc, PetscInt64 gi)
{
  const PetscInt   n = ens->n, nh = loc->nobs, a0 = loc->a0, ns = ens->gsize[ens->dim - 1];
  const PetscInt64 S = MckEnsGridSlab(ens);
  const PetscReal  c = loc->c;
  const PetscInt   R = Reach(ens, c), s = (PetscInt)(((gi / S - R) % ns + ns) % ns * S), t = (s - a0 + n) % n;
  const PetscInt64 span = (2 * R + 1) * S; /* the anchors searched, from s on */
  PetscInt         lo = 0, hi = nh, used = 0;

  while (lo < hi) { /* first window entry at or after s */
    const PetscInt mid = (lo + hi) / 2;
    if ((loc->anchor[mid] - a0 + n) % n < t) lo = mid + 1;
    else hi = mid;
  }
  for (PetscInt k = 0; k < nh; k++) {
    const PetscInt  kk = (lo + k) % nh, fwd = (loc->anchor[kk] - s + n) % n;
    const PetscReal dist = MckEnsGridDistance(ens, loc->wcoord + (size_t)kk * ens->dim, gi);
    PetscReal       w;
    if (fwd >= span) break;
    w = MckGaspariCohn(dist, c) / loc->wr[kk];
    if (w <= 0) continue;
    loc->idx[used] = kk;
    loc->w[used++] = w;
  }
  return used;
}

/*@C
  MckEnsembleGetExchangeBytes - The bytes a local analysis (letkf, lnetf) moves between ranks
  per analysis to give every rank the observed ensemble H X it needs: with the halo exchange
  (the observations within the localisation cut-off of each rank's block) and with the
  all-gather (every observation on every rank), both for the current observations.

  Not Collective

  Input Parameter:
. ens - the ensemble, with observations

  Output Parameters:
+ halo      - bytes of the halo exchange, summed over the ranks (NULL if not wanted)
- allgather - bytes of the all-gather, summed over the ranks (NULL if not wanted)

  Options Database Key:
. -ens_loc_exchange <halo|allgather> - which of the two the analysis uses (the results are the
  same bits)

  Notes:
  A rank receives J sizeof(PetscReal) bytes for every observation it needs and another rank
  evaluates (docs/ensemble.md): with blocks of nc components, the halo needs the observations
  anchored within R = floor(2c) + 1 components of the block (c = -ens_loc_radius), the
  all-gather all of them. Values moved within a rank are not counted; in the replicated and
  redundant layouts both counts are 0. Other analysis types, or before the first observations:
  0 and 0.

  Level: intermediate

.seealso: `MckEnsembleSetObservationsAt()`, `MckEnsembleView()`, `MckEnsembleGetLayout()`
@*/
PetscErrorCode MckEnsembleGetExchangeBytes(MckEnsemble ens, PetscInt64 *halo, PetscInt64 *allgather)
{
  const MckEnsLocal *loc;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  loc = ens->local && ens->data ? (const MckEnsLocal *)ens->data : NULL;
  if (halo) *halo = loc && loc->wc > 0 ? loc->bytes[0] : 0;
  if (allgather) *allgather = loc && loc->wc > 0 ? loc->bytes[1] : 0;
  PetscFunctionReturn(0);
}
