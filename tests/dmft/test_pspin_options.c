/* The pspin model of MckDMFT refuses bad input with PETSC_ERR_USER_INPUT and a message that names the option and
 * the value: p < 3, non-positive temperatures and times, both -pspin_dt and -pspin_steps, an
 * unknown initial condition, and a grid too large for -pspin_max_memory (the message gives the
 * bytes needed). */
#include "pspintest.h"

static PetscErrorCode TrySetUp(const char opts[], PetscErrorCode *code, char msg[], size_t len)
{
  MckDMFT     ps       = NULL;
  char       *specific = NULL;
  const char *text;

  PetscFunctionBeginUser;
  PetscCall(PSpinCreateWith(opts, &ps));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  *code = MckDMFTSetFromOptions(ps);
  if (!*code) *code = MckDMFTSetUp(ps);
  PetscCall(PetscPopErrorHandler());
  msg[0] = 0;
  if (*code) {
    PetscCall(PetscErrorMessage(*code, &text, &specific));
    PetscCall(PetscStrncpy(msg, specific ? specific : "", len));
  }
  PetscCall(MckDMFTDestroy(&ps));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const struct {
    const char *opts, *expect;
  } cases[] = {
      {"-pspin_p 2", "-pspin_p 2"},
      {"-pspin_temperature 0", "-pspin_temperature 0"},
      {"-pspin_temperature -1", "-pspin_temperature -1"},
      {"-pspin_tmax -3", "-pspin_tmax -3"},
      {"-pspin_dt 0", "-pspin_dt 0"},
      {"-pspin_steps 0", "-pspin_steps 0"},
      {"-pspin_dt 0.1 -pspin_steps 10", "give one of them"},
      {"-pspin_init hot", "-pspin_init hot"},
      {"-pspin_init equilibrium -pspin_init_temperature -2", "-pspin_init_temperature -2"},
      {"-pspin_steps 100000", "need 160003200016 bytes"},
      {"-pspin_steps 2000 -pspin_max_memory 1e6", "-pspin_max_memory 1000000"},
  };
  const int n   = (int)(sizeof(cases) / sizeof(cases[0]));
  int       bad = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (int i = 0; i < n; i++) {
    PetscErrorCode code = 0;
    char           msg[1024], *hit = NULL;
    PetscCall(TrySetUp(cases[i].opts, &code, msg, sizeof(msg)));
    if (code == PETSC_ERR_USER_INPUT) PetscCall(PetscStrstr(msg, cases[i].expect, &hit));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%-55s -> %s [%s]\n", cases[i].opts, msg, hit ? "ok" : "WRONG"));
    if (!hit) bad++;
  }
  PetscCall(PetscOptionsClear(NULL));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%d of %d bad inputs were not refused with a message naming them",
             bad, n);
  PetscCall(McKeanFinalize());
  return 0;
}
