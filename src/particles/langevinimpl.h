/* Private state of MckLangevin, shared by the engine and its integrator files. */
#pragma once
#include <mckean/mcklangevin.h>

#define MCK_MAX_DRIFTS 8

typedef enum { MCK_SCHEDULE_CONSTANT, MCK_SCHEDULE_LINEAR, MCK_SCHEDULE_EXPONENTIAL } MckSchedule;

struct _p_MckLangevin {
  MPI_Comm         comm;
  MckParticles     p;
  MckRNG           rng;
  MckStats         stats; /* the drifts' summary statistics: one collective per step */
  MckStats         diag;  /* diagnostics, reduced only when a row is recorded */
  PetscInt         diag_mean, diag_sq, diag_v2;
  char             integrator[64];
  MckIntegratorOps integ;
  PetscInt         ndrifts;
  MckDrift         drifts[MCK_MAX_DRIFTS];
  PetscReal        dt, gamma, mass;
  MckSchedule      schedule;
  PetscReal        T0, T1, tau;
  PetscInt64       step, nsteps;
  PetscReal       *F[MCK_MAX_DIM];     /* forces at the current positions */
  PetscReal       *noise[MCK_MAX_DIM]; /* one chunk of normals */
  PetscBool        setup;
};

PETSC_INTERN PetscErrorCode MckIntegratorCreate_EulerMaruyama(MckLangevin, MckIntegratorOps *);
PETSC_INTERN PetscErrorCode MckIntegratorCreate_BAOAB(MckLangevin, MckIntegratorOps *);
/* Standard normals (draws 0..dim-1) at this step for the chunk's particles s .. s+n-1 into
 * l->noise[a][s .. s+n-1]. Integrators call it per sub-block of MCK_NOISE_SUBBLOCK particles,
 * right before updating them: the noise is computed while those particles' streams arrive. */
#define MCK_NOISE_SUBBLOCK 64
PETSC_INTERN PetscErrorCode MckLangevinChunkNoise(MckLangevin l, const MckChunk *c, PetscInt64 step, PetscInt s, PetscInt n);
