/* Data-assimilation cycle cost (bench/run_da.sh runs it on 1 and 2 ranks):
 *   forecast  member forecasts of Lorenz-96 (n = 40) and Lorenz-63, J members by nsteps RK4
 *             steps, side by side in one run:
 *               bare      a plain C RK4 loop of the same model over the same members (arrays);
 *               states    MckModelAdvanceStates on the members' Vecs;
 *               arrays    MckModelAdvanceArrays on rows of one array (the stepping a forecast
 *                         runs on members that sit in the ensemble's storage);
 *               forecast  MckEnsembleForecast (the stepping, the move of the members into the
 *                         analysis layout and the collective failure check);
 *               vecpath   the per-stage vector path: a shell model with the same rate on Vecs
 *                         (how every model was stepped before the array path).
 *             The bare loop and the model share the arithmetic: the states must come out
 *             bitwise equal to the bare loop's ("bitwise": true).
 *   cycle     the cycle of mckean-da (MckRun driving a filter MckTwin: truth run, synthetic
 *             observations, forecast, analysis, series output), split into its phases by the
 *             library's log events (PetscLogEventGetPerfInfo in the "McKean Run" stage: forecast,
 *             failure check, layout transfer, observations, analysis, output; "other" is the rest:
 *             truth run, observation draws, RMSE diagnostics), microseconds per cycle on the
 *             slowest rank, for ETKF J = 24, EnKF J = 40 and LETKF J = 7 (c = 4) on the standard
 *             Lorenz-96 case (n = 40, F = 8, dt = 0.05, every component observed, R = I, rho =
 *             1.08), with the forecast per member and step against the bare RK4 loop timed in
 *             the same run; then LETKF J = 7 at n = -bench_big_n (10^6). The analysis layout
 *             is the ensemble's choice for the size and rank count (or -ens_layout).
 * Output: one JSON object per line, after the machine line (CPU model and instruction set). */
#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>
#include <mckean/mckrun.h>
#include <mckean/mcktwin.h>
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
#define TIMED(out, per, body)           \
  do {                                  \
    double t0_ = BenchNow();            \
    body;                               \
    (out) = (BenchNow() - t0_) / (per); \
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
  double     *start, *bare, *rows, t_bare, t_states, t_vec, t_forecast, t_arrays;
  double      tb[64], ts[64], tv[64], tf[64], ta[64], rs[64], rf[64], rv[64], ra[64];
  PetscReal **row;

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
  PetscCall(PetscMalloc2((size_t)J * n, &rows, J, &row));
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
  PetscCall(PetscArraycpy(rows, start, (size_t)J * n));
  for (PetscInt j = 0; j < J; j++) row[j] = rows + j * n;
  PetscCall(SetStates(J, n, start, x));
  /* the five side by side in every repetition (a loaded machine slows them alike); medians
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
    TIMED(ta[r], per,
          for (PetscInt k = 0; k < inner; k++) PetscCall(MckModelAdvanceArrays(m, 0, nsteps, J, row, failed)));
    ra[r] = ta[r] / tb[r];
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
  t_arrays   = Median(reps, ta);

  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"forecast\", \"model\": \"%s\", \"n\": %" PetscInt_FMT ", \"J\": %" PetscInt_FMT
      ", \"nsteps\": %" PetscInt_FMT
      ", \"bare_us\": %.4f, \"states_us\": %.4f, \"arrays_us\": %.4f, \"forecast_us\": %.4f, \"vecpath_us\": %.4f, \"states_over_bare\": %.3f, \"arrays_over_bare\": %.3f, \"forecast_over_bare\": %.3f, \"vecpath_over_bare\": %.3f, \"bitwise\": %s",
      mtype, n, J, nsteps, 1e6 * t_bare, 1e6 * t_states, 1e6 * t_arrays, 1e6 * t_forecast, 1e6 * t_vec,
      Median(reps, rs), Median(reps, ra), Median(reps, rf), Median(reps, rv), same ? "true" : "false"));
  for (PetscInt j = 0; j < J; j++) PetscCall(VecDestroy(&x[j]));
  PetscCall(PetscFree4(start, bare, x, failed));
  PetscCall(PetscFree2(rows, row));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

/* ---- the cycle of mckean-da, split by the library's log events -------------------------- */
/* The phases of a cycle, disjoint: member forecasts, the collective failure check, the moves of
 * the members between their layout and the analysis layout, H on the members, the analysis
 * proper, the run file's output (series rows). What is left of the cycle's wall time ("other")
 * is the twin experiment's own work: the truth run, the synthetic observations, the RMSE
 * diagnostics and the rank histogram. */
#define NPHASE 6
static const char *const PhaseEvent[NPHASE] = {"EnsForecast", "EnsFailures", "EnsTranspose",
                                               "EnsObserve",  "EnsAnalysis", "MckIOWrite"};
static const char *const PhaseName[NPHASE]  = {"forecast",     "failure_check", "transfer",
                                               "observations", "analysis",      "output"};

typedef struct {
  PetscInt64  first;                       /* the cycle after which the timing starts (the warm-up before) */
  double      t0, t1;                      /* wall clock at the first and the last monitored cycle */
  double      e0[NPHASE], e1[NPHASE];      /* the phases' event times then */
  PetscInt64  ncycles;                     /* cycles between the two */
  MckEnsemble ens;                         /* the app's ensemble, read at the end of the run: */
  char        layout[64];                  /*   its analysis layout */
  PetscInt64  halo_bytes, allgather_bytes; /* its exchange bytes of one analysis (one per cycle) */
} CycleClock;

static PetscErrorCode PhaseTimes(double t[])
{
  PetscLogStage stage;

  PetscFunctionBeginUser;
  PetscCall(PetscLogStageGetId("McKean Run", &stage));
  for (PetscInt k = 0; k < NPHASE; k++) {
    PetscLogEvent      ev;
    PetscEventPerfInfo info;
    PetscCall(PetscLogEventGetId(PhaseEvent[k], &ev));
    PetscCall(PetscLogEventGetPerfInfo(stage, ev, &info));
    t[k] = info.time;
  }
  PetscFunctionReturn(0);
}

/* Called after every cycle: the clock starts after the warm-up cycles and stops at the last. */
static PetscErrorCode CycleMonitor(MckRun run, PetscInt64 step, PetscReal time, void *ctx)
{
  CycleClock *c = (CycleClock *)ctx;

  PetscFunctionBeginUser;
  (void)run;
  (void)time;
  if (step < c->first) PetscFunctionReturn(0);
  if (step == c->first) {
    c->t0 = MPI_Wtime();
    PetscCall(PhaseTimes(c->e0));
  }
  c->t1 = MPI_Wtime();
  PetscCall(PhaseTimes(c->e1));
  c->ncycles = step - c->first;
  PetscFunctionReturn(0);
}

/* After the last cycle, before the app destroys its ensemble: the layout and the bytes. */
static PetscErrorCode ReadEnsemble(MckRun run, void *ctx)
{
  CycleClock *c = (CycleClock *)ctx;

  PetscFunctionBeginUser;
  (void)run;
  PetscCall(MckEnsembleGetLayout(c->ens, c->layout, sizeof(c->layout)));
  PetscCall(MckEnsembleGetExchangeBytes(c->ens, &c->halo_bytes, &c->allgather_bytes));
  PetscFunctionReturn(0);
}

/* The app's hook before the solve: the clock after every cycle, the reading at the end. */
static PetscErrorCode AddClock(MckRun run, MckEnsemble ens, void *ctx)
{
  CycleClock *c = (CycleClock *)ctx;

  PetscFunctionBeginUser;
  c->ens = ens;
  PetscCall(MckRunAddMonitor(run, NULL, 1, CycleMonitor, c));
  PetscCall(MckRunAddFinish(run, ReadEnsemble, c));
  PetscFunctionReturn(0);
}

/* mckean-da's cycle (apps/mckean-da.c: MckRun driving a filter MckTwin) on Lorenz-96 with n
 * components, every one observed every step with unit variance; seconds per cycle of each
 * phase (slowest rank), after `warm` cycles. */
static PetscErrorCode BenchCycle(MPI_Comm comm, const char type[], PetscInt J, PetscInt n, PetscInt cycles,
                                 PetscInt warm, const char output[], double bare_us)
{
  CycleClock  clock = {.first = warm};
  PetscMPIInt size;
  char        split[512] = "", bare[128];
  double      local[NPHASE + 1], slow[NPHASE + 1], sum = 0;
  size_t      len = 0;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(BenchSetOption("-model_type", "lorenz96"));
  PetscCall(BenchSetOption("-model_dt", "0.05"));
  PetscCall(BenchSetOptionInt("-l96_n", n));
  PetscCall(BenchSetOption("-l96_forcing", "8"));
  PetscCall(BenchSetOption("-ens_analysis", type));
  PetscCall(BenchSetOptionInt("-ens_size", J));
  PetscCall(BenchSetOption("-ens_inflation", "1.08"));
  if (!strcmp(type, "letkf")) PetscCall(BenchSetOption("-ens_loc_radius", "4"));
  else PetscCall(PetscOptionsClearValue(NULL, "-ens_loc_radius"));
  PetscCall(BenchSetOptionInt("-da_cycles", warm + cycles));
  PetscCall(BenchSetOption("-da_obs_every", "1"));
  PetscCall(BenchSetOption("-da_obs_steps", "1"));
  PetscCall(BenchSetOption("-da_obs_var", "1"));
  PetscCall(BenchSetOptionInt("-da_spinup", n > 1000 ? 20 : 1000));
  PetscCall(BenchSetOption("-progress_interval", "0"));
  PetscCall(BenchSetOption("-output", output));

  /* mckean-da's own job (apps/mckean-da.c), with the clock added before the solve */
  PetscCall(MckRunTwinAppWithHook(comm, output, MCKENSEMBLE_ETKF, MCKMODEL_LORENZ96, MCKTWIN_FILTER, "da_", AddClock,
                                  &clock));

  PetscCheck(clock.ncycles == cycles, comm, PETSC_ERR_PLIB,
             "bench-da: timed %" PetscInt64_FMT " cycles, not %" PetscInt_FMT, clock.ncycles, cycles);
  for (PetscInt k = 0; k < NPHASE; k++) local[k] = (clock.e1[k] - clock.e0[k]) / cycles;
  local[NPHASE] = (clock.t1 - clock.t0) / cycles;
  PetscCallMPI(MPI_Allreduce(local, slow, NPHASE + 1, MPI_DOUBLE, MPI_MAX, comm));
  for (PetscInt k = 0; k < NPHASE; k++) {
    sum += slow[k];
    PetscCall(PetscSNPrintf(split + len, sizeof(split) - len, "\"%s_us\": %.2f, ", PhaseName[k], 1e6 * slow[k]));
    PetscCall(PetscStrlen(split, &len));
  }
  if (bare_us > 0) /* against the bare loop: only where it was timed (n = 40) */
    PetscCall(PetscSNPrintf(bare, sizeof(bare), "\"bare_us_per_member_step\": %.4f, \"forecast_over_bare\": %.3f",
                            bare_us, 1e6 * slow[0] / J / bare_us));
  else PetscCall(PetscStrncpy(bare, "\"bare_us_per_member_step\": null, \"forecast_over_bare\": null", sizeof(bare)));
  PetscCall(BenchJSON(comm,
                      "\"bench\": \"cycle\", \"analysis\": \"%s\", \"ranks\": %d, \"n\": %" PetscInt_FMT
                      ", \"J\": %" PetscInt_FMT ", \"cycles\": %" PetscInt_FMT
                      ", \"layout\": \"%s\", %s\"other_us\": %.2f, "
                      "\"cycle_us\": %.2f, \"forecast_us_per_member_step\": %.4f, %s, "
                      /* the local analyses' H X exchange (0 where no block layout exchanges it) */
                      "\"halo_bytes_per_cycle\": %" PetscInt64_FMT ", \"allgather_bytes_per_cycle\": %" PetscInt64_FMT,
                      type, size, n, J, cycles, clock.layout, split, 1e6 * PetscMax(0.0, slow[NPHASE] - sum),
                      1e6 * slow[NPHASE], 1e6 * slow[0] / J, bare, clock.halo_bytes, clock.allgather_bytes));
  PetscFunctionReturn(0);
}

/* Microseconds per member and step of the bare RK4 loop on Lorenz-96 (n = 40): J members, one
 * step each per cycle, as the cycles' forecasts. */
static double BareCycleForecastUs(PetscInt J, PetscInt cycles, double x[])
{
  double t0;

  for (PetscInt j = 0; j < J; j++)
    for (PetscInt i = 0; i < 40; i++) x[j * 40 + i] = 8.0 + 1e-3 * (double)((j * 7 + i * 3) % 11) + (i == 0);
  t0 = MPI_Wtime();
  for (PetscInt c = 0; c < cycles; c++)
    for (PetscInt j = 0; j < J; j++) BareRK4(BareRateL96, 40, 8.0, 0.05, 1, x + j * 40);
  return 1e6 * (MPI_Wtime() - t0) / ((double)cycles * J);
}

static PetscErrorCode BenchCycles(MPI_Comm comm, PetscInt cycles, PetscInt warm, PetscInt big_n, PetscInt big_cycles,
                                  const char output[])
{
  static const char *const type[3] = {"etkf", "enkf", "letkf"};
  static const PetscInt    J[3]    = {24, 40, 7};
  double                  *x;

  PetscFunctionBeginUser;
  PetscCall(PetscLogDefaultBegin());
  PetscCall(PetscMalloc1(40 * 40, &x));
  for (PetscInt k = 0; k < 3; k++) {
    double bare = BareCycleForecastUs(J[k], cycles, x);
    PetscCallMPI(MPI_Bcast(&bare, 1, MPI_DOUBLE, 0, comm)); /* rank 0's loop: one number for the line */
    PetscCall(BenchCycle(comm, type[k], J[k], 40, cycles, warm, output, bare));
  }
  PetscCall(PetscFree(x));
  if (big_n > 0) PetscCall(BenchCycle(comm, "letkf", 7, big_n, big_cycles, 1, output, 0.0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  char        part[16] = "forecast";
  PetscInt    J = 40, nsteps[8] = {1, 10}, ns = 8, reps = 15, cycles = 2000, warm = 10, big_n = 1000000, big_cycles = 3;
  char        output[PETSC_MAX_PATH_LEN] = "bench-da-cycle.h5";
  PetscBool   set;
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-da", NULL);
  PetscCall(MckOptionsString("-bench_part", "forecast or cycle", part, part, sizeof(part), NULL));
  PetscCall(MckOptionsInt("-bench_J", "Members (forecast)", J, &J, NULL));
  PetscCall(MckOptionsIntArray("-bench_nsteps", "Model steps per forecast (forecast)", nsteps, &ns, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Timed repetitions (median reported)", reps, &reps, NULL));
  PetscCall(MckOptionsInt("-bench_cycles", "Timed cycles, n = 40 (cycle)", cycles, &cycles, NULL));
  PetscCall(MckOptionsInt("-bench_warmup", "Cycles before the timing starts, n = 40 (cycle)", warm, &warm, NULL));
  PetscCall(MckOptionsInt("-bench_big_n", "State size of the large LETKF case, 0: none (cycle)", big_n, &big_n, NULL));
  PetscCall(MckOptionsInt("-bench_big_cycles", "Timed cycles of the large LETKF case (cycle)", big_cycles, &big_cycles,
                          NULL));
  PetscCall(MckOptionsString("-bench_output", "Run file of the cycles (overwritten, removed at the end)", output,
                             output, sizeof(output), NULL));
  PetscCall(BenchOptionsClock(PetscOptionsObject));
  PetscOptionsEnd();
  if (!set) ns = 2;
  if (!strcmp(part, "forecast")) {
    for (PetscInt k = 0; k < ns; k++) {
      PetscCall(BenchForecast(MCKMODEL_LORENZ96, BareRateL96, J, nsteps[k], reps));
      PetscCall(BenchForecast(MCKMODEL_LORENZ63, BareRateL63, J, nsteps[k], reps));
    }
  } else if (!strcmp(part, "cycle")) {
    PetscCall(BenchCycles(PETSC_COMM_WORLD, cycles, warm, big_n, big_cycles, output));
    if (!rank) (void)remove(output);
  } else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-bench_part %s: choose forecast or cycle", part);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return BenchMain(&argc, &argv, "bench-da", "bench-da: data-assimilation cycle cost", Run);
}
