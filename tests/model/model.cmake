# Forward models (src/model): convergence orders, budgets,
# fixed points, independent products, failure flags; 1 and 2 ranks (a member spread over ranks).
foreach(t model_dynamical model_linear model_darcy model_shell model_object)
  mck_add_executable(test_${t} ${MCK_TEST_SRC}/test_${t}.c)
  foreach(np 1 2)
    mck_add_mpi_test(NAME models.${t} COMMAND $<TARGET_FILE:test_${t}> RANKS ${np} LABELS models TIMEOUT 60)
  endforeach()
endforeach()

# Lorenz-96 on a member spread over 1-4 ranks: bitwise-identical states after 100 RK4 steps.
mck_add_rank_bitwise_test(NAME models.l96_bitwise COMMAND $<TARGET_FILE:test_model_dynamical> FILE l96_bits LABELS models)

# Karhunen-Loeve prior of the Darcy model: prescribed variance (statistical, 4 standard errors).
mck_add_executable(test_model_kl ${MCK_TEST_SRC}/test_model_kl.c)
mck_add_mpi_test(NAME models.model_kl COMMAND $<TARGET_FILE:test_model_kl> RANKS 1 LABELS models TIMEOUT 60)

# Allen-Cahn on a periodic 2D grid: RK4 order 4, the free energy never increases and falls at
# the gradient-flow rate, constant states follow c' = c - c^3, bad options refused in one line;
# 1 and 2 ranks (rows of the member split over ranks).
mck_add_executable(test_model_allen_cahn ${MCK_TEST_SRC}/test_model_allen_cahn.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME models.model_allen_cahn COMMAND $<TARGET_FILE:test_model_allen_cahn> RANKS ${np} LABELS models
                   TIMEOUT 60)
endforeach()
# A 20 x 12 member on 1-4 ranks: the array rate (1 rank) and the DMDA ghost-row rate (2-4 ranks)
# give bitwise-identical states after 100 RK4 steps.
mck_add_rank_bitwise_test(NAME models.allen_cahn_bitwise COMMAND $<TARGET_FILE:test_model_allen_cahn> FILE ac_bits
                          LABELS models)

# mckean-da on the Allen-Cahn deck (inputs/da_allen_cahn.yaml): RMSE far below the observation
# error and the forecasts' alone; 1 rank == 2 ranks == members split over 2 ranks, bit for bit.
mck_add_script_test(NAME models.da_allen_cahn
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_da_allen_cahn.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-da>
          ${MCK_SOURCE_DIR}/inputs/da_allen_cahn.yaml
  LABELS models ensemble TIMEOUT 120)
