/* For the tests that bad input is refused: a table of option sets, each with a piece of text the
 * message must contain, tried one by one by the test's own set-up function; a case passes when
 * the set-up fails with PETSC_ERR_USER_INPUT and PETSc's message for it contains the text.
 * Header only. */
#pragma once
#include <mckean/mckean.h>

typedef struct {
  const char *opts, *expect;
} MckTestRefusal;

/* Sets an object up from opts alone; code is its error (0 for none) and msg PETSc's message. */
typedef PetscErrorCode (*MckTestTryFn)(const char opts[], PetscErrorCode *code, char msg[], size_t len);

/* PETSc's message for code (empty for 0), for a set-up run under PetscReturnErrorHandler. */
static inline PetscErrorCode MckTestErrorText(PetscErrorCode code, char msg[], size_t len)
{
  const char *text;
  char       *specific = NULL;

  PetscFunctionBeginUser;
  msg[0] = 0;
  if (code) PetscCall(PetscErrorMessage(code, &text, &specific));
  if (specific) PetscCall(PetscStrncpy(msg, specific, len));
  PetscFunctionReturn(0);
}

/* main() of a refusal test: every case must be refused as a user-input error that names it, and
 * the control good (NULL for none) must set up without error. */
static inline int MckTestRefusalsMain(int argc, char **argv, MckTestTryFn try_setup, int n,
                                      const MckTestRefusal cases[], const char good[])
{
  PetscErrorCode code = 0;
  char           msg[1024];
  int            bad = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (int i = 0; i < n; i++) {
    char *hit = NULL;

    PetscCall(try_setup(cases[i].opts, &code, msg, sizeof(msg)));
    PetscCall(PetscStrstr(msg, cases[i].expect, &hit));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%-55s -> %s%s\n", cases[i].opts,
                          code == PETSC_ERR_USER_INPUT ? "" : "(not a user-input error) ", msg));
    bad += code != PETSC_ERR_USER_INPUT || !hit;
  }
  if (good) {
    PetscCall(try_setup(good, &code, msg, sizeof(msg)));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "good options -> code %d %s\n", (int)code, msg));
    bad += code != 0;
  }
  PetscCall(PetscOptionsClear(NULL));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%d of %d cases wrong: a bad input not refused with a user-input error naming it, or the good one refused",
             bad, n + (good != NULL));
  PetscCall(McKeanFinalize());
  return 0;
}
