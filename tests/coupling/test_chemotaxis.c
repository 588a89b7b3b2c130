/* The chemotaxis drift (Keller-Segel) in 2D:
 *  - independent methods: the force on the same particles with the summary from the grid
 *    (deposit, reduce-scatter, projection) and from the particles' exact Fourier moments (the
 *    Fourier mean field with W^(k) = -chi/(|k|^2 + kappa^2)) agree up to the cloud-in-cell
 *    filter, an O((k h)^2) error: the relative L2 difference falls by 4 (asserted: > 3) from
 *    grid 32^2 to 64^2, and is below 1% on 64^2;
 *  - the same in 1D with K = 1 against the existing fourier_meanfield drift: its cosine kernel
 *    W = -J cos(2 pi x / L) has What_1 = -J/2, which is the chemotaxis kernel
 *    -chi / (L (k^2 + kappa^2)) for J = 2 chi / (L (k^2 + kappa^2)): forces equal to 1e-13
 *    relative with the particle summary, to the CIC filter 1 - (k h)^2/12 with the grid's;
 *  - a coupled run of 40 Euler-Maruyama steps (grid summary) keeps every particle: the
 *    deposited mass of the final positions is exactly 1;
 *  - bitwise identity on 1-4 ranks: the final positions (global-id order) and the order
 *    parameter go to the file named by the last argument, compared across rank counts. */
#include "coupling_testutil.h"

#define NPART 3001

static PetscErrorCode CreateLangevin(const char summary[], const char gridn[], MckRNG rng, MckLangevin *l)
{
  MckParticles p;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-ks_summary", summary));
  if (gridn) PetscCall(PetscOptionsSetValue(NULL, "-grid_n", gridn));
  else PetscCall(PetscOptionsClearValue(NULL, "-grid_n"));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckLangevinCreate(p, l));
  PetscCall(MckLangevinSetFromOptions(*l));
  PetscCall(MckLangevinSetRNG(*l, rng));
  PetscCall(MckLangevinSetUp(*l));
  PetscCall(MckParticlesInitialize(p, rng));
  PetscCall(MckLangevinPrepare(*l, PETSC_TRUE));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyLangevin(MckLangevin *l)
{
  MckParticles p;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(*l, &p));
  PetscCall(MckLangevinDestroy(l));
  PetscCall(MckParticlesDestroy(&p));
  PetscFunctionReturn(0);
}

/* sum |F_a - G_a|^2 and sum |G_a|^2 over all particles (diagnostic only: plain allreduce). */
static PetscErrorCode ForceDifference(MckLangevin a, MckLangevin b, PetscReal *rel)
{
  MckParticles      p;
  PetscReal *const *Fa, *const *Fb;
  PetscInt  nlocal, dim;
  PetscReal s[2] = {0, 0};

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParticles(a, &p));
  PetscCall(MckParticlesGetSizes(p, NULL, &dim, &nlocal, NULL));
  PetscCall(MckLangevinGetForces(a, &Fa));
  PetscCall(MckLangevinGetForces(b, &Fb));
  for (PetscInt d = 0; d < dim; d++)
    for (PetscInt i = 0; i < nlocal; i++) {
      s[0] += PetscSqr(Fa[d][i] - Fb[d][i]);
      s[1] += PetscSqr(Fb[d][i]);
    }
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, s, 2, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  *rel = PetscSqrtReal(s[0] / s[1]);
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckIndependentMethods(MckRNG rng)
{
  MckLangevin exact, grid;
  PetscReal   err[2];
  const char *sizes[2] = {"32", "64"};

  PetscFunctionBeginUser;
  PetscCall(CreateLangevin("particles", NULL, rng, &exact));
  for (PetscInt i = 0; i < 2; i++) {
    PetscCall(CreateLangevin("grid", sizes[i], rng, &grid));
    PetscCall(ForceDifference(grid, exact, &err[i]));
    PetscCall(DestroyLangevin(&grid));
  }
  PetscCall(DestroyLangevin(&exact));
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "grid vs particle summary: relative force difference %.3e (32^2), %.3e (64^2), ratio %.2f (second order: 4)\n",
      (double)err[0], (double)err[1], (double)(err[0] / err[1])));
  PetscCheck(err[0] / err[1] > 3 && err[1] < 1e-2, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the grid summary must converge to the exact Fourier moments at second order in h");
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckCosineKernel(MckRNG rng)
{
  const PetscReal chi = 30, kappa = 1, L = 2 * PETSC_PI, k = 2 * PETSC_PI / L;
  MckLangevin     ks, mf;
  PetscReal       err[2], h = L / 64;
  char            J[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(J, sizeof J, "%.17g", (double)(2 * chi / (L * (k * k + kappa * kappa)))));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_dim", "1"));
  PetscCall(PetscOptionsSetValue(NULL, "-ks_modes", "1"));
  PetscCall(PetscOptionsSetValue(NULL, "-mf_kernel", "cosine"));
  PetscCall(PetscOptionsSetValue(NULL, "-mf_strength", J));
  PetscCall(PetscOptionsSetValue(NULL, "-mf_modes", "1"));
  PetscCall(PetscOptionsSetValue(NULL, "-lgv_drifts", "fourier_meanfield"));
  PetscCall(CreateLangevin("particles", NULL, rng, &mf));
  PetscCall(PetscOptionsSetValue(NULL, "-lgv_drifts", "chemotaxis"));
  for (PetscInt i = 0; i < 2; i++) {
    PetscCall(CreateLangevin(i ? "grid" : "particles", i ? "64" : NULL, rng, &ks));
    PetscCall(ForceDifference(ks, mf, &err[i]));
    PetscCall(DestroyLangevin(&ks));
  }
  PetscCall(DestroyLangevin(&mf));
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "1D, K = 1, against fourier_meanfield cosine J = %s: relative force difference %.2e (particle summary), %.3e (grid 64; CIC filter (k h)^2/12 = %.3e)\n",
      J, (double)err[0], (double)err[1], (double)(k * k * h * h / 12)));
  PetscCheck(err[0] < 1e-13, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "chemotaxis with K = 1 must be the cosine mean field");
  PetscCheck(PetscAbsReal(err[1] / (k * k * h * h / 12) - 1) < 0.1, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the grid summary must differ by the CIC filter only");
  PetscCall(PetscOptionsSetValue(NULL, "-particles_dim", "2"));
  PetscCall(PetscOptionsSetValue(NULL, "-ks_modes", "3"));
  PetscFunctionReturn(0);
}

/* Positions of all particles on rank 0 in global-id order. */
static PetscErrorCode GatherPositions(MckParticles p, PetscReal **all, PetscInt *n)
{
  PetscReal *const *x;
  PetscInt64        N;
  PetscInt          dim, nlocal;
  PetscMPIInt       size, rank, mine, *counts, *displs;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(MckParticlesGetSizes(p, &N, &dim, &nlocal, NULL));
  PetscCall(MckParticlesGetArrays(p, &x, NULL));
  PetscCall(PetscMPIIntCast(nlocal, &mine));
  PetscCall(PetscMalloc1(dim * N, all));
  PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, PETSC_COMM_WORLD));
  if (!rank) {
    displs[0] = 0;
    for (PetscMPIInt r = 1; r < size; r++) displs[r] = displs[r - 1] + counts[r - 1];
  }
  for (PetscInt a = 0; a < dim; a++)
    PetscCallMPI(MPI_Gatherv(x[a], mine, MPIU_REAL, *all + a * N, counts, displs, MPIU_REAL, 0, PETSC_COMM_WORLD));
  *n = rank ? 0 : (PetscInt)(dim * N);
  PetscCall(PetscFree2(counts, displs));
  PetscFunctionReturn(0);
}

static PetscErrorCode CoupledRun(MckRNG rng, FILE *fp)
{
  MckLangevin  l;
  MckParticles p;
  MckSeries    series;
  MckGrid      g;
  MckDeposit   dep;
  Vec          rho;
  const char  *name;
  PetscReal    r, mass, *all;
  PetscInt     n, gn[2] = {32, 32};

  PetscFunctionBeginUser;
  PetscCall(CreateLangevin("grid", "32", rng, &l));
  for (int s = 0; s < 40; s++) PetscCall(MckLangevinStep(l));
  PetscCall(MckLangevinCreateSeries(l, &series));
  PetscCall(MckLangevinRecord(l, series, &name, &r));
  PetscCall(MckLangevinGetParticles(l, &p));
  PetscCall(TestGridCreate(2, gn, 2 * PETSC_PI, &g));
  PetscCall(MckDepositCreate(g, &dep));
  PetscCall(MckGridCreateVec(g, &rho));
  PetscCall(MckDepositParticles(dep, p, rho));
  PetscCall(MckDepositGetMass(dep, &mass));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "coupled run, 40 steps: %s = %.6f, deposited mass %.17g\n", name, (double)r,
                        (double)mass));
  PetscCheck(mass == 1.0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the coupled run lost particles: mass %.17g", (double)mass);
  PetscCall(GatherPositions(p, &all, &n));
  PetscCall(TestWriteBits(fp, "order_parameter", 1, &r));
  PetscCall(TestWriteBits(fp, "positions", n, all));
  PetscCall(PetscFree(all));
  PetscCall(VecDestroy(&rho));
  PetscCall(MckDepositDestroy(&dep));
  PetscCall(MckGridDestroy(&g));
  PetscCall(MckSeriesDestroy(&series));
  PetscCall(DestroyLangevin(&l));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG rng;
  FILE  *fp;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_chemotaxis OUTPUT.txt");
  /* a Gaussian blob (strong low modes) in a 2 pi box, chi above the aggregation threshold */
  PetscCall(PetscOptionsInsertString(
      NULL, "-particles_n 3001 -particles_dim 2 -particles_chunk_size 64 -particles_box 6.283185307179586 "
            "-particles_init gaussian -particles_init_mean 3.0 -particles_init_std 0.8 "
            "-lgv_integrator euler_maruyama -lgv_dt 0.01 -lgv_drifts chemotaxis -ks_chi 30 -ks_kappa 1 -ks_modes 3"));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 21));
  PetscCall(PetscFOpen(PETSC_COMM_WORLD, argv[argc - 1], "w", &fp));
  PetscCall(CheckIndependentMethods(rng));
  PetscCall(CheckCosineKernel(rng));
  PetscCall(CoupledRun(rng, fp));
  PetscCall(PetscFClose(PETSC_COMM_WORLD, fp));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return 0;
}
