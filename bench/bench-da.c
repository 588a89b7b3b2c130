/* Data-assimilation cycle cost (bench/run_da.sh runs it on 1 and 2 ranks):
 *   forecast  member forecasts of Lorenz-96 (n = 40) and Lorenz-63, J members by nsteps RK4
 *             steps, side by side in one run:
 *               bare      a plain C RK4 loop of the same model over the same members (arrays);
 *               states    MckModelAdvanceStates on the members' Vecs (what a forecast runs);
 *               forecast  MckEnsembleForecast (the above, the move of the members into the
 *                         analysis layout and the collective failure check);
 *               vecpath   the per-stage vector path: a shell model with the same rate on Vecs
 *                         (how every model was stepped before the array path).
 *             The bare loop and the model share the arithmetic: the states must come out
 *             bitwise equal to the bare loop's ("bitwise": true).
 *   cycle     seconds per cycle of forecast and analysis, split, for ETKF J = 24, EnKF J = 40
 *             and LETKF J = 7 (c = 4) on Lorenz-96 n = 40 (every component observed), with the
 *             analysis layout the ensemble chose (or -ens_layout).
 * Output: one JSON object per line, after the machine line (CPU model and instruction set). */
#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>
#include "benchutil.h"

#define NMAX 64

/* ---- the bare loops: what a user writes for one state, nothing shared with the library ---- */
static void BareRateL96(int n, double F, const double *restrict x, double *restrict f)
{
  f[0] = (x[1] - x[n - 2]) * x[n - 1] - x[0] + F;
  f[1] = (x[2] - x[n - 1]) * x[0] - x[1] + F;
  for (int i = 2; i < n - 1; i++) f[i] = (x[i + 1] - x[i - 2]) * x[i - 1] - x[i] + F;
  f[n - 1] = (x[0] - x[n - 3]) * x[n - 2] - x[n - 1] + F;
}

static void BareRateL63(int n, double F, const double *restrict a, double *restrict b)
{
  (void)n;
  (void)F;
  b[0] = 10.0 * (a[1] - a[0]);
  b[1] = a[0] * (28.0 - a[2]) - a[1];
  b[2] = a[0] * a[1] - (8.0 / 3.0) * a[2];
}

typedef void (*BareRate)(int, double, const double *restrict, double *restrict);

static void BareRK4(BareRate rate, int n, double F, double h, int nsteps, double *restrict x)
{
  double k1[NMAX], k2[NMAX], k3[NMAX], k4[NMAX], xs[NMAX];
  for (int s = 0; s < nsteps; s++) {
    rate(n, F, x, k1);
    for (int i = 0; i < n; i++) xs[i] = x[i] + 0.5 * h * k1[i];
    rate(n, F, xs, k2);
    for (int i = 0; i < n; i++) xs[i] = x[i] + 0.5 * h * k2[i];
    rate(n, F, xs, k3);
    for (int i = 0; i < n; i++) xs[i] = x[i] + h * k3[i];
    rate(n, F, xs, k4);
    for (int i = 0; i < n; i++) x[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
}

/* ---- the per-stage vector path: a shell model with the same rate on Vecs ---------------- */
typedef struct {
  BareRate rate;
  int      n;
  double   F;
} ShellCtx;

static PetscErrorCode ShellRHS(MckModel m, PetscReal t, Vec x, Vec f, void *ctx)
{
  ShellCtx          *s = (ShellCtx *)ctx;
  const PetscScalar *xa;
  PetscScalar       *fa;

  PetscFunctionBeginUser;
  (void)m;
  (void)t;
  PetscCall(VecGetArrayRead(x, &xa));
  PetscCall(VecGetArrayWrite(f, &fa));
  s->rate(s->n, s->F, xa, fa);
  PetscCall(VecRestoreArrayWrite(f, &fa));
  PetscCall(VecRestoreArrayRead(x, &xa));
  PetscFunctionReturn(0);
}

static int CompareDouble(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Start states on the attractor: the model's initial state, spun up, then member j kicked. */
static PetscErrorCode StartStates(MckModel m, PetscInt J, PetscInt n, double start[])
{
  Vec        x;
  PetscBool  failed;
  PetscReal *a;

  PetscFunctionBeginUser;
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(MckModelGetInitialState(m, x));
  PetscCall(MckModelAdvance(m, 0, 2000, x, &failed));
  PetscCall(VecGetArray(x, &a));
  for (PetscInt j = 0; j < J; j++)
    for (PetscInt i = 0; i < n; i++) start[j * n + i] = a[i] + 1e-3 * (double)((j * 7 + i * 3) % 11);
  PetscCall(VecRestoreArray(x, &a));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetStates(PetscInt J, PetscInt n, const double start[], Vec x[])
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < J; j++) {
    PetscReal *a;
    PetscCall(VecGetArrayWrite(x[j], &a));
    for (PetscInt i = 0; i < n; i++) a[i] = start[j * n + i];
    PetscCall(VecRestoreArrayWrite(x[j], &a));
  }
  PetscFunctionReturn(0);
}

/* Seconds of body per member and step. */
#define TIMED(out, per, body)            \
  do {                                   \
    double t0_ = MPI_Wtime();            \
    body;                                \
    (out) = (MPI_Wtime() - t0_) / (per); \
  } while (0)

static double Median(PetscInt n, double v[])
{
  qsort(v, (size_t)n, sizeof(double), CompareDouble);
  return v[n / 2];
}

static PetscErrorCode BenchForecast(const char mtype[], BareRate rate, PetscInt J, PetscInt nsteps, PetscInt reps)
{
  MckModel    m, shell;
  MckEnsemble ens;
  ShellCtx    sctx;
  Vec        *x;
  PetscBool  *failed, same = PETSC_TRUE;
  PetscInt    n, inner;
  PetscReal   dt;
  double     *start, *bare, t_bare, t_states, t_vec, t_forecast, tb[64], ts[64], tv[64], tf[64], rs[64], rf[64], rv[64];

  PetscFunctionBeginUser;
  PetscCheck(reps >= 1 && reps <= 64, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "-bench_reps %" PetscInt_FMT ": allowed 1 to 64", reps);
  PetscCall(MckModelCreate(PETSC_COMM_SELF, &m));
  PetscCall(MckModelSetType(m, mtype));
  PetscCall(MckModelSetUp(m));
  PetscCall(MckModelGetSizes(m, &n, NULL));
  PetscCall(MckModelGetTimeStep(m, &dt));
  PetscCheck(n <= NMAX, PETSC_COMM_SELF, PETSC_ERR_SUP, "bench-da: n = %" PetscInt_FMT " above %d", n, NMAX);
  PetscCall(PetscMalloc4((size_t)J * n, &start, (size_t)J * n, &bare, J, &x, J, &failed));
  PetscCall(StartStates(m, J, n, start));
  for (PetscInt j = 0; j < J; j++) PetscCall(MckModelCreateStateVec(m, &x[j]));
  inner = PetscMax(1, 20000 / (J * nsteps)); /* calls per repetition: a few ms */

  /* equal arithmetic: one call of each from the same states */
  PetscCall(PetscArraycpy(bare, start, (size_t)J * n));
  for (PetscInt j = 0; j < J; j++) BareRK4(rate, (int)n, 8.0, dt, (int)nsteps, bare + j * n);
  PetscCall(SetStates(J, n, start, x));
  PetscCall(MckModelAdvanceStates(m, 0, nsteps, J, x, failed));
  for (PetscInt j = 0; j < J; j++) {
    const PetscReal *a;
    PetscCall(VecGetArrayRead(x[j], &a));
    for (PetscInt i = 0; i < n; i++) same = (PetscBool)(same && a[i] == bare[j * n + i]);
    PetscCall(VecRestoreArrayRead(x[j], &a));
  }

  sctx.rate = rate;
  sctx.n    = (int)n;
  sctx.F    = 8.0;
  PetscCall(MckModelCreate(PETSC_COMM_SELF, &shell));
  PetscCall(MckModelShellSetDynamical(shell, n, dt, ShellRHS, &sctx));
  PetscCall(MckModelSetUp(shell));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetSize(ens, J));
  PetscCall(MckEnsembleSetType(ens, MCKENSEMBLE_ETKF));
  PetscCall(MckEnsembleSetModel(ens, m));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, start, 1e-3));
  PetscCall(PetscArraycpy(bare, start, (size_t)J * n));
  PetscCall(SetStates(J, n, start, x));
  /* the four side by side in every repetition (a loaded machine slows them alike); medians
   * of the times and of the per-repetition ratios */
  for (PetscInt r = 0; r < reps; r++) {
    const double per = (double)inner * J * nsteps;
    TIMED(tb[r], per,
          for (PetscInt k = 0; k < inner; k++) for (PetscInt j = 0; j < J; j++)
              BareRK4(rate, (int)n, 8.0, dt, (int)nsteps, bare + j * n));
    TIMED(ts[r], per,
          for (PetscInt k = 0; k < inner; k++) PetscCall(MckModelAdvanceStates(m, 0, nsteps, J, x, failed)));
    TIMED(tv[r], per,
          for (PetscInt k = 0; k < inner; k++) for (PetscInt j = 0; j < J; j++)
              PetscCall(MckModelAdvance(shell, 0, nsteps, x[j], &failed[j])));
    TIMED(tf[r], per, for (PetscInt k = 0; k < inner; k++) PetscCall(MckEnsembleForecast(ens, 0, nsteps)));
    rs[r] = ts[r] / tb[r];
    rf[r] = tf[r] / tb[r];
    rv[r] = tv[r] / tb[r];
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&shell));
  t_bare     = Median(reps, tb);
  t_states   = Median(reps, ts);
  t_vec      = Median(reps, tv);
  t_forecast = Median(reps, tf);

  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"forecast\", \"model\": \"%s\", \"n\": %" PetscInt_FMT ", \"J\": %" PetscInt_FMT
      ", \"nsteps\": %" PetscInt_FMT
      ", \"bare_us\": %.4f, \"states_us\": %.4f, \"forecast_us\": %.4f, \"vecpath_us\": %.4f, \"states_over_bare\": %.3f, \"forecast_over_bare\": %.3f, \"vecpath_over_bare\": %.3f, \"bitwise\": %s",
      mtype, n, J, nsteps, 1e6 * t_bare, 1e6 * t_states, 1e6 * t_forecast, 1e6 * t_vec, Median(reps, rs),
      Median(reps, rf), Median(reps, rv), same ? "true" : "false"));
  for (PetscInt j = 0; j < J; j++) PetscCall(VecDestroy(&x[j]));
  PetscCall(PetscFree4(start, bare, x, failed));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* Forecast and analysis per cycle, split, on Lorenz-96 with every component observed. */
static PetscErrorCode BenchCycle(MPI_Comm comm, const char type[], PetscInt J, PetscInt cycles)
{
  MckEnsemble ens;
  PetscInt    n, *idx;
  PetscReal  *y, *r, t = 0, dt = 0.05;
  double      tf = 0, ta = 0, t0;
  PetscMPIInt size;
  char        layout[64];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(BenchSetOption("-ens_analysis", type));
  PetscCall(BenchSetOptionInt("-ens_size", J));
  PetscCall(BenchSetOption("-ens_loc_radius", "4"));
  PetscCall(BenchSetOption("-ens_inflation", "1.08"));
  PetscCall(BenchSetOption("-ens_divergence_ratio", "0")); /* observations of no truth: no warnings */
  PetscCall(MckEnsembleCreateWithModel(comm, MCKENSEMBLE_ETKF, MCKMODEL_LORENZ96, &ens));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleGetSizes(ens, NULL, &n, NULL));
  PetscCall(MckEnsembleGetLayout(ens, layout, sizeof(layout)));
  PetscCall(PetscMalloc3(n, &idx, n, &y, n, &r));
  for (PetscInt i = 0; i < n; i++) {
    idx[i] = i;
    y[i]   = 8.0 * PetscSinReal(0.3 * i);
    r[i]   = 1.0;
  }
  PetscCall(MckEnsembleSetObservations(ens, n, idx, y, r));
  PetscCall(MckEnsembleInitializeMembers(ens, y, 1.0));
  for (PetscInt c = 0; c < cycles + 10; c++) {
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCall(MckEnsembleForecast(ens, t, 1));
    if (c >= 10) tf += BenchWtimeMaxDelta(comm, t0);
    t += dt;
    PetscCallMPI(MPI_Barrier(comm));
    t0 = MPI_Wtime();
    PetscCall(MckEnsembleAnalyze(ens));
    if (c >= 10) ta += BenchWtimeMaxDelta(comm, t0);
  }
  PetscCall(BenchJSON(comm,
                      "\"bench\": \"cycle\", \"analysis\": \"%s\", \"ranks\": %d, \"n\": %" PetscInt_FMT
                      ", \"J\": %" PetscInt_FMT
                      ", \"layout\": \"%s\", \"forecast_us\": %.2f, \"analysis_us\": %.2f, \"cycle_us\": %.2f",
                      type, size, n, J, layout, 1e6 * tf / cycles, 1e6 * ta / cycles, 1e6 * (tf + ta) / cycles));
  PetscCall(PetscFree3(idx, y, r));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char      part[16] = "forecast";
  PetscInt  J = 40, nsteps[8] = {1, 10}, ns = 8, reps = 15, cycles = 2000;
  PetscBool set;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, "bench-da: data-assimilation cycle cost"));
  PetscCall(BenchPrintMachine(PETSC_COMM_WORLD, "bench-da"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-da", NULL);
  PetscCall(MckOptionsString("-bench_part", "forecast or cycle", part, part, sizeof(part), NULL));
  PetscCall(MckOptionsInt("-bench_J", "Members (forecast)", J, &J, NULL));
  PetscCall(MckOptionsIntArray("-bench_nsteps", "Model steps per forecast (forecast)", nsteps, &ns, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions (median reported)", reps, &reps, NULL));
  PetscCall(MckOptionsInt("-bench_cycles", "Timed cycles (cycle)", cycles, &cycles, NULL));
  PetscOptionsEnd();
  if (!set) ns = 2;
  if (!strcmp(part, "forecast")) {
    for (PetscInt k = 0; k < ns; k++) {
      PetscCall(BenchForecast(MCKMODEL_LORENZ96, BareRateL96, J, nsteps[k], reps));
      PetscCall(BenchForecast(MCKMODEL_LORENZ63, BareRateL63, J, nsteps[k], reps));
    }
  } else if (!strcmp(part, "cycle")) {
    PetscCall(BenchCycle(PETSC_COMM_WORLD, "etkf", 24, cycles));
    PetscCall(BenchCycle(PETSC_COMM_WORLD, "enkf", 40, cycles));
    PetscCall(BenchCycle(PETSC_COMM_WORLD, "letkf", 7, cycles));
  } else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-bench_part %s: choose forecast or cycle", part);
  PetscCall(McKeanFinalize());
  return 0;
}
