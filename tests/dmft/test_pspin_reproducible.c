/* Bitwise reproducibility of MckPSpin on any rank count: rank 0 writes the bit patterns of C,
 * R and mu of two runs (p = 3 random start below T_d; p = 4 equilibrium start) to the file
 * argv[1]; ctest compares the files of 1, 2, 3 and 4 ranks. 97 steps, so that the equal-work
 * row blocks are uneven. */
#include "pspintest.h"
#include <string.h>

static void Hex(FILE *fp, PetscReal v)
{
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (fp) fprintf(fp, "%016llx\n", (unsigned long long)bits);
}

static PetscErrorCode Run(const char opts[], FILE *fp)
{
  PSpinRun run;

  PetscFunctionBeginUser;
  PetscCall(PSpinSolveWith(opts, &run));
  for (size_t k = 0; k < (size_t)run.M * run.M; k++) Hex(fp, run.C[k]);
  for (size_t k = 0; k < (size_t)run.M * run.M; k++) Hex(fp, run.R[k]);
  for (PetscInt k = 0; k < run.M; k++) Hex(fp, run.mu[k]);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: C(t_n, 0) = %.6f\n", opts, (double)PSPIN_C(&run, run.M - 1, 0)));
  PetscCall(PSpinRunFree(&run));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscMPIInt rank;
  FILE       *fp = NULL;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_pspin_reproducible OUTPUT");
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (!rank) fp = fopen(argv[1], "w");
  PetscCheck(rank || fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", argv[1]);
  PetscCall(Run("-pspin_p 3 -pspin_temperature 0.5 -pspin_tmax 9.7 -pspin_steps 97", fp));
  PetscCall(Run(
      "-pspin_p 4 -pspin_temperature 0.7 -pspin_tmax 5 -pspin_steps 97 -pspin_init equilibrium -pspin_init_temperature 0.9",
      fp));
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
