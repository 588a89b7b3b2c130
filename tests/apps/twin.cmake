# The mckean-twin app (apps/mckean-twin.c): the coupled twin experiment.
# The coupled twin experiment (mckean-twin): posterior, bitwise ranks, restart.
foreach(case posterior ranks restart)
  mck_add_script_test(NAME twin.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_twin.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-twin>
            ${MCK_SOURCE_DIR}/inputs/default.yaml ${case}
    LABELS twin TIMEOUT 600)
endforeach()

# CLI tests of bad input to mckean-twin (cases in test_twin_cli.py; "ok" and "help" are the
# positive controls), on the default deck made small.
foreach(mck_cli_case truth_negative truth_three_values noise_zero strength_given temperature_given fp_temperature_given
        option_misspelt obs_times_not_multiple obs_times_decreasing sensors_truncation analysis_unknown
        restart_missing ok help help_no_deck help_misspelt grid_box_mismatch)
  mck_add_script_test(NAME cli.twin.${mck_cli_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_twin_cli.py --app $<TARGET_FILE:mckean-twin> --mpiexec ${MCK_MPIEXEC}
            --deck ${MCK_SOURCE_DIR}/inputs/default.yaml --case ${mck_cli_case}
    LABELS cli twin TIMEOUT 60 PROCESSORS 2)
endforeach()
