/* The bootstrap particle filter converges to the Kalman filter on a linear-Gaussian model.
 * Model: n = 2 independent components, x <- a x (a = 0.9) by the members' advance callback,
 * process noise N(0, q) from the additive inflation (sigma = sqrt(q) = 0.5, before each
 * analysis), both components observed with error variance r = 0.5, y_k = (sin k, cos k); the
 * prior is N(m0, s^2 I) (MckEnsembleInitializeMembers draws exactly that). The Kalman filter of
 * one component: m_f = a m, P_f = a^2 P + q, K = P_f / (P_f + r), m = m_f + K (y - m_f),
 * P = (1 - K) P_f, computed here. After 5 cycles the particle filter's (weighted) mean has a
 * Monte Carlo error e with E e = O(1/N) and sd e = c / sqrt(N).
 * With R = 16 seeds at each of N = 64, 256, 1024 (2 components: 32 errors each):
 *  - rate: the RMS error falls like N^-1/2: the slope of log RMS against log N between N = 64
 *    and 1024 is 0.5 within 4 standard errors (an RMS of 32 Gaussian errors has a relative
 *    standard error 1/sqrt(64) = 0.125, so the slope's is sqrt(2) 0.125 / ln 16 = 0.064);
 *  - no bias: at N = 1024 the mean error is within 4 standard errors (RMS / sqrt(32)) of 0;
 *  - the ESS of every analysis is between 1 and N. */
#include "enstest.h"

#define NC     2
#define CYCLES 5
#define SEEDS  16

static PetscErrorCode Scale(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x, PetscBool *failed,
                            void *ctx)
{
  PetscFunctionBeginUser;
  (void)ens;
  (void)member;
  (void)t;
  for (PetscInt s = 0; s < nsteps; s++) PetscCall(VecScale(x, *(PetscReal *)ctx));
  *failed = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static void Observations(PetscInt k, PetscReal y[])
{
  y[0] = PetscSinReal((PetscReal)k);
  y[1] = PetscCosReal((PetscReal)k);
}

/* Kalman filter means after CYCLES analyses. */
static void Kalman(PetscReal a, PetscReal q, PetscReal r, const PetscReal m0[], PetscReal s, PetscReal m[])
{
  for (PetscInt i = 0; i < NC; i++) {
    PetscReal mi = m0[i], P = s * s, y[NC];
    for (PetscInt k = 0; k < CYCLES; k++) {
      const PetscReal mf = a * mi, Pf = a * a * P + q, K = Pf / (Pf + r);
      Observations(k, y);
      mi = mf + K * (y[i] - mf);
      P  = (1 - K) * Pf;
    }
    m[i] = mi;
  }
}

static PetscErrorCode RunPF(PetscInt N, PetscInt seed, PetscReal a, const PetscReal m0[], PetscReal s, PetscReal m[])
{
  MckEnsemble     ens;
  MckEnsembleInfo info;
  char            opts[256];
  const PetscInt  idx[NC] = {0, 1};
  PetscReal       y[NC], r[NC] = {0.5, 0.5};

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_analysis pf -ens_size %" PetscInt_FMT " -ens_seed %" PetscInt_FMT
                          " -ens_additive_inflation 0.5 -ens_outlier_factor 1e300",
                          N, seed));
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, NC, 0));
  PetscCall(MckEnsembleSetAdvance(ens, Scale, &a));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, m0, s));
  for (PetscInt k = 0; k < CYCLES; k++) {
    PetscCall(MckEnsembleForecast(ens, k, 1));
    Observations(k, y);
    PetscCall(MckEnsembleSetObservations(ens, NC, idx, y, r));
    PetscCall(MckEnsembleAnalyze(ens));
    PetscCall(MckEnsembleGetInfo(ens, &info));
    PetscCheck(info.ess >= 1 - 1e-12 && info.ess <= N + 1e-9, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "ESS %g outside [1, %" PetscInt_FMT "]", (double)info.ess, N);
  }
  PetscCall(MckEnsembleGetMean(ens, m, NULL, NULL, NULL));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscInt  Ns[3] = {64, 256, 1024};
  const PetscReal a = 0.9, s = 1.0, m0[NC] = {1.0, -1.0};
  PetscReal       kf[NC], rms[3], bias     = 0, slope, se;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  /* the forecast comes first: the Kalman recursion starts from a m0 too */
  Kalman(a, 0.25, 0.5, m0, s, kf);
  for (PetscInt k = 0; k < 3; k++) {
    PetscReal ss = 0;
    for (PetscInt seed = 1; seed <= SEEDS; seed++) {
      PetscReal m[NC];
      PetscCall(RunPF(Ns[k], 100 + seed, a, m0, s, m));
      for (PetscInt i = 0; i < NC; i++) {
        ss += PetscSqr(m[i] - kf[i]);
        if (k == 2) bias += m[i] - kf[i];
      }
    }
    rms[k] = PetscSqrtReal(ss / (SEEDS * NC));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "N = %4" PetscInt_FMT
                          ": RMS error of the filter mean against the Kalman filter %.4e (x sqrt(N): %.3f)\n",
                          Ns[k], (double)rms[k], (double)(rms[k] * PetscSqrtReal((PetscReal)Ns[k]))));
  }
  bias /= SEEDS * NC;
  slope = PetscLogReal(rms[0] / rms[2]) / PetscLogReal((PetscReal)Ns[2] / Ns[0]);
  se    = PetscSqrtReal(2.0) * 0.125 / PetscLogReal(16.0);
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "convergence rate %.3f (N^-1/2: 0.5, standard error %.3f); mean error at N = 1024 %.2e (standard error %.2e)\n",
      (double)slope, (double)se, (double)bias, (double)(rms[2] / PetscSqrtReal(SEEDS * NC))));
  PetscCheck(PetscAbsReal(slope - 0.5) < 4 * se, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the particle filter does not converge like N^-1/2 (rate %.3f)", (double)slope);
  PetscCheck(PetscAbsReal(bias) < 4 * rms[2] / PetscSqrtReal(SEEDS * NC), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the particle filter's mean is biased against the Kalman filter");
  PetscCall(McKeanFinalize());
  return 0;
}
