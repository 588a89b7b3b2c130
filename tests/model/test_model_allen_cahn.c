/* The Allen-Cahn model (src/model/allen_cahn.c) on PETSC_COMM_WORLD, so on 2 ranks the state is
 * a DMDA split into rows:
 *  - RK4 global error at T = 1 against a dt/64 reference falls by 2^4 per halving of dt
 *    (observed order within 0.3 of 4);
 *  - the discrete free energy E = sum h^2 (kappa/2 |grad_h u|^2 + (u^2 - 1)^2 / 4) falls in
 *    every one of 400 small steps (the equation is its gradient flow), at the rate
 *    dE/dt = -h^2 sum (du/dt)^2 (central differences of RK4 states match to O(dt^2));
 *  - a constant state stays bitwise uniform (the 5-point Laplacian of a constant is exactly 0)
 *    and follows c' = c - c^3, c(t) = c0 e^t / sqrt(1 + c0^2 (e^{2t} - 1)), with RK4's
 *    fourth-order error (c0 = 0.1 and -2, beyond the well at -1);
 *  - bad options are refused with one line naming the option (an unstable -model_dt names
 *    -ac_kappa and the largest stable step too).
 * With a file argument, writes the bit patterns of a 100-step run on a 20 x 12 grid there (the
 * rank-count bitwise test: one rank steps through the array rate, several through the DMDA's
 * ghost rows). */
#include "modeltest.h"

static const char *const Options[] = {"-model_type", "-model_dt", "-ac_n", "-ac_kappa", "-ac_length"};

static PetscErrorCode ClearOptions(void)
{
  PetscFunctionBeginUser;
  for (size_t k = 0; k < sizeof(Options) / sizeof(Options[0]); k++) PetscCall(PetscOptionsClearValue(NULL, Options[k]));
  PetscFunctionReturn(0);
}

/* An allen_cahn model with step dt and the extra options opts ("" for the defaults). */
static PetscErrorCode NewModel(PetscReal dt, const char opts[], MckModel *m)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "-model_type allen_cahn -model_dt %.17g", (double)dt));
  PetscCall(PetscOptionsInsertString(NULL, buf));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, m));
  PetscCall(MckModelSetFromOptions(*m));
  PetscCall(MckModelSetUp(*m));
  PetscCall(ClearOptions());
  PetscFunctionReturn(0);
}

/* The model's initial state advanced nsteps steps of dt. */
static PetscErrorCode StateAt(PetscReal dt, PetscInt nsteps, const char opts[], Vec *x)
{
  MckModel  m;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel(dt, opts, &m));
  PetscCall(MckModelCreateStateVec(m, x));
  PetscCall(MckModelGetInitialState(m, *x));
  PetscCall(MckModelAdvance(m, 0, nsteps, *x, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "Allen-Cahn reported failure on a finite state");
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* The state at t = 1 from the initial pattern with step dt. */
static PetscErrorCode StateAtOne(PetscReal dt, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCall(StateAt(dt, (PetscInt)(1 / dt + 0.5), "", x));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestRK4Order(PetscInt *fails)
{
  PetscFunctionBeginUser;
  PetscCall(ModelTestRK4Order("AC", StateAtOne, 0.05, 64, fails));
  PetscFunctionReturn(0);
}

/* The whole state on every rank (natural order, component i + nx j). */
typedef struct {
  VecScatter sc;
  Vec        all;
} Gathered;

static PetscErrorCode GatherAll(Vec x, Gathered *g, const PetscReal **a)
{
  PetscFunctionBeginUser;
  if (!g->sc) PetscCall(VecScatterCreateToAll(x, &g->sc, &g->all));
  PetscCall(VecScatterBegin(g->sc, x, g->all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(g->sc, x, g->all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(g->all, a));
  PetscFunctionReturn(0);
}

/* E = sum h^2 (kappa/2 |grad_h u|^2 + (u^2 - 1)^2 / 4), forward differences, periodic. */
static PetscReal FreeEnergy(PetscInt nx, PetscInt ny, PetscReal h, PetscReal kappa, const PetscReal u[])
{
  PetscReal e = 0;

  for (PetscInt j = 0; j < ny; j++)
    for (PetscInt i = 0; i < nx; i++) {
      const PetscReal c = u[i + nx * j], dx = u[(i + 1) % nx + nx * j] - c, dy = u[i + nx * ((j + 1) % ny)] - c;
      e += 0.5 * kappa * (dx * dx + dy * dy) + h * h * 0.25 * (c * c - 1) * (c * c - 1);
    }
  return e;
}

static PetscErrorCode Energy(Vec x, Gathered *g, PetscReal *e)
{
  const PetscReal *a;

  PetscFunctionBeginUser;
  PetscCall(GatherAll(x, g, &a));
  *e = FreeEnergy(32, 32, 1.0, 2.0, a); /* the defaults: 32 x 32, L = 32, kappa = 2 */
  PetscCall(VecRestoreArrayRead(g->all, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestEnergyDecreases(PetscInt *fails)
{
  const PetscInt nsteps = 400;
  MckModel       m;
  Vec            x;
  Gathered       g = {NULL, NULL};
  PetscReal      e0, e, eprev, rise = PETSC_MIN_REAL;
  PetscBool      failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel(0.01, "", &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(MckModelGetInitialState(m, x));
  PetscCall(Energy(x, &g, &e0));
  eprev = e0;
  for (PetscInt s = 0; s < nsteps; s++) {
    PetscCall(MckModelAdvance(m, s * 0.01, 1, x, &failed));
    PetscCall(Energy(x, &g, &e));
    rise  = PetscMax(rise, e - eprev); /* the largest change of a step */
    eprev = e;
  }
  /* each step lowers E by about dt h^2 sum (du/dt)^2, far above the rounding of the sum: every
   * step must lower it */
  PetscCall(ModelTestCheck((PetscBool)(rise < 0 && e < e0), fails,
                           "AC free energy: %.6g -> %.6g over %" PetscInt_FMT
                           " steps, largest change in a step %.2e (< 0)\n",
                           (double)e0, (double)e, nsteps, (double)rise));
  PetscCall(VecScatterDestroy(&g.sc));
  PetscCall(VecDestroy(&g.all));
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* |dE/dt + h^2 sum (du/dt)^2| / |dE/dt| at the state after 100 steps of dt: both rates from
 * central differences of the states one step before and after (second order in dt). */
static PetscErrorCode DissipationMismatch(PetscReal dt, PetscReal *rel)
{
  MckModel        m;
  Vec             x, x0;
  Gathered        g = {NULL, NULL};
  const PetscReal h = 1.0; /* the default spacing L / nx = 32 / 32 */
  PetscReal       e0, e2, rate, n2;
  PetscBool       failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel(dt, "", &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecDuplicate(x, &x0));
  PetscCall(MckModelGetInitialState(m, x));
  PetscCall(MckModelAdvance(m, 0, (PetscInt)(1.0 / dt + 0.5), x, &failed)); /* t = 1: domains forming */
  PetscCall(VecCopy(x, x0));
  PetscCall(Energy(x, &g, &e0));
  PetscCall(MckModelAdvance(m, 0, 2, x, &failed));
  PetscCall(Energy(x, &g, &e2));
  PetscCall(VecAXPY(x0, -1.0, x)); /* u(t - dt) - u(t + dt) = -2 dt du/dt */
  PetscCall(VecNorm(x0, NORM_2, &n2));
  rate = (e2 - e0) / (2 * dt);
  *rel = PetscAbsReal(rate + h * h * (n2 / (2 * dt)) * (n2 / (2 * dt))) / PetscAbsReal(rate);
  PetscCall(VecScatterDestroy(&g.sc));
  PetscCall(VecDestroy(&g.all));
  PetscCall(VecDestroy(&x0));
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestDissipationRate(PetscInt *fails)
{
  PetscReal r1, r2;

  PetscFunctionBeginUser;
  PetscCall(DissipationMismatch(4e-3, &r1));
  PetscCall(DissipationMismatch(2e-3, &r2));
  /* both central differences are second order: halving dt divides the mismatch by ~4 */
  PetscCall(ModelTestCheck((PetscBool)(r2 < 1e-5 && r1 / r2 > 3.0 && r1 / r2 < 5.0), fails,
                           "AC dissipation dE/dt = -h^2 |du/dt|^2: relative mismatch %.3e (dt 4e-3), %.3e (dt 2e-3), "
                           "ratio %.2f\n",
                           (double)r1, (double)r2, (double)(r1 / r2)));
  PetscFunctionReturn(0);
}

/* The constant state c0 after T / dt steps: *spread = max - min over the grid, *err against
 * the exact solution of c' = c - c^3. */
static PetscErrorCode ConstantRun(PetscReal c0, PetscReal dt, PetscReal *spread, PetscReal *err)
{
  const PetscReal T = 2.0, e2t = PetscExpReal(2 * T);
  const PetscReal exact = c0 * PetscExpReal(T) / PetscSqrtReal(1 + c0 * c0 * (e2t - 1));
  MckModel        m;
  Vec             x;
  PetscReal       lo, hi;
  PetscBool       failed;

  PetscFunctionBeginUser;
  PetscCall(NewModel(dt, "", &m));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecSet(x, c0));
  PetscCall(MckModelAdvance(m, 0, (PetscInt)(T / dt + 0.5), x, &failed));
  PetscCall(VecMin(x, NULL, &lo));
  PetscCall(VecMax(x, NULL, &hi));
  *spread = hi - lo;
  *err    = PetscAbsReal(hi - exact);
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestConstantState(PetscInt *fails)
{
  const PetscReal c0[] = {0.1, -2.0};

  PetscFunctionBeginUser;
  for (int k = 0; k < 2; k++) {
    PetscReal s1, s2, e1, e2, order;

    PetscCall(ConstantRun(c0[k], 0.02, &s1, &e1));
    PetscCall(ConstantRun(c0[k], 0.01, &s2, &e2));
    order = PetscLog2Real(e1 / e2);
    PetscCall(ModelTestCheck((PetscBool)(s1 == 0 && s2 == 0 && PetscAbsReal(order - 4) < 0.3), fails,
                             "AC constant u0 = %g: uniform (spread %g, %g), error vs c' = c - c^3 at T = 2: %.3e (dt "
                             "0.02) -> %.3e (dt 0.01), order %.3f\n",
                             (double)c0[k], (double)s1, (double)s2, (double)e1, (double)e2, (double)order));
  }
  PetscFunctionReturn(0);
}

/* opts refused at set-up as user input, with one line that contains each of the words. */
static PetscErrorCode CheckRefused(const char opts[], const char *const words[], PetscInt nwords, PetscInt *fails)
{
  MckModel       m;
  PetscErrorCode code;
  const char    *text;
  char          *msg = NULL;
  PetscBool      ok;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInsertString(NULL, "-model_type allen_cahn"));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &m));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  code = MckModelSetFromOptions(m);
  if (!code) code = MckModelSetUp(m);
  PetscCall(PetscPopErrorHandler());
  if (code) PetscCall(PetscErrorMessage(code, &text, &msg));
  ok = (PetscBool)(code == PETSC_ERR_USER_INPUT && msg && !strchr(msg, '\n'));
  for (PetscInt w = 0; ok && w < nwords; w++) ok = (PetscBool)(strstr(msg, words[w]) != NULL);
  PetscCall(ModelTestCheck(ok, fails, "AC %s refused: %s\n", opts, msg ? msg : "(accepted)"));
  PetscCall(MckModelDestroy(&m));
  PetscCall(ClearOptions());
  PetscFunctionReturn(0);
}

static PetscErrorCode TestBadOptions(PetscInt *fails)
{
  const char *const dt[]     = {"-model_dt 0.2", "-ac_kappa 2", "0.1547"};
  const char *const n[]      = {"-ac_n 2"};
  const char *const n3[]     = {"-ac_n", "not 3"};
  const char *const kappa[]  = {"-ac_kappa -1"};
  const char *const length[] = {"-ac_length 0"};

  PetscFunctionBeginUser;
  /* the defaults (h = 1, kappa = 2): the largest stable step is 2.785293563 / 18 */
  PetscCall(CheckRefused("-model_dt 0.2", dt, 3, fails));
  PetscCall(CheckRefused("-ac_n 2", n, 1, fails));
  PetscCall(CheckRefused("-ac_n 8,8,8", n3, 2, fails));
  PetscCall(CheckRefused("-ac_kappa -1", kappa, 1, fails));
  PetscCall(CheckRefused("-ac_length 0", length, 1, fails));
  PetscFunctionReturn(0);
}

/* bit patterns of a 100-step run on a 20 x 12 grid in natural order */
static PetscErrorCode WriteBits(const char path[])
{
  Vec x;

  PetscFunctionBeginUser;
  PetscCall(StateAt(0.05, 100, "-ac_n 20,12 -ac_length 20", &x));
  PetscCall(ModelTestWriteBits(x, path));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const ModelTestFn tests[] = {TestRK4Order,      TestEnergyDecreases, TestDissipationRate,
                               TestConstantState, TestBadOptions,      NULL};

  PetscCall(ModelTestMain(argc, argv, WriteBits, tests, NULL));
  return 0;
}
