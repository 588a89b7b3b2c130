# The activation table (src/kernel/activation.c, tanh.c) that serves the dmft and learn layers.

# Every entry: phi' against central differences, the primitive against quadrature, phi'(0),
# position independence; distinct names for the two error functions; unknown names refused.
mck_add_executable(test_activation_table ${MCK_TEST_SRC}/test_activation_table.c)
mck_add_mpi_test(NAME kernel.activation_table COMMAND $<TARGET_FILE:test_activation_table> RANKS 1 LABELS unit kernel TIMEOUT 30)

# The vectorisable tanh: < 3 ulp against tanhl, and bitwise independent of the loop position.
mck_add_executable(test_activation_tanh ${MCK_TEST_SRC}/test_activation_tanh.c)
mck_add_mpi_test(NAME kernel.activation_tanh COMMAND $<TARGET_FILE:test_activation_tanh> RANKS 1 LABELS unit kernel TIMEOUT 30)
