# The particles layer (src/particles): user potentials and integrators added from outside the
# library, bitwise against the built-in ones.
mck_add_executable(test_user_potential ${MCK_TEST_SRC}/test_user_potential.c)
mck_add_executable(test_external_integrator ${MCK_TEST_SRC}/test_external_integrator.c)
target_include_directories(test_external_integrator PRIVATE ${MCK_SOURCE_DIR}/bench)
foreach(np 1 2)
  mck_add_mpi_test(NAME particles.user_potential COMMAND $<TARGET_FILE:test_user_potential> RANKS ${np} LABELS unit)
  mck_add_mpi_test(NAME particles.external_integrator COMMAND $<TARGET_FILE:test_external_integrator> RANKS ${np} LABELS unit)
endforeach()
# Objects keep a reference to their generator: the caller may destroy its own after handing it over.
mck_add_executable(test_rng_reference ${MCK_TEST_SRC}/test_rng_reference.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME particles.rng_reference COMMAND $<TARGET_FILE:test_rng_reference> RANKS ${np} LABELS unit)
endforeach()
# The distributed resampler: counts within one of N w, moved data the ancestors', unbiased,
# and bitwise the same particles on 1-4 ranks.
mck_add_executable(test_resample ${MCK_TEST_SRC}/test_resample.c)
mck_add_rank_bitwise_test(NAME particles.resample COMMAND $<TARGET_FILE:test_resample> FILE resample LABELS unit)
