/* Distribution of MckRNGUniforms: 10^7 uniforms (2.5e6 streams x 4 draws).
 *
 * Under U(0,1), with tolerance 5 sigma for N independent draws:
 *   every value strictly inside (0, 1)
 *   mean                      sigma = sqrt(1/(12 N))      (Var U = 1/12)
 *   variance                  sigma = sqrt(1/(180 N))     (Var (U-1/2)^2 = 1/80 - 1/144 = 1/180)
 *   bit b of the 53-bit integer floor(u 2^53), b = 0 (word b bit 0), 31, 32 (lowest bit taken
 *     from word a), 51 and 52 (the half): fraction of ones 1/2, sigma = sqrt(1/(4N))
 *   chi-square, 1000 equiprobable bins: |chi2 - 999| < 5 sqrt(2*999)
 *   Pearson correlation       sigma = 1/sqrt(npairs)   (adjacent streams, the two uniforms of
 *     one counter half, the two halves of one counter, consecutive steps) */
#include "rng_stats.h"
#include <string.h>

static const char help[] = "MckRNGUniforms distribution, range and bits\n";

#define NSTREAMS 2500000
#define NDRAWS   4
#define NBINS    1000

int main(int argc, char **argv)
{
  MckRNG         rng;
  PetscReal     *buf, *u[NDRAWS], *next;
  PetscInt64    *counts, N = 0, outside = 0, ones[5] = {0, 0, 0, 0, 0};
  const int      bits[5] = {0, 31, 32, 51, 52};
  long double    s1 = 0, s2 = 0;
  double         umin = 1, umax = 0;
  const PetscInt n = NSTREAMS;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 77));
  PetscCall(PetscMalloc1((NDRAWS + 1) * (size_t)n, &buf));
  for (int j = 0; j < NDRAWS; j++) u[j] = buf + j * n;
  next = buf + NDRAWS * n;
  PetscCall(PetscCalloc1(NBINS, &counts));

  PetscCall(MckRNGUniforms(rng, 0, n, 3, 0, NDRAWS, u));
  for (int j = 0; j < NDRAWS; j++) {
    for (PetscInt i = 0; i < n; i++) {
      const double   v = u[j][i];
      const uint64_t k = (uint64_t)(v * 0x1p53); /* exact: v 2^53 is k + 1/2 or k */
      PetscInt       b = (PetscInt)(v * NBINS);
      outside += !(v > 0.0 && v < 1.0);
      umin = v < umin ? v : umin;
      umax = v > umax ? v : umax;
      s1 += v;
      s2 += (long double)(v - 0.5) * (v - 0.5);
      counts[b < NBINS ? b : NBINS - 1]++;
      for (int t = 0; t < 5; t++) ones[t] += (k >> bits[t]) & 1;
    }
    N += n;
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "INFO  N = %" PetscInt64_FMT " uniforms (%d streams x %d draws)\n", N,
                        NSTREAMS, NDRAWS));
  RngTestCheck(outside == 0, "all uniforms strictly inside (0,1): %" PetscInt64_FMT " outside; min %.6e, max 1 - %.6e",
               outside, umin, 1.0 - umax);
  {
    const double dN = (double)N, mean = (double)(s1 / N), var = (double)(s2 / N) - (mean - 0.5) * (mean - 0.5);
    RngTestCheckEstimate("mean", mean, 0.5, sqrt(1.0 / (12 * dN)), "sqrt(1/(12N))");
    RngTestCheckEstimate("variance", var, 1.0 / 12.0, sqrt(1.0 / (180 * dN)), "sqrt(1/(180N))");
    for (int t = 0; t < 5; t++) {
      char what[64];
      (void)snprintf(what, sizeof what, "fraction of bit %d set", bits[t]);
      RngTestCheckEstimate(what, (double)ones[t] / dN, 0.5, sqrt(0.25 / dN), "sqrt(1/(4N))");
    }
  }
  RngTestCheckChiSquare("of u", NBINS, counts, N);
  RngTestCheckCorrelation("adjacent streams (s, s+1), draw 0", n - 1, u[0], u[0] + 1);
  RngTestCheckCorrelation("draws 0, 1 (words 0-1 vs 2-3)", n, u[0], u[1]);
  RngTestCheckCorrelation("draws 1, 2 (counters m, m+1)", n, u[1], u[2]);
  PetscCall(MckRNGUniforms(rng, 0, n, 4, 0, 1, &next));
  RngTestCheckCorrelation("consecutive steps (t, t+1), draw 0", n, u[0], next);

  PetscCall(PetscFree(counts));
  PetscCall(PetscFree(buf));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
