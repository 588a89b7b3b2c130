# The gen layer (src/gen): fitted drift against the exact one, sampling with the exact drift,
# SMC's log Z, ensemble Kalman guidance against the Gaussian posterior, and bitwise the same
# samples of every sampler on 1-4 ranks (tests/gen/test_gen.c states each check and its k sigma).
mck_add_executable(test_gen ${MCK_TEST_SRC}/test_gen.c)
foreach(case fit exact smc guided)
  mck_add_mpi_test(NAME gen.${case} COMMAND $<TARGET_FILE:test_gen> ${case} RANKS 2 LABELS validation gen TIMEOUT 300)
endforeach()
mck_add_rank_bitwise_test(NAME gen.reproducible COMMAND $<TARGET_FILE:test_gen> bitwise FILE gen_bits LABELS mpi gen TIMEOUT 120)
