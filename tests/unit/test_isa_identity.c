/* One binary, every instruction set: the vector kernels chosen at run time (McKeanGetISA) must give
 * bitwise the same numbers in each instruction set this CPU can run (generic x86-64, AVX2, AVX-512),
 * so that a binary built anywhere gives the same results on any cluster node. Each kernel is run
 * under every supported instruction set (McKeanSetISA) on inputs that exercise partial vectors,
 * odd offsets and special values, and compared bit for bit with the generic path; so is a short
 * Langevin trajectory (BAOAB and Euler-Maruyama, the fused push with its noise). */
#include "rng_testutil.h"
#include <mckean/mcklangevin.h>
#include <mckean/mckactivation.h>
#include <math.h>
#include <string.h>

static const char help[] = "Bitwise identity of the vector kernels across instruction sets\n";

#define NOUT 6000 /* numbers per kernel and instruction set */

/* Every kernel's output for one instruction set, concatenated. */
static PetscErrorCode RunKernels(double *out)
{
  MckRNG         rng;
  uint64_t       st = 7;
  double         x[NOUT / 6], *o = out;
  PetscReal     *d[5];
  const PetscInt n = NOUT / 6;

  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 2024));
  /* normals: 5 draws from draw 1 (a partial first block), n not a multiple of any width */
  for (int j = 0; j < 5; j++) d[j] = o + j * (n / 5);
  PetscCall(MckRNGNormals(rng, 4294967296LL - 77, n / 5, 12345, 1, 5, d));
  o += 5 * (n / 5);
  /* 3 draws (the Langevin case), one stream at a time against a block are checked elsewhere */
  for (int j = 0; j < 3; j++) d[j] = o + j * (n / 3);
  PetscCall(MckRNGNormals(rng, 3, n / 3, -1, 0, 3, d));
  o += 3 * (n / 3);
  /* packed normals, dim 3 from a stream whose first block is shared with the stream before */
  for (int j = 0; j < 3; j++) d[j] = o + j * (n / 3);
  PetscCall(MckRNGNormalsPacked(rng, 4294967296LL + 5, n / 3, 77, 0, 3, d));
  o += 3 * (n / 3);
  for (int j = 0; j < 2; j++) d[j] = o + j * (n / 2);
  PetscCall(MckRNGUniforms(rng, 11, n / 2, 5, 3, 2, d));
  o += 2 * (n / 2);
  /* MckLog and MckSinCos2Pi on random and special arguments */
  for (PetscInt i = 0; i < n; i++) x[i] = ldexp(RngTestUnit(&st) + 0.5, (int)(RngTestSplitMix64(&st) % 2100) - 1070);
  x[0] = 0.0;
  x[1] = INFINITY;
  x[2] = 1.0;
  x[3] = 0x1p-1074;
  PetscCall(PetscArraycpy(o, x, n));
  MckLog(n, o, o); /* in place too */
  o += n;
  for (PetscInt i = 0; i < n; i++) x[i] = (RngTestUnit(&st) - 0.5) * 1e3;
  MckSinCos2Pi(n, x, o, o + n);
  o += 2 * n;
  for (PetscInt i = 0; i < n; i++) x[i] = (RngTestUnit(&st) - 0.5) * 50;
  MckActivationTanh(n, x, o);
  o += n;
  PetscCheck(o - out <= 2 * NOUT, PETSC_COMM_SELF, PETSC_ERR_PLIB, "output buffer too small");
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

/* Positions and velocities after a few steps of a harmonic trap (no statistics: the fused single
 * pass) and of a Fourier mean field (two passes, one collective). */
static PetscErrorCode RunLangevin(const char integrator[], const char drift[], double *out, PetscInt *count)
{
  MckParticles p;
  MckLangevin  l;
  MckRNG       rng;
  PetscInt     nchunks, k = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-particles_n", "1001"));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_dim", "3"));
  PetscCall(PetscOptionsSetValue(NULL, "-lgv_integrator", integrator));
  PetscCall(PetscOptionsSetValue(NULL, "-lgv_drifts", drift));
  PetscCall(PetscOptionsSetValue(NULL, "-particles_box", strcmp(drift, "harmonic") ? "1" : NULL));
  if (!strcmp(drift, "harmonic")) PetscCall(PetscOptionsClearValue(NULL, "-particles_box"));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckLangevinCreate(p, &l));
  PetscCall(MckLangevinSetFromOptions(l));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 99));
  PetscCall(MckLangevinSetRNG(l, rng));
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesInitialize(p, rng));
  PetscCall(MckLangevinPrepare(l, PETSC_TRUE));
  for (int s = 0; s < 5; s++) PetscCall(MckLangevinStep(l));
  PetscCall(MckParticlesGetChunks(p, NULL, &nchunks));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(p, c, &ch));
    for (PetscInt a = 0; a < ch.dim; a++)
      for (PetscInt i = 0; i < ch.n; i++) {
        out[k++] = ch.x[a][ch.offset + i];
        out[k++] = ch.v[a][ch.offset + i];
      }
  }
  *count = k;
  PetscCall(MckLangevinDestroy(&l));
  PetscCall(MckParticlesDestroy(&p));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

static PetscInt CountDiffering(PetscInt n, const double *a, const double *b)
{
  PetscInt bad = 0;
  for (PetscInt i = 0; i < n; i++) bad += memcmp(&a[i], &b[i], sizeof(double)) != 0;
  return bad;
}

int main(int argc, char **argv)
{
  static double ref[2 * NOUT], cur[2 * NOUT], lref[2][6 * 1001], lcur[6 * 1001];
  const char   *cases[2][2] = {{"baoab", "harmonic"}, {"euler_maruyama", "fourier_meanfield"}};
  PetscInt      nl[2];

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "INFO  best instruction set of this CPU: %s; MCKEAN_ISA selected %s\n",
                        McKeanISAName(McKeanGetBestISA()), McKeanISAName(McKeanGetISA())));
  PetscCall(McKeanSetISA(MCK_ISA_GENERIC));
  PetscCall(RunKernels(ref));
  for (int c = 0; c < 2; c++) PetscCall(RunLangevin(cases[c][0], cases[c][1], lref[c], &nl[c]));
  for (int isa = MCK_ISA_AVX2; isa <= (int)McKeanGetBestISA(); isa++) {
    PetscCall(McKeanSetISA((McKeanISA)isa));
    PetscCall(RunKernels(cur));
    const PetscInt bad = CountDiffering(2 * NOUT, ref, cur);
    RngTestCheck(
        bad == 0,
        "kernels (normals, packed normals, uniforms, log, sin/cos, tanh): %s equals generic bit for bit (%" PetscInt_FMT
        " of %d differ)",
        McKeanISAName((McKeanISA)isa), bad, 2 * NOUT);
    for (int c = 0; c < 2; c++) {
      PetscInt n;
      PetscCall(RunLangevin(cases[c][0], cases[c][1], lcur, &n));
      const PetscInt lbad = n == nl[c] ? CountDiffering(n, lref[c], lcur) : n;
      RngTestCheck(lbad == 0,
                   "Langevin %s + %s, 5 steps: %s equals generic bit for bit (%" PetscInt_FMT " of %" PetscInt_FMT
                   " positions and velocities differ)",
                   cases[c][0], cases[c][1], McKeanISAName((McKeanISA)isa), lbad, n);
    }
  }
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
