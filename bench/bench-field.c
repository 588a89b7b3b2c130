static const char help[] =
    "bench-field: cost of the field solvers against the transforms they need.\n"
    "Parts (-bench_parts, comma-separated):\n"
    "  spectral  phase-field steps (MckFieldStep) against the bare FFTW executions of the\n"
    "            transforms a step needs, in alternating blocks of -bench_block of each in one\n"
    "            run: Allen-Cahn (1 forward + 1 backward) on 256^2 and 128^3, Cahn-Hilliard\n"
    "            (2 forward + 1 backward) on 256^2; with the step's passes from PETSc's log\n"
    "  fp        seconds per Fokker-Planck TS step (2D, cosine kernel; run on 1 and 2 ranks:\n"
    "            run_field.sh), with the step's phases from PETSc's log (calls and seconds per\n"
    "            step), PETSc's reductions and messages per step and FFTW's global transposes\n"
    "-bench_cpu_time times with the thread's CPU time instead of the wall clock (a loaded machine).\n"
    "Prints one JSON object per line.\n";

#include "benchutil.h"
#include <mckean/mckfield.h>

/* The phases of a Fokker-Planck step, as PETSc logs them (the events of the main stage). */
static const char *const FPEvents[] = {"MckFieldResidual", "MckFieldJacobian", "MckGridConvolve", "MckGridFFTFwd",
                                       "MckGridFFTBwd",    "MatMult",          "PCApply",         "KSPGMRESOrthog",
                                       "VecMDot",          "VecNorm",          "VecMAXPY"};
/* The passes of a spectral step: the fill of the work array, the transforms, the multiply per
 * mode, the copy out; MckFieldStep is the whole step inside TSStep */
static const char *const SpecEvents[] = {"MckFieldSpecFill", "MckGridFFTFwd",   "MckFieldSpecModes",
                                         "MckGridFFTBwd",    "MckFieldSpecOut", "MckFieldStep"};
#define NFPEVENTS   (sizeof(FPEvents) / sizeof(FPEvents[0]))
#define NSPECEVENTS (sizeof(SpecEvents) / sizeof(SpecEvents[0]))
#define MAXEVENTS   NFPEVENTS

typedef struct {
  PetscEventPerfInfo ev[MAXEVENTS];
  PetscLogDouble     reductions, messages;
} EventCounters;

static PetscErrorCode GetEventCounters(const char *const names[], size_t n, EventCounters *c)
{
  PetscFunctionBeginUser;
  for (size_t e = 0; e < n; e++) {
    PetscLogEvent id;
    PetscCall(PetscLogEventGetId(names[e], &id));
    PetscCall(PetscLogEventGetPerfInfo(0, id, &c->ev[e]));
  }
  c->reductions = petsc_allreduce_ct + petsc_gather_ct + petsc_scatter_ct;
  c->messages   = petsc_send_ct + petsc_isend_ct;
  PetscFunctionReturn(0);
}

/* "name": [calls per step, milliseconds per step (this rank)], ... */
static PetscErrorCode FormatPhases(const char *const names[], size_t n, const EventCounters *a, const EventCounters *b,
                                   PetscInt steps, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (size_t e = 0; e < n; e++) {
    char item[128];
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s\"%s\": [%.2f, %.4f]", e ? ", " : "", names[e],
                            (double)(b->ev[e].count - a->ev[e].count) / steps,
                            1e3 * (b->ev[e].time - a->ev[e].time) / steps));
    PetscCall(PetscStrlcat(buf, item, len));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeGrid(PetscInt dim, PetscInt n, PetscReal L, MckGrid *g)
{
  PetscInt  nn[3] = {n, n, n};
  PetscReal LL[3] = {L, L, L};

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, g));
  PetscCall(MckGridSetSizes(*g, dim, nn));
  PetscCall(MckGridSetBox(*g, LL));
  PetscCall(MckGridSetUp(*g));
  PetscFunctionReturn(0);
}

static PetscErrorCode MakeField(MckFieldType type, PetscInt dim, PetscInt n, PetscReal L, MckGrid *g, MckField *f)
{
  PetscFunctionBeginUser;
  PetscCall(MakeGrid(dim, n, L, g));
  PetscCall(MckFieldCreate(PETSC_COMM_WORLD, f));
  PetscCall(MckFieldSetGrid(*f, *g));
  PetscCall(MckFieldSetType(*f, type));
  PetscCall(MckFieldSetFromOptions(*f)); /* -fp_jacobian, -ts_*, ... */
  PetscFunctionReturn(0);
}

/* What one timed call works on: the field f and its grid g, refill (something else uses g's work
 * array before each step); the bare transforms' own grid and their number of forward transforms. */
typedef struct {
  MckField  f;
  MckGrid   g, bare;
  PetscInt  nfwd;
  PetscBool refill;
} Timed;

static PetscErrorCode Step(void *ctx)
{
  Timed *t = (Timed *)ctx;

  PetscFunctionBeginUser;
  if (t->refill) {
    PetscReal *data;
    PetscInt   nx, stride, nrows;
    PetscCall(MckGridGetRealWork(t->g, &data, &nx, &stride, &nrows)); /* the work array's state changes */
  }
  PetscCall(MckFieldStep(t->f));
  PetscFunctionReturn(0);
}

/* The transforms a step needs and nothing else: nfwd forward and one backward. */
static PetscErrorCode Bare(void *ctx)
{
  PetscFunctionBeginUser;
  PetscCall(MckGridExecuteTransforms(((Timed *)ctx)->bare, ((Timed *)ctx)->nfwd, 1));
  PetscFunctionReturn(0);
}

/* reps alternating blocks of `block` steps and of `block` executions of the bare transforms a
 * step needs; medians and minima of the per-step times. The bare transforms run on a second grid
 * of the same sizes and plans, so that they leave the field's work array as a run leaves it
 * between steps (the step starts from what the last one left there). A third block times the
 * step after something else used the grid's work array (as a diagnostic would), so that it
 * fills the array from the solution again: the step as it was before the copy out made the next
 * step's input. */
static PetscErrorCode BenchSpectral(MckFieldType type, PetscInt dim, PetscInt n, PetscInt reps, PetscInt block)
{
  MckGrid       g, gbare;
  MckField      f;
  double       *tstep, *tbare, *trefill, twall = 0;
  PetscBool     ch;
  PetscInt      nfwd;
  const char   *plan;
  PetscMPIInt   size;
  EventCounters c0, c1, sum;
  char          phases[1024];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscStrcmp(type, MCKFIELD_CAHN_HILLIARD, &ch));
  nfwd = ch ? 2 : 1; /* Cahn-Hilliard transforms u and f(u); Allen-Cahn one combination of them */
  PetscCall(MakeField(type, dim, n, 1.0, &g, &f));
  PetscCall(MakeGrid(dim, n, 1.0, &gbare));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckGridGetPlanKind(g, &plan));
  PetscCall(PetscMalloc3(reps, &tstep, reps, &tbare, reps, &trefill));
  PetscCall(PetscMemzero(&sum, sizeof(sum)));
  for (PetscInt w = 0; w < 3; w++) PetscCall(MckFieldStep(f)); /* warm-up: first touch, multipliers */
  PetscCall(MckGridExecuteTransforms(gbare, nfwd, 1));         /* first touch of its work array */
  for (PetscInt r = 0; r < reps; r++) {
    Timed step = {f, g, gbare, nfwd, PETSC_FALSE}, refill = {f, g, gbare, nfwd, PETSC_TRUE};
    PetscCall(GetEventCounters(SpecEvents, NSPECEVENTS, &c0));
    PetscCall(BenchTimeCalls(PETSC_COMM_WORLD, block, Step, &step, &tstep[r]));
    PetscCall(GetEventCounters(SpecEvents, NSPECEVENTS, &c1));
    for (size_t e = 0; e < NSPECEVENTS; e++) { /* the phases of the steps that start from the array */
      sum.ev[e].count += c1.ev[e].count - c0.ev[e].count;
      sum.ev[e].time += c1.ev[e].time - c0.ev[e].time;
    }
    twall += tstep[r] * block;
    PetscCall(BenchTimeCalls(PETSC_COMM_WORLD, block, Bare, &step, &tbare[r]));
    PetscCall(BenchTimeCalls(PETSC_COMM_WORLD, block, Step, &refill, &trefill[r]));
  }
  PetscCall(PetscMemzero(&c0, sizeof(c0)));
  PetscCall(FormatPhases(SpecEvents, NSPECEVENTS, &c0, &sum, reps * block, phases, sizeof(phases)));
  BenchSortTimes(tstep, reps);
  BenchSortTimes(tbare, reps);
  BenchSortTimes(trefill, reps);
  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"field_spectral\", \"type\": \"%s\", \"ranks\": %d, \"dim\": %" PetscInt_FMT
      ", \"n\": %" PetscInt_FMT ", \"fftw_plan\": \"%s\", \"clock\": \"%s\", \"reps\": %" PetscInt_FMT
      ", \"block\": %" PetscInt_FMT ", \"bare_forward\": %" PetscInt_FMT
      ", \"bare_backward\": 1, \"step_s_median\": %.4e, \"bare_s_median\": %.4e, \"ratio_median\": %.3f, \"step_s_min\": %.4e, \"bare_s_min\": %.4e, \"ratio_min\": %.3f, \"refill_s_median\": %.4e, \"refill_ratio_median\": %.3f, \"refill_ratio_min\": %.3f, \"target\": 1.15, \"step_ms_total\": %.4f, \"phases_calls_ms_per_step\": {%s}",
      type, size, dim, n, plan, bench_clock_cpu ? "cpu" : "wall", reps, block, nfwd, tstep[reps / 2], tbare[reps / 2],
      tstep[reps / 2] / tbare[reps / 2], tstep[0], tbare[0], tstep[0] / tbare[0], trefill[reps / 2],
      trefill[reps / 2] / tbare[reps / 2], trefill[0] / tbare[0], 1e3 * twall / (reps * block), phases));
  PetscCall(PetscFree3(tstep, tbare, trefill));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscCall(MckGridDestroy(&gbare));
  PetscFunctionReturn(0);
}

/* rho = (1 + cos x / 10) / (2 pi)^2, the default deck's initial density: the uniform state is
 * stationary and would cost no Krylov iterations. */
static PetscErrorCode PerturbDensity(MckField f)
{
  Vec          rho;
  PetscScalar *x;
  PetscInt     lo, hi, n[3];
  PetscReal    mass;
  MckGrid      g;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetGrid(f, &g));
  PetscCall(MckGridGetSizes(g, NULL, n, NULL));
  PetscCall(MckFieldGetSolution(f, &rho));
  PetscCall(VecGetOwnershipRange(rho, &lo, &hi));
  PetscCall(VecGetArray(rho, &x));
  for (PetscInt i = lo; i < hi; i++) x[i - lo] = 1 + 0.1 * PetscCosReal(2 * PETSC_PI * (i % n[0]) / n[0]);
  PetscCall(VecRestoreArray(rho, &x));
  PetscCall(MckFieldGetMass(f, &mass));
  PetscCall(VecScale(rho, 1 / mass));
  PetscFunctionReturn(0);
}

/* The default deck's problem (inputs/field.yaml) on n^2: cosine kernel, T = 1, J = 4. PETSc's
 * logging is on (PetscLogDefaultBegin) for the phases and counts. */
static PetscErrorCode BenchFP(PetscInt n, PetscInt steps)
{
  MckGrid       g;
  MckField      f;
  MckKernel     W;
  TS            ts;
  PetscMPIInt   size;
  double        t0, dt;
  PetscInt      its0, its1;
  SNES          snes;
  KSP           ksp;
  EventCounters c0, c1;
  char          phases[2048];
  const char   *plan;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(MakeField(MCKFIELD_FOKKER_PLANCK, 2, n, 2 * PETSC_PI, &g, &f));
  PetscCall(MckKernelSetDefaults(&W));
  W.strength = 4;
  PetscCall(MckFieldFPSetKernel(f, &W));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckGridGetPlanKind(g, &plan));
  PetscCall(PerturbDensity(f));
  PetscCall(MckFieldGetTS(f, &ts));
  PetscCall(TSSetTimeStep(ts, 0.05));
  PetscCall(MckFieldStep(f)); /* warm-up */
  PetscCall(TSGetSNES(ts, &snes));
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPGetTotalIterations(ksp, &its0));
  PetscCall(GetEventCounters(FPEvents, NFPEVENTS, &c0));
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  t0 = MPI_Wtime();
  for (PetscInt s = 0; s < steps; s++) PetscCall(MckFieldStep(f));
  dt = BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0);
  PetscCall(GetEventCounters(FPEvents, NFPEVENTS, &c1));
  PetscCall(KSPGetTotalIterations(ksp, &its1));
  PetscCall(FormatPhases(FPEvents, NFPEVENTS, &c0, &c1, steps, phases, sizeof(phases)));
  {
    /* a 2D slab transform with a transposed spectrum does one global transpose when P > 1 */
    const double ffts = (c1.ev[3].count - c0.ev[3].count + c1.ev[4].count - c0.ev[4].count) / (double)steps;
    PetscCall(BenchJSON(
        PETSC_COMM_WORLD,
        "\"bench\": \"field_fp_step\", \"ranks\": %d, \"dim\": 2, \"n\": %" PetscInt_FMT
        ", \"fftw_plan\": \"%s\", \"steps\": %" PetscInt_FMT
        ", \"seconds_per_step\": %.4e, \"krylov_iterations_per_step\": %.2f, \"petsc_reductions_per_step\": %.1f, \"petsc_messages_per_step\": %.1f, \"fftw_transposes_per_step\": %.1f, \"phases_calls_ms_per_step\": {%s}",
        size, n, plan, steps, dt / steps, (double)(its1 - its0) / steps, (c1.reductions - c0.reductions) / steps,
        (c1.messages - c0.messages) / steps, size > 1 ? ffts : 0.0, phases));
  }
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  char     *parts[4];
  PetscInt  nparts = 4, reps = 30, block = 10, fp_n = 128, fp_steps = 40, spec_n2 = 256, spec_n3 = 128;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscLogDefaultBegin()); /* the Fokker-Planck phases; nothing is printed unless -log_view */
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-field options", NULL);
  PetscCall(MckOptionsStringArray("-bench_parts", "spectral, fp", parts, &nparts, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Alternating repetitions of step and bare transforms", reps, &reps, NULL));
  PetscCall(MckOptionsInt("-bench_block", "Steps (and bare transform sets) timed together in each repetition", block,
                          &block, NULL));
  PetscCall(BenchOptionsClock(PetscOptionsObject));
  PetscCall(MckOptionsInt("-bench_fp_n", "Fokker-Planck grid size per axis (2D)", fp_n, &fp_n, NULL));
  PetscCall(MckOptionsInt("-bench_fp_steps", "Timed Fokker-Planck steps", fp_steps, &fp_steps, NULL));
  PetscCall(MckOptionsInt("-bench_spectral_n2", "Allen-Cahn grid size per axis (2D)", spec_n2, &spec_n2, NULL));
  PetscCall(MckOptionsInt("-bench_spectral_n3", "Allen-Cahn grid size per axis (3D)", spec_n3, &spec_n3, NULL));
  PetscOptionsEnd();
  if (!set) {
    nparts = 0;
    PetscCall(PetscStrallocpy("spectral", &parts[nparts++]));
    PetscCall(PetscStrallocpy("fp", &parts[nparts++]));
  }
  /* unused options are refused at the end (BenchEnd): the fields read theirs in each part */
  for (PetscInt i = 0; i < nparts; i++) {
    PetscBool spectral, fp;
    PetscCall(PetscStrcmp(parts[i], "spectral", &spectral));
    PetscCall(PetscStrcmp(parts[i], "fp", &fp));
    if (spectral) {
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 2, spec_n2, reps, block));
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 3, spec_n3, reps, block));
      PetscCall(BenchSpectral(MCKFIELD_CAHN_HILLIARD, 2, spec_n2, reps, block));
    } else if (fp) PetscCall(BenchFP(fp_n, fp_steps));
    else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-bench_parts %s: allowed spectral, fp", parts[i]);
    PetscCall(PetscFree(parts[i]));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-field", help, Run); }
