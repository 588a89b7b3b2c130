/* Vectorisable elementary functions: natural log and sin/cos of 2*pi*u.
 *
 * Why not libm: a libm call blocks auto-vectorisation, and a vector libm (libmvec) may round
 * differently from the scalar libm used for a loop's remainder. Here every operation is plain
 * IEEE double arithmetic (+ - * /, comparisons, selects, integer bit operations), so with
 * -ffp-contract=off an element gives the same bits in a vector body and in a scalar tail, and
 * in each instruction set's instantiation (rng/kernels.c, core/simd.h).
 * Rounding to an integer and int<->double conversion use the 2^52 "magic number" trick rather
 * than rint() or casts, because those do not vectorise everywhere (AVX2 has no int64->double).
 * The bodies are in rng/elementary_template.h.
 *
 * Accuracy (tests/unit/test_rng_elementary.c, against long-double libm): MckLog < 1 ulp (measured
 * 0.83 ulp), MckSinCos2Pi absolute error < 2.5e-16 (measured 1.6e-16).
 */
#include <mckean/mckrng.h>
#include "rng/rngkernels.h"

/*@C
  MckSinCos2Pi - sin(2 pi u) and cos(2 pi u) of an array, vectorised, bitwise the same in every
  instruction set.

  Not Collective

  Input Parameters:
+ n - the length of the arrays
- u - the arguments; any finite value (the reduction modulo 1 is exact)

  Output Parameters:
+ s - sin(2 pi u)
- c - cos(2 pi u)

  Notes:
  Plain IEEE arithmetic, no libm: the same bits in vector and scalar code, whether or not an
  output aliases u. Absolute error below 2.5e-16 (measured 1.6e-16); exact at multiples of 1/4;
  NaN for NaN or infinite u. Returns no error code and checks no argument.

  Level: developer

.seealso: `MckLog()`, `MckRNGNormals()`
@*/
void MckSinCos2Pi(PetscInt n, const PetscReal u[], PetscReal s[], PetscReal c[])
{
  MCK_SIMD_CALL(MckSinCos2PiKernel, (int64_t)n, u, s, c);
}

/*@C
  MckLog - The natural logarithm of an array, vectorised, bitwise the same in every instruction set.

  Not Collective

  Input Parameters:
+ n - the length of the arrays
- x - the arguments

  Output Parameter:
. y - log(x); y may alias x

  Notes:
  Plain IEEE arithmetic, no libm. Error below 1 ulp (measured 0.83 ulp) for every positive double,
  subnormals included; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf. Returns no error code
  and checks no argument.

  Level: developer

.seealso: `MckSinCos2Pi()`, `MckRNGNormals()`
@*/
void MckLog(PetscInt n, const PetscReal x[], PetscReal y[]) { MCK_SIMD_CALL(MckLogKernel, (int64_t)n, x, y); }
