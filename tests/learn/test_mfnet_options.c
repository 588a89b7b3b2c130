/* MckMFNet refuses bad input with PETSC_ERR_USER_INPUT and a message that names the option and
 * the value: negative temperature, unknown activation / teacher / dynamics / objective, sizes
 * and scales out of range, and an option of the other dynamics (caught by the unused-option
 * check, so a cbo setting can never silently be ignored by an mfld run), of umfld with mfld, or
 * of a network (its data, model or training) with cbo on an objective that uses no data. */
#include "mfnet_testutil.h"

int main(int argc, char **argv)
{
  const MckTestRefusal cases[] = {
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
  return MckTestRefusalsMain(argc, argv, MfnetTestTrySetUp, (int)PETSC_STATIC_ARRAY_LENGTH(cases), cases,
                             "-mfnet_n 16 -mfnet_dim 3 -mfnet_batch 5 -mfnet_temperature 0.1 -mfnet_activation relu");
}
