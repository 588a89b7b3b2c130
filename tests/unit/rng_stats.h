/* Statistics shared by the rng distribution tests. Every tolerance is k standard errors of the
 * estimator under the null hypothesis (independent draws from the target law), with k = 5. */
#pragma once
#include "rng_testutil.h"
#include <math.h>

#define RNGTEST_K 5.0 /* tolerance in standard errors */

/* Pearson correlation of n pairs. Under independence sqrt(n) r -> N(0, 1), so sigma = 1/sqrt(n). */
static inline double RngTestCorrelation(PetscInt n, const double *x, const double *y)
{
  long double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (PetscInt i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
    sxx += (long double)x[i] * x[i];
    syy += (long double)y[i] * y[i];
    sxy += (long double)x[i] * y[i];
  }
  const long double mx = sx / n, my = sy / n;
  return (double)((sxy / n - mx * my) / sqrtl((sxx / n - mx * mx) * (syy / n - my * my)));
}

/* Check a correlation against 0 with tolerance K/sqrt(n). */
static inline void RngTestCheckCorrelation(const char *what, PetscInt n, const double *x, const double *y)
{
  const double r = RngTestCorrelation(n, x, y), sigma = 1.0 / sqrt((double)n);
  RngTestCheck(fabs(r) < RNGTEST_K * sigma,
               "correlation %-44s r = %+.3e, sigma = 1/sqrt(%" PetscInt_FMT ") = %.3e, |r|/sigma = %.2f (< %.0f)", what,
               r, n, sigma, fabs(r) / sigma, RNGTEST_K);
}

/* Pearson chi-square of counts in nbins equiprobable bins, N samples: under the null it has
 * nbins-1 degrees of freedom, mean nbins-1 and variance 2(nbins-1); for nbins = 1000 the law is
 * close to normal (skewness sqrt(8/999) = 0.09), so |chi2 - df| < K sqrt(2 df) is the test. */
static inline void RngTestCheckChiSquare(const char *what, PetscInt nbins, const PetscInt64 *counts, PetscInt64 N)
{
  const double expect = (double)N / nbins, df = nbins - 1.0;
  double       chi2 = 0;
  for (PetscInt b = 0; b < nbins; b++) chi2 += ((double)counts[b] - expect) * ((double)counts[b] - expect) / expect;
  RngTestCheck(fabs(chi2 - df) < RNGTEST_K * sqrt(2 * df),
               "chi-square %s, %" PetscInt_FMT " equiprobable bins, N = %" PetscInt64_FMT
               ": chi2 = %.1f, df = %.0f, sigma = sqrt(2 df) = %.1f, |chi2-df|/sigma = %.2f (< %.0f)",
               what, nbins, N, chi2, df, sqrt(2 * df), fabs(chi2 - df) / sqrt(2 * df), RNGTEST_K);
}

/* Check an estimate against its expectation with a stated standard error. */
static inline void RngTestCheckEstimate(const char *what, double est, double expect, double sigma,
                                        const char *sigma_formula)
{
  RngTestCheck(fabs(est - expect) < RNGTEST_K * sigma,
               "%-28s %+.6e (expected %+.6e), sigma = %s = %.3e, |dev|/sigma = %.2f (< %.0f)", what, est, expect,
               sigma_formula, sigma, fabs(est - expect) / sigma, RNGTEST_K);
}

/* ---- the law of a sample of standard normals ---------------------------------------------- */
#include <stdlib.h>
#include <string.h>

#define RNGTEST_NBINS 1000 /* equiprobable bins of Phi(x) for the chi-square */

static inline double RngTestPhi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Power sums, tail counts beyond 3, 4, 5 and the chi-square bins of the normals seen so far. */
typedef struct {
  long double s1, s2, s3, s4;
  PetscInt64  N, tail[3], counts[RNGTEST_NBINS];
} RngTestNormalSums;

static inline void RngTestNormalAdd(RngTestNormalSums *m, PetscInt n, const double *x)
{
  for (PetscInt i = 0; i < n; i++) {
    const double v = x[i], v2 = v * v;
    PetscInt     b = (PetscInt)(RNGTEST_NBINS * RngTestPhi(v));
    m->s1 += v;
    m->s2 += v2;
    m->s3 += v2 * v;
    m->s4 += v2 * v2;
    m->counts[b < RNGTEST_NBINS ? b : RNGTEST_NBINS - 1]++;
    for (int t = 0; t < 3; t++) m->tail[t] += fabs(v) > 3.0 + t;
  }
  m->N += n;
}

/* Mean, variance, skewness, excess kurtosis, the tail fractions and the chi-square against N(0,1). */
static inline void RngTestNormalCheck(const RngTestNormalSums *m)
{
  const double N = (double)m->N, mean = (double)(m->s1 / m->N), m2 = (double)(m->s2 / m->N),
               m3 = (double)(m->s3 / m->N), m4 = (double)(m->s4 / m->N);
  const double var = m2 - mean * mean;
  const double c3  = m3 - 3 * mean * m2 + 2 * mean * mean * mean,
               c4  = m4 - 4 * mean * m3 + 6 * mean * mean * m2 - 3 * mean * mean * mean * mean;

  RngTestCheckEstimate("mean", mean, 0.0, sqrt(1.0 / N), "sqrt(1/N)");
  RngTestCheckEstimate("variance", var, 1.0, sqrt(2.0 / N), "sqrt(2/N)");
  RngTestCheckEstimate("skewness", c3 / pow(var, 1.5), 0.0, sqrt(6.0 / N), "sqrt(6/N)");
  RngTestCheckEstimate("excess kurtosis", c4 / (var * var) - 3.0, 0.0, sqrt(24.0 / N), "sqrt(24/N)");
  for (int t = 0; t < 3; t++) {
    const double p = erfc((3.0 + t) / sqrt(2.0));
    char         what[32];
    (void)snprintf(what, sizeof what, "fraction |x| > %d", 3 + t);
    RngTestCheckEstimate(what, (double)m->tail[t] / N, p, sqrt(p * (1 - p) / N), "sqrt(p(1-p)/N)");
  }
  RngTestCheckChiSquare("of Phi(x)", RNGTEST_NBINS, m->counts, m->N);
}

static inline int RngTestCompareDouble(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov against Phi: sqrt(n) D < 2.75, the two-sided 5-sigma level of Kolmogorov's
 * law (asymptotic p-value Q(2.75) = 2 sum (-1)^(k-1) exp(-2 k^2 2.75^2) = 5.4e-7). */
static inline void RngTestKolmogorovSmirnov(PetscInt n, const double *x)
{
  double *y = (double *)malloc((size_t)n * sizeof *y), D = 0, q = 0;

  memcpy(y, x, (size_t)n * sizeof *y);
  qsort(y, (size_t)n, sizeof *y, RngTestCompareDouble);
  for (PetscInt i = 0; i < n; i++) {
    const double F = RngTestPhi(y[i]), dp = (double)(i + 1) / n - F, dm = F - (double)i / n;
    if (dp > D) D = dp;
    if (dm > D) D = dm;
  }
  free(y);
  const double lambda = sqrt((double)n) * D;
  for (int k = 1; k <= 100; k++) q += (k % 2 ? 2.0 : -2.0) * exp(-2.0 * k * k * lambda * lambda);
  RngTestCheck(lambda < 2.75,
               "Kolmogorov-Smirnov vs Phi, n = %" PetscInt_FMT ": D = %.3e, sqrt(n) D = %.3f (< 2.75), p = %.3g", n, D,
               lambda,
               q < 0   ? 0
               : q > 1 ? 1
                       : q);
}
