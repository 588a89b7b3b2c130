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

/* The whole field on rank 0 in natural order (x fastest), *out allocated there (NULL elsewhere
 * is fine: the length is 0). */
static inline PetscErrorCode TestGatherNatural(MckGrid g, Vec v, PetscReal **out, PetscInt *n)
{
  DM                 da;
  Vec                nat, all;
  VecScatter         sc;
  const PetscScalar *a;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(DMDACreateNaturalVector(da, &nat));
  PetscCall(DMDAGlobalToNaturalBegin(da, v, INSERT_VALUES, nat));
  PetscCall(DMDAGlobalToNaturalEnd(da, v, INSERT_VALUES, nat));
  PetscCall(VecScatterCreateToZero(nat, &sc, &all));
  PetscCall(VecScatterBegin(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetLocalSize(all, n));
  PetscCall(PetscMalloc1(*n + 1, out));
  PetscCall(VecGetArrayRead(all, &a));
  PetscCall(PetscArraycpy(*out, a, *n));
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&all));
  PetscCall(VecDestroy(&nat));
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
