/* Drift terms of MckLangevin: a drift term is one file plus one register call
 * (the implementation interface: include/mckean/mckdriftimpl.h).
 *
 * Every step, for the positions just produced by the integrator:
 *   1. accumulate: each drift adds its summary statistics for one chunk (partial sums over the
 *      chunk's particles in a fixed order) with MckStatsAdd at the offset it registered;
 *   2. one MckStatsReduce combines all drifts' statistics over all ranks;
 *   3. force: each drift adds its force for one chunk, reading the reduced statistics.
 * Drifts without statistics (external potentials) implement only force. A drift whose summary
 * is not a plain sum of per-particle terms (a density deposited on a grid and a field solved
 * from it) implements combine: a collective called once per step, on every rank, between 2
 * and 3; the engine then never fuses the passes over the chunks. */
#pragma once
#include <mckean/mckparticles.h>
#include <mckean/mckstats.h>

typedef struct _p_MckDrift *MckDrift;
PETSC_EXTERN PetscClassId   MCK_DRIFT_CLASSID;

/* The built-in drift types, by the names -lgv_drifts takes. */
#define MCKDRIFT_HARMONIC            "harmonic"
#define MCKDRIFT_DOUBLE_WELL         "double_well"
#define MCKDRIFT_FOURIER_MEANFIELD   "fourier_meanfield"
#define MCKDRIFT_QUADRATIC_MEANFIELD "quadratic_meanfield"
#define MCKDRIFT_CHEMOTAXIS          "chemotaxis"

/* A drift type's constructor fills d->ops and d->data (the implementation interface is
 * include/mckean/mckdriftimpl.h). */
typedef PetscErrorCode (*MckDriftCreateFn)(MckDrift d);
PETSC_EXTERN PetscErrorCode MckDriftRegister(const char name[], MckDriftCreateFn create);
/* The registry of drift types (built-in and registered), read only. */
PETSC_EXTERN PetscErrorCode MckDriftGetList(PetscFunctionList *list);

/* Convenience for the commonest user extension, an external potential V: f adds the force
 * -grad V at n points x[a][i] to F[a][i]. The registered drift is called name. */
typedef PetscErrorCode (*MckPotentialForceFn)(PetscInt dim, PetscInt n, const PetscReal *const x[],
                                              PetscReal *const F[], void *ctx);
PETSC_EXTERN PetscErrorCode MckDriftRegisterPotential(const char name[], MckPotentialForceFn f, void *ctx);

/* The drift's type name, as given in -lgv_drifts. */
PETSC_EXTERN PetscErrorCode MckDriftGetType(MckDrift d, const char **type);
PETSC_EXTERN PetscErrorCode MckDriftView(MckDrift d, PetscViewer viewer);
/* Change the strength J of the fourier_meanfield kernel (-mf_strength) of drift d, before or
 * after set-up, e.g. one value per ensemble member. J != 0. */
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldSetStrength(MckDrift d, PetscReal J);
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldGetStrength(MckDrift d, PetscReal *J);
/* The largest mode index K and the number M of active half-modes (after set-up). */
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldGetModes(MckDrift d, PetscInt *K, PetscInt *M);
