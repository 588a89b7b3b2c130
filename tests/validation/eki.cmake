# Validation of mckean-eki: EKI on Darcy reaches the noise level (discrepancy principle) and
# recovers the log-permeability; rank independence; restart.
mck_add_script_test(NAME validation.eki.darcy
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_eki_darcy.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-eki> ${MCK_SOURCE_DIR}/inputs
  LABELS models validation TIMEOUT 180)
