/* The gen layer against closed forms (tests/gen/gen.cmake runs each case):
 *
 *   fit      the fitted velocity of the linear interpolant N(0, I) -> ring of Gaussians (whose
 *            path is a Gaussian mixture, so b is known exactly) converges to the exact one as
 *            features and samples grow together: relative L2 error on fresh path points, its
 *            rate in the number of features printed, required to decrease and to fall by a factor
 *            1.5 over a sweep of 44 to 675 features (the statistical error, ~ sqrt(p / M) with a
 *            noisy regression target, limits it; bench-gen -bench_what convergence runs a longer
 *            sweep); the denoiser's (the score's) error must decrease too;
 *   exact    sampling with the exact drift reproduces the target's mean and covariance within
 *            4 standard errors: interpolant (RK4 ODE and stochastic Heun SDE) and VP diffusion
 *            (probability-flow ODE), 20000 samples;
 *   smc      SMC with tempering: Z/Z_exact over R independent runs (seeds) is 1 within 4 standard
 *            errors of the mean of the R estimates (the estimator is unbiased in Z), and the SMC
 *            samples' mean and covariance, averaged over the R runs, match the target's within
 *            5 standard errors of that average, taken from the spread between the runs (resampling
 *            correlates a run's samples, so sigma/sqrt(N) would understate a run's error; with
 *            R = 8, P(|t_7| > 5) = 0.0016 per entry);
 *   guided   ensemble Kalman guidance of a Gaussian prior, linear forward model (the model
 *            layer's): the particles' mean and covariance match the exact Gaussian posterior
 *            within 4 standard errors (se of a mean sigma/sqrt(N); of a covariance entry
 *            sqrt((C_aa C_bb + C_ab^2) / N)), with the prior's exact flow and informative data,
 *            and with a prior learned by a VP diffusion and data inside the prior's bulk;
 *   bitwise  a short run of every sampler type; the bit patterns of the samples and log Z go to
 *            the file named last (equal on 1-4 ranks). */
#include <mckean/mckgensampler.h>
#include "../mckbits.h"

static int failures = 0;

static void Check(int ok, const char *what, double value)
{
  if (!ok) failures++;
  (void)PetscPrintf(PETSC_COMM_WORLD, "%s  %s (%.6g)\n", ok ? "PASS" : "FAIL", what, value);
}

/* A sampler from an options string whose names carry the prefix (e.g. "-c1_gen_n 100"). */
static PetscErrorCode Make(const char prefix[], const char options[], MckRNG rng, MckGenSampler *s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInsertString(NULL, options));
  PetscCall(MckGenSamplerCreate(PETSC_COMM_WORLD, s));
  PetscCall(MckGenSamplerSetOptionsPrefix(*s, prefix));
  PetscCall(MckGenSamplerSetFromOptions(*s));
  PetscCall(MckGenSamplerSetRNG(*s, rng));
  PetscCall(MckGenSamplerSetUp(*s));
  PetscFunctionReturn(0);
}

/* Plain mean and covariance of the samples (test-side; one MPI_Allreduce). */
static PetscErrorCode Moments(MckGenSampler s, PetscReal mean[], PetscReal cov[])
{
  PetscInt64        N;
  PetscInt          d, n;
  PetscReal *const *x, loc[3 * 3 + 3] = {0}, glob[3 * 3 + 3];

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetSamples(s, &N, &d, &n, NULL, &x));
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) {
      loc[a] += x[a][i];
      for (PetscInt b = 0; b < d; b++) loc[d + a * d + b] += x[a][i] * x[b][i];
    }
  PetscCallMPI(MPI_Allreduce(loc, glob, d + d * d, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD));
  for (PetscInt a = 0; a < d; a++) mean[a] = glob[a] / N;
  for (PetscInt a = 0; a < d; a++)
    for (PetscInt b = 0; b < d; b++) cov[a * d + b] = glob[d + a * d + b] / N - mean[a] * mean[b];
  PetscFunctionReturn(0);
}

/* Largest |sample - exact| over the mean and covariance entries, in standard errors. */
static PetscReal MomentErrorSE(PetscInt d, PetscReal N, const PetscReal m[], const PetscReal c[], const PetscReal em[],
                               const PetscReal ec[])
{
  PetscReal z = 0;
  for (PetscInt a = 0; a < d; a++) {
    z = PetscMax(z, PetscAbsReal(m[a] - em[a]) / PetscSqrtReal(ec[a * d + a] / N));
    for (PetscInt b = 0; b < d; b++)
      z = PetscMax(z, PetscAbsReal(c[a * d + b] - ec[a * d + b]) /
                          PetscSqrtReal((ec[a * d + a] * ec[b * d + b] + ec[a * d + b] * ec[a * d + b]) / N));
  }
  return z;
}

static PetscErrorCode CheckExactMoments(MckGenSampler s, const char what[])
{
  MckGenTarget t;
  PetscReal    m[3], c[9], em[3], ec[9], z;
  PetscInt64   N;
  PetscInt     d;
  char         msg[256];

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerSolve(s));
  PetscCall(MckGenSamplerGetTarget(s, &t));
  PetscCall(MckGenTargetGetMoments(t, em, ec));
  PetscCall(MckGenSamplerGetSamples(s, &N, &d, NULL, NULL, NULL));
  PetscCall(Moments(s, m, c));
  z = MomentErrorSE(d, (PetscReal)N, m, c, em, ec);
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s: mean and covariance within 4 se of the target's (largest error in se)",
                          what));
  Check(z < 4, msg, (double)z);
  PetscFunctionReturn(0);
}

static PetscErrorCode TestExact(MckRNG rng)
{
  const char *ring =
      "-target_type gmm -target_components 6 -target_radius 3 -target_std 0.6 -gen_n 20000 -gen_exact_drift ";
  MckGenSampler s;
  char          opts[1024];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts), "%s -gen_type interpolant -gen_steps 40 -interp_integrator rk4", ring));
  PetscCall(PetscOptionsPrefixPush(NULL, "e1_"));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(PetscOptionsPrefixPop(NULL));
  PetscCall(Make("e1_", "", rng, &s));
  PetscCall(CheckExactMoments(s, "interpolant, exact drift, RK4 ODE"));
  PetscCall(MckGenSamplerDestroy(&s));
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "%s -gen_type interpolant -gen_steps 100 -interp_integrator sde_heun -interp_epsilon 1",
                          ring));
  PetscCall(PetscOptionsPrefixPush(NULL, "e2_"));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(PetscOptionsPrefixPop(NULL));
  PetscCall(Make("e2_", "", rng, &s));
  PetscCall(CheckExactMoments(s, "interpolant, exact drift, stochastic Heun SDE"));
  PetscCall(MckGenSamplerDestroy(&s));
  PetscCall(PetscSNPrintf(opts, sizeof(opts), "%s -gen_type diffusion -gen_steps 100 -diffusion_sampler ode", ring));
  PetscCall(PetscOptionsPrefixPush(NULL, "e3_"));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(PetscOptionsPrefixPop(NULL));
  PetscCall(Make("e3_", "", rng, &s));
  PetscCall(CheckExactMoments(s, "VP diffusion, exact score, probability-flow ODE"));
  PetscCall(MckGenSamplerDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestFit(MckRNG rng)
{
  const PetscInt m[3] = {8, 24, 72}, nt[3] = {4, 6, 9}, M[3] = {4000, 12000, 36000};
  PetscReal      err[3], eta[3], rate;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < 3; k++) {
    MckGenSampler s;
    char          opts[512], prefix[16];
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "f%" PetscInt_FMT "_", k));
    PetscCall(PetscSNPrintf(
        opts, sizeof(opts),
        "-%sgen_type interpolant -%starget_components 4 -%starget_radius 2 -%starget_std 0.5 -%sgen_n 8 -%sgen_steps 1 -%sgen_fit_rounds 1 -%sgen_fit_samples %" PetscInt_FMT
        " -%sfeatures_rff_n %" PetscInt_FMT " -%sfeatures_time_size %" PetscInt_FMT " -%sgen_fit_lambda 1e-8",
        prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix, M[k], prefix, m[k], prefix, nt[k], prefix));
    PetscCall(Make(prefix, opts, rng, &s));
    PetscCall(MckGenSamplerInitialize(s));
    PetscCall(MckGenSamplerStep(s)); /* the fit round */
    PetscCall(MckGenSamplerGetModelError(s, 4096, &err[k], &eta[k]));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "       %3" PetscInt_FMT " random features x %" PetscInt_FMT " hats, %6" PetscInt_FMT
                          " samples: relative L2 error of the velocity %.4f, of the denoiser %.4f\n",
                          m[k], nt[k], M[k], (double)err[k], (double)eta[k]));
    PetscCall(MckGenSamplerDestroy(&s));
  }
  { /* the middle fit again, solved by ScaLAPACK over all ranks: the same coefficients up to rounding */
    MckGenSampler s;
    PetscReal     e, h;
    PetscCall(Make(
        "fs_",
        "-fs_gen_type interpolant -fs_target_components 4 -fs_target_radius 2 -fs_target_std 0.5 -fs_gen_n 8 -fs_gen_steps 1 -fs_gen_fit_rounds 1 -fs_gen_fit_samples 12000 -fs_features_rff_n 24 -fs_features_time_size 6 -fs_gen_fit_lambda 1e-8 -fs_gen_fit_scalapack_threshold 1",
        rng, &s));
    PetscCall(MckGenSamplerInitialize(s));
    PetscCall(MckGenSamplerStep(s));
    PetscCall(MckGenSamplerGetModelError(s, 4096, &e, &h));
    Check(PetscAbsReal(e - err[1]) < 1e-8 * err[1] && PetscAbsReal(h - eta[1]) < 1e-8 * eta[1],
          "the fit solved by ScaLAPACK gives the LAPACK fit's errors to 1e-8 (relative difference)",
          (double)(PetscAbsReal(e - err[1]) / err[1]));
    PetscCall(MckGenSamplerDestroy(&s));
  }
  rate = PetscLogReal(err[2] / err[0]) / PetscLogReal((PetscReal)m[2] / m[0]);
  Check(err[1] < err[0] && err[2] < err[1],
        "fitted velocity error decreases as features and samples grow (rate in the features)", (double)rate);
  Check(eta[1] < eta[0] && eta[2] < eta[1],
        "fitted denoiser (score) error decreases as features and samples grow (last error)", (double)eta[2]);
  Check(err[2] < err[0] / 1.5, "fitted velocity error falls by a factor 1.5 over the sweep (ratio)",
        (double)(err[0] / err[2]));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestSMC(void)
{
  const PetscInt R  = 8;
  PetscReal      z1 = 0, z2 = 0, mean, se, m[3], c[9], em[3], ec[9], dev[6], dev1[6] = {0}, dev2[6] = {0}, zmom = 0;

  PetscFunctionBeginUser;
  for (PetscInt r = 0; r < R; r++) {
    MckGenSampler     s;
    MckGenTarget      t;
    MckGenSamplerInfo info;
    MckRNG            rr;
    char              prefix[16], opts[512];
    PetscReal         logz;
    PetscBool         known;
    PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rr));
    PetscCall(MckRNGSetSeed(rr, 100 + r));
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "s%" PetscInt_FMT "_", r));
    PetscCall(PetscSNPrintf(
        opts, sizeof(opts),
        "-%sgen_type smc -%sgen_n 4000 -%sgen_steps 20 -%starget_components 4 -%starget_radius 2 -%starget_std 0.6 -%starget_log_z 0.7 -%ssmc_base_std 2.5 -%ssmc_step_size 0.1",
        prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix, prefix));
    PetscCall(Make(prefix, opts, rr, &s));
    PetscCall(MckGenSamplerSolve(s));
    PetscCall(MckGenSamplerGetInfo(s, &info));
    PetscCall(MckGenSamplerGetTarget(s, &t));
    PetscCall(MckGenTargetGetLogNormalizer(t, &logz, &known));
    PetscCall(MckGenTargetGetMoments(t, em, ec));
    PetscCall(Moments(s, m, c));
    dev[0] = m[0] - em[0], dev[1] = m[1] - em[1], dev[2] = c[0] - ec[0], dev[3] = c[1] - ec[1], dev[4] = c[3] - ec[3];
    for (PetscInt k = 0; k < 5; k++) dev1[k] += dev[k], dev2[k] += dev[k] * dev[k];
    z1 += PetscExpReal(info.log_z - logz);
    z2 += PetscExpReal(2 * (info.log_z - logz));
    PetscCall(MckGenSamplerDestroy(&s));
    PetscCall(MckRNGDestroy(&rr));
  }
  mean = z1 / R;
  se   = PetscSqrtReal(PetscMax(z2 / R - mean * mean, 0) / (R - 1));
  (void)PetscPrintf(PETSC_COMM_WORLD, "       Z / Z_exact over %" PetscInt_FMT " runs: %.5f +- %.5f\n", R, (double)mean,
                    (double)se);
  Check(PetscAbsReal(mean - 1) < 4 * se + 1e-12, "SMC: Z / Z_exact = 1 within 4 se (deviation in se)",
        (double)((mean - 1) / se));
  for (PetscInt k = 0; k < 5; k++) {
    const PetscReal dm = dev1[k] / R, sd = PetscSqrtReal(PetscMax(dev2[k] / R - dm * dm, 0) * R / (R - 1));
    zmom = PetscMax(zmom, PetscAbsReal(dm) / (sd / PetscSqrtReal(R)));
  }
  Check(
      zmom < 5,
      "SMC samples: mean and covariance over the runs within 5 se (between runs) of the target's (largest error in se)",
      (double)zmom);
  PetscFunctionReturn(0);
}

static PetscErrorCode GuidedCase(MckRNG rng, const char prefix[], const char options[], const char what[])
{
  MckGenSampler    s;
  MckGenTarget     t;
  MckModel         model;
  Mat              A;
  PetscInt         nobs;
  PetscInt64       N;
  const PetscReal *y;
  PetscReal        sy, a[2], m0[2], c0[4], P[4], Pi[4], det, rhs[2], mp[2], m[2], c[4], z;

  PetscFunctionBeginUser;
  char msg[256];

  PetscCall(Make(prefix, options, rng, &s));
  PetscCall(MckGenSamplerSolve(s));
  PetscCall(MckGenSamplerGetTarget(s, &t));
  PetscCall(MckGenTargetGetMoments(t, m0, c0));
  PetscCall(MckGenSamplerGuidedGetModel(s, &model));
  PetscCall(MckGenSamplerGuidedGetData(s, &nobs, &y, &sy));
  PetscCall(MckModelLinearGetMatrix(model, &A));
  {
    const PetscInt rows[1] = {0}, cols[2] = {0, 1};
    PetscCall(MatGetValues(A, 1, rows, 2, cols, a));
  }
  /* posterior precision P = C0^-1 + a a^T / sy^2, mean = P^-1 (C0^-1 m0 + a y / sy^2) */
  det    = c0[0] * c0[3] - c0[1] * c0[2];
  Pi[0]  = c0[3] / det + a[0] * a[0] / (sy * sy);
  Pi[1]  = -c0[1] / det + a[0] * a[1] / (sy * sy);
  Pi[2]  = -c0[2] / det + a[1] * a[0] / (sy * sy);
  Pi[3]  = c0[0] / det + a[1] * a[1] / (sy * sy);
  rhs[0] = (c0[3] * m0[0] - c0[1] * m0[1]) / det + a[0] * y[0] / (sy * sy);
  rhs[1] = (-c0[2] * m0[0] + c0[0] * m0[1]) / det + a[1] * y[0] / (sy * sy);
  det    = Pi[0] * Pi[3] - Pi[1] * Pi[2];
  P[0]   = Pi[3] / det;
  P[1]   = -Pi[1] / det;
  P[2]   = -Pi[2] / det;
  P[3]   = Pi[0] / det;
  mp[0]  = P[0] * rhs[0] + P[1] * rhs[1];
  mp[1]  = P[2] * rhs[0] + P[3] * rhs[1];
  PetscCall(Moments(s, m, c));
  PetscCall(MckGenSamplerGetSamples(s, &N, NULL, NULL, NULL, NULL));
  z = MomentErrorSE(2, (PetscReal)N, m, c, mp, P);
  (void)PetscPrintf(PETSC_COMM_WORLD,
                    "       posterior mean (%.4f, %.4f), guided (%.4f, %.4f); var (%.4f, %.4f), guided (%.4f, %.4f)\n",
                    (double)mp[0], (double)mp[1], (double)m[0], (double)m[1], (double)P[0], (double)P[3], (double)c[0],
                    (double)c[3]);
  PetscCall(PetscSNPrintf(msg, sizeof(msg),
                          "guided, %s: mean and covariance within 4 se of the exact posterior (largest error in se)",
                          what));
  Check(z < 4, msg, (double)z);
  PetscCall(MckGenSamplerDestroy(&s));
  PetscFunctionReturn(0);
}

/* The algorithm with the prior's exact flow and informative data (the posterior 4 prior standard
 * deviations away), then the learned prior with data inside the prior's bulk (a learned score is
 * accurate only where its training samples are). */
static PetscErrorCode TestGuided(MckRNG rng)
{
  const char *common =
      "-gen_type guided -gen_n 8000 -gen_steps 40 -gen_fit_samples 20000 -gen_fit_lambda 1e-8 -target_type gmm -target_gmm_layout random -target_components 1 -target_radius 1 -target_std 0.8 -diffusion_sampler ode -guided_obs 0.5 -guided_every 2";

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInsertString(NULL, "-model_type linear -linear_n 2 -linear_ndata 1"));
  PetscCall(PetscOptionsPrefixPush(NULL, "g1_"));
  PetscCall(PetscOptionsInsertString(NULL, common));
  PetscCall(PetscOptionsPrefixPop(NULL));
  PetscCall(
      GuidedCase(rng, "g1_", "-g1_gen_exact_drift -g1_guided_noise_std 0.05", "exact prior flow, sigma_y = 0.05"));
  PetscCall(PetscOptionsPrefixPush(NULL, "g2_"));
  PetscCall(PetscOptionsInsertString(NULL, common));
  PetscCall(PetscOptionsPrefixPop(NULL));
  PetscCall(GuidedCase(
      rng, "g2_",
      "-g2_gen_fit_rounds 4 -g2_guided_noise_std 0.3 -g2_features_type hermite -g2_features_hermite_degree 2 -g2_features_time_size 8",
      "learned VP prior, sigma_y = 0.3"));
  PetscFunctionReturn(0);
}

/* rank 0 writes the samples (global-id order) and log Z as hexadecimal bit patterns */
static PetscErrorCode WriteBits(MckGenSampler s, FILE *f)
{
  PetscInt64        N;
  PetscInt          d, n;
  PetscReal *const *x;
  MckGenSamplerInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerGetSamples(s, &N, &d, &n, NULL, &x));
  PetscCall(MckGenSamplerGetInfo(s, &info));
  PetscCall(MckTestWriteBits(PETSC_COMM_WORLD, f, N, n, d, x));
  if (f) {
    uint64_t bits;
    memcpy(&bits, &info.log_z, sizeof(bits));
    fprintf(f, "log_z %016llx\n", (unsigned long long)bits);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode TestBitwise(MckRNG rng, const char path[])
{
  const char *cases[][2] = {
      {"b1_",
       "-b1_gen_type interpolant -b1_gen_n 1000 -b1_gen_chunk_size 64 -b1_gen_steps 6 -b1_gen_fit_samples 3000 -b1_gen_fit_rounds 2 -b1_gen_fit_chunk 128 -b1_features_rff_n 16 -b1_interp_integrator sde_heun"},
      {"b2_",
       "-b2_gen_type diffusion -b2_gen_n 1000 -b2_gen_chunk_size 64 -b2_gen_steps 6 -b2_gen_fit_samples 3000 -b2_gen_fit_rounds 1 -b2_features_type fourier -b2_target_type moons -b2_diffusion_sampler reverse_sde"},
      {"b3_",
       "-b3_gen_type smc -b3_gen_n 1000 -b3_gen_chunk_size 64 -b3_gen_steps 8 -b3_resample_type stratified -b3_resample_ess_threshold 0.8"},
      {"b4_",
       "-b4_gen_type guided -b4_gen_n 1000 -b4_gen_chunk_size 64 -b4_gen_steps 6 -b4_gen_fit_samples 3000 -b4_gen_fit_rounds 1 -b4_features_type hermite -b4_features_hermite_degree 2 -b4_target_components 1 -b4_target_radius 1 -b4_target_std 0.8 -b4_guided_obs 0.3 -model_type linear -linear_n 2 -linear_ndata 1"},
  };
  PetscMPIInt rank;
  FILE       *f = NULL;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (!rank) {
    f = fopen(path, "w");
    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  }
  for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
    MckGenSampler s;
    PetscCall(Make(cases[k][0], cases[k][1], rng, &s));
    PetscCall(MckGenSamplerSolve(s));
    PetscCall(WriteBits(s, f));
    PetscCall(MckGenSamplerDestroy(&s));
  }
  if (f) fclose(f);
  (void)PetscPrintf(PETSC_COMM_WORLD, "wrote the bit patterns of 4 samplers to %s\n", path);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG rng;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_gen fit|exact|smc|guided|bitwise [FILE]");
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 2026));
  if (!strcmp(argv[1], "fit")) PetscCall(TestFit(rng));
  else if (!strcmp(argv[1], "exact")) PetscCall(TestExact(rng));
  else if (!strcmp(argv[1], "smc")) PetscCall(TestSMC());
  else if (!strcmp(argv[1], "guided")) PetscCall(TestGuided(rng));
  else if (!strcmp(argv[1], "bitwise")) PetscCall(TestBitwise(rng, argv[argc - 1]));
  else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "unknown case %s", argv[1]);
  PetscCall(McKeanOptionsCheckUnused(PETSC_COMM_WORLD));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return failures ? 1 : 0;
}
