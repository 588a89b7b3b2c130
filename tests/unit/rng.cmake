# MckRNG (src/rng): Philox known answers, the documented key/counter mapping, the elementary
# functions, call-grouping identity, and the distributions of normals and uniforms.
set(mck_rng_tests philox_kat rng_contract rng_elementary rng_identity normals rng_uniforms)
foreach(t IN LISTS mck_rng_tests)
  mck_add_executable(test_${t} ${MCK_TEST_SRC}/test_${t}.c)
  string(REPLACE "rng_" "" mck_rng_name ${t})
  mck_add_mpi_test(NAME rng.${mck_rng_name} COMMAND $<TARGET_FILE:test_${t}> RANKS 1 LABELS unit TIMEOUT 120)
endforeach()
