/* The phase-field step's passes over the points and the modes, which the compiler vectorises for
 * each instruction set; a kernel template (core/simd.h), instantiated by field/phase_field.c,
 * where the scheme is described. Plain IEEE * + - in the same order in every instantiation (and
 * -ffp-contract=off): bitwise the same results on every instruction set. */

/* y = a x + b f(x), f(x) = x^3 - x */
static void MCK_SIMD_FN(PhaseCombine)(int64_t n, double a, double b, const double *restrict x, double *restrict y)
{
  for (int64_t i = 0; i < n; i++) y[i] = a * x[i] + b * (x[i] * x[i] * x[i] - x[i]);
}

/* x = d, then d = a x + b f(x): the copy out of a step and the next step's fill in one pass */
static void MCK_SIMD_FN(PhaseCopyOutCombine)(int64_t n, double a, double b, double *restrict d, double *restrict x)
{
  for (int64_t i = 0; i < n; i++) {
    const double v = d[i];
    x[i]           = v;
    d[i]           = a * v + b * (v * v * v - v);
  }
}

/* c_m = A_m c_m, c interleaved (re, im) */
static void MCK_SIMD_FN(PhaseScaleModes)(int64_t n, const double *restrict A, double *restrict c)
{
  for (int64_t m = 0; m < n; m++) {
    c[2 * m] *= A[m];
    c[2 * m + 1] *= A[m];
  }
}

/* uh_m = A_m c_m */
static void MCK_SIMD_FN(PhaseScaleModesInto)(int64_t n, const double *restrict A, const double *restrict c,
                                             double *restrict uh)
{
  for (int64_t m = 0; m < n; m++) {
    uh[2 * m]     = A[m] * c[2 * m];
    uh[2 * m + 1] = A[m] * c[2 * m + 1];
  }
}

/* c_m = uh_m + B_m c_m */
static void MCK_SIMD_FN(PhaseAddScaledModes)(int64_t n, const double *restrict B, const double *restrict uh,
                                             double *restrict c)
{
  for (int64_t m = 0; m < n; m++) {
    c[2 * m]     = uh[2 * m] + B[m] * c[2 * m];
    c[2 * m + 1] = uh[2 * m + 1] + B[m] * c[2 * m + 1];
  }
}
