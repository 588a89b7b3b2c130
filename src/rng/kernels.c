/* The RNG's vector kernels, compiled once per instruction set (core/simd.h): Philox4x32-10 and
 * the normal and uniform transforms (rng/philox_template.h), the packed normals
 * (rng/packed_template.h), MckLog and MckSinCos2Pi
 * (rng/elementary_template.h). Their constants are shared by every instantiation. */
#include "rng/rngkernels.h"
#include <math.h>

#if !defined(PETSC_USE_REAL_DOUBLE)
#  error "the RNG kernels are written for PetscReal == double"
#endif

#define MCK_BITS_2P52      0x4330000000000000ULL /* bits of 2^52: or-ing an integer below 2^52 into them gives 2^52 + it */
#define MCK_SQRT1_2_BITS   0x3fe6a09e667f3bcdULL /* bits of the double nearest sqrt(2)/2 */
#define MCK_NORMALS_DOMAIN 0x80000000ULL         /* counter word 1 bit 31: normals never share a block with uniforms */

/* ln 2 split into a 40-bit head (so that e * MCK_LN2_HI is exact for |e| < 2^13) and a tail. */
static const double MCK_LN2_HI = 0x1.62e42fefa2000p-1;
static const double MCK_LN2_LO = 0x1.9ef35793c7673p-41;

/* sin((pi/2) r) = r sum_k S_k r^(2k), S_k = (-1)^k (pi/2)^(2k+1)/(2k+1)!, and cos((pi/2) r) =
 * sum_k C_k r^(2k), C_k = (-1)^k (pi/2)^(2k)/(2k)!, for |r| <= 1/2, truncated after k = 8: the
 * first omitted terms are below 1e-19 (sin) and 2e-18 (cos), 0.02 ulp. The doubles nearest to
 * those values (computed with mpmath at 300 bits). */
static const double MCK_S0 = 0x1.921fb54442d18p+0, MCK_S1 = -0x1.4abbce625be53p-1, MCK_S2 = 0x1.466bc6775aae2p-4,
                    MCK_S3 = -0x1.32d2cce62bd86p-8, MCK_S4 = 0x1.50783487ee782p-13, MCK_S5 = -0x1.e3074fde8871fp-19,
                    MCK_S6 = 0x1.e8f434d018d63p-25, MCK_S7 = -0x1.6fadb9f155744p-31, MCK_S8 = 0x1.aaec32af93359p-38;
static const double MCK_C1 = -0x1.3bd3cc9be45dep+0, MCK_C2 = 0x1.03c1f081b5ac4p-2, MCK_C3 = -0x1.55d3c7e3cbffap-6,
                    MCK_C4 = 0x1.e1f506891babbp-11, MCK_C5 = -0x1.a6d1f2a204a8cp-16, MCK_C6 = 0x1.f9d38a3763cc3p-22,
                    MCK_C7 = -0x1.b6e24f44b128fp-28, MCK_C8 = 0x1.20c62c2f2d7f5p-34;

/* The normal transform's polynomials (rng/philox_template.h), fdlibm's minimax coefficients:
 * log's R(z) = sum LG_k z^k for |s| <= 0.1716 (e_log.c), and sin x = x + x^3 sum KS_k x^(2k-2)
 * for |x| <= pi/4 (k_sin.c). */
static const double MCK_LG1 = 0x1.5555555555593p-1, MCK_LG2 = 0x1.999999997fa04p-2, MCK_LG3 = 0x1.2492494229359p-2,
                    MCK_LG4 = 0x1.c71c51d8e78afp-3, MCK_LG5 = 0x1.7466496cb03dep-3, MCK_LG6 = 0x1.39a09d078c69fp-3,
                    MCK_LG7 = 0x1.2f112df3e5244p-3;
static const double MCK_KS1 = -0x1.5555555555549p-3, MCK_KS2 = 0x1.111111110f8a6p-7, MCK_KS3 = -0x1.a01a019c161d5p-13,
                    MCK_KS4 = 0x1.71de357b1fe7dp-19, MCK_KS5 = -0x1.ae5e68a2b9cebp-26, MCK_KS6 = 0x1.5d93a5acfd57cp-33;

#define MCK_SIMD_TEMPLATE "rng/philox_template.h"
#include "core/simd_instantiate.h"
#define MCK_SIMD_TEMPLATE "rng/packed_template.h"
#include "core/simd_instantiate.h"
#define MCK_SIMD_TEMPLATE "rng/elementary_template.h"
#include "core/simd_instantiate.h"

double MckRNGRadius40(uint64_t k)
{
  MckVD_generic x  = {0};
  MckVU_generic kk = {0};

  kk[0] = k & 0xFFFFFFFFFFULL;
  x     = MckVSqrt_generic(-2.0 * LogUniform40_generic(kk));
  return x[0];
}

void MckRNGSinCos24(uint64_t j, double *s, double *c)
{
  MckVU_generic jj = {0};
  MckVD_generic sn, cs;

  jj[0] = j & 0xFFFFFFu;
  SinCos24_generic(jj, &sn, &cs);
  *s = sn[0];
  *c = cs[0];
}
