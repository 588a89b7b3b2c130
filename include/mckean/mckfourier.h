/* MckFourier: the Fourier modes of a periodic box and their phases at a block of points, for
 * every summary statistic made of Fourier moments (the particle drifts fourier_meanfield and
 * chemotaxis, the density sensors of mcksensors.h): one enumeration, one rounding.
 *
 * Modes. On the box [0, L_0) x ... (d = 1, 2, 3 axes) mode n has the wave vector
 * k_n = 2 pi n / L per axis. The half set of |n_a| <= K is the n != 0 whose first non-zero
 * index is positive, in the order of the index vector counted with the last axis fastest;
 * pairing n with -n, a real statistic needs only these: M = ((2K+1)^d - 1) / 2 modes.
 *
 * Phases. exp(i k_n . x_j) for the points x_j of a block: one sincos(2 pi u) per point and axis
 * with u = x_a * (1 / L_a) (MckSinCos2Pi), the powers p_m = p_{m-1} p_1 for m = 2..K by complex
 * products (no sin/cos per mode), and the product over the axes in axis order, with
 * exp(-i m t) = conj(exp(i m t)) for a negative index. Every operation is per point, so a
 * point's phases do not depend on the block it sits in or its place there: sums over a chunk
 * of particles or a grid line built from them are reproducible (mckstats.h).
 *
 * Not a PETSc object: a per-rank table and its scratch, used inside per-chunk kernels (not
 * collective, nothing allocated after MckFourierCreate). Cost per point: d sincos, 4 (K - 1) d
 * multiplications for the powers, 4 (d - 1) per mode. */
#pragma once
#include <mckean/mckgrid.h>

typedef struct _n_MckFourier *MckFourier;

PETSC_EXTERN PetscErrorCode MckFourierCreate(PetscInt dim, const PetscReal L[], PetscInt K, PetscInt block,
                                             MckFourier *f);
PETSC_EXTERN PetscErrorCode MckFourierGetModes(MckFourier f, PetscInt *M, const PetscInt **n,
                                               const PetscReal *const **k);
PETSC_EXTERN PetscErrorCode MckFourierFindMode(MckFourier f, const PetscInt n[], PetscInt *m);
PETSC_EXTERN PetscErrorCode MckFourierSetPoints(MckFourier f, PetscInt npoints, const PetscReal *const x[]);
PETSC_EXTERN PetscErrorCode MckFourierPhase(MckFourier f, const PetscInt n[], PetscReal cr[], PetscReal ci[]);
PETSC_EXTERN PetscErrorCode MckFourierDestroy(MckFourier *f);
