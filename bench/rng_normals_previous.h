/* The normals kernel as it was at commit b4c705a (src/rng/philox_template.h and the constants of
 * src/rng/kernels.c, names prefixed Previous/PREV_), kept as the baseline that bench-rng times side
 * by side with the library's MckRNGNormals in the same run; bench-rng also checks that both give
 * the same bits. A kernel template (core/simd.h), instantiated once per instruction set by
 * bench-rng.c; header only, not part of the library. */
#if !defined(BENCH_RNG_PREVIOUS_CONSTANTS)
#  define BENCH_RNG_PREVIOUS_CONSTANTS
#  define PREV_BITS_2P52 \
    0x4330000000000000ULL /* bits of 2^52: or-ing an integer below 2^52 into them gives 2^52 + it */
#  define PREV_SQRT1_2_BITS   0x3fe6a09e667f3bcdULL /* bits of the double nearest sqrt(2)/2 */
#  define PREV_NORMALS_DOMAIN 0x80000000ULL /* counter word 1 bit 31: normals never share a block with uniforms */

/* ln 2 split into a 40-bit head (so that e * PREV_LN2_HI is exact for |e| < 2^13) and a tail. */
static const double PREV_LN2_HI = 0x1.62e42fefa2000p-1;
static const double PREV_LN2_LO = 0x1.9ef35793c7673p-41;

static const double PREV_S0 = 0x1.921fb54442d18p+0; /* pi/2 */

/* The normal transform's polynomials (rng/philox_template.h), fdlibm's minimax coefficients:
 * log's R(z) = sum LG_k z^k for |s| <= 0.1716 (e_log.c), and sin x = x + x^3 sum KS_k x^(2k-2)
 * for |x| <= pi/4 (k_sin.c). */
static const double PREV_LG1 = 0x1.5555555555593p-1, PREV_LG2 = 0x1.999999997fa04p-2, PREV_LG3 = 0x1.2492494229359p-2,
                    PREV_LG4 = 0x1.c71c51d8e78afp-3, PREV_LG5 = 0x1.7466496cb03dep-3, PREV_LG6 = 0x1.39a09d078c69fp-3,
                    PREV_LG7 = 0x1.2f112df3e5244p-3;
static const double PREV_KS1 = -0x1.5555555555549p-3, PREV_KS2 = 0x1.111111110f8a6p-7,
                    PREV_KS3 = -0x1.a01a019c161d5p-13, PREV_KS4 = 0x1.71de357b1fe7dp-19,
                    PREV_KS5 = -0x1.ae5e68a2b9cebp-26, PREV_KS6 = 0x1.5d93a5acfd57cp-33;
#endif

/* The round keys of key (k0, k1) (the Weyl schedule: k += (0x9E3779B9, 0xBB67AE85) per round),
 * as vectors: the key is the same in every lane, so this is done once per kernel call. */
typedef struct {
  VU       k0[10], k1[10];
  uint64_t step_lo_product;    /* counter word 2 (step low word, the same in every lane) times 0xCD9E8D57 */
  VU       c0_first, c2_first; /* what round 1 xors into its new words 0 and 2, lane-independent */
} MCK_SIMD_FN(PreviousPhiloxPlan);

static inline void MCK_SIMD_FN(PreviousPhiloxPlanSetUp)(uint32_t k0, uint32_t k1, uint64_t step,
                                                        MCK_SIMD_FN(PreviousPhiloxPlan) * plan)
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
 * the step's low word, the same in every lane, so its product comes from the plan. With nv = 2 the
 * two vectors' rounds interleave (two independent dependency chains); nv is a constant at every
 * call, so the loops over it unroll. */
static inline void MCK_SIMD_FN(PreviousPhiloxStreams)(const MCK_SIMD_FN(PreviousPhiloxPlan) * plan, uint64_t s,
                                                      uint64_t domain, int nv, VU w[][4])
{
  VU x0[2], x1[2], x2[2], x3[2];

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
static inline VD MCK_SIMD_FN(PreviousLogUniform40)(VU k)
{
  const VD x  = (VD)(k | PREV_BITS_2P52) - (0x1p52 - 0.5);                    /* k + 1/2, exact */
  const VU ix = (VU)x, eb = (ix - PREV_SQRT1_2_BITS + (1024ULL << 52)) >> 52; /* e + 1024 */
  const VD m  = (VD)(ix - ((eb - 1024u) << 52));
  const VD dk = (VD)(eb | PREV_BITS_2P52) - (0x1p52 + 1024.0 + 40.0); /* e - 40, exact */
  const VD f = m - 1.0, s = f / (2.0 + f), z = s * s, w = z * z;
  const VD R =
      z * (PREV_LG1 + w * (PREV_LG3 + w * (PREV_LG5 + w * PREV_LG7))) + w * (PREV_LG2 + w * (PREV_LG4 + w * PREV_LG6));
  const VD hf = 0.5 * f * f;
  return dk * PREV_LN2_HI - ((hf - (s * (hf + R) + dk * PREV_LN2_LO)) - f);
}

/* sin and cos of 2 pi (j + 1/2) 2^-24 for 24-bit j, reduced exactly in integers: in quarter
 * turns the angle is t = (4j + 2) 2^-24, q = round(t) (never a tie: 4j + 2 is never an odd
 * multiple of 2^23), r = t - q in (-1/2, 1/2) formed as an integer and converted exactly; then
 * x = (pi/2) r (one rounding), sin x = x + x^3 P(x^2) with fdlibm's minimax P of degree 5 for
 * |x| <= pi/4 (error 2.7e-18, checked with mpmath), cos x = sqrt(1 - sin^2 x) (a square root
 * costs less than a second polynomial and is as accurate here, where cos >= sqrt(1/2)), and the
 * quadrant q mod 4 by swap and sign bits. */
static inline void MCK_SIMD_FN(PreviousSinCos24)(VU j, VD *sn, VD *cs)
{
  const VU t4 = (j << 2) + 2u, q = (t4 + (1u << 23)) >> 24;
  const VU rb = t4 + (1u << 23) - (q << 24);                               /* r 2^24 + 2^23, in [0, 2^24] */
  const VD r  = ((VD)(rb | PREV_BITS_2P52) - (0x1p52 + 0x1p23)) * 0x1p-24; /* exact */
  const VD x = r * PREV_S0, z = x * x;
  const VD sp =
      x + (z * x) * (PREV_KS1 + z * (PREV_KS2 + z * (PREV_KS3 + z * (PREV_KS4 + z * (PREV_KS5 + z * PREV_KS6)))));
  const VD cp = VSqrt(1.0 - sp * sp); /* cos >= sqrt(1/2) here: 1 - sp^2 in [1/2, 1] has no cancellation */
  /* quadrant q mod 4: sin = (sp, cp, -sp, -cp), cos = (cp, -sp, -cp, sp) */
  const VU odd = (VU){0} - (q & 1u);
  const VU a = ((VU)cp & odd) | ((VU)sp & ~odd), b = ((VU)sp & odd) | ((VU)cp & ~odd);
  *sn = (VD)(a ^ ((q & 2u) << 62));
  *cs = (VD)(b ^ (((q + 1u) & 2u) << 62));
}

/* The Box-Muller radius sqrt(-2 ln u) of words (a, b): u from a and the low 8 bits of b (40 bits). */
static inline VD MCK_SIMD_FN(PreviousRadius)(VU a, VU b)
{
  return VSqrt(-2.0 * MCK_SIMD_FN(PreviousLogUniform40)(a | ((b & 0xFFu) << 32)));
}

static inline void MCK_SIMD_FN(PreviousStoreLanes)(double *p, VD v, int64_t k)
{
  if (!p) return;
  if (k >= MCK_SIMD_W) VStore(p, v);
  else VStorePart(p, v, (int)k);
}

/* Streams per batch of the normals kernel: 32 streams' Philox words and radii (1-2 KiB) stay in L1. */
#define PREV_NORMALS_BATCH 32
#define PREV_NORMALS_NV    (PREV_NORMALS_BATCH / MCK_SIMD_W)

/* Normals of pair p (draws 4m + 2p, 4m + 2p + 1) of the nb streams whose Philox words are w, stored
 * at zc and zs (either may be NULL). Each stage is its own short loop over the batch's vectors, so
 * the long dependency chains of one vector (the log's division and series, the square roots, the
 * sine polynomial) overlap with those of the next ones in the out-of-order core, instead of one
 * lane-vector's whole chain running at a time. */
static inline void MCK_SIMD_FN(PreviousBoxMullerBatch)(const VU w[][4], int p, int64_t nb, double *zc, double *zs)
{
  VD rad[PREV_NORMALS_NV];

  for (int64_t v = 0; v * MCK_SIMD_W < nb; v++) rad[v] = MCK_SIMD_FN(PreviousRadius)(w[v][2 * p], w[v][2 * p + 1]);
  for (int64_t v = 0; v * MCK_SIMD_W < nb; v++) {
    const int64_t i = v * MCK_SIMD_W;
    VD            sn, cs;

    MCK_SIMD_FN(PreviousSinCos24)(w[v][2 * p + 1] >> 8, &sn, &cs);
    MCK_SIMD_FN(PreviousStoreLanes)(zc ? zc + i : NULL, rad[v] * cs, nb - i);
    MCK_SIMD_FN(PreviousStoreLanes)(zs ? zs + i : NULL, rad[v] * sn, nb - i);
  }
}

static void MCK_SIMD_FN(PreviousNormalsKernel)(uint32_t seed, uint64_t stream0, int64_t n, uint64_t step, uint32_t m,
                                               double *const out[4])
{
  const int first = out[0] || out[1], second = out[2] || out[3];
  MCK_SIMD_FN(PreviousPhiloxPlan) plan;

  MCK_SIMD_FN(PreviousPhiloxPlanSetUp)(m, seed, step, &plan);
  for (int64_t i0 = 0; i0 < n; i0 += PREV_NORMALS_BATCH) {
    const int64_t nb = n - i0 < PREV_NORMALS_BATCH ? n - i0 : PREV_NORMALS_BATCH;
    VU            w[PREV_NORMALS_NV][4];

    for (int64_t v = 0; v * MCK_SIMD_W < nb; v += 2) MCK_SIMD_FN(PreviousPhiloxStreams)
    (&plan, stream0 + (uint64_t)(i0 + v * MCK_SIMD_W), PREV_NORMALS_DOMAIN, 2, &w[v]);
    if (first) MCK_SIMD_FN(PreviousBoxMullerBatch)(w, 0, nb, out[0] ? out[0] + i0 : NULL, out[1] ? out[1] + i0 : NULL);
    if (second) MCK_SIMD_FN(PreviousBoxMullerBatch)(w, 1, nb, out[2] ? out[2] + i0 : NULL, out[3] ? out[3] + i0 : NULL);
  }
}

#undef PREV_NORMALS_NV
#undef PREV_NORMALS_BATCH
