static const char help[] =
    "bench-field: cost of the field solvers against the transforms they need.\n"
    "Parts (-bench_parts, comma-separated):\n"
    "  spectral  phase-field steps (MckFieldStep) against the bare FFTW executions of the\n"
    "            transforms a step needs, in alternating blocks of -bench_block of each in one\n"
    "            run: Allen-Cahn (1 forward + 1 backward) on 256^2 and 128^3, Cahn-Hilliard\n"
    "            (2 forward + 1 backward) on 256^2; with the step's passes from PETSc's log\n"
    "  fp        seconds per Fokker-Planck TS step (2D, cosine kernel; run on 1 and 2 ranks:\n"
    "            run_field.sh), with the step's phases from PETSc's log (calls and seconds per\n"
    "            step), PETSc's reductions and messages per step and the global transposes\n"
    "  fft       FFTW-MPI's 2D transforms (in place, spectrum transposed; -bench_fft_n) against the\n"
    "            same transforms assembled from FFTW's pieces: the 1D transforms of the rank's rows,\n"
    "            FFTW-MPI's global transpose, and one MPI exchange of the bytes it moves; and the\n"
    "            grid's own transforms (-grid_transpose: alltoallv, the default, or fftw)\n"
    "The grids read -grid_transpose and -grid_fftw_plan.\n"
    "-bench_cpu_time times with the thread's CPU time instead of the wall clock (a loaded machine).\n"
    "Prints one JSON object per line.\n";

#include "benchutil.h"
#include <mckean/mckfield.h>
#include <fftw3-mpi.h>

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
  PetscCall(MckGridSetFromOptions(*g)); /* -grid_transpose, -grid_fftw_plan */
  PetscCall(MckGridSetUp(*g));
  PetscFunctionReturn(0);
}

/* The 2D transforms' transpose the grids run (-grid_transpose), for the JSON. */
static PetscErrorCode GridTranspose(char name[], size_t len)
{
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-grid_transpose", name, len, &set));
  if (!set) PetscCall(PetscStrncpy(name, "alltoallv", len));
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
  char          phases[2048], transpose[32];
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
    PetscCall(GridTranspose(transpose, sizeof(transpose)));
    PetscCall(BenchJSON(
        PETSC_COMM_WORLD,
        "\"bench\": \"field_fp_step\", \"ranks\": %d, \"dim\": 2, \"n\": %" PetscInt_FMT
        ", \"fftw_plan\": \"%s\", \"grid_transpose\": \"%s\", \"steps\": %" PetscInt_FMT
        ", \"seconds_per_step\": %.4e, \"krylov_iterations_per_step\": %.2f, \"petsc_reductions_per_step\": %.1f, \"petsc_messages_per_step\": %.1f, \"fftw_transposes_per_step\": %.1f, \"phases_calls_ms_per_step\": {%s}",
        size, n, plan, transpose, steps, dt / steps, (double)(its1 - its0) / steps,
        (c1.reductions - c0.reductions) / steps, (c1.messages - c0.messages) / steps, size > 1 ? ffts : 0.0, phases));
  }
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

/* A 2D real transform of n^2 as the grid makes it (FFTW-MPI, in place, FFTW_ESTIMATE, the spectrum
 * transposed: (n/2 + 1) x n distributed over its first axis), and the same transform assembled from
 * FFTW's own pieces, each timed alone: forward = r2c of the rank's rows, global transpose, c2c of
 * the spectrum's rows; backward the reverse. The exchange is one MPI_Alltoall of the bytes a
 * transpose moves, for scale: what a transpose costs beyond it is FFTW's local reordering. */
enum { FFT_FORWARD, FFT_BACKWARD };

typedef struct {
  fftw_plan whole[2], rows[2], transpose[2], cols[2];
  double   *a, *save, *spectrum, *sendbuf, *recvbuf;
  ptrdiff_t n, nh, ln0, ln1, alloc; /* rows of the real array and of the spectrum on this rank */
  int       count;                  /* doubles the exchange sends to each rank */
  MPI_Comm  comm;
} FFTParts;

static PetscErrorCode FFTPartsPlan(FFTParts *p)
{
  const ptrdiff_t nn[2] = {p->n, p->n}, n = p->n, nh = p->nh;
  const int       len[1] = {(int)n}, ln0 = (int)p->ln0, ln1 = (int)p->ln1;
  fftw_complex   *c = (fftw_complex *)p->a;

  PetscFunctionBeginUser;
  p->whole[FFT_FORWARD]  = fftw_mpi_plan_dft_r2c(2, nn, p->a, c, p->comm, FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_OUT);
  p->whole[FFT_BACKWARD] = fftw_mpi_plan_dft_c2r(2, nn, c, p->a, p->comm, FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_IN);
  p->rows[FFT_FORWARD] =
      fftw_plan_many_dft_r2c(1, len, ln0, p->a, NULL, 1, (int)(2 * nh), c, NULL, 1, (int)nh, FFTW_ESTIMATE);
  p->rows[FFT_BACKWARD] =
      fftw_plan_many_dft_c2r(1, len, ln0, c, NULL, 1, (int)nh, p->a, NULL, 1, (int)(2 * nh), FFTW_ESTIMATE);
  p->transpose[FFT_FORWARD]  = fftw_mpi_plan_many_transpose(n, nh, 2, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK,
                                                            p->a, p->a, p->comm, FFTW_ESTIMATE);
  p->transpose[FFT_BACKWARD] = fftw_mpi_plan_many_transpose(nh, n, 2, FFTW_MPI_DEFAULT_BLOCK, FFTW_MPI_DEFAULT_BLOCK,
                                                            p->a, p->a, p->comm, FFTW_ESTIMATE);
  p->cols[FFT_FORWARD] =
      fftw_plan_many_dft(1, len, ln1, c, NULL, 1, (int)n, c, NULL, 1, (int)n, FFTW_FORWARD, FFTW_ESTIMATE);
  p->cols[FFT_BACKWARD] =
      fftw_plan_many_dft(1, len, ln1, c, NULL, 1, (int)n, c, NULL, 1, (int)n, FFTW_BACKWARD, FFTW_ESTIMATE);
  for (int d = 0; d < 2; d++)
    PetscCheck(p->whole[d] && p->rows[d] && p->transpose[d] && p->cols[d], p->comm, PETSC_ERR_LIB,
               "bench-field: FFTW made no plan for the pieces of a %td^2 transform", n);
  PetscFunctionReturn(0);
}

static PetscErrorCode FFTPartsCreate(MPI_Comm comm, PetscInt n, FFTParts *p)
{
  ptrdiff_t   l0, l1, most, nbuf;
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  p->comm  = comm;
  p->n     = n;
  p->nh    = n / 2 + 1;
  p->alloc = 2 * fftw_mpi_local_size_2d_transposed(n, p->nh, comm, &p->ln0, &l0, &p->ln1, &l1);
  /* every rank sends the same count: the largest rank's array split in equal parts */
  PetscCallMPI(MPI_Allreduce(&p->alloc, &most, 1, MPI_AINT, MPI_MAX, comm));
  p->count    = (int)((most + size - 1) / size);
  p->a        = fftw_alloc_real((size_t)p->alloc);
  p->save     = fftw_alloc_real((size_t)p->alloc);
  p->spectrum = fftw_alloc_real((size_t)p->alloc);
  nbuf        = PetscMax(p->alloc, (ptrdiff_t)p->count * size); /* the exchange's, and scratch for FFTPartsBitwise */
  p->sendbuf  = fftw_alloc_real((size_t)nbuf);
  p->recvbuf  = fftw_alloc_real((size_t)nbuf);
  PetscCheck(p->a && p->save && p->spectrum && p->sendbuf && p->recvbuf, comm, PETSC_ERR_MEM,
             "bench-field: no memory for the transforms");
  PetscCall(PetscArrayzero(p->sendbuf, nbuf)); /* the exchange sends defined bytes */
  PetscCall(FFTPartsPlan(p));
  for (ptrdiff_t i = 0; i < p->alloc; i++) p->a[i] = p->save[i] = (double)((l0 * 2 * p->nh + i) % 17) / 17;
  fftw_execute(p->whole[FFT_FORWARD]);
  PetscCall(PetscMemcpy(p->spectrum, p->a, sizeof(double) * (size_t)p->alloc));
  PetscCall(PetscMemcpy(p->a, p->save, sizeof(double) * (size_t)p->alloc));
  PetscFunctionReturn(0);
}

static void FFTPartsDestroy(FFTParts *p)
{
  for (int d = 0; d < 2; d++) {
    fftw_destroy_plan(p->whole[d]);
    fftw_destroy_plan(p->rows[d]);
    fftw_destroy_plan(p->transpose[d]);
    fftw_destroy_plan(p->cols[d]);
  }
  fftw_free(p->a);
  fftw_free(p->save);
  fftw_free(p->spectrum);
  fftw_free(p->sendbuf);
  fftw_free(p->recvbuf);
}

/* The pieces in the order a transform runs them. */
static void FFTPartsExecute(FFTParts *p, int d)
{
  fftw_execute(d == FFT_FORWARD ? p->rows[d] : p->cols[d]);
  fftw_execute(p->transpose[d]);
  fftw_execute(d == FFT_FORWARD ? p->cols[d] : p->rows[d]);
}

/* Whether results a and b of direction d are the same bits: the spectrum's ln1 x n complex
 * numbers, or the ln0 real rows without their padding. */
static PetscBool FFTPartsSame(const FFTParts *p, int d, const double *a, const double *b)
{
  if (d == FFT_FORWARD) return memcmp(a, b, sizeof(double) * 2 * (size_t)(p->ln1 * p->n)) ? PETSC_FALSE : PETSC_TRUE;
  for (ptrdiff_t i = 0; i < p->ln0; i++)
    if (memcmp(a + 2 * p->nh * i, b + 2 * p->nh * i, sizeof(double) * (size_t)p->n)) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* The input of direction d: the real array, or its spectrum. */
static PetscErrorCode FFTPartsRestore(FFTParts *p, int d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemcpy(p->a, d == FFT_FORWARD ? p->save : p->spectrum, sizeof(double) * (size_t)p->alloc));
  PetscFunctionReturn(0);
}

/* Whether the pieces give the whole transforms' bits on every rank, each direction from its input. */
static PetscErrorCode FFTPartsBitwise(FFTParts *p, PetscBool *same)
{
  int local = 1, all;

  PetscFunctionBeginUser;
  for (int d = 0; d < 2; d++) {
    PetscCall(FFTPartsRestore(p, d));
    fftw_execute(p->whole[d]);
    PetscCall(PetscMemcpy(p->recvbuf, p->a, sizeof(double) * (size_t)p->alloc));
    PetscCall(FFTPartsRestore(p, d));
    FFTPartsExecute(p, d);
    if (!FFTPartsSame(p, d, p->a, p->recvbuf)) local = 0;
  }
  PetscCallMPI(MPI_Allreduce(&local, &all, 1, MPI_INT, MPI_MIN, p->comm));
  *same = all ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* One timed call each: a whole transform, a piece, the exchange. The whole transforms alternate
 * direction so that the array stays bounded (a forward transform's output is the next input). */
typedef struct {
  FFTParts *p;
  fftw_plan plan;
  MckGrid   g;   /* the grid's own transforms (-grid_transpose) */
  PetscInt  fwd; /* 1: forward, 0: backward */
} FFTCall;

static PetscErrorCode FFTExecutePlan(void *ctx)
{
  fftw_execute(((FFTCall *)ctx)->plan);
  return 0;
}

static PetscErrorCode FFTGridTransform(void *ctx)
{
  FFTCall *c = (FFTCall *)ctx;

  PetscFunctionBeginUser;
  PetscCall(MckGridExecuteTransforms(c->g, c->fwd, !c->fwd));
  PetscFunctionReturn(0);
}

/* Zeros in the grid's work array: its repeated transforms stay finite (FFTW's cost does not
 * depend on the values). */
static PetscErrorCode FFTGridZero(MckGrid g)
{
  PetscReal *data;
  PetscInt   nx, stride, nrows;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetRealWork(g, &data, &nx, &stride, &nrows));
  PetscCall(PetscArrayzero(data, stride * nrows));
  PetscFunctionReturn(0);
}

static PetscErrorCode FFTExchange(void *ctx)
{
  FFTParts *p = ((FFTCall *)ctx)->p;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Alltoall(p->sendbuf, p->count, MPI_DOUBLE, p->recvbuf, p->count, MPI_DOUBLE, p->comm));
  PetscFunctionReturn(0);
}

#define NFFTTIMES 11
static const char *const FFTTimeNames[NFFTTIMES] = {
    "forward_us",  "forward_rows_us",  "forward_transpose_us",  "forward_cols_us",
    "backward_us", "backward_cols_us", "backward_transpose_us", "backward_rows_us",
    "exchange_us", "grid_forward_us",  "grid_backward_us"};

/* reps rounds of `block` calls of each, medians in microseconds. Each block starts from its
 * direction's input (the real array or its spectrum); the calls after the first of a block work on
 * their predecessor's output, which costs FFTW the same (no data-dependent branches). */
static PetscErrorCode BenchFFT(PetscInt n, PetscInt reps, PetscInt block)
{
  FFTParts    p;
  FFTCall     call[NFFTTIMES];
  double     *t[NFFTTIMES];
  PetscBool   same = PETSC_FALSE;
  PetscMPIInt size;
  MckGrid     g;
  char        items[1024] = "", transpose[32];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCall(FFTPartsCreate(PETSC_COMM_WORLD, n, &p));
  PetscCall(MakeGrid(2, n, 1.0, &g));
  PetscCall(GridTranspose(transpose, sizeof(transpose)));
  PetscCall(FFTPartsBitwise(&p, &same));
  for (int d = 0; d < 2; d++) {
    const int k = 4 * d;
    call[k]     = (FFTCall){.p = &p, .plan = p.whole[d]};
    call[k + 1] = (FFTCall){.p = &p, .plan = d == FFT_FORWARD ? p.rows[d] : p.cols[d]};
    call[k + 2] = (FFTCall){.p = &p, .plan = p.transpose[d]};
    call[k + 3] = (FFTCall){.p = &p, .plan = d == FFT_FORWARD ? p.cols[d] : p.rows[d]};
  }
  call[8]  = (FFTCall){.p = &p};
  call[9]  = (FFTCall){.p = &p, .g = g, .fwd = 1};
  call[10] = (FFTCall){.p = &p, .g = g, .fwd = 0};
  for (int k = 0; k < NFFTTIMES; k++) PetscCall(PetscMalloc1(reps, &t[k]));
  for (PetscInt r = 0; r < reps; r++)
    for (int k = 0; k < NFFTTIMES; k++) {
      PetscErrorCode (*fn)(void *) = k == 8 ? FFTExchange : k > 8 ? FFTGridTransform : FFTExecutePlan;
      if (k > 8) PetscCall(FFTGridZero(g));
      else PetscCall(FFTPartsRestore(&p, k < 4 ? FFT_FORWARD : FFT_BACKWARD));
      PetscCall(BenchTimeCalls(PETSC_COMM_WORLD, block, fn, &call[k], &t[k][r]));
    }
  for (int k = 0; k < NFFTTIMES; k++) {
    char item[64];
    BenchSortTimes(t[k], reps);
    PetscCall(PetscSNPrintf(item, sizeof(item), ", \"%s\": %.2f", FFTTimeNames[k], 1e6 * t[k][reps / 2]));
    PetscCall(PetscStrlcat(items, item, sizeof(items)));
    PetscCall(PetscFree(t[k]));
  }
  PetscCall(
      BenchJSON(PETSC_COMM_WORLD,
                "\"bench\": \"field_fft\", \"ranks\": %d, \"dim\": 2, \"n\": %" PetscInt_FMT
                ", \"fftw_plan\": \"estimate\", \"grid_transpose\": \"%s\", \"clock\": \"%s\", \"reps\": %" PetscInt_FMT
                ", \"block\": %" PetscInt_FMT ", \"pieces_bitwise\": %s, \"exchange_bytes_per_rank\": %zu%s",
                size, n, transpose, bench_clock_cpu ? "cpu" : "wall", reps, block, same ? "true" : "false",
                sizeof(double) * (size_t)p.count * (size_t)(size - 1), items));
  FFTPartsDestroy(&p);
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  char     *parts[4];
  PetscInt  nparts = 4, reps = 30, block = 10, fp_n = 128, fp_steps = 40, spec_n2 = 256, spec_n3 = 128, fft_n = 256;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscLogDefaultBegin()); /* the Fokker-Planck phases; nothing is printed unless -log_view */
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-field options", NULL);
  PetscCall(MckOptionsStringArray("-bench_parts", "spectral, fp, fft", parts, &nparts, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Alternating repetitions of step and bare transforms", reps, &reps, NULL));
  PetscCall(MckOptionsInt("-bench_block", "Steps (and bare transform sets) timed together in each repetition", block,
                          &block, NULL));
  PetscCall(BenchOptionsClock(PetscOptionsObject));
  PetscCall(MckOptionsInt("-bench_fp_n", "Fokker-Planck grid size per axis (2D)", fp_n, &fp_n, NULL));
  PetscCall(MckOptionsInt("-bench_fp_steps", "Timed Fokker-Planck steps", fp_steps, &fp_steps, NULL));
  PetscCall(MckOptionsInt("-bench_spectral_n2", "Allen-Cahn grid size per axis (2D)", spec_n2, &spec_n2, NULL));
  PetscCall(MckOptionsInt("-bench_fft_n", "2D transform size per axis (fft part)", fft_n, &fft_n, NULL));
  PetscCall(MckOptionsInt("-bench_spectral_n3", "Allen-Cahn grid size per axis (3D)", spec_n3, &spec_n3, NULL));
  PetscOptionsEnd();
  if (!set) {
    nparts = 0;
    PetscCall(PetscStrallocpy("spectral", &parts[nparts++]));
    PetscCall(PetscStrallocpy("fp", &parts[nparts++]));
    PetscCall(PetscStrallocpy("fft", &parts[nparts++]));
  }
  /* unused options are refused at the end (BenchEnd): the fields read theirs in each part */
  for (PetscInt i = 0; i < nparts; i++) {
    PetscBool spectral, fp, fft;
    PetscCall(PetscStrcmp(parts[i], "spectral", &spectral));
    PetscCall(PetscStrcmp(parts[i], "fp", &fp));
    PetscCall(PetscStrcmp(parts[i], "fft", &fft));
    if (spectral) {
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 2, spec_n2, reps, block));
      PetscCall(BenchSpectral(MCKFIELD_ALLEN_CAHN, 3, spec_n3, reps, block));
      PetscCall(BenchSpectral(MCKFIELD_CAHN_HILLIARD, 2, spec_n2, reps, block));
    } else if (fp) PetscCall(BenchFP(fp_n, fp_steps));
    else if (fft) PetscCall(BenchFFT(fft_n, reps, block));
    else SETERRQ(PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "-bench_parts %s: allowed spectral, fp, fft", parts[i]);
    PetscCall(PetscFree(parts[i]));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-field", help, Run); }
