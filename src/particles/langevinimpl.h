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
PETSC_INTERN PetscErrorCode MckLangevinComposeRunMethods(MckLangevin);
/* drift.c: one drift term of l, of the type named in -lgv_drifts */
PETSC_INTERN PetscErrorCode MckDriftCreate(MckLangevin l, const char type[], MckDrift *d);
PETSC_INTERN PetscErrorCode MckDriftDestroy(MckDrift *d);
