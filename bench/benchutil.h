/* Helpers shared by the McKean benchmarks (header only; not part of the library).
 *
 * - BenchTriad: a STREAM-like triad a[i] = b[i] + s*c[i] run by every rank at the same time on
 *   its own arrays, best of several repetitions. Bandwidth is reported in the STREAM
 *   convention (24 bytes per element: b and c read, a written; the write-allocate read of a
 *   that the hardware also performs is not counted), per rank and summed over the ranks.
 * - BenchSetOption: PetscOptionsSetValue with an integer or a string, for configuring library
 *   objects from the options database before their SetFromOptions.
 * - BenchJSON: one JSON object per line on rank 0.
 * - BenchPrintMachine: the first line of every benchmark: CPU model, the instruction set the
 *   vector kernels run with (and the best one the CPU has), ranks, McKean version. */
#pragma once
#include <mckean/mckean.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The clock of the timed regions: wall time (MPI_Wtime), or, when a benchmark sets bench_clock_cpu
 * (bench-langevin -bench_cpu_time), the calling thread's CPU time, which on a machine shared with
 * other jobs leaves out the time spent waiting for a core (not the memory bandwidth they take). */
static PetscBool bench_clock_cpu = PETSC_FALSE;

/* -bench_cpu_time, inside PetscOptionsBegin()/End(): sets bench_clock_cpu. */
static inline PetscErrorCode BenchOptionsClock(PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckOptionsBool("-bench_cpu_time",
                           "Time with each rank's CPU time instead of wall time (on a machine shared with other jobs)",
                           bench_clock_cpu, &bench_clock_cpu, NULL));
  PetscFunctionReturn(0);
}

static inline double BenchNow(void)
{
  struct timespec ts;

  if (!bench_clock_cpu) return MPI_Wtime();
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Run under MPI: time with BenchNow, take the slowest rank's time of each repetition. */
static inline double BenchWtimeMaxDelta(MPI_Comm comm, double t0)
{
  double dt = BenchNow() - t0, dtmax;
  MPI_Allreduce(&dt, &dtmax, 1, MPI_DOUBLE, MPI_MAX, comm);
  return dtmax;
}

/* One timed repetition: `calls` calls of call(ctx) by every rank, started together after a
 * barrier; *seconds is the slowest rank's time per call. */
static inline PetscErrorCode BenchTimeCalls(MPI_Comm comm, PetscInt calls, PetscErrorCode (*call)(void *), void *ctx,
                                            double *seconds)
{
  double t0;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Barrier(comm));
  t0 = BenchNow();
  for (PetscInt c = 0; c < calls; c++) PetscCall((*call)(ctx));
  *seconds = BenchWtimeMaxDelta(comm, t0) / (double)calls;
  PetscFunctionReturn(0);
}

/* BenchSortTimes: n times in increasing order (the best first, the median at n / 2). */
static int BenchCompareDouble(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static inline void BenchSortTimes(double t[], PetscInt n) { qsort(t, (size_t)n, sizeof(double), BenchCompareDouble); }

typedef struct {
  double per_rank_GBps_min;  /* slowest rank's best bandwidth (all ranks running concurrently) */
  double per_rank_GBps_mean; /* mean over ranks of each rank's best bandwidth */
  double aggregate_GBps;     /* P * 24 n / (slowest rank's time), best repetition */
  size_t n;                  /* elements per array per rank */
  int    reps;
} BenchTriadResult;

/* Keeps the compiler from dropping the kernel. */
static volatile double bench_sink;

static inline PetscErrorCode BenchTriad(MPI_Comm comm, size_t n, int reps, BenchTriadResult *r)
{
  double      *a, *b, *c, best = 1e300, best_agg = 1e300, mine, sum;
  const double s = 3.0;
  PetscMPIInt  size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMalloc3(n, &a, n, &b, n, &c));
  for (size_t i = 0; i < n; i++) { /* first touch, and no page faults inside the timing */
    a[i] = 0;
    b[i] = 1.0 + (double)(i & 7);
    c[i] = 0.5;
  }
  for (int rep = 0; rep < reps; rep++) {
    double t0, dt, dtmax;
    PetscCallMPI(MPI_Barrier(comm)); /* all ranks stream at the same time */
    t0 = BenchNow();
    {
      double *restrict A       = a;
      const double *restrict B = b, *restrict C = c;
      for (size_t i = 0; i < n; i++) A[i] = B[i] + s * C[i];
    }
    dt = BenchNow() - t0;
    bench_sink += a[(n / 2 + (size_t)rep) % n];
    if (dt < best) best = dt;
    PetscCallMPI(MPI_Allreduce(&dt, &dtmax, 1, MPI_DOUBLE, MPI_MAX, comm));
    if (dtmax < best_agg) best_agg = dtmax;
  }
  mine = 24.0 * (double)n / best / 1e9;
  PetscCallMPI(MPI_Allreduce(&mine, &r->per_rank_GBps_min, 1, MPI_DOUBLE, MPI_MIN, comm));
  PetscCallMPI(MPI_Allreduce(&mine, &sum, 1, MPI_DOUBLE, MPI_SUM, comm));
  r->per_rank_GBps_mean = sum / size;
  r->aggregate_GBps     = size * 24.0 * (double)n / best_agg / 1e9;
  r->n                  = n;
  r->reps               = reps;
  PetscCall(PetscFree3(a, b, c));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode BenchSetOption(const char name[], const char value[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, name, value));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode BenchSetOptionInt(const char name[], PetscInt64 value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt64_FMT, value));
  PetscCall(PetscOptionsSetValue(NULL, name, buf));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode BenchSetOptionReal(const char name[], double value)
{
  char buf[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%.17g", value));
  PetscCall(PetscOptionsSetValue(NULL, name, buf));
  PetscFunctionReturn(0);
}

/* One line of JSON from rank 0 (the caller writes the object body, without braces). */
static inline PetscErrorCode BenchJSON(MPI_Comm comm, const char fmt[], ...)
{
  PetscMPIInt rank;
  va_list     ap;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (!rank) {
    char line[4096];
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    printf("{%s}\n", line);
    fflush(stdout);
  }
  PetscFunctionReturn(0);
}

/* {"bench":"machine", ...}: which CPU and which instruction set the numbers that follow come from. */
static inline PetscErrorCode BenchPrintMachine(MPI_Comm comm, const char bench[])
{
  char        cpu[256];
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(McKeanGetCPUModel(cpu, sizeof(cpu)));
  for (char *c = cpu; *c; c++)
    if (*c == '"' || *c == '\\') *c = ' ';
  PetscCall(BenchJSON(
      comm,
      "\"bench\":\"machine\",\"program\":\"%s\",\"cpu\":\"%s\",\"isa\":\"%s\",\"best_isa\":\"%s\",\"ranks\":%d,\"mckean\":\"%s\"",
      bench, cpu, McKeanISAName(McKeanGetISA()), McKeanISAName(McKeanGetBestISA()), size, McKeanVersion()));
  PetscFunctionReturn(0);
}

/* An option no part of the benchmark read is a typo: refused as in the apps (McKeanOptionsCheckUnused),
 * except under -help, where the benchmark only lists its options. A benchmark that reads its
 * options in stages checks once they are all read; this is the check at its end. */
static inline PetscErrorCode BenchCheckUnusedOptions(void)
{
  PetscBool help;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help) PetscCall(McKeanOptionsCheckUnused(PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

/* The end of a benchmark's main after its work returned ierr: the options checked (when the work
 * succeeded), McKean finalised; the exit status, 1 after any error (its message printed), so that
 * scripts stop. */
static inline int BenchEnd(PetscErrorCode ierr)
{
  if (!ierr) ierr = BenchCheckUnusedOptions();
  if (McKeanFinalize()) return 1;
  return ierr ? 1 : 0;
}

/* A benchmark's main: McKean initialised, the machine printed, run, and BenchEnd(). */
static inline int BenchMain(int *argc, char ***argv, const char bench[], const char help[], PetscErrorCode (*run)(void))
{
  PetscErrorCode ierr;

  PetscCall(McKeanInitialize(argc, argv, NULL, help));
  ierr = BenchPrintMachine(PETSC_COMM_WORLD, bench);
  return BenchEnd(ierr ? ierr : run());
}

/* ---- a Langevin system built from the options database, and its step timing ------------- */
#include <mckean/mcklangevin.h>

typedef struct {
  MckParticles p;
  MckLangevin  l;
  MckRNG       rng;
} BenchSystem;

/* Particles and Langevin from whatever -particles_* / -lgv_* / drift options are set now,
 * initial positions drawn, forces prepared: ready for MckLangevinStep. */
static inline PetscErrorCode BenchSystemCreate(MPI_Comm comm, PetscInt seed, BenchSystem *s)
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(comm, &s->rng));
  PetscCall(MckRNGSetSeed(s->rng, seed));
  PetscCall(MckLangevinCreateFromOptions(comm, s->rng, &s->p, &s->l));
  PetscCall(McKeanOptionsCheckUnused(comm)); /* a misspelt option must not benchmark something else */
  PetscCall(MckParticlesInitialize(s->p, s->rng));
  PetscCall(MckLangevinPrepare(s->l, PETSC_TRUE));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode BenchSystemDestroy(BenchSystem *s)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinDestroy(&s->l));
  PetscCall(MckParticlesDestroy(&s->p));
  PetscCall(MckRNGDestroy(&s->rng));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscInt steps;           /* steps per timed repetition */
  PetscInt reps;            /* timed repetitions */
  double   best_per_step;   /* best repetition: slowest rank's seconds / steps */
  double   median_per_step; /* median repetition */
} BenchTiming;

static PetscErrorCode BenchLangevinStep(void *l)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinStep((MckLangevin)l));
  PetscFunctionReturn(0);
}

/* Only MckLangevinStep calls are timed. After `warmup` untimed steps (the last one also sizes
 * the repetitions: steps = target / time of one step, at least min_steps), `reps` repetitions
 * of `steps` steps each, bracketed by barriers; the time of a repetition is the slowest rank's. */
static inline PetscErrorCode BenchTimeSteps(MPI_Comm comm, MckLangevin l, PetscInt warmup, double target_seconds,
                                            PetscInt min_steps, PetscInt reps, BenchTiming *t)
{
  double one = 0, times[64];

  PetscFunctionBeginUser;
  PetscCheck(reps >= 1 && reps <= 64, comm, PETSC_ERR_USER_INPUT, "-bench_reps %" PetscInt_FMT ": allowed 1 to 64",
             reps);
  for (PetscInt w = 0; w < PetscMax(warmup, 1); w++) PetscCall(BenchTimeCalls(comm, 1, BenchLangevinStep, l, &one));
  t->steps = PetscMax(min_steps, (PetscInt)(target_seconds / one + 0.5));
  t->reps  = reps;
  for (PetscInt r = 0; r < reps; r++) PetscCall(BenchTimeCalls(comm, t->steps, BenchLangevinStep, l, &times[r]));
  BenchSortTimes(times, reps);
  t->best_per_step   = times[0];
  t->median_per_step = reps % 2 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
  PetscFunctionReturn(0);
}
