# Restart everywhere, for every app: SIGKILL after a checkpoint, restart, bitwise-equal run file.
# (mckean-langevin: restart.cmake.) Each run lasts several checkpoint intervals.
mck_add_kill_restart_test(NAME restart.twin.kill.np2-np3
  APP mckean-twin DECK ${MCK_SOURCE_DIR}/inputs/default.yaml CHECKPOINT_INTERVAL 2
  OPTIONS -particles_n 2000 -grid_n 32 -ens_size 16 -twin_iterations 12 -progress_interval 0
  RANKS 2 RESTART_RANKS 3)
# Cahn-Hilliard is bitwise on any rank count; the Fokker-Planck field only on the same one.
mck_add_kill_restart_test(NAME restart.field.kill.np2-np3
  APP mckean-field DECK ${MCK_SOURCE_DIR}/inputs/cahn_hilliard.yaml CHECKPOINT_INTERVAL 20
  OPTIONS -grid_n 64 -ts_max_time 0.02 -progress_interval 0
  RANKS 2 RESTART_RANKS 3)
mck_add_kill_restart_test(NAME restart.mv.kill.np2
  APP mckean-mv DECK ${MCK_SOURCE_DIR}/inputs/mv.yaml CHECKPOINT_INTERVAL 50
  OPTIONS -particles_n 20000 -lgv_steps 500 -progress_interval 0
  RANKS 2 RESTART_RANKS 2)
mck_add_kill_restart_test(NAME restart.mfnn.kill.np2-np1
  APP mckean-mfnn DECK ${MCK_SOURCE_DIR}/inputs/mfnn.yaml CHECKPOINT_INTERVAL 200
  OPTIONS -mfnet_steps 2000 -progress_interval 0
  RANKS 2 RESTART_RANKS 1)
mck_add_kill_restart_test(NAME restart.da.kill.np2-np3
  APP mckean-da DECK ${MCK_SOURCE_DIR}/inputs/da.yaml CHECKPOINT_INTERVAL 200
  OPTIONS -da_cycles 6000 -progress_interval 0
  RANKS 2 RESTART_RANKS 3)
# EKS on a larger linear problem, never stopping early: a long run (no deck: the EKI deck's
# -eki_dt would be an option nobody reads with -ens_analysis eks, hence refused)
mck_add_kill_restart_test(NAME restart.eki.kill.np2-np1
  APP mckean-eki CHECKPOINT_INTERVAL 20
  OPTIONS -model_type linear -linear_n 60 -linear_ndata 120 -linear_seed 3 -linear_decay 1.0
          -ens_analysis eks -eks_adaptive true -ens_size 100 -eki_truth_seed 11 -eki_noise_std 0.1
          -eki_max_iterations 300 -seed 2026 -progress_interval 0
  RANKS 2 RESTART_RANKS 1)
