# MckEnsemble (src/ensemble): validation against the Kalman filter and the Gaussian posterior,
# EKI convergence, Lorenz-96 twin experiment, bitwise reproducibility, failed members.
# With the analyses of a user's program (installed headers only): user_etkf, denkf.
mck_add_executable(test_ens_kalman ${MCK_TEST_SRC}/test_ens_kalman.c ${PROJECT_SOURCE_DIR}/tests/install/external/analyses.c)
target_include_directories(test_ens_kalman PRIVATE ${PROJECT_SOURCE_DIR}/tests/install/external)
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

# The outlier verdicts settled by cheap bounds on one rank (every component local) equal those
# of the medians (blocks on 2-4 ranks), forecast by forecast; a member scaled by 8 is none, by 50 one.
mck_add_executable(test_ens_outliers ${MCK_TEST_SRC}/test_ens_outliers.c)
mck_add_rank_bitwise_test(NAME ensemble.outliers COMMAND $<TARGET_FILE:test_ens_outliers> FILE ens_outlier_bits LABELS ensemble TIMEOUT 60)
# The screen's kernels per instruction set (AVX2 is the x86-64-v3 baseline of every supported
# node; AVX-512 runs above where the CPU has it): the same verdicts as the one-rank run.
foreach(isa generic avx2)
  add_test(NAME ensemble.outliers.${isa}
           COMMAND ${CMAKE_COMMAND} -E env MCKEAN_ISA=${isa} ${MCK_MPIEXEC} -n 1 $<TARGET_FILE:test_ens_outliers>
                   ens_outlier_bits.${isa}.txt)
  set_tests_properties(ensemble.outliers.${isa} PROPERTIES ENVIRONMENT "${MCK_TEST_ENV}" LABELS ensemble TIMEOUT 60
                       FIXTURES_SETUP ens_outlier_bits_${isa})
  mck_add_script_test(NAME ensemble.outliers.compare.np1-${isa}
                      COMMAND ${CMAKE_COMMAND} -E compare_files ens_outlier_bits.np1.txt ens_outlier_bits.${isa}.txt
                      LABELS ensemble TIMEOUT 30 PROCESSORS 1)
  set_tests_properties(ensemble.outliers.compare.np1-${isa} PROPERTIES
                       FIXTURES_REQUIRED "ens_outlier_bits_np1;ens_outlier_bits_${isa}")
endforeach()

# An ensemble whose set-up fails partway frees everything at MckEnsembleDestroy(): PetscMalloc()
# usage before creation and after destruction equal to the byte, in every layout; -malloc_dump
# lists at PetscFinalize() anything left, which fails the test.
mck_add_executable(test_ens_setup_failure ${MCK_TEST_SRC}/test_ens_setup_failure.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME ensemble.setup_failure COMMAND $<TARGET_FILE:test_ens_setup_failure> -malloc_debug -malloc_dump
                   RANKS ${np} LABELS ensemble TIMEOUT 60)
  set_tests_properties(ensemble.setup_failure.np${np} PROPERTIES
                       FAIL_REGULAR_EXPRESSION "[0-9]+ bytes [A-Za-z_0-9]+\\(\\) at")
endforeach()

# The bootstrap particle filter converges to the Kalman filter like N^-1/2 on a linear-Gaussian
# model (its bitwise reproducibility is part of ensemble.reproducible).
mck_add_executable(test_ens_pf ${MCK_TEST_SRC}/test_ens_pf.c)
mck_add_mpi_test(NAME ensemble.pf_kalman COMMAND $<TARGET_FILE:test_ens_pf> RANKS 2 LABELS ensemble TIMEOUT 60)

# The fixed-lag ensemble Kalman smoother equals the RTS smoother (ETKF, exactly) and matches it
# within sampling error (EnKF) on a linear model without model error.
mck_add_executable(test_ens_smoother ${MCK_TEST_SRC}/test_ens_smoother.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME ensemble.smoother_kalman COMMAND $<TARGET_FILE:test_ens_smoother> RANKS ${np} LABELS ensemble TIMEOUT 60)
endforeach()

# The localised NETF reproduces the importance-weighted mean, covariance and ESS of its members.
mck_add_executable(test_ens_lnetf ${MCK_TEST_SRC}/test_ens_lnetf.c)
mck_add_mpi_test(NAME ensemble.lnetf_weights COMMAND $<TARGET_FILE:test_ens_lnetf> RANKS 1 LABELS ensemble TIMEOUT 60)

# Observation operators: interpolation exact on members linear between grid points (stencils
# across blocks and the periodic end), interp at integer coordinates == selection bit for bit,
# |x|, x^2 and a user operator; every analysis bitwise identical on 1-4 ranks.
mck_add_executable(test_ens_obs ${MCK_TEST_SRC}/test_ens_obs.c)
mck_add_rank_bitwise_test(NAME ensemble.obs_operators COMMAND $<TARGET_FILE:test_ens_obs> FILE ens_obs_bits LABELS ensemble TIMEOUT 60)

# The local analyses' observation halos: letkf and lnetf with the halo exchange == with the
# all-gather, bit for bit (selection and interp, halos of one, several blocks and the whole ring),
# the same bits on 1-4 ranks, and the exchange bytes against their formula (n = 400, c = 2).
mck_add_executable(test_ens_halo ${MCK_TEST_SRC}/test_ens_halo.c)
mck_add_rank_bitwise_test(NAME ensemble.halo COMMAND $<TARGET_FILE:test_ens_halo> FILE ens_halo_bits LABELS ensemble TIMEOUT 60)

# Observations given distributed: every analysis and layout the same bits as with the list given
# replicated, whichever ranks are given the observations; a bad one on the last rank is an error
# on every rank.
mck_add_executable(test_ens_distobs ${MCK_TEST_SRC}/test_ens_distobs.c)
mck_add_rank_bitwise_test(NAME ensemble.distobs COMMAND $<TARGET_FILE:test_ens_distobs> FILE ens_distobs_bits LABELS ensemble TIMEOUT 60)

# Observations on a 2D periodic grid: bilinear interp exact (cells across blocks and both periodic
# ends), the grid (40, 1) == the ring of 40 bit for bit, letkf and lnetf halo == all-gather ==
# replicated == list given distributed, 2D Euclidean localisation with wrap, and the input errors.
mck_add_executable(test_ens_grid ${MCK_TEST_SRC}/test_ens_grid.c)
mck_add_rank_bitwise_test(NAME ensemble.grid COMMAND $<TARGET_FILE:test_ens_grid> FILE ens_grid_bits LABELS ensemble TIMEOUT 60)

# Wrapped members (one rank, replicated, redundant) allocate no arrays of their own: set-up
# allocates two copies of the members (the analysis storage and its scratch), not three or more;
# the members keep the model's Vec type, block size and DM; blocks members keep their own arrays.
mck_add_executable(test_ens_memory ${MCK_TEST_SRC}/test_ens_memory.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME ensemble.memory COMMAND $<TARGET_FILE:test_ens_memory> -malloc_debug RANKS ${np} LABELS ensemble TIMEOUT 60)
endforeach()

# The public accessors, the etkf/enkf analyses and an eki iteration at the edges of the layouts: n = 2 and 3 below
# the rank count (ranks without state), J = 2 (ranks without members) and J = 5 > n, blocks,
# replicated and redundant, one rank per member or one group of all; against independent
# moments and the Kalman update within floating-point bounds, the same bits in every layout
# (in the run) and on 1, 2 and 3 ranks (the files compared); redundant refused where it cannot run.
mck_add_executable(test_ens_edges ${MCK_TEST_SRC}/test_ens_edges.c)
foreach(np 1 2 3)
  mck_add_mpi_test(NAME ensemble.edges COMMAND $<TARGET_FILE:test_ens_edges> ens_edges_bits.np${np}.txt
                   RANKS ${np} LABELS ensemble TIMEOUT 60)
  set_tests_properties(ensemble.edges.np${np} PROPERTIES FIXTURES_SETUP ens_edges_bits_np${np})
endforeach()
foreach(np 2 3)
  mck_add_script_test(NAME ensemble.edges.compare.np1-np${np}
                      COMMAND ${CMAKE_COMMAND} -E compare_files ens_edges_bits.np1.txt ens_edges_bits.np${np}.txt
                      LABELS ensemble TIMEOUT 30 PROCESSORS 1)
  set_tests_properties(ensemble.edges.compare.np1-np${np} PROPERTIES
                       FIXTURES_REQUIRED "ens_edges_bits_np1;ens_edges_bits_np${np}")
endforeach()
