/* MckRNG: counter-based Philox4x32-10 (Salmon, Moraes, Dror, Shaw 2011).
 *
 * Key     = (k0, k1) = (low 32 bits of the global stream id, seed)
 * Counter = (c0, c1, c2, c3) = (draw pair index, step low 32 bits, step high 32 bits,
 *                               high 32 bits of the global stream id)
 * A stream is one particle (or member, neuron, ...) by its global id, so the noise a particle
 * receives is a function of (seed, global id, step, draw) and never of the rank that holds it.
 * Normal number j of a (stream, step) comes from counter c0 = j/2 by Box-Muller on two 53-bit
 * uniforms built from the four output words; j even takes the cosine branch, j odd the sine.
 * The transforms use McKean's own polynomial log and sincos in plain arithmetic, so a
 * vectorised loop and its scalar remainder give bitwise-identical numbers.
 *
 * Ranges: the seed must fit in 32 bits (signed or unsigned reading); stream ids are >= 0; the
 * step is any 64-bit value, taken modulo 2^64 (so step -1 is counter words 0xffffffff,0xffffffff);
 * draws are >= 0 and below 2^33. A uniform from words (a, b): the top bit of a picks the half,
 * the next 20 bits of a and all of b form k < 2^52, u = (2k+1) 2^-54 in the lower half and
 * 1/2 + k 2^-53 in the upper half, so 2^-54 <= u <= 1 - 2^-53 (log(u) is always finite). */
#pragma once
#include <mckean/mckean.h>
#include <stdint.h>

typedef struct _p_MckRNG *MckRNG;

/* One Philox4x32-10 block: out = Philox(ctr, key). Exposed for known-answer tests. */
static inline void MckPhilox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; r++) {
    if (r) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
    const uint64_t p0 = (uint64_t)0xD2511F53u * c0, p1 = (uint64_t)0xCD9E8D57u * c2;
    const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n1 = (uint32_t)p1;
    const uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1, n3 = (uint32_t)p0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

PETSC_EXTERN PetscErrorCode MckRNGCreate(MPI_Comm comm, MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckRNGSetSeed(MckRNG rng, PetscInt seed);
PETSC_EXTERN PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed);
PETSC_EXTERN PetscErrorCode MckRNGDestroy(MckRNG *rng);

/* out[j][i] = normal number (draw0 + j) of stream (stream0 + i) at step, for 0 <= i < n,
 * 0 <= j < ndraws. out is structure-of-arrays: one array of length n per draw. */
PETSC_EXTERN PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[]);
/* Same layout, uniforms in the open interval (0, 1) with 53 random bits. Uniform 2m comes from
 * words 0,1 and uniform 2m+1 from words 2,3 of counter c0 = m, and normals 2m and 2m+1 are both
 * made from uniforms 2m and 2m+1. So never take normals and uniforms from the same draw PAIR
 * {2m, 2m+1} of one (stream, step): uniforms for draws 0..2 and normals from draw 3 share
 * counter 1, and normal 3 is then a function of uniform 2. */
PETSC_EXTERN PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[]);

/* Vectorisable elementary functions used by the normal transform and by the particle layer:
 * plain arithmetic, no libm calls, identical results in vector and scalar code (and whether or
 * not the output aliases the input).
 * MckSinCos2Pi: any finite u (the reduction modulo 1 is exact); absolute error < 2.5e-16
 *   (measured 1.6e-16); exact at multiples of 1/4; NaN for NaN or inf.
 * MckLog: error < 1 ulp (measured 0.83 ulp) for every positive double, subnormals included;
 *   log(0) = -inf, log(x < 0) = NaN, log(inf) = inf. */
PETSC_EXTERN void MckSinCos2Pi(PetscInt n, const PetscReal u[], PetscReal s[], PetscReal c[]); /* sin/cos(2*pi*u) */
PETSC_EXTERN void MckLog(PetscInt n, const PetscReal x[], PetscReal y[]);                       /* natural log, x > 0 */
