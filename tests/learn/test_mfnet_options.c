/* MckMFNet refuses bad input with PETSC_ERR_USER_INPUT and a message that names the option and
 * the value: negative temperature, unknown activation / teacher / dynamics / objective, sizes
 * and scales out of range, and an option of the other dynamics (caught by the unused-option
 * check, so a cbo setting can never silently be ignored by an mfld run), of umfld with mfld, or
 * of a network (its data, model or training) with cbo on an objective that uses no data. */
#include "mfnet_testutil.h"

int main(int argc, char **argv)
{
  const struct {
    const char *opts, *expect;
  } cases[] = {
      {"-mfnet_temperature -0.5", "-mfnet_temperature -0.5"},
      {"-mfnet_activation sigmoidal", "-mfnet_activation sigmoidal"},
      {"-mfnet_teacher he7", "-mfnet_teacher he7"},
      {"-mfnet_dynamics adam", "-mfnet_dynamics adam"},
      {"-mfnet_dynamics cbo -mfnet_objective ackley", "-mfnet_objective ackley"},
      {"-mfnet_n 0", "-mfnet_n 0"},
      {"-mfnet_batch 0", "-mfnet_batch 0"},
      {"-mfnet_batch 30 -mfnet_minibatch 31", "-mfnet_minibatch 31"},
      {"-mfnet_alpha 0", "-mfnet_alpha 0"},
      {"-mfnet_dt -1", "-mfnet_dt -1"},
      {"-mfnet_lambda -1", "-mfnet_lambda -1"},
      {"-mfnet_dynamics cbo -mfnet_cbo_beta 0", "-mfnet_cbo_beta 0"},
      {"-mfnet_dynamics umfld -mfnet_gamma 0", "-mfnet_gamma 0"},
      {"-mfnet_dynamics mfld -mfnet_cbo_beta 10", "-mfnet_cbo_beta"},
      {"-mfnet_temprature 1", "did you mean -mfnet_temperature"},
      {"-mfnet_dynamics fedavg -mfnet_fedavg_clients 0", "-mfnet_fedavg_clients 0"},
      {"-mfnet_data some.h5 -mfnet_teacher he2", "-mfnet_teacher: has no effect with -mfnet_data some.h5"},
      {"-mfnet_dynamics fedavg -mfnet_batch 5 -mfnet_fedavg_clients 6", "-mfnet_fedavg_clients 6"},
      {"-mfnet_dynamics fedavg -mfnet_fedavg_local_steps 0", "-mfnet_fedavg_local_steps 0"},
      {"-mfnet_dynamics fedavg -mfnet_batch 20 -mfnet_minibatch 5", "-mfnet_minibatch 5"},
      {"-mfnet_dynamics mfld -mfnet_gamma 2", "-mfnet_gamma 2"},
      {"-mfnet_dynamics cbo -mfnet_alpha 2", "-mfnet_alpha 2"},
      {"-mfnet_dynamics cbo -mfnet_temperature 0.1", "-mfnet_temperature 0.1"},
  };
  const int n   = (int)(sizeof(cases) / sizeof(cases[0]));
  int       bad = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (int i = 0; i < n; i++) {
    PetscErrorCode code = 0;
    char           msg[1024], *hit = NULL;
    PetscCall(MfnetTestTrySetUp(cases[i].opts, &code, msg, sizeof(msg)));
    PetscCall(PetscStrstr(msg, cases[i].expect, &hit));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%-46s -> %s%s\n", cases[i].opts,
                          code == PETSC_ERR_USER_INPUT ? "" : "(not a user-input error) ", msg));
    bad += code != PETSC_ERR_USER_INPUT || !hit;
  }
  /* the control: good options pass */
  {
    PetscErrorCode code = 0;
    char           msg[1024];
    PetscCall(MfnetTestTrySetUp("-mfnet_n 16 -mfnet_dim 3 -mfnet_batch 5 -mfnet_temperature 0.1 -mfnet_activation relu",
                                &code, msg, sizeof(msg)));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "good options -> code %d %s\n", (int)code, msg));
    bad += code != 0;
  }
  PetscCall(PetscOptionsClear(NULL));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%d of %d bad inputs were not refused with a clear user-input error", bad, n);
  PetscCall(McKeanFinalize());
  return 0;
}
