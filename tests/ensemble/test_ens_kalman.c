/* Linear Gaussian analysis against the exact Kalman filter (validation 1). The prior is the
 * ensemble's own sample mean m and covariance P (J > n, so P has full rank); the reference
 *   K = P H^T (H P H^T + R)^-1,  m_a = m + K (y - H m),  P_a = (I - K H) P
 * is computed here with plain dense algebra, independently of the ensemble layer.
 *  - ETKF: analysis sample mean and covariance equal m_a, P_a to 1e-10 (it is exact algebra).
 *  - EnKF (perturbed observations): the mean error is K epsbar with epsbar ~ N(0, R/J), so
 *    component i has standard error sqrt((K R K^T)_ii / J); the covariance error has standard
 *    error sqrt((A_ii A_kk + A_ik^2 + Q_ii A_kk + Q_kk A_ii) / J), A = K R K^T,
 *    Q = (I - KH) P (I - KH)^T (sample covariances of Gaussian noise and its cross term with
 *    the anomalies). Required: within 5 sigma.
 *  - The ScaLAPACK path (threshold below J) gives the ETKF analysis of the LAPACK path to 1e-10.
 *  - LETKF with a localisation radius far beyond the state (Gaspari-Cohn weight 1 - O(1e-16))
 *    is the global ETKF: the same analysis to 1e-10, through the independent local code path.
 *  - Analyses written outside the library (tests/install/external/analyses.c, installed headers
 *    only): user_etkf gives bitwise the built-in etkf's ensemble (LAPACK and ScaLAPACK paths);
 *    denkf (Sakov & Oke 2008) has the Kalman mean m_a and the covariance
 *    (I - KH/2) P (I - KH/2)^T = P_a + K (H P H^T) K^T / 4, to n u kappa (below).
 *  Every check runs on 1 and 2 ranks: the analyses' bits do not depend on the rank count. */
#include "enstest.h"
#include "analyses.h"
#include <mckean/mckensembleimpl.h>

#define N    6
#define NOBS 4
static const PetscInt  obs_idx[NOBS] = {0, 2, 4, 5};
static const PetscReal obs_y[NOBS]   = {1.5, 2.0, 4.5, 7.0};
static const PetscReal obs_r[NOBS]   = {0.5, 1.0, 2.0, 0.3};

typedef struct {
  PetscReal mean[N], cov[N * N];
} Moments;

/* An ensemble of the options set, its members around 1, 2, ..., N and the observations. */
static PetscErrorCode SetUpEnsemble(MckEnsemble *ens)
{
  PetscReal center[N];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < N; i++) center[i] = 1.0 + i;
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, ens));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleSetSizes(*ens, N, 0));
  PetscCall(MckEnsembleSetUp(*ens));
  PetscCall(MckEnsembleInitializeMembers(*ens, center, 1.5));
  PetscCall(MckEnsembleSetObservations(*ens, NOBS, obs_idx, obs_y, obs_r));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunAnalysis(const char type[], PetscInt J, PetscInt threshold, Moments *prior, Moments *post)
{
  MckEnsemble ens;
  char        opts[256];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_analysis %s -ens_size %" PetscInt_FMT " -ens_scalapack_threshold %" PetscInt_FMT
                          " -ens_seed 7 -ens_loc_radius 1e8",
                          type, J, threshold));
  PetscCall(EnsTestOptions(opts));
  PetscCall(SetUpEnsemble(&ens));
  PetscCall(MckEnsembleGetMean(ens, prior->mean, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(ens, prior->cov));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetMean(ens, post->mean, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(ens, post->cov));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* The exact Kalman update of prior; also A = K R K^T, Q = (I - KH) P (I - KH)^T and
 * D = K (H P H^T) K^T. */
static void Kalman(const Moments *prior, Moments *post, PetscReal A[], PetscReal Q[], PetscReal D[])
{
  PetscReal S[NOBS * NOBS], HP[NOBS * N], K[N * NOBS], KH[N * N], IKH[N * N], T[N * N];

  for (PetscInt a = 0; a < NOBS; a++) {
    for (PetscInt b = 0; b < NOBS; b++)
      S[a * NOBS + b] = prior->cov[obs_idx[a] * N + obs_idx[b]] + (a == b ? obs_r[a] : 0);
    for (PetscInt i = 0; i < N; i++) HP[a * N + i] = prior->cov[obs_idx[a] * N + i];
  }
  EnsTestSolve(NOBS, S, N, HP); /* HP <- S^-1 H P = K^T */
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt a = 0; a < NOBS; a++) K[i * NOBS + a] = HP[a * N + i];
  for (PetscInt i = 0; i < N; i++) {
    post->mean[i] = prior->mean[i];
    for (PetscInt a = 0; a < NOBS; a++) post->mean[i] += K[i * NOBS + a] * (obs_y[a] - prior->mean[obs_idx[a]]);
    for (PetscInt k = 0; k < N; k++) {
      KH[i * N + k] = 0;
      for (PetscInt a = 0; a < NOBS; a++) KH[i * N + k] += obs_idx[a] == k ? K[i * NOBS + a] : 0;
      IKH[i * N + k] = (i == k) - KH[i * N + k];
    }
  }
  EnsTestMatMult(N, N, N, IKH, prior->cov, post->cov);
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt k = 0; k < N; k++) {
      A[i * N + k] = 0;
      for (PetscInt a = 0; a < NOBS; a++) A[i * N + k] += K[i * NOBS + a] * obs_r[a] * K[k * NOBS + a];
      D[i * N + k] = 0;
      for (PetscInt a = 0; a < NOBS; a++)
        for (PetscInt c = 0; c < NOBS; c++)
          D[i * N + k] += K[i * NOBS + a] * prior->cov[obs_idx[a] * N + obs_idx[c]] * K[k * NOBS + c];
      T[i * N + k] = IKH[k * N + i]; /* (I - KH)^T */
    }
  {
    PetscReal U[N * N];
    EnsTestMatMult(N, N, N, IKH, prior->cov, U);
    EnsTestMatMult(N, N, N, U, T, Q);
  }
}

static PetscReal MaxAbs(PetscInt n, const PetscReal a[])
{
  PetscReal m = 0;
  for (PetscInt i = 0; i < n; i++) m = PetscMax(m, PetscAbsReal(a[i]));
  return m;
}

static PetscErrorCode CheckExact(const char what[], const Moments *ens, const Moments *kf, PetscReal tol)
{
  PetscReal dm = 0, dc = 0;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < N; i++) dm = PetscMax(dm, PetscAbsReal(ens->mean[i] - kf->mean[i]));
  for (PetscInt i = 0; i < N * N; i++) dc = PetscMax(dc, PetscAbsReal(ens->cov[i] - kf->cov[i]));
  dm /= PetscMax(1.0, MaxAbs(N, kf->mean));
  dc /= MaxAbs(N * N, kf->cov);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: relative mean error %.3e, covariance error %.3e (tolerance %.1e)\n",
                        what, (double)dm, (double)dc, (double)tol));
  PetscCheck(dm <= tol && dc <= tol, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s differs from the reference", what);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckBitwise(const char what[], const Moments *a, const Moments *b)
{
  PetscBool same = (PetscBool)(!memcmp(a->mean, b->mean, sizeof(a->mean)) && !memcmp(a->cov, b->cov, sizeof(a->cov)));

  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: mean and covariance bitwise %s\n", what, same ? "equal" : "DIFFERENT"));
  PetscCheck(same, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s: not bitwise equal", what);
  PetscFunctionReturn(0);
}

/* denkf with the default gain factor 1/2 against the Kalman mean and P_a + D / 4. Both sides
 * solve with [(J - 1) I + S] or H P H^T + R, whose condition number is at most
 * kappa = 1 + sum_a (H P H^T)_aa / r_a (the eigenvalues of S are >= 0 and sum to (J - 1) times
 * that sum); the backward-stable algebra of J members errs by at most about J u kappa, a
 * factor 10 above it is the tolerance. */
static PetscErrorCode CheckDEnKF(const Moments *prior, const Moments *kf, const PetscReal D[], PetscInt J)
{
  Moments   p, post, want = *kf;
  PetscReal kappa = 1;

  PetscFunctionBeginUser;
  PetscCall(RunAnalysis("denkf", J, 1024, &p, &post));
  PetscCheck(!memcmp(&p, prior, sizeof(p)), PETSC_COMM_WORLD, PETSC_ERR_PLIB, "denkf: another prior than etkf's");
  for (PetscInt i = 0; i < N * N; i++) want.cov[i] += D[i] / 4;
  for (PetscInt a = 0; a < NOBS; a++) kappa += prior->cov[obs_idx[a] * (N + 1)] / obs_r[a];
  PetscCall(CheckExact("denkf vs Kalman mean, covariance P_a + K H P H^T K^T / 4", &post, &want,
                       10 * J * PETSC_MACHINE_EPSILON * kappa));
  PetscFunctionReturn(0);
}

/* The transform-filter building blocks outside the analysis (set up, observations set, no
 * MckEnsembleAnalyze): the statistics would be of observations never evaluated and the transform
 * would move members the analysis layout no longer holds, so both refuse and the ensemble stays. */
static PetscErrorCode CheckOutsideAnalysis(void)
{
  MckEnsemble    ens;
  PetscReal      before[N], after[N], *S, *b, T[4 * 4] = {0};
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions("-ens_analysis user_etkf -ens_size 4 -ens_seed 7"));
  PetscCall(SetUpEnsemble(&ens));
  PetscCall(MckEnsembleGetMean(ens, before, NULL, NULL, NULL));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleFilterStatistics(ens, &S, &b);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ORDER, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "MckEnsembleFilterStatistics outside the analysis: error %d, expected PETSC_ERR_ORDER", (int)ierr);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleApplyTransform(ens, T);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ORDER, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "MckEnsembleApplyTransform outside the analysis: error %d, expected PETSC_ERR_ORDER", (int)ierr);
  PetscCall(MckEnsembleGetMean(ens, after, NULL, NULL, NULL));
  PetscCheck(!memcmp(before, after, sizeof(before)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "a refused transform changed the ensemble");
  PetscCall(MckEnsembleAnalyze(ens)); /* and the analysis itself still runs */
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "statistics and transform outside the analysis: refused\n"));
  PetscFunctionReturn(0);
}

/* A transform filter of two transforms (the identity twice): with the smoother, whose lagged
 * ensembles get the analysis' one transform, MckEnsembleAnalyze refuses it. */
static PetscErrorCode Analyze_Twice(MckEnsemble ens)
{
  PetscReal *S, *b, C[4 * 4] = {0};

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleFilterStatistics(ens, &S, &b));
  PetscCall(MckEnsembleApplyCenteredUpdate(ens, C));
  PetscCall(MckEnsembleApplyCenteredUpdate(ens, C));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Twice(MckEnsemble ens)
{
  MckEnsembleOps ops;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleSetTransformFilter(ens));
  PetscCall(MckEnsembleGetOps(ens, &ops));
  ops->analyze = Analyze_Twice;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckTwoTransforms(void)
{
  MckEnsemble    ens;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleRegister("twice", Create_Twice));
  PetscCall(EnsTestOptions("-ens_analysis twice -ens_size 4 -ens_seed 7 -ens_smoother_lag 1"));
  PetscCall(SetUpEnsemble(&ens));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckEnsembleAnalyze(ens);
  PetscCall(PetscPopErrorHandler());
  PetscCheck(ierr == PETSC_ERR_ORDER, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "two transforms with the smoother: error %d, expected PETSC_ERR_ORDER", (int)ierr);
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "two transforms with the smoother: refused\n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  Moments   prior, post, kf, post2, post3;
  PetscReal A[N * N], Q[N * N], D[N * N], worst = 0;
  PetscInt  J;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(UserAnalysesRegister());
  /* ETKF, J = 40 > n = 6: exact */
  PetscCall(RunAnalysis("etkf", 40, 1024, &prior, &post));
  Kalman(&prior, &kf, A, Q, D);
  PetscCall(CheckExact("ETKF vs Kalman", &post, &kf, 1e-10));
  PetscCall(RunAnalysis("letkf", 40, 1024, &prior, &post2));
  PetscCall(CheckExact("LETKF (radius 1e8) vs ETKF", &post2, &post, 1e-10));
  PetscCall(RunAnalysis("user_etkf", 40, 1024, &prior, &post2));
  PetscCall(CheckBitwise("user_etkf vs etkf (J = 40)", &post2, &post));
  PetscCall(CheckDEnKF(&prior, &kf, D, 40));
  PetscCall(CheckOutsideAnalysis());
  PetscCall(CheckTwoTransforms());
  /* ScaLAPACK (threshold 100 < J = 300) against LAPACK */
  PetscCall(RunAnalysis("etkf", 300, 1024, &prior, &post));
  PetscCall(RunAnalysis("etkf", 300, 100, &prior, &post2));
  PetscCall(CheckExact("ETKF ScaLAPACK vs LAPACK (J = 300)", &post2, &post, 1e-10));
  PetscCall(RunAnalysis("user_etkf", 300, 100, &prior, &post3));
  PetscCall(CheckBitwise("user_etkf vs etkf, ScaLAPACK (J = 300)", &post3, &post2));
  Kalman(&prior, &kf, A, Q, D);
  PetscCall(CheckExact("ETKF (J = 300) vs Kalman", &post, &kf, 1e-10));
  /* EnKF: within sampling error */
  J = 400;
  PetscCall(RunAnalysis("enkf", J, 1024, &prior, &post));
  Kalman(&prior, &kf, A, Q, D);
  for (PetscInt i = 0; i < N; i++) {
    const PetscReal se = PetscSqrtReal(A[i * N + i] / J);
    worst              = PetscMax(worst, PetscAbsReal(post.mean[i] - kf.mean[i]) / se);
    for (PetscInt k = 0; k < N; k++) {
      const PetscReal sc = PetscSqrtReal((A[i * N + i] * A[k * N + k] + A[i * N + k] * A[i * N + k] +
                                          Q[i * N + i] * A[k * N + k] + Q[k * N + k] * A[i * N + i]) /
                                         J);
      worst              = PetscMax(worst, PetscAbsReal(post.cov[i * N + k] - kf.cov[i * N + k]) / sc);
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "EnKF (J = %" PetscInt_FMT ") vs Kalman: largest error %.2f standard errors (limit 5)\n", J,
                        (double)worst));
  PetscCheck(worst < 5, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "EnKF outside 5 sigma of the Kalman filter");
  PetscCall(McKeanFinalize());
  return 0;
}
