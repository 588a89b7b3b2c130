static const char help[] =
    "bench-rng: ns per normal of MckRNGNormals and MckRNGNormalsPacked in every instruction set this CPU\n"
    "has, and of MckRNGNormals' kernel\n"
    "side by side with the previous kernel (bench/rng_normals_previous.h), both compiled into this\n"
    "program, in the same run; and whether they give the same bits; and the packed normals' cost per\n"
    "call, 16 to 256 streams per call (-bench_per_call). Prints one JSON object per line.\n"
    "Typical use:\n"
    "  bench-rng -bench_cpu_time\n"
    "  MCKEAN_ISA=avx2 bench-rng -bench_isas current\n";

/* Normals as the Langevin push asks for them: dim normals per stream, on consecutive chunks of
 * 256 streams into a buffer that stays in cache, so that the numbers are those of the generator,
 * not of the memory. Four ways, each round timing each once (best over -bench_reps passes over
 * the streams), the best over -bench_rounds rounds reported:
 *   library   MckRNGNormals with draws 0 .. dim-1 (argument checks, log event, dispatch);
 *   packed    MckRNGNormalsPacked, what the push calls: dim/4 of a Philox block per stream, no
 *             unused normal, plus the copy from blocks to components;
 *   kernel    the library's kernel (src/rng/kernels.c) compiled into this program and called
 *             directly, as the previous kernel is: the like-for-like comparison;
 *   previous  the kernel at commit b4c705a (rng_normals_previous.h).
 * On a machine shared with other jobs the three see the same load, so the ratios are the reliable
 * numbers. Then (-bench_per_call, default true) one rng_packed_per_call line per size: the packed
 * normals called on 16 to 256 streams at a time (the Langevin push calls them on 64), ns per call
 * and what a call costs beyond its streams' marginal cost (RunPerCall). */
#include "benchutil.h"
#include "rng/kernels.c" /* the library's kernels, instantiated in this program too */

#define MCK_SIMD_TEMPLATE "rng_normals_previous.h"
#include "core/simd_instantiate.h"

enum { BENCH_RNG_CHUNK = 256 };

typedef struct {
  MckRNG     rng;
  PetscInt   dim, nstreams;
  PetscReal *out[4];
  PetscReal *rows[4]; /* four rows of MCK_PACKED_BLOCKS blocks: the normals kernel's output, per call */
} RNGBench;

/* One pass over the streams: chunk after chunk of BENCH_RNG_CHUNK streams, dim normals each. */
static PetscErrorCode PassLibrary(RNGBench *b, PetscInt64 step)
{
  PetscFunctionBeginUser;
  for (PetscInt64 g = 0; g < b->nstreams; g += BENCH_RNG_CHUNK)
    PetscCall(MckRNGNormals(b->rng, g, BENCH_RNG_CHUNK, step, 0, b->dim, b->out));
  PetscFunctionReturn(0);
}

/* The same pass through MckRNGNormalsPacked. */
static PetscErrorCode PassPacked(RNGBench *b, PetscInt64 step)
{
  PetscFunctionBeginUser;
  for (PetscInt64 g = 0; g < b->nstreams; g += BENCH_RNG_CHUNK)
    PetscCall(MckRNGNormalsPacked(b->rng, g, BENCH_RNG_CHUNK, step, 0, b->dim, b->out));
  PetscFunctionReturn(0);
}

/* Philox counter m's normals of the chunk at stream g with the library's kernel (previous = 0)
 * or the previous one, called as MckRNGNormals calls its kernel: draws not requested are NULL. */
static void CallKernel(int previous, uint32_t seed, PetscInt64 g, PetscInt64 step, uint32_t m, PetscInt dim,
                       PetscReal *const out[])
{
  double *four[4];

  for (int j = 0; j < 4; j++) four[j] = 4 * (PetscInt)m + j < dim ? out[4 * m + j] : NULL;
  if (previous) MCK_SIMD_CALL(PreviousNormalsKernel, seed, (uint64_t)g, BENCH_RNG_CHUNK, (uint64_t)step, m, four);
  else MCK_SIMD_CALL(MckRNGNormalsKernel, seed, (uint64_t)g, BENCH_RNG_CHUNK, (uint64_t)step, m, four);
}

/* The same pass with a kernel called directly. */
static void PassKernel(RNGBench *b, int previous, uint32_t seed, PetscInt64 step)
{
  for (PetscInt64 g = 0; g < b->nstreams; g += BENCH_RNG_CHUNK)
    for (uint32_t m = 0; 4 * (PetscInt)m < b->dim; m++) CallKernel(previous, seed, g, step, m, b->dim, b->out);
}

/* The library and the previous kernel on one chunk: the same bits? */
static PetscErrorCode SameBits(RNGBench *b, uint32_t seed, PetscBool *same)
{
  PetscReal *lib[4], *prev[4];

  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < b->dim; j++) PetscCall(PetscMalloc2(BENCH_RNG_CHUNK, &lib[j], BENCH_RNG_CHUNK, &prev[j]));
  PetscCall(MckRNGNormals(b->rng, 12345, BENCH_RNG_CHUNK, 77, 0, b->dim, lib));
  for (uint32_t m = 0; 4 * (PetscInt)m < b->dim; m++) CallKernel(1, seed, 12345, 77, m, b->dim, prev);
  *same = PETSC_TRUE;
  for (PetscInt j = 0; j < b->dim; j++) {
    if (memcmp(lib[j], prev[j], BENCH_RNG_CHUNK * sizeof(PetscReal))) *same = PETSC_FALSE;
    PetscCall(PetscFree2(lib[j], prev[j]));
  }
  PetscFunctionReturn(0);
}

/* Best seconds of reps passes of the library (which = 0), its kernel (1), the previous kernel (2) or
 * the packed normals (3). */
static PetscErrorCode TimePasses(RNGBench *b, uint32_t seed, int which, PetscInt reps, double *best)
{
  PetscFunctionBeginUser;
  *best = 1e300;
  for (PetscInt r = 0; r < reps; r++) {
    const double t0 = BenchNow();

    if (which == 0) PetscCall(PassLibrary(b, r));
    else if (which == 3) PetscCall(PassPacked(b, r));
    else PassKernel(b, which == 2, seed, r);
    *best = PetscMin(*best, BenchNow() - t0);
    bench_sink += b->out[0][3];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RunISA(RNGBench *b, uint32_t seed, PetscInt reps, PetscInt rounds)
{
  double    best[4] = {1e300, 1e300, 1e300, 1e300}, t, ns[4];
  PetscBool same    = PETSC_FALSE;

  PetscFunctionBeginUser;
  for (int w = 0; w < 4; w++) PetscCall(TimePasses(b, seed, w, 1, &t)); /* warm-up */
  for (PetscInt k = 0; k < rounds; k++)
    for (int w = 0; w < 4; w++) {
      PetscCall(TimePasses(b, seed, w, reps, &t));
      best[w] = PetscMin(best[w], t);
    }
  PetscCall(SameBits(b, seed, &same));
  for (int w = 0; w < 4; w++) ns[w] = best[w] / ((double)b->nstreams * (double)b->dim) * 1e9;
  PetscCall(BenchJSON(
      PETSC_COMM_WORLD,
      "\"bench\":\"rng_normals_isa\",\"isa\":\"%s\",\"dim\":%" PetscInt_FMT ",\"streams\":%" PetscInt_FMT
      ",\"chunk\":%d,\"clock\":\"%s\",\"ns_per_normal\":%.3f,\"kernel_ns_per_normal\":%.3f,\"previous_ns_per_normal\":%.3f,\"speedup_vs_previous\":%.3f,\"same_bits_as_previous\":%s,\"packed_ns_per_normal\":%.3f,\"packed_speedup\":%.3f",
      McKeanISAName(McKeanGetISA()), b->dim, b->nstreams, BENCH_RNG_CHUNK, bench_clock_cpu ? "cpu" : "wall", ns[0],
      ns[1], ns[2], ns[2] / ns[1], same ? "true" : "false", ns[3], ns[0] / ns[3]));
  PetscFunctionReturn(0);
}

/* Per-call cost of the packed normals: consecutive calls of n streams (dim normals each) over the
 * pass, into an L1 buffer, for the sizes of BenchPerCallSizes. Three ways, each timed once per round:
 *   library  MckRNGNormalsPacked (argument checks, log event, dispatch, kernel, copy);
 *   packed   its kernel MckRNGNormalsPackedKernel called directly (blocks into the stack buffer, copy);
 *   blocks   the normals kernel alone on the same blocks, into four rows (no copy, no recomputed ends).
 * The marginal cost per stream is the slope between the two largest sizes (whole 32-block batches on
 * every instruction set); what a call costs beyond it is its fixed cost. */
static const PetscInt BenchPerCallSizes[] = {16, 32, 48, 64, 96, 128, 256};
#define BENCH_PER_CALL_NSIZES ((int)(sizeof(BenchPerCallSizes) / sizeof(BenchPerCallSizes[0])))

/* One pass of calls of n streams by way w (0 library, 1 packed kernel, 2 blocks); returns the calls. */
static PetscErrorCode PassPerCall(RNGBench *b, uint32_t seed, int w, PetscInt n, PetscInt64 step, PetscInt64 *calls)
{
  PetscFunctionBeginUser;
  *calls = 0;
  for (PetscInt64 g = 0; g + n <= b->nstreams; g += n, (*calls)++) {
    if (w == 0) PetscCall(MckRNGNormalsPacked(b->rng, g, n, step, 0, b->dim, b->out));
    else if (w == 1)
      MCK_SIMD_CALL(MckRNGNormalsPackedKernel, seed, 0x80000000u, (uint64_t)g, 0, n, 0, b->dim, (uint64_t)step, b->dim,
                    b->out);
    else {
      const uint64_t b0 = (uint64_t)(b->dim * g) / 4, b1 = (uint64_t)(b->dim * (g + n) + 3) / 4;

      MCK_SIMD_CALL(MckRNGNormalsKernel, seed, b0, (int64_t)(b1 - b0), (uint64_t)step, 0x80000000u, b->rows);
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode RunPerCall(RNGBench *b, uint32_t seed, PetscInt reps, PetscInt rounds)
{
  double     best[BENCH_PER_CALL_NSIZES][3];
  PetscInt64 calls[BENCH_PER_CALL_NSIZES];

  PetscFunctionBeginUser;
  for (int s = 0; s < BENCH_PER_CALL_NSIZES; s++)
    for (int w = 0; w < 3; w++) best[s][w] = 1e300;
  for (PetscInt k = 0; k <= rounds; k++) /* round 0 warms up */
    for (int s = 0; s < BENCH_PER_CALL_NSIZES; s++)
      for (int w = 0; w < 3; w++)
        for (PetscInt r = 0; r < reps; r++) {
          const double t0 = BenchNow();

          PetscCall(PassPerCall(b, seed, w, BenchPerCallSizes[s], r, &calls[s]));
          if (k > 0) best[s][w] = PetscMin(best[s][w], (BenchNow() - t0) / (double)calls[s]);
          bench_sink += b->out[0][3] + b->rows[0][3];
        }
  for (int s = 0; s < BENCH_PER_CALL_NSIZES; s++) {
    const int      L = BENCH_PER_CALL_NSIZES - 1;
    const PetscInt n = BenchPerCallSizes[s];
    double         fixed[3];

    for (int w = 0; w < 3; w++) { /* beyond the marginal cost per stream, the slope of the two largest sizes */
      const double slope = (best[L][w] - best[L - 1][w]) / (double)(BenchPerCallSizes[L] - BenchPerCallSizes[L - 1]);
      fixed[w]           = 1e9 * (best[s][w] - slope * (double)n);
    }
    PetscCall(BenchJSON(
        PETSC_COMM_WORLD,
        "\"bench\":\"rng_packed_per_call\",\"isa\":\"%s\",\"dim\":%" PetscInt_FMT ",\"streams_per_call\":%" PetscInt_FMT
        ",\"clock\":\"%s\",\"ns_per_call\":%.1f,\"ns_per_normal\":%.3f,\"fixed_ns\":%.1f,\"kernel_ns_per_call\":%.1f,"
        "\"kernel_fixed_ns\":%.1f,\"blocks_ns_per_call\":%.1f,\"blocks_fixed_ns\":%.1f",
        McKeanISAName(McKeanGetISA()), b->dim, n, bench_clock_cpu ? "cpu" : "wall", 1e9 * best[s][0],
        1e9 * best[s][0] / (double)(n * b->dim), fixed[0], 1e9 * best[s][1], fixed[1], 1e9 * best[s][2], fixed[2]));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  RNGBench  b    = {0};
  PetscInt  reps = 20, rounds = 3, seed = 7;
  PetscBool all = PETSC_TRUE, per_call = PETSC_TRUE;
  char      isas[16] = "all";
  McKeanISA start    = McKeanGetISA();

  PetscFunctionBeginUser;
  b.dim      = 3;
  b.nstreams = 1 << 18;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-rng options", NULL);
  PetscCall(MckOptionsInt("-bench_dim", "Normals per stream, 1 to 4", b.dim, &b.dim, NULL));
  PetscCall(MckOptionsInt("-bench_streams", "Streams per pass (a multiple of 256)", b.nstreams, &b.nstreams, NULL));
  PetscCall(MckOptionsInt("-bench_reps", "Timed passes per round (the best counts)", reps, &reps, NULL));
  PetscCall(
      MckOptionsInt("-bench_rounds", "Rounds, each timing the library and the previous kernel", rounds, &rounds, NULL));
  PetscCall(MckOptionsString("-bench_isas", "all: every instruction set this CPU has; current: the one selected", isas,
                             isas, sizeof(isas), NULL));
  PetscCall(MckOptionsBool("-bench_cpu_time", "Time with the thread's CPU time instead of the wall clock",
                           bench_clock_cpu, &bench_clock_cpu, NULL));
  PetscCall(MckOptionsInt("-bench_seed", "Seed", seed, &seed, NULL));
  PetscCall(MckOptionsBool("-bench_per_call", "Also time the packed normals per call, 16 to 256 streams per call",
                           per_call, &per_call, NULL));
  PetscOptionsEnd();
  {
    PetscBool help;
    PetscCall(PetscOptionsHasHelp(NULL, &help));
    if (help) PetscFunctionReturn(0); /* the options and their defaults have been printed */
  }
  PetscCheck(b.dim >= 1 && b.dim <= 4, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-bench_dim %" PetscInt_FMT ": use 1, 2, 3 or 4", b.dim);
  PetscCheck(b.nstreams >= BENCH_RNG_CHUNK && b.nstreams % BENCH_RNG_CHUNK == 0, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-bench_streams %" PetscInt_FMT ": use a positive multiple of %d", b.nstreams, BENCH_RNG_CHUNK);
  PetscCheck(reps >= 1 && rounds >= 1, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-bench_reps %" PetscInt_FMT " -bench_rounds %" PetscInt_FMT ": both must be at least 1", reps, rounds);
  PetscCheck(!strcmp(isas, "all") || !strcmp(isas, "current"), PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-bench_isas %s: use all or current", isas);
  all = !strcmp(isas, "all") ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &b.rng));
  PetscCall(MckRNGSetSeed(b.rng, seed));
  for (PetscInt j = 0; j < b.dim; j++) PetscCall(PetscMalloc1(BENCH_RNG_CHUNK, &b.out[j]));
  for (PetscInt j = 0; j < 4; j++) PetscCall(PetscMalloc1(MCK_PACKED_BLOCKS, &b.rows[j]));
  if (all) {
    for (int isa = MCK_ISA_GENERIC; isa <= (int)McKeanGetBestISA(); isa++) {
      PetscCall(McKeanSetISA((McKeanISA)isa));
      PetscCall(RunISA(&b, (uint32_t)seed, reps, rounds));
      if (per_call) PetscCall(RunPerCall(&b, (uint32_t)seed, reps, rounds));
    }
    PetscCall(McKeanSetISA(start));
  } else {
    PetscCall(RunISA(&b, (uint32_t)seed, reps, rounds));
    if (per_call) PetscCall(RunPerCall(&b, (uint32_t)seed, reps, rounds));
  }
  for (PetscInt j = 0; j < b.dim; j++) PetscCall(PetscFree(b.out[j]));
  for (PetscInt j = 0; j < 4; j++) PetscCall(PetscFree(b.rows[j]));
  PetscCall(MckRNGDestroy(&b.rng));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv) { return BenchMain(&argc, &argv, "bench-rng", help, Run); }
