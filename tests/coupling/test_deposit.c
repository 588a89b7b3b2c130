/* MckDeposit, in 1D, 2D and 3D:
 *  - cloud-in-cell of a single particle: exactly the 2^d points of its cell get weight
 *    prod_a w_a / h^d (w_a = 1 - f_a or f_a), to the 2^-32 quantisation of each axis weight
 *    (asserted to 1e-9 relative), including a particle in the last cell, whose weight wraps
 *    to point 0; every other point is exactly 0;
 *  - mass: for N = 10007 Gaussian particles (a partial last chunk) the exact integer mass is
 *    exactly 1 and sum_i rho_i h^d is 1 to 1e-12;
 *  - bitwise identity on 1-4 ranks: the densities' bit patterns go to the file named by the
 *    last argument, compared across rank counts by ctest. */
#include "coupling_testutil.h"

#define NPART 10007

/* One particle at (i_a + f_a) h_a per axis: check its deposit. */
static PetscErrorCode CheckSingleParticle(MckGrid g, const PetscInt cell[], const PetscReal frac[])
{
  MckParticles p;
  MckDeposit   dep;
  Vec          rho;
  PetscInt     dim, n[3], G;
  PetscReal    L[3], h[3], vol = 1, *all, mass;
  char         box[64];

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  PetscCall(PetscSNPrintf(box, sizeof box, "%.17g", (double)L[0]));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_box", box));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetSizes(p, 1, dim));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckParticlesSetUp(p));
  for (PetscInt a = 0; a < dim; a++) {
    PetscReal *const *x;
    PetscInt          nlocal;
    h[a] = L[a] / n[a];
    vol *= h[a];
    PetscCall(MckParticlesGetArrays(p, &x, NULL));
    PetscCall(MckParticlesGetSizes(p, NULL, NULL, &nlocal, NULL));
    if (nlocal) x[a][0] = (cell[a] + frac[a]) * h[a];
  }
  PetscCall(MckDepositCreate(g, &dep));
  PetscCall(MckGridCreateVec(g, &rho));
  PetscCall(MckDepositParticles(dep, p, rho));
  PetscCall(MckDepositGetMass(dep, &mass));
  PetscCheck(mass == 1.0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "single particle: exact mass %.17g, expected 1",
             (double)mass);
  PetscCall(TestGatherNatural(rho, &all, &G));
  for (PetscInt idx = 0; idx < G; idx++) {
    PetscInt  rest   = idx;
    PetscReal expect = 1 / vol;
    for (PetscInt a = 0; a < dim; a++) {
      const PetscInt i = rest % n[a], next = (cell[a] + 1) % n[a];
      rest /= n[a];
      expect *= (i == cell[a]) ? 1 - frac[a] : (i == next ? frac[a] : 0);
    }
    if (expect == 0)
      PetscCheck(all[idx] == 0, PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "%" PetscInt_FMT "D: point %" PetscInt_FMT " got %g, expected 0", dim, idx, (double)all[idx]);
    else
      PetscCheck(PetscAbsReal(all[idx] - expect) <= 1e-9 * expect, PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "%" PetscInt_FMT "D: point %" PetscInt_FMT " got %.12g, CIC weight %.12g", dim, idx, (double)all[idx],
                 (double)expect);
  }
  PetscCall(PetscFree(all));
  PetscCall(VecDestroy(&rho));
  PetscCall(MckDepositDestroy(&dep));
  PetscCall(MckParticlesDestroy(&p));
  PetscFunctionReturn(0);
}

/* NPART Gaussian particles wrapped into the box: mass, and the density's bits to fp. */
static PetscErrorCode CheckMassAndWrite(MckGrid g, FILE *fp)
{
  MckParticles p;
  MckRNG       rng;
  MckDeposit   dep;
  Vec          rho;
  PetscInt     dim, n[3], G;
  PetscReal    L[3], vol = 1, sum, mass, *all;
  char         box[64], label[32];

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(g, &dim, n, L));
  for (PetscInt a = 0; a < dim; a++) vol *= L[a] / n[a];
  PetscCall(PetscSNPrintf(box, sizeof box, "%.17g", (double)L[0]));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_box", box));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetSizes(p, NPART, dim));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckParticlesSetUp(p));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 11));
  PetscCall(MckParticlesInitialize(p, rng));
  PetscCall(MckDepositCreate(g, &dep));
  PetscCall(MckGridCreateVec(g, &rho));
  PetscCall(MckDepositParticles(dep, p, rho));
  PetscCall(MckDepositGetMass(dep, &mass));
  PetscCall(VecSum(rho, &sum));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT "D, N = %d: exact mass %.17g, sum rho h^d - 1 = %.3e\n", dim,
                        NPART, (double)mass, (double)(sum * vol - 1)));
  PetscCheck(mass == 1.0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "exact mass %.17g, expected exactly 1", (double)mass);
  PetscCheck(PetscAbsReal(sum * vol - 1) < 1e-12, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "sum rho h^d = %.17g",
             (double)(sum * vol));
  PetscCall(TestGatherNatural(rho, &all, &G));
  PetscCall(PetscSNPrintf(label, sizeof label, "density_%" PetscInt_FMT "d", dim));
  PetscCall(TestWriteBits(fp, label, G, all));
  PetscCall(PetscFree(all));
  PetscCall(VecDestroy(&rho));
  PetscCall(MckDepositDestroy(&dep));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(MckParticlesDestroy(&p));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const PetscInt  sizes[3][3] = {{16, 1, 1}, {8, 12, 1}, {8, 6, 8}};
  const PetscInt  inner[3] = {5, 3, 2}, last[3] = {15, 11, 7};
  const PetscReal frac[3] = {0.3, 0.8125, 0.55};
  FILE           *fp;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_deposit OUTPUT.txt");
  PetscCall(PetscFOpen(PETSC_COMM_WORLD, argv[argc - 1], "w", &fp));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_init", "gaussian"));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_init_mean", "0.7"));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_init_std", "0.5"));
  for (PetscInt dim = 1; dim <= 3; dim++) {
    MckGrid  g;
    PetscInt lastcell[3];
    for (PetscInt a = 0; a < 3; a++) lastcell[a] = PetscMin(last[a], sizes[dim - 1][a] - 1);
    PetscCall(TestGridCreate(dim, sizes[dim - 1], 2.0, &g));
    PetscCall(CheckSingleParticle(g, inner, frac));
    PetscCall(CheckSingleParticle(g, lastcell, frac)); /* wraps to point 0 */
    PetscCall(CheckMassAndWrite(g, fp));
    PetscCall(MckGridDestroy(&g));
  }
  PetscCall(PetscFClose(PETSC_COMM_WORLD, fp));
  PetscCall(McKeanFinalize());
  return 0;
}
