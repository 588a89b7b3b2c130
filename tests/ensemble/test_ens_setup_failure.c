/* An ensemble whose set-up fails partway -- here at its last step, the smoother's check that the
 * analysis is a global transform, after the members, the analysis storage and the statistics
 * are made -- frees everything when it is destroyed: this rank's PetscMalloc() usage (counted
 * under -malloc_debug) is the same after MckEnsembleDestroy() as before MckEnsembleCreate(),
 * byte for byte, for members with arrays of their own (blocks, on 2 or more ranks) and members
 * wrapping the analysis rows (replicated, redundant), on callbacks and on Lorenz-96's DMDA. A
 * good set-up runs first, so that what PETSc and McKean make once per process (class and type
 * registrations) is not counted. A second set-up after the failed one is refused (PETSC_ERR_ORDER)
 * without making the first attempt's allocations again. Run with -malloc_dump too: PETSc then lists at PetscFinalize()
 * whatever was left. */
#include "enstest.h"

static PetscErrorCode Ensemble(const char opts[], PetscBool model_driven, PetscErrorCode *setup)
{
  MckEnsemble    ens;
  MckModel       model = NULL;
  MPI_Comm       mcomm;
  PetscErrorCode again;

  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  if (model_driven) {
    PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
    PetscCall(MckModelCreate(mcomm, &model));
    PetscCall(MckModelSetFromOptions(model));
    PetscCall(MckModelSetUp(model));
    PetscCall(MckEnsembleSetModel(ens, model));
  } else {
    PetscCall(MckEnsembleSetSizes(ens, 96, 0));
    PetscCall(MckEnsembleSetAdvance(ens, EnsTestIdentity, NULL));
  }
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  *setup = MckEnsembleSetUp(ens);
  again  = MckEnsembleSetUp(ens);
  PetscCall(PetscPopErrorHandler());
  /* a second set-up after a failed one is refused before it allocates anything again; after a good one, a no-op */
  PetscCheck(again == (*setup ? PETSC_ERR_ORDER : 0), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s: a second MckEnsembleSetUp() after %s gave error %d, expected %d", opts,
             *setup ? "a failed one" : "a good one", (int)again, *setup ? (int)PETSC_ERR_ORDER : 0);
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&model));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunCase(const char layout[], PetscBool model_driven)
{
  const char    *model = model_driven ? "-model_type lorenz96 -l96_n 96" : "";
  char           good[256], bad[256];
  PetscLogDouble before, after;
  PetscErrorCode setup;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(good, sizeof(good), "-ens_size 12 -ens_analysis etkf -ens_layout %s %s", layout, model));
  PetscCall(PetscSNPrintf(bad, sizeof(bad), "-ens_size 12 -ens_analysis letkf -ens_smoother_lag 2 -ens_layout %s %s",
                          layout, model));
  PetscCall(Ensemble(good, model_driven, &setup));
  PetscCheck(!setup, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s: the set-up failed (error %d)", good, (int)setup);
  PetscCall(PetscMallocGetCurrentUsage(&before));
  PetscCall(Ensemble(bad, model_driven, &setup));
  PetscCall(PetscMallocGetCurrentUsage(&after));
  PetscCheck(setup == PETSC_ERR_USER_INPUT, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s: the set-up should fail at the smoother's check (error %d, not %d)", bad, (int)PETSC_ERR_USER_INPUT,
             (int)setup);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%-9s %-9s: a failed set-up left %.0f bytes (rank 0)\n", layout,
                        model_driven ? "lorenz96" : "callbacks", after - before));
  PetscCheck(after == before, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "%s: the ensemble whose set-up failed left %.0f bytes allocated after MckEnsembleDestroy()", bad,
             after - before);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *layouts[] = {"blocks", "replicated", "redundant"};

  PetscFunctionBeginUser;
  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestRequireMallocDebug());
  for (size_t l = 0; l < sizeof(layouts) / sizeof(layouts[0]); l++)
    for (int model_driven = 0; model_driven < 2; model_driven++) {
      if (!strcmp(layouts[l], "redundant") && !model_driven) continue; /* a layout of model-driven members */
      PetscCall(RunCase(layouts[l], (PetscBool)model_driven));
    }
  PetscCall(EnsTestOptions(""));
  PetscCall(McKeanFinalize());
  return 0;
}
