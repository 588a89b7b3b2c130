static const char help[] =
    "bench-allreduce: time of one MPI_Allreduce (int64 sums) against message size on the ranks it runs on.\n"
    "Prints one JSON object per size. Typical use: mpiexec -n 4 bench-allreduce -bench_bytes 8,256,4096,65536\n"
    "scripts/scaling fits the collective latency alpha and bandwidth term beta of its model from these lines.\n";

/* The summary statistics of a step are combined by one MPI_Allreduce of s bytes (exact integer
 * sums); its cost is what the rank count adds to a step. Measured here directly: after a warm-up,
 * repetitions of -bench_calls back-to-back calls, the slowest rank's time of a repetition divided
 * by the calls, the best (least disturbed) repetition reported. */
#include "benchutil.h"

#define MAX_SIZES 32

static PetscErrorCode TimeAllreduce(MPI_Comm comm, PetscInt bytes, PetscInt calls, PetscInt reps, double *best)
{
  PetscInt64 *buf;
  PetscInt    n = PetscMax(1, bytes / (PetscInt)sizeof(PetscInt64));

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc1(n, &buf));
  *best = 1e300;
  for (PetscInt rep = -1; rep < reps; rep++) { /* rep -1: warm-up */
    double t0, dt;

    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    for (PetscInt c = 0; c < calls; c++)
      PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPIU_INT64, MPI_SUM, comm));
    dt = BenchWtimeMaxDelta(comm, t0) / (double)calls;
    if (rep >= 0 && dt < *best) *best = dt;
  }
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm    comm             = PETSC_COMM_WORLD;
  PetscInt    sizes[MAX_SIZES] = {8, 64, 512, 4096, 32768}, nsizes = MAX_SIZES, calls = 200, reps = 5;
  PetscMPIInt size;
  PetscBool   set;

  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, NULL, "bench-allreduce options", NULL);
  PetscCall(
      MckOptionsIntArray("-bench_bytes", "Message sizes in bytes (rounded down to whole int64)", sizes, &nsizes, &set));
  PetscCall(MckOptionsInt("-bench_calls", "Back-to-back calls per timed repetition", calls, &calls, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions (the best is reported)", reps, &reps, NULL));
  PetscOptionsEnd();
  if (!set) nsizes = 5; /* the defaults above */
  PetscCheck(calls > 0 && reps > 0, comm, PETSC_ERR_USER_INPUT,
             "-bench_calls %" PetscInt_FMT " -bench_reps %" PetscInt_FMT ": both must be positive", calls, reps);
  PetscCall(McKeanOptionsCheckUnused(comm));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  for (PetscInt i = 0; i < nsizes; i++) {
    double   best  = 0;
    PetscInt bytes = PetscMax(1, sizes[i] / (PetscInt)sizeof(PetscInt64)) * (PetscInt)sizeof(PetscInt64);

    PetscCall(TimeAllreduce(comm, bytes, calls, reps, &best));
    PetscCall(BenchJSON(comm,
                        "\"bench\": \"allreduce\", \"ranks\": %d, \"bytes\": %" PetscInt_FMT
                        ", \"seconds_per_call\": %.6e, \"calls\": %" PetscInt_FMT ", \"reps\": %" PetscInt_FMT,
                        size, bytes, best, calls, reps));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-allreduce", help, Run); }
