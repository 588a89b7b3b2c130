/* Helpers shared by the particles tests: a short Langevin trajectory from the options database,
 * and a bitwise comparison of two of them over all ranks. */
#pragma once
#include <mckean/mcklangevin.h>

/* A copy of the local positions (dim blocks of nlocal) in out, freed by the caller. */
static inline PetscErrorCode TestCopyPositions(MckParticles p, PetscReal **out, PetscInt *nout)
{
  PetscInt          nlocal, dim;
  PetscReal *const *x;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(p, NULL, &dim, &nlocal, NULL));
  PetscCall(MckParticlesGetArrays(p, &x, NULL));
  PetscCall(PetscMalloc1(dim * nlocal, out));
  for (PetscInt a = 0; a < dim; a++) PetscCall(PetscArraycpy(*out + a * nlocal, x[a], nlocal));
  *nout = dim * nlocal;
  PetscFunctionReturn(0);
}

/* nsteps Langevin steps with option set to value (everything else from the options database),
 * the particles and the noise drawn from seed; a copy of the local positions (dim blocks of
 * nlocal) in out, freed by the caller. */
static inline PetscErrorCode TestTrajectory(const char option[], const char value[], PetscInt seed, PetscInt nsteps,
                                            PetscReal **out, PetscInt *nout)
{
  MckParticles p;
  MckLangevin  l;
  MckRNG       rng;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, option, value));
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckLangevinCreate(p, &l));
  PetscCall(MckLangevinSetFromOptions(l));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, seed));
  PetscCall(MckLangevinSetRNG(l, rng));
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesInitialize(p, rng));
  PetscCall(MckLangevinPrepare(l, PETSC_TRUE));
  for (PetscInt s = 0; s < nsteps; s++) PetscCall(MckLangevinStep(l));
  PetscCall(TestCopyPositions(p, out, nout));
  PetscCall(MckLangevinDestroy(&l));
  PetscCall(MckParticlesDestroy(&p));
  PetscCall(MckRNGDestroy(&rng));
  PetscFunctionReturn(0);
}

/* The number of coordinates, summed over all ranks, whose bit patterns differ between a and b
 * (n local coordinates each). */
static inline PetscErrorCode TestCountDiffering(PetscInt n, const PetscReal a[], const PetscReal b[], PetscInt *differ)
{
  PetscFunctionBeginUser;
  *differ = 0;
  for (PetscInt i = 0; i < n; i++) *differ += memcmp(&a[i], &b[i], sizeof(PetscReal)) != 0;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, differ, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}
