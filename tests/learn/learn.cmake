# MckMFNet (src/learn): gradients, reproducibility, the Gibbs stationary law, CBO on Rastrigin.

mck_add_executable(test_mfnet_gradient ${MCK_TEST_SRC}/test_mfnet_gradient.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME learn.gradient COMMAND $<TARGET_FILE:test_mfnet_gradient> RANKS ${np} LABELS unit learn TIMEOUT 60)
endforeach()

# Bitwise-identical loss curves and final parameters on 1, 2, 3 and 4 ranks.
mck_add_executable(test_mfnet_reproducible ${MCK_TEST_SRC}/test_mfnet_reproducible.c)
mck_add_rank_bitwise_test(NAME learn.reproducible COMMAND $<TARGET_FILE:test_mfnet_reproducible> FILE mfnet_bits LABELS mpi learn)

# CBO: global minimum of Rastrigin in d = 10 in at least 8 of 10 seeds.
mck_add_executable(test_mfnet_cbo ${MCK_TEST_SRC}/test_mfnet_cbo.c)
mck_add_mpi_test(NAME learn.cbo_rastrigin COMMAND $<TARGET_FILE:test_mfnet_cbo> RANKS 2 LABELS mpi learn TIMEOUT 120)

# MFLD with features linear in the parameters: stationary mean and covariance of the neurons
# against the closed-form Gibbs measure (4 standard errors, batch means).
mck_add_executable(test_mfnet_gibbs ${MCK_TEST_SRC}/test_mfnet_gibbs.c)
mck_add_mpi_test(NAME learn.gibbs COMMAND $<TARGET_FILE:test_mfnet_gibbs> RANKS 1 LABELS unit learn TIMEOUT 120)

# Bad input gets a user-input error naming the option and the value.
mck_add_executable(test_mfnet_options ${MCK_TEST_SRC}/test_mfnet_options.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME learn.options COMMAND $<TARGET_FILE:test_mfnet_options> RANKS ${np} LABELS unit learn TIMEOUT 60)
endforeach()
mck_add_mpi_test(NAME learn.gibbs_underdamped COMMAND $<TARGET_FILE:test_mfnet_gibbs> umfld RANKS 1 LABELS unit learn TIMEOUT 120)

# Mean-field gradient descent learns a single-index teacher.
mck_add_executable(test_mfnet_train ${MCK_TEST_SRC}/test_mfnet_train.c)
mck_add_mpi_test(NAME learn.train COMMAND $<TARGET_FILE:test_mfnet_train> RANKS 2 LABELS mpi learn TIMEOUT 60)

# Propagation of chaos: the spread of the trained loss across seeds shrinks like N^-1/2.
mck_add_executable(test_mfnet_chaos ${MCK_TEST_SRC}/test_mfnet_chaos.c)
mck_add_mpi_test(NAME learn.chaos COMMAND $<TARGET_FILE:test_mfnet_chaos> RANKS 2 LABELS mpi learn TIMEOUT 120)

# Lazy (large alpha) against rich (alpha = 1) training: the features barely move when lazy.
mck_add_executable(test_mfnet_lazy ${MCK_TEST_SRC}/test_mfnet_lazy.c)
mck_add_mpi_test(NAME learn.lazy_rich COMMAND $<TARGET_FILE:test_mfnet_lazy> RANKS 2 LABELS mpi learn TIMEOUT 60)

# Federated-averaging Langevin: one local step is mfld; the averaged noise has the mfld variance;
# the global model learns with several local steps.
mck_add_executable(test_mfnet_fedavg ${MCK_TEST_SRC}/test_mfnet_fedavg.c)
mck_add_mpi_test(NAME learn.fedavg COMMAND $<TARGET_FILE:test_mfnet_fedavg> RANKS 2 LABELS learn TIMEOUT 60)

# Data: multi-index teachers (orthogonal directions, Hermite moments), HDF5 data sets read back
# bitwise, the held-out test loss, and bad files refused naming file, dataset and shapes.
mck_add_executable(test_mfnet_data ${MCK_TEST_SRC}/test_mfnet_data.c)
mck_add_mpi_test(NAME learn.data COMMAND $<TARGET_FILE:test_mfnet_data> RANKS 2 LABELS learn TIMEOUT 60)


# umfld starts from Maxwell velocities N(0, tau); the state written and read back continues bitwise.
mck_add_executable(test_mfnet_state ${MCK_TEST_SRC}/test_mfnet_state.c)
mck_add_mpi_test(NAME learn.state COMMAND $<TARGET_FILE:test_mfnet_state> RANKS 2 LABELS learn TIMEOUT 60)

# sigma' recomputed from sigma (tanh, relu, identity) gives bitwise the network that keeps sigma'.
mck_add_executable(test_mfnet_derivative ${MCK_TEST_SRC}/test_mfnet_derivative.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME learn.derivative_of_value COMMAND $<TARGET_FILE:test_mfnet_derivative> RANKS ${np} LABELS unit learn TIMEOUT 60)
endforeach()
