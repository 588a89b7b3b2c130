# Validation of the Langevin engine against analytic and exact discrete results.
foreach(case ou quadratic_meanfield kuramoto reproducible)
  mck_add_script_test(NAME validation.langevin.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_${case}.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-langevin>
    LABELS validation TIMEOUT 900)
endforeach()
