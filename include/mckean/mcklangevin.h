/* MckLangevin: Langevin dynamics of a per-rank particle system with drifts registered by name.
 *
 *   overdamped (euler_maruyama):  dX = F(X, mu) / gamma dt + sqrt(2 T(t) / gamma) dW
 *   underdamped (baoab):          dX = V dt,  m dV = F(X, mu) dt - gamma m V dt + sqrt(2 gamma m T(t)) dW
 *
 * F = sum of the drift terms given by -lgv_drifts; mu is the empirical measure of all N
 * particles on all ranks, seen only through summary statistics (one collective per step).
 *
 * The integrator is the object's type (-lgv_integrator, MckLangevinSetType): a type is one file
 * with a constructor registered by MckLangevinRegister, written against this header alone (the
 * accessors below give it the parameters, the forces and the chunk's noise). An MckLangevin is a
 * solver an MckRun can advance, and takes part in its checkpoints (its step; the particles are
 * an object of their own). */
#pragma once
#include <mckean/mckdrift.h>

typedef struct _p_MckLangevin *MckLangevin;
PETSC_EXTERN PetscClassId      MCK_LANGEVIN_CLASSID;
PETSC_EXTERN PetscLogEvent     MCK_EVENT_DriftForce, MCK_EVENT_Integrate;

typedef const char *MckLangevinType;
#define MCKLANGEVIN_EULER_MARUYAMA "euler_maruyama"
#define MCKLANGEVIN_BAOAB          "baoab"

/* What an integrator type implements. A step makes two passes over the chunks: "move" (before
 * the collective that gives the statistics of the new positions) and "finish" (after the forces
 * at the new positions are known; may be NULL). setfromoptions, setup, view and destroy are
 * optional; data is the type's own state (MckLangevinGetTypeData). */
typedef struct {
  PetscErrorCode (*setfromoptions)(MckLangevin, PetscOptionItems *);
  PetscErrorCode (*setup)(MckLangevin);
  PetscErrorCode (*move)(MckLangevin, const MckChunk *, PetscInt64 step);
  PetscErrorCode (*finish)(MckLangevin, const MckChunk *);
  PetscErrorCode (*view)(MckLangevin, PetscViewer);
  PetscErrorCode (*destroy)(MckLangevin);
  PetscBool needs_velocities;
} MckIntegratorOps;
/* A type's constructor: fill *ops, and set *data (NULL if the type keeps no state). */
typedef PetscErrorCode (*MckLangevinCreateFn)(MckLangevin l, MckIntegratorOps *ops, void **data);
PETSC_EXTERN PetscErrorCode MckLangevinRegister(const char name[], MckLangevinCreateFn create);

PETSC_EXTERN PetscErrorCode MckLangevinCreate(MckParticles p, MckLangevin *l);
PETSC_EXTERN PetscErrorCode MckLangevinCreateFromOptions(MPI_Comm comm, MckRNG rng, MckParticles *p, MckLangevin *l);
PETSC_EXTERN PetscErrorCode MckLangevinSetType(MckLangevin l, MckLangevinType type);
PETSC_EXTERN PetscErrorCode MckLangevinGetType(MckLangevin l, MckLangevinType *type);
PETSC_EXTERN PetscErrorCode MckLangevinSetOptionsPrefix(MckLangevin l, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckLangevinSetFromOptions(MckLangevin l);
PETSC_EXTERN PetscErrorCode MckLangevinSetRNG(MckLangevin l, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckLangevinSetUp(MckLangevin l);
PETSC_EXTERN PetscErrorCode MckLangevinPrepare(MckLangevin l, PetscBool fresh);
PETSC_EXTERN PetscErrorCode MckLangevinStep(MckLangevin l);
PETSC_EXTERN PetscErrorCode MckLangevinGetStep(MckLangevin l, PetscInt64 *step, PetscInt64 *nsteps);
PETSC_EXTERN PetscErrorCode MckLangevinSetStep(MckLangevin l, PetscInt64 step);
PETSC_EXTERN PetscErrorCode MckLangevinGetTime(MckLangevin l, PetscReal *t);
PETSC_EXTERN PetscErrorCode MckLangevinGetTemperature(MckLangevin l, PetscReal t, PetscReal *T);
PETSC_EXTERN PetscErrorCode MckLangevinSetTemperature(MckLangevin l, PetscReal T);
PETSC_EXTERN PetscErrorCode MckLangevinGetDrift(MckLangevin l, const char name[], MckDrift *d);
PETSC_EXTERN PetscErrorCode MckLangevinGetParticles(MckLangevin l, MckParticles *p);
PETSC_EXTERN PetscErrorCode MckLangevinGetParameters(MckLangevin l, PetscReal *dt, PetscReal *gamma, PetscReal *mass);
PETSC_EXTERN PetscErrorCode MckLangevinGetForces(MckLangevin l, PetscReal *const **F);
PETSC_EXTERN PetscErrorCode MckLangevinGetStatisticsSize(MckLangevin l, PetscInt *nstats);
/* The drifts' summary statistics (reduced once per step), after set-up: for their message bytes
 * (MckStatsGetMessageBytes). */
PETSC_EXTERN PetscErrorCode MckLangevinGetStats(MckLangevin l, MckStats *stats);
/* for integrator types; MCK_LANGEVIN_NOISE_BLOCK: particles per noise sub-block of a move (its
 * noise, 3 x 64 doubles, and its streams stay in L1) */
#define MCK_LANGEVIN_NOISE_BLOCK 64
PETSC_EXTERN PetscErrorCode MckLangevinChunkNoise(MckLangevin l, const MckChunk *c, PetscInt64 step,
                                                  PetscReal *const **noise);
PETSC_EXTERN PetscErrorCode MckLangevinChunkNoiseRange(MckLangevin l, const MckChunk *c, PetscInt64 step, PetscInt i0,
                                                       PetscInt n, PetscReal *const **noise);
PETSC_EXTERN PetscErrorCode MckLangevinGetTypeData(MckLangevin l, void **data);
/* diagnostics */
PETSC_EXTERN PetscErrorCode MckLangevinCreateSeries(MckLangevin l, MckSeries *s);
PETSC_EXTERN PetscErrorCode MckLangevinRecord(MckLangevin l, MckSeries s, const char **diag_name,
                                              PetscReal *diagnostic);
PETSC_EXTERN PetscErrorCode MckLangevinConfig(MckLangevin l, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckLangevinView(MckLangevin l, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckLangevinDestroy(MckLangevin *l);
