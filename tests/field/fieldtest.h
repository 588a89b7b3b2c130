/* Helpers shared by the field tests: build a field on a programmatic grid. */
#pragma once
#include <mckean/mckfield.h>

#define CHECK_TEST(cond, ...) PetscCheck(cond, PETSC_COMM_WORLD, PETSC_ERR_PLIB, __VA_ARGS__)

/* A periodic grid of dim axes with n points and side L each (set up). */
static inline PetscErrorCode TestGrid(PetscInt dim, PetscInt n, PetscReal L, MckGrid *g)
{
  PetscInt  nn[3] = {n, n, n};
  PetscReal LL[3] = {L, L, L};

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, g));
  PetscCall(MckGridSetSizes(*g, dim, nn));
  PetscCall(MckGridSetBox(*g, LL));
  PetscCall(MckGridSetUp(*g));
  PetscFunctionReturn(0);
}

/* A field of the given type on grid g (options may still override its settings). */
static inline PetscErrorCode TestField(MckGrid g, MckFieldType type, MckField *f)
{
  PetscFunctionBeginUser;
  PetscCall(MckFieldCreate(PETSC_COMM_WORLD, f));
  PetscCall(MckFieldSetGrid(*f, g));
  PetscCall(MckFieldSetType(*f, type));
  PetscFunctionReturn(0);
}

/* Write n doubles as hexadecimal bit patterns (one per line) to path, on rank 0. */
static inline PetscErrorCode TestWriteBits(const char path[], PetscInt n, const PetscReal v[])
{
  FILE *fp;

  PetscFunctionBeginUser;
  PetscCall(PetscFOpen(PETSC_COMM_WORLD, path, "w", &fp));
  for (PetscInt i = 0; i < n; i++) {
    union {
      double   d;
      uint64_t u;
    } b;
    b.d = v[i];
    PetscCall(PetscFPrintf(PETSC_COMM_WORLD, fp, "%016llx  %.17g\n", (unsigned long long)b.u, v[i]));
  }
  PetscCall(PetscFClose(PETSC_COMM_WORLD, fp));
  PetscFunctionReturn(0);
}
