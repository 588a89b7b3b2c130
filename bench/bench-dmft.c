static const char help[] =
    "bench-dmft: where the time of one self-consistency evaluation of the DMFT population solver goes\n"
    "(model scs, g = 2, tanh): Cholesky of the T x T covariance, field sampling (one GEMM per chunk),\n"
    "single-site integration, accumulation of the two-time Gram matrices (SYRK + exact fixed-point\n"
    "adds) and the reduction (one collective), from the PETSc log events of the dmft layer; the\n"
    "sampling's FLOP rate as a fraction of a square DGEMM timed in the same run on every rank at once\n"
    "(before and after the solve, the better of the two). Times are per map evaluation: the\n"
    "iterations' (C_phi only) and the final one (C_x and C_phi) averaged.\n"
    "Run it on 1 and 2 ranks for the speed-up (bench/run_dmft.sh). Prints one JSON object per line.\n"
    "  mpiexec -n 2 bench-dmft -bench_steps 2048 -bench_population 100000\n";

#include "benchutil.h"
#include <mckean/mckdmft.h>
#include <petscblaslapack.h>

/* Best-of-reps rate in GFLOP/s of C = A B for n x n matrices, all ranks at once. */
static PetscErrorCode DgemmRate(MPI_Comm comm, PetscInt n, PetscInt reps, double *gflops)
{
  PetscReal   *A, *B, *C, one = 1, zero = 0;
  PetscBLASInt bn;
  double       best = 1e300;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscMalloc3((size_t)n * n, &A, (size_t)n * n, &B, (size_t)n * n, &C));
  for (size_t k = 0; k < (size_t)n * n; k++) {
    A[k] = 1.0 / (1.0 + (double)(k % 97));
    B[k] = 1.0 / (2.0 + (double)(k % 89));
  }
  for (PetscInt r = 0; r < reps; r++) {
    double t0;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCallBLAS("BLASgemm", BLASgemm_("N", "N", &bn, &bn, &bn, &one, A, &bn, B, &bn, &zero, C, &bn));
    best = PetscMin(best, BenchWtimeMaxDelta(comm, t0));
  }
  bench_sink += C[n / 2];
  *gflops = 2.0 * n * (double)n * n / best / 1e9;
  PetscCall(PetscFree3(A, B, C));
  PetscFunctionReturn(0);
}

typedef struct {
  double time, flops; /* slowest rank's seconds; flops summed over ranks */
} Phase;

static PetscErrorCode GetPhase(MPI_Comm comm, PetscLogEvent e, Phase *p)
{
  PetscEventPerfInfo info;
  double             t, f;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventGetPerfInfo(0, e, &info));
  t = info.time;
  f = info.flops;
  PetscCallMPI(MPI_Allreduce(&t, &p->time, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&f, &p->flops, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm         comm;
  PetscInt         T = 2048, M = 100000, B = 1024, evals = 1, dgemm_n = 2048;
  PetscMPIInt      size;
  MckRNG           rng;
  MckDMFT          d;
  MckSeries        hist;
  PetscInt         nrows, ncols;
  const PetscReal *rows;
  double           t0, total, dgemm = 0;
  Phase            chol, sample, integ, accum, reduce, rngp;

  PetscFunctionBeginUser;
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscOptionsBegin(comm, NULL, "bench-dmft", NULL);
  PetscCall(MckOptionsInt("-bench_steps", "Time grid T", T, &T, NULL));
  PetscCall(MckOptionsInt("-bench_population", "Population M", M, &M, NULL));
  PetscCall(MckOptionsInt("-bench_chunk", "Paths per chunk (one GEMM each)", B, &B, NULL));
  PetscCall(MckOptionsInt("-bench_iterations",
                          "SNES iterations (each evaluates the map once, plus one initial evaluation)", evals, &evals,
                          NULL));
  PetscCall(MckOptionsInt("-bench_dgemm_n", "Size of the reference square DGEMM", dgemm_n, &dgemm_n, NULL));
  PetscOptionsEnd();
  PetscCall(BenchSetOptionInt("-dmft_steps", T));
  PetscCall(BenchSetOptionInt("-dmft_population", M));
  PetscCall(BenchSetOptionInt("-dmft_chunk", B));
  PetscCall(BenchSetOptionInt("-dmft_max_it", evals));
  PetscCall(BenchSetOption("-dmft_tol", "1e-300"));
  PetscCall(BenchSetOption("-dmft_g", "2"));
  PetscCall(BenchSetOptionReal("-dmft_dt", 20.0 / T));
  PetscCall(PetscLogDefaultBegin());
  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, 1));
  PetscCall(MckDMFTCreate(comm, &d));
  PetscCall(MckDMFTSetFromOptions(d));
  PetscCall(MckDMFTSetRNG(d, rng));
  PetscCall(MckDMFTSetUp(d));
  PetscCall(McKeanOptionsCheckUnused(comm)); /* a misspelt option must not benchmark something else */
  PetscCall(DgemmRate(comm, dgemm_n, 3, &dgemm));
  PetscCallMPI(MPI_Barrier(comm));
  t0 = MPI_Wtime();
  PetscCall(MckDMFTSolve(d));
  total = BenchWtimeMaxDelta(comm, t0);
  { /* the reference again after the solve: on a shared machine the better of the two is the capacity */
    double after = 0;
    PetscCall(DgemmRate(comm, dgemm_n, 3, &after));
    dgemm = PetscMax(dgemm, after);
  }
  PetscCall(MckDMFTGetHistory(d, &hist));
  PetscCall(MckSeriesGetRows(hist, &nrows, &ncols, &rows));
  PetscCall(GetPhase(comm, MCK_EVENT_DMFTCholesky, &chol));
  PetscCall(GetPhase(comm, MCK_EVENT_DMFTSample, &sample));
  PetscCall(GetPhase(comm, MCK_EVENT_DMFTIntegrate, &integ));
  PetscCall(GetPhase(comm, MCK_EVENT_DMFTAccumulate, &accum));
  PetscCall(GetPhase(comm, MCK_EVENT_DMFTReduce, &reduce));
  PetscCall(GetPhase(comm, MCK_EVENT_RngNormals, &rngp));
  {
    const double n = (double)nrows + 1, rate = sample.flops / size / sample.time / 1e9;
    PetscCall(BenchJSON(
        comm,
        "\"bench\":\"dmft\",\"ranks\":%d,\"T\":%" PetscInt_FMT ",\"population\":%" PetscInt_FMT
        ",\"chunk\":%" PetscInt_FMT ",\"evaluations\":%d,"
        "\"seconds_per_evaluation\":%.4g,\"cholesky_s\":%.4g,\"rng_s\":%.4g,\"sample_gemm_s\":%.4g,\"integrate_s\":%.4g,\"accumulate_syrk_s\":%.4g,\"reduce_s\":%.4g,"
        "\"sample_gflops_per_rank\":%.4g,\"dgemm_gflops_per_rank\":%.4g,\"sample_fraction_of_dgemm\":%.3f,\"accumulate_gflops_per_rank\":%.4g",
        size, T, M, B, (int)nrows, total / n, chol.time / n, rngp.time / n, sample.time / n, integ.time / n,
        accum.time / n, reduce.time / n, rate, dgemm, rate / dgemm, accum.flops / size / accum.time / 1e9));
  }
  PetscCall(MckDMFTDestroy(&d));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-dmft", help, Run); }
