# Restart everywhere: a run killed with SIGKILL after a checkpoint and restarted from it ends
# with the uninterrupted run's file; checkpoints of another configuration or version are refused.
mck_add_kill_restart_test(NAME restart.langevin.kill.np2
  APP mckean-langevin DECK ${MCK_SOURCE_DIR}/tests/slurm/small.yaml CHECKPOINT_INTERVAL 50
  OPTIONS -particles_n 10000 -lgv_steps 1000 -lgv_output_interval 10 -lgv_snapshot_interval 250
  RANKS 2 RESTART_RANKS 2 TIMEOUT 300)
# the restart on another rank count (3): the run file must not depend on it
mck_add_kill_restart_test(NAME restart.langevin.kill.np2-np3
  APP mckean-langevin DECK ${MCK_SOURCE_DIR}/tests/slurm/small.yaml CHECKPOINT_INTERVAL 50
  OPTIONS -lgv_integrator baoab -particles_n 10000 -lgv_steps 1000 -lgv_output_interval 10
  RANKS 2 RESTART_RANKS 3 TIMEOUT 300)
foreach(mck_refuse_case option version unversioned)
  mck_add_script_test(NAME restart.langevin.refuse.${mck_refuse_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_refuse_checkpoint.py --app $<TARGET_FILE:mckean-langevin>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_refuse_case}
    LABELS restart TIMEOUT 120 PROCESSORS 2)
endforeach()
# Damaged checkpoints through the app: random bit flips and truncations, a NaN in the particle
# state, a damaged superblock -- each restart identical to the uninterrupted run or refused in
# one line (most trials run in-process: io.corrupt).
mck_add_script_test(NAME restart.langevin.corrupt
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_corrupt_restart.py --app $<TARGET_FILE:mckean-langevin>
          --deck ${MCK_SOURCE_DIR}/tests/slurm/small.yaml --flips 16 --cuts 6
  LABELS restart io TIMEOUT 300 PROCESSORS 1)
