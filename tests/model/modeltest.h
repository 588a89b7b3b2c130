/* Shared by the model tests: one line per check, "ok  " or "FAIL" before what was checked. */
#pragma once
#include "../mckbits.h"
#include <mckean/mckmodel.h>
#include <stdarg.h>

/* Prints "ok    <what>" or "FAIL  <what>" on rank 0 (what formatted from fmt as by PetscPrintf)
 * and counts a failure in *fails. */
static inline PetscErrorCode ModelTestCheck(PetscBool ok, PetscInt *fails, const char fmt[], ...)
{
  char    what[512];
  size_t  len;
  va_list ap;

  PetscFunctionBeginUser;
  va_start(ap, fmt);
  PetscCall(PetscVSNPrintf(what, sizeof(what), fmt, &len, ap));
  va_end(ap);
  if (!ok) (*fails)++;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s  %s", ok ? "ok  " : "FAIL", what));
  PetscFunctionReturn(0);
}

/* For the rank-count bitwise tests: the bit patterns of a state vector, one value a line in
 * global order, written to path by rank 0 (each rank holds a contiguous block of the global
 * order, as the models' state vectors do). */
static inline PetscErrorCode ModelTestWriteBits(Vec x, const char path[])
{
  const PetscReal *a;
  PetscInt         N, nlocal;
  FILE            *fp = NULL;

  PetscFunctionBeginUser;
  PetscCall(VecGetSize(x, &N));
  PetscCall(VecGetLocalSize(x, &nlocal));
  if (!PetscGlobalRank) {
    fp = fopen(path, "w");
    PetscCheck(fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", path);
  }
  PetscCall(VecGetArrayRead(x, &a));
  PetscCall(MckTestWriteBits(PetscObjectComm((PetscObject)x), fp, N, nlocal, 1, (PetscReal *const *)&a));
  PetscCall(VecRestoreArrayRead(x, &a));
  if (fp) fclose(fp);
  PetscFunctionReturn(0);
}
