/* The pspin model of MckDMFT refuses bad input with PETSC_ERR_USER_INPUT and a message that names the option and
 * the value: p < 3, non-positive temperatures and times, both -pspin_dt and -pspin_steps, an
 * unknown initial condition, and a grid too large for -pspin_max_memory (the message gives the
 * bytes needed); a good set of options sets up. */
#include "pspintest.h"
#include "../mckrefuse.h"

static PetscErrorCode TrySetUp(const char opts[], PetscErrorCode *code, char msg[], size_t len)
{
  MckDMFT ps = NULL;

  PetscFunctionBeginUser;
  PetscCall(PSpinCreateWith(opts, &ps));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  *code = MckDMFTSetFromOptions(ps);
  if (!*code) *code = MckDMFTSetUp(ps);
  PetscCall(PetscPopErrorHandler());
  PetscCall(MckTestErrorText(*code, msg, len));
  PetscCall(MckDMFTDestroy(&ps));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const MckTestRefusal cases[] = {
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

  return MckTestRefusalsMain(argc, argv, TrySetUp, (int)PETSC_STATIC_ARRAY_LENGTH(cases), cases,
                             "-pspin_p 4 -pspin_steps 100 -pspin_init equilibrium -pspin_init_temperature 2");
}
