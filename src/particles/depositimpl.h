/* Private to the particles layer: the MckDeposit object, shared by the cloud-in-cell deposit
 * (deposit.c) and the estimator that compares particles with a PDE (compare.c). */
#pragma once
#include <mckean/mckdeposit.h>
#include <mckean/mckcounts.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>

#define MCK_DEPOSIT_BITS 32 /* fractional bits of one axis weight */

struct _p_MckDeposit {
  PETSCHEADER(int);
  MPI_Comm   comm;
  MckGrid    grid;
  PetscInt   dim, n[MCK_GRID_MAX_DIM];
  PetscReal  L[MCK_GRID_MAX_DIM], invh[MCK_GRID_MAX_DIM], cellvolume;
  PetscInt   G, nown;            /* grid points; points of this rank's slab */
  PetscInt64 N;                  /* particles of the last MckDepositEnd() */
  MckCounts  exact;              /* the weights, counted exactly */
  MckCount  *counts;             /* its full-grid local copy, natural order (x fastest): this rank's particles */
  PetscReal  bandwidth;          /* the estimator's Gaussian kernel width (0: none) */
  Vec        estimate, expected; /* the last MckDepositCompare(): the particles' estimate, the density's expectation */
  MckStats   l1;                 /* reproducible sum of the L1 distance */
};

/* deposit.c: the grid on the particles' periodic box and of their dimension, or a user error */
PETSC_INTERN PetscErrorCode MckParticlesCheckGrid(MckParticles p, MckGrid g);
