# The dmft layer (src/dmft), model scs: reproducibility and the two Cholesky paths (pspin.cmake:
# the pspin model; tests/apps/dmft.cmake: the app, its validation and bad input).

# Bitwise-identical C_x, C_phi, Delta (population and network solvers) on 1, 2, 3 and 4 ranks.
mck_add_executable(test_dmft_reproducible ${MCK_TEST_SRC}/test_dmft_reproducible.c)
mck_add_rank_bitwise_test(NAME dmft.reproducible COMMAND $<TARGET_FILE:test_dmft_reproducible> FILE dmft_bits LABELS dmft TIMEOUT 60)

# LAPACK and MATSCALAPACK Cholesky factors agree; both refuse an indefinite matrix at the same minor.
mck_add_executable(test_dmft_cholesky ${MCK_TEST_SRC}/test_dmft_cholesky.c)
foreach(np 1 3)
  mck_add_mpi_test(NAME dmft.cholesky COMMAND $<TARGET_FILE:test_dmft_cholesky> RANKS ${np} LABELS dmft TIMEOUT 60)
endforeach()
