# Restart everywhere, mckean-dmft: SIGKILL after a checkpoint, restart (on another rank count),
# bitwise-equal run file; each run lasts several checkpoint intervals (about 2 s each on 2 ranks).
# The p-spin two-time integration (Cugliandolo-Kurchan): rows 0..i of C and R, 2 -> 3 ranks.
mck_add_kill_restart_test(NAME restart.dmft.pspin.kill.np2-np3
  APP mckean-dmft CHECKPOINT_INTERVAL 100
  OPTIONS -dmft_model pspin -pspin_steps 1100 -pspin_tmax 30 -pspin_temperature 0.5 -progress_interval 0
  RANKS 2 RESTART_RANKS 3 LABELS dmft pspin TIMEOUT 60)
# The finite network with noise: the paths so far, J regenerated, 2 -> 1 rank.
mck_add_kill_restart_test(NAME restart.dmft.network.kill.np2-np1
  APP mckean-dmft CHECKPOINT_INTERVAL 50
  OPTIONS -dmft_solver network -dmft_n 1500 -dmft_steps 500 -dmft_noise 0.1 -progress_interval 0
  RANKS 2 RESTART_RANKS 1 LABELS dmft TIMEOUT 60)
# The population solver's self-consistency (an evaluation of the map per checkpoint step), 2 -> 3.
mck_add_kill_restart_test(NAME restart.dmft.population.kill.np2-np3
  APP mckean-dmft CHECKPOINT_INTERVAL 2
  OPTIONS -dmft_steps 150 -dmft_population 12000 -progress_interval 0
  RANKS 2 RESTART_RANKS 3 LABELS dmft TIMEOUT 60)
# Refused: a p-spin checkpoint under another -pspin_temperature; checkpoints of the stationary solver.
foreach(mck_refuse_case pspin_temperature)
  mck_add_script_test(NAME restart.dmft.refuse.${mck_refuse_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_dmft_refuse.py --app $<TARGET_FILE:mckean-dmft>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_refuse_case}
    LABELS restart dmft pspin TIMEOUT 60 PROCESSORS 2)
endforeach()
