/* The learn layer's vector kernels (learn/mfnet_template.h), one per
 * instruction set, chosen at run time (core/simd.h); bitwise the same in every one. */
#pragma once
#include "core/simd.h"

MCK_SIMD_DECLARE(void, MckMFNetAccumulateKernel,
                 (int64_t n, int64_t P, const double *a, int64_t astride, const double *S, double *partial));
MCK_SIMD_DECLARE(void, MckMFNetDeltaKernel, (int64_t n, int64_t P, const double *r, const double *dS, double *Delta));
MCK_SIMD_DECLARE(void, MckMFNetDotKernel, (int64_t n, int64_t P, const double *r, const double *S, double *dot));
