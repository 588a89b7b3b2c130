/* The public accessors and the filter analyses at the edges of the layouts, on 1, 2 and 3 ranks:
 * a state smaller than the rank count (n = 2 through callbacks, n = 3 Lorenz-63 through the
 * built-in model; with the default chunk of 64 components one rank holds the whole state and the
 * others none in the blocks layout), the smallest ensemble J = 2 (one rank then holds no member)
 * and J = 5 > n, in the layouts blocks, replicated and redundant, with one rank per member and with
 * every rank in one member group (a member Vec of 2 or 3 values on up to 3 ranks).
 * For every case, on every rank:
 *  - MckEnsembleGetSizes, GetType/GetKind, GetLayout (the one asked for; one rank is one block),
 *    GetGridShape (the ring of n), GetLocalMembers (the groups' chunks cover [0, J) once, or
 *    every member on every rank in the redundant layout), GetMemberActive, GetCycle;
 *  - the members read through GetLocalMembers/GetMember (gathered by a max over the ranks, with
 *    a min that requires the redundant copies to agree) give the reference moments, computed here
 *    in long double: GetMean (mean, spread, rmse against a truth), GetCovariance and
 *    AccumulateRankHistogram (exact counts) agree within the floating-point bounds below, before
 *    and after the analysis;
 *  - one ETKF analysis of observations of the component the last rank owns (and of all of them):
 *    GetInfo (cycle, members used and failed, ESS, innovation statistics against the prior's
 *    reference moments) and the analysis mean and covariance against the Kalman update of the
 *    prior's sample moments (the ETKF is exact algebra in the ensemble's span); the EnKF's
 *    innovation statistics are the ETKF's (the same prior) bit for bit;
 *  - one EKI iteration of the linear model (n = 2, ndata = 1; the members read on the ranks
 *    that hold them right before MckEnsembleIterate): GetInfo's misfit against the members read
 *    before it and the moments of the members after it;
 *  - the observations given all on rank 0 (a rank without state, and without members for J = 2;
 *    MckEnsembleSetObservationsAtLocal) give the same bits as given replicated.
 * Every case's numbers (members, moments, histogram, info, analysis) are the same bits in every
 * layout and member grouping (checked in the run) and on every rank count (recorded to the file
 * compared by ensemble.edges.compare). Refused, with one line, and asserted: the redundant layout
 * of members driven by callbacks, or of members on several ranks.
 * Bounds (u = eps/2, gamma_k = k u / (1 - k u) <= k eps for k u < 1/2; A_i = mean_j |x_ji|):
 *  - mean: a sum of J terms and a scaling, |m^ - m| <= gamma_{J+1} A_i <= (J + 1) eps A_i;
 *  - covariance: the deviations x - m^ carry the mean's error and one rounding, the products and
 *    the sum of J of them gamma_{J+2}: |c^_ik - c_ik| <= 2 (J + 3) eps sum_j D_ji D_jk / (J - 1),
 *    D_ji = |x_ji - m_i| + A_i (the factor 2 covers the second-order terms);
 *  - spread^2 and rmse^2: the variances' bounds summed over components, the reproducible sum's
 *    absolute resolution 2^-64 per term (MckStats) and the roundings of sqrt, division, squares;
 *  - the Kalman update: backward-stable solves with [(J - 1) I + S] or H P H^T + R, condition at
 *    most kappa = 1 + sum_l (H P H^T)_ll / r_l: 10 (J + n) eps kappa relative to the largest
 *    entry (as test_ens_kalman's denkf). */
#include "enstest.h"
#include <mckean/mckmodel.h>

#define NMAX 3
#define JMAX 5
#define OMAX 3

/* A case's numbers, compared bit for bit between layouts and recorded for the rank counts. */
typedef struct {
  PetscReal members[JMAX * NMAX], mean[NMAX], cov[NMAX * NMAX], spread, rmse, hist[JMAX + 1];
  PetscReal info[8], amean[NMAX], acov[NMAX * NMAX], amembers[JMAX * NMAX], enkf_mean[NMAX], enkf_info[4];
} Result;

typedef struct {
  const char *model; /* "affine" (callbacks, n = 2), "lorenz63" (built-in, n = 3), "linear" (inverse, n = 2) */
  PetscInt    n, J, ndata;
} Case;

static PetscReal Eps(void) { return PETSC_MACHINE_EPSILON; }

/* Callback forecast: x_i <- (1 - 0.25 i) x_i + 0.5 (component-wise, so any split of the member works). */
static PetscErrorCode AdvanceAffine(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                                    PetscBool *failed, void *ctx)
{
  PetscInt   lo, hi;
  PetscReal *a;

  PetscFunctionBeginUser;
  (void)ens;
  (void)member;
  (void)t;
  (void)ctx;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArray(x, &a));
  for (PetscInt s = 0; s < nsteps; s++)
    for (PetscInt i = lo; i < hi; i++) a[i - lo] = (1 - 0.25 * i) * a[i - lo] + 0.5;
  PetscCall(VecRestoreArray(x, &a));
  *failed = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* The ensemble of the case in a layout with rpm ranks per member and the analysis type; *refused
 * (if not NULL) receives whether the set-up refused it (PETSC_ERR_USER_INPUT, nothing else). */
static PetscErrorCode Build(const Case *c, const char layout[], PetscInt rpm, const char type[], MckEnsemble *ens,
                            MckModel *model, PetscBool *refused)
{
  char           opts[512];
  MPI_Comm       mcomm;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_size %" PetscInt_FMT " -ens_layout %s -ens_ranks_per_member %" PetscInt_FMT
                          " -ens_analysis %s -ens_seed 17 %s",
                          c->J, layout, rpm, type,
                          c->ndata    ? "-model_type linear -linear_n 2 -linear_ndata 1 -linear_seed 5"
                          : c->n == 3 ? "-ens_divergence_ratio 0 -model_type lorenz63"
                                      : "-ens_divergence_ratio 0"));
  PetscCall(EnsTestOptions(opts));
  *model = NULL;
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, ens));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleGetMemberComm(*ens, &mcomm));
  if (c->n == 3 || c->ndata) {
    PetscCall(MckModelCreate(mcomm, model));
    PetscCall(MckModelSetFromOptions(*model));
    PetscCall(MckModelSetUp(*model));
    PetscCall(MckEnsembleSetModel(*ens, *model));
  } else {
    PetscCall(MckEnsembleSetSizes(*ens, c->n, 0));
    PetscCall(MckEnsembleSetAdvance(*ens, AdvanceAffine, NULL));
  }
  if (refused) PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleSetUp(*ens);
  if (refused) PetscCall(PetscPopErrorHandler());
  if (refused) *refused = (PetscBool)(ierr == PETSC_ERR_USER_INPUT);
  PetscCheck(!ierr || (refused && *refused), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s %s J %" PetscInt_FMT ": set-up error %d", c->model, layout, c->J, (int)ierr);
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy(MckEnsemble *ens, MckModel *model)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleDestroy(ens));
  PetscCall(MckModelDestroy(model));
  PetscFunctionReturn(0);
}

/* The accessors of sizes, type, layout, grid and membership. */
static PetscErrorCode CheckAccessors(MckEnsemble ens, const Case *c, const char layout[], PetscInt rpm,
                                     const char type[])
{
  PetscInt        J, n, ndata, dim, sizes[MCK_ENS_MAX_DIM], nlocal;
  PetscInt64      m0, cycle, cover[JMAX] = {0};
  MckEnsembleType t;
  MckEnsembleKind kind;
  char            lay[32];
  PetscMPIInt     size, mrank;
  MPI_Comm        mcomm;
  PetscBool       same, redundant;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(MckEnsembleGetSizes(ens, &J, &n, &ndata));
  PetscCheck(J == c->J && n == c->n && ndata == c->ndata, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "GetSizes: %" PetscInt_FMT " %" PetscInt_FMT " %" PetscInt_FMT, J, n, ndata);
  PetscCall(MckEnsembleGetType(ens, &t));
  PetscCall(PetscStrcmp(t, type, &same));
  PetscCheck(same, PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetType: %s, expected %s", t, type);
  PetscCall(MckEnsembleGetKind(ens, &kind));
  PetscCheck(kind == (c->ndata ? MCK_ENSEMBLE_INVERSION : MCK_ENSEMBLE_FILTER), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "GetKind: %s", MckEnsembleKinds[kind]);
  PetscCall(MckEnsembleGetLayout(ens, lay, sizeof(lay)));
  PetscCall(PetscStrcmp(lay, size == 1 ? "blocks" : layout, &same));
  PetscCheck(same, PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetLayout: %s, asked for %s", lay, layout);
  PetscCall(MckEnsembleGetGridShape(ens, &dim, sizes));
  PetscCheck(dim == 1 && sizes[0] == c->n, PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetGridShape: %" PetscInt_FMT " axes",
             dim);
  PetscCall(MckEnsembleGetCycle(ens, &cycle));
  PetscCheck(cycle == 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetCycle: %" PetscInt64_FMT, cycle);
  /* every member held by exactly one group (each group counted by its first rank), or by every
   * rank in the redundant layout */
  PetscCall(MckEnsembleGetLocalMembers(ens, &m0, &nlocal));
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  PetscCallMPI(MPI_Comm_rank(mcomm, &mrank));
  redundant = (PetscBool)(size > 1 && !strcmp(layout, "redundant"));
  PetscCheck(m0 >= 0 && nlocal >= 0 && m0 + nlocal <= c->J, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "GetLocalMembers: [%" PetscInt64_FMT ", +%" PetscInt_FMT ")", m0, nlocal);
  for (PetscInt j = 0; j < nlocal; j++) cover[m0 + j] = mrank == 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, cover, JMAX, MPIU_INT64, MPI_SUM, PETSC_COMM_WORLD));
  for (PetscInt j = 0; j < c->J; j++) {
    PetscBool active;
    PetscCheck(cover[j] == (redundant ? size : 1), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "member %" PetscInt_FMT " held by %" PetscInt64_FMT " groups (%s, %" PetscInt_FMT " ranks per member)",
               j, cover[j], layout, rpm);
    PetscCall(MckEnsembleGetMemberActive(ens, j, &active));
    PetscCheck(active, PETSC_COMM_SELF, PETSC_ERR_PLIB, "member %" PetscInt_FMT " inactive", j);
  }
  PetscFunctionReturn(0);
}

/* Every member's values on every rank, read through the member accessors: each rank's part of its
 * local members, combined by max (min on the same values must agree: the copies of a redundant
 * layout are equal). */
static PetscErrorCode GatherMembers(MckEnsemble ens, const Case *c, PetscReal X[])
{
  PetscReal  hi[JMAX * NMAX], lo[JMAX * NMAX];
  PetscInt64 m0;
  PetscInt   nlocal;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < JMAX * NMAX; k++) {
    hi[k] = PETSC_NINFINITY;
    lo[k] = PETSC_INFINITY;
  }
  PetscCall(MckEnsembleGetLocalMembers(ens, &m0, &nlocal));
  for (PetscInt jj = 0; jj < nlocal; jj++) {
    Vec              x;
    PetscInt         a, b;
    const PetscReal *v;
    PetscCall(MckEnsembleGetMember(ens, m0 + jj, &x));
    PetscCall(VecGetOwnershipRange(x, &a, &b));
    PetscCall(VecGetArrayRead(x, &v));
    for (PetscInt i = a; i < b; i++) hi[(m0 + jj) * c->n + i] = lo[(m0 + jj) * c->n + i] = v[i - a];
    PetscCall(VecRestoreArrayRead(x, &v));
  }
  PetscCallMPI(MPI_Allreduce(hi, X, JMAX * NMAX, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, lo, JMAX * NMAX, MPIU_REAL, MPI_MIN, PETSC_COMM_WORLD));
  for (PetscInt k = 0; k < c->J * c->n; k++)
    PetscCheck(X[k] == lo[k] && PetscIsNormalReal(X[k]), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "member %" PetscInt_FMT " component %" PetscInt_FMT ": %g on one rank, %g on another (or none)",
               k / c->n, k % c->n, (double)lo[k], (double)X[k]);
  PetscFunctionReturn(0);
}

typedef struct {
  long double mean[NMAX], cov[NMAX * NMAX];
  PetscReal   tmean[NMAX], tcov[NMAX * NMAX]; /* the bounds */
} Reference;

static void Moments(const Case *c, const PetscReal X[], Reference *r)
{
  const PetscInt J = c->J, n = c->n;
  PetscReal      A[NMAX];

  for (PetscInt i = 0; i < n; i++) {
    long double s = 0;
    A[i]          = 0;
    for (PetscInt j = 0; j < J; j++) {
      s += X[j * n + i];
      A[i] += PetscAbsReal(X[j * n + i]) / J;
    }
    r->mean[i]  = s / J;
    r->tmean[i] = (J + 1) * Eps() * A[i];
  }
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt k = 0; k < n; k++) {
      long double s = 0;
      PetscReal   b = 0;
      for (PetscInt j = 0; j < J; j++) {
        s += (X[j * n + i] - r->mean[i]) * (X[j * n + k] - r->mean[k]);
        b += (PetscAbsReal(X[j * n + i] - (PetscReal)r->mean[i]) + A[i]) *
             (PetscAbsReal(X[j * n + k] - (PetscReal)r->mean[k]) + A[k]);
      }
      r->cov[i * n + k]  = s / (J - 1);
      r->tcov[i * n + k] = 2 * (J + 3) * Eps() * b / (J - 1);
    }
}

static PetscErrorCode CheckClose(const char what[], PetscInt i, PetscReal got, long double want, PetscReal tol)
{
  PetscFunctionBeginUser;
  PetscCheck(PetscAbsReal(got - (PetscReal)want) <= tol, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "%s[%" PetscInt_FMT "] = %.17g, reference %.17Lg, bound %.3g", what, i, (double)got, want, (double)tol);
  PetscFunctionReturn(0);
}

/* GetMean, GetCovariance and AccumulateRankHistogram against the members X read through the
 * accessors; truth: centre of the draw. */
static PetscErrorCode CheckMoments(MckEnsemble ens, const Case *c, const PetscReal X[], const PetscReal truth[],
                                   PetscReal mean[], PetscReal cov[], PetscReal *spread, PetscReal *rmse,
                                   PetscReal hist[], Reference *ref)
{
  const PetscInt n = c->n, J = c->J;
  PetscInt64     counts[JMAX + 1] = {0}, want[JMAX + 1] = {0};
  long double    s2 = 0, e2 = 0;
  PetscReal      ts2 = 0, te2 = 0;

  PetscFunctionBeginUser;
  Moments(c, X, ref);
  PetscCall(MckEnsembleGetMean(ens, mean, spread, truth, rmse));
  PetscCall(MckEnsembleGetCovariance(ens, cov));
  for (PetscInt i = 0; i < n; i++) {
    PetscCall(CheckClose("GetMean", i, mean[i], ref->mean[i], ref->tmean[i]));
    for (PetscInt k = 0; k < n; k++)
      PetscCall(CheckClose("GetCovariance", i * n + k, cov[i * n + k], ref->cov[i * n + k], ref->tcov[i * n + k]));
    s2 += ref->cov[i * n + i];
    ts2 += ref->tcov[i * n + i] + 4 * Eps() * (PetscReal)ref->cov[i * n + i] + PetscPowReal(2, -64);
    e2 += (ref->mean[i] - truth[i]) * (ref->mean[i] - truth[i]);
    te2 += ref->tmean[i] * (2 * PetscAbsReal((PetscReal)ref->mean[i] - truth[i]) + ref->tmean[i]) +
           4 * Eps() * PetscSqr((PetscReal)ref->mean[i] - truth[i]) + PetscPowReal(2, -64);
  }
  /* |s^ - s| (s^ + s) = |s^2 - s2| <= the variances' bound + the division by n and the sqrt */
  PetscCheck(PetscAbsReal(PetscSqr(*spread) - (PetscReal)(s2 / n)) <= ts2 / n + 4 * Eps() * (PetscReal)(s2 / n),
             PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetMean spread %.17g, reference %.17Lg", (double)*spread, sqrtl(s2 / n));
  PetscCheck(PetscAbsReal(PetscSqr(*rmse) - (PetscReal)(e2 / n)) <= te2 / n + 4 * Eps() * (PetscReal)(e2 / n),
             PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetMean rmse %.17g, reference %.17Lg", (double)*rmse, sqrtl(e2 / n));
  /* the rank histogram: exact counts */
  PetscCall(MckEnsembleAccumulateRankHistogram(ens, truth, counts));
  for (PetscInt i = 0; i < n; i++) {
    PetscInt r = 0;
    for (PetscInt j = 0; j < J; j++) r += X[j * n + i] < truth[i];
    want[r]++;
  }
  for (PetscInt r = 0; r <= J; r++) {
    PetscCheck(counts[r] == want[r], PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "rank histogram bin %" PetscInt_FMT ": %" PetscInt64_FMT ", expected %" PetscInt64_FMT, r, counts[r],
               want[r]);
    hist[r] = (PetscReal)counts[r];
  }
  PetscFunctionReturn(0);
}

/* The observations of a case: the last component (in the blocks layout on the last rank), or all. */
static void Observations(const Case *c, PetscBool all, PetscInt *nobs, PetscInt idx[], PetscReal s[], PetscReal y[],
                         PetscReal r[])
{
  *nobs = all ? c->n : 1;
  for (PetscInt l = 0; l < *nobs; l++) {
    idx[l] = all ? l : c->n - 1;
    s[l]   = (PetscReal)idx[l];
    y[l]   = 1.25 + 0.5 * l;
    r[l]   = 0.5 + 0.25 * l;
  }
}

/* GetInfo after the analysis, against the prior's reference moments. */
static PetscErrorCode CheckInfo(MckEnsemble ens, const Case *c, const Reference *prior, PetscInt nobs,
                                const PetscInt idx[], const PetscReal y[], const PetscReal r[], PetscReal rec[8])
{
  MckEnsembleInfo info;
  long double     d1 = 0, d2 = 0, hp = 0, ov = 0;
  PetscReal       t1 = 0, t2 = 0, th = 0, to = 0;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetInfo(ens, &info));
  PetscCheck(info.cycle == 1 && info.nactive == c->J && info.nfailed == 0 && info.noutliers == 0 &&
                 info.nfailed_total == 0 && info.ess == c->J && !info.resampled,
             PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "GetInfo: cycle %" PetscInt64_FMT ", %" PetscInt_FMT " active, %" PetscInt_FMT " failed, %" PetscInt_FMT
             " outliers, %" PetscInt64_FMT " failed in all, ess %g",
             info.cycle, info.nactive, info.nfailed, info.noutliers, info.nfailed_total, (double)info.ess);
  /* d_l = y_l - mean of H x (the ensemble's own mean: its bound, one subtraction) */
  for (PetscInt l = 0; l < nobs; l++) {
    const long double d  = y[l] - prior->mean[idx[l]];
    const PetscReal   td = prior->tmean[idx[l]] + Eps() * (PetscAbsReal(y[l]) + PetscAbsReal((PetscReal)d));
    d1 += d;
    d2 += d * d;
    hp += prior->cov[idx[l] * (c->n + 1)];
    ov += r[l];
    t1 += td + (nobs + 1) * Eps() * PetscAbsReal((PetscReal)d);
    t2 += td * (2 * PetscAbsReal((PetscReal)d) + td) + (nobs + 2) * Eps() * (PetscReal)(d * d);
    th += prior->tcov[idx[l] * (c->n + 1)] + (nobs + 1) * Eps() * (PetscReal)prior->cov[idx[l] * (c->n + 1)];
    to += (nobs + 1) * Eps() * r[l];
  }
  PetscCall(CheckClose("info.omf_mean", 0, info.omf_mean, d1 / nobs, t1 / nobs + PetscPowReal(2, -64)));
  PetscCall(CheckClose("info.omf_var", 0, info.omf_var, d2 / nobs, t2 / nobs + PetscPowReal(2, -64)));
  PetscCall(CheckClose("info.hpht", 0, info.hpht, hp / nobs, th / nobs + PetscPowReal(2, -64)));
  PetscCall(CheckClose("info.obs_var", 0, info.obs_var, ov / nobs, to / nobs + PetscPowReal(2, -64)));
  rec[0] = (PetscReal)info.nactive;
  rec[1] = (PetscReal)info.nfailed;
  rec[2] = info.ess;
  rec[3] = info.omf_mean;
  rec[4] = info.omf_var;
  rec[5] = info.hpht;
  rec[6] = info.obs_var;
  rec[7] = info.inflation;
  PetscFunctionReturn(0);
}

/* The ETKF's analysis mean and covariance against the Kalman update of the prior's sample moments. */
static PetscErrorCode CheckKalman(const Case *c, const Reference *prior, PetscInt nobs, const PetscInt idx[],
                                  const PetscReal y[], const PetscReal r[], const PetscReal amean[],
                                  const PetscReal acov[])
{
  const PetscInt n = c->n;
  PetscReal      P[NMAX * NMAX], S[OMAX * OMAX], HP[OMAX * NMAX], ma[NMAX], Pa[NMAX * NMAX], kappa = 1, big = 0, tol;
  PetscReal      dm = 0, dc = 0;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < n * n; k++) P[k] = (PetscReal)prior->cov[k];
  for (PetscInt a = 0; a < nobs; a++) {
    for (PetscInt b = 0; b < nobs; b++) S[a * nobs + b] = P[idx[a] * n + idx[b]] + (a == b ? r[a] : 0);
    for (PetscInt i = 0; i < n; i++) HP[a * n + i] = P[idx[a] * n + i];
    kappa += P[idx[a] * (n + 1)] / r[a];
  }
  EnsTestSolve(nobs, S, n, HP); /* K^T */
  for (PetscInt i = 0; i < n; i++) {
    ma[i] = (PetscReal)prior->mean[i];
    for (PetscInt a = 0; a < nobs; a++) ma[i] += HP[a * n + i] * (y[a] - (PetscReal)prior->mean[idx[a]]);
    for (PetscInt k = 0; k < n; k++) {
      Pa[i * n + k] = P[i * n + k];
      for (PetscInt a = 0; a < nobs; a++) Pa[i * n + k] -= HP[a * n + i] * P[idx[a] * n + k];
    }
  }
  for (PetscInt i = 0; i < n; i++) {
    big = PetscMax(big, PetscAbsReal(ma[i]));
    dm  = PetscMax(dm, PetscAbsReal(amean[i] - ma[i]));
  }
  tol = 10 * (c->J + n) * Eps() * kappa;
  PetscCheck(dm <= tol * PetscMax(big, 1), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "etkf mean differs from the Kalman mean by %.3g (bound %.3g)", (double)dm, (double)(tol * big));
  big = 0;
  for (PetscInt k = 0; k < n * n; k++) {
    big = PetscMax(big, PetscAbsReal(P[k]));
    dc  = PetscMax(dc, PetscAbsReal(acov[k] - Pa[k]));
  }
  PetscCheck(dc <= tol * big, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "etkf covariance differs from the Kalman covariance by %.3g (bound %.3g)", (double)dc,
             (double)(tol * big));
  PetscFunctionReturn(0);
}

/* Observations on rank 0 only (MckEnsembleSetObservationsAtLocal), or replicated. */
static PetscErrorCode Give(MckEnsemble ens, PetscBool on_rank0, PetscInt nobs, const PetscInt idx[],
                           const PetscReal s[], const PetscReal y[], const PetscReal r[])
{
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (on_rank0) PetscCall(MckEnsembleSetObservationsAtLocal(ens, rank ? 0 : nobs, s, y, r));
  else PetscCall(MckEnsembleSetObservations(ens, nobs, idx, y, r));
  PetscFunctionReturn(0);
}

/* One case in one layout and grouping: res receives its numbers. */
static PetscErrorCode RunCase(const Case *c, const char layout[], PetscInt rpm, PetscBool all_obs, PetscBool on_rank0,
                              Result *res)
{
  MckEnsemble ens;
  MckModel    model;
  Reference   prior, post;
  PetscReal   center[NMAX], truth[NMAX], X[JMAX * NMAX], amean[NMAX], acov[NMAX * NMAX], spread, rmse, hist[JMAX + 1];
  PetscReal   s[OMAX], y[OMAX], r[OMAX];
  PetscInt    nobs, idx[OMAX];
  PetscInt64  cycle;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(PetscArrayzero(amean, NMAX));
  PetscCall(PetscArrayzero(acov, NMAX * NMAX));
  for (PetscInt i = 0; i < c->n; i++) {
    center[i] = 1 + 0.5 * i;
    truth[i]  = 1.5 - 0.25 * i;
  }
  Observations(c, all_obs, &nobs, idx, s, y, r);
  /* the forecast, then the prior's accessors */
  PetscCall(Build(c, layout, rpm, MCKENSEMBLE_ETKF, &ens, &model, NULL));
  PetscCall(CheckAccessors(ens, c, layout, rpm, MCKENSEMBLE_ETKF));
  PetscCall(MckEnsembleInitializeMembers(ens, center, c->n == 3 ? 2.0 : 1.0));
  PetscCall(MckEnsembleForecast(ens, 0, 2));
  PetscCall(GatherMembers(ens, c, res->members));
  PetscCall(
      CheckMoments(ens, c, res->members, truth, res->mean, res->cov, &res->spread, &res->rmse, res->hist, &prior));
  /* the analysis */
  PetscCall(Give(ens, on_rank0, nobs, idx, s, y, r));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetCycle(ens, &cycle));
  PetscCheck(cycle == 1, PETSC_COMM_SELF, PETSC_ERR_PLIB, "GetCycle after an analysis: %" PetscInt64_FMT, cycle);
  PetscCall(CheckInfo(ens, c, &prior, nobs, idx, y, r, res->info));
  PetscCall(MckEnsembleGetMean(ens, res->amean, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(ens, res->acov));
  PetscCall(CheckKalman(c, &prior, nobs, idx, y, r, res->amean, res->acov));
  /* the members hold the analysis: their moments are the accessors' (read after the members) */
  PetscCall(GatherMembers(ens, c, res->amembers));
  PetscCall(CheckMoments(ens, c, res->amembers, truth, amean, acov, &spread, &rmse, hist, &post));
  PetscCheck(!memcmp(amean, res->amean, sizeof(amean)) && !memcmp(acov, res->acov, sizeof(acov)), PETSC_COMM_SELF,
             PETSC_ERR_PLIB, "the analysis moments changed when the members were read");
  PetscCall(Destroy(&ens, &model));

  /* the EnKF of the same prior: the same innovation statistics, bit for bit */
  PetscCall(Build(c, layout, rpm, MCKENSEMBLE_ENKF, &ens, &model, NULL));
  PetscCall(CheckAccessors(ens, c, layout, rpm, MCKENSEMBLE_ENKF));
  PetscCall(MckEnsembleInitializeMembers(ens, center, c->n == 3 ? 2.0 : 1.0));
  PetscCall(MckEnsembleForecast(ens, 0, 2));
  PetscCall(Give(ens, on_rank0, nobs, idx, s, y, r));
  PetscCall(MckEnsembleAnalyze(ens));
  {
    MckEnsembleInfo info;
    PetscCall(MckEnsembleGetInfo(ens, &info));
    PetscCheck(info.omf_mean == res->info[3] && info.omf_var == res->info[4] && info.hpht == res->info[5] &&
                   info.obs_var == res->info[6] && info.nactive == c->J,
               PETSC_COMM_SELF, PETSC_ERR_PLIB, "enkf: other innovation statistics than etkf's of the same prior");
    res->enkf_info[0] = info.omf_mean;
    res->enkf_info[1] = info.hpht;
    res->enkf_info[2] = (PetscReal)info.nactive;
    res->enkf_info[3] = info.ess;
  }
  PetscCall(GatherMembers(ens, c, X));
  PetscCall(CheckMoments(ens, c, X, truth, res->enkf_mean, acov, &spread, &rmse, hist, &post));
  PetscCall(Destroy(&ens, &model));
  PetscFunctionReturn(0);
}

/* The linear forward map A (ndata x n) of the model on every rank (its rows owned by the member
 * groups' ranks, combined as the members are). */
static PetscErrorCode GatherMatrix(MckModel model, const Case *c, PetscReal A[])
{
  Mat       M;
  PetscInt  r0, r1, cols[NMAX];
  PetscReal hi[NMAX], lo[NMAX];

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < NMAX; k++) {
    hi[k]   = PETSC_NINFINITY;
    lo[k]   = PETSC_INFINITY;
    cols[k] = k;
  }
  PetscCall(MckModelLinearGetMatrix(model, &M));
  PetscCall(MatGetOwnershipRange(M, &r0, &r1));
  for (PetscInt i = r0; i < r1; i++) PetscCall(MatGetValues(M, 1, &i, c->n, cols, hi + i * c->n));
  for (PetscInt k = 0; k < (r1 - r0) * c->n; k++) lo[r0 * c->n + k] = hi[r0 * c->n + k];
  PetscCallMPI(MPI_Allreduce(hi, A, NMAX, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, lo, NMAX, MPIU_REAL, MPI_MIN, PETSC_COMM_WORLD));
  for (PetscInt k = 0; k < c->ndata * c->n; k++)
    PetscCheck(A[k] == lo[k] && PetscIsNormalReal(A[k]), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "A[%" PetscInt_FMT "] differs", k);
  PetscFunctionReturn(0);
}

/* One EKI iteration (ndata = 1): the members read before and after it, their moments, and the
 * misfit of GetInfo against 1/2 (y - A u_j)^2 / r over the members read before it. The members
 * are read (MckEnsembleGetMember) before MckEnsembleIterate, on the ranks that hold them only. */
static PetscErrorCode RunInverse(const Case *c, const char layout[], PetscInt rpm, Result *res)
{
  MckEnsemble     ens;
  MckModel        model;
  Reference       ref;
  MckEnsembleInfo info;
  PetscReal       A[NMAX], truth[NMAX] = {0}, y = 0.75, r = 0.125, bound = 0, hist[JMAX + 1], X[JMAX * NMAX];
  long double     misfit = 0;
  PetscBool       done;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(res, sizeof(*res)));
  PetscCall(Build(c, layout, rpm, MCKENSEMBLE_EKI, &ens, &model, NULL));
  PetscCall(CheckAccessors(ens, c, layout, rpm, MCKENSEMBLE_EKI));
  PetscCall(MckEnsembleSetObservations(ens, 1, NULL, &y, &r));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  PetscCall(GatherMembers(ens, c, res->members));
  PetscCall(CheckMoments(ens, c, res->members, truth, res->mean, res->cov, &res->spread, &res->rmse, res->hist, &ref));
  PetscCall(GatherMatrix(model, c, A));
  for (PetscInt j = 0; j < c->J; j++) {
    long double g = 0, d;
    PetscReal   e = 0, dd;
    for (PetscInt i = 0; i < c->n; i++) {
      g += (long double)A[i] * res->members[j * c->n + i];
      e += (c->n + 1) * Eps() * PetscAbsReal(A[i] * res->members[j * c->n + i]); /* G(u_j), the residual */
    }
    d  = y - g;
    dd = PetscAbsReal((PetscReal)d);
    misfit += 0.5L * d * d / r;
    /* the square of the residual, the weight 1/r and the sums of J terms: 6 + J roundings */
    bound += 0.5 * (e * (2 * dd + e) + (6 + c->J) * Eps() * dd * dd) / r;
  }
  misfit /= c->J;
  /* read again right before the iteration (GetMean in between moved them): the iteration moves them again */
  PetscCall(GatherMembers(ens, c, X));
  PetscCheck(!memcmp(X, res->members, sizeof(X)), PETSC_COMM_SELF, PETSC_ERR_PLIB, "the members changed when read");
  PetscCall(MckEnsembleIterate(ens, &done));
  PetscCall(MckEnsembleGetInfo(ens, &info));
  PetscCheck(info.cycle == 1 && info.nactive == c->J && info.nfailed == 0 && info.nfailed_total == 0, PETSC_COMM_SELF,
             PETSC_ERR_PLIB, "GetInfo: cycle %" PetscInt64_FMT ", %" PetscInt_FMT " active, %" PetscInt_FMT " failed",
             info.cycle, info.nactive, info.nfailed);
  PetscCall(CheckClose("info.misfit", 0, info.misfit, misfit, bound / c->J + c->J * PetscPowReal(2, -64)));
  PetscCall(GatherMembers(ens, c, res->amembers));
  PetscCall(CheckMoments(ens, c, res->amembers, truth, res->amean, res->acov, &res->spread, &res->rmse, hist, &ref));
  res->info[0] = (PetscReal)info.nactive;
  res->info[1] = info.misfit;
  res->info[2] = info.misfit_mean;
  res->info[3] = info.dt;
  res->info[4] = info.time;
  res->info[5] = (PetscReal)done;
  PetscCall(Destroy(&ens, &model));
  PetscFunctionReturn(0);
}

static PetscErrorCode Record(FILE *fp, const char what[], const Case *c, const Result *res)
{
  char line[128];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(line, sizeof(line), "%s %s J %" PetscInt_FMT ":", what, c->model, c->J));
  PetscCall(EnsTestRecord(fp, line, sizeof(*res) / sizeof(PetscReal), (const PetscReal *)res));
  PetscFunctionReturn(0);
}

/* The redundant layout refused, in one line, for members it cannot run (callbacks, or several
 * ranks per member), on every rank. */
static PetscErrorCode CheckRefused(const Case *c, PetscInt rpm)
{
  MckEnsemble ens;
  MckModel    model;
  PetscBool   refused;

  PetscFunctionBeginUser;
  PetscCall(Build(c, "redundant", rpm, MCKENSEMBLE_ETKF, &ens, &model, &refused));
  PetscCheck(refused, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "redundant layout of %s members (%" PetscInt_FMT " ranks per member) not refused", c->model, rpm);
  PetscCall(Destroy(&ens, &model));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%s J %" PetscInt_FMT ", %" PetscInt_FMT " ranks per member: redundant refused\n", c->model,
                        c->J, rpm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const Case  cases[]   = {{"affine", 2, 2, 0},   {"affine", 2, 5, 0}, {"lorenz63", 3, 2, 0},
                           {"lorenz63", 3, 5, 0}, {"linear", 2, 2, 1}, {"linear", 2, 5, 1}};
  const char *layouts[] = {"blocks", "replicated", "redundant"};
  FILE       *fp        = NULL;
  PetscMPIInt size;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
    const Case *c = &cases[k];
    if (c->ndata) { /* the inverse process: every layout and grouping the same bits */
      Result ref, res;
      PetscCall(RunInverse(c, "blocks", 1, &ref));
      PetscCall(Record(fp, "eki", c, &ref));
      for (PetscInt l = 0; l < 3; l++)
        for (PetscInt g = 0; g < 2; g++) {
          const PetscInt rpm = g ? size : 1;
          if ((l == 2 && rpm > 1) || (!l && !g)) continue;
          PetscCall(RunInverse(c, layouts[l], rpm, &res));
          PetscCheck(!memcmp(&res, &ref, sizeof(res)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                     "eki J %" PetscInt_FMT ", %s, %" PetscInt_FMT " ranks per member: other bits", c->J, layouts[l],
                     rpm);
        }
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "linear n 2 ndata 1 J %" PetscInt_FMT ", eki: accessors, moments and misfit checked, the "
                            "same bits in every layout and grouping\n",
                            c->J));
      continue;
    }
    for (PetscInt all = 0; all < 2; all++) {
      Result ref, res;
      char   what[64];
      PetscCall(RunCase(c, "blocks", 1, (PetscBool)all, PETSC_FALSE, &ref));
      PetscCall(PetscSNPrintf(what, sizeof(what), "%s observed", all ? "all" : "last"));
      PetscCall(Record(fp, what, c, &ref));
      for (PetscInt l = 0; l < 3; l++)
        for (PetscInt g = 0; g < 2; g++) { /* one rank per member, or every rank in one group */
          const PetscInt rpm = g ? size : 1;
          for (PetscInt o = 0; o < 2; o++) {                /* observations replicated, or all given on rank 0 */
            if (l == 2 && (c->n != 3 || rpm > 1)) continue; /* refused: CheckRefused */
            if (!l && !g && !o) continue;                   /* the reference */
            PetscCall(RunCase(c, layouts[l], rpm, (PetscBool)all, (PetscBool)o, &res));
            PetscCheck(!memcmp(&res, &ref, sizeof(res)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                       "%s J %" PetscInt_FMT ", %s, %" PetscInt_FMT
                       " ranks per member, observations %s: other bits than blocks with one rank per member",
                       c->model, c->J, layouts[l], rpm, o ? "on rank 0" : "replicated");
          }
        }
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "%s n %" PetscInt_FMT " J %" PetscInt_FMT ", %s observed: accessors and analyses checked, "
                            "the same bits in every layout and grouping\n",
                            c->model, c->n, c->J, all ? "all" : "last component"));
    }
    if (c->n == 2) PetscCall(CheckRefused(c, 1));
    else if (size > 1) PetscCall(CheckRefused(c, size));
  }
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
