/* The vector kernels compiled once more, here, without optimisation (-O0, see rng.cmake), and run
 * in every instruction set this CPU supports: their numbers must equal the optimised library's bit
 * for bit (no optimisation level or instruction set may change a result). Then two properties of
 * the normal transform that no sample could test:
 *   - its tails: the radius sqrt(-2 ln u), u = (k + 1/2) 2^-40, exceeds t for exactly the k with
 *     u < exp(-t^2/2) up to the rounding at the boundary, so #{k : r(k) > t} must be within 2 of
 *     2^40 exp(-t^2/2) for every t up to 7.5 sigma (found by bisection: r decreases with k);
 *   - its angle: sin and cos of 2 pi (j + 1/2) 2^-24 within 3.3e-16 of long-double libm, for
 *     every third 24-bit j (bound 3 ulp of [1/2, 1): the sine polynomial is good to 0.03 ulp, the
 *     rounding of its argument (pi/2) r adds at most half an ulp, and cos = sqrt(1 - sin^2) at most about
 *     1.5 ulp more). */
#include "rng_testutil.h"
#include "rng/rngkernels.h"
#include <mckean/mckactivation.h>
#include <math.h>
#include <string.h>

MCK_SIMD_DECLARE(void, MckTanhKernel, (int64_t n, const double *z, double *s));
#define MCK_SIMD_TEMPLATE "kernel/tanh_template.h"
#include "core/simd_instantiate.h"

static const char help[] =
    "The RNG and tanh kernels at -O0 in every instruction set, the tails and the angle of the normal transform\n";

enum { N = 777 };

typedef void (*NormalsFn)(uint32_t, uint64_t, int64_t, uint64_t, uint32_t, double *const[4]);
typedef void (*UniformsFn)(uint32_t, uint64_t, int64_t, uint64_t, uint32_t, double *, double *);
typedef void (*UnaryFn)(int64_t, const double *, double *);

static PetscErrorCode CompareWithLibrary(const char *isa, NormalsFn normals, UniformsFn uniforms, UnaryFn logk,
                                         UnaryFn tanhk)
{
  static double lib[4][N], mine[4][N], x[N];
  double       *pl[4] = {lib[0], lib[1], lib[2], lib[3]}, *pm[4] = {mine[0], mine[1], mine[2], mine[3]};
  MckRNG        rng;
  uint64_t      st  = 5;
  PetscInt      bad = 0;

  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 31337));
  PetscCall(MckRNGNormals(rng, 1000, N, 77, 8, 4, pl)); /* block m = 2 */
  normals(31337, 1000, N, 77, 2, pm);
  for (int j = 0; j < 4; j++) bad += memcmp(lib[j], mine[j], sizeof lib[j]) != 0;
  PetscCall(MckRNGUniforms(rng, 5, N, -3, 6, 2, pl)); /* block m = 3 */
  uniforms(31337, 5, N, (uint64_t)-3, 3, mine[0], mine[1]);
  for (int j = 0; j < 2; j++) bad += memcmp(lib[j], mine[j], sizeof lib[j]) != 0;
  for (int i = 0; i < N; i++) x[i] = ldexp(RngTestUnit(&st) + 0.5, (int)(RngTestSplitMix64(&st) % 200) - 100);
  MckLog(N, x, lib[0]);
  logk(N, x, mine[0]);
  bad += memcmp(lib[0], mine[0], sizeof lib[0]) != 0;
  for (int i = 0; i < N; i++) x[i] = (RngTestUnit(&st) - 0.5) * 40;
  MckActivationTanh(N, x, lib[0]);
  tanhk(N, x, mine[0]);
  bad += memcmp(lib[0], mine[0], sizeof lib[0]) != 0;
  RngTestCheck(
      bad == 0,
      "%s kernels at -O0 equal the optimised library bit for bit (normals, uniforms, log, tanh): %" PetscInt_FMT
      " of 8 arrays differ",
      isa, bad);
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

/* #{k in [0, 2^40) : r(k) > t}, r decreasing in k. */
static uint64_t CountAbove(double t)
{
  uint64_t lo = 0, hi = 1ULL << 40; /* r(k) > t for k < lo, r(k) <= t for k >= hi */

  if (MckRNGRadius40(0) <= t) return 0;
  lo = 1;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (MckRNGRadius40(mid) > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static void CheckTails(void)
{
  const double ts[]    = {0.5, 1, 2, 3, 4, 5, 6, 6.5, 7, 7.5};
  uint64_t     st      = 11;
  PetscInt     nonmono = 0;

  for (int i = 0; i < 100000; i++) {
    const uint64_t k = RngTestSplitMix64(&st) >> 24;
    if (k + 1 < (1ULL << 40) && MckRNGRadius40(k + 1) > MckRNGRadius40(k)) nonmono++;
  }
  RngTestCheck(
      nonmono == 0,
      "radius r(k) = sqrt(-2 ln((k + 1/2) 2^-40)) does not increase with k (10^5 adjacent pairs): %" PetscInt_FMT
      " increases",
      nonmono);
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
    const double expect = ldexp(exp(-0.5 * ts[i] * ts[i]), 40), got = (double)CountAbove(ts[i]);
    RngTestCheck(fabs(got - expect) <= 2.0,
                 "tail P(r > %.1f): %.0f of 2^40 radii, exact 2^40 exp(-t^2/2) = %.2f (within 2: relative error %.1e)",
                 ts[i], got, expect, expect > 0 ? fabs(got - expect) / expect : 0.0);
  }
  RngTestCheck(MckRNGRadius40(0) > 7.5 && MckRNGRadius40(0) < 7.6, "largest radius %.4f: normals reach 7.5 sigma",
               MckRNGRadius40(0));
}

static void CheckAngle(void)
{
  const long double twopi  = 6.28318530717958647692528676655900577L;
  double            maxerr = 0;

  for (uint64_t j = 0; j < (1u << 24); j += 3) {
    double            s, c;
    const long double a = twopi * ((long double)j + 0.5L) * 0x1p-24L;
    MckRNGSinCos24(j, &s, &c);
    const double e = (double)fmaxl(fabsl(s - sinl(a)), fabsl(c - cosl(a)));
    if (e > maxerr) maxerr = e;
  }
  RngTestCheck(
      maxerr < 3.3e-16,
      "sin, cos of 2 pi (j + 1/2) 2^-24 for every third 24-bit j: max abs error %.2e (< 3.3e-16: 3 ulp of [1/2, 1))",
      maxerr);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(CompareWithLibrary("generic", MckRNGNormalsKernel_generic, MckRNGUniformsKernel_generic,
                               MckLogKernel_generic, MckTanhKernel_generic));
#if MCK_SIMD_X86
  if (McKeanGetBestISA() >= MCK_ISA_AVX2)
    PetscCall(CompareWithLibrary("avx2", MckRNGNormalsKernel_avx2, MckRNGUniformsKernel_avx2, MckLogKernel_avx2,
                                 MckTanhKernel_avx2));
  if (McKeanGetBestISA() >= MCK_ISA_AVX512)
    PetscCall(CompareWithLibrary("avx512", MckRNGNormalsKernel_avx512, MckRNGUniformsKernel_avx512, MckLogKernel_avx512,
                                 MckTanhKernel_avx512));
#endif
  CheckTails();
  CheckAngle();
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
