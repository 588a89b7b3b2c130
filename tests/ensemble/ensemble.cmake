# MckEnsemble (src/ensemble): validation against the Kalman filter and the Gaussian posterior,
# EKI convergence, Lorenz-96 twin experiment, bitwise reproducibility, failed members.
mck_add_executable(test_ens_kalman ${MCK_TEST_SRC}/test_ens_kalman.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME ensemble.kalman COMMAND $<TARGET_FILE:test_ens_kalman> RANKS ${np} LABELS ensemble TIMEOUT 60)
endforeach()

# EKI -> Tikhonov solution; EKS samples the linear-Gaussian posterior (and is biased without the
# finite-ensemble correction).
mck_add_executable(test_ens_inverse ${MCK_TEST_SRC}/test_ens_inverse.c)
mck_add_mpi_test(NAME ensemble.eki_linear COMMAND $<TARGET_FILE:test_ens_inverse> -test_case eki RANKS 2 LABELS ensemble TIMEOUT 60)
mck_add_mpi_test(NAME ensemble.eks_posterior COMMAND $<TARGET_FILE:test_ens_inverse> -test_case eks RANKS 1 LABELS ensemble TIMEOUT 60)

# Every analysis type bitwise identical on 1-4 ranks; a NaN member is left out, resampled or
# dropped; too few members is a clean error.
mck_add_executable(test_ens_reproducible ${MCK_TEST_SRC}/test_ens_reproducible.c)
mck_add_rank_bitwise_test(NAME ensemble.reproducible COMMAND $<TARGET_FILE:test_ens_reproducible> FILE ens_bits LABELS ensemble TIMEOUT 60)

# mckean-da: Lorenz-96 standard configuration, restart and member-layout reproducibility.
foreach(case l96 restart layout)
  mck_add_script_test(NAME ensemble.da.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_da_app.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-da>
            ${MCK_SOURCE_DIR}/inputs/da.yaml ${MCK_SOURCE_DIR}/scripts/plot_da.py ${case}
    LABELS ensemble TIMEOUT 120)
endforeach()

# Bad input to mckean-da: one clear message, non-zero exit, no output file; a diverging
# ensemble ends with one line; failed members are dropped or replaced and the run goes on.
foreach(case size_one analysis_unknown inflation_below_one rtps_above_one obs_var_zero letkf_no_radius
             ranks_per_member inverse_model failed_unknown type_option_unused diverged_drop diverged_replace
             failed_drop failed_replace restart_mismatch ok help)
  mck_add_script_test(NAME ensemble.da_cli.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_da_cli.py --app $<TARGET_FILE:mckean-da> --mpiexec ${MCK_MPIEXEC}
            --deck ${MCK_SOURCE_DIR}/inputs/da.yaml --case ${case}
    LABELS ensemble TIMEOUT 60)
endforeach()
