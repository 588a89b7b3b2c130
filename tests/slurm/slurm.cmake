# mckean-submit against a real SLURM started on localhost by the test (skipped, exit 77, only
# where slurm-wlm and munge are missing or their daemons cannot start).
mck_add_script_test(NAME slurm.submit
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_slurm.py ${MCK_SOURCE_DIR}/scripts/mckean-submit
          ${MCK_MPIEXEC} $<TARGET_FILE:mckean-langevin> ${MCK_TEST_SRC}/small.yaml
  LABELS slurm TIMEOUT 600 PROCESSORS 2)
set_tests_properties(slurm.submit PROPERTIES SKIP_RETURN_CODE 77)
# mckean-submit --dry-run and its errors (no SLURM needed)
mck_add_script_test(NAME slurm.submit_cli
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_submit_cli.py ${MCK_SOURCE_DIR}/scripts/mckean-submit
          $<TARGET_FILE:mckean-langevin> ${MCK_SOURCE_DIR}/inputs/langevin.yaml
  LABELS slurm TIMEOUT 120 PROCESSORS 1)
set_property(TEST slurm.submit_cli APPEND PROPERTY ENVIRONMENT "MCKEAN_BUILD=${MCK_BINARY_DIR}")
