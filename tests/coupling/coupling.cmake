# Particle-field coupling (src/particles/deposit.c, the chemotaxis drift, mckean-mv).

# Cloud-in-cell of one particle, exact mass, and the deposited density bitwise identical on 1-4 ranks.
mck_add_executable(test_deposit ${MCK_TEST_SRC}/test_deposit.c)
mck_add_rank_bitwise_test(NAME coupling.deposit COMMAND $<TARGET_FILE:test_deposit> FILE deposit_bits LABELS coupling TIMEOUT 30)
