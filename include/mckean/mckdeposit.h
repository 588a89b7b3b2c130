/* MckDeposit: the particle density on a grid, as a summary statistic (DESIGN.md §1, "field
 * coupling"), and the density estimator that compares particles with a PDE (docs/coupling.md).
 *
 * Cloud-in-cell (CIC, linear) weights on the periodic MckGrid: a particle at x with
 * u_a = x_a / h_a = i_a + f_a (0 <= f_a < 1) gives weight prod_a w_a to the 2^d points
 * i_a + {0, 1} (mod n_a), with w_a = 1 - f_a or f_a. The result is a probability density:
 * rho_i = (sum of weights at point i) / (N h_1 ... h_d), so that sum_i rho_i h^d = 1.
 *
 * Reproducibility. Each axis weight is rounded once to a multiple of 2^-32 (w_a(1) =
 * rne(f_a 2^32), w_a(0) = 2^32 - w_a(1), so a particle's weights still sum to exactly 1) and the
 * product of a point's d weights is an exact integer below 2^(32 d) + 1. These integers are
 * counted exactly (MckCounts, the stats layer: 128-bit integers), a function of the particle
 * alone; integer addition is associative, so the deposited counts do not depend on the rank
 * count or on the order of the particles, and the integer total is exactly N 2^(32 d) (mass
 * exactly 1). Each point's count is rounded to double once. The CIC weights are thereby
 * quantised by 2^-32 per axis (relative 2.3e-10), far below any sampling error. N up to 2^30
 * particles in 3D (2^62 in 1D).
 *
 * Communication. Every rank's particles span the whole box, so each rank deposits into a
 * full-size local buffer of integer counts (16 bytes per grid point), and one MPI_Reduce_scatter
 * (with the exact integer sum as its op) leaves each rank the total of its own FFTW slab, i.e.
 * the local part of the grid's DMDA: per step 16 G bytes sent per rank (G grid points), the
 * size of the grid, independent of N. Work: 2^d weights per particle plus one pass over the
 * G-point buffer to clear it.
 *
 * Estimator. The density estimate of the particles is the deposit smoothed by a Gaussian kernel
 * of width b (MckDepositSetBandwidth; b = 0: the bare CIC density); a PDE density rho is seen
 * through the same estimator by its expectation, rho convolved with the CIC tent and the kernel
 * (MckDepositExpectation), so that the L1 distance of the two (MckDepositCompare) measures
 * the particles' sampling and propagation-of-chaos error, not the estimator's smoothing bias.
 * MckLangevinCheckFokkerPlanck refuses, before any comparison, particles and a PDE that do not
 * solve one problem (friction, temperature, box).
 *
 * A PETSc object (class MCK_DEPOSIT_CLASSID of the particles layer; reference counted). */
#pragma once
#include <mckean/mckfield.h>
#include <mckean/mcklangevin.h>

typedef struct _p_MckDeposit *MckDeposit;
PETSC_EXTERN PetscClassId     MCK_DEPOSIT_CLASSID;
PETSC_EXTERN PetscLogEvent    MCK_EVENT_DepositAdd, MCK_EVENT_DepositReduce;

PETSC_EXTERN PetscErrorCode MckParticlesCreateGrid(MckParticles p, PetscInt n, const char prefix[], MckGrid *g);
PETSC_EXTERN PetscErrorCode MckDepositCreate(MckGrid g, MckDeposit *dep);
PETSC_EXTERN PetscErrorCode MckDepositBegin(MckDeposit dep);
PETSC_EXTERN PetscErrorCode MckDepositAddChunk(MckDeposit dep, const MckChunk *c);
PETSC_EXTERN PetscErrorCode MckDepositEnd(MckDeposit dep, PetscInt64 N, Vec rho);
PETSC_EXTERN PetscErrorCode MckDepositParticles(MckDeposit dep, MckParticles p, Vec rho);
PETSC_EXTERN PetscErrorCode MckDepositGetMass(MckDeposit dep, PetscReal *mass);
PETSC_EXTERN PetscErrorCode MckDepositDistanceL1(MckDeposit dep, Vec a, Vec b, PetscReal *l1);
PETSC_EXTERN PetscErrorCode MckDepositExpectation(MckDeposit dep, MckGridSymbolFn smooth, void *ctx, Vec rho, Vec out);
/* the estimator */
PETSC_EXTERN PetscErrorCode MckDepositSetBandwidth(MckDeposit dep, PetscReal bandwidth);
PETSC_EXTERN PetscErrorCode MckDepositGetBandwidth(MckDeposit dep, PetscReal *bandwidth);
PETSC_EXTERN PetscErrorCode MckDepositEstimate(MckDeposit dep, MckParticles p, Vec estimate);
PETSC_EXTERN PetscErrorCode MckDepositEstimateExpected(MckDeposit dep, Vec rho, Vec expected);
PETSC_EXTERN PetscErrorCode MckDepositCompare(MckDeposit dep, MckParticles p, Vec rho, PetscReal *l1);
PETSC_EXTERN PetscErrorCode MckDepositGetEstimates(MckDeposit dep, Vec *estimate, Vec *expected);
PETSC_EXTERN PetscErrorCode MckDepositAppendEstimates(MckDeposit dep, MckIO io, const char estimate[],
                                                      const char expected[]);
PETSC_EXTERN PetscErrorCode MckLangevinCheckFokkerPlanck(MckLangevin l, MckField f);
PETSC_EXTERN PetscErrorCode MckLangevinCreateFokkerPlanck(MckLangevin l, PetscInt n, const char prefix[], MckField *f);
PETSC_EXTERN PetscErrorCode MckDepositGetMessageBytes(MckDeposit dep, PetscInt64 *bytes);
PETSC_EXTERN PetscErrorCode MckDepositView(MckDeposit dep, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckDepositDestroy(MckDeposit *dep);
