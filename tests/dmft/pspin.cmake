# The pspin model of MckDMFT (src/dmft/pspin*.c): equilibrium and FDT above T_d with O(h^2) convergence, aging
# below T_d, the dynamical transition of p = 3, bitwise reproducibility on 1-4 ranks, bad input.
mck_add_executable(test_pspin_equilibrium ${MCK_TEST_SRC}/test_pspin_equilibrium.c)
mck_add_mpi_test(NAME pspin.equilibrium COMMAND $<TARGET_FILE:test_pspin_equilibrium> RANKS 2 LABELS pspin TIMEOUT 60)
mck_add_executable(test_pspin_transition ${MCK_TEST_SRC}/test_pspin_transition.c)
mck_add_mpi_test(NAME pspin.transition COMMAND $<TARGET_FILE:test_pspin_transition> RANKS 1 LABELS pspin TIMEOUT 60)
mck_add_executable(test_pspin_aging ${MCK_TEST_SRC}/test_pspin_aging.c)
mck_add_mpi_test(NAME pspin.aging COMMAND $<TARGET_FILE:test_pspin_aging> RANKS 3 LABELS pspin TIMEOUT 60)
# Bitwise-identical C, R and mu on 1, 2, 3 and 4 ranks.
mck_add_executable(test_pspin_reproducible ${MCK_TEST_SRC}/test_pspin_reproducible.c)
mck_add_rank_bitwise_test(NAME pspin.reproducible COMMAND $<TARGET_FILE:test_pspin_reproducible> FILE pspin_bits LABELS pspin)
# Bad input: user-input errors naming the option and the value (memory: the bytes needed).
mck_add_executable(test_pspin_options ${MCK_TEST_SRC}/test_pspin_options.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME pspin.options COMMAND $<TARGET_FILE:test_pspin_options> RANKS ${np} LABELS pspin TIMEOUT 30)
endforeach()
# The run file: /dmft/C, /dmft/R bitwise as solved, times, mu, energy, attributes.
mck_add_executable(test_pspin_write ${MCK_TEST_SRC}/test_pspin_write.c)
mck_add_mpi_test(NAME pspin.write COMMAND $<TARGET_FILE:test_pspin_write> RANKS 2 LABELS pspin TIMEOUT 30)
