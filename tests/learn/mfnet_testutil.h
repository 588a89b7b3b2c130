/* Helpers shared by the MckMFNet tests (header only). */
#pragma once
#include <mckean/mckmfnet.h>
#include "../mckrefuse.h"

/* A network set up from opts alone (the options database is cleared first). */
static inline PetscErrorCode MfnetTestMake(const char opts[], MckMFNet *net)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, net));
  PetscCall(MckMFNetSetFromOptions(*net));
  PetscCall(MckMFNetSetUp(*net));
  PetscFunctionReturn(0);
}

/* Set up a network with opts (and check for unused options); return the error code and PETSc's
 * message for it (empty without error). */
static inline PetscErrorCode MfnetTestTrySetUp(const char opts[], PetscErrorCode *code, char msg[], size_t len)
{
  MckMFNet net = NULL;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  *code = MckMFNetSetFromOptions(net);
  if (!*code) *code = MckMFNetSetUp(net);
  if (!*code) *code = McKeanOptionsCheckUnused(PETSC_COMM_WORLD);
  PetscCall(PetscPopErrorHandler());
  PetscCall(MckTestErrorText(*code, msg, len));
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

typedef PetscErrorCode (*MfnetTestCheck)(PetscInt *bad);

/* main() of a test made of checks that count their failures. */
static inline int MfnetTestMain(int argc, char **argv, const char what[], PetscInt n, const MfnetTestCheck checks[])
{
  PetscInt bad = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (PetscInt i = 0; i < n; i++) PetscCall(checks[i](&bad));
  PetscCall(PetscOptionsClear(NULL));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " %s check(s) failed", bad, what);
  PetscCall(McKeanFinalize());
  return 0;
}
