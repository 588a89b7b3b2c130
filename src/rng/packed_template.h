/* The packed normals' kernel (MckRNGNormalsPacked, rng/packed.c); a kernel template (core/simd.h):
 * no include guard, instantiated by rng/kernels.c after rng/philox_template.h, whose normals
 * kernel computes the blocks.
 *
 * Packed normal f is normal f mod 4 of packed block f/4. A call computes the blocks that hold the
 * normals of streams [i0, i1) (components [da, db)) into a buffer T of MCK_PACKED_BLOCKS blocks on
 * the stack and copies them to out[d][i]. For dim 1, 2 and 3 with all components the copy is cut
 * into periods of P streams (4/gcd(dim, 4)) that fill Q = dim P / 4 whole blocks, and a period's
 * source offsets are constants of (dim, phase), where the phase is the offset in its block of the
 * range's first normal: fixed-offset loads and stores, compiled for each instruction set. */

/* Normals per stream whose copy has a fixed-offset form, and the blocks of one kernel call. */
#define MCK_PACKED_FIXED_DIM 3

/* out[d][i0 + P k + r] for K whole periods: normal d of stream r of period k is at offset
 * o = ph + dim r + d from block Q k, that is T[o mod 4][Q k + o / 4]. dim and ph are constants at
 * every call, so the loops over r and d unroll into copies with fixed offsets. */
static inline __attribute__((always_inline)) void MCK_SIMD_FN(PackedCopyFixed)(const int dim, const int ph, int64_t K,
                                                                               const double T[4][MCK_PACKED_BLOCKS],
                                                                               int64_t i0, double *const out[])
{
  const int P = dim % 2 ? 4 : dim % 4 ? 2 : 1, Q = dim * P / 4;
  double *restrict o0 = out[0] + i0, *restrict o1 = dim > 1 ? out[1] + i0 : NULL,
                   *restrict o2 = dim > 2 ? out[2] + i0 : NULL;

  for (int64_t k = 0; k < K; k++) {
    const double *t[4] = {T[0] + Q * k, T[1] + Q * k, T[2] + Q * k, T[3] + Q * k};

    for (int r = 0; r < P; r++)
      for (int d = 0; d < dim; d++) {
        const int    o = ph + dim * r + d;
        const double z = t[o % 4][o / 4];

        if (d == 0) o0[P * k + r] = z;
        else if (d == 1) o1[P * k + r] = z;
        else o2[P * k + r] = z;
      }
  }
}

/* The fixed-offset copy of the whole periods among n streams, for dim 1, 2, 3 at phase ph; returns
 * the number of streams copied (0 for other dims). */
static int64_t MCK_SIMD_FN(PackedCopy)(int64_t dim, int64_t ph, int64_t n, const double T[4][MCK_PACKED_BLOCKS],
                                       int64_t i0, double *const out[])
{
  switch (dim * 4 + ph) {
  case 4: MCK_SIMD_FN(PackedCopyFixed)(1, 0, n / 4, T, i0, out); return n / 4 * 4;
  case 5: MCK_SIMD_FN(PackedCopyFixed)(1, 1, n / 4, T, i0, out); return n / 4 * 4;
  case 6: MCK_SIMD_FN(PackedCopyFixed)(1, 2, n / 4, T, i0, out); return n / 4 * 4;
  case 7: MCK_SIMD_FN(PackedCopyFixed)(1, 3, n / 4, T, i0, out); return n / 4 * 4;
  case 8: MCK_SIMD_FN(PackedCopyFixed)(2, 0, n / 2, T, i0, out); return n / 2 * 2;
  case 10: MCK_SIMD_FN(PackedCopyFixed)(2, 2, n / 2, T, i0, out); return n / 2 * 2;
  case 12: MCK_SIMD_FN(PackedCopyFixed)(3, 0, n / 4, T, i0, out); return n / 4 * 4;
  case 13: MCK_SIMD_FN(PackedCopyFixed)(3, 1, n / 4, T, i0, out); return n / 4 * 4;
  case 14: MCK_SIMD_FN(PackedCopyFixed)(3, 2, n / 4, T, i0, out); return n / 4 * 4;
  case 15: MCK_SIMD_FN(PackedCopyFixed)(3, 3, n / 4, T, i0, out); return n / 4 * 4;
  default: return 0; /* other dims; dim 2 never has an odd phase */
  }
}

void MCK_SIMD_FN(MckRNGNormalsPackedKernel)(uint32_t seed, uint32_t key0, uint64_t stream0, int64_t i0, int64_t i1,
                                            int64_t da, int64_t db, uint64_t step, int64_t dim, double *const out[])
{
  const uint64_t fa = (uint64_t)dim * (stream0 + (uint64_t)i0) + (uint64_t)da,
                 fb = (uint64_t)dim * (stream0 + (uint64_t)(i1 - 1)) + (uint64_t)db, b0 = fa / 4;
  double        T[4][MCK_PACKED_BLOCKS];
  double *const rows[4] = {T[0], T[1], T[2], T[3]};
  int64_t       done    = 0;

  MCK_SIMD_FN(MckRNGNormalsKernel)(seed, b0, (int64_t)((fb + 3) / 4 - b0), step, key0, rows);
  if (da == 0 && db == dim && dim <= MCK_PACKED_FIXED_DIM)
    done =
        MCK_SIMD_FN(PackedCopy)(dim, (int64_t)(fa - 4 * b0), i1 - i0, (const double(*)[MCK_PACKED_BLOCKS])T, i0, out);
  for (int64_t i = i0 + done; i < i1; i++)
    for (int64_t d = da; d < db; d++) {
      const uint64_t o = (uint64_t)dim * (stream0 + (uint64_t)i) + (uint64_t)d - 4 * b0;
      out[d][i]        = T[o % 4][o / 4];
    }
}

#undef MCK_PACKED_FIXED_DIM
