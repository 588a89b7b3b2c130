# MckStats (src/stats): exact fixed-point reduction, reproducible on any rank count.

# White-box: the fixed-point conversions against independent exact references.
mck_add_executable(test_stats_fixedpoint ${MCK_TEST_SRC}/test_stats_fixedpoint.c)
target_include_directories(test_stats_fixedpoint PRIVATE ${MCK_SOURCE_DIR}/src)
mck_add_mpi_test(NAME stats.fixedpoint COMMAND $<TARGET_FILE:test_stats_fixedpoint> RANKS 1 LABELS mpi unit TIMEOUT 60)

# Reproducibility: each rank count writes the bit patterns of its sums; the files must agree.
mck_add_executable(test_stats_reproducible ${MCK_TEST_SRC}/test_stats_reproducible.c)
mck_add_rank_bitwise_test(NAME stats.reproducible COMMAND $<TARGET_FILE:test_stats_reproducible> FILE stats_sums LABELS mpi)

# Overflow, NaN and misuse are refused, collectively where the call is collective.
mck_add_executable(test_stats_errors ${MCK_TEST_SRC}/test_stats_errors.c)
foreach(np 1 3)
  mck_add_mpi_test(NAME stats.errors COMMAND $<TARGET_FILE:test_stats_errors> RANKS ${np} LABELS mpi TIMEOUT 60)
endforeach()

# Costs (printed, not asserted) and exactness over many reductions.
mck_add_executable(test_stats_cost ${MCK_TEST_SRC}/test_stats_cost.c)
mck_add_mpi_test(NAME stats.cost COMMAND $<TARGET_FILE:test_stats_cost> RANKS 2 LABELS mpi TIMEOUT 60)
