/* The body of MckActivationTanh and its loop, which the compiler vectorises for each instruction set;
 * a kernel template (core/simd.h), instantiated by kernel/tanh.c, where the method is described. */

static inline uint64_t MCK_SIMD_FN(DoubleBits)(double x)
{
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

/* min(a, 20) for a >= 0, NaN kept, as a bitwise select: a C conditional on doubles stays a branch
 * without AVX-512 masking (gcc keeps it under -ftrapping-math), which stops the loop from
 * vectorising on the other instruction sets. */
static inline double MCK_SIMD_FN(Clamp20)(double a)
{
  const uint64_t m = (uint64_t)0 - (uint64_t)(a > 20.0);
  const uint64_t b = (MCK_SIMD_FN(DoubleBits)(20.0) & m) | (MCK_SIMD_FN(DoubleBits)(a) & ~m);
  double         r;

  memcpy(&r, &b, sizeof r);
  return r;
}

/* expm1(r) for |r| <= ln2 / 2: r + r^2 (1/2 + r (1/6 + ... + r / 13!)) in Horner form */
static inline double MCK_SIMD_FN(Expm1Reduced)(double r)
{
  static const double c[] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                             1.0 / 362880.0,     1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,
                             1.0 / 120.0,        1.0 / 24.0,        1.0 / 6.0,        0.5};
  double              p   = c[0];

  for (int j = 1; j < 12; j++) p = c[j] + r * p;
  return r + r * (r * p);
}

/* Stage 1: y = 2 min(|x|, 20) = k ln 2 + r; r and 2^k. k = round(y / ln 2) sits in the low
 * mantissa bits of kb = y / ln 2 + 2^52 (exact for 0 <= y < 2^51), so 2^k is kb's bits plus the
 * exponent bias, shifted into the exponent field (the bits of 2^52 shift out). y / ln 2 is
 * taken as a (2 / ln 2): the same rounding of the same product, without waiting for y. */
static inline void MCK_SIMD_FN(TanhReduce)(double x, double *r, double *two_k)
{
  const double TWO_INVLN2 = 2.0 * 1.44269504088896338700, LN2HI = 6.93147180369123816490e-01,
               LN2LO = 1.90821492927058770002e-10;
  const double   a   = MCK_SIMD_FN(Clamp20)(fabs(x)); /* NaN stays NaN */
  const double   kb  = a * TWO_INVLN2 + 0x1p52;
  const double   kd  = kb - 0x1p52;
  const uint64_t pk  = (MCK_SIMD_FN(DoubleBits)(kb) + 1023) << 52;

  *r = (2.0 * a - kd * LN2HI) - kd * LN2LO; /* kd LN2HI is exact for kd < 2^20 */
  memcpy(two_k, &pk, sizeof pk);
}

/* Stage 3: t = expm1(y) = 2^k expm1(r) + (2^k - 1), tanh = sign(x) t / (t + 2). */
static inline double MCK_SIMD_FN(TanhFinish)(double x, double em1, double two_k)
{
  const double t = two_k * em1 + (two_k - 1.0);
  return copysign(t / (t + 2.0), x);
}

/* The three stages of an element (reduction, expm1(r), the quotient) are a chain of about 100
 * cycles of dependent operations; in one loop the out-of-order window holds only a few elements'
 * chains, so the loop ran at the chain's latency (the same cycles per vector with 4 and 8
 * lanes). Run as three loops over blocks of 256 elements (r and 2^k stay in the L1 cache), each
 * stage's shorter chain overlaps across more elements: 0.7 times the time of one loop, on both
 * instruction sets (docs/performance.md). Every element sees the same operations in the same
 * order as in one loop, so the bits are those of one loop. */
void MCK_SIMD_FN(MckTanhKernel)(int64_t n, const double *z, double *s)
{
  enum { BLOCK = 256 };
  double r[BLOCK], two_k[BLOCK];

  for (int64_t k0 = 0; k0 < n; k0 += BLOCK) {
    const int64_t m = n - k0 < BLOCK ? n - k0 : BLOCK;
    for (int64_t k = 0; k < m; k++) MCK_SIMD_FN(TanhReduce)(z[k0 + k], &r[k], &two_k[k]);
    for (int64_t k = 0; k < m; k++) r[k] = MCK_SIMD_FN(Expm1Reduced)(r[k]);
    for (int64_t k = 0; k < m; k++) s[k0 + k] = MCK_SIMD_FN(TanhFinish)(z[k0 + k], r[k], two_k[k]);
  }
}

/* ds = tanh' = 1 - s^2 from s = tanh(z); ds may be s. */
void MCK_SIMD_FN(MckTanhDerivOfValueKernel)(int64_t n, const double *s, double *ds)
{
  for (int64_t k = 0; k < n; k++) ds[k] = 1.0 - s[k] * s[k];
}

/* s = tanh(z) and, when ds is given, ds = 1 - s^2 (the activation and its derivative, one pass
 * per block so that s is still in cache for the derivative). */
void MCK_SIMD_FN(MckTanhDerivKernel)(int64_t n, const double *z, double *s, double *ds)
{
  for (int64_t k0 = 0; k0 < n; k0 += 512) {
    const int64_t kn = k0 + 512 < n ? k0 + 512 : n;
    MCK_SIMD_FN(MckTanhKernel)(kn - k0, z + k0, s + k0);
    if (ds) MCK_SIMD_FN(MckTanhDerivOfValueKernel)(kn - k0, s + k0, ds + k0);
  }
}
