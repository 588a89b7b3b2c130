# mckean-dmft end to end (the dmft layer's app): validation of the scs model against analytic
# and independent results, bad input (options of a model or solver that was not chosen are
# refused), decks, the plot script, checkpoint/restart of every model that has a state, and the
# pspin model through the app.

# Validation (test_dmft_validation.py states each assertion and its k-sigma).
foreach(case quiescent chaos agree finite_n quadrature transient)
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

# The pspin model end to end: run files of 1 and 2 ranks bitwise equal, FDT, the energy, bad input.
mck_add_script_test(NAME pspin.app
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_pspin_app.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-dmft>
  LABELS pspin TIMEOUT 120 PROCESSORS 2)

# Restart everywhere, mckean-dmft: SIGKILL after a checkpoint, restart (on another rank count),
# bitwise-equal run file; each run lasts several checkpoint intervals (about 2 s each on 2 ranks;
# the timeouts leave room for 3 ranks oversubscribed on a loaded 2-core machine).
# The p-spin two-time integration (Cugliandolo-Kurchan): rows 0..i of C and R, 2 -> 3 ranks.
mck_add_kill_restart_test(NAME restart.dmft.pspin.kill.np2-np3
  APP mckean-dmft CHECKPOINT_INTERVAL 100
  OPTIONS -dmft_model pspin -pspin_steps 1100 -pspin_tmax 30 -pspin_temperature 0.5 -progress_interval 0
  RANKS 2 RESTART_RANKS 3 LABELS dmft pspin TIMEOUT 180)
# The finite network with noise: the paths so far, J regenerated, 2 -> 1 rank.
mck_add_kill_restart_test(NAME restart.dmft.network.kill.np2-np1
  APP mckean-dmft CHECKPOINT_INTERVAL 50
  OPTIONS -dmft_solver network -dmft_n 1500 -dmft_steps 500 -dmft_noise 0.1 -progress_interval 0
  RANKS 2 RESTART_RANKS 1 LABELS dmft TIMEOUT 180)
# The population solver's self-consistency (an evaluation of the map per checkpoint step), 2 -> 3.
mck_add_kill_restart_test(NAME restart.dmft.population.kill.np2-np3
  APP mckean-dmft CHECKPOINT_INTERVAL 2
  OPTIONS -dmft_steps 150 -dmft_population 12000 -progress_interval 0
  RANKS 2 RESTART_RANKS 3 LABELS dmft TIMEOUT 180)
# Refused: a p-spin checkpoint under another -pspin_temperature; checkpoints of the stationary solver.
foreach(mck_refuse_case pspin_temperature)
  mck_add_script_test(NAME restart.dmft.refuse.${mck_refuse_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_dmft_refuse.py --app $<TARGET_FILE:mckean-dmft>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_refuse_case}
    LABELS restart dmft pspin TIMEOUT 60 PROCESSORS 2)
endforeach()
