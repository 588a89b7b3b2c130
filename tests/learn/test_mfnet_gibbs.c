/* Mean-field Langevin with features linear in the parameters: its stationary law is a Gibbs
 * measure known in closed form.
 *
 * Model: sigma = identity, w and b frozen (-mfnet_train_features 0), so with the fixed features
 * phi_i,mu = w_i . x_mu + b_i the output f_mu = (alpha/N) sum_i a_i phi_i,mu is linear in
 * a = (a_1..a_N), and (penalty on the trained a only)
 *   N L_N(a) = (N/2P) sum_mu (f_mu - y_mu)^2 + (lambda/2) |a|^2 = (1/2) a^T A a - c^T a + const,
 *   A = (alpha^2 / (N P)) Phi Phi^T + lambda I,   c = (alpha/P) Phi y.
 * The dynamics da = -N grad_a L_N dt + sqrt(2 tau) dW = -(A a - c) dt + sqrt(2 tau) dW is an
 * Ornstein-Uhlenbeck process with stationary law exp(-N L_N / tau), the Gaussian
 *   mean  m = A^{-1} c,   covariance  tau A^{-1}.
 * The Euler-Maruyama chain a' = (I - dt A) a + dt c + sqrt(2 tau dt) xi has the same mean and,
 * since M = I - dt A is symmetric, the stationary covariance S solving S = M S M + 2 tau dt I:
 *   S = 2 tau dt (I - M^2)^{-1} = tau (A - (dt/2) A^2)^{-1}   (exact; = tau A^{-1} + O(dt)).
 * The test compares the time averages of a_i and of (a_i - m_i)(a_j - m_j) (all i <= j) with
 * m and S, within 4 standard errors. Errors come from 100 batch means (each batch 50 time units,
 * >= 50 relaxation times 1/lambda_min(A) <= 1/lambda = 1, so batch means are independent), which
 * accounts for the autocorrelation.
 * With argument "umfld" the same model runs underdamped Langevin (BAOAB, unit mass, gamma = 1):
 * the theta-marginal of BAOAB is exact for a quadratic potential at any stable dt, so there the
 * target covariance is tau A^{-1} itself (Leimkuhler-Matthews 2013). It uses another seed:
 * with the same noise the long-time averages of the two schemes nearly coincide (both are
 * driven by the same total impulse), and the second test would add no evidence. With 8 + 36 comparisons at 4 sigma the false-alarm rate is
 * about 44 x 1.2e-4 (Student t, 99 dof) = 0.5%; the seed is fixed, so the outcome is too. */
#include <mckean/mckmfnet.h>

#define NN 8

/* B = A^{-1} by Gauss-Jordan with partial pivoting (n = NN, well-conditioned: A >= lambda I). */
static void Invert(const PetscReal A[NN][NN], PetscReal B[NN][NN])
{
  PetscReal M[NN][2 * NN];
  for (int i = 0; i < NN; i++)
    for (int j = 0; j < 2 * NN; j++) M[i][j] = j < NN ? A[i][j] : (j - NN == i);
  for (int c = 0; c < NN; c++) {
    int p = c;
    for (int r = c + 1; r < NN; r++)
      if (PetscAbsReal(M[r][c]) > PetscAbsReal(M[p][c])) p = r;
    for (int j = 0; j < 2 * NN; j++) {
      PetscReal t = M[c][j];
      M[c][j]     = M[p][j];
      M[p][j]     = t;
    }
    const PetscReal piv = M[c][c];
    for (int j = 0; j < 2 * NN; j++) M[c][j] /= piv;
    for (int r = 0; r < NN; r++)
      if (r != c) {
        const PetscReal f = M[r][c];
        for (int j = 0; j < 2 * NN; j++) M[r][j] -= f * M[c][j];
      }
  }
  for (int i = 0; i < NN; i++)
    for (int j = 0; j < NN; j++) B[i][j] = M[i][j + NN];
}

int main(int argc, char **argv)
{
  const PetscReal alpha = 2, lambda = 1, tau = 0.5, dt = 0.01;
  const PetscInt  nb = 100, burn = 2000, per = 5000, d = 3, P = 20, D = d + 2;
  MckMFNet        net;
  PetscInt64      N;
  PetscInt        nlocal, Dn;
  PetscReal      *theta, Phi[NN][20], A[NN][NN], Ainv[NN][NN], A2[NN][NN], S[NN][NN], m[NN], c[NN];
  PetscReal       bmean[NN], bcov[NN][NN], sum1[NN] = {0}, sq1[NN] = {0}, sum2[NN][NN] = {{0}}, sq2[NN][NN] = {{0}},
                                     zmax_mean = 0, zmax_cov = 0, gibbs_dev = 0;
  const PetscReal *X, *y;
  PetscMPIInt      size;
  char             opts[512];
  const char      *dyn = argc > 1 ? argv[1] : "mfld";
  PetscBool        under;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscStrcmp(dyn, "umfld", &under));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCheck(size == 1, PETSC_COMM_WORLD, PETSC_ERR_SUP,
             "run on one rank (reproducibility on more ranks is tested elsewhere)");
  PetscCall(PetscSNPrintf(
      opts, sizeof(opts),
      "-mfnet_n %d -mfnet_chunk_size 4 -mfnet_dim %" PetscInt_FMT " -mfnet_batch %" PetscInt_FMT
      " -mfnet_alpha %g -mfnet_activation identity -mfnet_train_features 0 -mfnet_lambda %g -mfnet_temperature %g -mfnet_dt %g -mfnet_teacher tanh -mfnet_seed %d -mfnet_dynamics %s",
      NN, d, P, (double)alpha, (double)lambda, (double)tau, (double)dt, under ? 8 : 7, dyn));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetSetUp(net));
  PetscCall(MckMFNetGetParticles(net, &N, &Dn, &nlocal, NULL, &theta));
  PetscCall(MckMFNetGetData(net, NULL, NULL, &X, &y, NULL));
  PetscCheck(N == NN && Dn == D && nlocal == NN, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "unexpected sizes");

  /* the closed form */
  for (int i = 0; i < NN; i++)
    for (int mu = 0; mu < P; mu++) {
      Phi[i][mu] = theta[i * D + d];
      for (int k = 0; k < d; k++) Phi[i][mu] += theta[i * D + k] * X[mu * d + k];
    }
  for (int i = 0; i < NN; i++) {
    c[i] = 0;
    for (int mu = 0; mu < P; mu++) c[i] += alpha / P * Phi[i][mu] * y[mu];
    for (int j = 0; j < NN; j++) {
      A[i][j] = (i == j) * lambda;
      for (int mu = 0; mu < P; mu++) A[i][j] += alpha * alpha / (NN * P) * Phi[i][mu] * Phi[j][mu];
    }
  }
  Invert(A, Ainv);
  for (int i = 0; i < NN; i++) {
    m[i] = 0;
    for (int j = 0; j < NN; j++) m[i] += Ainv[i][j] * c[j];
    for (int j = 0; j < NN; j++) {
      A2[i][j] = A[i][j];
      for (int k = 0; k < NN; k++) A2[i][j] -= 0.5 * dt * A[i][k] * A[k][j];
    }
  }
  Invert(A2, S);
  for (int i = 0; i < NN; i++)
    for (int j = 0; j < NN; j++) {
      S[i][j]   = under ? tau * Ainv[i][j] : tau * S[i][j];
      gibbs_dev = PetscMax(gibbs_dev, PetscAbsReal(S[i][j] - tau * Ainv[i][j]));
    }

  /* the chain: burn-in, then batch means */
  for (PetscInt s = 0; s < burn; s++) PetscCall(MckMFNetStep(net));
  for (PetscInt b = 0; b < nb; b++) {
    PetscCall(PetscArrayzero(bmean, NN));
    PetscCall(PetscArrayzero(&bcov[0][0], NN * NN));
    for (PetscInt s = 0; s < per; s++) {
      PetscCall(MckMFNetStep(net));
      for (int i = 0; i < NN; i++) {
        const PetscReal ei = theta[i * D + d + 1] - m[i];
        bmean[i] += theta[i * D + d + 1];
        for (int j = i; j < NN; j++) bcov[i][j] += ei * (theta[j * D + d + 1] - m[j]);
      }
    }
    for (int i = 0; i < NN; i++) {
      bmean[i] /= per;
      sum1[i] += bmean[i];
      sq1[i] += bmean[i] * bmean[i];
      for (int j = i; j < NN; j++) {
        bcov[i][j] /= per;
        sum2[i][j] += bcov[i][j];
        sq2[i][j] += bcov[i][j] * bcov[i][j];
      }
    }
  }
  for (int i = 0; i < NN; i++) {
    const PetscReal mean = sum1[i] / nb, se = PetscSqrtReal((sq1[i] / nb - mean * mean) / (nb - 1));
    zmax_mean = PetscMax(zmax_mean, PetscAbsReal(mean - m[i]) / se);
    for (int j = i; j < NN; j++) {
      const PetscReal cv = sum2[i][j] / nb, se2 = PetscSqrtReal((sq2[i][j] / nb - cv * cv) / (nb - 1));
      zmax_cov = PetscMax(zmax_cov, PetscAbsReal(cv - S[i][j]) / se2);
    }
  }
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "Gibbs law of a-only %s (N = %d, %" PetscInt_FMT
      " steps of dt = %g): mean a_1 = %.4f (exact %.4f), var a_1 = %.4f (exact for the scheme %.4f, continuum %.4f)\n",
      dyn, NN, nb * per, (double)dt, (double)(sum1[0] / nb), (double)m[0], (double)(sum2[0][0] / nb), (double)S[0][0],
      (double)(tau * Ainv[0][0])));
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD,
                  "max |z| over %d means: %.2f; over %d covariances: %.2f (limit 4); |S_EM - tau A^-1|_max = %.2e\n",
                  NN, (double)zmax_mean, NN * (NN + 1) / 2, (double)zmax_cov, (double)gibbs_dev));
  PetscCheck(zmax_mean < 4 && zmax_cov < 4, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "stationary law differs from the Gibbs measure by more than 4 standard errors");
  PetscCall(MckMFNetDestroy(&net));
  PetscCall(McKeanFinalize());
  return 0;
}
