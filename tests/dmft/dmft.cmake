# The dmft layer (src/dmft, apps/mckean-dmft.c): reproducibility, the two Cholesky paths,
# validation against analytic and independent results, and bad input.

# Bitwise-identical C_x, C_phi, Delta (population and network solvers) on 1, 2, 3 and 4 ranks.
mck_add_executable(test_dmft_reproducible ${MCK_TEST_SRC}/test_dmft_reproducible.c)
mck_add_rank_bitwise_test(NAME dmft.reproducible COMMAND $<TARGET_FILE:test_dmft_reproducible> FILE dmft_bits LABELS dmft TIMEOUT 60)

# LAPACK and MATSCALAPACK Cholesky factors agree; both refuse an indefinite matrix at the same minor.
mck_add_executable(test_dmft_cholesky ${MCK_TEST_SRC}/test_dmft_cholesky.c)
foreach(np 1 3)
  mck_add_mpi_test(NAME dmft.cholesky COMMAND $<TARGET_FILE:test_dmft_cholesky> RANKS ${np} LABELS dmft TIMEOUT 60)
endforeach()

# Validation (test_dmft_validation.py states each assertion and its k-sigma).
foreach(case quiescent chaos agree finite_n)
  mck_add_script_test(NAME dmft.validation.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_dmft_validation.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-dmft> ${case}
    LABELS dmft TIMEOUT 300)
endforeach()

# Bad input to mckean-dmft: one message naming option, value and what is allowed; no file.
foreach(case g_zero g_negative steps_memory network_memory not_positive_definite activation_unknown solver_unknown stationary_noise model_unknown checkpoint_not_iterative
             unused_solver_option unused_model_option ok help)
  mck_add_script_test(NAME dmft.cli.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_dmft_cli.py --app $<TARGET_FILE:mckean-dmft> --mpiexec ${MCK_MPIEXEC} --case ${case}
    LABELS dmft TIMEOUT 120 PROCESSORS 2)
endforeach()

# The small deck runs, and the plot script draws its output next to a stationary-theory run.
mck_add_mpi_test(NAME dmft.deck_small COMMAND $<TARGET_FILE:mckean-dmft> -options_file_yaml ${MCK_SOURCE_DIR}/inputs/dmft-small.yaml -output dmft_deck.h5 RANKS 2 LABELS dmft TIMEOUT 60)
set_tests_properties(dmft.deck_small.np2 PROPERTIES FIXTURES_SETUP dmft_deck)
mck_add_mpi_test(NAME dmft.deck_stationary COMMAND $<TARGET_FILE:mckean-dmft> -dmft_solver stationary -dmft_steps 100 -output dmft_deck_st.h5 RANKS 1 LABELS dmft TIMEOUT 60)
set_tests_properties(dmft.deck_stationary.np1 PROPERTIES FIXTURES_SETUP dmft_deck_st)
mck_add_script_test(NAME dmft.plot COMMAND ${MCK_PYTHON} ${MCK_SOURCE_DIR}/scripts/plot_dmft.py dmft_plot.png dmft_deck.h5 dmft_deck_st.h5 LABELS dmft TIMEOUT 60 PROCESSORS 1)
set_tests_properties(dmft.plot PROPERTIES FIXTURES_REQUIRED "dmft_deck;dmft_deck_st")

# Checkpoint/restart of the self-consistency: bitwise continuation (2 -> 3 ranks), config check.
mck_add_script_test(NAME dmft.restart
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_dmft_restart.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-dmft>
  LABELS dmft TIMEOUT 120)
