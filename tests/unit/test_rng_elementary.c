/* Accuracy of MckLog and MckSinCos2Pi against long-double libm, their special values, and
 * vector/scalar identity (an element gives the same bits whatever its position in the call).
 *
 * Bounds (the contract in mckrng.h): MckLog error < 1 ulp of the result (and so relative error
 * < 2.3e-16) on every positive double tested; MckSinCos2Pi absolute error < 2.5e-16 for any u.
 * The reference is logl/sinl/cosl in long double (64-bit mantissa on x86), whose own error is
 * ~1e-19, so the measured error is that of the function under test. */
#include "rng_testutil.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char help[] = "MckLog / MckSinCos2Pi accuracy and vector/scalar identity\n";

#define TWO_PI_L 6.28318530717958647692528676655900577L

/* Size of one ulp of a double of magnitude |v| (normal range). */
static double Ulp(long double v)
{
  int e;
  (void)frexpl(fabsl(v), &e);
  return ldexp(1.0, (e - 53 < -1074) ? -1074 : e - 53);
}

typedef struct {
  double max_rel, max_ulp, worst_x;
} LogErr;

static void LogAccuracy(PetscInt n, const double *x, LogErr *e)
{
  double *y = (double *)malloc((size_t)n * sizeof *y);

  MckLog(n, x, y);
  for (PetscInt i = 0; i < n; i++) {
    const long double ref = logl((long double)x[i]);
    const double      d   = (double)fabsl((long double)y[i] - ref);
    const double      rel = ref == 0 ? (y[i] == 0 ? 0 : INFINITY) : (double)(d / fabsl(ref));
    const double      ulp = ref == 0 ? rel : d / Ulp(ref);
    if (rel > e->max_rel) {
      e->max_rel = rel;
      e->worst_x = x[i];
    }
    if (ulp > e->max_ulp) e->max_ulp = ulp;
  }
  free(y);
}

static void TestLog(void)
{
  const PetscInt N  = 1000000;
  double        *x  = (double *)malloc((size_t)N * sizeof *x);
  uint64_t       st = 1;
  LogErr         e1 = {0, 0, 0}, e2 = {0, 0, 0}, e3 = {0, 0, 0};

  /* (a) the Box-Muller range: 53-bit uniforms in (0, 1]. */
  for (PetscInt i = 0; i < N; i++) x[i] = (double)((RngTestSplitMix64(&st) >> 11) + 1) * 0x1p-53;
  LogAccuracy(N, x, &e1);
  RngTestCheck(e1.max_ulp < 1.0, "MckLog on (0,1]: max relative error %.3g (%.3f ulp) at x=%.17g (bound 1 ulp)",
               e1.max_rel, e1.max_ulp, e1.worst_x);
  /* (b) every binade: random bit patterns of positive finite doubles, subnormals included. */
  for (PetscInt i = 0; i < N; i++) {
    uint64_t b = RngTestSplitMix64(&st) % 0x7FF0000000000000ULL;
    if (!b) b = 1;
    memcpy(&x[i], &b, sizeof b);
  }
  LogAccuracy(N, x, &e2);
  RngTestCheck(e2.max_ulp < 1.0,
               "MckLog on all positive doubles: max relative error %.3g (%.3f ulp) at x=%.17g (bound 1 ulp)",
               e2.max_rel, e2.max_ulp, e2.worst_x);
  /* (c) near 1, where log(x) -> 0 and a relative error is hardest to keep. */
  for (PetscInt i = 0; i < N; i++)
    x[i] = i < 4001 ? 1.0 + (double)(i - 2000) * 0x1p-52 : 1.0 + (RngTestUnit(&st) - 0.5) * 0.6;
  LogAccuracy(N, x, &e3);
  RngTestCheck(e3.max_ulp < 1.0,
               "MckLog near 1 (1 +- k ulp, [0.7, 1.3]): max relative error %.3g (%.3f ulp) at x=%.17g (bound 1 ulp)",
               e3.max_rel, e3.max_ulp, e3.worst_x);
  free(x);

  /* Special values: exact where the answer is exact, IEEE conventions elsewhere. */
  {
    double xs[8] = {1.0, 0.0, -1.0, INFINITY, NAN, 0x1p-1074, DBL_MAX, 0.5}, ys[8];
    MckLog(8, xs, ys);
    RngTestCheck(ys[0] == 0.0 && ys[1] == -INFINITY && isnan(ys[2]) && ys[3] == INFINITY && isnan(ys[4]),
                 "MckLog special values: log(1)=%g log(0)=%g log(-1)=%g log(inf)=%g log(nan)=%g", ys[0], ys[1], ys[2],
                 ys[3], ys[4]);
    RngTestCheck(fabs(ys[5] - (double)logl(0x1p-1074L)) <= Ulp(logl(0x1p-1074L)) &&
                     fabs(ys[6] - (double)logl(DBL_MAX)) <= Ulp(logl(DBL_MAX)) && ys[7] == -(double)logl(2.0L),
                 "MckLog extremes within 1 ulp: log(2^-1074)=%.17g log(DBL_MAX)=%.17g log(0.5)=%.17g", ys[5], ys[6],
                 ys[7]);
  }
}

typedef struct {
  double max_abs, worst_u, max_norm;
} SinCosErr;

static void SinCosAccuracy(PetscInt n, const double *u, SinCosErr *e)
{
  double *s = (double *)malloc((size_t)n * sizeof *s), *c = (double *)malloc((size_t)n * sizeof *c);

  MckSinCos2Pi(n, u, s, c);
  for (PetscInt i = 0; i < n; i++) {
    const long double frac = (long double)u[i] - roundl((long double)u[i]); /* exact */
    const long double a    = TWO_PI_L * frac;
    const double      ds   = (double)fabsl((long double)s[i] - sinl(a));
    const double      dc   = (double)fabsl((long double)c[i] - cosl(a));
    const double      dn   = (double)fabsl((long double)s[i] * s[i] + (long double)c[i] * c[i] - 1.0L);
    if (ds > e->max_abs || dc > e->max_abs) {
      e->max_abs = ds > dc ? ds : dc;
      e->worst_u = u[i];
    }
    if (dn > e->max_norm) e->max_norm = dn;
  }
  free(s);
  free(c);
}

static void TestSinCos(void)
{
  const PetscInt N  = 1000000;
  double        *u  = (double *)malloc((size_t)N * sizeof *u);
  uint64_t       st = 2;
  SinCosErr      e1 = {0, 0, 0}, e2 = {0, 0, 0};

  for (PetscInt i = 0; i < N; i++) u[i] = RngTestUnit(&st);
  SinCosAccuracy(N, u, &e1);
  RngTestCheck(e1.max_abs < 2.5e-16,
               "MckSinCos2Pi on [0,1): max abs error %.3g at u=%.17g (bound 2.5e-16); max |s^2+c^2-1| %.3g", e1.max_abs,
               e1.worst_u, e1.max_norm);
  for (PetscInt i = 0; i < N; i++) u[i] = (RngTestUnit(&st) - 0.5) * (i % 2 ? 2e3 : 2e9);
  SinCosAccuracy(N, u, &e2);
  RngTestCheck(e2.max_abs < 2.5e-16,
               "MckSinCos2Pi on |u| < 1e9 (exact reduction): max abs error %.3g at u=%.17g (bound 2.5e-16)", e2.max_abs,
               e2.worst_u);
  free(u);

  /* Multiples of a quarter turn are exact; huge u are integers (angle 0); NaN/inf give NaN. */
  {
    double   q[17], s[17], c[17];
    PetscInt bad = 0;
    for (int k = -8; k <= 8; k++) q[k + 8] = 0.25 * k;
    MckSinCos2Pi(17, q, s, c);
    for (int k = -8; k <= 8; k++) {
      const int    m  = ((k % 4) + 4) % 4;
      const double es = m == 1 ? 1 : m == 3 ? -1 : 0, ec = m == 0 ? 1 : m == 2 ? -1 : 0;
      if (s[k + 8] != es || c[k + 8] != ec) bad++;
    }
    RngTestCheck(bad == 0, "MckSinCos2Pi exact at u = k/4, k=-8..8: %" PetscInt_FMT " wrong", bad);
  }
  {
    double us[4] = {0x1p60, -0x1p70 - 0x1p18, NAN, INFINITY}, s[4], c[4];
    MckSinCos2Pi(4, us, s, c);
    RngTestCheck(s[0] == 0 && c[0] == 1 && s[1] == 0 && c[1] == 1 && isnan(s[2]) && isnan(c[2]) && isnan(s[3]) &&
                     isnan(c[3]),
                 "MckSinCos2Pi: huge integer u gives (0,1); NaN and inf give NaN: (%g,%g) (%g,%g) (%g,%g) (%g,%g)",
                 s[0], c[0], s[1], c[1], s[2], c[2], s[3], c[3]);
  }
}

/* Every element must give the same bits whether it falls in a vector body or a scalar remainder:
 * compare one long call (odd length, odd offset) with calls of every short length at every offset. */
static void TestIdentity(void)
{
  enum { N = 1001 };
  static double x[N + 1], y[N], s[N], c[N], y1, s1, c1;
  uint64_t      st      = 3;
  PetscInt      bad_log = 0, bad_sc = 0, bad_inplace = 0;

  for (PetscInt i = 0; i <= N; i++) x[i] = i % 3 ? RngTestUnit(&st) + 1e-300 : (RngTestUnit(&st) - 0.5) * 1e4;
  for (PetscInt i = 0; i <= N; i++)
    if (x[i] < 0) x[i] = -x[i];
  MckLog(N, x + 1, y);
  MckSinCos2Pi(N, x + 1, s, c);
  for (PetscInt i = 0; i < N; i++) {
    MckLog(1, x + 1 + i, &y1);
    MckSinCos2Pi(1, x + 1 + i, &s1, &c1);
    if (memcmp(&y1, &y[i], sizeof y1)) bad_log++;
    if (memcmp(&s1, &s[i], sizeof s1) || memcmp(&c1, &c[i], sizeof c1)) bad_sc++;
  }
  for (PetscInt len = 1; len <= 40; len++) {
    for (PetscInt off = 0; off + len <= N; off += 37) {
      double yy[40], ss[40], cc[40];
      MckLog(len, x + 1 + off, yy);
      MckSinCos2Pi(len, x + 1 + off, ss, cc);
      if (memcmp(yy, y + off, (size_t)len * sizeof(double))) bad_log++;
      if (memcmp(ss, s + off, (size_t)len * sizeof(double)) || memcmp(cc, c + off, (size_t)len * sizeof(double)))
        bad_sc++;
    }
  }
  {
    static double z[N];
    memcpy(z, x + 1, sizeof z);
    MckLog(N, z, z); /* in place (aliased): may take the scalar path; must give the same bits */
    if (memcmp(z, y, sizeof z)) bad_inplace++;
  }
  RngTestCheck(
      bad_log == 0 && bad_inplace == 0,
      "MckLog vector/scalar identity (n=%d at offset 1 vs n=1..40 at every 37th offset, and in place): %" PetscInt_FMT
      " + %" PetscInt_FMT " mismatches",
      N, bad_log, bad_inplace);
  RngTestCheck(bad_sc == 0, "MckSinCos2Pi vector/scalar identity (same pattern): %" PetscInt_FMT " mismatches", bad_sc);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  TestLog();
  TestSinCos();
  TestIdentity();
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
