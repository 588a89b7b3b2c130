# The coupled twin experiment (mckean-twin): posterior, bitwise ranks, restart.
foreach(case posterior ranks restart)
  mck_add_script_test(NAME twin.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_twin.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-twin>
            ${MCK_SOURCE_DIR}/inputs/default.yaml ${case}
    LABELS twin TIMEOUT 600)
endforeach()
