/* MckRNGNormalsPacked: the documented mapping, independence of how the streams are split between
 * calls, disjointness from the other numbers, and the distribution of the packed numbers.
 *
 * Mapping: packed normal f = dim stream + d of set s at a step is normal f mod 4 of the Philox block
 * with counter (f/4 lo32, f/4 hi32 | 2^31, step lo32, step hi32) and key (2^31 + s, seed), by the
 * Box-Muller transform of mckrng.h; checked against a long-double evaluation within 1e-14, as
 * rng.contract checks MckRNGNormals. The radius law of that transform is exact to 7.5 sigma
 * (rng.kernels_O0 counts all 2^40 radii), so the tails beyond what sampling can reach follow from
 * this check; the sampled tails below go to 5 sigma.
 * Splits: one call for n streams equals, bit for bit, calls of one stream each, calls on random
 * sub-ranges, and the same numbers f asked with another dim (dim 1 at stream f is packed normal f).
 * Distinct: no packed normal equals one of MckRNGNormals at the same streams and step, of another
 * set, or of another step (exact coincidences among 10^4).
 * Distribution: 1.2e7 packed normals (10^6 streams x dim 3 x 4 steps), tolerances 5 standard
 * errors of each estimator (rng_stats.h): mean, variance, skewness, kurtosis, tails at 3, 4, 5
 * sigma, chi-square on 1000 bins, Kolmogorov-Smirnov on 10^6, and the correlations of neighbouring
 * packed normals, which now share blocks: f and f+1 (a Box-Muller pair or the next pair), f+2,
 * f+3, f+4 (the next block), squares of a Box-Muller pair, consecutive steps and sets. */
#include "rng_stats.h"
#include <string.h>

static const char help[] = "MckRNGNormalsPacked mapping, splits and distribution\n";

#define NSTREAMS 1000000
#define DIM      3
#define NSTEPS   4

static long double ExpectedPacked(uint32_t seed, uint32_t set, uint64_t step, uint64_t f)
{
  const long double twopi  = 6.28318530717958647692528676655900577L;
  const uint64_t    b      = f / 4;
  const uint32_t    ctr[4] = {(uint32_t)b, (uint32_t)(b >> 32) | 0x80000000u, (uint32_t)step, (uint32_t)(step >> 32)};
  const uint32_t    key[2] = {0x80000000u | set, seed};
  uint32_t          w[4];

  MckPhilox4x32_10(ctr, key, w);
  const uint32_t    a = w[2 * ((f / 2) % 2)], bb = w[2 * ((f / 2) % 2) + 1];
  const long double u = ((long double)a + 4294967296.0L * (bb & 0xFFu) + 0.5L) * 0x1p-40L;
  const long double v = ((long double)(bb >> 8) + 0.5L) * 0x1p-24L;
  const long double r = sqrtl(-2.0L * logl(u));
  return f % 2 ? r * sinl(twopi * v) : r * cosl(twopi * v);
}

/* Random (seed, set, step, dim, stream, d), one stream per call: the library against the mapping. */
static PetscErrorCode CheckContract(MckRNG rng)
{
  const PetscInt64 steps[] = {0, 1, -1, 4294967296LL + 7}, bases[] = {0, 4294967296LL - 3, 1099511627776LL};
  uint64_t         st   = 77;
  PetscInt         nbad = 0, ntests = 20000;
  double           maxerr = 0;

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < ntests; t++) {
    const PetscInt   seed = (PetscInt)(RngTestSplitMix64(&st) % 100000), set = (PetscInt)(RngTestSplitMix64(&st) % 3);
    const PetscInt   dim    = 1 + (PetscInt)(RngTestSplitMix64(&st) % 7);
    const PetscInt64 step   = steps[RngTestSplitMix64(&st) % 4] + (PetscInt64)(RngTestSplitMix64(&st) % 3);
    const PetscInt64 stream = bases[RngTestSplitMix64(&st) % 3] + (PetscInt64)(RngTestSplitMix64(&st) % 64);
    PetscReal        z[7], *pz[7];

    for (PetscInt d = 0; d < dim; d++) pz[d] = &z[d];
    PetscCall(MckRNGSetSeed(rng, seed));
    PetscCall(MckRNGNormalsPacked(rng, stream, 1, step, set, dim, pz));
    for (PetscInt d = 0; d < dim; d++) {
      const uint64_t f   = (uint64_t)(dim * stream + d);
      const double   err = (double)fabsl(z[d] - ExpectedPacked((uint32_t)seed, (uint32_t)set, (uint64_t)step, f));
      if (!(err <= 1e-14)) nbad++;
      if (err > maxerr) maxerr = err;
    }
  }
  RngTestCheck(
      nbad == 0,
      "packed normal f = Box-Muller of normal f mod 4 of block f/4 (key word 0 = 2^31 + set): max |error| %.3g "
      "(bound 1e-14), %" PetscInt_FMT " outside",
      maxerr, nbad);
  PetscFunctionReturn(0);
}

/* One call over [s0, s0 + n) against: one stream per call, random sub-ranges, and dim 1 at streams
 * dim (s0 + i) + d, which must give the same numbers f. */
static PetscErrorCode CheckSplits(MckRNG rng, PetscInt64 s0, PetscInt n, PetscInt64 step, PetscInt dim)
{
  PetscReal **all, **sub, *flat, *v, **pv;
  PetscInt    bad_one = 0, bad_sub = 0, bad_flat = 0;
  uint64_t    st = (uint64_t)(s0 * 31 + dim);

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc5(dim, &all, dim, &sub, (size_t)n * dim, &flat, dim, &v, dim, &pv));
  for (PetscInt d = 0; d < dim; d++) {
    PetscCall(PetscMalloc2(n, &all[d], n, &sub[d]));
    pv[d] = &v[d];
  }
  PetscCall(MckRNGNormalsPacked(rng, s0, n, step, 0, dim, all));
  for (PetscInt i = 0; i < n; i += 1 + i / 16) { /* every stream near the start, then a sample */
    PetscCall(MckRNGNormalsPacked(rng, s0 + i, 1, step, 0, dim, pv));
    for (PetscInt d = 0; d < dim; d++) bad_one += memcmp(&v[d], &all[d][i], sizeof v[d]) != 0;
  }
  for (PetscInt i = 0; i < n;) { /* random cuts: every phase of the packed blocks at both ends */
    const PetscInt r = 1 + (PetscInt)(RngTestSplitMix64(&st) % 300), len = PetscMin(n - i, r);
    PetscReal     *o[1024];
    for (PetscInt d = 0; d < dim; d++) o[d] = sub[d] + i;
    PetscCall(MckRNGNormalsPacked(rng, s0 + i, len, step, 0, dim, o));
    i += len;
  }
  for (PetscInt d = 0; d < dim; d++) bad_sub += memcmp(sub[d], all[d], (size_t)n * sizeof(PetscReal)) != 0;
  PetscCall(MckRNGNormalsPacked(rng, dim * s0, n * dim, step, 0, 1, &flat));
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt d = 0; d < dim; d++) bad_flat += memcmp(&flat[dim * i + d], &all[d][i], sizeof(PetscReal)) != 0;
  RngTestCheck(bad_one + bad_sub + bad_flat == 0,
               "packed dim %" PetscInt_FMT ", streams [%" PetscInt64_FMT ", +%" PetscInt_FMT "), step %" PetscInt64_FMT
               ": one call = one stream per call (%" PetscInt_FMT " differ) = random sub-ranges (%" PetscInt_FMT
               " arrays differ) = dim 1 at the same f (%" PetscInt_FMT " differ)",
               dim, s0, n, step, bad_one, bad_sub, bad_flat);
  for (PetscInt d = 0; d < dim; d++) PetscCall(PetscFree2(all[d], sub[d]));
  PetscCall(PetscFree5(all, sub, flat, v, pv));
  PetscFunctionReturn(0);
}

/* Exact coincidences between 10^4 packed normals and MckRNGNormals' draws 0..3 of the same streams
 * and step (the counters that a packed block shares with a stream's block 0), another set, another step. */
static PetscErrorCode CheckDistinct(MckRNG rng)
{
  enum { n = 10000 };
  static PetscReal a[n], b[4][n], c[n];
  PetscReal       *pa = a, *pb[4] = {b[0], b[1], b[2], b[3]}, *pc = c;
  PetscInt         same_normals = 0, same_set = 0, same_step = 0;

  PetscFunctionBeginUser;
  PetscCall(MckRNGSetSeed(rng, 5));
  PetscCall(MckRNGNormalsPacked(rng, 0, n, 9, 0, 1, &pa));
  PetscCall(MckRNGNormals(rng, 0, n / 4, 9, 0, 4, pb)); /* the blocks with the same counters */
  for (PetscInt i = 0; i < n; i++) same_normals += a[i] == b[i % 4][i / 4];
  PetscCall(MckRNGNormalsPacked(rng, 0, n, 9, 1, 1, &pc));
  for (PetscInt i = 0; i < n; i++) same_set += a[i] == c[i];
  PetscCall(MckRNGNormalsPacked(rng, 0, n, 10, 0, 1, &pc));
  for (PetscInt i = 0; i < n; i++) same_step += a[i] == c[i];
  RngTestCheck(same_normals + same_set + same_step == 0,
               "packed normals differ from MckRNGNormals at the same counters, from set 1, from step 10: %" PetscInt_FMT
               " %" PetscInt_FMT " %" PetscInt_FMT " coincidences in %d",
               same_normals, same_set, same_step, n);
  PetscFunctionReturn(0);
}

/* The packed numbers in f order and the neighbour correlations of step 0. */
static void CheckNeighbours(PetscInt n, PetscReal *const x[], PetscReal *flat, PetscReal *tmp)
{
  const PetscInt nf = DIM * n;

  for (PetscInt i = 0; i < n; i++)
    for (PetscInt d = 0; d < DIM; d++) flat[DIM * i + d] = x[d][i];
  RngTestCheckCorrelation("packed neighbours (f, f+1)", nf - 1, flat, flat + 1);
  RngTestCheckCorrelation("packed neighbours (f, f+2)", nf - 2, flat, flat + 2);
  RngTestCheckCorrelation("packed neighbours (f, f+3)", nf - 3, flat, flat + 3);
  RngTestCheckCorrelation("packed neighbours (f, f+4): next block", nf - 4, flat, flat + 4);
  RngTestCheckCorrelation("components (0, 1) of one stream", n, x[0], x[1]);
  RngTestCheckCorrelation("component 2 of s, component 0 of s+1", n - 1, x[2], x[0] + 1);
  /* Box-Muller pairs (f even, f+1) share the radius: a wrong pairing shows in the squares. */
  for (PetscInt k = 0; k < nf / 2; k++) {
    tmp[k]          = flat[2 * k] * flat[2 * k];
    tmp[nf / 2 + k] = flat[2 * k + 1] * flat[2 * k + 1];
  }
  RngTestCheckCorrelation("squares of a Box-Muller pair (f, f+1), f even", nf / 2, tmp, tmp + nf / 2);
  RngTestKolmogorovSmirnov(n, x[1]);
}

static PetscErrorCode CheckDistribution(MckRNG rng)
{
  const PetscInt           n = NSTREAMS;
  PetscReal               *buf, *x[DIM], *prev, *other, *flat;
  static RngTestNormalSums sums;
  PetscFunctionBeginUser;
  PetscCall(MckRNGSetSeed(rng, 20240601));
  PetscCall(PetscMalloc1((DIM + 2 + 2 * DIM) * (size_t)n, &buf));
  for (int d = 0; d < DIM; d++) x[d] = buf + d * n;
  prev  = buf + DIM * n;
  other = buf + (DIM + 1) * n;
  flat  = buf + (DIM + 2) * n;
  for (PetscInt64 step = 0; step < NSTEPS; step++) {
    PetscCall(MckRNGNormalsPacked(rng, 0, n, step, 0, DIM, x));
    for (int d = 0; d < DIM; d++) RngTestNormalAdd(&sums, n, x[d]);
    if (step == 0) CheckNeighbours(n, x, flat, flat + DIM * n);
    else RngTestCheckCorrelation("consecutive steps (t, t+1), component 0", n, prev, x[0]);
    memcpy(prev, x[0], (size_t)n * sizeof(PetscReal));
  }
  PetscCall(MckRNGNormalsPacked(rng, 0, n, NSTEPS - 1, 1, 1, &other));
  RngTestCheckCorrelation("sets 0 and 1, same step and f", n, prev, other);
  RngTestNormalCheck(&sums);
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG rng;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(CheckContract(rng));
  PetscCall(MckRNGSetSeed(rng, 42));
  for (PetscInt dim = 1; dim <= 5; dim++) {
    PetscCall(CheckSplits(rng, 12345, 1001, 7, dim));
    PetscCall(CheckSplits(rng, (4 * 4294967296LL - 1000) / dim, 777, -1, dim)); /* block numbers cross 2^32 */
  }
  PetscCall(CheckSplits(rng, 3, 9, 2, 600)); /* a stream's normals span more blocks than one kernel call */
  PetscCall(CheckDistinct(rng));
  PetscCall(CheckDistribution(rng));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
