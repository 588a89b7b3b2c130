/* W-lane types and the operations that GCC's vector extensions do not spell, for one
 * instantiation (MCK_SIMD_W lanes, names suffixed MCK_SIMD_SUFFIX); see core/simd.h.
 *   VU, VD          W unsigned 64-bit integers, W doubles (a cast between them keeps the bits)
 *   VMul32(a, b)    the exact 64-bit products of the low 32 bits of each lane (vpmuludq)
 *   VSqrt(x)        correctly rounded square root of each lane
 *   VLoad/VStore    unaligned W doubles; VStorePart: the first k lanes only
 * Loops that the compiler vectorises by itself need none of this: inside the instantiation they
 * are compiled for its instruction set (and 512-bit vectors for avx512). */
#define MCK_SIMD_FN(name) MCK_SIMD_PASTE(name, MCK_SIMD_SUFFIX)
#define VU                MCK_SIMD_FN(MckVU)
#define VD                MCK_SIMD_FN(MckVD)
#define VMul32            MCK_SIMD_FN(MckVMul32)
#define VSqrt             MCK_SIMD_FN(MckVSqrt)
#define VLoad             MCK_SIMD_FN(MckVLoad)
#define VStore            MCK_SIMD_FN(MckVStore)
#define VStorePart        MCK_SIMD_FN(MckVStorePart)
#define VSplat(x)         ((VU){0} + (uint64_t)(x))
#define VSplatD(x)        ((VD){0} + (double)(x))

/* Defined once per instantiation, however many templates a kernel file instantiates. */
#if MCK_SIMD_W == 2 && !defined(MCK_SIMD_OPS_W2)
#  define MCK_SIMD_OPS_W2
#  define MCK_SIMD_OPS_NEW
#elif MCK_SIMD_W == 4 && !defined(MCK_SIMD_OPS_W4)
#  define MCK_SIMD_OPS_W4
#  define MCK_SIMD_OPS_NEW
#elif MCK_SIMD_W == 8 && !defined(MCK_SIMD_OPS_W8)
#  define MCK_SIMD_OPS_W8
#  define MCK_SIMD_OPS_NEW
#endif
#if defined(MCK_SIMD_OPS_NEW)
#  undef MCK_SIMD_OPS_NEW
typedef uint64_t VU __attribute__((vector_size(8 * MCK_SIMD_W)));
typedef double   VD __attribute__((vector_size(8 * MCK_SIMD_W)));

static inline VU VMul32(VU a, VU b)
{
#  if MCK_SIMD_X86 && MCK_SIMD_W == 2
  return (VU)_mm_mul_epu32((__m128i)a, (__m128i)b);
#  elif MCK_SIMD_X86 && MCK_SIMD_W == 4
  return (VU)_mm256_mul_epu32((__m256i)a, (__m256i)b);
#  elif MCK_SIMD_X86 && MCK_SIMD_W == 8
  return (VU)_mm512_mul_epu32((__m512i)a, (__m512i)b);
#  else
  return (a & 0xFFFFFFFFu) * (b & 0xFFFFFFFFu);
#  endif
}

static inline VD VSqrt(VD x)
{
#  if MCK_SIMD_X86 && MCK_SIMD_W == 2
  return (VD)_mm_sqrt_pd((__m128d)x);
#  elif MCK_SIMD_X86 && MCK_SIMD_W == 4
  return (VD)_mm256_sqrt_pd((__m256d)x);
#  elif MCK_SIMD_X86 && MCK_SIMD_W == 8
  return (VD)_mm512_sqrt_pd((__m512d)x);
#  else
  for (int l = 0; l < MCK_SIMD_W; l++) x[l] = __builtin_sqrt(x[l]);
  return x;
#  endif
}

static inline VD VLoad(const double *p)
{
  VD v;
  memcpy(&v, p, sizeof v);
  return v;
}

static inline void VStore(double *p, VD v) { memcpy(p, &v, sizeof v); }

static inline void VStorePart(double *p, VD v, int k) { memcpy(p, &v, (size_t)k * sizeof(double)); }
#endif
