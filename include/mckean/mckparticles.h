/* MckParticles: a per-rank particle system in structure-of-arrays form (DESIGN.md §1).
 * A PETSc object (options prefix, -particles_view, reference counting) whose state takes part in
 * the checkpoints of an MckRun it is added to.
 *
 * N particles with global ids 0..N-1 are cut into chunks of B consecutive ids; each rank owns a
 * contiguous block of whole chunks, so rank boundaries never split a chunk. Particles never
 * migrate: every rank's sub-ensemble spans the whole domain, and ranks couple only through
 * summary statistics. A chunk is also the unit of reproducible summation: per-chunk partial
 * sums are a function of global ids only, whatever the rank count (see mckstats.h). */
#pragma once
#include <mckean/mckrng.h>
#include <mckean/mckio.h>

#define MCK_MAX_DIM 3

typedef struct _p_MckParticles *MckParticles;
PETSC_EXTERN PetscClassId       MCK_PARTICLES_CLASSID;
/* Registers the particles layer (particles, Langevin dynamics, drifts); called by its constructors. */
PETSC_EXTERN PetscErrorCode MckParticlesInitializePackage(void);

/* A view of one chunk handed to per-chunk kernels. */
typedef struct {
  PetscInt          n;      /* particles in the chunk (B, or fewer in the last chunk) */
  PetscInt          offset; /* index of the chunk's first particle in the local arrays */
  PetscInt64        gstart; /* global id of its first particle */
  PetscInt          dim;
  PetscReal *const *x, *const *v; /* x[a], v[a]: local SoA arrays (not offset) */
} MckChunk;

PETSC_EXTERN PetscErrorCode MckParticlesCreate(MPI_Comm comm, MckParticles *p);
PETSC_EXTERN PetscErrorCode MckParticlesGetComm(MckParticles p, MPI_Comm *comm);
PETSC_EXTERN PetscErrorCode MckParticlesSetSizes(MckParticles p, PetscInt64 N, PetscInt dim);
/* -particles_n, -particles_dim, -particles_chunk_size, -particles_box, -particles_init,
 * -particles_init_mean, -particles_init_std */
PETSC_EXTERN PetscErrorCode MckParticlesSetFromOptions(MckParticles p);
PETSC_EXTERN PetscErrorCode MckParticlesSetMemoryComm(MckParticles p, MPI_Comm comm);
PETSC_EXTERN PetscErrorCode MckParticlesSetUp(MckParticles p);
PETSC_EXTERN PetscErrorCode MckParticlesGetSizes(MckParticles p, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal,
                                                 PetscInt64 *gstart);
PETSC_EXTERN PetscErrorCode MckParticlesGetChunks(MckParticles p, PetscInt *chunk_size, PetscInt *nchunks_local);
PETSC_EXTERN PetscErrorCode MckParticlesGetChunk(MckParticles p, PetscInt c, MckChunk *chunk);
/* Periodic box [0, L[a]) in every dimension, or unbounded (periodic = PETSC_FALSE). */
PETSC_EXTERN PetscErrorCode MckParticlesGetBox(MckParticles p, PetscBool *periodic, const PetscReal **L);
PETSC_EXTERN PetscErrorCode MckParticlesGetArrays(MckParticles p, PetscReal *const **x, PetscReal *const **v);
/* Map positions of the chunk back into the periodic box (no-op when unbounded). */
PETSC_EXTERN PetscErrorCode MckParticlesWrapChunk(MckParticles p, const MckChunk *chunk);
/* Initial positions from -particles_init (gaussian, uniform, point), drawn from rng at step
 * MCK_RNG_STEP_INIT (mckrng.h) so that they never share a counter with the dynamics' noise. */
PETSC_EXTERN PetscErrorCode MckParticlesInitialize(MckParticles p, MckRNG rng);
/* Positions "<group>/x" and velocities "<group>/v", shape (N, dim), in global-id order. */
PETSC_EXTERN PetscErrorCode MckParticlesWrite(MckParticles p, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckParticlesRead(MckParticles p, MckIO io, const char group[]);
/* Append the positions as one snapshot to "<dset>", shape (nsnap, N, dim). */
PETSC_EXTERN PetscErrorCode MckParticlesAppendSnapshot(MckParticles p, MckIO io, const char dset[]);
/* Record / check the settings a checkpoint depends on (see MckIOConfigWrite). */
PETSC_EXTERN PetscErrorCode MckParticlesConfig(MckParticles p, MckIO io, PetscBool check);
PETSC_EXTERN PetscErrorCode MckParticlesView(MckParticles p, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckParticlesDestroy(MckParticles *p);
