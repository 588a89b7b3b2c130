# MckStats (src/stats): exact fixed-point reduction, reproducible on any rank count.

# White-box: the fixed-point conversions against independent exact references.
mck_add_executable(test_stats_fixedpoint ${MCK_TEST_SRC}/test_stats_fixedpoint.c)
target_include_directories(test_stats_fixedpoint PRIVATE ${MCK_SOURCE_DIR}/src)
mck_add_mpi_test(NAME stats.fixedpoint COMMAND $<TARGET_FILE:test_stats_fixedpoint> RANKS 1 LABELS mpi unit TIMEOUT 60)

# Reproducibility: each rank count writes the bit patterns of its sums; the files must agree.
mck_add_executable(test_stats_reproducible ${MCK_TEST_SRC}/test_stats_reproducible.c)
foreach(np 1 2 3 4)
  mck_add_mpi_test(NAME stats.reproducible COMMAND $<TARGET_FILE:test_stats_reproducible> stats_sums.np${np}.txt
                   RANKS ${np} LABELS mpi TIMEOUT 60)
  set_tests_properties(stats.reproducible.np${np} PROPERTIES FIXTURES_SETUP stats_sums_np${np})
endforeach()
foreach(np 2 3 4)
  add_test(NAME stats.reproducible.compare.np1-np${np}
           COMMAND ${CMAKE_COMMAND} -E compare_files stats_sums.np1.txt stats_sums.np${np}.txt
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(stats.reproducible.compare.np1-np${np} PROPERTIES
    FIXTURES_REQUIRED "stats_sums_np1;stats_sums_np${np}" LABELS mpi TIMEOUT 30)
endforeach()

# Overflow, NaN and misuse are refused, collectively where the call is collective.
mck_add_executable(test_stats_errors ${MCK_TEST_SRC}/test_stats_errors.c)
foreach(np 1 3)
  mck_add_mpi_test(NAME stats.errors COMMAND $<TARGET_FILE:test_stats_errors> RANKS ${np} LABELS mpi TIMEOUT 60)
endforeach()

# Costs (printed, not asserted) and exactness over many reductions.
mck_add_executable(test_stats_cost ${MCK_TEST_SRC}/test_stats_cost.c)
mck_add_mpi_test(NAME stats.cost COMMAND $<TARGET_FILE:test_stats_cost> RANKS 2 LABELS mpi TIMEOUT 60)
