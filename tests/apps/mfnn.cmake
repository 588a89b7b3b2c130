# mckean-mfnn end to end (the learn layer's app): bad input, and restart on any rank count.
# (Its kill-restart test is in tests/restart/apps.cmake with those of the other apps.)

# CLI tests of bad input to mckean-mfnn (one ctest per case; "ok" and "help" are the positive
# controls). The cases are defined in test_mfnn_cli.py.
foreach(mck_mfnn_case temperature_negative activation_unknown dynamics_unknown teacher_directions
        fedavg_checkpoint option_misspelt unused_type_option data_shapes restart_mismatch ok help)
  mck_add_script_test(NAME cli.mfnn.${mck_mfnn_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_mfnn_cli.py --app $<TARGET_FILE:mckean-mfnn> --mpiexec ${MCK_MPIEXEC} --case ${mck_mfnn_case}
    LABELS cli learn TIMEOUT 60 PROCESSORS 2)
endforeach()

# mckean-mfnn: restart continues bitwise, on any rank count, for every dynamics.
mck_add_script_test(NAME validation.mfnn.restart
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_mfnn_restart.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-mfnn>
  LABELS validation learn TIMEOUT 120)
