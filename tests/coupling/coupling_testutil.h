/* Helpers shared by the coupling tests: a grid and particles on the same periodic box, and a
 * field gathered to rank 0 in natural order. */
#pragma once
#include <mckean/mckdeposit.h>
#include <mckean/mcklangevin.h>

/* A set-up grid of dimension dim, sizes n[], box side L on every axis. */
static inline PetscErrorCode TestGridCreate(PetscInt dim, const PetscInt n[], PetscReal L, MckGrid *g)
{
  PetscReal box[MCK_GRID_MAX_DIM] = {L, L, L};

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, g));
  PetscCall(MckGridSetSizes(*g, dim, n));
  PetscCall(MckGridSetBox(*g, box));
  PetscCall(MckGridSetUp(*g));
  PetscFunctionReturn(0);
}

/* The whole field on rank 0 in natural order (x fastest); *n = 0 elsewhere. The grid's DMDA
 * is split along its last axis only, so its global ordering already is the natural one. */
static inline PetscErrorCode TestGatherNatural(Vec v, PetscReal **out, PetscInt *n)
{
  Vec                all;
  VecScatter         sc;
  const PetscScalar *a;

  PetscFunctionBeginUser;
  PetscCall(VecScatterCreateToZero(v, &sc, &all));
  PetscCall(VecScatterBegin(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, v, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetLocalSize(all, n));
  PetscCall(PetscMalloc1(*n + 1, out));
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(PetscArraycpy(*out, a, *n));
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* Write the bit patterns of v[0..n) as hex, one per line (rank 0; the bitwise-test format). */
static inline PetscErrorCode TestWriteBits(FILE *fp, const char label[], PetscInt n, const PetscReal v[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscFPrintf(PETSC_COMM_WORLD, fp, "%s %" PetscInt_FMT "\n", label, n));
  for (PetscInt i = 0; i < n; i++) {
    uint64_t bits;
    memcpy(&bits, &v[i], sizeof bits);
    PetscCall(PetscFPrintf(PETSC_COMM_WORLD, fp, "%016llx\n", (unsigned long long)bits));
  }
  PetscFunctionReturn(0);
}
