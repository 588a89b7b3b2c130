/* Kernels compiled once per instruction set and chosen at run time (McKeanGetISA, core/isa.c).
 *
 * A kernel template is a header without include guard, written with the W-lane vector types and
 * operations of core/simd_ops.h (GCC vector extensions: + - * / ^ & | << >> act lane-wise) and
 * naming its functions MCK_SIMD_FN(name). Its .c file instantiates it for every instruction set:
 *
 *   #define MCK_SIMD_TEMPLATE "rng/normals_template.h"
 *   #include "core/simd_instantiate.h"
 *
 * which defines name_generic (2 lanes: SSE2 on x86-64, plain C elsewhere), name_avx2
 * (-march=x86-64-v3, 4 lanes, 256-bit registers) and name_avx512 (-march=x86-64-v4, 8 lanes,
 * 512-bit registers), and MCK_SIMD_CALL(name, args...) calls the one McKeanGetISA() selects.
 *
 * Bitwise identity across the three is by construction: the operations are IEEE + - * / and
 * sqrt (correctly rounded), integer and bit operations, all in the same order in every lane
 * count; the library is compiled with -ffp-contract=off, so no multiply-add is fused in one
 * instantiation and not in another. A lane never depends on another lane, so the number of
 * lanes, or a partial last vector, cannot change a result either. */
#pragma once
#include <mckean/mckean.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) /* GCC's target pragmas */
#  include <immintrin.h>
#  define MCK_SIMD_X86 1
#else
#  define MCK_SIMD_X86 0
#endif

#define MCK_SIMD_PASTE_(a, b) a##b
#define MCK_SIMD_PASTE(a, b)  MCK_SIMD_PASTE_(a, b)

#if MCK_SIMD_X86
#  define MCK_SIMD_CALL(fn, ...)                                 \
    (McKeanGetISA() == MCK_ISA_AVX512 ? fn##_avx512(__VA_ARGS__) \
     : McKeanGetISA() == MCK_ISA_AVX2 ? fn##_avx2(__VA_ARGS__)   \
                                      : fn##_generic(__VA_ARGS__))
#  define MCK_SIMD_DECLARE(ret, fn, args) \
    PETSC_INTERN ret fn##_generic args;   \
    PETSC_INTERN ret fn##_avx2 args;      \
    PETSC_INTERN ret fn##_avx512 args
#else
#  define MCK_SIMD_CALL(fn, ...)          fn##_generic(__VA_ARGS__)
#  define MCK_SIMD_DECLARE(ret, fn, args) PETSC_INTERN ret fn##_generic args
#endif
