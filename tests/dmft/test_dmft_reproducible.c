/* Bitwise reproducibility of the dmft layer across rank counts: the population solver (fields,
 * noise, Gram matrices, SNES iterations) and the finite network (couplings, chunked GEMVs) on a
 * small problem; the bit patterns of C_x, C_phi and Delta go to the file named last on the
 * command line, which the harness compares between 1, 2, 3 and 4 ranks. Chunks are small so
 * that 4 ranks own several chunks each and a partial last chunk. */
#include <mckean/mckdmft.h>
#include <stdio.h>
#include <string.h>

static PetscErrorCode Dump(FILE *fp, const char name[], PetscInt n, const PetscReal v[])
{
  PetscFunctionBeginUser;
  fprintf(fp, "%s %" PetscInt_FMT "\n", name, n);
  for (PetscInt k = 0; k < n; k++) {
    unsigned long long bits;
    memcpy(&bits, &v[k], sizeof(bits));
    fprintf(fp, "%016llx\n", bits);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SolveAndDump(const char solver[], MckRNG rng, FILE *fp)
{
  MckDMFT          d;
  PetscInt         T, nlags;
  const PetscReal *cx, *cphi, *delta;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-dmft_solver", solver));
  PetscCall(MckDMFTCreate(PETSC_COMM_WORLD, &d));
  PetscCall(MckDMFTSetFromOptions(d));
  PetscCall(MckDMFTSetRNG(d, rng));
  PetscCall(MckDMFTSolve(d));
  PetscCall(MckDMFTSCSGetCorrelations(d, &T, &cx, &cphi));
  PetscCall(MckDMFTSCSGetAutocorrelation(d, &nlags, NULL, &delta));
  if (fp) {
    PetscCall(Dump(fp, "C_x", T * T, cx));
    PetscCall(Dump(fp, "C_phi", T * T, cphi));
    PetscCall(Dump(fp, "delta", nlags, delta));
  }
  PetscCall(MckDMFTDestroy(&d));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG      rng;
  FILE       *fp = NULL;
  PetscMPIInt rank;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_ARG_WRONG, "usage: test_dmft_reproducible OUTFILE");
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-dmft_g 1.8 -dmft_noise 0.1 -dmft_steps 40 -dmft_dt 0.1 -dmft_burn_in 1 -dmft_population 300 -dmft_chunk 16 -dmft_max_it 4 -dmft_tol 1e-12 -dmft_n 70"));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 11));
  if (!rank) {
    fp = fopen(argv[argc - 1], "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", argv[argc - 1]);
  }
  PetscCall(SolveAndDump("population", rng, fp));
  PetscCall(PetscOptionsSetValue(NULL, "-dmft_chunk", "8"));
  PetscCall(SolveAndDump("network", rng, fp));
  if (fp) fclose(fp);
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return 0;
}
