/* The key/counter mapping and the number formats documented in mckrng.h, checked against an
 * independent re-derivation from MckPhilox4x32_10 (itself checked by test_philox_kat):
 *   key = (stream low 32 bits, seed), counter = (draw/2, step lo32, step hi32, stream hi32);
 *   uniform from words (a, b): top bit of a picks the half, the next 20 bits of a and b form k,
 *     u = (2^52 + k) 2^-53 in the upper half, (2k + 1) 2^-54 in the lower half;
 *   uniform 2m uses words 0,1 and uniform 2m+1 words 2,3 of counter m;
 *   normal 2m = sqrt(-2 ln U_2m) cos(2 pi U_2m+1), normal 2m+1 = the same with sin.
 * The uniforms must agree bit for bit; the normals within 1e-14 of a long-double libm evaluation
 * (our log and sincos are good to a few 1e-16 relative, |z| < 8.6, so the error is < 1e-14). */
#include "rng_testutil.h"
#include <math.h>
#include <string.h>

static const char help[] = "MckRNG key/counter mapping and Box-Muller contract\n";

static double ExpectedUniform(uint32_t a, uint32_t b)
{
  const uint64_t k = ((uint64_t)((a >> 11) & 0xFFFFFu) << 32) | b;
  return (a >> 31) ? ldexp((double)((1ULL << 52) + k), -53) : ldexp((double)(2 * k + 1), -54);
}

static double ExpectedUniformDraw(uint32_t seed, uint64_t stream, uint64_t step, uint64_t draw)
{
  const uint32_t ctr[4] = {(uint32_t)(draw / 2), (uint32_t)step, (uint32_t)(step >> 32), (uint32_t)(stream >> 32)};
  const uint32_t key[2] = {(uint32_t)stream, seed};
  uint32_t       w[4];

  MckPhilox4x32_10(ctr, key, w);
  return draw % 2 ? ExpectedUniform(w[2], w[3]) : ExpectedUniform(w[0], w[1]);
}

int main(int argc, char **argv)
{
  MckRNG         rng;
  PetscInt       seed_back;
  uint64_t       st         = 2024;
  const PetscInt ntuples    = 20000;
  PetscInt       nbad_u     = 0, nbad_z = 0;
  double         max_zerr   = 0;
  const PetscInt seeds[]    = {0, 1, 123456789, 2147483647};
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
    PetscReal        u[2], z[2];
    PetscReal       *pu[2] = {&u[0], &u[1]}, *pz[2] = {&z[0], &z[1]};

    PetscCall(MckRNGSetSeed(rng, seed));
    PetscCall(MckRNGUniforms(rng, stream, 1, step, 2 * m, 2, pu));
    PetscCall(MckRNGNormals(rng, stream, 1, step, 2 * m, 2, pz));
    for (int d = 0; d < 2; d++) {
      const double e = ExpectedUniformDraw((uint32_t)seed, (uint64_t)stream, (uint64_t)step, (uint64_t)(2 * m + d));
      if (memcmp(&e, &u[d], sizeof e)) nbad_u++;
    }
    const long double r   = sqrtl(-2.0L * logl((long double)u[0]));
    const long double ang = 2.0L * 3.14159265358979323846264338327950288L * (long double)u[1];
    const double      ez[2] = {(double)(r * cosl(ang)), (double)(r * sinl(ang))};
    for (int d = 0; d < 2; d++) {
      const double err = fabs(z[d] - ez[d]);
      if (!(err <= 1e-14)) nbad_z++;
      if (err > max_zerr) max_zerr = err;
    }
  }
  RngTestCheck(nbad_u == 0, "uniforms equal the documented key/counter mapping bit for bit: %" PetscInt_FMT " of %" PetscInt_FMT " differ", nbad_u, 2 * ntuples);
  RngTestCheck(nbad_z == 0, "normals equal Box-Muller of the uniforms (cos for even, sin for odd draw): max |error| %.3g (bound 1e-14), %" PetscInt_FMT " of %" PetscInt_FMT " outside", max_zerr, nbad_z, 2 * ntuples);

  /* The formula just verified against the library, at its extreme words: never 0, never 1. */
  const double umin = ExpectedUniform(0, 0), umax = ExpectedUniform(0xFFFFFFFFu, 0xFFFFFFFFu);
  RngTestCheck(umin == 0x1p-54 && umax == 1.0 - 0x1p-53, "uniform formula range [2^-54, 1-2^-53]: min %.17g, max %.17g", umin, umax);

  PetscCall(MckRNGDestroy(&rng));
  RngTestCheck(rng == NULL, "MckRNGDestroy nulls the handle");
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
