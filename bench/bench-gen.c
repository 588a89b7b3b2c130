/* Benchmarks of the gen layer (bench/run_gen.sh runs them side by side with PyTorch):
 *
 *   fit       one fit round of the interpolant (random Fourier features x hat functions of t):
 *             the normal-equation accumulation's FLOP rate (DSYRK for F^T F, DGEMM for F^T Y:
 *             M p (p + 1) + 2 M p q flops over the time of the MckGenFitAccum event, which also
 *             holds the features, the exact MckStatsAdd and the one reduction) as a fraction of
 *             the DSYRK rate on the same chunk shape, measured in the same run;
 *   sample    the probability-flow ODE (Heun) of the fitted interpolant: samples per second per
 *             core for the whole trajectory (-bench_sample_steps steps);
 *   convergence  the relative L2 errors of the fitted velocity and denoiser against the exact ones
 *             (MckGenSamplerGetModelError, ring of 8 Gaussians) for -bench_conv_rff features at
 *             -bench_conv_samples training samples, and for -bench_conv_samples_sweep samples at
 *             the largest feature count: the convergence study behind docs/gen.md;
 *   resample  MckResampler (systematic) at N samples in 2D with SMC-like weights: seconds per
 *             resampling (weights, plan and one move), rows sent and bytes moved against the
 *             slots that changed rank.
 * Options: -bench_what fit,sample,resample,convergence -bench_n N -bench_fit_samples M -bench_rff m
 * -bench_time_size nt -bench_sample_steps K -bench_resample_n N1,N2 -bench_reps r.
 * One JSON line per result on rank 0, with the instruction set the build targets. */
#include <mckean/mckgensampler.h>
#include <petscblaslapack.h>
#include "benchutil.h"

static const char *ISA(void)
{
#if defined(__AVX512F__)
  return "avx512f";
#elif defined(__AVX2__)
  return "avx2";
#else
  return "baseline";
#endif
}

static PetscErrorCode SyrkRate(PetscInt n, PetscInt p, double *gflops)
{
  PetscReal   *F, *A;
  PetscBLASInt P = (PetscBLASInt)p, N = (PetscBLASInt)n;
  PetscReal    one = 1, zero = 0;
  double       best = 1e300;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2((size_t)n * p, &F, (size_t)p * p, &A));
  for (PetscInt i = 0; i < n * p; i++) F[i] = PetscSinReal(0.37 * i);
  for (int r = 0; r < 5; r++) {
    double t0 = MPI_Wtime();
    for (int k = 0; k < 4; k++) BLASsyrk_("U", "N", &P, &N, &one, F, &P, &zero, A, &P);
    best = PetscMin(best, (MPI_Wtime() - t0) / 4);
  }
  bench_sink += A[p + 1];
  *gflops = (double)n * p * (p + 1) / best / 1e9;
  PetscCall(PetscFree2(F, A));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeSampler(MPI_Comm comm, PetscInt64 N, PetscInt64 M, PetscInt m, PetscInt nt, PetscInt K,
                                  MckRNG rng, MckGenSampler *s)
{
  PetscFunctionBeginUser;
  PetscCall(BenchSetOption("-gen_type", "interpolant"));
  PetscCall(BenchSetOptionInt("-gen_n", N));
  PetscCall(BenchSetOptionInt("-gen_fit_samples", M));
  PetscCall(BenchSetOptionInt("-gen_fit_rounds", 1));
  PetscCall(BenchSetOptionInt("-gen_fit_chunk", 1024));
  PetscCall(BenchSetOptionInt("-gen_chunk_size", 512));
  PetscCall(BenchSetOptionInt("-gen_steps", K));
  PetscCall(BenchSetOptionInt("-features_rff_n", m));
  PetscCall(BenchSetOptionInt("-features_time_size", nt));
  PetscCall(BenchSetOption("-gen_fit_lambda", "1e-6"));
  PetscCall(MckGenSamplerCreate(comm, s));
  PetscCall(MckGenSamplerSetFromOptions(*s));
  PetscCall(MckGenSamplerSetRNG(*s, rng));
  PetscCall(MckGenSamplerSetUp(*s));
  PetscCall(McKeanOptionsCheckUnused(comm));
  PetscFunctionReturn(0);
}

static PetscErrorCode EventTime(const char name[], double *t)
{
  PetscLogEvent      ev;
  PetscEventPerfInfo info;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventGetId(name, &ev));
  PetscCall(PetscLogEventGetPerfInfo(0, ev, &info));
  *t = info.time;
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchFitAndSample(MPI_Comm comm, PetscInt64 N, PetscInt64 M, PetscInt m, PetscInt nt, PetscInt K,
                                        MckRNG rng)
{
  MckGenSampler s;
  PetscInt      p, px, d = 2, q = 4;
  PetscMPIInt   size;
  double        acc0, acc1, tacc, syrk = 0.0, t0, tsample, tfit;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MakeSampler(comm, N, M, m, nt, K, rng, &s));
  PetscCall(MckGenSamplerInitialize(s));
  PetscCall(EventTime("MckGenFitAccum", &acc0));
  PetscCallMPI(MPI_Barrier(comm));
  t0 = MPI_Wtime();
  PetscCall(MckGenSamplerStep(s)); /* the fit round */
  tfit = BenchWtimeMaxDelta(comm, t0);
  PetscCall(EventTime("MckGenFitAccum", &acc1));
  tacc = acc1 - acc0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &tacc, 1, MPI_DOUBLE, MPI_MAX, comm));
  p  = nt * (1 + d + m);
  px = 1 + d + m;
  PetscCall(SyrkRate(1024, p, &syrk));
  {
    const double flops = (double)M * p * (p + 1) + 2.0 * M * p * q, rate = flops / tacc / size / 1e9;
    PetscCall(BenchJSON(
        comm,
        "\"bench\": \"gen_fit\", \"isa\": \"%s\", \"ranks\": %d, \"samples\": %" PetscInt64_FMT
        ", \"features\": %" PetscInt_FMT
        ", \"seconds_round\": %.4f, \"seconds_accumulate\": %.4f, \"gflops_per_rank\": %.2f, \"syrk_gflops\": %.2f, \"fraction_of_syrk\": %.3f",
        ISA(), size, M, p, tfit, tacc, rate, syrk, rate / syrk));
  }
  (void)px;
  PetscCallMPI(MPI_Barrier(comm));
  t0 = MPI_Wtime();
  for (PetscInt k = 0; k < K; k++) PetscCall(MckGenSamplerStep(s));
  tsample = BenchWtimeMaxDelta(comm, t0);
  PetscCall(BenchJSON(comm,
                      "\"bench\": \"gen_sample\", \"isa\": \"%s\", \"ranks\": %d, \"n\": %" PetscInt64_FMT
                      ", \"space_features\": %" PetscInt_FMT ", \"time_functions\": %" PetscInt_FMT
                      ", \"steps\": %" PetscInt_FMT
                      ", \"integrator\": \"heun\", \"seconds\": %.4f, \"samples_per_s_per_core\": %.1f",
                      ISA(), size, N, px, nt, K, tsample, (double)N / tsample / size));
  PetscCall(MckGenSamplerDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode ConvergencePoint(MPI_Comm comm, PetscInt m, PetscInt nt, PetscInt64 M, MckRNG rng)
{
  MckGenSampler s;
  PetscReal     ev, ee;
  PetscInt      p;

  PetscFunctionBeginUser;
  PetscCall(MakeSampler(comm, 64, M, m, nt, 1, rng, &s));
  PetscCall(MckGenSamplerInitialize(s));
  PetscCall(MckGenSamplerStep(s));
  PetscCall(MckGenSamplerGetModelError(s, 16384, &ev, &ee));
  p = nt * (3 + m);
  PetscCall(BenchJSON(comm,
                      "\"bench\": \"gen_convergence\", \"rff\": %" PetscInt_FMT ", \"features\": %" PetscInt_FMT
                      ", \"samples\": %" PetscInt64_FMT ", \"velocity_error\": %.5f, \"denoiser_error\": %.5f",
                      m, p, M, (double)ev, (double)ee));
  PetscCall(MckGenSamplerDestroy(&s));
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchResample(MPI_Comm comm, PetscInt64 N, PetscInt reps, MckRNG rng)
{
  MckResampler r;
  PetscInt64   gstart, rows, moved;
  PetscInt     nlocal, nch;
  PetscReal   *x[2], *logw, *out[1];
  PetscMPIInt  size;
  double       best = 1e300;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MckStatsChunkOwnership(comm, N, 256, &gstart, &nlocal, &nch));
  PetscCall(PetscMalloc3(nlocal + 1, &x[0], nlocal + 1, &x[1], nlocal + 1, &logw));
  out[0] = x[0];
  PetscCall(MckRNGNormals(rng, gstart, nlocal, 0, 0, 1, out));
  out[0] = x[1];
  PetscCall(MckRNGNormals(rng, gstart, nlocal, 0, 1, 1, out));
  PetscCall(MckResamplerCreate(comm, &r));
  PetscCall(MckResamplerSetRNG(r, rng));
  PetscCall(MckResamplerSetLayout(r, nlocal));
  for (PetscInt rep = 0; rep < reps; rep++) {
    double t0;
    /* weights of a tempering step: a smooth function of the position, ESS about N/3 */
    for (PetscInt i = 0; i < nlocal; i++) logw[i] = -0.5 * (x[0][i] - 0.5) * (x[0][i] - 0.5) - 0.5 * x[1][i] * x[1][i];
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCall(MckResamplerSetWeights(r, logw));
    PetscCall(MckResamplerResample(r, rep, NULL));
    PetscCall(MckResamplerMoveSoA(r, 2, x));
    best = PetscMin(best, BenchWtimeMaxDelta(comm, t0));
    for (PetscInt i = 0; i < nlocal; i++)
      x[0][i] += 0.1 * PetscSinReal((PetscReal)(gstart + i)); /* a move, keyed by slot */
  }
  PetscCall(MckResamplerGetTraffic(r, &rows, &moved));
  PetscCall(BenchJSON(comm,
                      "\"bench\": \"gen_resample\", \"isa\": \"%s\", \"ranks\": %d, \"n\": %" PetscInt64_FMT
                      ", \"scheme\": \"systematic\", \"seconds_best\": %.4f, \"rows_sent\": %" PetscInt64_FMT
                      ", \"slots_changed_rank\": %" PetscInt64_FMT ", \"bytes_moved\": %" PetscInt64_FMT
                      ", \"bytes_per_changed_slot\": %.2f",
                      ISA(), size, N, best, rows, moved,
                      rows * (PetscInt64)(2 * sizeof(PetscReal) + 3 * sizeof(PetscInt64)),
                      moved ? (double)(rows * (2 * sizeof(PetscReal) + 3 * sizeof(PetscInt64))) / moved : 0.0));
  PetscCall(MckResamplerDestroy(&r));
  PetscCall(PetscFree3(x[0], x[1], logw));
  PetscFunctionReturn(0);
}

static PetscErrorCode Bench(void)
{
  MPI_Comm  comm = PETSC_COMM_WORLD;
  PetscInt  n = 100000, M = 200000, m = 256, nt = 8, K = 20, reps = 3, nres = 2;
  PetscInt  rn[2] = {1000000, 10000000};
  char     *what[3];
  PetscInt  nwhat = 3;
  PetscBool set, cset, mset, do_model = PETSC_FALSE, do_resample = PETSC_FALSE, do_conv = PETSC_FALSE;
  PetscInt  crff[8] = {8, 16, 32, 64, 128}, ncrff = 8, cM[8] = {10000, 30000, 100000, 300000}, ncM = 8, cMfix = 200000;
  MckRNG    rng;

  PetscFunctionBeginUser;
  PetscCall(PetscLogDefaultBegin());
  PetscOptionsBegin(comm, NULL, "bench-gen options", NULL);
  PetscCall(MckOptionsStringArray("-bench_what", "fit,sample,resample", what, &nwhat, &set));
  PetscCall(MckOptionsInt("-bench_n", "Samples of the sampling benchmark", n, &n, NULL));
  PetscCall(MckOptionsInt("-bench_fit_samples", "Training samples of the fit round", M, &M, NULL));
  PetscCall(MckOptionsInt("-bench_rff", "Random Fourier features", m, &m, NULL));
  PetscCall(MckOptionsInt("-bench_time_size", "Time functions", nt, &nt, NULL));
  PetscCall(MckOptionsInt("-bench_sample_steps", "Heun steps of the sampling benchmark", K, &K, NULL));
  PetscCall(MckOptionsIntArray("-bench_resample_n", "Sample sizes of the resampling benchmark", rn, &nres, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Repetitions of the resampling benchmark", reps, &reps, NULL));
  PetscCall(
      MckOptionsIntArray("-bench_conv_rff", "Random Fourier features of the convergence study", crff, &ncrff, &cset));
  PetscCall(MckOptionsInt("-bench_conv_samples", "Training samples of the feature sweep", cMfix, &cMfix, NULL));
  PetscCall(MckOptionsIntArray("-bench_conv_samples_sweep",
                               "Training samples of the sample sweep (largest feature count)", cM, &ncM, &mset));
  if (!cset) ncrff = 5;
  if (!mset) ncM = 4;
  PetscOptionsEnd();
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, 11));
  if (!set) nwhat = 0;
  for (PetscInt w = 0; w < nwhat; w++) {
    PetscBool f, s, r, c;
    PetscCall(PetscStrcmp(what[w], "fit", &f));
    PetscCall(PetscStrcmp(what[w], "sample", &s));
    PetscCall(PetscStrcmp(what[w], "resample", &r));
    PetscCall(PetscStrcmp(what[w], "convergence", &c));
    PetscCheck(f || s || r || c, comm, PETSC_ERR_USER_INPUT,
               "-bench_what %s: allowed fit, sample, resample, convergence", what[w]);
    do_conv     = (PetscBool)(do_conv || c);
    do_model    = (PetscBool)(do_model || f || s);
    do_resample = (PetscBool)(do_resample || r);
    PetscCall(PetscFree(what[w]));
  }
  if (!set) do_model = do_resample = PETSC_TRUE;
  if (do_model) PetscCall(BenchFitAndSample(comm, n, M, m, nt, K, rng)); /* one run measures both */
  if (do_resample)
    for (PetscInt k = 0; k < nres; k++) PetscCall(BenchResample(comm, rn[k], reps, rng));
  if (do_conv) {
    for (PetscInt k = 0; k < ncrff; k++) PetscCall(ConvergencePoint(comm, crff[k], nt, cMfix, rng));
    for (PetscInt k = 0; k < ncM; k++) PetscCall(ConvergencePoint(comm, crff[ncrff - 1], nt, cM[k], rng));
  }
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return BenchMain(&argc, &argv, "bench-gen", "bench-gen: fit, sampling, resampling and convergence of the gen layer",
                   Bench);
}
