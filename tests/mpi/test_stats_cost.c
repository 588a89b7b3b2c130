/* Cost of MckStats next to the naive alternative, and a check that many reductions of known
 * values stay exact. Timings are printed (information for the performance notes), never
 * asserted; the assertions are on the sums.
 *   - MckStatsAdd: ns per component, for 1, 8 and 64 components per call;
 *   - MckStatsReduce of 1000 components against MPI_Allreduce(MPI_SUM) of 1000 doubles. */
#include <mckean/mckstats.h>

#define NVAL 4096

static double values[NVAL];

/* Multiples of 2^-10 below 2^9 in magnitude: every sum of up to 2^30 of them is exact in double
 * as well, so the expected totals are known exactly. */
static void MakeValues(void)
{
  uint64_t z = 12345;
  for (int i = 0; i < NVAL; i++) {
    z         = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    values[i] = ldexp((double)(int64_t)(z >> 44) - 0x1p19, -10);
  }
}

/* Timings are the best of TRIALS repetitions: the machine running the tests is shared. */
#define TRIALS 5

static PetscErrorCode TimeAdd(MPI_Comm comm, PetscInt ncomp, PetscInt calls, PetscBool *ok)
{
  MckStats         s;
  const PetscReal *sums;
  double           best = PETSC_MAX_REAL, expect0 = 0;
  PetscMPIInt      size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MckStatsCreate(comm, &s));
  PetscCall(MckStatsRegister(s, "timed", ncomp, NULL));
  PetscCall(MckStatsSetUp(s));
  for (int trial = 0; trial < TRIALS; trial++) {
    double t0;
    PetscCall(MckStatsZero(s));
    t0 = MPI_Wtime();
    for (PetscInt k = 0; k < calls; k++) PetscCall(MckStatsAdd(s, 0, ncomp, &values[(k * 7) % (NVAL - ncomp)]));
    best = PetscMin(best, MPI_Wtime() - t0);
  }
  PetscCall(MckStatsReduce(s));
  PetscCall(MckStatsGetSums(s, &sums));
  for (PetscInt k = 0; k < calls; k++) expect0 += values[(k * 7) % (NVAL - ncomp)];
  if (sums[0] != size * expect0) *ok = PETSC_FALSE;
  PetscCall(PetscPrintf(
      comm, "MckStatsAdd, %4" PetscInt_FMT " components per call: %6.2f ns per component, %7.1f ns per call\n", ncomp,
      1e9 * best / ((double)calls * ncomp), 1e9 * best / (double)calls));
  PetscCall(MckStatsDestroy(&s));
  PetscFunctionReturn(0);
}

/* Best-of-TRIALS time of reps calls of one of: MckStatsReduce, or MPI_Allreduce(MPI_SUM) of
 * ndouble doubles. */
static PetscErrorCode TimeOne(MPI_Comm comm, MckStats s, PetscInt ndouble, const double *buf, double *out,
                              PetscInt reps, double *best)
{
  PetscFunctionBeginUser;
  *best = PETSC_MAX_REAL;
  for (int trial = 0; trial < TRIALS; trial++) {
    double t0;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    for (PetscInt r = 0; r < reps; r++) {
      if (s) PetscCall(MckStatsReduce(s));
      else PetscCallMPI(MPI_Allreduce(buf, out, (PetscMPIInt)ndouble, MPI_DOUBLE, MPI_SUM, comm));
    }
    PetscCallMPI(MPI_Barrier(comm));
    *best = PetscMin(*best, (MPI_Wtime() - t0) / reps);
  }
  /* every rank reports the same (slowest rank's) number */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, best, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscFunctionReturn(0);
}

static PetscErrorCode TimeReduce(MPI_Comm comm, PetscInt ncomp, PetscInt reps, PetscBool *ok)
{
  MckStats         s;
  const PetscReal *sums;
  double          *buf, *out, tstats, tsame, tnaive;
  PetscInt64       bytes;
  PetscMPIInt      size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MckStatsCreate(comm, &s));
  PetscCall(MckStatsRegister(s, "big", ncomp, NULL));
  PetscCall(MckStatsSetUp(s));
  PetscCall(MckStatsZero(s));
  PetscCall(MckStatsAdd(s, 0, ncomp, values));
  PetscCall(MckStatsGetMessageBytes(s, &bytes));
  PetscCall(PetscMalloc2(2 * ncomp, &buf, 2 * ncomp, &out));
  PetscCall(PetscArraycpy(buf, values, 2 * ncomp));
  PetscCall(TimeOne(comm, s, 0, NULL, NULL, reps, &tstats));
  PetscCall(TimeOne(comm, NULL, ncomp, buf, out, reps, &tnaive));
  PetscCall(TimeOne(comm, NULL, 2 * ncomp, buf, out, reps, &tsame));
  PetscCall(MckStatsGetSums(s, &sums));
  for (PetscInt c = 0; c < ncomp; c++)
    if (sums[c] != size * values[c]) *ok = PETSC_FALSE;
  PetscCall(PetscPrintf(
      comm,
      "MckStatsReduce, %" PetscInt_FMT " components on %d ranks (%" PetscInt64_FMT
      " bytes): %.2f us; MPI_Allreduce(MPI_SUM) of %" PetscInt_FMT " doubles: %.2f us (ratio %.2f); of %" PetscInt_FMT
      " doubles, the same bytes: %.2f us (ratio %.2f)\n",
      ncomp, size, bytes, 1e6 * tstats, ncomp, 1e6 * tnaive, tstats / tnaive, 2 * ncomp, 1e6 * tsame, tstats / tsame));
  PetscCall(PetscFree2(buf, out));
  PetscCall(MckStatsDestroy(&s));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscBool ok = PETSC_TRUE, all;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, "MckStats costs (printed) and exactness over many reductions.\n"));
  MakeValues();
  PetscCall(TimeAdd(PETSC_COMM_WORLD, 1, 400000, &ok));
  PetscCall(TimeAdd(PETSC_COMM_WORLD, 8, 100000, &ok));
  PetscCall(TimeAdd(PETSC_COMM_WORLD, 64, 20000, &ok));
  PetscCall(TimeReduce(PETSC_COMM_WORLD, 1000, 500, &ok));
  PetscCall(TimeReduce(PETSC_COMM_WORLD, 10, 500, &ok));
  PetscCallMPI(MPI_Allreduce(&ok, &all, 1, MPIU_BOOL, MPI_LAND, PETSC_COMM_WORLD));
  PetscCheck(all, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "MckStats sums of exactly representable values are not exact");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "PASS\n"));
  PetscCall(McKeanFinalize());
  return 0;
}
