/* MckRNG: counter-based normals and uniforms from Philox4x32-10 (see mckrng.h for the mapping).
 *
 * There is no generator state beyond the seed: a number is a pure function of (seed, stream,
 * step, draw), so any rank can produce any particle's noise and a restart needs only the seed.
 * Speed comes from doing the same work for many streams at once: streams are processed in
 * blocks of MCK_RNG_BLOCK lanes, and each stage (Philox + bits-to-uniform, log, sqrt, sincos,
 * scaling) is a separate loop over the block that the compiler vectorises. The block buffers
 * live on the stack, so a call allocates nothing. */
#include <mckean/mckrng.h>
#include <math.h>
#include <string.h>

#define MCK_RNG_BLOCK 64

struct _p_MckRNG {
  MPI_Comm comm;
  PetscInt seed; /* as given by the user */
  uint32_t key1; /* the seed as Philox key word 1 */
};

PetscErrorCode MckRNGCreate(MPI_Comm comm, MckRNG *rng)
{
  PetscFunctionBeginUser;
  PetscCheck(rng, comm, PETSC_ERR_ARG_NULL, "MckRNGCreate: null output pointer");
  PetscCall(PetscNew(rng));
  (*rng)->comm = comm;
  (*rng)->seed = 0;
  (*rng)->key1 = 0;
  PetscFunctionReturn(0);
}

/* The seed is Philox key word 1, a 32-bit word. Any seed that fits in 32 bits, read as signed
 * or as unsigned, is accepted (so -1 and 4294967295 name the same key); wider seeds would
 * silently collide with narrower ones, so they are refused. */
PetscErrorCode MckRNGSetSeed(MckRNG rng, PetscInt seed)
{
  const PetscInt64 s = (PetscInt64)seed;

  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGSetSeed: null MckRNG");
  PetscCheck(s >= -(PetscInt64)2147483648LL && s <= (PetscInt64)4294967295LL, rng->comm, PETSC_ERR_USER_INPUT,
             "-seed %" PetscInt64_FMT " does not fit in 32 bits: use a value in [-2147483648, 4294967295]", s);
  rng->seed = seed;
  rng->key1 = (uint32_t)(uint64_t)s;
  PetscFunctionReturn(0);
}

PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed)
{
  PetscFunctionBeginUser;
  PetscCheck(rng && seed, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGGetSeed: null argument");
  *seed = rng->seed;
  PetscFunctionReturn(0);
}

PetscErrorCode MckRNGDestroy(MckRNG *rng)
{
  PetscFunctionBeginUser;
  if (!rng || !*rng) PetscFunctionReturn(0);
  PetscCall(PetscFree(*rng));
  PetscFunctionReturn(0);
}

/* ---- bits to uniforms ------------------------------------------------------------------
 * A uniform takes 53 random bits from two words a, b: the top bit of a picks the half of
 * (0, 1), the next 20 bits of a and all of b form a 52-bit integer k, and
 *   upper half: u = 1/2 + k 2^-53           (= the double with exponent -1 and mantissa k),
 *   lower half: u = (k + 1/2) 2^-53         (= that double minus (1/2 - 2^-54), exact by Sterbenz).
 * So u lies in [2^-54, 1 - 2^-53]: never 0 (log(u) is finite) and never 1. Each half holds 2^52
 * equally spaced values; doubles in [1/2, 1) cannot hold the half-offset grid of the lower
 * half, so the upper grid is not offset, which moves the mean by 2^-55 — far below any test.
 * The words arrive in 64-bit lanes (see PhiloxUniformBlock); the half is chosen with an integer
 * mask rather than a conditional so that the loop vectorises without AVX-512 masking. */
static inline double Uniform53(uint64_t a, uint64_t b)
{
  const uint64_t k      = (((a >> 11) & 0xFFFFFu) << 32) | b;
  const uint64_t ybits  = 0x3FE0000000000000ULL | k;                  /* 1/2 + k 2^-53 */
  const uint64_t offset = 0x3FDFFFFFFFFFFFFFULL & ((a >> 31) - 1);    /* 1/2 - 2^-54 in the lower half, else 0 */
  double         y, c;

  memcpy(&y, &ybits, sizeof y);
  memcpy(&c, &offset, sizeof c);
  return y - c;
}

/* Philox4x32-10 for nb consecutive streams at one (step, counter word 0): u1[i] from words 0,1
 * and u2[i] from words 2,3 of stream (stream0 + i). This is MckPhilox4x32_10 (mckrng.h; the
 * known-answer test checks that one, test_rng_contract checks this one against it) written with
 * every 32-bit word in a 64-bit lane: the 32x32->64 multiplies then map onto one vector
 * instruction per lane group (vpmuludq) with no packing and unpacking of halves, which is
 * 1.9x (AVX-512) to 2.8x (AVX2) faster than vectorising the 32-bit form. */
#define MCK_M32 0xFFFFFFFFULL
static inline void PhiloxUniformBlock(uint32_t key1, uint64_t stream0, PetscInt nb, uint64_t step, uint32_t c0, double *restrict u1, double *restrict u2)
{
  const uint64_t slo = step & MCK_M32, shi = step >> 32;

  for (PetscInt i = 0; i < nb; i++) {
    const uint64_t id = stream0 + (uint64_t)i;
    uint64_t       x0 = c0, x1 = slo, x2 = shi, x3 = id >> 32, k0 = id & MCK_M32, k1 = key1;

    for (int r = 0; r < 10; r++) {
      const uint64_t p0 = 0xD2511F53ULL * x0, p1 = 0xCD9E8D57ULL * x2; /* exact 64-bit products */
      const uint64_t n0 = (p1 >> 32) ^ x1 ^ k0, n2 = (p0 >> 32) ^ x3 ^ k1;

      x0 = n0;
      x1 = p1 & MCK_M32;
      x2 = n2;
      x3 = p0 & MCK_M32;
      k0 = (k0 + 0x9E3779B9ULL) & MCK_M32; /* the Weyl key schedule; the bump after round 10 is unused */
      k1 = (k1 + 0xBB67AE85ULL) & MCK_M32;
    }
    u1[i] = Uniform53(x0, x1);
    u2[i] = Uniform53(x2, x3);
  }
}

/* Argument checks shared by MckRNGNormals and MckRNGUniforms. Counter word 0 is draw/2, so the
 * last draw must stay below 2^33. */
static PetscErrorCode CheckDrawArgs(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null MckRNG");
  PetscCheck(n >= 0 && ndraws >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "negative count: n %" PetscInt_FMT ", ndraws %" PetscInt_FMT, n, ndraws);
  PetscCheck(stream0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "stream ids are non-negative, got stream0 %" PetscInt64_FMT, stream0);
  PetscCheck(draw0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "draw indices are non-negative, got draw0 %" PetscInt_FMT, draw0);
  PetscCheck(ndraws == 0 || ((PetscInt64)draw0 + ndraws - 1) / 2 <= (PetscInt64)4294967295LL, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "draw index beyond 2^33 - 1");
  PetscCheck(n == 0 || ndraws == 0 || out, rng->comm, PETSC_ERR_ARG_NULL, "null output array");
  for (PetscInt j = 0; n > 0 && j < ndraws; j++) PetscCheck(out[j], rng->comm, PETSC_ERR_ARG_NULL, "null output array for draw %" PetscInt_FMT, draw0 + j);
  PetscFunctionReturn(0);
}

/* out[j][i] for draw (draw0 + j) of stream (stream0 + i). The draws are walked by Philox counter
 * m = draw/2; a counter yields two numbers (the even and the odd draw), which are stored only
 * if requested. Streams are the inner loop, in blocks, so the stores are contiguous. */
PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  for (PetscInt64 m = draw0 / 2; 2 * m < dend; m++) {
    PetscReal *even = 2 * m >= draw0 ? out[2 * m - draw0] : NULL;
    PetscReal *odd  = 2 * m + 1 < dend ? out[2 * m + 1 - draw0] : NULL;

    for (PetscInt i0 = 0; i0 < n; i0 += MCK_RNG_BLOCK) {
      const PetscInt nb = PetscMin(MCK_RNG_BLOCK, n - i0);
      double         u1[MCK_RNG_BLOCK], u2[MCK_RNG_BLOCK];

      PhiloxUniformBlock(rng->key1, (uint64_t)stream0 + (uint64_t)i0, nb, (uint64_t)step, (uint32_t)m, u1, u2);
      if (even) memcpy(even + i0, u1, (size_t)nb * sizeof(double));
      if (odd) memcpy(odd + i0, u2, (size_t)nb * sizeof(double));
    }
  }
  PetscFunctionReturn(0);
}

/* r = sqrt(-2 log u1) for a block. sqrt is correctly rounded (IEEE), so vector and scalar code
 * agree; gcc vectorises it only with -fno-math-errno (else it keeps a scalar errno check). */
static inline void BoxMullerRadius(PetscInt nb, const double *restrict lg, double *restrict r)
{
  for (PetscInt i = 0; i < nb; i++) r[i] = sqrt(-2.0 * lg[i]);
}

static inline void ScaleInto(PetscInt nb, const double *restrict r, const double *restrict w, PetscReal *restrict out)
{
  for (PetscInt i = 0; i < nb; i++) out[i] = r[i] * w[i];
}

/* Box-Muller on the uniforms of counter m: normal 2m = r cos(2 pi u2), normal 2m+1 = r sin(2 pi u2),
 * r = sqrt(-2 log u1). */
PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  for (PetscInt64 m = draw0 / 2; 2 * m < dend; m++) {
    PetscReal *cosout = 2 * m >= draw0 ? out[2 * m - draw0] : NULL;
    PetscReal *sinout = 2 * m + 1 < dend ? out[2 * m + 1 - draw0] : NULL;

    for (PetscInt i0 = 0; i0 < n; i0 += MCK_RNG_BLOCK) {
      const PetscInt nb = PetscMin(MCK_RNG_BLOCK, n - i0);
      double         u1[MCK_RNG_BLOCK], u2[MCK_RNG_BLOCK], lg[MCK_RNG_BLOCK], r[MCK_RNG_BLOCK], s[MCK_RNG_BLOCK], c[MCK_RNG_BLOCK];

      PhiloxUniformBlock(rng->key1, (uint64_t)stream0 + (uint64_t)i0, nb, (uint64_t)step, (uint32_t)m, u1, u2);
      MckLog(nb, u1, lg); /* separate buffers: no aliasing, so MckLog takes its vector path */
      BoxMullerRadius(nb, lg, r);
      MckSinCos2Pi(nb, u2, s, c);
      if (cosout) ScaleInto(nb, r, c, cosout + i0);
      if (sinout) ScaleInto(nb, r, s, sinout + i0);
    }
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
