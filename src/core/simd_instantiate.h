/* Instantiates MCK_SIMD_TEMPLATE once per instruction set (see core/simd.h). No include guard:
 * included once by each kernel file, after defining MCK_SIMD_TEMPLATE. */
#include "core/simd.h"

#define MCK_SIMD_W      2
#define MCK_SIMD_SUFFIX _generic
#include "core/simd_ops.h"
#include MCK_SIMD_TEMPLATE
#include "core/simd_ops_end.h"

#if MCK_SIMD_X86
#  pragma GCC push_options
#  pragma GCC target("arch=x86-64-v3")
#  define MCK_SIMD_W      4
#  define MCK_SIMD_SUFFIX _avx2
#  include "core/simd_ops.h"
#  include MCK_SIMD_TEMPLATE
#  include "core/simd_ops_end.h"
#  pragma GCC pop_options

#  pragma GCC push_options
#  pragma GCC target("arch=x86-64-v4,prefer-vector-width=512")
#  define MCK_SIMD_W      8
#  define MCK_SIMD_SUFFIX _avx512
#  include "core/simd_ops.h"
#  include MCK_SIMD_TEMPLATE
#  include "core/simd_ops_end.h"
#  pragma GCC pop_options
#endif
#undef MCK_SIMD_TEMPLATE
