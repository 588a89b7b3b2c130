/* A tiny program that uses an installed McKean: version, MckRNG, MckStats.
 * Each rank draws normals for its own 8 streams (global ids rank*8 .. rank*8+7) and adds
 * their count and sum to a MckStats; after one reduction the count must be 8 * size exactly,
 * and the sum must be the sum over all streams, which every rank can also draw itself
 * (the noise of a stream depends on its global id, not on the rank that draws it). */
#include <mckean/mckean.h>
#include <mckean/mckrng.h>
#include <mckean/mckstats.h>

static const char help[] = "hello: uses an installed McKean\n";

#define NPER   8
#define NDRAWS 2

static PetscErrorCode Hello(void)
{
  MPI_Comm         comm = PETSC_COMM_WORLD;
  PetscMPIInt      rank, size;
  MckRNG           rng;
  MckStats         stats;
  PetscInt         ocount, osum;
  PetscReal        mine[NDRAWS][NPER], *out[NDRAWS], partial[2], total = 0, *all[NDRAWS];
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCheck(!strcmp(McKeanVersion(), MCKEAN_VERSION_STRING), comm, PETSC_ERR_PLIB,
             "library version %s differs from header version %s", McKeanVersion(), MCKEAN_VERSION_STRING);
  PetscCall(PetscPrintf(comm, "hello: McKean version %s on %d ranks\n", McKeanVersion(), size));

  PetscCall(MckRNGCreate(comm, &rng));
  PetscCall(MckRNGSetSeed(rng, 42));
  for (int j = 0; j < NDRAWS; j++) out[j] = mine[j];
  PetscCall(MckRNGNormals(rng, (PetscInt64)rank * NPER, NPER, 3, 0, NDRAWS, out));
  partial[0] = NPER;
  partial[1] = 0;
  for (int i = 0; i < NPER; i++) {
    PetscCheck(PetscIsNormalReal(mine[0][i]) || mine[0][i] == 0, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "normal %d is not finite", i);
    partial[1] += mine[0][i];
  }
  PetscCheck(mine[0][0] != mine[0][1] && mine[0][0] != mine[1][0], PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "streams or draws repeat the same number");

  PetscCall(MckStatsCreate(comm, &stats));
  PetscCall(MckStatsRegister(stats, "count", 1, &ocount));
  PetscCall(MckStatsRegister(stats, "sum", 1, &osum));
  PetscCall(MckStatsSetUp(stats));
  PetscCall(MckStatsZero(stats));
  PetscCall(MckStatsAdd(stats, ocount, 1, &partial[0]));
  PetscCall(MckStatsAdd(stats, osum, 1, &partial[1]));
  PetscCall(MckStatsReduce(stats));
  PetscCall(MckStatsGetSums(stats, &sums));
  PetscCheck(sums[ocount] == (PetscReal)NPER * size, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "reduced count %g, expected %d ranks x %d = %d", (double)sums[ocount], size, NPER, NPER * size);

  /* every stream of every rank, drawn here: the same numbers, whatever rank draws them */
  for (int j = 0; j < NDRAWS; j++) PetscCall(PetscMalloc1((size_t)NPER * size, &all[j]));
  PetscCall(MckRNGNormals(rng, 0, NPER * size, 3, 0, NDRAWS, all));
  for (int j = 0; j < NDRAWS; j++)
    for (int i = 0; i < NPER; i++)
      PetscCheck(all[j][rank * NPER + i] == mine[j][i], PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "stream %d draw %d differs when drawn with others", rank * NPER + i, j);
  for (int r = 0; r < size; r++) {
    PetscReal s = 0;
    for (int i = 0; i < NPER; i++) s += all[0][r * NPER + i];
    total += s;
  }
  PetscCheck(PetscAbsReal(sums[osum] - total) <= 1e-12 * (1 + PetscAbsReal(total)), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "reduced sum %.17g, expected %.17g", (double)sums[osum], (double)total);
  PetscCall(PetscPrintf(comm, "hello: count %g sum %.6f\n", (double)sums[ocount], (double)sums[osum]));
  for (int j = 0; j < NDRAWS; j++) PetscCall(PetscFree(all[j]));
  PetscCall(MckStatsDestroy(&stats));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(PetscPrintf(comm, "hello: ok\n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  ierr = Hello();
  PetscCall(McKeanFinalize());
  return ierr ? 1 : 0;
}
