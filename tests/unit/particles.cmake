mck_add_executable(test_user_potential ${MCK_TEST_SRC}/test_user_potential.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME particles.user_potential COMMAND $<TARGET_FILE:test_user_potential> RANKS ${np} LABELS unit)
endforeach()
