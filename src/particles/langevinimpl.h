/* Private state of MckLangevin, shared by the engine and its built-in integrator files. */
#pragma once
#include <mckean/mcklangevin.h>
#include <mckean/mckdriftimpl.h>
#include <mckean/mcktyped.h>

#define MCK_MAX_DRIFTS 8

typedef enum { MCK_SCHEDULE_CONSTANT, MCK_SCHEDULE_LINEAR, MCK_SCHEDULE_EXPONENTIAL } MckSchedule;

struct _p_MckLangevin {
  PETSCHEADER(MckIntegratorOps);
  void        *data; /* the integrator type's state */
  MPI_Comm     comm;
  MckParticles p;
  MckRNG       rng;
  MckStats     stats; /* the drifts' summary statistics: one collective per step */
  MckStats     diag;  /* diagnostics, reduced only when a row is recorded */
  PetscInt     diag_mean, diag_sq, diag_v2;
  PetscInt     ndrifts;
  MckDrift     drifts[MCK_MAX_DRIFTS];
  PetscReal    dt, gamma, mass;
  MckSchedule  schedule;
  PetscReal    T0, T1, tau;
  PetscInt64   step, nsteps;
  PetscReal   *F[MCK_MAX_DIM];     /* forces at the current positions */
  PetscReal   *noise[MCK_MAX_DIM]; /* one chunk of normals */
  PetscBool    setup;
};

PETSC_INTERN PetscFunctionList MckLangevinList, MckDriftList;
PETSC_INTERN PetscErrorCode    MckIntegratorCreate_EulerMaruyama(MckLangevin, MckIntegratorOps *, void **);
PETSC_INTERN PetscErrorCode    MckIntegratorCreate_BAOAB(MckLangevin, MckIntegratorOps *, void **);
PETSC_INTERN PetscErrorCode    MckDriftCreate_Harmonic(MckDrift);
PETSC_INTERN PetscErrorCode    MckDriftCreate_DoubleWell(MckDrift);
PETSC_INTERN PetscErrorCode    MckDriftCreate_FourierMeanField(MckDrift);
PETSC_INTERN PetscErrorCode    MckDriftCreate_QuadraticMeanField(MckDrift);
PETSC_INTERN PetscErrorCode    MckDriftCreate_Chemotaxis(MckDrift);
/* langevindiag.c */
PETSC_INTERN PetscErrorCode MckLangevinSetUpDiagnostics(MckLangevin);
/* langevinrun.c: the stepping and checkpoint methods a run calls */
PETSC_INTERN const MckStepperOps    MckLangevinStepper;
PETSC_INTERN const MckCheckpointOps MckLangevinCheckpoint;
/* drift.c: one drift term of l, of the type named in -lgv_drifts */
PETSC_INTERN PetscErrorCode MckDriftCreate(MckLangevin l, const char type[], MckDrift *d);
PETSC_INTERN PetscErrorCode MckDriftDestroy(MckDrift *d);

/* The update of n particles of a chunk, from index off of the local arrays, with their noise
 * xi[a][0..n) and the integrator's coefficients of the step. */
typedef void (*MckNoiseBlockFn)(const MckChunk *c, PetscReal *const F[], PetscInt off, PetscInt n,
                                PetscReal *const xi[], const PetscReal coef[]);

/* A built-in integrator's move of one chunk: the noise of each sub-block of
 * MCK_LANGEVIN_NOISE_BLOCK particles is generated just before its update, inside the pass over
 * the chunk: it never makes a pass over memory of its own (how much of the step is memory, and
 * why prefetching the next sub-block during the noise does not pay: docs/performance.md,
 * section 0). (Inline, so that block is called directly.) */
static inline PetscErrorCode MckLangevinMoveByNoiseBlocks(MckLangevin l, const MckChunk *c, PetscInt64 step,
                                                          MckNoiseBlockFn block, const PetscReal coef[])
{
  PetscFunctionBeginUser;
  for (PetscInt i0 = 0; i0 < c->n; i0 += MCK_LANGEVIN_NOISE_BLOCK) {
    const PetscInt    n = PetscMin(MCK_LANGEVIN_NOISE_BLOCK, c->n - i0);
    PetscReal *const *xi;

    PetscCall(MckLangevinChunkNoiseRange(l, c, step, i0, n, &xi));
    block(c, l->F, c->offset + i0, n, xi, coef);
  }
  PetscFunctionReturn(0);
}
