static const char help[] =
    "bench-pspin: time of the spherical p-spin (Cugliandolo-Kurchan) solve against its flop and byte model and the triad bandwidth.\n"
    "Usage: mpiexec -n P bench-pspin [-bench_steps 500,1000,2000] [-bench_reps 2]\n";

/* One JSON line per grid size n: the solve's wall time (slowest rank, best of -bench_reps),
 * the model's flops 8 sum_{i<n} (i+1)^2 ~ 8 n^3 / 3 (two evaluations per step, a multiply and
 * an add for each of two sums per (row, earlier time) pair) and bytes 32 n^3 / 3 (each
 * evaluation streams C and R up to the current row: 16 bytes per pair), the achieved GFLOP/s
 * and GB/s, and the fraction of the triad bandwidth measured in the same run. */
#include <mckean/mckpspin.h>
#include "benchutil.h"

static PetscErrorCode TimeSolve(MPI_Comm comm, PetscInt n, PetscInt reps, double *best)
{
  PetscFunctionBeginUser;
  *best = 1e300;
  for (PetscInt r = 0; r < reps; r++) {
    MckDMFT ps;
    double  t0, dt;
    PetscCall(BenchSetOptionInt("-pspin_steps", n));
    PetscCall(BenchSetOptionReal("-pspin_tmax", 0.05 * n));
    PetscCall(BenchSetOptionReal("-pspin_temperature", 0.5));
    PetscCall(MckDMFTCreate(comm, &ps));
    PetscCall(MckDMFTSetType(ps, MCKDMFT_PSPIN));
    PetscCall(MckDMFTSetFromOptions(ps));
    PetscCall(MckDMFTSetUp(ps));
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCall(MckDMFTSolve(ps));
    dt = BenchWtimeMaxDelta(comm, t0);
    if (dt < *best) *best = dt;
    PetscCall(MckDMFTDestroy(&ps));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm         comm;
  PetscInt         steps[16] = {500, 1000, 2000}, nsteps = 3, reps = 2;
  PetscMPIInt      size;
  BenchTriadResult triad;

  PetscFunctionBeginUser;
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscOptionsBegin(comm, NULL, "bench-pspin options", NULL);
  PetscCall(MckOptionsIntArray("-bench_steps", "Grid sizes n (steps) to time", steps, &nsteps, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Repetitions per size (best is reported)", reps, &reps, NULL));
  PetscOptionsEnd();
  PetscCall(BenchTriad(comm, (size_t)1 << 24, 10, &triad));
  for (PetscInt k = 0; k < nsteps; k++) {
    const double n = (double)steps[k];
    double       t, flops = 0, bytes;
    for (double i = 1; i <= n; i++) flops += 8 * i * i;
    bytes = 4 * flops;
    PetscCall(TimeSolve(comm, steps[k], reps, &t));
    PetscCall(BenchJSON(
        comm,
        "\"bench\": \"pspin\", \"ranks\": %d, \"steps\": %d, \"seconds\": %.4f, \"matrix_MB\": %.1f, \"gflops\": %.3f, \"GBps\": %.3f, \"triad_GBps\": %.3f, \"fraction_of_triad\": %.3f",
        size, (int)steps[k], t, 16 * (n + 1) * (n + 1) / 1e6, flops / t / 1e9, bytes / t / 1e9, triad.aggregate_GBps,
        bytes / t / 1e9 / triad.aggregate_GBps));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-pspin", help, Run); }
