/* The key/counter mapping and the number formats documented in mckrng.h, checked against an
 * independent re-derivation from MckPhilox4x32_10 (itself checked by test_philox_kat):
 *   counter = (stream lo32, stream hi32 | D, step lo32, step hi32), D = 0 for uniforms and 2^31
 *   for normals; key = (m, seed) with m = draw/2 (uniforms) or draw/4 (normals);
 *   uniform from words (a, b): top bit of a picks the half, the next 20 bits of a and b form k,
 *     u = (2^52 + k) 2^-53 in the upper half, (2k + 1) 2^-54 in the lower half;
 *   uniform 2m uses words 0,1 and uniform 2m+1 words 2,3 of block m;
 *   normals 4m+2p, 4m+2p+1 (p = 0, 1) from words (a, b) = (2p, 2p+1) of block m: k = a + 2^32 (b mod 2^8),
 *     j = b / 2^8, u = (k + 1/2) 2^-40, v = (j + 1/2) 2^-24, sqrt(-2 ln u) cos(2 pi v) and the same with sin.
 * The uniforms must agree bit for bit; the normals within 1e-14 of a long-double libm evaluation
 * (the kernels' log, sin and cos are good to a few 1e-16 relative and |z| < 7.6). */
#include "rng_testutil.h"
#include <math.h>
#include <string.h>

static const char help[] = "MckRNG key/counter mapping and Box-Muller contract\n";

static double ExpectedUniform(uint32_t a, uint32_t b)
{
  const uint64_t k = ((uint64_t)((a >> 11) & 0xFFFFFu) << 32) | b;
  return (a >> 31) ? ldexp((double)((1ULL << 52) + k), -53) : ldexp((double)(2 * k + 1), -54);
}

static void Block(uint32_t seed, uint64_t stream, uint64_t step, uint32_t m, uint32_t domain, uint32_t w[4])
{
  const uint32_t ctr[4] = {(uint32_t)stream, (uint32_t)(stream >> 32) | domain, (uint32_t)step, (uint32_t)(step >> 32)};
  const uint32_t key[2] = {m, seed};

  MckPhilox4x32_10(ctr, key, w);
}

static double ExpectedUniformDraw(uint32_t seed, uint64_t stream, uint64_t step, uint64_t draw)
{
  uint32_t w[4];

  Block(seed, stream, step, (uint32_t)(draw / 2), 0, w);
  return draw % 2 ? ExpectedUniform(w[2], w[3]) : ExpectedUniform(w[0], w[1]);
}

static long double ExpectedNormalDraw(uint32_t seed, uint64_t stream, uint64_t step, uint64_t draw)
{
  const long double twopi = 6.28318530717958647692528676655900577L;
  uint32_t          w[4], a, b;

  Block(seed, stream, step, (uint32_t)(draw / 4), 0x80000000u, w);
  a                   = w[2 * ((draw / 2) % 2)];
  b                   = w[2 * ((draw / 2) % 2) + 1];
  const long double u = ((long double)a + 4294967296.0L * (b & 0xFFu) + 0.5L) * 0x1p-40L;
  const long double v = ((long double)(b >> 8) + 0.5L) * 0x1p-24L;
  const long double r = sqrtl(-2.0L * logl(u));
  return draw % 2 ? r * sinl(twopi * v) : r * cosl(twopi * v);
}

int main(int argc, char **argv)
{
  MckRNG           rng;
  PetscInt         seed_back;
  uint64_t         st      = 2024;
  const PetscInt   ntuples = 20000;
  PetscInt         nbad_u = 0, nbad_z = 0;
  double           max_zerr = 0;
  const PetscInt   seeds[]  = {0, 1, 123456789, 2147483647};
  const PetscInt64 steps[]  = {0, 1, -1, 4294967296LL + 7, 123456};
  const PetscInt64 bases[]  = {0, 4294967296LL - 3, 4294967296LL * 5 + 11, 1099511627776LL};

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 987654321));
  PetscCall(MckRNGGetSeed(rng, &seed_back));
  RngTestCheck(seed_back == 987654321, "MckRNGGetSeed returns the seed set: %" PetscInt_FMT, seed_back);

  for (PetscInt t = 0; t < ntuples; t++) {
    const PetscInt   seed   = seeds[RngTestSplitMix64(&st) % 4];
    const PetscInt64 stream = bases[RngTestSplitMix64(&st) % 4] + (PetscInt64)(RngTestSplitMix64(&st) % 16);
    const PetscInt64 step   = steps[RngTestSplitMix64(&st) % 5] + (PetscInt64)(RngTestSplitMix64(&st) % 3);
    const PetscInt   m      = (PetscInt)(RngTestSplitMix64(&st) % 1000);
    PetscReal        u[2], z[4];
    PetscReal       *pu[2] = {&u[0], &u[1]}, *pz[4] = {&z[0], &z[1], &z[2], &z[3]};

    PetscCall(MckRNGSetSeed(rng, seed));
    PetscCall(MckRNGUniforms(rng, stream, 1, step, 2 * m, 2, pu));
    PetscCall(MckRNGNormals(rng, stream, 1, step, 4 * m, 4, pz));
    for (int d = 0; d < 2; d++) {
      const double e = ExpectedUniformDraw((uint32_t)seed, (uint64_t)stream, (uint64_t)step, (uint64_t)(2 * m + d));
      if (memcmp(&e, &u[d], sizeof e)) nbad_u++;
    }
    for (int d = 0; d < 4; d++) {
      const double err = (double)fabsl(
          z[d] - ExpectedNormalDraw((uint32_t)seed, (uint64_t)stream, (uint64_t)step, (uint64_t)(4 * m + d)));
      if (!(err <= 1e-14)) nbad_z++;
      if (err > max_zerr) max_zerr = err;
    }
  }
  RngTestCheck(nbad_u == 0,
               "uniforms equal the documented key/counter mapping bit for bit: %" PetscInt_FMT " of %" PetscInt_FMT
               " differ",
               nbad_u, 2 * ntuples);
  RngTestCheck(
      nbad_z == 0,
      "normals equal Box-Muller of their 40-bit radius and 24-bit angle uniforms (cos for even, sin for odd draw): max |error| %.3g (bound 1e-14), %" PetscInt_FMT
      " of %" PetscInt_FMT " outside",
      max_zerr, nbad_z, 4 * ntuples);

  /* The formula just verified against the library, at its extreme words: never 0, never 1. */
  const double umin = ExpectedUniform(0, 0), umax = ExpectedUniform(0xFFFFFFFFu, 0xFFFFFFFFu);
  RngTestCheck(umin == 0x1p-54 && umax == 1.0 - 0x1p-53, "uniform formula range [2^-54, 1-2^-53]: min %.17g, max %.17g",
               umin, umax);

  PetscCall(MckRNGDestroy(&rng));
  RngTestCheck(rng == NULL, "MckRNGDestroy nulls the handle");
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
