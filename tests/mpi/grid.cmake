# MckGrid (src/grid): slab-aligned DMDA and FFTW-MPI spectral operators.

# Analytic checks of every operator in 1D, 2D and 3D on 1-4 ranks.
mck_add_executable(test_grid_spectral ${MCK_TEST_SRC}/test_grid_spectral.c)
foreach(np 1 2 3 4)
  mck_add_mpi_test(NAME grid.spectral COMMAND $<TARGET_FILE:test_grid_spectral> RANKS ${np} LABELS mpi TIMEOUT 60)
endforeach()

# DMDA ownership = FFTW's slab for many sizes; sizes FFTW cannot split are user errors.
mck_add_executable(test_grid_layout ${MCK_TEST_SRC}/test_grid_layout.c)
foreach(np 1 2 3 4)
  mck_add_mpi_test(NAME grid.layout COMMAND $<TARGET_FILE:test_grid_layout> RANKS ${np} LABELS mpi TIMEOUT 60)
endforeach()

# The same answers on 1-4 ranks: 1 rank writes the reference, 2-4 ranks compare with it
# (1D bitwise; 2D/3D to 1e-13, FFTW-MPI's local batches depend on the rank count).
mck_add_executable(test_grid_ranks ${MCK_TEST_SRC}/test_grid_ranks.c)
mck_add_mpi_test(NAME grid.ranks.write COMMAND $<TARGET_FILE:test_grid_ranks> write grid_ranks.ref.bin RANKS 1 LABELS mpi TIMEOUT 60)
set_tests_properties(grid.ranks.write.np1 PROPERTIES FIXTURES_SETUP grid_ranks_ref)
foreach(np 2 3 4)
  mck_add_mpi_test(NAME grid.ranks.compare COMMAND $<TARGET_FILE:test_grid_ranks> compare grid_ranks.ref.bin RANKS ${np} LABELS mpi TIMEOUT 60)
  set_tests_properties(grid.ranks.compare.np${np} PROPERTIES FIXTURES_REQUIRED grid_ranks_ref)
endforeach()

# 2D transforms from FFTW's row plans and the grid's own transposes: FFTW-MPI's bits, 1-4 ranks.
mck_add_executable(test_grid_slabfft ${MCK_TEST_SRC}/test_grid_slabfft.c)
foreach(np 1 2 3 4)
  mck_add_mpi_test(NAME grid.slabfft COMMAND $<TARGET_FILE:test_grid_slabfft> RANKS ${np} LABELS mpi TIMEOUT 60)
endforeach()
mck_add_mpi_test(NAME grid.slabfft_fftw COMMAND $<TARGET_FILE:test_grid_slabfft> -grid_transpose fftw RANKS 2 LABELS mpi TIMEOUT 60)
