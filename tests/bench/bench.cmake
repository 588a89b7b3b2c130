# Benchmarks that cannot rot: every benchmark program, and the scripts that need nothing outside
# the project's packages, run at a tiny size (seconds) under the label "bench", which the default
# suite includes. check_bench.py checks that each runs and prints its JSON (every JSON line parses,
# the machine line names the CPU and the instruction set, the expected result lines are there),
# not its timings.
set(MCK_BENCH_CHECK ${MCK_PYTHON} ${MCK_TEST_SRC}/check_bench.py)
set(MCK_BENCH_DIR ${MCK_BINARY_DIR}/bench)
set(MCK_BENCH_QUICK -bench_reps 1 -bench_warmup 1)

# mck_add_bench_test(NAME name EXPECT names RANKS n COMMAND args...)
function(mck_add_bench_test)
  cmake_parse_arguments(T "" "NAME;EXPECT;RANKS" "COMMAND" ${ARGN})
  if(NOT T_RANKS)
    set(T_RANKS 1)
  endif()
  mck_add_script_test(NAME bench.${T_NAME}
    COMMAND ${MCK_BENCH_CHECK} --expect ${T_EXPECT} -- ${MCK_MPIEXEC} -n ${T_RANKS} ${T_COMMAND}
    LABELS bench TIMEOUT 240 PROCESSORS ${T_RANKS})
endfunction()

mck_add_bench_test(NAME langevin RANKS 2 EXPECT triad,langevin,langevin_previous,langevin_probe,rng_normals
  COMMAND ${MCK_BENCH_DIR}/bench-langevin -bench_n 2000 -bench_triad_mb 1 -bench_triad_reps 2 ${MCK_BENCH_QUICK}
          -bench_target_seconds 0.01 -bench_min_steps 2)
mck_add_bench_test(NAME meanfield RANKS 2 EXPECT meanfield_modes,meanfield_modes_fit,meanfield_comm,meanfield_scaling
  COMMAND ${MCK_BENCH_DIR}/bench-meanfield -bench_parts modes,comm,scaling -bench_dims 1 -bench_modes_1d 1,2
          -bench_modes_n 2000 -bench_comm_n 1000,2000 -bench_scaling_n 4000 ${MCK_BENCH_QUICK}
          -bench_target_seconds 0.01 -bench_min_steps 2)
mck_add_bench_test(NAME mfnn EXPECT mfnn
  COMMAND ${MCK_BENCH_DIR}/bench-mfnn -bench_n 256 -bench_dim 8 -bench_batch 64 -bench_chunk_size 64
          -bench_steps 2 -bench_gemm_n 64 ${MCK_BENCH_QUICK})
mck_add_bench_test(NAME field RANKS 2 EXPECT field_spectral,field_fp_step,field_fft
  COMMAND ${MCK_BENCH_DIR}/bench-field -bench_spectral_n2 16 -bench_spectral_n3 8 -bench_reps 2 -bench_fp_n 16 -bench_fp_steps 2
          -bench_fft_n 16)
mck_add_bench_test(NAME dmft EXPECT dmft
  COMMAND ${MCK_BENCH_DIR}/bench-dmft -bench_steps 32 -bench_population 256 -bench_chunk 64 -bench_iterations 1 -bench_dgemm_n 64)
mck_add_bench_test(NAME ensemble EXPECT letkf
  COMMAND ${MCK_BENCH_DIR}/bench-ensemble -bench_part letkf -bench_n 100,200 -bench_reps 1)
mck_add_bench_test(NAME da_forecast EXPECT forecast
  COMMAND ${MCK_BENCH_DIR}/bench-da -bench_part forecast -bench_J 4 -bench_nsteps 1 -bench_reps 1)
mck_add_bench_test(NAME da_cycle RANKS 2 EXPECT cycle
  COMMAND ${MCK_BENCH_DIR}/bench-da -bench_part cycle -bench_cycles 5 -bench_warmup 2 -bench_big_n 400
          -bench_big_cycles 2 -bench_output ${CMAKE_CURRENT_BINARY_DIR}/bench-da-cycle.h5)
mck_add_bench_test(NAME darcy EXPECT darcy_forward
  COMMAND ${MCK_BENCH_DIR}/bench-darcy -bench_sizes 8,16 -bench_reps 1)
mck_add_bench_test(NAME pspin EXPECT pspin
  COMMAND ${MCK_BENCH_DIR}/bench-pspin -bench_steps 32,64 -bench_reps 1)
mck_add_bench_test(NAME allreduce RANKS 2 EXPECT allreduce
  COMMAND ${MCK_BENCH_DIR}/bench-allreduce -bench_bytes 8,1024 -bench_calls 10 -bench_reps 2)

# The scripts: McKean against LAMMPS (step timing and whole processes). (run_mfnn_vs_torch.sh
# needs python3-torch, which is not among the project's packages; the other scripts run the
# programs above with the same options.)
mck_add_script_test(NAME bench.run_langevin_vs_lammps
  COMMAND ${CMAKE_COMMAND} -E env MCKEAN_BUILD=${MCK_BINARY_DIR} N=2000 STEPS=10 RANKS=1 REPS=1
          ${MCK_BENCH_CHECK} --expect langevin,lammps_langevin,ratio_mckean_over_lammps -- bash ${MCK_SOURCE_DIR}/bench/run_langevin_vs_lammps.sh
  LABELS bench TIMEOUT 240 PROCESSORS 2)
mck_add_script_test(NAME bench.run_da
  COMMAND ${CMAKE_COMMAND} -E env MCKEAN_BUILD=${MCK_BINARY_DIR} PARTS=cycle\ process CYCLES=5 BIG_N=400 BIG_CYCLES=1
          CYCLES_APP=20 REPS=1 ${MCK_BENCH_CHECK} --expect machine,cycle,da_process -- bash ${MCK_SOURCE_DIR}/bench/run_da.sh
  LABELS bench TIMEOUT 240 PROCESSORS 2)
mck_add_script_test(NAME bench.run_langevin_app_vs_lammps
  COMMAND ${CMAKE_COMMAND} -E env MCKEAN_BUILD=${MCK_BINARY_DIR} N=2000 STEPS1=5 STEPS2=10 RANKS=1 REPS=1
          ${MCK_BENCH_CHECK} --expect process,app_vs_lammps -- bash ${MCK_SOURCE_DIR}/bench/run_langevin_app_vs_lammps.sh
  LABELS bench TIMEOUT 240 PROCESSORS 2)
mck_add_bench_test(NAME rng EXPECT rng_normals_isa
  COMMAND ${MCK_BENCH_DIR}/bench-rng -bench_streams 512 -bench_reps 1 -bench_rounds 1)

# A failing benchmark ends with one error line and exit status 1, without Open MPI's banner.
mck_add_script_test(NAME bench.error_exit COMMAND ${MCK_PYTHON} ${MCK_TEST_SRC}/check_bench_error.py ${MCK_BENCH_DIR}
  LABELS bench TIMEOUT 120 PROCESSORS 1)
