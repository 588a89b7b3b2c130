# Particle-field coupling (src/particles/deposit.c, the chemotaxis drift, mckean-mv).

# Cloud-in-cell of one particle, exact mass, and the deposited density bitwise identical on 1-4 ranks.
mck_add_executable(test_deposit ${MCK_TEST_SRC}/test_deposit.c)
mck_add_rank_bitwise_test(NAME coupling.deposit COMMAND $<TARGET_FILE:test_deposit> FILE deposit_bits LABELS coupling TIMEOUT 30)

# Keller-Segel drift: grid summary against the exact Fourier moments (second order in h), no
# particle lost, and the coupled run bitwise identical on 1-4 ranks.
mck_add_executable(test_chemotaxis ${MCK_TEST_SRC}/test_chemotaxis.c)
mck_add_rank_bitwise_test(NAME coupling.chemotaxis COMMAND $<TARGET_FILE:test_chemotaxis> FILE chemotaxis_bits LABELS coupling TIMEOUT 60)

# Keller-Segel aggregation threshold chi rho_bar = T (k_min^2 + kappa^2), both sides.
mck_add_script_test(NAME coupling.keller_segel
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_keller_segel.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-langevin>
  LABELS coupling TIMEOUT 120)

# Propagation of chaos: the particles' density approaches the PDE's like N^-1/2.
mck_add_script_test(NAME coupling.chaos
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_chaos.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-mv> ${MCK_SOURCE_DIR}/inputs/mv.yaml
  LABELS coupling TIMEOUT 180 PROCESSORS 1)
set_property(TEST coupling.chaos APPEND PROPERTY ENVIRONMENT "PYTHONPATH=${MCK_SOURCE_DIR}/tests:${MCK_SOURCE_DIR}/scripts")

# Bad input to the chemotaxis drift and to mckean-mv: one clear message, no output file.
foreach(mck_case ks_modes_grid ks_kappa_negative ks_summary_unknown ks_grid_dim ks_ok
                 mv_gamma mv_temperature mv_grid_box mv_bandwidth mv_ok mv_help mv_help_misspelt)
  string(REGEX MATCH "^mv_" mck_is_mv ${mck_case})
  set(mck_app langevin)
  if(mck_is_mv)
    set(mck_app mv)
  endif()
  mck_add_script_test(NAME coupling.cli.${mck_case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_cli_coupling.py --app $<TARGET_FILE:mckean-${mck_app}>
            --mpiexec ${MCK_MPIEXEC} --case ${mck_case}
    LABELS coupling TIMEOUT 60 PROCESSORS 2)
endforeach()

# mckean-mv: rank counts, restart, datasets.
mck_add_script_test(NAME coupling.mv
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_mv.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-mv> ${MCK_SOURCE_DIR}/inputs/mv.yaml
  LABELS coupling TIMEOUT 120)
