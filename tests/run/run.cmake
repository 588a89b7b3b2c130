# The run layer (src/run): a tiny app built on its public API alone (run_walker_app.c), its
# output at the intervals of its options, a restart that continues the run file bitwise, and
# the refusals of a mistyped or invalid interval option.
mck_add_executable(run_walker_app ${MCK_TEST_SRC}/run_walker_app.c)
mck_add_script_test(NAME run.output
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_run_output.py ${MCK_MPIEXEC} $<TARGET_FILE:run_walker_app>
  LABELS run restart TIMEOUT 120 PROCESSORS 3)
