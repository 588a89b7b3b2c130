# The Python bindings (python/mckean): pytest suites on 1 and 2 ranks, and the examples.
if(NOT MCKEAN_BUILD_PYTHON)
  return()
endif()
set(MCK_PY_TEST_ENV ${MCK_TEST_ENV})
list(FILTER MCK_PY_TEST_ENV EXCLUDE REGEX "^PYTHONPATH=")
list(APPEND MCK_PY_TEST_ENV PYTHONPATH=${MCK_BINARY_DIR}/python:${MCK_TEST_SRC} MCK_SOURCE_DIR=${MCK_SOURCE_DIR})
set(MCK_PY_TEST_DIR ${CMAKE_CURRENT_BINARY_DIR}/python)
file(MAKE_DIRECTORY ${MCK_PY_TEST_DIR})

# mck_add_python_test(NAME name COMMAND args... RANKS n [TIMEOUT s] [FIXTURES f...])
function(mck_add_python_test)
  cmake_parse_arguments(T "" "NAME;RANKS;TIMEOUT" "COMMAND;FIXTURES" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  add_test(NAME ${T_NAME}.np${T_RANKS} COMMAND ${MCK_MPIEXEC} -n ${T_RANKS} ${MCK_PYTHON} ${T_COMMAND}
           WORKING_DIRECTORY ${MCK_PY_TEST_DIR})
  set_tests_properties(${T_NAME}.np${T_RANKS} PROPERTIES ENVIRONMENT "${MCK_PY_TEST_ENV}" TIMEOUT ${T_TIMEOUT}
    LABELS python PROCESSORS ${T_RANKS} FIXTURES_REQUIRED "${T_FIXTURES}")
endfunction()

foreach(np 1 2)
  # the app's own run file, for run() to match bit for bit
  add_test(NAME python.app_langevin.np${np}
    COMMAND ${MCK_MPIEXEC} -n ${np} $<TARGET_FILE:mckean-langevin>
            -options_file_yaml ${MCK_SOURCE_DIR}/inputs/langevin.yaml -particles_n 2000 -lgv_steps 50
            -lgv_snapshot_interval 10 -seed 7 -progress_interval 0 -output langevin.app.np${np}.h5
    WORKING_DIRECTORY ${MCK_PY_TEST_DIR})
  set_tests_properties(python.app_langevin.np${np} PROPERTIES ENVIRONMENT "${MCK_TEST_ENV}" TIMEOUT 30 LABELS python
    PROCESSORS ${np} FIXTURES_SETUP python_app_langevin_np${np})
  foreach(suite views drift errors lifetime apps models obs petsc4py field dmft mfnet gen agree)
    # a hang (a rank left in a collective) must fail fast: errors, lifetime and obs get a short timeout
    # (errors runs in about 5 s, 20 s on a machine loaded 5 times over)
    set(timeout 90)
    if(suite STREQUAL "errors" OR suite STREQUAL "obs" OR suite STREQUAL "lifetime" OR suite STREQUAL "agree")
      set(timeout 45)
    endif()
    mck_add_python_test(NAME python.${suite} RANKS ${np} TIMEOUT ${timeout} FIXTURES python_app_langevin_np${np}
      COMMAND -m pytest -q --color=no -p no:cacheprovider ${MCK_TEST_SRC}/test_${suite}.py)
  endforeach()
endforeach()

# Model calls through the bindings keep no memory and allocate no state, failing ones too:
# PetscMalloc() counted by PETSc (-malloc_debug; -log_view_memory keeps the peak a call reaches),
# which PETSC_OPTIONS gives the process
mck_add_python_test(NAME python.memory RANKS 1 TIMEOUT 60
  COMMAND -m pytest -q --color=no -p no:cacheprovider ${MCK_TEST_SRC}/test_memory.py)
set_tests_properties(python.memory.np1 PROPERTIES
  ENVIRONMENT "${MCK_PY_TEST_ENV};PETSC_OPTIONS=-malloc_debug -log_view_memory")
# examples/python: a PyTorch network as a learned drift, trajectories equal to the C drift's
# (the script fails above its tolerance)
mck_add_python_test(NAME python.example.learned_drift RANKS 2 TIMEOUT 60
  COMMAND ${MCK_SOURCE_DIR}/examples/python/learned_drift.py --steps 100)
# EKS calibrating a NumPy model, members on 2 ranks, against the exact posterior (4 standard
# errors of 20 batch means, each batch 2 units of pseudo-time, about twice the sampler's
# correlation time)
mck_add_python_test(NAME python.example.eks_calibration RANKS 2 TIMEOUT 90
  COMMAND ${MCK_SOURCE_DIR}/examples/python/eks_calibration.py --burn 300 --per-batch 100)
# PETSC_OPTIONS belongs to the process: objects made from Python do not read it (it would be
# refused as unused) and PETSc does (-log_view writes its file)
string(CONCAT mck_petsc_options_script
  "import os; os.path.exists('petsc_options.log') and os.remove('petsc_options.log'); import mckean; "
  "p = mckean.Particles(particles_n=64, particles_dim=1); l = mckean.Langevin(p, lgv_drifts='harmonic'); "
  "l.initialize(); l.step(2); mckean.finalize(); assert 'MckDriftForce' in open('petsc_options.log').read()")
add_test(NAME python.petsc_options.np1
  COMMAND ${MCK_PYTHON} -c "${mck_petsc_options_script}"
  WORKING_DIRECTORY ${MCK_PY_TEST_DIR})
set_tests_properties(python.petsc_options.np1 PROPERTIES
  ENVIRONMENT "${MCK_PY_TEST_ENV};PETSC_OPTIONS=-log_view :petsc_options.log" TIMEOUT 30 LABELS python PROCESSORS 1)
# McKean failing to start (PETSC_OPTIONS naming a missing file, a wrong MCKEAN_ISA) raises an Error
# that says so, not an empty one
foreach(case "PETSC_OPTIONS=-options_file no-such-file" "MCKEAN_ISA=bogus")
  string(REGEX REPLACE "=.*" "" var "${case}")
  add_test(NAME python.start_error.${var}.np1 COMMAND ${MCK_PYTHON} -c "import mckean"
           WORKING_DIRECTORY ${MCK_PY_TEST_DIR})
  set_tests_properties(python.start_error.${var}.np1 PROPERTIES ENVIRONMENT "${MCK_PY_TEST_ENV};${case}" TIMEOUT 30
    LABELS python PROCESSORS 1
    PASS_REGULAR_EXPRESSION
      "mckean._core.Error: McKean could not start \\(error [0-9]+[^)]*\\); the reason is printed above")
endforeach()
# A PyTorch surrogate trained online from the members' model outputs of an EKS run (streamed over
# mpi4py, nothing on disk): its prequential test error below a quarter of the noise's standard
# deviation, and EKS driven by the surrogate within 4 standard errors (batch means) of the
# posterior mean the true model gives (the script fails otherwise)
mck_add_python_test(NAME python.example.surrogate_online RANKS 2 TIMEOUT 120
  COMMAND ${MCK_SOURCE_DIR}/examples/python/surrogate_online.py)
