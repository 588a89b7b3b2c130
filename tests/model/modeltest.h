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

/* RK4's temporal order on a model: the state at a fixed time (state(dt, &x): a new vector) with
 * steps dt0, dt0/2, dt0/4 against one with dt0/refine; each of the two observed orders
 * log2(e_k / e_{k+1}) must be 4 within 0.3 (the asymptotic regime, not a statistical bound). */
static inline PetscErrorCode ModelTestRK4Order(const char what[], PetscErrorCode (*state)(PetscReal, Vec *),
                                               PetscReal dt0, PetscInt refine, PetscInt *fails)
{
  PetscReal err[3];
  Vec       ref, x;

  PetscFunctionBeginUser;
  PetscCall(state(dt0 / refine, &ref));
  for (int k = 0; k < 3; k++) {
    PetscCall(state(dt0 / (1 << k), &x));
    PetscCall(VecAXPY(x, -1.0, ref));
    PetscCall(VecNorm(x, NORM_INFINITY, &err[k]));
    PetscCall(VecDestroy(&x));
  }
  for (int k = 0; k < 2; k++) {
    const PetscReal order = PetscLog2Real(err[k] / err[k + 1]);
    const PetscBool ok    = PetscAbsReal(order - 4) < 0.3 ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(ok, fails, "%s RK4: error %.3e (dt %g) -> %.3e: order %.3f\n", what, (double)err[k],
                             (double)(dt0 / (1 << k)), (double)err[k + 1], (double)order));
  }
  PetscCall(VecDestroy(&ref));
  PetscFunctionReturn(0);
}

/* A model test's checks, each counting its failures in *fails. */
typedef PetscErrorCode (*ModelTestFn)(PetscInt *fails);

/* The main of a model test: with an argument, the state after the test's fixed steps is written
 * to that path (writebits; the rank-count bitwise comparison); without, every check of tests[]
 * (ended by NULL) runs, then the options named in clear[] (ended by NULL; may be NULL) are
 * cleared, as the checks set them in the options database; any failure is an error. */
static inline PetscErrorCode ModelTestMain(int argc, char **argv, PetscErrorCode (*writebits)(const char[]),
                                           const ModelTestFn tests[], const char *const clear[])
{
  PetscInt fails = 0;

  PetscFunctionBeginUser;
  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  if (argc > 1) PetscCall(writebits(argv[argc - 1]));
  else
    for (const ModelTestFn *t = tests; *t; t++) PetscCall((*t)(&fails));
  for (const char *const *o = clear; o && *o; o++) PetscCall(PetscOptionsClearValue(NULL, *o));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " check(s) failed", fails);
  PetscCall(McKeanFinalize());
  PetscFunctionReturn(0);
}
