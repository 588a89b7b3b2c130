/* MckRNG: counter-based Philox4x32-10 (Salmon, Moraes, Dror, Shaw 2011).
 *
 * Counter = (c0, c1, c2, c3) = (stream id low 32 bits, stream id high 32 bits | D, step low 32 bits,
 *                               step high 32 bits), D = 0 for uniforms and 2^31 for normals
 * Key     = (k0, k1) = (m, seed), m = draw/2 for uniforms and draw/4 for normals
 * A stream is one particle (or member, neuron, ...) by its global id, so the noise a particle
 * receives is a function of (seed, global id, step, draw) and never of the rank that holds it.
 * Normals and uniforms never share a Philox block (D), whatever draws they use.
 *
 * Uniforms: uniform 2m from words (w0, w1) and uniform 2m+1 from words (w2, w3) of block m. From
 * words (a, b): the top bit of a picks the half, the next 20 bits of a and all of b form k < 2^52,
 * u = (2k+1) 2^-54 in the lower half and 1/2 + k 2^-53 in the upper half, so 2^-54 <= u <= 1 - 2^-53.
 *
 * Normals: block m gives normals 4m .. 4m+3 by Box-Muller, normals 4m+2p and 4m+2p+1 (p = 0, 1) from
 * words (a, b) = (w_2p, w_2p+1): a radius uniform u = (k + 1/2) 2^-40 with the 40 bits
 * k = a + 2^32 (b mod 2^8) and an angle uniform v = (j + 1/2) 2^-24 with the 24 bits j = b / 2^8;
 * normal 4m+2p = sqrt(-2 ln u) cos(2 pi v), normal 4m+2p+1 = sqrt(-2 ln u) sin(2 pi v). So a
 * particle's 3 normals per step cost one Philox block, and the radius law is exact in its tail:
 * #{k : radius > t} / 2^40 equals exp(-t^2/2) to within 2^-39 for every t, and the largest
 * normal is 7.54 (tests/unit/test_rng_kernels_O0.c); the angle has 2^24 equally spaced values,
 * which leaves the marginal law of each normal exact to double precision. The transform is
 * computed to within 1e-15 of its exact value (log and sine by fdlibm's minimax polynomials, cosine
 * as sqrt(1 - sin^2) on the reduced range where it is accurate) by McKean's own vector kernels, in plain
 * IEEE arithmetic: every instruction set (McKeanGetISA) gives bitwise the same numbers.
 *
 * Packed normals (MckRNGNormalsPacked): dim normals per stream with no unused normal in any block.
 * Packed normal f = dim * stream + d (d = 0..dim-1) of a set s (0 <= s < 2^31) at a step is normal
 * f mod 4 of the block with counter (f/4 low 32 bits, f/4 high 32 bits | 2^31, step low, step high)
 * and key (2^31 + s, seed), by the Box-Muller transform above: the blocks of a normals stream f/4
 * with key word 0 offset by 2^31. Key word 0 of MckRNGNormals is draw/4 < 2^31, and uniforms have
 * D = 0, so a packed normal never coincides with a normal or uniform of any stream, step or draw;
 * two sets never share a block. Four 3D particles' noise fills three blocks, instead of four
 * blocks with one normal in each left unused.
 *
 * Ranges: the seed must fit in 32 bits (signed or unsigned reading); stream ids are >= 0 and below
 * 2^63; the step is any 64-bit value, taken modulo 2^64 (so step -1 is counter words 0xffffffff,0xffffffff);
 * draws are >= 0 and below 2^33; a packed normal's number f is below 2^63. */
#pragma once
#include <mckean/mckean.h>
#include <stdint.h>

typedef struct _p_MckRNG *MckRNG;

/* Reserved steps: the counter's step word is a time step (>= 0) for a dynamics' noise; the draws
 * made once, outside the time loop, use the negative steps listed here -- every one McKean
 * reserves, so that a new use takes a free one. A step is shared only by uses that never meet
 * under one key and stream id in a run: they belong to different apps (twin and mfnn), or are
 * keyed by different seeds (-mfnet_data_seed, the run's -seed). */
#define MCK_RNG_STEP_INIT          ((PetscInt64)-1) /* initial states: particles, members, the DMFT network's neurons */
#define MCK_RNG_STEP_TWIN_OFFSET   ((PetscInt64)-2) /* twin experiments: the truth's offset, stream = component */
#define MCK_RNG_STEP_TWIN_DATA     ((PetscInt64)-5) /* twin experiments: observation noise, stream = datum */
#define MCK_RNG_STEP_MFNET_DATA    ((PetscInt64)-2) /* mfnn: training inputs, stream = sample id */
#define MCK_RNG_STEP_MFNET_TEACHER ((PetscInt64)-3) /* mfnn: the teacher's directions */
#define MCK_RNG_STEP_MFNET_PERM    ((PetscInt64)-4) /* mfnn: the mini-batch permutation, stream = sample id */
#define MCK_RNG_STEP_MFNET_TEST    ((PetscInt64)-5) /* mfnn: the held-out test samples, stream = sample id */
#define MCK_RNG_STEP_DMFT_COUPLINGS \
  ((PetscInt64)-5) /* dmft: the network's couplings (a DMFT run draws no twin or mfnn data) */
#define MCK_RNG_STEP_GEN_OBS      ((PetscInt64)-700) /* gen: observation noise of guided sampling */
#define MCK_RNG_STEP_GEN_FEATURES ((PetscInt64)-800) /* gen: random features, stream = feature */
#define MCK_RNG_STEP_GEN_METRIC   ((PetscInt64)-900) /* gen: exact target samples for the metrics */
#define MCK_RNG_STEP_GEN_TRAIN(round) \
  (-1000 - (PetscInt64)(round)) /* gen: training samples of a fit round, stream = sample id */

/* Sets of packed normals (MckRNGNormalsPacked) in use: a set is shared only by uses at different steps. */
#define MCK_RNG_PACKED_LANGEVIN_NOISE ((PetscInt)0) /* the Langevin push's noise, steps >= 0, stream = particle */
#define MCK_RNG_PACKED_POSITIONS      ((PetscInt)0) /* initial Gaussian positions at MCK_RNG_STEP_INIT */
#define MCK_RNG_PACKED_VELOCITIES     ((PetscInt)1) /* initial Maxwell-Boltzmann velocities at MCK_RNG_STEP_INIT */

/*@C
  MckPhilox4x32_10 - One Philox4x32-10 block: out = Philox(ctr, key) (Salmon et al. 2011, ten
  rounds with the published multipliers and Weyl constants).

  Not Collective

  Input Parameters:
+ ctr - the four counter words
- key - the two key words

  Output Parameter:
. out - the four random words

  Notes:
  Exposed for known-answer tests; the generator's kernels compute the same blocks in vector form.

  Level: developer

.seealso: `MckRNGNormals()`, `MckRNGUniforms()`
@*/
static inline void MckPhilox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; r++) {
    if (r) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const uint64_t p0 = (uint64_t)0xD2511F53u * c0, p1 = (uint64_t)0xCD9E8D57u * c2;
    const uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n1 = (uint32_t)p1;
    const uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1, n3 = (uint32_t)p0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

PETSC_EXTERN PetscErrorCode MckRNGCreate(MPI_Comm comm, MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckRNGSetSeed(MckRNG rng, PetscInt seed);
PETSC_EXTERN PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed);
PETSC_EXTERN PetscErrorCode MckRNGDestroy(MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckRNGReference(MckRNG rng);
PETSC_EXTERN PetscErrorCode MckRNGReplace(MckRNG *kept, MckRNG rng);

/* out[j][i] = normal number (draw0 + j) of stream (stream0 + i) at step, for 0 <= i < n,
 * 0 <= j < ndraws. out is structure-of-arrays: one array of length n per draw. */
PETSC_EXTERN PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
                                          PetscInt ndraws, PetscReal *const out[]);
/* out[d][i] = packed normal number dim (stream0 + i) + d of set at step, for 0 <= i < n, 0 <= d < dim:
 * dim normals per stream at dim/4 of a Philox block each (the mapping is above). */
PETSC_EXTERN PetscErrorCode MckRNGNormalsPacked(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step,
                                                PetscInt set, PetscInt dim, PetscReal *const out[]);
/* Same layout as MckRNGNormals, uniforms in the open interval (0, 1) with 53 random bits. Normals and uniforms come
 * from different Philox blocks, so any draws of both may be taken from one (stream, step). */
PETSC_EXTERN PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
                                           PetscInt ndraws, PetscReal *const out[]);

/* Vectorisable elementary functions used by the normal transform and by the particle layer:
 * plain arithmetic, no libm calls, identical results in vector and scalar code (and whether or
 * not the output aliases the input).
 * MckSinCos2Pi: any finite u (the reduction modulo 1 is exact); absolute error < 2.5e-16
 *   (measured 1.6e-16); exact at multiples of 1/4; NaN for NaN or inf.
 * MckLog: error < 1 ulp (measured 0.83 ulp) for every positive double, subnormals included;
 *   log(0) = -inf, log(x < 0) = NaN, log(inf) = inf. */
PETSC_EXTERN void MckSinCos2Pi(PetscInt n, const PetscReal u[], PetscReal s[], PetscReal c[]); /* sin/cos(2*pi*u) */
PETSC_EXTERN void MckLog(PetscInt n, const PetscReal x[], PetscReal y[]);                      /* natural log, x > 0 */
