/* Vectorisable tanh for the activation (tanh dominated the mfld step when it came from libm:
 * 36% of the step at N = 10^4, d = 100, P = 1000, see docs/learn.md).
 *
 *   tanh(x) = sign(x) t / (t + 2),   t = expm1(2 a),   a = min(|x|, 20)
 * t / (t + 2) has no cancellation for small a (unlike 1 - 2 / (e^{2a} + 1)); tanh(20) rounds to
 * 1 in double, so the clamp changes nothing and keeps expm1 finite. expm1(y), y in [0, 40]:
 * y = k ln 2 + r with |r| <= ln2 / 2 (Cody-Waite, ln 2 split in a high part with trailing zeros
 * and a low part), expm1(r) by its Taylor series to degree 13 (truncation < 2e-17 relative),
 * expm1(y) = 2^k expm1(r) + (2^k - 1), 2^k assembled in the exponent bits.
 * Every operation is plain IEEE double arithmetic (+ - * /, a compare-select, copysign, integer
 * bit operations), so with -ffp-contract=off an element rounds the same in a vector body and in
 * a scalar remainder: a neuron's value does not depend on its position in a loop. NaN propagates
 * (the clamp keeps it). Accuracy (tests/kernel/test_activation_tanh.c, against long-double tanhl):
 * < 3 ulp (measured 2.4 ulp). */
#include <mckean/mckactivation.h>
#include <math.h>
#include <string.h>

#if !defined(PETSC_USE_REAL_DOUBLE)
  #error "MckActivationTanh is written for PetscReal == double"
#endif

static inline uint64_t DoubleBits(double x)
{
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

/* 2^k for an integer-valued 0 <= kd < 1024: k sits in the low mantissa bits of kd + 2^52. */
static inline double PowerOfTwo(double kd)
{
  const uint64_t k = DoubleBits(kd + 0x1p52) - DoubleBits(0x1p52);
  const uint64_t b = (k + 1023) << 52;
  double         p;

  memcpy(&p, &b, sizeof p);
  return p;
}

/* expm1(r) for |r| <= ln2 / 2: r + r^2 (1/2 + r (1/6 + ... + r / 13!)) in Horner form */
static inline double Expm1Reduced(double r)
{
  static const double c[] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};
  double              p = c[0];

  for (int j = 1; j < 12; j++) p = c[j] + r * p;
  return r + r * (r * p);
}

static inline double TanhOne(double x)
{
  const double INVLN2 = 1.44269504088896338700, LN2HI = 6.93147180369123816490e-01, LN2LO = 1.90821492927058770002e-10;
  double       a      = fabs(x);
  a                   = a > 20.0 ? 20.0 : a; /* NaN stays NaN */
  const double y      = 2.0 * a;
  const double kd     = (y * INVLN2 + 0x1p52) - 0x1p52; /* round(y / ln 2), exact for 0 <= y < 2^51 */
  const double r      = (y - kd * LN2HI) - kd * LN2LO;  /* kd LN2HI is exact for kd < 2^20 */
  const double two_k  = PowerOfTwo(kd);
  const double t      = two_k * Expm1Reduced(r) + (two_k - 1.0);
  return copysign(t / (t + 2.0), x);
}

/*@C
  MckActivationTanh - s[k] = tanh(z[k]), k < n, vectorisable and bitwise independent of the
  position of k in the loop; < 3 ulp from the correctly rounded tanh.

  Not Collective

  Input Parameters:
+ n - the number of elements
- z - the arguments

  Output Parameter:
. s - the values (may be z)

  Level: developer

.seealso: `MckActivationFind()`, `MCKACTIVATION_TANH`
@*/
void MckActivationTanh(PetscInt n, const PetscReal z[], PetscReal s[])
{
  for (PetscInt k = 0; k < n; k++) s[k] = TanhOne(z[k]);
}
