/* Fokker-Planck field (MckField fokker_planck): conservation, positivity and energy decay;
 * the Gibbs state and its second-order convergence; the Kuramoto threshold K = 2T and the
 * self-consistent order parameter. Usage: test_field_fp -case mass|gibbs|kuramoto */
static const char help[] = "Validation of the Fokker-Planck field.\n";

#include "fieldtest.h"

/* 2D, harmonic trap + attractive gaussian interaction, from a gaussian bump: mass constant to
 * round-off at every step, rho >= 0, free energy non-increasing. */
static PetscErrorCode CaseMass(void)
{
  MckGrid      g;
  MckField     f;
  MckPotential V;
  MckKernel    W;
  Vec          rho;
  PetscReal    m0, E0, Eprev;
  TS           ts;

  PetscFunctionBeginUser;
  PetscCall(TestGrid(2, 32, 1.0, &g));
  PetscCall(TestField(g, MCKFIELD_FOKKER_PLANCK, &f));
  PetscCall(MckPotentialSetDefaults(&V, MCK_POTENTIAL_HARMONIC));
  V.k         = 20;
  V.center[0] = V.center[1] = 0.5;
  PetscCall(MckFieldFPAddPotential(f, &V));
  PetscCall(MckKernelSetDefaults(&W));
  W.kind     = MCK_KERNEL_GAUSSIAN;
  W.strength = -2;
  W.width    = 0.1;
  W.modes    = 8;
  PetscCall(MckFieldFPSetKernel(f, &W));
  PetscCall(MckFieldFPSetTemperature(f, 0.1));
  PetscCall(MckFieldSetFromOptions(f));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckFieldGetTS(f, &ts));
  PetscCall(TSSetTimeStep(ts, 0.02));
  PetscCall(MckFieldGetSolution(f, &rho));
  PetscCall(MckFieldGetMass(f, &m0));
  PetscCall(MckFieldGetEnergy(f, &E0));
  Eprev = E0;
  for (PetscInt s = 0; s < 25; s++) {
    PetscReal m, E, lo;
    PetscCall(MckFieldStep(f));
    PetscCall(MckFieldGetMass(f, &m));
    PetscCall(MckFieldGetEnergy(f, &E));
    PetscCall(VecMin(rho, NULL, &lo));
    CHECK_TEST(PetscAbsReal(m - m0) < 1e-14,
               "step %" PetscInt_FMT ": mass %.17g, initially %.17g (change %.3g, not round-off)", s, (double)m,
               (double)m0, (double)(m - m0));
    /* the linear solve is converged to 1e-10 relative: positivity holds to that level */
    CHECK_TEST(lo > -1e-10, "step %" PetscInt_FMT ": min rho = %g < 0", s, (double)lo);
    CHECK_TEST(E <= Eprev + 1e-12, "step %" PetscInt_FMT ": free energy increased from %.15g to %.15g", s,
               (double)Eprev, (double)E);
    Eprev = E;
  }
  CHECK_TEST(Eprev < E0 - 1e-3, "free energy barely changed (%g -> %g): the test would not see an increase", (double)E0,
             (double)Eprev);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "mass: 25 steps, mass %.17g, energy %.6f -> %.6f\n", (double)m0, (double)E0,
                        (double)Eprev));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

/* Exact cell average of the normalised Gibbs density of the harmonic trap, N(c, T/k). */
static PetscReal GibbsCellAverage(PetscReal x, PetscReal h, PetscReal c, PetscReal sigma)
{
  const PetscReal s = sigma * PetscSqrtReal(2.0);
  return 0.5 * (erf((x + 0.5 * h - c) / s) - erf((x - 0.5 * h - c) / s)) / h;
}

/* W = 0, harmonic trap V = k/2 (x - 1/2)^2 on [0, 1) with the density at the box edge below
 * e^-25 (so the trap's kink there does not matter): from a uniform start, backward Euler
 * reaches the discrete Gibbs state; its max error against the exact cell averages of
 * exp(-V/T)/Z is O(h^2) (the cell average differs from the centre value by h^2 rho''/24). */
static PetscErrorCode GibbsError(PetscInt dim, PetscInt n, PetscReal *err)
{
  const PetscReal    k = 200, T = 1, c = 0.5, sigma = PetscSqrtReal(T / k);
  MckGrid            g;
  MckField           f;
  MckPotential       V;
  TS                 ts;
  Vec                rho;
  PetscInt           start[3], count[3], q = 0;
  const PetscScalar *r;
  PetscReal          h = 1.0 / n, e = 0;

  PetscFunctionBeginUser;
  PetscCall(TestGrid(dim, n, 1.0, &g));
  PetscCall(TestField(g, MCKFIELD_FOKKER_PLANCK, &f));
  PetscCall(MckPotentialSetDefaults(&V, MCK_POTENTIAL_HARMONIC));
  V.k         = k;
  V.center[0] = V.center[1] = V.center[2] = c;
  PetscCall(MckFieldFPAddPotential(f, &V));
  PetscCall(MckFieldFPSetTemperature(f, T));
  PetscCall(MckFieldSetFromOptions(f));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckFieldGetTS(f, &ts));
  PetscCall(TSSetTimeStep(ts, 0.5)); /* the slowest mode decays by 1/(1 + k dt) per step */
  PetscCall(MckFieldSolve(f, 3.0));  /* 6 steps: (1/101)^6 = 1e-12 */
  PetscCall(MckFieldGetSolution(f, &rho));
  {
    DM da;
    PetscCall(MckGridGetDM(g, &da));
    PetscCall(DMDAGetCorners(da, &start[0], &start[1], &start[2], &count[0], &count[1], &count[2]));
  }
  PetscCall(VecGetArrayRead(rho, &r));
  for (PetscInt kk = start[2]; kk < start[2] + count[2]; kk++)
    for (PetscInt j = start[1]; j < start[1] + count[1]; j++)
      for (PetscInt i = start[0]; i < start[0] + count[0]; i++, q++) {
        const PetscInt idx[3] = {i, j, kk};
        PetscReal      exact  = 1;
        for (PetscInt a = 0; a < dim; a++) exact *= GibbsCellAverage(idx[a] * h, h, c, sigma);
        e = PetscMax(e, PetscAbsReal(r[q] - exact) / PetscPowReal(PetscSqrtReal(k / (2 * PETSC_PI * T)), dim));
      }
  PetscCall(VecRestoreArrayRead(rho, &r));
  PetscCallMPI(MPI_Allreduce(&e, err, 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode CaseGibbs(void)
{
  const PetscInt sizes[][4] = {{1, 32, 64, 128}, {2, 32, 64, 128}};

  PetscFunctionBeginUser;
  for (PetscInt d = 0; d < 2; d++) {
    const PetscInt dim = sizes[d][0];
    PetscReal      err[3];
    for (PetscInt i = 0; i < 3; i++) PetscCall(GibbsError(dim, sizes[d][i + 1], &err[i]));
    for (PetscInt i = 0; i < 2; i++) {
      const PetscReal rate = PetscLog2Real(err[i] / err[i + 1]);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "gibbs %" PetscInt_FMT "D: n = %" PetscInt_FMT " -> %" PetscInt_FMT
                            ": max rel error %.3e -> %.3e, rate %.3f\n",
                            dim, sizes[d][i + 1], sizes[d][i + 2], (double)err[i], (double)err[i + 1], (double)rate));
      CHECK_TEST(PetscAbsReal(rate - 2) <= 0.2,
                 "Gibbs state in %" PetscInt_FMT "D converges at rate %.3f, not 2 +- 0.2", dim, (double)rate);
    }
  }
  PetscFunctionReturn(0);
}

/* I_n(z) = (1/pi) int_0^pi e^{z cos t} cos(n t) dt by the trapezoid rule (spectrally exact for
 * this periodic integrand). */
static PetscReal BesselI(PetscInt n, PetscReal z)
{
  const PetscInt M = 400;
  PetscReal      s = 0;
  for (PetscInt i = 0; i < M; i++) {
    const PetscReal t = 2 * PETSC_PI * i / M;
    s += PetscExpReal(z * PetscCosReal(t)) * PetscCosReal(n * t);
  }
  return s / M;
}

/* Root r > 0 of r = I1(K r / T) / I0(K r / T) (K > 2T) by bisection. */
static PetscReal SelfConsistentR(PetscReal K, PetscReal T)
{
  PetscReal lo = 1e-6, hi = 1;
  for (PetscInt it = 0; it < 200; it++) {
    const PetscReal r = 0.5 * (lo + hi), z = K * r / T;
    if (BesselI(1, z) / BesselI(0, z) > r) lo = r;
    else hi = r;
  }
  return 0.5 * (lo + hi);
}

/* Kuramoto / Curie-Weiss: W = -K cos x on [0, 2 pi), T = 1. The order parameter of
 * rho = (1 + A cos x)/(2 pi) evolves as r' = (K/2 - T) r (linearised): the PDE's growth rate
 * is measured over t in [0, 1] and compared with K/2 - T below and above K = 2T; then the
 * stationary r at K = 4 against the root of r = I1(Kr/T)/I0(Kr/T). */
static PetscErrorCode KuramotoRun(PetscInt n, PetscReal K, PetscReal A, PetscReal dt, PetscReal tfinal, PetscReal *r0,
                                  PetscReal *r1)
{
  MckGrid   g;
  MckField  f;
  MckKernel W;
  TS        ts;
  Vec       rho;

  PetscFunctionBeginUser;
  PetscCall(TestGrid(1, n, 2 * PETSC_PI, &g));
  PetscCall(TestField(g, MCKFIELD_FOKKER_PLANCK, &f));
  PetscCall(MckKernelSetDefaults(&W));
  W.strength = K;
  PetscCall(MckFieldFPSetKernel(f, &W));
  PetscCall(MckFieldFPSetTemperature(f, 1.0));
  PetscCall(MckFieldSetFromOptions(f));
  PetscCall(MckFieldSetUp(f));
  {
    PetscInt     lo, hi;
    PetscScalar *x;
    PetscReal    mass;
    PetscCall(MckFieldGetSolution(f, &rho));
    PetscCall(VecGetOwnershipRange(rho, &lo, &hi));
    PetscCall(VecGetArray(rho, &x));
    for (PetscInt i = lo; i < hi; i++) x[i - lo] = 1 + A * PetscCosReal(2 * PETSC_PI * i / n);
    PetscCall(VecRestoreArray(rho, &x));
    PetscCall(MckFieldGetMass(f, &mass));
    PetscCall(VecScale(rho, 1 / mass));
  }
  PetscCall(MckFieldGetTS(f, &ts));
  PetscCall(TSSetTimeStep(ts, dt));
  PetscCall(MckFieldFPGetOrderParameter(f, r0));
  PetscCall(MckFieldSolve(f, tfinal));
  PetscCall(MckFieldFPGetOrderParameter(f, r1));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode CaseKuramoto(void)
{
  const PetscReal Ks[] = {1.6, 2.4}, T = 1, A = 1e-4, dt = 2e-3;
  PetscReal       r0, r1, err[2];

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < 2; i++) {
    const PetscReal lambda = Ks[i] / 2 - T;
    PetscReal       rate;
    PetscCall(KuramotoRun(64, Ks[i], A, dt, 1.0, &r0, &r1));
    rate = PetscLogReal(r1 / r0);
    PetscCall(
        PetscPrintf(PETSC_COMM_WORLD,
                    "kuramoto K = %.2f T = %.1f: r %.4e -> %.4e, growth rate %.5f, linear theory K/2 - T = %.5f\n",
                    (double)Ks[i], (double)T, (double)r0, (double)r1, (double)rate, (double)lambda));
    /* backward Euler in time: rate error O(dt lambda^2, dt T^2) ~ 1e-3; space: O(h^2) ~ 1e-3 */
    CHECK_TEST(PetscAbsReal(rate - lambda) < 5e-3, "growth rate %.5f differs from K/2 - T = %.5f", (double)rate,
               (double)lambda);
    CHECK_TEST((rate > 0) == (Ks[i] > 2 * T), "the perturbation %s at K = %.2f, T = %.1f",
               rate > 0 ? "grows" : "decays", (double)Ks[i], (double)T);
  }
  {
    const PetscReal K = 4, rstar = SelfConsistentR(K, T);
    const PetscInt  ns[] = {32, 64};
    for (PetscInt i = 0; i < 2; i++) {
      PetscCall(KuramotoRun(ns[i], K, 0.5, 0.1, 40.0, &r0, &r1));
      err[i] = PetscAbsReal(r1 - rstar);
      PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                            "kuramoto K = %.1f n = %" PetscInt_FMT
                            ": stationary r = %.12f, self-consistent r* = %.12f, |error| %.2e\n",
                            (double)K, ns[i], (double)r1, (double)rstar, (double)err[i]));
    }
    /* the discrete stationary state is exp(K r cos x / T) sampled at the cell centres and its
     * r a trapezoid sum, spectrally accurate: the error is the time-stepping residual */
    CHECK_TEST(err[1] < 1e-8, "stationary order parameter off by %.3e", (double)err[1]);
  }
  PetscFunctionReturn(0);
}

/* 1D, 2D and 3D runs with interaction: mass, free energy and order parameter after 10 steps.
 * The Krylov solver's inner products are the grid's reproducible reductions
 * (MckGridSetReproducibleReductions), so in 2D and 3D the runs are bitwise the same on 1-4 ranks
 * (case bits, dims 2 and 3). In 1D they agree to 1e-15 but not bitwise on 3 ranks, so all three
 * are also compared to the solver tolerance (1e-10): rank 1 writes the reference (write), 2-4
 * ranks compare with it (compare). */
static PetscErrorCode CaseRanks(PetscBool compare, PetscInt dfirst, const char path[])
{
  const PetscInt dims[] = {1, 2, 3}, sizes[] = {128, 32, 16};
  PetscReal      v[9];
  PetscInt       nv = 0;

  PetscFunctionBeginUser;
  for (PetscInt d = dfirst - 1; d < 3; d++) {
    MckGrid      g;
    MckField     f;
    MckPotential V;
    MckKernel    W;
    TS           ts;
    PetscCall(TestGrid(dims[d], sizes[d], 1.0, &g));
    PetscCall(TestField(g, MCKFIELD_FOKKER_PLANCK, &f));
    PetscCall(MckPotentialSetDefaults(&V, MCK_POTENTIAL_DOUBLE_WELL));
    V.height = 0.5;
    V.width  = 0.5;
    PetscCall(MckFieldFPAddPotential(f, &V));
    PetscCall(MckKernelSetDefaults(&W));
    W.kind     = MCK_KERNEL_GAUSSIAN;
    W.strength = -1;
    W.modes    = 4;
    PetscCall(MckFieldFPSetKernel(f, &W));
    PetscCall(MckFieldFPSetTemperature(f, 0.2));
    PetscCall(MckFieldSetFromOptions(f));
    PetscCall(MckFieldSetUp(f));
    PetscCall(MckFieldGetTS(f, &ts));
    PetscCall(TSSetTimeStep(ts, 0.01));
    for (PetscInt s = 0; s < 10; s++) PetscCall(MckFieldStep(f));
    PetscCall(MckFieldGetMass(f, &v[nv++]));
    PetscCall(MckFieldGetEnergy(f, &v[nv++]));
    PetscCall(MckFieldFPGetOrderParameter(f, &v[nv++]));
    PetscCall(MckFieldDestroy(&f));
    PetscCall(MckGridDestroy(&g));
  }
  if (!compare) PetscCall(TestWriteBits(path, nv, v));
  else {
    FILE *fp;
    PetscCall(PetscFOpen(PETSC_COMM_WORLD, path, "r", &fp));
    for (PetscInt i = 0; i < nv; i++) {
      char   hex[32];
      double ref = 0;
      if (fp) CHECK_TEST(fscanf(fp, "%31s %lg", hex, &ref) == 2, "%s: cannot read value %" PetscInt_FMT, path, i);
      PetscCallMPI(MPI_Bcast(&ref, 1, MPI_DOUBLE, 0, PETSC_COMM_WORLD));
      CHECK_TEST(PetscAbsReal(v[i] - ref) <= 1e-10 * PetscAbsReal(ref),
                 "value %" PetscInt_FMT ": %.17g here, %.17g on 1 rank", i, (double)v[i], ref);
    }
    PetscCall(PetscFClose(PETSC_COMM_WORLD, fp));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "ranks: %" PetscInt_FMT " values agree with the 1-rank reference to 1e-10\n", nv));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char      name[32] = "mass";
  PetscBool mass, gibbs, kuramoto, wr, cmp, bits;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "test options", NULL);
  PetscCall(MckOptionsString("-case", "mass, gibbs, kuramoto, write, compare or bits", name, name, sizeof(name), NULL));
  PetscOptionsEnd();
  PetscCall(PetscStrcmp(name, "mass", &mass));
  PetscCall(PetscStrcmp(name, "gibbs", &gibbs));
  PetscCall(PetscStrcmp(name, "kuramoto", &kuramoto));
  PetscCall(PetscStrcmp(name, "write", &wr));
  PetscCall(PetscStrcmp(name, "compare", &cmp));
  PetscCall(PetscStrcmp(name, "bits", &bits));
  if (mass) PetscCall(CaseMass());
  else if (gibbs) PetscCall(CaseGibbs());
  else if (kuramoto) PetscCall(CaseKuramoto());
  else if (wr || cmp || bits) {
    PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_field_fp -case write|compare|bits FILE");
    PetscCall(CaseRanks(cmp, bits ? 2 : 1, argv[argc - 1]));
  } else
    SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-case %s: allowed mass, gibbs, kuramoto, write, compare, bits",
            name);
  PetscCall(McKeanFinalize());
  return 0;
}
