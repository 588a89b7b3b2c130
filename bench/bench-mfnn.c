/* bench-mfnn: neuron-updates per second per core of mean-field Langevin training (MckMFNetStep,
 * -mfnet_dynamics mfld, tanh, full batch, tau > 0), and the fraction of the DGEMM FLOP rate it
 * reaches, measured in the same run.
 *
 * Workload (defaults): N = 10^4 neurons, d = 100, P = 1000 samples, alpha = 1, dt = 0.1,
 * tau = 1e-4, lambda = 1e-4. A step does two GEMMs per chunk of B neurons (pre-activations
 * Z = [W b][X 1]^T and the feature gradient Delta [X 1]), i.e. 4 N P (d + 1) flops, plus the
 * elementwise work (tanh and its derivative, the partial sums, the residual products, the noise).
 * Lines printed (JSON):
 *   dgemm       a square DGEMM of -bench_gemm_n on every rank at once: GFLOP/s per rank (best)
 *   dgemm_chunk the step's own GEMM shape (B x P x (d+1)) in a loop: GFLOP/s per rank (best)
 *   tanh        libm tanh and MckActivationTanh (+ derivative) over N P / ranks elements: ns per
 *               element, and the share of a (measured, MckActivationTanh) step they would take
 *   mfnn        neuron_updates_per_s_per_core, gemm_flops_per_s_per_core, fraction_of_dgemm
 * Only MckMFNetStep is timed (after warm-up steps); best and median of -bench_reps. Wall time, or
 * with -bench_cpu_time each rank's CPU time (all timings, the DGEMM references included). */
#include "benchutil.h"
#include <mckean/mckmfnet.h>
#include <mckean/mckactivation.h>
#include <cblas.h>
#include <math.h>

typedef struct {
  PetscInt  N, d, P, B, warmup, reps, steps, gemm_n;
  PetscReal dt, tau;
} BenchMFNNOptions;

static PetscErrorCode GetOptions(BenchMFNNOptions *o)
{
  PetscFunctionBeginUser;
  *o = (BenchMFNNOptions){.N      = 10000,
                          .d      = 100,
                          .P      = 1000,
                          .B      = 64,
                          .warmup = 2,
                          .reps   = 5,
                          .steps  = 5,
                          .gemm_n = 1000,
                          .dt     = 0.1,
                          .tau    = 1e-4};
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-mfnn options", NULL);
  PetscCall(MckOptionsInt("-bench_n", "Neurons N", o->N, &o->N, NULL));
  PetscCall(MckOptionsInt("-bench_dim", "Input dimension d", o->d, &o->d, NULL));
  PetscCall(MckOptionsInt("-bench_batch", "Samples P", o->P, &o->P, NULL));
  PetscCall(MckOptionsInt("-bench_chunk_size", "Neurons per chunk (-mfnet_chunk_size)", o->B, &o->B, NULL));
  PetscCall(MckOptionsInt("-bench_warmup", "Untimed steps before timing", o->warmup, &o->warmup, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions (best and median reported)", o->reps, &o->reps, NULL));
  PetscCall(MckOptionsInt("-bench_steps", "Steps per timed repetition", o->steps, &o->steps, NULL));
  PetscCall(MckOptionsInt("-bench_gemm_n", "Size of the square reference DGEMM", o->gemm_n, &o->gemm_n, NULL));
  PetscCall(MckOptionsReal("-bench_dt", "Time step", o->dt, &o->dt, NULL));
  PetscCall(MckOptionsReal("-bench_temperature", "Temperature tau", o->tau, &o->tau, NULL));
  PetscCall(BenchOptionsClock(PetscOptionsObject));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/* Best GFLOP/s per rank of C = A B (m x k times k x n), all ranks at once. */
static PetscErrorCode TimeGemm(PetscInt m, PetscInt n, PetscInt k, PetscInt loops, PetscInt reps, double *gflops)
{
  double *A, *Bm, *C, best = 1e300;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3((size_t)m * k, &A, (size_t)k * n, &Bm, (size_t)m * n, &C));
  for (size_t i = 0; i < (size_t)m * k; i++) A[i] = 1.0 / (1.0 + (double)(i % 7));
  for (size_t i = 0; i < (size_t)k * n; i++) Bm[i] = 1.0 / (1.0 + (double)(i % 5));
  for (PetscInt r = 0; r < reps + 1; r++) {
    double t0;
    PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
    t0 = BenchNow();
    for (PetscInt l = 0; l < loops; l++)
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, A, k, Bm, k, 0.0, C, n);
    if (r) best = PetscMin(best, BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0)); /* the first is warm-up */
    else (void)BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0);
  }
  bench_sink += C[0];
  *gflops = 2.0 * m * n * k * loops / best * 1e-9;
  PetscCall(PetscFree3(A, Bm, C));
  PetscFunctionReturn(0);
}

/* ns per element of the activation's inner loop (s = tanh(z), ds = 1 - s^2) with libm tanh
 * (what the library used before) and with MckActivationTanh (what it uses), best of 3 each, applied as
 * the step applies it: one chunk of B x P pre-activations at a time, in cache, nchunks times. */
static PetscErrorCode TimeTanh(size_t chunk, size_t nchunks, double *ns_libm, double *ns_mck)
{
  double *z, *s, *ds, best[2] = {1e300, 1e300};

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3(chunk, &z, chunk, &s, chunk, &ds));
  for (size_t i = 0; i < chunk; i++) z[i] = -3.0 + 6.0 * (double)(i % 1000) / 1000.0;
  for (int r = 0; r < 6; r++) {
    double t0 = BenchNow();
    for (size_t c = 0; c < nchunks; c++) {
      if (r % 2 == 0)
        for (size_t i = 0; i < chunk; i++) s[i] = tanh(z[i]);
      else MckActivationTanh((PetscInt)chunk, z, s);
      for (size_t i = 0; i < chunk; i++) ds[i] = 1.0 - s[i] * s[i];
      bench_sink += ds[c % chunk];
    }
    best[r % 2] = PetscMin(best[r % 2], BenchNow() - t0);
  }
  bench_sink += s[chunk / 2];
  *ns_libm = best[0] / (double)(chunk * nchunks) * 1e9;
  *ns_mck  = best[1] / (double)(chunk * nchunks) * 1e9;
  PetscCall(PetscFree3(z, s, ds));
  PetscFunctionReturn(0);
}

static PetscErrorCode Step(void *net)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetStep((MckMFNet)net));
  PetscFunctionReturn(0);
}

static PetscErrorCode TimeSteps(const BenchMFNNOptions *o, double *best, double *median)
{
  MckMFNet net;
  double  *t;

  PetscFunctionBeginUser;
  PetscCall(BenchSetOptionInt("-mfnet_n", o->N));
  PetscCall(BenchSetOptionInt("-mfnet_dim", o->d));
  PetscCall(BenchSetOptionInt("-mfnet_batch", o->P));
  PetscCall(BenchSetOptionInt("-mfnet_chunk_size", o->B));
  PetscCall(BenchSetOption("-mfnet_dynamics", "mfld"));
  PetscCall(BenchSetOption("-mfnet_activation", "tanh"));
  PetscCall(BenchSetOptionReal("-mfnet_dt", o->dt));
  PetscCall(BenchSetOptionReal("-mfnet_temperature", o->tau));
  PetscCall(BenchSetOptionReal("-mfnet_lambda", 1e-4));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetSetUp(net));
  for (PetscInt s = 0; s < o->warmup; s++) PetscCall(MckMFNetStep(net));
  PetscCall(PetscMalloc1(o->reps, &t));
  for (PetscInt r = 0; r < o->reps; r++) PetscCall(BenchTimeCalls(PETSC_COMM_WORLD, o->steps, Step, net, &t[r]));
  BenchSortTimes(t, o->reps);
  *best   = t[0];
  *median = t[o->reps / 2];
  PetscCall(PetscFree(t));
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  BenchMFNNOptions o;
  PetscMPIInt      size;
  double           peak = 0, chunk = 0, libm_ns = 0, mck_ns = 0, best = 1, median = 1, flops, per_core;

  PetscFunctionBeginUser;
  PetscCall(GetOptions(&o));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(TimeGemm(o.gemm_n, o.gemm_n, o.gemm_n, 1, 3, &peak));
  PetscCall(BenchJSON(PETSC_COMM_WORLD, "\"bench\": \"dgemm\", \"ranks\": %d, \"n\": %d, \"gflops_per_rank\": %.3f",
                      size, (int)o.gemm_n, peak));
  PetscCall(TimeGemm(o.B, o.P, o.d + 1, (o.N / size + o.B - 1) / o.B, 3, &chunk));
  PetscCall(
      BenchJSON(PETSC_COMM_WORLD,
                "\"bench\": \"dgemm_chunk\", \"ranks\": %d, \"m\": %d, \"n\": %d, \"k\": %d, \"gflops_per_rank\": %.3f",
                size, (int)o.B, (int)o.P, (int)o.d + 1, chunk));
  PetscCall(TimeSteps(&o, &best, &median));
  PetscCall(TimeTanh((size_t)o.B * o.P, (size_t)((o.N / size + o.B - 1) / o.B), &libm_ns, &mck_ns));
  flops    = 4.0 * o.N * o.P * (o.d + 1);
  per_core = (double)o.N / best / size;
  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"tanh\", \"ranks\": %d, \"libm_ns_per_element\": %.3f, \"mck_ns_per_element\": %.3f, \"libm_share_of_step\": %.3f, \"mck_share_of_step\": %.3f",
      size, libm_ns, mck_ns, libm_ns * 1e-9 * o.N * o.P / size / best, mck_ns * 1e-9 * o.N * o.P / size / best));
  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"mfnn\", \"clock\": \"%s\", \"ranks\": %d, \"N\": %d, \"d\": %d, \"P\": %d, \"seconds_per_step_best\": %.5f, \"seconds_per_step_median\": %.5f, \"neuron_updates_per_s_per_core\": %.4g, \"gemm_gflops_per_s_per_core\": %.3f, \"fraction_of_dgemm\": %.3f",
      bench_clock_cpu ? "cpu" : "wall", size, (int)o.N, (int)o.d, (int)o.P, best, median, per_core,
      flops / best / size * 1e-9, flops / best / size * 1e-9 / peak));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-mfnn", NULL, Run); }
