/* The vectorised tanh (kernel/tanh_template.h), one instantiation per instruction set, chosen at
 * run time (core/simd.h); bitwise the same in every one. */
#pragma once
#include "core/simd.h"

MCK_SIMD_DECLARE(void, MckTanhKernel, (int64_t n, const double *z, double *s));
MCK_SIMD_DECLARE(void, MckTanhDerivOfValueKernel, (int64_t n, const double *s, double *ds));
MCK_SIMD_DECLARE(void, MckTanhDerivKernel, (int64_t n, const double *z, double *s, double *ds));
