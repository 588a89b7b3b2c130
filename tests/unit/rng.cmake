# MckRNG (src/rng): Philox known answers, the documented key/counter mapping, the elementary
# functions, call-grouping identity, the distributions of normals (also packed) and uniforms, and the
# refusal of out-of-range arguments.
set(mck_rng_tests philox_kat rng_contract rng_elementary rng_identity normals normals_packed rng_uniforms
    rng_refuse)
foreach(t IN LISTS mck_rng_tests)
  mck_add_executable(test_${t} ${MCK_TEST_SRC}/test_${t}.c)
  string(REPLACE "rng_" "" mck_rng_name ${t})
  mck_add_mpi_test(NAME rng.${mck_rng_name} COMMAND $<TARGET_FILE:test_${t}> RANKS 1 LABELS unit TIMEOUT 120)
endforeach()

# One binary, every instruction set: the run-time-dispatched kernels and a Langevin trajectory
# give bitwise the same numbers under generic, AVX2 and AVX-512 (those this CPU supports).
mck_add_executable(test_isa_identity ${MCK_TEST_SRC}/test_isa_identity.c)
mck_add_mpi_test(NAME isa.identity COMMAND $<TARGET_FILE:test_isa_identity> RANKS 1 LABELS unit TIMEOUT 120)
mck_add_mpi_test(NAME isa.identity COMMAND $<TARGET_FILE:test_isa_identity> RANKS 2 LABELS unit TIMEOUT 120)
# MCKEAN_ISA selects the path for a whole run; a name that is not an instruction set is refused.
add_test(NAME isa.env_generic COMMAND ${CMAKE_COMMAND} -E env MCKEAN_ISA=generic ${MCK_MPIEXEC} -n 1 $<TARGET_FILE:test_isa_identity>)
set_tests_properties(isa.env_generic PROPERTIES ENVIRONMENT "${MCK_TEST_ENV}" LABELS unit PASS_REGULAR_EXPRESSION "MCKEAN_ISA selected generic")
add_test(NAME isa.env_refused COMMAND ${CMAKE_COMMAND} -E env MCKEAN_ISA=sse9 ${MCK_MPIEXEC} -n 1 $<TARGET_FILE:test_isa_identity>)
set_tests_properties(isa.env_refused PROPERTIES ENVIRONMENT "${MCK_TEST_ENV}" LABELS unit PASS_REGULAR_EXPRESSION "MCKEAN_ISA=sse9: unknown instruction set; allowed: auto, generic, avx2, avx512")
# The same kernels compiled into the test without optimisation and for the x86-64 baseline: equal
# to the optimised library bit for bit in every instruction set; tails and angle of the normals.
mck_add_executable(test_rng_kernels_O0 ${MCK_TEST_SRC}/test_rng_kernels_O0.c ${MCK_SOURCE_DIR}/src/rng/kernels.c)
target_include_directories(test_rng_kernels_O0 PRIVATE ${MCK_SOURCE_DIR}/src)
target_compile_options(test_rng_kernels_O0 PRIVATE -O0)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  target_compile_options(test_rng_kernels_O0 PRIVATE -march=x86-64)
endif()
mck_add_mpi_test(NAME rng.kernels_O0 COMMAND $<TARGET_FILE:test_rng_kernels_O0> RANKS 1 LABELS unit TIMEOUT 120)
