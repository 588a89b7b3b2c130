/* Allen-Cahn and Cahn-Hilliard fields (semi-implicit spectral TS): the free energy never
 * increases, Cahn-Hilliard keeps its mass to round-off, domains coarsen, and the results are
 * bitwise the same on 1-4 ranks and whether or not the step finds its input already in the
 * grid's work array, and on every instruction set the CPU runs (the passes are compiled for each).
 * Usage: test_field_phase -case energy|coarsening|ranks|ahead|isa [file] */
static const char help[] = "Validation of the Allen-Cahn and Cahn-Hilliard fields.\n";

#include "fieldtest.h"

static PetscErrorCode MakePhase(MckFieldType type, PetscInt dim, PetscInt n, PetscReal dt, MckGrid *g, MckField *f)
{
  TS ts;

  PetscFunctionBeginUser;
  PetscCall(TestGrid(dim, n, 1.0, g));
  PetscCall(TestField(*g, type, f));
  PetscCall(MckFieldSetSeed(*f, 7));
  PetscCall(MckFieldSetFromOptions(*f));
  PetscCall(MckFieldSetUp(*f));
  PetscCall(MckFieldGetTS(*f, &ts));
  PetscCall(TSSetTimeStep(ts, dt));
  PetscFunctionReturn(0);
}

/* Large steps (dt far beyond the explicit limits) from a random quench: E(t_{n+1}) <= E(t_n)
 * at every step (to round-off of the sums, 1e-13 relative); CH mass unchanged to 1e-15. */
static PetscErrorCode CaseEnergy(void)
{
  const MckFieldType types[] = {MCKFIELD_ALLEN_CAHN, MCKFIELD_CAHN_HILLIARD};
  const PetscReal    dts[]   = {0.2, 1e-3};

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < 2; t++) {
    MckGrid   g;
    MckField  f;
    PetscReal E0, Eprev, m0;
    PetscCall(MakePhase(types[t], 2, 64, dts[t], &g, &f));
    PetscCall(MckFieldGetEnergy(f, &E0));
    PetscCall(MckFieldGetMass(f, &m0));
    Eprev = E0;
    for (PetscInt s = 0; s < 100; s++) {
      PetscReal E, m;
      PetscCall(MckFieldStep(f));
      PetscCall(MckFieldGetEnergy(f, &E));
      PetscCall(MckFieldGetMass(f, &m));
      CHECK_TEST(E <= Eprev + 1e-13 * PetscAbsReal(Eprev),
                 "%s step %" PetscInt_FMT ": free energy rose from %.16g to %.16g", types[t], s, (double)Eprev,
                 (double)E);
      if (t == 1)
        CHECK_TEST(PetscAbsReal(m - m0) < 1e-15, "cahn_hilliard step %" PetscInt_FMT ": mass %.17g, initially %.17g", s,
                   (double)m, (double)m0);
      Eprev = E;
    }
    CHECK_TEST(Eprev < 0.5 * E0, "%s: free energy fell only from %g to %g: the run does not test dissipation", types[t],
               (double)E0, (double)Eprev);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: 100 steps of dt %g: energy %.6f -> %.6f monotonically, mass %.3e\n",
                          types[t], (double)dts[t], (double)E0, (double)Eprev, (double)m0));
    PetscCall(MckFieldDestroy(&f));
    PetscCall(MckGridDestroy(&g));
  }
  PetscFunctionReturn(0);
}

/* Cahn-Hilliard spinodal decomposition on 128^2: the characteristic length 2 pi/<k> grows
 * (late-stage coarsening, Lifshitz-Slyozov: L ~ t^(1/3), a factor 4^(1/3) = 1.59 per
 * quadrupling of t; the test asks for more than 1.2). */
static PetscErrorCode CaseCoarsening(void)
{
  MckGrid   g;
  MckField  f;
  PetscReal times[] = {0.02, 0.08, 0.32}, len[3];

  PetscFunctionBeginUser;
  PetscCall(MakePhase(MCKFIELD_CAHN_HILLIARD, 2, 128, 1e-3, &g, &f));
  for (PetscInt i = 0; i < 3; i++) {
    PetscCall(MckFieldSolve(f, times[i]));
    PetscCall(MckFieldPhaseGetLength(f, &len[i]));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "coarsening: t = %.3f  length %.5f\n", (double)times[i], (double)len[i]));
  }
  for (PetscInt i = 0; i < 2; i++)
    CHECK_TEST(len[i + 1] > 1.2 * len[i], "no coarsening between t = %g and %g: length %g -> %g", (double)times[i],
               (double)times[i + 1], (double)len[i], (double)len[i + 1]);
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

/* Bit patterns of mass, energy and length after 20 steps in 1D, 2D and 3D, both types. */
static PetscErrorCode CaseRanks(const char path[])
{
  const MckFieldType types[] = {MCKFIELD_ALLEN_CAHN, MCKFIELD_CAHN_HILLIARD};
  const PetscInt     sizes[] = {256, 32, 16};
  PetscReal          v[18];
  PetscInt           nv = 0;

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < 2; t++)
    for (PetscInt d = 1; d <= 3; d++) {
      MckGrid  g;
      MckField f;
      PetscCall(MakePhase(types[t], d, sizes[d - 1], t ? 1e-4 : 1e-2, &g, &f));
      for (PetscInt s = 0; s < 20; s++) PetscCall(MckFieldStep(f));
      PetscCall(MckFieldGetMass(f, &v[nv++]));
      PetscCall(MckFieldGetEnergy(f, &v[nv++]));
      PetscCall(MckFieldPhaseGetLength(f, &v[nv++]));
      PetscCall(MckFieldDestroy(&f));
      PetscCall(MckGridDestroy(&g));
    }
  PetscCall(TestWriteBits(path, nv, v));
  PetscFunctionReturn(0);
}

/* A step starts from what the last step's copy out left in the grid's work array only while
 * that is still the input: field A steps undisturbed, field B has its grid's work array used by
 * a Laplacian before every step (so it always fills from u). Both get the same change of u
 * (step 8) and of the time step (step 14), which A must notice too. u bitwise equal after 20
 * steps, in 2D and 3D, both types. */
static PetscErrorCode CaseAhead(void)
{
  const MckFieldType types[] = {MCKFIELD_ALLEN_CAHN, MCKFIELD_CAHN_HILLIARD};

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < 2; t++)
    for (PetscInt d = 2; d <= 3; d++) {
      const PetscReal dt = t ? 1e-4 : 1e-2;
      MckGrid         g[2];
      MckField        f[2];
      Vec             u[2], lap;
      TS              ts;
      PetscBool       equal;
      for (PetscInt k = 0; k < 2; k++) PetscCall(MakePhase(types[t], d, d == 2 ? 32 : 16, dt, &g[k], &f[k]));
      PetscCall(MckGridCreateVec(g[1], &lap));
      for (PetscInt s = 0; s < 20; s++)
        for (PetscInt k = 0; k < 2; k++) {
          PetscCall(MckFieldGetSolution(f[k], &u[k]));
          if (s == 8) PetscCall(VecShift(u[k], 0.01));
          if (s == 14) {
            PetscCall(MckFieldGetTS(f[k], &ts));
            PetscCall(TSSetTimeStep(ts, 0.5 * dt));
          }
          if (k == 1) PetscCall(MckGridLaplacian(g[1], u[1], lap));
          PetscCall(MckFieldStep(f[k]));
        }
      PetscCall(VecEqual(u[0], u[1], &equal));
      CHECK_TEST(equal, "%s %" PetscInt_FMT "D: the step from the work array and the step filling it from u differ",
                 types[t], d);
      PetscCall(VecDestroy(&lap));
      for (PetscInt k = 0; k < 2; k++) {
        PetscCall(MckFieldDestroy(&f[k]));
        PetscCall(MckGridDestroy(&g[k]));
      }
    }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "ahead: 2D and 3D, both types: the same bits either way\n"));
  PetscFunctionReturn(0);
}

/* The step's passes (fill, multiply per mode, copy out) run the kernels McKeanSetISA selects: u
 * after 10 steps bitwise the same under each instruction set this CPU runs as under the generic
 * one, AC and CH, 1D/2D/3D, sizes whose rows and mode counts are no multiple of a vector width. */
static PetscErrorCode CaseISA(void)
{
  const MckFieldType types[] = {MCKFIELD_ALLEN_CAHN, MCKFIELD_CAHN_HILLIARD};
  const PetscInt     sizes[] = {90, 30, 14};

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < 2; t++)
    for (PetscInt d = 1; d <= 3; d++) {
      Vec ref = NULL;
      for (int isa = MCK_ISA_GENERIC; isa <= (int)McKeanGetBestISA(); isa++) {
        MckGrid   g;
        MckField  f;
        Vec       u;
        PetscBool equal = PETSC_TRUE;
        PetscCall(McKeanSetISA((McKeanISA)isa));
        PetscCall(MakePhase(types[t], d, sizes[d - 1], t ? 1e-4 : 1e-2, &g, &f));
        for (PetscInt s = 0; s < 10; s++) PetscCall(MckFieldStep(f));
        PetscCall(MckFieldGetSolution(f, &u));
        if (!ref) PetscCall(VecDuplicate(u, &ref));
        if (isa == MCK_ISA_GENERIC) PetscCall(VecCopy(u, ref));
        else PetscCall(VecEqual(u, ref, &equal));
        CHECK_TEST(equal, "%s %" PetscInt_FMT "D: u under %s differs from the generic kernels' u", types[t], d,
                   McKeanISAName((McKeanISA)isa));
        PetscCall(MckFieldDestroy(&f));
        PetscCall(MckGridDestroy(&g));
      }
      PetscCall(VecDestroy(&ref));
    }
  PetscCall(McKeanSetISA(MCK_ISA_GENERIC));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "isa: generic up to %s, 1D/2D/3D, both types: the same bits\n",
                        McKeanISAName(McKeanGetBestISA())));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char      name[32] = "energy";
  PetscBool energy, coarsening, ranks, ahead, isa;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "test options", NULL);
  PetscCall(MckOptionsString("-case", "energy, coarsening, ranks, ahead or isa", name, name, sizeof(name), NULL));
  PetscOptionsEnd();
  PetscCall(PetscStrcmp(name, "energy", &energy));
  PetscCall(PetscStrcmp(name, "coarsening", &coarsening));
  PetscCall(PetscStrcmp(name, "ranks", &ranks));
  PetscCall(PetscStrcmp(name, "ahead", &ahead));
  PetscCall(PetscStrcmp(name, "isa", &isa));
  if (energy) PetscCall(CaseEnergy());
  else if (coarsening) PetscCall(CaseCoarsening());
  else if (ahead) PetscCall(CaseAhead());
  else if (isa) PetscCall(CaseISA());
  else if (ranks) {
    PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_field_phase -case ranks OUTPUT.txt");
    PetscCall(CaseRanks(argv[argc - 1]));
  } else
    SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-case %s: allowed energy, coarsening, ranks, ahead, isa", name);
  PetscCall(McKeanFinalize());
  return 0;
}
