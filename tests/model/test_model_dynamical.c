/* Dynamical forward models (src/model/lorenz96.c, lorenz63.c) on PETSC_COMM_WORLD,
 * so on 2 ranks the Lorenz-96 state is a distributed DMDA vector:
 *  - RK4 global error at T = 0.4 against a dt/32 reference falls by 2^4 per halving of dt
 *    (observed order within 0.3 of 4);
 *  - energy budget of Lorenz-96: d/dt (|x|^2/2) = -|x|^2 + F sum x (the advection term
 *    conserves energy); the central-difference rate from RK4 states matches to O(dt^2);
 *  - the Lorenz-63 fixed points (0,0,0) and (+-sqrt(beta(rho-1)), +-sqrt(beta(rho-1)), rho-1)
 *    stay put over 100 steps (to 1e-12 relative; C+- are only weakly unstable, growth < e^0.1);
 *  - failed = TRUE for non-finite states (NaN input, overflow), FALSE for a normal run; TRUE for
 *    an infinite state also where the limit overflows (a huge forcing, a huge rho);
 *  - MckModelAdvanceArrays (the members of a model on one rank, as plain arrays) gives bitwise
 *    the states MckModelAdvance gives on PETSC_COMM_WORLD (on 2 ranks a distributed vector, its
 *    ghost exchange and per-stage vector loops), and the same failure flags (a NaN state, a
 *    state beyond the limits), for Lorenz-96 and Lorenz-63.
 * With a file argument, also writes the bit patterns of a 100-step Lorenz-96 run there (the
 * rank-count bitwise test). */
#include "modeltest.h"

static PetscErrorCode NewModel(const char type[], PetscReal dt, MckModel *m)
{
  char buf[32];

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-model_type", type));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%.17g", (double)dt));
  PetscCall(PetscOptionsSetValue(NULL, "-model_dt", buf));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, m));
  PetscCall(MckModelSetFromOptions(*m));
  PetscCall(MckModelSetUp(*m));
  PetscFunctionReturn(0);
}

/* x_i = F + 0.5 sin(2 pi i / n) + 0.1 cos(6 pi i / n) in natural (global) order */
static PetscErrorCode L96Initial(Vec x, PetscReal F)
{
  PetscInt   lo, hi, n;
  PetscReal *a;

  PetscFunctionBeginUser;
  PetscCall(VecGetSize(x, &n));
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArray(x, &a));
  for (PetscInt i = lo; i < hi; i++)
    a[i - lo] = F + 0.5 * PetscSinReal(2 * PETSC_PI * i / n) + 0.1 * PetscCosReal(6 * PETSC_PI * i / n);
  PetscCall(VecRestoreArray(x, &a));
  PetscFunctionReturn(0);
}

/* the Lorenz-96 state at time T with step dt */
static PetscErrorCode L96At(PetscReal T, PetscReal dt, Vec *x)
{
  MckModel  m;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel("lorenz96", dt, &m));
  PetscCall(MckModelCreateStateVec(m, x));
  PetscCall(L96Initial(*x, 8.0));
  PetscCall(MckModelAdvance(m, 0, (PetscInt)(T / dt + 0.5), *x, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "Lorenz-96 reported failure on a finite state");
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* Lorenz-96 at t = 0.4 with step dt. */
static PetscErrorCode L96AtT(PetscReal dt, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCall(L96At(0.4, dt, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestRK4Order(PetscInt *fails)
{
  PetscFunctionBeginUser;
  PetscCall(ModelTestRK4Order("L96", L96AtT, 0.05, 32, fails));
  PetscFunctionReturn(0);
}

/* |budget - measured rate| / |budget| for step dt: the rate is (E(2 dt) - E(0)) / (2 dt) around
 * the state after one step, the budget -|x|^2 + F sum x at that state. */
static PetscErrorCode EnergyMismatch(PetscReal dt, PetscReal *rel)
{
  const PetscReal F = 8.0;
  MckModel        m;
  Vec             x;
  PetscReal       e0, e2, sq, sum;
  PetscBool       failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel("lorenz96", dt, &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(L96Initial(x, F));
  PetscCall(MckModelAdvance(m, 0, 20, x, &failed)); /* leave the special initial state */
  PetscCall(VecDot(x, x, &e0));
  PetscCall(MckModelAdvance(m, 0, 1, x, &failed));
  PetscCall(VecDot(x, x, &sq));
  PetscCall(VecSum(x, &sum));
  PetscCall(MckModelAdvance(m, 0, 1, x, &failed));
  PetscCall(VecDot(x, x, &e2));
  *rel = PetscAbsReal(0.5 * (e2 - e0) / (2 * dt) - (-sq + F * sum)) / PetscAbsReal(-sq + F * sum);
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestEnergyBudget(PetscInt *fails)
{
  PetscReal r1, r2;
  PetscBool ok;

  PetscFunctionBeginUser;
  PetscCall(EnergyMismatch(2e-3, &r1));
  PetscCall(EnergyMismatch(1e-3, &r2));
  /* the central difference is second order: halving dt divides the mismatch by ~4 */
  ok = (r2 < 1e-4 && r1 / r2 > 3.0 && r1 / r2 < 5.0) ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(ModelTestCheck(ok, fails,
                           "L96 energy budget: relative mismatch %.3e (dt 2e-3), %.3e (dt 1e-3), ratio %.2f\n",
                           (double)r1, (double)r2, (double)(r1 / r2)));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestL63FixedPoints(PetscInt *fails)
{
  const PetscReal beta = 8.0 / 3.0, rho = 28.0, c = PetscSqrtReal(beta * (rho - 1));
  const PetscReal pts[3][3] = {{0, 0, 0}, {c, c, rho - 1}, {-c, -c, rho - 1}};
  MckModel        m;
  Vec             x, x0;
  PetscBool       failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel("lorenz63", 0.01, &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecDuplicate(x, &x0));
  for (int p = 0; p < 3; p++) {
    PetscInt  idx[3] = {0, 1, 2}, lo;
    PetscReal d, nrm;
    PetscBool ok;

    PetscCall(VecGetOwnershipRange(x0, &lo, NULL));
    if (lo == 0 && !PetscGlobalRank) PetscCall(VecSetValues(x0, 3, idx, pts[p], INSERT_VALUES));
    PetscCall(VecAssemblyBegin(x0));
    PetscCall(VecAssemblyEnd(x0));
    PetscCall(VecCopy(x0, x));
    PetscCall(MckModelAdvance(m, 0, 100, x, &failed));
    PetscCall(VecAXPY(x, -1.0, x0));
    PetscCall(VecNorm(x, NORM_INFINITY, &d));
    PetscCall(VecNorm(x0, NORM_INFINITY, &nrm));
    ok = (!failed && d <= 1e-12 * PetscMax(nrm, 1.0)) ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(ok, fails, "L63 fixed point %d stays put: drift %.2e\n", p, (double)d));
  }
  PetscCall(VecDestroy(&x0));
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestFailed(PetscInt *fails)
{
  MckModel  m;
  Vec       x;
  PetscBool failed, ok;

  PetscFunctionBeginUser;
  PetscCall(NewModel("lorenz96", 0.05, &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(L96Initial(x, 8.0));
  PetscCall(MckModelAdvance(m, 0, 10, x, &failed));
  ok = !failed;
  PetscCall(VecScale(x, 1e200)); /* (x_{i+1} - x_{i-2}) x_{i-1} overflows: Inf, then NaN */
  PetscCall(MckModelAdvance(m, 0, 3, x, &failed));
  ok = (PetscBool)(ok && failed);
  PetscCall(L96Initial(x, 8.0));
  if (!PetscGlobalRank) PetscCall(VecSetValue(x, 0, NAN, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(x));
  PetscCall(VecAssemblyEnd(x));
  PetscCall(MckModelAdvance(m, 0, 1, x, &failed));
  ok = (PetscBool)(ok && failed);
  PetscCall(
      ModelTestCheck(ok, fails, "failed flag: FALSE for a finite run, TRUE after overflow and for a NaN state\n"));
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* A limit that overflows (Lorenz-96: 10 |F| sqrt(n), Lorenz-63: 10 R) must not hide a state that
 * is not finite: MckModelAdvanceStates reports it failed as MckModelAdvance does, whatever the
 * path (the type's array stepping on one rank, the vector path on several). Lorenz-96 with
 * F = 1e308 steps a finite state to +inf everywhere; Lorenz-63 with rho = 1e160 gets an
 * infinite start (0 steps). */
static PetscErrorCode TestFailedInfiniteLimit(PetscInt *fails)
{
  MckModel  m;
  Vec       x;
  PetscBool failed, ok = PETSC_TRUE;
  PetscReal norm;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-l96_forcing", "1e308"));
  PetscCall(NewModel("lorenz96", 0.05, &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(L96Initial(x, 8.0));
  PetscCall(MckModelAdvanceStates(m, 0, 1, 1, &x, &failed));
  PetscCall(VecNorm(x, NORM_INFINITY, &norm));
  ok = (PetscBool)(ok && !isfinite(norm) && failed);
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscCall(PetscOptionsClearValue(NULL, "-l96_forcing"));
  PetscCall(PetscOptionsSetValue(NULL, "-l63_rho", "1e160"));
  PetscCall(NewModel("lorenz63", 0.01, &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecSet(x, 1.0));
  if (!PetscGlobalRank) PetscCall(VecSetValue(x, 0, INFINITY, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(x));
  PetscCall(VecAssemblyEnd(x));
  PetscCall(MckModelAdvanceStates(m, 0, 0, 1, &x, &failed));
  ok = (PetscBool)(ok && failed);
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscCall(PetscOptionsClearValue(NULL, "-l63_rho"));
  PetscCall(ModelTestCheck(ok, fails, "failed flag: TRUE for an infinite state when the model's limit overflows\n"));
  PetscFunctionReturn(0);
}

/* Start k of 4 for a model of n variables: two states on or near the attractor, one with a NaN,
 * one beyond the model's limits (docs/models.md: ten times the attractor's radius). */
static PetscReal StartValue(const char type[], PetscInt k, PetscInt i, PetscInt n)
{
  const PetscBool l96 = (PetscBool)(n != 3);

  if (k == 2 && i == 0) return NAN;
  if (k == 3) return l96 ? (i % 2 ? 1e3 : -1e3) : (i == 0 ? 600 : 0);
  (void)type;
  if (l96) return 8.0 + 0.5 * PetscSinReal(2 * PETSC_PI * i / n + k) + 0.1 * PetscCosReal(6 * PETSC_PI * i / n);
  return (PetscReal)(i == 2 ? 20 + k : 1 + i + k);
}

static PetscErrorCode ArraysMatchVecs(const char type[], PetscReal dt, PetscInt nsteps, PetscInt *fails)
{
  MckModel         mw, ms;
  PetscInt         n, lo, hi;
  PetscReal       *x[4], *store;
  PetscBool        fa[4], fv[4], has, hasw, same = PETSC_TRUE;
  PetscMPIInt      size;
  Vec              v, all;
  VecScatter       sc;
  const PetscReal *a;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(NewModel(type, dt, &mw)); /* also sets the options the model on one rank reads */
  PetscCall(MckModelCreate(PETSC_COMM_SELF, &ms));
  PetscCall(MckModelSetFromOptions(ms));
  PetscCall(MckModelSetUp(ms));
  PetscCall(MckModelHasArrayAdvance(ms, &has));
  PetscCall(MckModelHasArrayAdvance(mw, &hasw));
  PetscCall(MckModelGetSizes(ms, &n, NULL));
  PetscCall(PetscMalloc1(4 * n, &store));
  for (PetscInt k = 0; k < 4; k++) {
    x[k] = store + k * n;
    for (PetscInt i = 0; i < n; i++) x[k][i] = StartValue(type, k, i, n);
  }
  PetscCall(MckModelAdvanceArrays(ms, 0, nsteps, 4, x, fa));
  PetscCall(MckModelCreateStateVec(mw, &v));
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecScatterCreateToAll(v, &sc, &all));
  for (PetscInt k = 0; k < 4; k++) {
    PetscReal *b;
    PetscCall(VecGetArrayWrite(v, &b));
    for (PetscInt i = lo; i < hi; i++) b[i - lo] = StartValue(type, k, i, n);
    PetscCall(VecRestoreArrayWrite(v, &b));
    PetscCall(MckModelAdvance(mw, 0, nsteps, v, &fv[k]));
    PetscCall(VecScatterBegin(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecGetArrayRead(all, &a));
    if (k < 2) same = (PetscBool)(same && !memcmp(a, x[k], n * sizeof(PetscReal))); /* the same bits */
    PetscCall(VecRestoreArrayRead(all, &a));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &same, 1, MPIU_BOOL, MPI_LAND, PETSC_COMM_WORLD));
  PetscCall(ModelTestCheck((PetscBool)(has && hasw == (size == 1)), fails,
                           "%s: array stepping on one rank, not on a member spread over %d ranks\n", type, size));
  PetscCall(ModelTestCheck(same, fails,
                           "%s: MckModelAdvanceArrays == MckModelAdvance on %d rank(s), bit for bit (%" PetscInt_FMT
                           " steps)\n",
                           type, size, nsteps));
  PetscCall(ModelTestCheck(
      (PetscBool)(!fa[0] && !fa[1] && fa[2] && fa[3] && !fv[0] && !fv[1] && fv[2] && fv[3]), fails,
      "%s: failure flags of the arrays and the vectors: FALSE, FALSE, TRUE (NaN), TRUE (beyond the limits)\n", type));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscCall(VecDestroy(&v));
  PetscCall(PetscFree(store));
  PetscCall(MckModelDestroy(&ms));
  PetscCall(MckModelDestroy(&mw));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestArrayAdvance(PetscInt *fails)
{
  PetscFunctionBeginUser;
  PetscCall(ArraysMatchVecs("lorenz96", 0.05, 20, fails));
  PetscCall(ArraysMatchVecs("lorenz63", 0.01, 20, fails));
  PetscFunctionReturn(0);
}

/* bit patterns of a 100-step Lorenz-96 run in natural order */
static PetscErrorCode WriteBits(const char path[])
{
  Vec x;

  PetscFunctionBeginUser;
  PetscCall(L96At(5.0, 0.05, &x));
  PetscCall(ModelTestWriteBits(x, path));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const ModelTestFn tests[] = {
      TestRK4Order, TestEnergyBudget, TestL63FixedPoints, TestFailed, TestFailedInfiniteLimit, TestArrayAdvance, NULL};
  const char *const clear[] = {"-model_type", "-model_dt", NULL};

  PetscCall(ModelTestMain(argc, argv, WriteBits, tests, clear));
  return 0;
}
