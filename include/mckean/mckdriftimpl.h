/* The drift plug-in interface: what a drift type of MckLangevin implements. A new drift is one
 * file with a constructor that fills d->ops and d->data, registered by name with
 * MckDriftRegister (src/particles/drifts/ has the built-in ones; a user's file may live anywhere).
 * See include/mckean/mckdrift.h for the order in which a step calls the operations. */
#pragma once
#include <mckean/mckdrift.h>
#include <mckean/mckfourier.h>
#include <petsc/private/petscimpl.h>

typedef struct {
  /* read the type's options; its options carry the Langevin object's prefix */
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
  PETSCHEADER(MckDriftOps);
  MPI_Comm    comm; /* the particles' communicator */
  const char *name; /* the type name, as in -lgv_drifts */
  void       *data; /* the type's own state */
  PetscInt64  N;    /* global particle count, for means */
  PetscInt    dim;
};

/* The chunk's rows of the particles' positions, x[a] = c->x[a] + c->offset for a < c->dim, and
 * the same rows of the force arrays F in f (F and f may be NULL): what a force op works on. */
PETSC_EXTERN void MckDriftChunkRows(const MckChunk *c, PetscReal *const *F, const PetscReal *x[], PetscReal *f[]);
/* The chunk's particles as the points of a Fourier-mode helper (mckfourier.h). */
PETSC_EXTERN PetscErrorCode MckDriftChunkFourierPoints(const MckChunk *c, MckFourier fourier);
