# mckean-mfnn: restart continues bitwise, on any rank count, for every dynamics.
mck_add_script_test(NAME validation.mfnn.restart
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_mfnn_restart.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-mfnn>
  LABELS validation learn TIMEOUT 120)
