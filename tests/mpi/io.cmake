# io layer: MckIO, MckSeries, checkpoint/restart and the config fingerprint, on 1 to 4 ranks.
# Each test names its files after the rank count, so the four variants can run concurrently.
foreach(t rows atomic series config)
  mck_add_executable(test_io_${t} ${MCK_TEST_SRC}/test_io_${t}.c)
  foreach(np 1 2 3 4)
    mck_add_mpi_test(NAME io.${t} COMMAND $<TARGET_FILE:test_io_${t}> RANKS ${np} LABELS mpi io TIMEOUT 60)
  endforeach()
endforeach()
