/* Philox4x32-10 on W streams at once and the transforms of its words to normals and uniforms;
 * a kernel template (core/simd.h): no include guard, instantiated by rng/kernels.c.
 *
 * One stream per 64-bit lane: each 32-bit word of the Philox state sits in the low half of a lane,
 * so the round's two 32x32->64 multiplies are one vpmuludq each (which reads only the low halves)
 * and no packing of halves is needed. The high halves carry garbage between rounds (x1, x3 are
 * whole products): it never reaches a low half, and the output words are masked once at the end.
 * The key (draw block, seed) is the same in every lane, so its round keys are computed once per
 * call (the plan); the stream id is in the counter. */

/* Philox vectors interleaved by the normals kernel: four with AVX-512's 32 registers (their state,
 * products and multipliers fit), two with the 16 of AVX2 and SSE2 (four would spill). */
#define MCK_PHILOX_NV_MAX 4
#if MCK_SIMD_W == 8
#  define MCK_PHILOX_NV 4
#else
#  define MCK_PHILOX_NV 2
#endif

/* The round keys of key (k0, k1) (the Weyl schedule: k += (0x9E3779B9, 0xBB67AE85) per round),
 * as vectors: the key is the same in every lane, so this is done once per kernel call. */
typedef struct {
  VU       k0[10], k1[10];
  uint64_t step_lo_product;    /* counter word 2 (step low word, the same in every lane) times 0xCD9E8D57 */
  VU       c0_first, c2_first; /* what round 1 xors into its new words 0 and 2, lane-independent */
} MCK_SIMD_FN(PhiloxPlan);

static inline void MCK_SIMD_FN(PhiloxPlanSetUp)(uint32_t k0, uint32_t k1, uint64_t step, MCK_SIMD_FN(PhiloxPlan) * plan)
{
  for (uint32_t r = 0; r < 10; r++) {
    plan->k0[r] = VSplat((uint32_t)(k0 + r * 0x9E3779B9u));
    plan->k1[r] = VSplat((uint32_t)(k1 + r * 0xBB67AE85u));
  }
  plan->step_lo_product = (step & 0xFFFFFFFFu) * 0xCD9E8D57ULL;
  plan->c0_first        = VSplat((plan->step_lo_product >> 32) ^ k0);
  plan->c2_first        = VSplat((step >> 32) ^ k1);
}

/* Philox4x32-10 of counters (stream low word, high word | domain, step low word, step high word)
 * for the nv W-stream vectors s .. s + nv W - 1, returned in w[0..nv-1][0..3]. Round 1 multiplies
 * the step's low word, the same in every lane, so its product comes from the plan. With nv > 1 the
 * vectors' rounds interleave (independent dependency chains); nv is a constant at every
 * call, so the loops over it unroll. */
static inline void MCK_SIMD_FN(PhiloxStreams)(const MCK_SIMD_FN(PhiloxPlan) * plan, uint64_t s, uint64_t domain, int nv,
                                              VU w[][4])
{
  VU x0[MCK_PHILOX_NV_MAX], x1[MCK_PHILOX_NV_MAX], x2[MCK_PHILOX_NV_MAX], x3[MCK_PHILOX_NV_MAX];

  for (int u = 0; u < nv; u++) {
    VU id, p0;
    for (int l = 0; l < MCK_SIMD_W; l++) id[l] = s + (uint64_t)(u * MCK_SIMD_W + l);
    p0    = VMul32(id, VSplat(0xD2511F53u));
    x0[u] = ((id >> 32) | domain) ^ plan->c0_first;
    x1[u] = VSplat(plan->step_lo_product);
    x2[u] = (p0 >> 32) ^ plan->c2_first;
    x3[u] = p0;
  }
  for (int r = 1; r < 10; r++)
    for (int u = 0; u < nv; u++) {
      const VU p0 = VMul32(x0[u], VSplat(0xD2511F53u)), p1 = VMul32(x2[u], VSplat(0xCD9E8D57u));
      x0[u] = (p1 >> 32) ^ x1[u] ^ plan->k0[r];
      x2[u] = (p0 >> 32) ^ x3[u] ^ plan->k1[r];
      x1[u] = p1;
      x3[u] = p0;
    }
  for (int u = 0; u < nv; u++) {
    w[u][0] = x0[u] & 0xFFFFFFFFu;
    w[u][1] = x1[u] & 0xFFFFFFFFu;
    w[u][2] = x2[u] & 0xFFFFFFFFu;
    w[u][3] = x3[u] & 0xFFFFFFFFu;
  }
}

/* ln(u), u = (k + 1/2) 2^-40, for 40-bit k: the method of MckLog (rng/elementary_template.h) on
 * x = k + 1/2 in [1/2, 2^40), with the exponent lowered by 40. x = 2^e m, m in [sqrt(2)/2, sqrt(2)),
 * f = m - 1, s = f/(2+f), ln m = f - (hfsq - s (hfsq + R(s^2))), where R is the minimax polynomial
 * of degree 7 in z = s^2 of fdlibm's log (error below 2^-58.45; 4.2e-19 absolute on s R, checked
 * with mpmath), evaluated as fdlibm does, in two halves in w = z^2 (a shorter dependency chain). */
static inline VD MCK_SIMD_FN(LogUniform40)(VU k)
{
  const VD x = (VD)(k | MCK_BITS_2P52) - (0x1p52 - 0.5);                   /* k + 1/2, exact */
  const VU t = (VU)x + ((1024ULL << 52) - MCK_SQRT1_2_BITS), eb = t >> 52; /* e + 1024 */
  const VD m  = (VD)((t & 0xFFFFFFFFFFFFFULL) + MCK_SQRT1_2_BITS);         /* x 2^-e: sqrt(2)/2 + the low bits of t */
  const VD dk = (VD)(eb | MCK_BITS_2P52) - (0x1p52 + 1024.0 + 40.0);       /* e - 40, exact */
  const VD f = m - 1.0, s = f / (2.0 + f), z = s * s, w = z * z;
  const VD R =
      z * (MCK_LG1 + w * (MCK_LG3 + w * (MCK_LG5 + w * MCK_LG7))) + w * (MCK_LG2 + w * (MCK_LG4 + w * MCK_LG6));
  const VD hf = 0.5 * f * f;
  return dk * MCK_LN2_HI - ((hf - (s * (hf + R) + dk * MCK_LN2_LO)) - f);
}

/* Lane-wise: a where the sign bit of mask is set, else b (one blend instruction where there is one). */
static inline VD MCK_SIMD_FN(SelectSign)(VU mask, VD a, VD b)
{
#if MCK_SIMD_X86 && MCK_SIMD_W == 4
  return (VD)_mm256_blendv_pd((__m256d)b, (__m256d)a, (__m256d)mask);
#elif MCK_SIMD_X86 && MCK_SIMD_W == 8
  return (VD)_mm512_mask_blend_pd(_mm512_movepi64_mask((__m512i)mask), (__m512d)b, (__m512d)a);
#else
  const VU m = (VU){0} - (mask >> 63);
  return (VD)(((VU)a & m) | ((VU)b & ~m));
#endif
}

/* sin and cos of 2 pi (j + 1/2) 2^-24 for 24-bit j, reduced exactly in integers: in quarter
 * turns the angle is t = (4j + 2) 2^-24, q = round(t) (never a tie: 4j + 2 is never an odd
 * multiple of 2^23), r = t - q in (-1/2, 1/2) formed as an integer and converted exactly; then
 * x = (pi/2) r (one rounding: r 2^24 times the exact (pi/2) 2^-24), sin x = x + x^3 P(x^2)
 * with fdlibm's minimax P of degree 5 for |x| <= pi/4 (error 2.7e-18, checked with mpmath),
 * cos x = sqrt(1 - sin^2 x) (a square root costs less than a second polynomial and is as
 * accurate here, where cos >= sqrt(1/2)), and the quadrant q mod 4 by a blend and sign bits. */
static inline void MCK_SIMD_FN(SinCos24)(VU j, VD *sn, VD *cs)
{
  const VU a = (j << 2) + (2u + (1u << 23)), q = a >> 24;                  /* a = t 2^24 + 2^23 */
  const VD x = ((VD)((a & 0xFFFFFFu) | MCK_BITS_2P52) - (0x1p52 + 0x1p23)) /* r 2^24, exact */
               * (MCK_S0 * 0x1p-24);                                       /* (pi/2) r, one rounding */
  const VD z  = x * x;
  const VD sp = x + (z * x) * (MCK_KS1 + z * (MCK_KS2 + z * (MCK_KS3 + z * (MCK_KS4 + z * (MCK_KS5 + z * MCK_KS6)))));
  const VD cp = VSqrt(1.0 - sp * sp); /* cos >= sqrt(1/2) here: 1 - sp^2 in [1/2, 1] has no cancellation */
  /* quadrant q mod 4: sin = (sp, cp, -sp, -cp), cos = (cp, -sp, -cp, sp) */
  const VU odd = q << 63; /* the select mask: its sign bit */
  *sn          = (VD)((VU)MCK_SIMD_FN(SelectSign)(odd, cp, sp) ^ ((q << 62) & (1ULL << 63)));
  *cs          = (VD)((VU)MCK_SIMD_FN(SelectSign)(odd, sp, cp) ^ (((q + 1u) << 62) & (1ULL << 63)));
}

/* The Box-Muller radius sqrt(-2 ln u) of words (a, b): u from a and the low 8 bits of b (40 bits). */
static inline VD MCK_SIMD_FN(Radius)(VU a, VU b)
{
  return VSqrt(-2.0 * MCK_SIMD_FN(LogUniform40)(a | ((b & 0xFFu) << 32)));
}

static inline void MCK_SIMD_FN(StoreLanes)(double *p, VD v, int64_t k)
{
  if (!p) return;
  if (k >= MCK_SIMD_W) VStore(p, v);
  else VStorePart(p, v, (int)k);
}

/* Streams per batch of the normals kernel: 32 streams' Philox words and radii (1-2 KiB) stay in L1. */
#define MCK_NORMALS_BATCH 32
#define MCK_NORMALS_NV    (MCK_NORMALS_BATCH / MCK_SIMD_W)

/* Normals of pair p (draws 4m + 2p, 4m + 2p + 1) of the nb streams whose Philox words are w, stored
 * at zc and zs (either may be NULL). Each stage is its own short loop over the batch's vectors, so
 * the long dependency chains of one vector (the log's division and series, the square roots, the
 * sine polynomial) overlap with those of the next ones in the out-of-order core, instead of one
 * lane-vector's whole chain running at a time. */
static inline void MCK_SIMD_FN(BoxMullerBatch)(const VU w[][4], int p, int64_t nb, double *zc, double *zs)
{
  VD rad[MCK_NORMALS_NV];

  for (int64_t v = 0; v * MCK_SIMD_W < nb; v++) rad[v] = MCK_SIMD_FN(Radius)(w[v][2 * p], w[v][2 * p + 1]);
  for (int64_t v = 0; v * MCK_SIMD_W < nb; v++) {
    const int64_t i = v * MCK_SIMD_W;
    VD            sn, cs;

    MCK_SIMD_FN(SinCos24)(w[v][2 * p + 1] >> 8, &sn, &cs);
    MCK_SIMD_FN(StoreLanes)(zc ? zc + i : NULL, rad[v] * cs, nb - i);
    MCK_SIMD_FN(StoreLanes)(zs ? zs + i : NULL, rad[v] * sn, nb - i);
  }
}

void MCK_SIMD_FN(MckRNGNormalsKernel)(uint32_t seed, uint64_t stream0, int64_t n, uint64_t step, uint32_t m,
                                      double *const out[4])
{
  const int first = out[0] || out[1], second = out[2] || out[3];
  MCK_SIMD_FN(PhiloxPlan) plan;

  MCK_SIMD_FN(PhiloxPlanSetUp)(m, seed, step, &plan);
  for (int64_t i0 = 0; i0 < n; i0 += MCK_NORMALS_BATCH) {
    const int64_t nb = n - i0 < MCK_NORMALS_BATCH ? n - i0 : MCK_NORMALS_BATCH;
    VU            w[MCK_NORMALS_NV][4];

    /* MCK_PHILOX_NV vectors at a time while the last of them has a stream to compute, then as many
     * as are left: a short batch (the end of a range) neither pays for the Philox rounds of unused
     * lanes nor runs its vectors' rounds one chain at a time. */
    for (int64_t v = 0; v * MCK_SIMD_W < nb;) {
      const uint64_t s    = stream0 + (uint64_t)(i0 + v * MCK_SIMD_W);
      const int64_t  left = (nb - v * MCK_SIMD_W + MCK_SIMD_W - 1) / MCK_SIMD_W; /* vectors with a stream */
      const int      nv   = left < MCK_PHILOX_NV ? (int)left : MCK_PHILOX_NV;
      /* calls with constant counts: each inlines with its interleaved vectors unrolled */
      switch (nv) {
#if MCK_PHILOX_NV > 2
      case 3: MCK_SIMD_FN(PhiloxStreams)(&plan, s, MCK_NORMALS_DOMAIN, 3, &w[v]); break;
#endif
      case MCK_PHILOX_NV: MCK_SIMD_FN(PhiloxStreams)(&plan, s, MCK_NORMALS_DOMAIN, MCK_PHILOX_NV, &w[v]); break;
#if MCK_PHILOX_NV > 2
      case 2: MCK_SIMD_FN(PhiloxStreams)(&plan, s, MCK_NORMALS_DOMAIN, 2, &w[v]); break;
#endif
      default: MCK_SIMD_FN(PhiloxStreams)(&plan, s, MCK_NORMALS_DOMAIN, 1, &w[v]); break;
      }
      v += nv;
    }
    if (first) MCK_SIMD_FN(BoxMullerBatch)(w, 0, nb, out[0] ? out[0] + i0 : NULL, out[1] ? out[1] + i0 : NULL);
    if (second) MCK_SIMD_FN(BoxMullerBatch)(w, 1, nb, out[2] ? out[2] + i0 : NULL, out[3] ? out[3] + i0 : NULL);
  }
}

#undef MCK_NORMALS_NV
#undef MCK_PHILOX_NV
#undef MCK_PHILOX_NV_MAX
#undef MCK_NORMALS_BATCH

/* The uniform of words (a, b), as documented in mckrng.h: the top bit of a picks the half, the
 * next 20 bits of a and all of b form k < 2^52; upper half 1/2 + k 2^-53 (the double with
 * exponent -1 and mantissa k), lower half (k + 1/2) 2^-53 (that minus 1/2 - 2^-54, exact). */
static inline VD MCK_SIMD_FN(Uniform53)(VU a, VU b)
{
  const VU k      = (((a >> 11) & 0xFFFFFu) << 32) | b;
  const VU offset = 0x3FDFFFFFFFFFFFFFULL & ((a >> 31) - 1u); /* 1/2 - 2^-54 in the lower half, else 0 */
  return (VD)(0x3FE0000000000000ULL | k) - (VD)offset;
}

void MCK_SIMD_FN(MckRNGUniformsKernel)(uint32_t seed, uint64_t stream0, int64_t n, uint64_t step, uint32_t m,
                                       double *even, double *odd)
{
  MCK_SIMD_FN(PhiloxPlan) plan;

  MCK_SIMD_FN(PhiloxPlanSetUp)(m, seed, step, &plan);
  for (int64_t i = 0; i < n; i += MCK_SIMD_W) {
    VU w[1][4];

    MCK_SIMD_FN(PhiloxStreams)(&plan, stream0 + (uint64_t)i, 0, 1, w);
    MCK_SIMD_FN(StoreLanes)(even ? even + i : NULL, MCK_SIMD_FN(Uniform53)(w[0][0], w[0][1]), n - i);
    MCK_SIMD_FN(StoreLanes)(odd ? odd + i : NULL, MCK_SIMD_FN(Uniform53)(w[0][2], w[0][3]), n - i);
  }
}
