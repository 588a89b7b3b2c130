/* The failure check's passes over every value of the ensemble, compiled for each instruction set
 * (a kernel template, core/simd.h; instantiated by ensemble/failures.c, where the check is
 * described). Only exact operations: minimum, maximum, |a - b|, x + 0 x, so every instantiation
 * gives the same bits, and a verdict never depends on the machine. */

/* Rows p < q of t (w values each): t[p][i] <- min, t[q][i] <- max, element-wise. Written so that
 * the compiler emits vector min and max (a tie, where only the sign of a zero can differ, gives
 * both rows the same value: an order statistic may come out as -0 for +0, which the distances
 * |x - m| do not see). */
static inline void MCK_SIMD_FN(CompareExchange)(int64_t w, double *restrict tp, double *restrict tq)
{
  for (int64_t i = 0; i < w; i++) {
    const double a = tp[i], b = tq[i], lo = b < a ? b : a, hi = a < b ? b : a;
    tp[i] = lo;
    tq[i] = hi;
  }
}

/* Sorts every column of the n x w tile t (row r at t + r w, finite values) with Batcher's
 * odd-even merge network for n inputs: a fixed sequence of compare-exchanges that does not
 * depend on the values, so it runs over the w columns at once without a branch. A member's
 * values are one row: a column is one component's values, its middle rows its median. */
static void MCK_SIMD_FN(SortColumns)(int64_t n, int64_t w, double t[])
{
  for (int64_t p = 1; p < n; p += p)
    for (int64_t k = p; k > 0; k /= 2)
      for (int64_t j = k % p; j + k < n; j += 2 * k)
        for (int64_t i = 0; i < k && i + j + k < n; i++)
          if ((i + j) / (2 * p) == (i + j + k) / (2 * p))
            MCK_SIMD_FN(CompareExchange)(w, t + (i + j) * w, t + (i + j + k) * w);
}

/* Lane-wise maximum and minimum of finite values, and |x|: a compare and a bit select (exact). */
static inline VD MCK_SIMD_FN(VMax)(VD a, VD b)
{
  const VU m = (VU)(a > b);
  return (VD)(((VU)a & m) | ((VU)b & ~m));
}

static inline VD MCK_SIMD_FN(VMin)(VD a, VD b)
{
  const VU m = (VU)(a < b);
  return (VD)(((VU)a & m) | ((VU)b & ~m));
}

static inline VD MCK_SIMD_FN(VAbs)(VD a) { return (VD)((VU)a & VSplat(0x7FFFFFFFFFFFFFFFull)); }

/* A component's extremes lo, hi and NaN sentinel chk: *u = max(*u, hi - lo); nonzero when a value
 * was not finite or beyond DBL_MAX/4 (a median or a distance of it could overflow). */
static inline int MCK_SIMD_FN(RangeClose)(double lo, double hi, double chk, double *u)
{
  const double big = -lo > hi ? -lo : hi, range = hi - lo;

  *u = range > *u ? range : *u;
  return !(chk == 0 && big <= DBL_MAX / 4);
}

/* The screen's range of the components [i, i + nv W) (nv <= 4 vectors) over the active rows from
 * first on: extremes and a NaN sentinel (chk + 0 x) in registers, one pass over the rows, each
 * component closed by RangeClose. */
static inline int MCK_SIMD_FN(RangeVectors)(int64_t J, const PetscBool active[], PetscReal *const x[], int64_t first,
                                            int64_t i, int nv, double *u)
{
  VD  lo[4], hi[4], chk[4];
  int bad = 0;

  for (int v = 0; v < nv; v++) {
    lo[v] = hi[v] = VLoad(x[first] + i + v * MCK_SIMD_W);
    chk[v]        = VSplatD(0);
  }
  for (int64_t j = first; j < J; j++) {
    if (!active[j]) continue;
    for (int v = 0; v < nv; v++) {
      const VD y = VLoad(x[j] + i + v * MCK_SIMD_W);
      chk[v] += 0 * y;
      lo[v] = MCK_SIMD_FN(VMin)(y, lo[v]);
      hi[v] = MCK_SIMD_FN(VMax)(y, hi[v]);
    }
  }
  for (int v = 0; v < nv; v++)
    for (int l = 0; l < MCK_SIMD_W; l++) bad |= MCK_SIMD_FN(RangeClose)(lo[v][l], hi[v][l], chk[v][l], u);
  return bad;
}

/* The same for one component i, in scalars (the components after the last whole vector). */
static inline int MCK_SIMD_FN(RangeScalar)(int64_t J, const PetscBool active[], PetscReal *const x[], int64_t first,
                                           int64_t i, double *u)
{
  double lo = x[first][i], hi = lo, chk = 0;

  for (int64_t j = first; j < J; j++)
    if (active[j]) {
      const double y = x[j][i];
      chk += 0 * y;
      lo = y < lo ? y : lo;
      hi = y > hi ? y : hi;
    }
  return MCK_SIMD_FN(RangeClose)(lo, hi, chk, u);
}

/* *U = max_i (max_j x_ji - min_j x_ji) over the rows j with active[j]; returns nonzero when a
 * value is not finite or so large (beyond a quarter of the largest double) that a median or a
 * distance of it could overflow. Four vectors of components at a time, their extremes in
 * registers (extremes kept in memory would chain every row's update through a store and a load). */
static int MCK_SIMD_FN(RangeBound)(int64_t J, const PetscBool active[], PetscReal *const x[], int64_t nc, double *U)
{
  int64_t first = 0, i = 0;
  int     bad = 0;

  *U = 0;
  while (first < J && !active[first]) first++;
  if (first == J) return 0;
  for (; i + 4 * MCK_SIMD_W <= nc; i += 4 * MCK_SIMD_W) bad |= MCK_SIMD_FN(RangeVectors)(J, active, x, first, i, 4, U);
  for (; i + MCK_SIMD_W <= nc; i += MCK_SIMD_W) bad |= MCK_SIMD_FN(RangeVectors)(J, active, x, first, i, 1, U);
  for (; i < nc; i++) bad |= MCK_SIMD_FN(RangeScalar)(J, active, x, first, i, U);
  return bad;
}

/* max_i |a_i - b_i| over n finite components: whole vectors in MCK_SIMD_W running maxima (the
 * maximum is exact in any order), the rest in scalars */
static inline double MCK_SIMD_FN(DistanceInf)(int64_t n, const double *restrict a, const double *restrict b)
{
  double  r = 0;
  int64_t i = 0;

  if (n >= MCK_SIMD_W) {
    VD d = VSplatD(0);
    for (; i + MCK_SIMD_W <= n; i += MCK_SIMD_W)
      d = MCK_SIMD_FN(VMax)(MCK_SIMD_FN(VAbs)(VLoad(a + i) - VLoad(b + i)), d);
    for (int l = 0; l < MCK_SIMD_W; l++) r = d[l] > r ? d[l] : r;
  }
  for (; i < n; i++) {
    const double e = __builtin_fabs(a[i] - b[i]);
    r              = e > r ? e : r;
  }
  return r;
}

/* The rows idx[0..cnt) (cnt >= 3), in order, in groups of three, the last of three to five:
 * d[g] = the smallest distance between two rows of group g. Returns the number of groups;
 * *glast = the size of the last. */
static int64_t MCK_SIMD_FN(GroupDistances)(int64_t cnt, const PetscInt idx[], PetscReal *const x[], int64_t nc,
                                           double d[], int64_t *glast)
{
  int64_t ng = 0;

  for (int64_t g0 = 0; g0 < cnt; g0 += 3) {
    const int64_t g1 = cnt - g0 < 6 ? cnt : g0 + 3; /* the last group takes the rest */
    double        dg = DBL_MAX;
    for (int64_t a = g0; a < g1; a++)
      for (int64_t b = a + 1; b < g1; b++) {
        const double e = MCK_SIMD_FN(DistanceInf)(nc, x[idx[a]], x[idx[b]]);
        dg             = e < dg ? e : dg;
      }
    d[ng++] = dg;
    *glast  = g1 - g0;
    if (g1 == cnt) break;
  }
  return ng;
}
