/* MckDeposit: the particle density on a grid, as a summary statistic (DESIGN.md §1, "field
 * coupling"; issue 3).
 *
 * Cloud-in-cell (CIC, linear) weights on the periodic MckGrid: a particle at x with
 * u_a = x_a / h_a = i_a + f_a (0 <= f_a < 1) gives weight prod_a w_a to the 2^d points
 * i_a + {0, 1} (mod n_a), with w_a = 1 - f_a or f_a. The result is a probability density:
 * rho_i = (sum of weights at point i) / (N h_1 ... h_d), so that sum_i rho_i h^d = 1.
 *
 * Reproducibility. Each axis weight is rounded once to a multiple of 2^-32 (w_a(1) =
 * rne(f_a 2^32), w_a(0) = 2^32 - w_a(1), so a particle's weights still sum to exactly 1) and the
 * product of a point's d weights is an exact integer below 2^(32 d) + 1. These integers are
 * accumulated in 128-bit integers, a function of the particle alone; integer addition is
 * associative, so the deposited counts do not depend on the rank count or on the order of the
 * particles, and the integer total is exactly N 2^(32 d) (mass exactly 1). Each point's count is
 * rounded to double once. The CIC weights are thereby quantised by 2^-32 per axis (relative
 * 2.3e-10), far below any sampling error. N up to 2^30 particles in 3D (2^62 in 1D).
 *
 * Communication. Every rank's particles span the whole box, so each rank deposits into a
 * full-size local buffer of integer counts (16 bytes per grid point), and one MPI_Reduce_scatter
 * (with the exact integer sum as its op) leaves each rank the total of its own FFTW slab, i.e.
 * the local part of the grid's DMDA: per step 16 G bytes sent per rank (G grid points), the
 * size of the grid, independent of N. Work: 2^d weights per particle plus one pass over the
 * G-point buffer to clear it. */
#pragma once
#include <mckean/mckgrid.h>
#include <mckean/mckparticles.h>

typedef struct _p_MckDeposit *MckDeposit;

/* g must be set up. Allocates the local buffer (16 bytes per grid point). Collective. */
PETSC_EXTERN PetscErrorCode MckDepositCreate(MckGrid g, MckDeposit *dep);
/* Clear the local counts. Not collective. */
PETSC_EXTERN PetscErrorCode MckDepositBegin(MckDeposit dep);
/* Add the chunk's particles (positions in [0, L) per axis, as MckParticlesWrapChunk leaves
 * them; the grid's box). Not collective, allocates nothing. */
PETSC_EXTERN PetscErrorCode MckDepositAddChunk(MckDeposit dep, const MckChunk *c);
/* Combine all ranks' counts (one MPI_Reduce_scatter) and write the density of N particles into
 * rho, a global Vec of the grid. Collective. */
PETSC_EXTERN PetscErrorCode MckDepositEnd(MckDeposit dep, PetscInt64 N, Vec rho);
/* Begin, every local chunk of p, End: the density of all particles of p. Checks that the
 * particles' periodic box equals the grid's (user error naming -particles_box and -grid_L). */
PETSC_EXTERN PetscErrorCode MckDepositParticles(MckDeposit dep, MckParticles p, Vec rho);
/* The mass of the last MckDepositEnd(), computed exactly from the integer counts (one small
 * collective): exactly 1 unless a particle was lost. */
PETSC_EXTERN PetscErrorCode MckDepositGetMass(MckDeposit dep, PetscReal *mass);
/* The L1 distance h^d sum_i |a_i - b_i| of two grid Vecs (e.g. a deposited and a PDE density),
 * summed reproducibly: per plane of the slab axis in a fixed order, planes added exactly
 * (MckStats), so the value is bitwise the same on any rank count. Collective. */
PETSC_EXTERN PetscErrorCode MckDepositDistanceL1(MckDeposit dep, Vec a, Vec b, PetscReal *l1);
/* out = the expectation of the deposit of particles drawn from the density rho, optionally
 * seen through a further smoothing kernel: the cloud-in-cell weights act as the convolution
 * with the tent of width h per axis, symbol prod_a sinc^2(k_a h_a / 2) (exact for rho band-limited
 * below the grid's Nyquist modes). smooth (may be NULL) multiplies the symbol. out and rho may
 * alias. Collective. */
PETSC_EXTERN PetscErrorCode MckDepositExpectation(MckDeposit dep, MckGridSymbolFn smooth, void *ctx, Vec rho, Vec out);
/* Bytes one MckDepositEnd() sends per rank. */
PETSC_EXTERN PetscErrorCode MckDepositGetMessageBytes(MckDeposit dep, PetscInt64 *bytes);
PETSC_EXTERN PetscErrorCode MckDepositDestroy(MckDeposit *dep);
