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
# SIGKILL (the next run takes the stale lock over), SIGTERM, SIGINT or SIGHUP outside a run loop
# (SIGTERM leaving a lock that another job holds by then), a second job on the same output.
mck_add_executable(io_writer ${MCK_TEST_SRC}/io_writer.c)
foreach(c user rank0 rank1 rank1_loop checkpoint sigkill sigterm sigterm_foreign_lock sigint sighup second_job)
  mck_add_script_test(NAME io.failures.${c}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_io_failures.py --writer $<TARGET_FILE:io_writer>
            --mpiexec ${MCK_MPIEXEC} --case ${c}
    LABELS io TIMEOUT 120 PROCESSORS 2)
endforeach()

# Damaged checkpoints: 600 random bit flips and 60 random truncations of a checkpoint, each
# restarted through the io layer on 2 ranks: identical to the uninterrupted run, or refused in
# one line; a NaN written into the state is refused.
mck_add_mpi_test(NAME io.corrupt COMMAND $<TARGET_FILE:test_io_corrupt> RANKS 2 LABELS mpi io TIMEOUT 300)

# Every app's XDMF sidecar in ParaView (pvbatch under xvfb-run): times, points, bounds in the
# x-y plane, arrays equal to the run file's, seen by the default camera. Skipped without pvbatch.
mck_add_script_test(NAME io.xdmf.paraview
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_xdmf_paraview.py --apps ${MCK_BINARY_DIR}/apps
          --inputs ${MCK_SOURCE_DIR}/inputs --mpiexec ${MCK_MPIEXEC}
  LABELS io TIMEOUT 600 PROCESSORS 2)
set_tests_properties(io.xdmf.paraview PROPERTIES SKIP_RETURN_CODE 77)

# Outputs that would cost the user data, refused through every app (tests/mckcli.py's promise):
# the deck as -output for all eight apps; the sidecar with the two apps that write one; the other
# cases with mckean-langevin.
foreach(triple langevin:langevin.yaml:deck_output twin:default.yaml:deck_output field:field.yaml:deck_output
        mv:mv.yaml:deck_output da:da.yaml:deck_output eki:eki_linear.yaml:deck_output mfnn:mfnn.yaml:deck_output
        dmft:dmft-small.yaml:deck_output twin:default.yaml:foreign_sidecar field:field.yaml:foreign_sidecar)
  string(REPLACE ":" ";" triple "${triple}")
  list(GET triple 0 app)
  list(GET triple 1 deck)
  list(GET triple 2 c)
  mck_add_script_test(NAME io.output.${app}.${c}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_output_cli.py --app $<TARGET_FILE:mckean-${app}>
            --mpiexec ${MCK_MPIEXEC} --deck ${MCK_SOURCE_DIR}/inputs/${deck} --case ${c}
    LABELS io cli TIMEOUT 120 PROCESSORS 2)
endforeach()
foreach(c deck_checkpoint restart_output text_output foreign_hdf5 checkpoint_output run_checkpoint
        directory_output second_job replace_earlier refused_later sighup_loop)
  mck_add_script_test(NAME io.output.langevin.${c}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_output_cli.py --app $<TARGET_FILE:mckean-langevin>
            --mpiexec ${MCK_MPIEXEC} --deck ${MCK_SOURCE_DIR}/tests/slurm/small.yaml --case ${c}
    LABELS io cli TIMEOUT 120 PROCESSORS 2)
endforeach()
