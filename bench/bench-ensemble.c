/* Ensemble analysis cost (bench/run_ensemble.sh runs the parts on 1 and 2 ranks):
 *   letkf   seconds per LETKF analysis against the state size n (Lorenz-96-like ring, every
 *           component observed, Gaspari-Cohn half-width 4), fixed J
 *   size    seconds per ETKF analysis against the ensemble size J, fixed n
 *   dense   seconds per ETKF analysis with the ensemble-space eigenproblem on LAPACK and on
 *           ScaLAPACK (-ens_scalapack_threshold below or above J), for the crossover
 * An analysis here is MckEnsembleAnalyze: statistics (one reduction), the J x J algebra, the
 * transform of the ensemble, and the move of the members back to their ranks. Members are
 * random draws (the cost does not depend on the values). Output: one JSON object per line. */
#include <mckean/mckensemble.h>
#include "benchutil.h"
#include <sys/resource.h>

/* User CPU seconds of this process: on a shared, oversubscribed machine the wall time of a rank
 * includes the time it waits for a core; the CPU time does not (MPI polling aside). */
static double CPUSeconds(void)
{
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + 1e-6 * u.ru_utime.tv_usec;
}

static PetscErrorCode TimeAnalysis(MPI_Comm comm, const char type[], PetscInt n, PetscInt J, PetscInt threshold,
                                   PetscInt reps, double *best, double *cpu)
{
  MckEnsemble ens;
  PetscInt   *idx;
  PetscReal  *y, *r;

  PetscFunctionBeginUser;
  PetscCall(BenchSetOption("-ens_analysis", type));
  PetscCall(BenchSetOptionInt("-ens_size", J));
  PetscCall(BenchSetOptionInt("-ens_scalapack_threshold", threshold));
  PetscCall(BenchSetOption("-ens_loc_radius", "4"));
  PetscCall(BenchSetOption("-ens_inflation", "1.02"));
  PetscCall(BenchSetOption("-ens_chunk", "256"));
  PetscCall(MckEnsembleCreate(comm, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, n, 0));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, NULL, 1.0));
  PetscCall(PetscMalloc3(n, &idx, n, &y, n, &r));
  for (PetscInt i = 0; i < n; i++) {
    idx[i] = i;
    y[i]   = 0.5;
    r[i]   = 1.0;
  }
  PetscCall(MckEnsembleSetObservations(ens, n, idx, y, r));
  PetscCall(MckEnsembleAnalyze(ens)); /* warm-up */
  *best = *cpu = 1e300;
  for (PetscInt k = 0; k < reps; k++) {
    double t0, c0, c;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    c0 = CPUSeconds();
    PetscCall(MckEnsembleAnalyze(ens));
    c = CPUSeconds() - c0;
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &c, 1, MPI_DOUBLE, MPI_MAX, comm));
    *best = PetscMin(*best, BenchWtimeMaxDelta(comm, t0));
    *cpu  = PetscMin(*cpu, c);
  }
  PetscCall(PetscFree3(idx, y, r));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm comm;
  char     part[16] = "letkf";
  PetscInt ns[16] = {1000, 10000, 100000, 1000000}, Js[16] = {10, 20, 40, 80, 160, 320}, nn = 16, nJ = 16, reps = 3,
           n = 1000, J = 10;
  PetscBool   setn, setJ;
  PetscMPIInt size;
  double      t, t2, c, c2;

  PetscFunctionBeginUser;
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscOptionsBegin(comm, NULL, "bench-ensemble", NULL);
  PetscCall(MckOptionsString("-bench_part", "letkf, size or dense", part, part, sizeof(part), NULL));
  PetscCall(MckOptionsIntArray("-bench_n", "State sizes (letkf)", ns, &nn, &setn));
  PetscCall(MckOptionsIntArray("-bench_J", "Ensemble sizes (size, dense)", Js, &nJ, &setJ));
  PetscCall(MckOptionsInt("-bench_fixed_n", "State size of the size and dense parts", n, &n, NULL));
  PetscCall(MckOptionsInt("-bench_fixed_J", "Ensemble size of the letkf part", J, &J, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Repetitions (best is reported)", reps, &reps, NULL));
  PetscOptionsEnd();
  if (!setn) nn = 4;
  if (!setJ) nJ = 6;
  if (!strcmp(part, "letkf")) {
    for (PetscInt k = 0; k < nn; k++) {
      PetscCall(TimeAnalysis(comm, "letkf", ns[k], J, 1 << 30, reps, &t, &c));
      PetscCall(
          BenchJSON(comm,
                    "\"bench\": \"letkf\", \"ranks\": %d, \"n\": %" PetscInt_FMT ", \"J\": %" PetscInt_FMT
                    ", \"seconds_per_analysis\": %.4e, \"max_rank_cpu_seconds\": %.4e, \"cpu_ns_per_component\": %.1f",
                    size, ns[k], J, t, c, 1e9 * c * size / ns[k]));
    }
  } else if (!strcmp(part, "size")) {
    for (PetscInt k = 0; k < nJ; k++) {
      PetscCall(TimeAnalysis(comm, "etkf", n, Js[k], 1 << 30, reps, &t, &c));
      PetscCall(BenchJSON(comm,
                          "\"bench\": \"etkf_size\", \"ranks\": %d, \"n\": %" PetscInt_FMT ", \"J\": %" PetscInt_FMT
                          ", \"seconds_per_analysis\": %.4e, \"max_rank_cpu_seconds\": %.4e",
                          size, n, Js[k], t, c));
    }
  } else if (!strcmp(part, "dense")) {
    for (PetscInt k = 0; k < nJ; k++) {
      PetscCall(TimeAnalysis(comm, "etkf", n, Js[k], 1 << 30, reps, &t, &c));
      PetscCall(TimeAnalysis(comm, "etkf", n, Js[k], 1, reps, &t2, &c2));
      PetscCall(BenchJSON(
          comm,
          "\"bench\": \"dense\", \"ranks\": %d, \"n\": %" PetscInt_FMT ", \"J\": %" PetscInt_FMT
          ", \"lapack_seconds\": %.4e, \"scalapack_seconds\": %.4e, \"scalapack_over_lapack\": %.3f, \"lapack_cpu\": %.4e, \"scalapack_cpu\": %.4e",
          size, n, Js[k], t, t2, t2 / t, c, c2));
    }
  } else SETERRQ(comm, PETSC_ERR_USER_INPUT, "-bench_part %s: choose letkf, size or dense", part);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return BenchMain(&argc, &argv, "bench-ensemble", "bench-ensemble: ensemble analysis cost", Run);
}
