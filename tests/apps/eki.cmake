# The mckean-eki app (apps/mckean-eki.c, the inverse twin experiment of src/ensemble/twin.c).
# CLI tests of bad input to mckean-eki (cases in test_eki_cli.py; "ok" and "help" are the
# positive controls).
set(mck_eki_cli_cases
  noise_zero tau_below_one model_dynamical model_unknown analysis_filter eks_with_tau
  darcy_sensors_too_many option_misspelt analysis_option_unused model_option_unused restart_config_mismatch ok help help_no_deck help_misspelt)
foreach(mck_cli_case IN LISTS mck_eki_cli_cases)
  mck_add_script_test(NAME cli.eki.${mck_cli_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_eki_cli.py
            --app $<TARGET_FILE:mckean-eki> --mpiexec ${MCK_MPIEXEC} --case ${mck_cli_case}
    LABELS models cli TIMEOUT 60 PROCESSORS 2)
endforeach()

# Validation of mckean-eki: EKI on Darcy reaches the noise level (discrepancy principle) and
# recovers the log-permeability; rank independence; restart.
mck_add_script_test(NAME validation.eki.darcy
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_eki_darcy.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-eki> ${MCK_SOURCE_DIR}/inputs
  LABELS models validation TIMEOUT 180)
