/* MckLangevin: Langevin dynamics of a per-rank particle system with drifts registered by name.
 *
 *   overdamped (euler_maruyama):  dX = F(X, mu) / gamma dt + sqrt(2 T(t) / gamma) dW
 *   underdamped (baoab):          dX = V dt,  m dV = F(X, mu) dt - gamma m V dt + sqrt(2 gamma m T(t)) dW
 *
 * F = sum of the drift terms given by -lgv_drifts; mu is the empirical measure of all N
 * particles on all ranks, seen only through summary statistics (one collective per step). */
#pragma once
#include <mckean/mckdrift.h>

typedef struct _p_MckLangevin *MckLangevin;

/* Integrators registered by name (-lgv_integrator). An integrator advances one step in two
 * passes over the chunks: "move" (before the collective) and "finish" (after the forces at the
 * new positions are known). */
typedef struct {
  PetscErrorCode (*move)(MckLangevin, const MckChunk *, PetscInt64 step);
  PetscErrorCode (*finish)(MckLangevin, const MckChunk *);
  PetscBool needs_velocities;
} MckIntegratorOps;
typedef PetscErrorCode (*MckIntegratorCreateFn)(MckLangevin, MckIntegratorOps *);
PETSC_EXTERN PetscErrorCode MckLangevinRegisterIntegrator(const char name[], MckIntegratorCreateFn create);
PETSC_EXTERN PetscErrorCode MckLangevinInitializePackage(void);

PETSC_EXTERN PetscErrorCode MckLangevinCreate(MckParticles p, MckLangevin *l);
/* -lgv_integrator, -lgv_dt, -lgv_steps, -lgv_gamma, -lgv_mass, -lgv_temperature,
 * -lgv_temperature_schedule, -lgv_temperature_final, -lgv_temperature_tau, -lgv_drifts */
PETSC_EXTERN PetscErrorCode MckLangevinSetFromOptions(MckLangevin l);
PETSC_EXTERN PetscErrorCode MckLangevinSetRNG(MckLangevin l, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckLangevinSetUp(MckLangevin l);
/* Initial velocities (Maxwell-Boltzmann at T(0) for underdamped integrators) and the forces at
 * the current positions; call after the positions are set (fresh start or restart). */
PETSC_EXTERN PetscErrorCode MckLangevinPrepare(MckLangevin l, PetscBool fresh);
PETSC_EXTERN PetscErrorCode MckLangevinStep(MckLangevin l);
PETSC_EXTERN PetscErrorCode MckLangevinGetStep(MckLangevin l, PetscInt64 *step, PetscInt64 *nsteps);
PETSC_EXTERN PetscErrorCode MckLangevinSetStep(MckLangevin l, PetscInt64 step);
PETSC_EXTERN PetscErrorCode MckLangevinGetTime(MckLangevin l, PetscReal *t);
PETSC_EXTERN PetscErrorCode MckLangevinGetTemperature(MckLangevin l, PetscReal t, PetscReal *T);
/* A constant temperature T > 0, replacing the options' schedule (e.g. one per ensemble member). */
PETSC_EXTERN PetscErrorCode MckLangevinSetTemperature(MckLangevin l, PetscReal T);
/* The drift term called name in -lgv_drifts, or NULL if there is none. */
PETSC_EXTERN PetscErrorCode MckLangevinGetDrift(MckLangevin l, const char name[], MckDrift *d);
PETSC_EXTERN PetscErrorCode MckLangevinGetParticles(MckLangevin l, MckParticles *p);
PETSC_EXTERN PetscErrorCode MckLangevinGetParameters(MckLangevin l, PetscReal *dt, PetscReal *gamma, PetscReal *mass);
PETSC_EXTERN PetscErrorCode MckLangevinGetForces(MckLangevin l, PetscReal *const **F);
/* The drifts' summary statistics (reduced once per step), after set-up: for their size and
 * message bytes (MckStatsGetSize, MckStatsGetMessageBytes). */
PETSC_EXTERN PetscErrorCode MckLangevinGetStats(MckLangevin l, MckStats *stats);
/* Diagnostics of the current state (one reproducible collective): the series columns are
 * t, T, mean_a, var_a (a < dim), kinetic temperature (underdamped; else 0), and one column per
 * drift that provides a diagnostic. */
PETSC_EXTERN PetscErrorCode MckLangevinCreateSeries(MckLangevin l, MckSeries *s);
/* Append one row to s; *diag_name / *diagnostic: the headline number for a progress line (the
 * last drift diagnostic, else var_0). */
PETSC_EXTERN PetscErrorCode MckLangevinRecord(MckLangevin l, MckSeries s, const char **diag_name, PetscReal *diagnostic);
PETSC_EXTERN PetscErrorCode MckLangevinConfig(MckLangevin l, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckLangevinView(MckLangevin l, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckLangevinDestroy(MckLangevin *l);
