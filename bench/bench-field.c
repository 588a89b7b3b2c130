static const char help[] =
    "bench-field: cost of the field solvers against the transforms they need.\n"
    "Parts (-bench_parts, comma-separated):\n"
    "  spectral  one phase-field step (MckFieldStep) against the bare FFTW executions of the\n"
    "            transforms it needs, measured alternately in one run: Allen-Cahn (1 forward +\n"
    "            1 backward) on 256^2 and 128^3, Cahn-Hilliard (2 forward + 1 backward) on 256^2\n"
    "  fp        seconds per Fokker-Planck TS step (2D, cosine kernel; run on 1 and 2 ranks:\n"
    "            run_field.sh), with the step's phases from PETSc's log (calls and seconds per\n"
    "            step), PETSc's reductions and messages per step and FFTW's global transposes\n"
    "Prints one JSON object per line.\n";

#include "benchutil.h"
#include <mckean/mckfield.h>

static int CompareDouble(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static PetscErrorCode MakeField(MckFieldType type, PetscInt dim, PetscInt n, PetscReal L, MckGrid *g, MckField *f)
{
  PetscInt  nn[3] = {n, n, n};
  PetscReal LL[3] = {L, L, L};

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, g));
  PetscCall(MckGridSetSizes(*g, dim, nn));
  PetscCall(MckGridSetBox(*g, LL));
  PetscCall(MckGridSetUp(*g));
  PetscCall(MckFieldCreate(PETSC_COMM_WORLD, f));
  PetscCall(MckFieldSetGrid(*f, *g));
  PetscCall(MckFieldSetType(*f, type));
  PetscCall(MckFieldSetFromOptions(*f)); /* -fp_jacobian, -ts_*, ... */
  PetscFunctionReturn(0);
}

/* reps alternating timings of one step and of the bare transforms it needs; medians and minima. */
static PetscErrorCode BenchSpectral(MckFieldType type, PetscInt dim, PetscInt n, PetscInt reps)
{
  MckGrid     g;
  MckField    f;
  Vec         u;
  PetscReal  *hat;
  double     *tstep, *tbare;
  PetscBool   ch;
  PetscInt    nfwd;
  const char *plan;
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(PetscStrcmp(type, MCKFIELD_CAHN_HILLIARD, &ch));
  nfwd = ch ? 2 : 1; /* Cahn-Hilliard transforms u and f(u); Allen-Cahn one combination of them */
  PetscCall(MakeField(type, dim, n, 1.0, &g, &f));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckGridGetPlanKind(g, &plan));
  PetscCall(MckFieldGetSolution(f, &u));
  PetscCall(PetscMalloc2(reps, &tstep, reps, &tbare));
  for (PetscInt w = 0; w < 3; w++) PetscCall(MckFieldStep(f)); /* warm-up: first touch, multipliers */
  for (PetscInt r = 0; r < reps; r++) {
    double t0;
    PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
    t0 = MPI_Wtime();
    PetscCall(MckFieldStep(f));
    tstep[r] = BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0);
    PetscCall(MckGridForward(g, u, &hat)); /* sane values in the work array (not timed) */
    PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
    t0 = MPI_Wtime();
    PetscCall(MckGridExecuteTransforms(g, nfwd, 1));
    tbare[r] = BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0);
  }
  qsort(tstep, (size_t)reps, sizeof(double), CompareDouble);
  qsort(tbare, (size_t)reps, sizeof(double), CompareDouble);
  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\": \"field_spectral\", \"type\": \"%s\", \"ranks\": %d, \"dim\": %" PetscInt_FMT
      ", \"n\": %" PetscInt_FMT ", \"fftw_plan\": \"%s\", \"reps\": %" PetscInt_FMT ", \"bare_forward\": %" PetscInt_FMT
      ", \"bare_backward\": 1, \"step_s_median\": %.4e, \"bare_s_median\": %.4e, \"ratio_median\": %.3f, \"step_s_min\": %.4e, \"bare_s_min\": %.4e, \"ratio_min\": %.3f, \"target\": 1.15",
      type, size, dim, n, plan, reps, nfwd, tstep[reps / 2], tbare[reps / 2], tstep[reps / 2] / tbare[reps / 2],
      tstep[0], tbare[0], tstep[0] / tbare[0]));
  PetscCall(PetscFree2(tstep, tbare));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
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

/* The phases of a Fokker-Planck step, as PETSc logs them (the events of the main stage). */
static const char *const FPEvents[] = {"MckFieldResidual", "MckFieldJacobian", "MckGridConvolve", "MckGridFFTFwd",
                                       "MckGridFFTBwd",    "MatMult",          "PCApply",         "KSPGMRESOrthog",
                                       "VecMDot",          "VecNorm",          "VecMAXPY"};
#define NFPEVENTS (sizeof(FPEvents) / sizeof(FPEvents[0]))

typedef struct {
  PetscEventPerfInfo ev[NFPEVENTS];
  PetscLogDouble     reductions, messages;
} FPCounters;

static PetscErrorCode GetFPCounters(FPCounters *c)
{
  PetscFunctionBeginUser;
  for (size_t e = 0; e < NFPEVENTS; e++) {
    PetscLogEvent id;
    PetscCall(PetscLogEventGetId(FPEvents[e], &id));
    PetscCall(PetscLogEventGetPerfInfo(0, id, &c->ev[e]));
  }
  c->reductions = petsc_allreduce_ct + petsc_gather_ct + petsc_scatter_ct;
  c->messages   = petsc_send_ct + petsc_isend_ct;
  PetscFunctionReturn(0);
}

/* "name": [calls per step, milliseconds per step (this rank)], ... */
static PetscErrorCode FormatFPPhases(const FPCounters *a, const FPCounters *b, PetscInt steps, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (size_t e = 0; e < NFPEVENTS; e++) {
    char item[128];
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s\"%s\": [%.2f, %.3f]", e ? ", " : "", FPEvents[e],
                            (double)(b->ev[e].count - a->ev[e].count) / steps,
                            1e3 * (b->ev[e].time - a->ev[e].time) / steps));
    PetscCall(PetscStrlcat(buf, item, len));
  }
  PetscFunctionReturn(0);
}

/* The default deck's problem (inputs/field.yaml) on n^2: cosine kernel, T = 1, J = 4. PETSc's
 * logging is on (PetscLogDefaultBegin) for the phases and counts. */
static PetscErrorCode BenchFP(PetscInt n, PetscInt steps)
{
  MckGrid     g;
  MckField    f;
  MckKernel   W;
  TS          ts;
  PetscMPIInt size;
  double      t0, dt;
  PetscInt    its0, its1;
  SNES        snes;
  KSP         ksp;
  FPCounters  c0, c1;
  char        phases[2048];
  const char *plan;

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
  PetscCall(GetFPCounters(&c0));
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  t0 = MPI_Wtime();
  for (PetscInt s = 0; s < steps; s++) PetscCall(MckFieldStep(f));
  dt = BenchWtimeMaxDelta(PETSC_COMM_WORLD, t0);
  PetscCall(GetFPCounters(&c1));
  PetscCall(KSPGetTotalIterations(ksp, &its1));
  PetscCall(FormatFPPhases(&c0, &c1, steps, phases, sizeof(phases)));
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

int main(int argc, char **argv)
{
  char     *parts[4];
  PetscInt  nparts = 4, reps = 30, fp_n = 128, fp_steps = 40, spec_n2 = 256, spec_n3 = 128;
  PetscBool set;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));

  PetscCall(PetscLogDefaultBegin()); /* the Fokker-Planck phases; nothing is printed unless -log_view */
  PetscCall(BenchPrintMachine(PETSC_COMM_WORLD, "bench-field"));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-field options", NULL);
  PetscCall(MckOptionsStringArray("-bench_parts", "spectral, fp", parts, &nparts, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Alternating repetitions of step and bare transforms", reps, &reps, NULL));
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
  /* unused options are reported by McKeanFinalize: the fields read theirs in each part */
  for (PetscInt i = 0; i < nparts; i++) {
    PetscBool spectral, fp;
    PetscCall(PetscStrcmp(parts[i], "spectral", &spectral));
    PetscCall(PetscStrcmp(parts[i], "fp", &fp));
    if (spectral) {
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 2, spec_n2, reps));
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 3, spec_n3, reps));
      PetscCall(BenchSpectral(MCKFIELD_CAHN_HILLIARD, 2, spec_n2, reps));
    } else if (fp) PetscCall(BenchFP(fp_n, fp_steps));
    else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-bench_parts %s: allowed spectral, fp", parts[i]);
    PetscCall(PetscFree(parts[i]));
  }
  PetscCall(McKeanFinalize());
  return 0;
}
