/* The fixed-lag ensemble Kalman smoother against the Kalman (Rauch-Tung-Striebel) smoother on a
 * linear model without model error: x_{k+1} = M x_k (n = 3, M a damped rotation with a shear,
 * the members' advance callback), components 0 and 2 observed with variances 0.5 and 0.8,
 * y_k = (sin k, cos 0.7 k), 6 cycles, lag L = 3. The reference is computed here with plain dense
 * algebra from the ensemble's own prior sample mean and covariance at the first analysis: the
 * Kalman filter (m^a_k, P^a_k, m^f_k, P^f_k) and, for every horizon h (the analyses done) and
 * lag l <= min(L, h), the RTS smoother of cycle h - l with the data up to h:
 *   G_k = P^a_k M^T (P^f_{k+1})^-1,  m^s_k = m^a_k + G_k (m^s_{k+1} - m^f_{k+1}),
 *   P^s_k = P^a_k + G_k (P^s_{k+1} - P^f_{k+1}) G_k^T,  starting from m^s_h = m^a_h.
 *  - ETKF, J = 40 > n: the ensemble spans the state and the model is linear, so the smoother is
 *    the RTS smoother exactly: every lag after every analysis to 1e-9 (relative).
 *  - EnKF (perturbed observations), J = 200, R = 24 independent seeds: the errors of the
 *    smoothed mean and covariance against the RTS smoother of the same prior are sampling noise
 *    of mean zero (plus O(1/J)); the mean over the seeds of each error is within 4 standard
 *    errors (the seeds' standard deviation / sqrt(R)) of zero, for every lag after the last
 *    analysis. A smoother that left the lagged ensembles alone would be off by m^a - m^s (many
 *    standard errors). */
#include "enstest.h"

#define N      3
#define NOBS   2
#define CYCLES 6
#define LAG    3
static const PetscInt  obs_idx[NOBS] = {0, 2};
static const PetscReal obs_r[NOBS]   = {0.5, 0.8};
static const PetscReal Mmat[N * N]   = {0.9, -0.3, 0.0, 0.3, 0.9, 0.2, 0.0, -0.1, 0.95};

typedef struct {
  PetscReal mean[N], cov[N * N];
} Moments;

static void Observations(PetscInt k, PetscReal y[])
{
  y[0] = PetscSinReal((PetscReal)k);
  y[1] = PetscCosReal(0.7 * k);
}

static PetscErrorCode Advance(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                              PetscBool *failed, void *ctx)
{
  PetscReal *a, b[N];
  PetscInt   nl;

  PetscFunctionBeginUser;
  (void)ens;
  (void)member;
  (void)t;
  (void)ctx;
  PetscCall(VecGetLocalSize(x, &nl));
  PetscCheck(nl == N, PETSC_COMM_SELF, PETSC_ERR_SUP, "one rank per member expected");
  PetscCall(VecGetArray(x, &a));
  for (PetscInt s = 0; s < nsteps; s++) {
    EnsTestMatMult(N, N, 1, Mmat, a, b);
    for (PetscInt i = 0; i < N; i++) a[i] = b[i];
  }
  PetscCall(VecRestoreArray(x, &a));
  *failed = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Kalman filter from the prior of cycle 0: analyses a[k], forecasts f[k] (f[0] = the prior). */
static void KalmanFilter(const Moments *prior, Moments f[], Moments a[])
{
  f[0] = *prior;
  for (PetscInt k = 0; k < CYCLES; k++) {
    PetscReal S[NOBS * NOBS], HP[NOBS * N], y[NOBS];
    Observations(k, y);
    for (PetscInt p = 0; p < NOBS; p++) {
      for (PetscInt q = 0; q < NOBS; q++)
        S[p * NOBS + q] = f[k].cov[obs_idx[p] * N + obs_idx[q]] + (p == q ? obs_r[p] : 0);
      for (PetscInt i = 0; i < N; i++) HP[p * N + i] = f[k].cov[obs_idx[p] * N + i];
    }
    EnsTestSolve(NOBS, S, N, HP); /* K^T */
    for (PetscInt i = 0; i < N; i++) {
      a[k].mean[i] = f[k].mean[i];
      for (PetscInt p = 0; p < NOBS; p++) a[k].mean[i] += HP[p * N + i] * (y[p] - f[k].mean[obs_idx[p]]);
      for (PetscInt j = 0; j < N; j++) {
        a[k].cov[i * N + j] = f[k].cov[i * N + j];
        for (PetscInt p = 0; p < NOBS; p++) a[k].cov[i * N + j] -= HP[p * N + i] * f[k].cov[obs_idx[p] * N + j];
      }
    }
    if (k + 1 < CYCLES) {
      PetscReal MP[N * N], Mt[N * N];
      for (PetscInt i = 0; i < N; i++)
        for (PetscInt j = 0; j < N; j++) Mt[i * N + j] = Mmat[j * N + i];
      EnsTestMatMult(N, N, 1, Mmat, a[k].mean, f[k + 1].mean);
      EnsTestMatMult(N, N, N, Mmat, a[k].cov, MP);
      EnsTestMatMult(N, N, N, MP, Mt, f[k + 1].cov);
    }
  }
}

/* RTS smoother of cycle h - lag with the data up to cycle h. */
static void RTS(const Moments f[], const Moments a[], PetscInt h, PetscInt lag, Moments *s)
{
  *s = a[h];
  for (PetscInt k = h - 1; k >= h - lag; k--) {
    PetscReal Mt[N * N], PMt[N * N], Pf[N * N], Gt[N * N], G[N * N], dm[N], dP[N * N], GdP[N * N], t[N * N];
    for (PetscInt i = 0; i < N; i++)
      for (PetscInt j = 0; j < N; j++) Mt[i * N + j] = Mmat[j * N + i];
    EnsTestMatMult(N, N, N, a[k].cov, Mt, PMt);
    for (PetscInt i = 0; i < N; i++)
      for (PetscInt j = 0; j < N; j++) {
        Pf[i * N + j] = f[k + 1].cov[i * N + j];
        Gt[i * N + j] = PMt[j * N + i]; /* (P M^T)^T = M P */
      }
    EnsTestSolve(N, Pf, N, Gt); /* Gt = Pf^-1 M P = G^T */
    for (PetscInt i = 0; i < N; i++) {
      dm[i] = s->mean[i] - f[k + 1].mean[i];
      for (PetscInt j = 0; j < N; j++) {
        G[i * N + j]  = Gt[j * N + i];
        dP[i * N + j] = s->cov[i * N + j] - f[k + 1].cov[i * N + j];
      }
    }
    {
      PetscReal Gdm[N];
      EnsTestMatMult(N, N, 1, G, dm, Gdm);
      EnsTestMatMult(N, N, N, G, dP, GdP);
      EnsTestMatMult(N, N, N, GdP, Gt, t);
      for (PetscInt i = 0; i < N; i++) {
        s->mean[i] = a[k].mean[i] + Gdm[i];
        for (PetscInt j = 0; j < N; j++) s->cov[i * N + j] = a[k].cov[i * N + j] + t[i * N + j];
      }
    }
  }
}

/* Runs the filter with the smoother; sm[h][l] = the smoothed moments of lag l after analysis h. */
static PetscErrorCode RunSmoother(const char type[], PetscInt J, PetscInt seed, Moments *prior,
                                  Moments sm[CYCLES][LAG + 1])
{
  MckEnsemble ens;
  char        opts[256];
  PetscReal   center[N] = {1.0, -0.5, 2.0}, y[NOBS];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_analysis %s -ens_size %" PetscInt_FMT " -ens_seed %" PetscInt_FMT
                          " -ens_smoother_lag %d -ens_outlier_factor 1e300",
                          type, J, seed, LAG));
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, N, 0));
  PetscCall(MckEnsembleSetAdvance(ens, Advance, NULL));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  for (PetscInt k = 0; k < CYCLES; k++) {
    if (k) PetscCall(MckEnsembleForecast(ens, k, 1));
    if (!k) {
      PetscCall(MckEnsembleGetMean(ens, prior->mean, NULL, NULL, NULL));
      PetscCall(MckEnsembleGetCovariance(ens, prior->cov));
    }
    Observations(k, y);
    PetscCall(MckEnsembleSetObservations(ens, NOBS, obs_idx, y, obs_r));
    PetscCall(MckEnsembleAnalyze(ens));
    for (PetscInt l = 1; l <= PetscMin(k, LAG); l++) {
      PetscCall(MckEnsembleGetSmoothedMean(ens, l, sm[k][l].mean, NULL, NULL, NULL));
      PetscCall(MckEnsembleGetSmoothedCovariance(ens, l, sm[k][l].cov));
    }
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

static PetscErrorCode ExactETKF(void)
{
  Moments   prior, f[CYCLES], a[CYCLES], sm[CYCLES][LAG + 1], ref;
  PetscReal worst = 0;

  PetscFunctionBeginUser;
  PetscCall(RunSmoother("etkf", 40, 5, &prior, sm));
  KalmanFilter(&prior, f, a);
  for (PetscInt h = 1; h < CYCLES; h++)
    for (PetscInt l = 1; l <= PetscMin(h, LAG); l++) {
      PetscReal sc = 0, dm = 0, dc = 0;
      RTS(f, a, h, l, &ref);
      for (PetscInt i = 0; i < N; i++) {
        sc = PetscMax(sc, PetscAbsReal(ref.cov[i * N + i]));
        dm = PetscMax(dm, PetscAbsReal(sm[h][l].mean[i] - ref.mean[i]) / PetscMax(1.0, PetscAbsReal(ref.mean[i])));
      }
      for (PetscInt i = 0; i < N * N; i++) dc = PetscMax(dc, PetscAbsReal(sm[h][l].cov[i] - ref.cov[i]) / sc);
      worst = PetscMax(worst, PetscMax(dm, dc));
    }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "ETKF smoother (J = 40, lag %d) vs RTS smoother, every lag after every analysis: largest "
                        "relative error %.2e (tolerance 1e-9)\n",
                        LAG, (double)worst));
  PetscCheck(worst < 1e-9, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the ETKF smoother differs from the RTS smoother");
  PetscFunctionReturn(0);
}

#define SEEDS 24
static PetscErrorCode StatisticalEnKF(void)
{
  Moments        prior, f[CYCLES], a[CYCLES], sm[CYCLES][LAG + 1], ref;
  PetscReal      sum[LAG + 1][N + N * N] = {{0}}, sq[LAG + 1][N + N * N] = {{0}}, worst = 0, naive = 0;
  const PetscInt h = CYCLES - 1;

  PetscFunctionBeginUser;
  for (PetscInt r = 0; r < SEEDS; r++) {
    PetscCall(RunSmoother("enkf", 200, 100 + r, &prior, sm));
    KalmanFilter(&prior, f, a);
    for (PetscInt l = 1; l <= LAG; l++) {
      RTS(f, a, h, l, &ref);
      for (PetscInt i = 0; i < N + N * N; i++) {
        const PetscReal e = i < N ? sm[h][l].mean[i] - ref.mean[i] : sm[h][l].cov[i - N] - ref.cov[i - N];
        sum[l][i] += e;
        sq[l][i] += e * e;
      }
      if (l == LAG) /* how far the unsmoothed analysis is from the smoother, in the same units */
        for (PetscInt i = 0; i < N; i++) naive += PetscAbsReal(a[h - l].mean[i] - ref.mean[i]);
    }
  }
  for (PetscInt l = 1; l <= LAG; l++)
    for (PetscInt i = 0; i < N + N * N; i++) {
      const PetscReal m = sum[l][i] / SEEDS, sd = PetscSqrtReal((sq[l][i] / SEEDS - m * m) * SEEDS / (SEEDS - 1));
      worst = PetscMax(worst, PetscAbsReal(m) / (sd / PetscSqrtReal((PetscReal)SEEDS)));
    }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "EnKF smoother (J = 200, lag %d, %d seeds) vs RTS smoother: largest mean error %.2f standard "
                        "errors (limit 4); the filter's analysis is %.3f away from the lag-%d smoother (mean |dm|)\n",
                        LAG, SEEDS, (double)worst, (double)(naive / (SEEDS * N)), LAG));
  PetscCheck(worst < 4, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "EnKF smoother outside 4 sigma of the RTS smoother");
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(ExactETKF());
  PetscCall(StatisticalEnKF());
  PetscCall(McKeanFinalize());
  return 0;
}
