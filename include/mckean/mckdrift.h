/* The drift plug-in interface of MckLangevin: a drift term is one file plus one register call.
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

typedef struct {
  PetscErrorCode (*setfromoptions)(MckDrift);
  /* register statistic components (MckStatsRegister); may register none */
  PetscErrorCode (*setup)(MckDrift, MckParticles, MckStats);
  PetscErrorCode (*accumulate)(MckDrift, const MckChunk *, MckStats);
  /* add the force on the chunk's particles to F[a][offset + i]; sums = reduced statistics */
  PetscErrorCode (*force)(MckDrift, const MckChunk *, const PetscReal *sums, PetscReal *const *F);
  /* optional, collective: finish the drift's own summary after every chunk was accumulated */
  PetscErrorCode (*combine)(MckDrift, const PetscReal *sums);
  /* optional: one scalar diagnostic from the reduced statistics (e.g. an order parameter) */
  PetscErrorCode (*diagnostic)(MckDrift, const PetscReal *sums, const char **name, PetscReal *value);
  /* record (check = FALSE) or compare (check = TRUE) the settings a checkpoint depends on */
  PetscErrorCode (*config)(MckDrift, MckIO, PetscBool check);
  PetscErrorCode (*view)(MckDrift, PetscViewer);
  PetscErrorCode (*destroy)(MckDrift);
} MckDriftOps;

struct _p_MckDrift {
  MPI_Comm    comm;
  char        name[64];
  MckDriftOps ops;
  void       *data;
  PetscInt64  N;          /* global particle count, for means */
  PetscInt    dim;
};

/* A drift type's constructor fills d->ops and d->data. */
typedef PetscErrorCode (*MckDriftCreateFn)(MckDrift d);
PETSC_EXTERN PetscErrorCode MckDriftRegister(const char name[], MckDriftCreateFn create);

/* Convenience for the commonest user extension, an external potential V: f adds the force
 * -grad V at n points x[a][i] to F[a][i]. The registered drift is called name. */
typedef PetscErrorCode (*MckPotentialForceFn)(PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal *const F[], void *ctx);
PETSC_EXTERN PetscErrorCode MckDriftRegisterPotential(const char name[], MckPotentialForceFn f, void *ctx);

/* The built-in drifts (registered by MckLangevinInitializePackage). */
PETSC_EXTERN PetscErrorCode MckDriftCreate_Harmonic(MckDrift);
PETSC_EXTERN PetscErrorCode MckDriftCreate_DoubleWell(MckDrift);
PETSC_EXTERN PetscErrorCode MckDriftCreate_FourierMeanField(MckDrift);
PETSC_EXTERN PetscErrorCode MckDriftCreate_QuadraticMeanField(MckDrift);
PETSC_EXTERN PetscErrorCode MckDriftCreate_Chemotaxis(MckDrift);
/* Change the strength J of the fourier_meanfield kernel (-mf_strength) of drift d, before or
 * after set-up, e.g. one value per ensemble member. J != 0. */
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldSetStrength(MckDrift d, PetscReal J);
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldGetStrength(MckDrift d, PetscReal *J);
/* The largest mode index K and the number M of active half-modes (after set-up). */
PETSC_EXTERN PetscErrorCode MckDriftFourierMeanFieldGetModes(MckDrift d, PetscInt *K, PetscInt *M);
