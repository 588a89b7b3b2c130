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

/* 2^k for an integer-valued 0 <= kd < 1024: k sits in the low mantissa bits of kd + 2^52. */
static inline double MCK_SIMD_FN(PowerOfTwo)(double kd)
{
  const uint64_t k = MCK_SIMD_FN(DoubleBits)(kd + 0x1p52) - MCK_SIMD_FN(DoubleBits)(0x1p52);
  const uint64_t b = (k + 1023) << 52;
  double         p;

  memcpy(&p, &b, sizeof p);
  return p;
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

static inline double MCK_SIMD_FN(TanhOne)(double x)
{
  const double INVLN2 = 1.44269504088896338700, LN2HI = 6.93147180369123816490e-01, LN2LO = 1.90821492927058770002e-10;
  double       a     = fabs(x);
  a                  = MCK_SIMD_FN(Clamp20)(a); /* NaN stays NaN */
  const double y     = 2.0 * a;
  const double kd    = (y * INVLN2 + 0x1p52) - 0x1p52; /* round(y / ln 2), exact for 0 <= y < 2^51 */
  const double r     = (y - kd * LN2HI) - kd * LN2LO;  /* kd LN2HI is exact for kd < 2^20 */
  const double two_k = MCK_SIMD_FN(PowerOfTwo)(kd);
  const double t     = two_k * MCK_SIMD_FN(Expm1Reduced)(r) + (two_k - 1.0);
  return copysign(t / (t + 2.0), x);
}

void MCK_SIMD_FN(MckTanhKernel)(int64_t n, const double *z, double *s)
{
  for (int64_t k = 0; k < n; k++) s[k] = MCK_SIMD_FN(TanhOne)(z[k]);
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
    for (int64_t k = k0; k < kn; k++) s[k] = MCK_SIMD_FN(TanhOne)(z[k]);
    if (ds) MCK_SIMD_FN(MckTanhDerivOfValueKernel)(kn - k0, s + k0, ds + k0);
  }
}
