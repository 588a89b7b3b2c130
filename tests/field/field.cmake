# MckField (src/field) and the shared kernel definitions (src/kernel): validation of the PDE solvers.
mck_add_executable(test_field_fp ${MCK_TEST_SRC}/test_field_fp.c)
# Analytic checks on 1 rank (the rank agreement is field.fp.ranks); conservation on 2.
foreach(case gibbs kuramoto)
  mck_add_mpi_test(NAME field.fp.${case} COMMAND $<TARGET_FILE:test_field_fp> -case ${case} RANKS 1 LABELS field TIMEOUT 120)
endforeach()
mck_add_mpi_test(NAME field.fp.mass COMMAND $<TARGET_FILE:test_field_fp> -case mass RANKS 2 LABELS field TIMEOUT 120)
# the assembled Jacobian (for PETSc's own preconditioners) gives the same conservation
mck_add_mpi_test(NAME field.fp.mass.aij COMMAND $<TARGET_FILE:test_field_fp> -case mass -fp_jacobian aij RANKS 2 LABELS field TIMEOUT 120)

mck_add_executable(test_field_phase ${MCK_TEST_SRC}/test_field_phase.c)
foreach(case energy coarsening ahead isa)
  mck_add_mpi_test(NAME field.phase.${case} COMMAND $<TARGET_FILE:test_field_phase> -case ${case} RANKS 2 LABELS field TIMEOUT 120)
endforeach()
# Spectral steps and reproducible sums: bitwise the same on 1-4 ranks (1D, 2D, 3D).
mck_add_rank_bitwise_test(NAME field.phase.ranks COMMAND $<TARGET_FILE:test_field_phase> -case ranks
                          FILE field_phase_ranks LABELS field TIMEOUT 60)

# The Krylov solve's reductions are the grid's reproducible ones: 2D and 3D bitwise the same on
# 1-4 ranks; 1D, 2D and 3D agree to the Krylov tolerance.
mck_add_rank_bitwise_test(NAME field.fp.bitwise COMMAND $<TARGET_FILE:test_field_fp> -case bits
                          FILE field_fp_bits LABELS field TIMEOUT 60)
mck_add_mpi_test(NAME field.fp.ranks.write COMMAND $<TARGET_FILE:test_field_fp> -case write field_fp_ranks.ref RANKS 1 LABELS field TIMEOUT 60)
set_tests_properties(field.fp.ranks.write.np1 PROPERTIES FIXTURES_SETUP field_fp_ranks_ref)
foreach(np 2 3 4)
  mck_add_mpi_test(NAME field.fp.ranks.compare COMMAND $<TARGET_FILE:test_field_fp> -case compare field_fp_ranks.ref RANKS ${np} LABELS field TIMEOUT 60)
  set_tests_properties(field.fp.ranks.compare.np${np} PROPERTIES FIXTURES_REQUIRED field_fp_ranks_ref)
endforeach()

# CLI: bad input to mckean-field is one clear message and no output (test_field_cli.py).
foreach(case type_unknown temperature_negative kernel_unknown potential_unknown grid_unsplittable
        epsilon_negative option_unknown type_option_unused help_misspelt restart_missing ok help)
  mck_add_script_test(NAME field.cli.${case}
    COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_field_cli.py --app $<TARGET_FILE:mckean-field> --mpiexec ${MCK_MPIEXEC} --case ${case}
    LABELS field TIMEOUT 60 PROCESSORS 2)
endforeach()

# The app end to end: bitwise restart and rank reproducibility, output schema, XDMF, plot.
mck_add_script_test(NAME field.app
  COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/test_field_app.py ${MCK_MPIEXEC} $<TARGET_FILE:mckean-field> ${MCK_SOURCE_DIR}
  LABELS field TIMEOUT 300 PROCESSORS 2)

# A field type added from outside the library (mckfieldimpl.h): exact heat steps, its own option.
mck_add_executable(test_field_external_type ${MCK_TEST_SRC}/test_field_external_type.c)
foreach(np 1 2)
  mck_add_mpi_test(NAME field.external_type COMMAND $<TARGET_FILE:test_field_external_type> RANKS ${np} LABELS field TIMEOUT 60)
endforeach()
