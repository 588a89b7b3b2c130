# MckEnsemble (src/ensemble): validation against the Kalman filter and the Gaussian posterior,
# EKI convergence, Lorenz-96 twin experiment, bitwise reproducibility, failed members.
mck_add_executable(test_ens_kalman ${MCK_TEST_SRC}/test_ens_kalman.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME ensemble.kalman COMMAND $<TARGET_FILE:test_ens_kalman> RANKS ${np} LABELS ensemble TIMEOUT 60)
endforeach()
