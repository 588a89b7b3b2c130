# The run layer (src/run): a tiny app built on its public API alone (run_walker_app.c), its
# output at the intervals of its options, a restart that continues the run file bitwise, and
# the refusals of a mistyped or invalid interval option.
mck_add_executable(run_walker_app ${MCK_TEST_SRC}/run_walker_app.c)
mck_add_script_test(NAME run.output
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_run_output.py ${MCK_MPIEXEC} $<TARGET_FILE:run_walker_app>
  LABELS run restart TIMEOUT 120 PROCESSORS 3)
# Checkpoints that do not hold what the run needs (a dataset missing, of another shape or type, an
# attribute of another type, the solver's step or a series' rows changed, a setting or an object
# this run does not have, another app or checkpoint format, a field restarted with another -ts_dt,
# the twin's truth on another grid, a sampler with other features, steps or data): refused in one line naming
# -restart (or the option), nothing written.
foreach(mck_refusal_case dataset_missing dataset_shape dataset_type attribute_type step_mismatch series_rows
        unknown_setting unknown_object other_program format_older format_other)
  mck_add_script_test(NAME run.restart.refuse.${mck_refusal_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_restart_refusals.py --app $<TARGET_FILE:mckean-langevin>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_refusal_case}
    LABELS run restart TIMEOUT 120 PROCESSORS 2)
endforeach()
mck_add_script_test(NAME run.restart.refuse.field_dt
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_restart_refusals.py --app $<TARGET_FILE:mckean-field>
          --mpiexec ${MCK_MPIEXEC} --case field_dt
  LABELS run restart field TIMEOUT 120 PROCESSORS 2)
mck_add_script_test(NAME run.restart.refuse.twin_grid_n
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_restart_refusals.py --app $<TARGET_FILE:mckean-twin>
          --mpiexec ${MCK_MPIEXEC} --case twin_grid_n --deck ${MCK_SOURCE_DIR}/inputs/default.yaml
  LABELS run restart twin TIMEOUT 180 PROCESSORS 2)
mck_add_script_test(NAME run.restart.refuse.gen_data
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_restart_refusals.py --app $<TARGET_FILE:mckean-gen>
          --mpiexec ${MCK_MPIEXEC} --case gen_data
  LABELS run restart gen TIMEOUT 120 PROCESSORS 2)
foreach(mck_refusal_case gen_steps gen_features)
  mck_add_script_test(NAME run.restart.refuse.${mck_refusal_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_restart_refusals.py --app $<TARGET_FILE:mckean-gen>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_refusal_case} --deck ${MCK_SOURCE_DIR}/inputs/gen_interpolant.yaml
    LABELS run restart gen TIMEOUT 120 PROCESSORS 2)
endforeach()
# A refusal at each stage (an option at creation, at set-up, a missing -restart, a checkpoint of
# another configuration) under -malloc_dump: the one error line, no file, and nothing left allocated.
foreach(mck_leak_case langevin:langevin gen:gen_interpolant field:field mv:mv da:da dmft:dmft mfnn:mfnn
                      twin:default)
  string(REPLACE ":" ";" mck_leak_pair ${mck_leak_case})
  list(GET mck_leak_pair 0 mck_leak_app)
  list(GET mck_leak_pair 1 mck_leak_deck)
  mck_add_script_test(NAME run.refusal_leaks.${mck_leak_app}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_refusal_leaks.py --app $<TARGET_FILE:mckean-${mck_leak_app}>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_leak_app} --deck ${MCK_SOURCE_DIR}/inputs/${mck_leak_deck}.yaml
    LABELS run restart cli TIMEOUT 180 PROCESSORS 2)
endforeach()
