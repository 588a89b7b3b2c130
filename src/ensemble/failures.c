/* Failed members: which members of this cycle are left out of the analysis.
 *
 * A member fails when
 *   (a) its model says so: the forecast or forward solve failed, its state or data is not
 *       finite, or its state lies beyond the limits the model defines (MckModelCheckState), or
 *   (b) its state (or predicted data) is not finite, or lies far from the rest of the ensemble:
 *       with m_i the median of component i over the active members and
 *       r_j = max_i |x_ji - m_i| the member's largest deviation from it, member j fails when
 *       r_j > -ens_outlier_factor * median_k r_k (the median over the members that did not fail
 *       by (a)). The same test runs on the predicted data of an inverse process.
 * Medians are robust (half the ensemble may explode before they move), the rule is scale-free
 * (it compares members with members), and a finite member that exploded never reaches the
 * ensemble's exact fixed-point statistics. Every number here is computed in the analysis layout
 * (a component's median from the J values of one rank), and the flags and distances of all
 * members travel in ONE MPI_Allreduce with MPI_MAX, so the verdict is the same bits on any rank
 * count and no rank waits for another's failure. Finiteness is C's isfinite(), inline:
 * PetscIsInfOrNanReal() is two calls into the PETSc library per value, and this scan touches
 * every value of the ensemble twice a cycle.
 *
 * Where a rank holds every component (one rank, the replicated and redundant layouts) most
 * cycles skip the medians: two passes over the values bound every r_j from above and the median
 * of r from below, and when the bounds already exclude an outlier the verdict is that of the
 * medians (no member fails), found at a fraction of their cost (ScreenNoOutlier). */
#include "ensemble/ensimpl.h"
#include <float.h> /* DBL_MIN, DBL_MAX */

#define MCK_SIMD_TEMPLATE "ensemble/failures_template.h"
#include "core/simd_instantiate.h"

/* The k-th smallest of v[0..n) (Hoare's selection, expected O(n); v is permuted). */
static PetscReal Select(PetscInt n, PetscReal v[], PetscInt k)
{
  PetscInt lo = 0, hi = n - 1;

  while (lo < hi) {
    const PetscReal pivot = v[lo + (hi - lo) / 2];
    PetscInt        i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        const PetscReal t = v[i];
        v[i++]            = v[j];
        v[j--]            = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break; /* v[j+1 .. i-1] all equal the pivot */
  }
  return v[k];
}

/* *m = median of v[0..n) (0 for n = 0); v is permuted. The order statistics are those a full
 * sort gives, so the median is the same bits however they are found. */
static PetscErrorCode Median(PetscInt n, PetscReal v[], PetscReal *m)
{
  PetscFunctionBeginUser;
  *m = 0;
  if (!n) PetscFunctionReturn(0);
  if (n % 2) *m = Select(n, v, n / 2);
  else {
    const PetscReal upper = Select(n, v, n / 2);
    PetscReal       lower = v[0];
    for (PetscInt i = 1; i < n / 2; i++) lower = PetscMax(lower, v[i]); /* below n/2: the rest */
    *m = 0.5 * (lower + upper);
  }
  PetscFunctionReturn(0);
}

/* Up to this many members the sorting network (about n log2(n)^2 / 4 compare-exchanges, without
 * a branch) costs less per component than selection (O(n), but a mispredicted branch about
 * every other value); 24 members: 132 compare-exchanges. */
#define MCK_ENS_NETWORK_MAX 128

/* m[0..w) = the medians of components [i0, i0 + w) over the active members' finite values. A
 * tile whose values are all finite (every cycle but one where a member fails) is sorted by
 * columns; otherwise, or for a large ensemble, each component selects from its finite values. */
static PetscErrorCode TileMedians(MckEnsemble ens, MckEnsField *f, PetscInt i0, PetscInt w, PetscReal m[])
{
  PetscReal *t   = ens->ftile;
  PetscInt   cnt = 0;
  int        bad = 0;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) {
    const PetscReal *x = f->blk[j] + i0;
    if (!ens->active[j]) continue;
    for (PetscInt i = 0; i < w; i++) bad |= !isfinite(x[i]);
    PetscCall(PetscArraycpy(t + cnt++ * w, x, w));
  }
  if (!cnt) PetscCall(PetscArrayzero(m, w));
  else if (!bad && cnt <= MCK_ENS_NETWORK_MAX) {
    const PetscReal *lower = t + (cnt - 1) / 2 * w, *upper = t + cnt / 2 * w; /* the same row for odd cnt */
    MCK_SIMD_CALL(SortColumns, cnt, w, t);
    for (PetscInt i = 0; i < w; i++) m[i] = cnt % 2 ? upper[i] : 0.5 * (lower[i] + upper[i]);
  }
  if (!cnt || (!bad && cnt <= MCK_ENS_NETWORK_MAX)) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < w; i++) {
    PetscReal *v  = ens->fvals;
    PetscInt   nf = 0;
    for (PetscInt j = 0; j < ens->J; j++)
      if (ens->active[j] && isfinite(f->blk[j][i0 + i])) v[nf++] = f->blk[j][i0 + i];
    PetscCall(Median(nf, v, &m[i]));
  }
  PetscFunctionReturn(0);
}

/* r[j] = max over this rank's components of |x_ji - m_i| for the active members (+inf when a
 * value is not finite), m_i the median of component i over the active members' finite values;
 * tile by tile, so the medians of a tile are used while its values are in cache. */
static PetscErrorCode LocalDeviations(MckEnsemble ens, MckEnsField *f, PetscReal r[])
{
  PetscReal *m = ens->ftile + ens->J * MCK_ENS_FAILURE_TILE;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) r[j] = 0;
  for (PetscInt i0 = 0; i0 < f->nc; i0 += MCK_ENS_FAILURE_TILE) {
    const PetscInt w = PetscMin(MCK_ENS_FAILURE_TILE, f->nc - i0);
    PetscCall(TileMedians(ens, f, i0, w, m));
    for (PetscInt j = 0; j < ens->J; j++) {
      const PetscReal *x   = f->blk[j] + i0;
      PetscReal        rj  = r[j];
      int              bad = 0;
      if (!ens->active[j]) continue;
      for (PetscInt i = 0; i < w; i++) {
        const PetscReal d = PetscAbsReal(x[i] - m[i]);
        bad |= !isfinite(d);
        rj = d > rj ? d : rj;
      }
      r[j] = bad ? (PetscReal)INFINITY : rj;
    }
  }
  PetscFunctionReturn(0);
}

/* The median of r over the members that are active and did not fail by their model's verdict;
 * 0 when there are none or the ensemble has no spread. */
static PetscErrorCode MedianDeviation(MckEnsemble ens, const PetscReal flag[], const PetscReal r[], PetscReal *m)
{
  PetscInt cnt = 0;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++)
    if (ens->active[j] && flag[j] == 0 && isfinite(r[j])) ens->fvals[cnt++] = r[j];
  PetscCall(Median(cnt, ens->fvals, m));
  PetscFunctionReturn(0);
}

/* Sorts v[0..n) ascending: insertion for a few values (the screen sorts a dozen or so group
 * distances every cycle; PetscSortReal's call and partitioning cost more there), else PETSc's. */
static PetscErrorCode SortFew(PetscInt n, PetscReal v[])
{
  PetscFunctionBeginUser;
  if (n > 32) {
    PetscCall(PetscSortReal(n, v));
    PetscFunctionReturn(0);
  }
  for (PetscInt i = 1; i < n; i++) {
    const PetscReal x = v[i];
    PetscInt        j = i;
    for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
    v[j] = x;
  }
  PetscFunctionReturn(0);
}

/* The t-th largest of the sorted v[0..n): +inf for t <= 0, 0 (nothing shown) for t > n. */
static PetscReal Largest(PetscInt n, const PetscReal v[], PetscInt t)
{
  return t <= 0 ? PETSC_MAX_REAL : t <= n ? v[n - t] : 0;
}

/* L such that at least K = floor(cnt/2) + 1 of the cnt active members have r >= L/2 (0 when
 * not shown). The active members, in order, form groups of three (the last one of up to five);
 * in a group whose members are at least d apart (max_i |x_ai - x_bi|) at most one member has
 * r < d/2, since r_a + r_b >= |x_a - x_b| (triangle inequality), so a group of g vouches for
 * g - 1 members at its d. L: the largest d at which the groups vouch for K members, so a few
 * groups with close members (a resampled ensemble, a member near another) do not spoil it. */
static PetscErrorCode GroupDistance(MckEnsemble ens, MckEnsField *f, PetscReal *L)
{
  PetscInt  *idx = ens->act, cnt = 0, ng, K; /* scratch: act is listed anew after the verdicts */
  PetscReal *d     = ens->fvals, dlast;
  int64_t    glast = 0;

  PetscFunctionBeginUser;
  *L = 0;
  for (PetscInt j = 0; j < ens->J; j++)
    if (ens->active[j]) idx[cnt++] = j;
  if (cnt < 3) PetscFunctionReturn(0);
  ng    = (PetscInt)MCK_SIMD_CALL(GroupDistances, cnt, idx, f->blk, f->nc, d, &glast);
  K     = cnt / 2 + 1;
  dlast = d[--ng]; /* the groups of three, d[0..ng), vouch for 2 each; the last for glast - 1 */
  PetscCall(SortFew(ng, d));
  *L = PetscMax(PetscMin(dlast, Largest(ng, d, (PetscInt)(K - glast + 2) / 2)), Largest(ng, d, (K + 1) / 2));
  PetscFunctionReturn(0);
}

/* *none = TRUE only when no active member of f can be an outlier (every value on this rank, no
 * member flagged by its model). With m_i the median of component i (it lies in the range of the
 * component) and r_j = max_i |x_ji - m_i|: r_j <= U = max_i (max_k x_ki - min_k x_ki) for
 * every j, and both middle order statistics of r, hence its median, are >= L/2
 * (GroupDistance). No outlier then when U <= factor L/2. The test asks U <= factor L/4 with L
 * at least the smallest normal number, so the bounds hold in floating point too: each is one
 * rounded operation from what it bounds (rounding is monotone), and halving a difference of
 * that size loses at most a further factor 2 (below the normal range). */
static PetscErrorCode ScreenNoOutlier(MckEnsemble ens, MckEnsField *f, PetscBool *none)
{
  PetscReal U, L;
  PetscBool bad;

  PetscFunctionBeginUser;
  *none = PETSC_FALSE;
  bad   = (PetscBool)MCK_SIMD_CALL(RangeBound, ens->J, ens->active, f->blk, f->nc, &U);
  if (bad) PetscFunctionReturn(0);
  PetscCall(GroupDistance(ens, f, &L));
  *none = (PetscBool)(L >= DBL_MIN && U <= 0.25 * ens->outlier_factor * L);
  PetscFunctionReturn(0);
}

/* The member's deviations and their medians (rx, rg, mx, mg), unless the screen settles the
 * verdict (*settled: no member flagged, none an outlier; rx and rg are then not set). flag: the
 * model's verdicts, the same on every rank. */
static PetscErrorCode AllDeviations(MckEnsemble ens, PetscBool check_data, const PetscReal flag[], PetscReal rx[],
                                    PetscReal rg[], PetscReal *mx, PetscReal *mg, PetscBool *settled)
{
  PetscBool flagged = PETSC_FALSE;

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < ens->J; j++) flagged = (PetscBool)(flagged || (ens->active[j] && flag[j] != 0));
  *mx = *mg = 0;
  *settled  = PETSC_FALSE;
  if (!flagged) PetscCall(ScreenNoOutlier(ens, &ens->x, settled));
  if (*settled && check_data) PetscCall(ScreenNoOutlier(ens, &ens->g, settled));
  if (*settled) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < ens->J; j++) rg[j] = 0;
  PetscCall(LocalDeviations(ens, &ens->x, rx));
  PetscCall(MedianDeviation(ens, flag, rx, mx));
  if (check_data) {
    PetscCall(LocalDeviations(ens, &ens->g, rg));
    PetscCall(MedianDeviation(ens, flag, rg, mg));
  }
  PetscFunctionReturn(0);
}

static PetscBool Outlier(PetscReal r, PetscReal median, PetscReal factor)
{
  return (PetscBool)(!isfinite(r) || (median > 0 && r > factor * median));
}

static PetscErrorCode RequireMembers(MckEnsemble ens)
{
  char f[32];

  PetscFunctionBeginUser;
  PetscCheck(ens->na >= ens->min_members, ens->comm, MCK_ERR_DIVERGED,
             "ensemble diverged at cycle %" PetscInt64_FMT ": %" PetscInt_FMT " of %" PetscInt_FMT
             " members remain; %" PetscInt_FMT " failed now (%" PetscInt_FMT
             " not finite, beyond the model's limits or not converged, %" PetscInt_FMT
             " more than %s times farther from the ensemble than its median member); %s %" PetscInt_FMT " is required",
             ens->cycle, ens->na, ens->J, ens->info.nfailed, ens->info.nfailed - ens->info.noutliers,
             ens->info.noutliers, McKeanFormatReal(ens->outlier_factor, f, sizeof(f)),
             McKeanOptionName((PetscObject)ens, "-ens_min_members"), ens->min_members);
  PetscFunctionReturn(0);
}

/* After a forecast (check_data FALSE) or forward evaluations (TRUE), with the members in the
 * analysis layout and ens->failed[j] set for the local members whose model reported failure:
 * decide every member's fate on every rank, list the members of this analysis. */
PetscErrorCode MckEnsCollectFailures(MckEnsemble ens, PetscBool check_data)
{
  const PetscInt J    = ens->J;
  PetscReal     *flag = ens->fbuf, *rx = ens->fbuf + J, *rg = ens->fbuf + 2 * J, mx, mg = 0;
  PetscBool      settled = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsFailures, 0, 0, 0, 0));
  for (PetscInt j = 0; j < J; j++) flag[j] = ens->failed[j] ? 1 : 0;
  /* every value on every rank: decided from the gathered blocks, never from this rank's nc alone
   * (one chunk in the blocks layout sits whole on one rank), so all ranks take one branch */
  if (ens->x.whole && (!check_data || ens->g.whole)) {
    if (!ens->redundant && ens->size > 1)
      PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, flag, (PetscMPIInt)J, MPIU_REAL, MPI_MAX, ens->comm));
    PetscCall(AllDeviations(ens, check_data, flag, rx, rg, &mx, &mg, &settled));
  } else {
    PetscCall(LocalDeviations(ens, &ens->x, rx));
    if (check_data) PetscCall(LocalDeviations(ens, &ens->g, rg));
    else
      for (PetscInt j = 0; j < J; j++) rg[j] = 0;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ens->fbuf, (PetscMPIInt)(3 * J), MPIU_REAL, MPI_MAX, ens->comm));
    PetscCall(MedianDeviation(ens, flag, rx, &mx));
    if (check_data) PetscCall(MedianDeviation(ens, flag, rg, &mg));
  }
  ens->na             = 0;
  ens->info.nfailed   = 0;
  ens->info.noutliers = 0;
  if (settled) /* no member flagged, none an outlier: every active member takes part */
    for (PetscInt j = 0; j < J; j++) {
      if (ens->active[j]) ens->act[ens->na++] = j;
    }
  else
    for (PetscInt j = 0; j < J; j++) {
      const PetscBool outlier = (PetscBool)(Outlier(rx[j], mx, ens->outlier_factor) ||
                                            (check_data && Outlier(rg[j], mg, ens->outlier_factor)));
      if (!ens->active[j]) continue;
      ens->failed[j] = (flag[j] != 0 || outlier) ? 1 : 0;
      if (ens->failed[j]) ens->info.nfailed++;
      if (!flag[j] && outlier && isfinite(rx[j]) && isfinite(rg[j])) ens->info.noutliers++;
      if (!ens->failed[j]) ens->act[ens->na++] = j;
    }
  ens->info.nfailed_total += ens->info.nfailed;
  ens->info.nactive = ens->na;
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsFailures, 0, 0, 0, 0));
  PetscCall(RequireMembers(ens));
  PetscFunctionReturn(0);
}
