/* The scalar bodies of MckLog and MckSinCos2Pi and their loops, which the compiler vectorises for
 * each instruction set; a kernel template (core/simd.h), instantiated by rng/kernels.c (where the
 * constants are). Each method is described above its function. */

static inline uint64_t MCK_SIMD_FN(AsBits)(double x)
{
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static inline double MCK_SIMD_FN(FromBits)(uint64_t b)
{
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* Bitwise select c ? a : b. A C conditional on doubles is kept as a branch by gcc when it cannot
 * if-convert it (without AVX-512 masking, under the default -ftrapping-math), which stops the
 * loop from vectorising; and-or on the bit patterns vectorises on every instruction set. */
static inline double MCK_SIMD_FN(Select)(int c, double a, double b)
{
  const uint64_t m = (uint64_t)0 - (uint64_t)(c != 0);
  return MCK_SIMD_FN(FromBits)((MCK_SIMD_FN(AsBits)(a) & m) | (MCK_SIMD_FN(AsBits)(b) & ~m));
}

/* Round to nearest integer (ties to even), exact, for every finite x; NaN and inf pass through.
 * For |x| < 2^52, |x| + 2^52 lies in [2^52, 2^53) where the spacing of doubles is 1, so the
 * addition itself rounds; the subtraction is then exact. Larger |x| are already integers. */
static inline double MCK_SIMD_FN(RoundToInt)(double x)
{
  const double ax = fabs(x); /* fabs/copysign are bit operations, inlined by the compiler */
  const double r  = copysign((ax + 0x1p52) - 0x1p52, x);
  return MCK_SIMD_FN(Select)(ax < 0x1p52, r, x);
}

/* ---- natural logarithm ------------------------------------------------------------------
 * x = 2^e * m with m in [sqrt(2)/2, sqrt(2)), f = m - 1 (exact by Sterbenz), s = f/(2+f), so
 * that log(m) = 2 atanh(s) = 2s + s*R(s^2), R(z) = sum_{k>=1} 2 z^k/(2k+1). Since 2s = f - s*f
 * and s*f = hfsq - s*hfsq with hfsq = f^2/2, log(m) = f - (hfsq - s*(hfsq + R)): the exact f
 * carries the leading bits and the rounding errors only touch the small correction.
 * |s| <= 3 - 2 sqrt(2) = 0.1716, z <= 0.02944; R is truncated after z^10, whose omitted tail
 * s * 2 z^11/23 < 2e-19 is far below half an ulp of log(m). e*ln2 uses ln2 split into a 40-bit
 * head (so e*MCK_LN2_HI is exact for |e| < 2^13) and a tail. */

static inline double MCK_SIMD_FN(LogOne)(double x)
{
  /* Subnormals: scale into the normal range first, and remember the 2^54 in the exponent. */
  const int      sub   = x < 0x1p-1022;
  const double   xs    = MCK_SIMD_FN(Select)(sub, x * 0x1p54, x);
  const double   ebias = MCK_SIMD_FN(Select)(sub, -54.0, 0.0);
  const uint64_t ix    = MCK_SIMD_FN(AsBits)(xs);
  /* ix - bits(sqrt(2)/2) has the exponent e in its top bits, with m in [sqrt(2)/2, sqrt(2)).
   * The offset 1024<<52 keeps the difference positive so a logical shift extracts e + 1024
   * (AVX2 has no 64-bit arithmetic shift). */
  const uint64_t t  = ix - MCK_SQRT1_2_BITS + (1024ULL << 52);
  const uint64_t eb = t >> 52;                                            /* e + 1024, in [2, 2048] for finite x > 0 */
  const double   m  = MCK_SIMD_FN(FromBits)(ix - ((eb - 1024ULL) << 52)); /* x / 2^e, wrap-around is intended */
  /* e as a double: 2^52 + eb is exact in the bits, subtracting 2^52 + 1024 leaves e exactly. */
  const double dk = (MCK_SIMD_FN(FromBits)(MCK_SIMD_FN(AsBits)(0x1p52) | eb) - (0x1p52 + 1024.0)) + ebias;

  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double R =
      z * (2.0 / 3.0 +
           z * (2.0 / 5.0 +
                z * (2.0 / 7.0 +
                     z * (2.0 / 9.0 +
                          z * (2.0 / 11.0 +
                               z * (2.0 / 13.0 +
                                    z * (2.0 / 15.0 + z * (2.0 / 17.0 + z * (2.0 / 19.0 + z * (2.0 / 21.0))))))))));
  const double hfsq = 0.5 * f * f;
  double       y    = dk * MCK_LN2_HI - ((hfsq - (s * (hfsq + R) + dk * MCK_LN2_LO)) - f);

  /* The IEEE special cases, as selects so the loop stays branch-free. */
  y = MCK_SIMD_FN(Select)(x == 0.0, -INFINITY, y);
  y = MCK_SIMD_FN(Select)((x < 0.0) | (x != x), NAN, y);
  y = MCK_SIMD_FN(Select)(x == INFINITY, INFINITY, y);
  return y;
}

void MCK_SIMD_FN(MckLogKernel)(int64_t n, const double *x, double *y)
{
  for (int64_t i = 0; i < n; i++) y[i] = MCK_SIMD_FN(LogOne)(x[i]);
}

/* ---- sin and cos of 2*pi*u ----------------------------------------------------------------
 * Work in quarter turns, where the reduction is exact: v = u - round(u) in [-1/2, 1/2] and
 * t = 4v are exact, q = round(t) in {-2,...,2}, r = t - q in [-1/2, 1/2] exact (all Sterbenz),
 * and 2*pi*u = (pi/2)(q + r) modulo 2*pi. No rounded multiple of pi is ever subtracted, so
 * the reduction costs nothing in accuracy, for any u.
 * On |r| <= 1/2 (angle |x| <= pi/4), sin((pi/2) r) = r * sum_k S_k r^(2k) with
 * S_k = (-1)^k (pi/2)^(2k+1)/(2k+1)!, and cos((pi/2) r) = sum_k C_k r^(2k) with
 * C_k = (-1)^k (pi/2)^(2k)/(2k)!. Truncated after k = 8: the first omitted terms are
 * 4.4e-14 * 2^-19 < 1e-19 (sin) and 5.3e-13 * 2^-18 = 2e-18 (cos), below 0.02 ulp.
 * The coefficients are the doubles nearest to those values (computed with mpmath at 300 bits). */
static inline void MCK_SIMD_FN(SinCosOne)(double u, double *sn, double *cs)
{
  const double v = u - MCK_SIMD_FN(RoundToInt)(u); /* NaN for u = NaN or +-inf, which then propagates */
  const double t = 4.0 * v;
  const double q = MCK_SIMD_FN(RoundToInt)(t);
  const double r = t - q;
  const double z = r * r;
  const double sp =
      r * (MCK_S0 +
           z * (MCK_S1 +
                z * (MCK_S2 + z * (MCK_S3 + z * (MCK_S4 + z * (MCK_S5 + z * (MCK_S6 + z * (MCK_S7 + z * MCK_S8))))))));
  const double cp =
      1.0 + z * (MCK_C1 +
                 z * (MCK_C2 + z * (MCK_C3 + z * (MCK_C4 + z * (MCK_C5 + z * (MCK_C6 + z * (MCK_C7 + z * MCK_C8)))))));
  /* Quadrant q mod 4 (q = -1 is 3, q = -2 is 2): sin = (sp, cp, -sp, -cp), cos = (cp, -sp, -cp, sp).
   * Bitwise | on comparisons and Select keep this branch-free. */
  const int    odd  = (q == 1.0) | (q == -1.0);
  const int    negs = (q < 0.0) | (q > 1.5);
  const int    negc = (q > 0.5) | (q < -1.5);
  const double a    = MCK_SIMD_FN(Select)(odd, cp, sp);
  const double b    = MCK_SIMD_FN(Select)(odd, sp, cp);
  *sn               = MCK_SIMD_FN(Select)(negs, -a, a);
  *cs               = MCK_SIMD_FN(Select)(negc, -b, b);
}

void MCK_SIMD_FN(MckSinCos2PiKernel)(int64_t n, const double *u, double *s, double *c)
{
  for (int64_t i = 0; i < n; i++) MCK_SIMD_FN(SinCosOne)(u[i], &s[i], &c[i]);
}
