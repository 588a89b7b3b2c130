# Install test: install this build tree into a temporary prefix, then build an external program
# against it with find_package(McKean) and with pkg-config, run both on 2 ranks, and run the
# installed app with -help.
mck_add_script_test(NAME install.external
  COMMAND bash ${MCK_TEST_SRC}/test_install.sh
          ${CMAKE_COMMAND} ${MCK_BINARY_DIR} ${MCK_TEST_SRC}/external ${MCK_MPIEXEC} ${CMAKE_C_COMPILER}
          $<$<BOOL:${MCKEAN_BUILD_PYTHON}>:${MCK_PYTHON}>
  LABELS install TIMEOUT 300 PROCESSORS 2)
