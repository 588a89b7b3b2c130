/* Distribution of MckRNGNormals: 1.2e7 normals (10^6 streams x 4 draws x 3 steps).
 *
 * Each estimate is compared with its value under N(0,1) with tolerance 5 sigma, sigma being the
 * estimator's standard error for N independent draws:
 *   mean                      sigma = sqrt(1/N)
 *   variance                  sigma = sqrt(2/N)        (Var of x^2 is 2)
 *   skewness g1               sigma = sqrt(6/N)        (asymptotic, normal parent)
 *   excess kurtosis g2        sigma = sqrt(24/N)       (asymptotic, normal parent)
 *   tail count #{|x| > t}     sigma = sqrt(N p (1-p)), p = erfc(t/sqrt(2)), t = 3, 4, 5
 *   Pearson correlation       sigma = 1/sqrt(npairs)
 *   chi-square, 1000 equiprobable bins of Phi(x): |chi2 - 999| < 5 sqrt(2*999)
 *   Kolmogorov-Smirnov on 10^6 draws: sqrt(n) D < 2.75, i.e. asymptotic p-value
 *     Q(2.75) = 2 sum (-1)^(k-1) exp(-2 k^2 2.75^2) = 5.4e-7, the two-sided 5-sigma level.
 * It also prints the throughput of MckRNGNormals (informational, not asserted). */
#include "rng_stats.h"

static const char help[] = "MckRNGNormals distribution and correlations\n";

#define NSTREAMS 1000000
#define NDRAWS   4
#define NSTEPS   3

static PetscErrorCode Throughput(MckRNG rng)
{
  const PetscInt n = 1000000;
  PetscReal     *buf, *out[3];

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(3 * n, &buf));
  for (int j = 0; j < 3; j++) out[j] = buf + j * n;
  PetscCall(MckRNGNormals(rng, 0, n, 99, 0, 3, out)); /* warm-up: first touch of the pages */
  for (PetscInt nd = 1; nd <= 3; nd++) {
    PetscLogDouble best = 1e300;
    for (int rep = 0; rep < 10; rep++) {
      PetscLogDouble t0, t1;
      PetscCall(PetscTime(&t0));
      PetscCall(MckRNGNormals(rng, 0, n, 100 + rep, 0, nd, out));
      PetscCall(PetscTime(&t1));
      if (t1 - t0 < best) best = t1 - t0;
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "INFO  throughput MckRNGNormals n = %" PetscInt_FMT ", ndraws = %" PetscInt_FMT
                          ": %.1f M normals/s (best of 10, %.2f ms)\n",
                          n, nd, n * nd / best / 1e6, best * 1e3));
  }
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG                   rng;
  PetscReal               *buf, *x[NDRAWS], *prev0, *other;
  static RngTestNormalSums sums;
  const PetscInt           n = NSTREAMS;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 20240601));
  PetscCall(PetscMalloc1((NDRAWS + 2) * (size_t)n, &buf));
  for (int j = 0; j < NDRAWS; j++) x[j] = buf + j * n;
  prev0 = buf + NDRAWS * n;
  other = buf + (NDRAWS + 1) * n;

  for (PetscInt64 step = 0; step < NSTEPS; step++) {
    PetscCall(MckRNGNormals(rng, 0, n, step, 0, NDRAWS, x));
    for (int j = 0; j < NDRAWS; j++) RngTestNormalAdd(&sums, n, x[j]);
    if (step == 0) {
      RngTestKolmogorovSmirnov(n, x[0]);
      RngTestCheckCorrelation("adjacent streams (s, s+1), draw 0", n - 1, x[0], x[0] + 1);
      RngTestCheckCorrelation("cos/sin pair of one counter (draws 0, 1)", n, x[0], x[1]);
      RngTestCheckCorrelation("across counters (draws 1, 2)", n, x[1], x[2]);
      for (PetscInt i = 0; i < n; i++) {
        other[i] = x[0][i] * x[0][i];
        prev0[i] = x[1][i] * x[1][i];
      }
      /* Box-Muller pairs share the radius: a wrong pairing shows up in the squares first. */
      RngTestCheckCorrelation("squares of the cos/sin pair (x0^2, x1^2)", n, other, prev0);
    } else {
      RngTestCheckCorrelation("consecutive steps (t, t+1), draw 0", n, prev0, x[0]);
    }
    memcpy(prev0, x[0], (size_t)n * sizeof(PetscReal));
  }
  /* streams that share key word 0 and differ only in counter word 3 (stream hi32) */
  PetscCall(MckRNGNormals(rng, 0, n, 0, 0, 1, &x[0]));
  PetscCall(MckRNGNormals(rng, 4294967296LL, n, 0, 0, 1, &other));
  RngTestCheckCorrelation("streams s and s + 2^32", n, x[0], other);
  /* neighbouring seeds */
  PetscCall(MckRNGSetSeed(rng, 20240602));
  PetscCall(MckRNGNormals(rng, 0, n, 0, 0, 1, &other));
  RngTestCheckCorrelation("seeds k and k+1", n, x[0], other);

  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "INFO  N = %" PetscInt64_FMT " normals (%d streams x %d draws x %d steps)\n",
                        sums.N, NSTREAMS, NDRAWS, NSTEPS));
  RngTestNormalCheck(&sums);
  PetscCall(Throughput(rng));

  PetscCall(PetscFree(buf));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
