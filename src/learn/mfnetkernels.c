/* The forward pass's and gradient's element-wise loops, compiled once per instruction set
 * (learn/mfnet_template.h, core/simd.h). */
#include "learn/mfnetkernels.h"

#define MCK_SIMD_TEMPLATE "learn/mfnet_template.h"
#include "core/simd_instantiate.h"
