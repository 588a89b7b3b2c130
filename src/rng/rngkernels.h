/* The RNG's vector kernels (rng/philox_template.h, instantiated per instruction set by
 * rng/kernels.c and chosen at run time; see core/simd.h). Plain C: no PETSc calls, so that the
 * tests can also compile them alone, at -O0. */
#pragma once
#include "core/simd.h"

/* Normals 4m .. 4m+3 of streams stream0 .. stream0+n-1 at step: out[j][i] is normal 4m + j of
 * stream stream0 + i; a NULL out[j] is not stored, and a pair of which neither is stored is not
 * computed. The mapping is documented in mckrng.h. */
MCK_SIMD_DECLARE(void, MckRNGNormalsKernel,
                 (uint32_t seed, uint64_t stream0, int64_t n, uint64_t step, uint32_t m, double *const out[4]));
/* Packed normals (rng/packed_template.h): out[d][i] = packed normal dim (stream0 + i) + d for streams
 * [i0, i1) and components [da, db), whose blocks (key word 0 = key0) number at most MCK_PACKED_BLOCKS. */
#define MCK_PACKED_BLOCKS 256
MCK_SIMD_DECLARE(void, MckRNGNormalsPackedKernel,
                 (uint32_t seed, uint32_t key0, uint64_t stream0, int64_t i0, int64_t i1, int64_t da, int64_t db,
                  uint64_t step, int64_t dim, double *const out[]));
/* Uniforms 2m and 2m+1 of streams stream0 .. stream0+n-1 at step into even[i], odd[i] (either may be NULL). */
MCK_SIMD_DECLARE(void, MckRNGUniformsKernel,
                 (uint32_t seed, uint64_t stream0, int64_t n, uint64_t step, uint32_t m, double *even, double *odd));
/* MckLog and MckSinCos2Pi (mckrng.h) for n elements. */
MCK_SIMD_DECLARE(void, MckLogKernel, (int64_t n, const double *x, double *y));
MCK_SIMD_DECLARE(void, MckSinCos2PiKernel, (int64_t n, const double *u, double *s, double *c));

/* The pieces of the normal transform, one lane at a time, for the tests of its tails and of its
 * accuracy: the radius sqrt(-2 ln u) for the 40-bit integer k (u = (k + 1/2) 2^-40) and the
 * sine and cosine of 2 pi (j + 1/2) 2^-24 for the 24-bit integer j, as the kernels compute them. */
PETSC_INTERN double MckRNGRadius40(uint64_t k);
PETSC_INTERN void   MckRNGSinCos24(uint64_t j, double *s, double *c);
