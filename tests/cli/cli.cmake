# CLI tests of bad input to mckean-langevin (DESIGN.md §3: a user mistake is one message naming
# the option, the value and what is allowed; no output file is left behind). One ctest per case;
# "ok" and "help" are the positive controls. The cases are defined in test_bad_input.py.
set(mck_cli_cases
  dt_zero dt_negative temperature_nonpositive integrator_unknown drift_unknown
  option_misspelt option_unknown output_unwritable dim_4 restart_missing
  restart_config_mismatch fourier_no_box deck_key_twice deck_not_mapping
  output_path_long log_view_true log_view_forms log_view_env_unset deck_list_merge deck_names_deck
  nested_deck_key_twice deck_key_case deck_nested_flat options_file_loop deck_merge_after_key deck_merge_list_order
  deck_merge_first petsc_finalize_options ok help help_large)
foreach(mck_cli_case IN LISTS mck_cli_cases)
  mck_add_script_test(NAME cli.langevin.${mck_cli_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_bad_input.py
            --app $<TARGET_FILE:mckean-langevin> --mpiexec ${MCK_MPIEXEC} --case ${mck_cli_case}
    LABELS cli TIMEOUT 120 PROCESSORS 2)
endforeach()

# The bad-input table: 170 command lines with one mistake each, over the apps, one rank, two at a
# time; passes when every case is refused in one line naming the option and value, leaving no file.
mck_add_script_test(NAME cli.table
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_cli_table.py --bindir $<TARGET_FILE_DIR:mckean-langevin>
  LABELS cli TIMEOUT 600 PROCESSORS 2)

# scripts/run.sh plots the run file its extra options name with -output, not an earlier run's.
mck_add_script_test(NAME cli.run_script.output COMMAND bash ${MCK_TEST_SRC}/test_output_arg.sh ${MCK_SOURCE_DIR}
  LABELS cli TIMEOUT 30 PROCESSORS 1)

# A bad option through scripts/run.sh is one error line and a non-zero exit, with no MPI banner after it;
# a missing app and a signal are one line each from mckean_mpiexec (scripts/env.sh).
mck_add_script_test(NAME cli.run_script.errors
  COMMAND bash ${MCK_TEST_SRC}/test_run_script_errors.sh ${MCK_SOURCE_DIR} ${CMAKE_BINARY_DIR}
  LABELS cli TIMEOUT 120 PROCESSORS 2)

# The Python scripts' account of a failed job keeps the app's line and mpiexec's report of a signal,
# without Open MPI's banners about the failure (scripts/mckean_mpi.py).
mck_add_script_test(NAME cli.mpi_banners
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_mpi_banners.py ${MCK_SOURCE_DIR} ${MCK_MPIEXEC}
  LABELS cli TIMEOUT 60 PROCESSORS 2)

# -help with a deck sized for many nodes, per app (mckean-submit's check on a login node): seconds
# and the memory of a small run, typos still refused; and a valid job too large for a node of
# 2 GiB per app family: one line with the bytes, nothing written; -help with a training-data file
# (test_bad_input.py, HELP_LARGE, TOO_LARGE, HELP_DATA_FILE).
foreach(mck_case IN ITEMS help_large_field:field help_large_field_3d:field help_large_da:da
                          help_large_da_allen_cahn:da help_large_eki:eki
                          help_large_eki_darcy:eki help_large_twin:twin help_large_dmft:dmft
                          help_large_dmft_population:dmft help_large_dmft_steps:dmft
                          help_large_dmft_network:dmft help_large_mfnn:mfnn help_large_gen:gen
                          too_large_field:field too_large_ensemble:da too_large_ensemble_groups:da too_large_twin:twin
                          too_large_twin_groups:twin too_large_dmft:dmft
                          too_large_learn:mfnn too_large_gen:gen too_large_darcy:eki
                          help_data_file_gen:gen help_data_file_mfnn:mfnn)
  string(REPLACE ":" ";" mck_pair ${mck_case})
  list(GET mck_pair 0 mck_name)
  list(GET mck_pair 1 mck_app)
  mck_add_script_test(NAME cli.${mck_app}.${mck_name}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_bad_input.py
            --app $<TARGET_FILE:mckean-${mck_app}> --mpiexec ${MCK_MPIEXEC} --case ${mck_name}
    LABELS cli TIMEOUT 180 PROCESSORS 2)
endforeach()
