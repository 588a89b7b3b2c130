# scripts/scaling at 1 and 2 ranks on a tiny problem: CSV, PNG and a sane fitted model.
mck_add_script_test(NAME scaling.langevin
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_scaling.py ${MCK_SOURCE_DIR}/scripts/scaling
          $<TARGET_FILE:mckean-langevin> ${MCK_SOURCE_DIR}/tests/slurm/small.yaml
  LABELS scaling TIMEOUT 180 PROCESSORS 2)
set_property(TEST scaling.langevin APPEND PROPERTY ENVIRONMENT "MCKEAN_BUILD=${MCK_BINARY_DIR}")
