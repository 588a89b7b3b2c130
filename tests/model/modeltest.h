/* Shared by the model tests: one line per check, "ok  " or "FAIL" before what was checked. */
#pragma once
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
