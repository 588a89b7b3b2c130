/* Vectorisable tanh for the activation (tanh dominated the mfld step when it came from libm:
 * 36% of the step at N = 10^4, d = 100, P = 1000, see docs/learn.md).
 *
 *   tanh(x) = sign(x) t / (t + 2),   t = expm1(2 a),   a = min(|x|, 20)
 * t / (t + 2) has no cancellation for small a (unlike 1 - 2 / (e^{2a} + 1)); tanh(20) rounds to
 * 1 in double, so the clamp changes nothing and keeps expm1 finite. expm1(y), y in [0, 40]:
 * y = k ln 2 + r with |r| <= ln2 / 2 (Cody-Waite, ln 2 split in a high part with trailing zeros
 * and a low part), expm1(r) by its Taylor series to degree 13 (truncation < 2e-17 relative),
 * expm1(y) = 2^k expm1(r) + (2^k - 1), 2^k assembled in the exponent bits. The kernel runs the
 * reduction, expm1(r) and the quotient as three loops over blocks (tanh_template.h: why).
 * Every operation is plain IEEE double arithmetic (+ - * /, a compare-select, copysign, integer
 * bit operations), so with -ffp-contract=off an element rounds the same in a vector body and in
 * a scalar remainder: a neuron's value does not depend on its position in a loop. NaN propagates
 * (the clamp keeps it). Accuracy (tests/kernel/test_activation_tanh.c, against long-double tanhl):
 * < 3 ulp (measured 2.4 ulp). */
#include <mckean/mckactivation.h>
#include "kernel/tanhkernels.h"
#include <math.h>

#if !defined(PETSC_USE_REAL_DOUBLE)
#  error "MckActivationTanh is written for PetscReal == double"
#endif

#define MCK_SIMD_TEMPLATE "kernel/tanh_template.h"
#include "core/simd_instantiate.h"

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
  MCK_SIMD_CALL(MckTanhKernel, (int64_t)n, z, s);
}
