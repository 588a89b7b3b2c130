# io layer: MckIO, MckSeries, checkpoint/restart, the config fingerprint and output claims, on
# 1 to 4 ranks. Each test names its files after the rank count, so the four variants can run
# concurrently.
foreach(t rows atomic series config claim corrupt)
  mck_add_executable(test_io_${t} ${MCK_TEST_SRC}/test_io_${t}.c)
endforeach()
foreach(t rows atomic series config)
  foreach(np 1 2 3 4)
    mck_add_mpi_test(NAME io.${t} COMMAND $<TARGET_FILE:test_io_${t}> RANKS ${np} LABELS mpi io TIMEOUT 60)
  endforeach()
endforeach()

# Claims read the options files of the command line: a YAML deck, and a plain options file that
# names another one.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/io_claim_deck.yaml "io_claim_marker: 1\n")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/io_claim_opts.txt "-options_file io_claim_nested.txt\n")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/io_claim_nested.txt "-io_claim_nested 1\n")
foreach(np 1 2 3 4)
  mck_add_mpi_test(NAME io.claim COMMAND $<TARGET_FILE:test_io_claim> -options_file io_claim_opts.txt
                   -options_file_yaml io_claim_deck.yaml RANKS ${np} LABELS mpi io TIMEOUT 60)
endforeach()

# No failure leaves a half file: a user error, an error on one rank (McKeanMain aborts the job),
# SIGKILL (the next run takes the stale lock over), a second job on the same output.
mck_add_executable(io_writer ${MCK_TEST_SRC}/io_writer.c)
foreach(c user rank0 rank1 checkpoint sigkill second_job)
  mck_add_script_test(NAME io.failures.${c}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_io_failures.py --writer $<TARGET_FILE:io_writer>
            --mpiexec ${MCK_MPIEXEC} --case ${c}
    LABELS io TIMEOUT 120 PROCESSORS 2)
endforeach()

# Damaged checkpoints: 600 random bit flips and 60 random truncations of a checkpoint, each
# restarted through the io layer on 2 ranks: identical to the uninterrupted run, or refused in
# one line; a NaN written into the state is refused.
mck_add_mpi_test(NAME io.corrupt COMMAND $<TARGET_FILE:test_io_corrupt> RANKS 2 LABELS mpi io TIMEOUT 300)
