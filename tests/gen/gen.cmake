# The gen layer (src/gen): fitted drift against the exact one, sampling with the exact drift,
# SMC's log Z, ensemble Kalman guidance against the Gaussian posterior, and bitwise the same
# samples of every sampler on 1-4 ranks (tests/gen/test_gen.c states each check and its k sigma).
mck_add_executable(test_gen ${MCK_TEST_SRC}/test_gen.c)
foreach(case fit exact smc guided)
  mck_add_mpi_test(NAME gen.${case} COMMAND $<TARGET_FILE:test_gen> ${case} RANKS 2 LABELS validation gen TIMEOUT 300)
endforeach()
mck_add_rank_bitwise_test(NAME gen.reproducible COMMAND $<TARGET_FILE:test_gen> bitwise FILE gen_bits LABELS mpi gen TIMEOUT 120)
# The app: every deck on 2 ranks, metrics, a histogram against the exact density, a refusal.
mck_add_script_test(NAME gen.app
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_gen_app.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-gen> ${MCK_SOURCE_DIR}
  LABELS validation gen TIMEOUT 600)
# Restart: SIGKILL after a checkpoint (during the fit rounds), restart on another rank count,
# bitwise the same run file.
mck_add_kill_restart_test(NAME restart.gen.kill.np2-np3
  APP mckean-gen DECK ${MCK_SOURCE_DIR}/inputs/gen_interpolant.yaml CHECKPOINT_INTERVAL 3
  OPTIONS -gen_n 4000 -gen_fit_samples 8000 -gen_steps 30 -gen_output_interval 2 -progress_interval 0
  RANKS 2 RESTART_RANKS 3 LABELS gen)
mck_add_kill_restart_test(NAME restart.gen.smc.kill.np2-np1
  APP mckean-gen DECK ${MCK_SOURCE_DIR}/inputs/gen_smc.yaml CHECKPOINT_INTERVAL 5
  OPTIONS -gen_n 20000 -gen_steps 60 -progress_interval 0
  RANKS 2 RESTART_RANKS 1 LABELS gen)
# A target's own settings in the checkpoint: a restart with others is refused; the same restart on
# 3 ranks ends bitwise as the uninterrupted run.
mck_add_script_test(NAME gen.restart_config
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_gen_restart_config.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-gen> ${MCK_SOURCE_DIR}
  LABELS gen restart TIMEOUT 120 PROCESSORS 2)
