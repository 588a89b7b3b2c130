# The particles layer (src/particles): user potentials and integrators added from outside the
# library, bitwise against the built-in ones.
mck_add_executable(test_user_potential ${MCK_TEST_SRC}/test_user_potential.c)
mck_add_executable(test_external_integrator ${MCK_TEST_SRC}/test_external_integrator.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME particles.user_potential COMMAND $<TARGET_FILE:test_user_potential> RANKS ${np} LABELS unit)
  mck_add_mpi_test(NAME particles.external_integrator COMMAND $<TARGET_FILE:test_external_integrator> RANKS ${np} LABELS unit)
endforeach()
