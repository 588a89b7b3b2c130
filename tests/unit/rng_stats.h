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
