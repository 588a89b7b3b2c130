/* Vectorisable elementary functions: natural log and sin/cos of 2*pi*u.
 *
 * Why not libm: a libm call blocks auto-vectorisation, and a vector libm (libmvec) may round
 * differently from the scalar libm used for a loop's remainder. Here every operation is plain
 * IEEE double arithmetic (+ - * /, comparisons, selects, integer bit operations), so with
 * -ffp-contract=off an element gives the same bits in a vector body and in a scalar tail.
 * Rounding to an integer and int<->double conversion use the 2^52 "magic number" trick rather
 * than rint() or casts, because those do not vectorise everywhere (AVX2 has no int64->double).
 *
 * Accuracy (tests/unit/test_rng_elementary.c, against long-double libm): MckLog < 1 ulp (measured
 * 0.83 ulp), MckSinCos2Pi absolute error < 2.5e-16 (measured 1.6e-16).
 */
#include <mckean/mckrng.h>
#include <math.h>
#include <string.h>

#if !defined(PETSC_USE_REAL_DOUBLE)
  #error "MckLog/MckSinCos2Pi are written for PetscReal == double"
#endif

static const double TWO52 = 0x1p52; /* adding 2^52 to |x| < 2^52 rounds x to an integer */

static inline uint64_t AsBits(double x)
{
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static inline double FromBits(uint64_t b)
{
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* Bitwise select c ? a : b. A C conditional on doubles is kept as a branch by gcc when it cannot
 * if-convert it (without AVX-512 masking, under the default -ftrapping-math), which stops the
 * loop from vectorising; and-or on the bit patterns vectorises on every instruction set. */
static inline double Select(int c, double a, double b)
{
  const uint64_t m = (uint64_t)0 - (uint64_t)(c != 0);
  return FromBits((AsBits(a) & m) | (AsBits(b) & ~m));
}

/* Round to nearest integer (ties to even), exact, for every finite x; NaN and inf pass through.
 * For |x| < 2^52, |x| + 2^52 lies in [2^52, 2^53) where the spacing of doubles is 1, so the
 * addition itself rounds; the subtraction is then exact. Larger |x| are already integers. */
static inline double RoundToInt(double x)
{
  const double ax = fabs(x); /* fabs/copysign are bit operations, inlined by the compiler */
  const double r  = copysign((ax + TWO52) - TWO52, x);
  return Select(ax < TWO52, r, x);
}

/* ---- natural logarithm ------------------------------------------------------------------
 * x = 2^e * m with m in [sqrt(2)/2, sqrt(2)), f = m - 1 (exact by Sterbenz), s = f/(2+f), so
 * that log(m) = 2 atanh(s) = 2s + s*R(s^2), R(z) = sum_{k>=1} 2 z^k/(2k+1). Since 2s = f - s*f
 * and s*f = hfsq - s*hfsq with hfsq = f^2/2, log(m) = f - (hfsq - s*(hfsq + R)): the exact f
 * carries the leading bits and the rounding errors only touch the small correction.
 * |s| <= 3 - 2 sqrt(2) = 0.1716, z <= 0.02944; R is truncated after z^10, whose omitted tail
 * s * 2 z^11/23 < 2e-19 is far below half an ulp of log(m). e*ln2 uses ln2 split into a 40-bit
 * head (so e*LN2_HI is exact for |e| < 2^13) and a tail. */
static const double LN2_HI = 0x1.62e42fefa2000p-1;  /* floor(ln2 * 2^40) / 2^40 */
static const double LN2_LO = 0x1.9ef35793c7673p-41; /* ln2 - LN2_HI, rounded */
#define MCK_SQRT1_2_BITS 0x3fe6a09e667f3bcdULL /* bits of the double nearest sqrt(2)/2 */

static inline double LogOne(double x)
{
  /* Subnormals: scale into the normal range first, and remember the 2^54 in the exponent. */
  const int    sub   = x < 0x1p-1022;
  const double xs    = Select(sub, x * 0x1p54, x);
  const double ebias = Select(sub, -54.0, 0.0);
  const uint64_t ix  = AsBits(xs);
  /* ix - bits(sqrt(2)/2) has the exponent e in its top bits, with m in [sqrt(2)/2, sqrt(2)).
   * The offset 1024<<52 keeps the difference positive so a logical shift extracts e + 1024
   * (AVX2 has no 64-bit arithmetic shift). */
  const uint64_t t   = ix - MCK_SQRT1_2_BITS + (1024ULL << 52);
  const uint64_t eb  = t >> 52;                             /* e + 1024, in [2, 2048] for finite x > 0 */
  const double   m   = FromBits(ix - ((eb - 1024ULL) << 52)); /* x / 2^e, wrap-around is intended */
  /* e as a double: 2^52 + eb is exact in the bits, subtracting 2^52 + 1024 leaves e exactly. */
  const double dk = (FromBits(AsBits(TWO52) | eb) - (TWO52 + 1024.0)) + ebias;

  const double f    = m - 1.0;
  const double s    = f / (2.0 + f);
  const double z    = s * s;
  const double R    = z * (2.0 / 3.0 + z * (2.0 / 5.0 + z * (2.0 / 7.0 + z * (2.0 / 9.0 + z * (2.0 / 11.0 + z * (2.0 / 13.0 + z * (2.0 / 15.0 + z * (2.0 / 17.0 + z * (2.0 / 19.0 + z * (2.0 / 21.0))))))))));
  const double hfsq = 0.5 * f * f;
  double       y    = dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);

  /* The IEEE special cases, as selects so the loop stays branch-free. */
  y = Select(x == 0.0, -INFINITY, y);
  y = Select((x < 0.0) | (x != x), NAN, y);
  y = Select(x == INFINITY, INFINITY, y);
  return y;
}

void MckLog(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt i = 0; i < n; i++) y[i] = LogOne(x[i]);
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
static const double S0 = 0x1.921fb54442d18p+0, S1 = -0x1.4abbce625be53p-1, S2 = 0x1.466bc6775aae2p-4,
                    S3 = -0x1.32d2cce62bd86p-8, S4 = 0x1.50783487ee782p-13, S5 = -0x1.e3074fde8871fp-19,
                    S6 = 0x1.e8f434d018d63p-25, S7 = -0x1.6fadb9f155744p-31, S8 = 0x1.aaec32af93359p-38;
static const double C1 = -0x1.3bd3cc9be45dep+0, C2 = 0x1.03c1f081b5ac4p-2, C3 = -0x1.55d3c7e3cbffap-6,
                    C4 = 0x1.e1f506891babbp-11, C5 = -0x1.a6d1f2a204a8cp-16, C6 = 0x1.f9d38a3763cc3p-22,
                    C7 = -0x1.b6e24f44b128fp-28, C8 = 0x1.20c62c2f2d7f5p-34;

static inline void SinCosOne(double u, double *sn, double *cs)
{
  const double v  = u - RoundToInt(u); /* NaN for u = NaN or +-inf, which then propagates */
  const double t  = 4.0 * v;
  const double q  = RoundToInt(t);
  const double r  = t - q;
  const double z  = r * r;
  const double sp = r * (S0 + z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * (S6 + z * (S7 + z * S8))))))));
  const double cp = 1.0 + z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * (C6 + z * (C7 + z * C8)))))));
  /* Quadrant q mod 4 (q = -1 is 3, q = -2 is 2): sin = (sp, cp, -sp, -cp), cos = (cp, -sp, -cp, sp).
   * Bitwise | on comparisons and Select keep this branch-free. */
  const int    odd  = (q == 1.0) | (q == -1.0);
  const int    negs = (q < 0.0) | (q > 1.5);
  const int    negc = (q > 0.5) | (q < -1.5);
  const double a    = Select(odd, cp, sp);
  const double b    = Select(odd, sp, cp);
  *sn               = Select(negs, -a, a);
  *cs               = Select(negc, -b, b);
}

void MckSinCos2Pi(PetscInt n, const PetscReal u[], PetscReal s[], PetscReal c[])
{
  for (PetscInt i = 0; i < n; i++) SinCosOne(u[i], &s[i], &c[i]);
}
