"""Bitwise reproducibility (issue: validation test 5). The same options and seed give run files
whose datasets are identical bit for bit on 1, 2, 3 and 4 ranks, and a run of 2n steps equals a
run of n steps plus a restart for n more. Attributes that record the machine or the invocation
(nranks, created, wall time, options) are not data and are not compared; /perf neither.
    test_reproducible.py MPIEXEC APP
"""
from mcktest import bitwise_differences, check, datasets, finish, runner_from_argv

run = runner_from_argv()
# N not divisible by the chunk size or the rank counts; every drift kind; snapshots; BAOAB
# (velocities) and Euler-Maruyama.
CASES = {
    "baoab": ["-particles_n", 1003, "-particles_dim", 2, "-particles_chunk_size", 64, "-particles_box", "6.0,5.0",
              "-particles_init", "uniform", "-lgv_integrator", "baoab", "-lgv_dt", 0.01,
              "-lgv_drifts", "fourier_meanfield,harmonic", "-mf_kernel", "gaussian", "-mf_modes", 3,
              "-mf_strength", -2.0, "-mf_width", 0.7, "-harmonic_center", 3.0, "-harmonic_k", 0.5,
              "-lgv_output_interval", 5, "-lgv_snapshot_interval", 10, "-seed", 7],
    "euler_maruyama": ["-particles_n", 997, "-particles_dim", 3, "-particles_chunk_size", 32,
                       "-lgv_integrator", "euler_maruyama", "-lgv_dt", 0.02,
                       "-lgv_drifts", "double_well,quadratic_meanfield", "-quadratic_kappa", 0.5,
                       "-lgv_temperature_schedule", "exponential", "-lgv_temperature", 2.0,
                       "-lgv_temperature_final", 0.5, "-lgv_temperature_tau", 0.3,
                       "-lgv_output_interval", 4, "-lgv_snapshot_interval", 20, "-seed", 8],
    # no summary statistics: the single-pass step
    "external": ["-particles_n", 1001, "-particles_dim", 3, "-particles_chunk_size", 40,
                 "-lgv_integrator", "baoab", "-lgv_dt", 0.05, "-lgv_drifts", "harmonic,double_well",
                 "-lgv_output_interval", 4, "-lgv_snapshot_interval", 20, "-seed", 9],
}
STEPS = 40

for name, opts in CASES.items():
    files = {}
    for np_ in (1, 2, 3, 4):
        files[np_] = f"repro_{name}_np{np_}.h5"
        run(np_, *opts, "-lgv_steps", STEPS, "-progress_interval", 0, "-output", files[np_])
    present = sorted(datasets(files[1]))
    expected = ["particles/snapshots", "particles/v", "particles/x", "timeseries/langevin", "timeseries/snapshot_times"]
    check(present == expected, f"{name}: the run file holds {present}")
    other_seed = f"repro_{name}_seed.h5"
    run(2, *opts, "-seed", 99, "-lgv_steps", STEPS, "-progress_interval", 0, "-output", other_seed)
    diff = bitwise_differences(files[1], other_seed)
    random = {"particles/snapshots", "particles/x", "timeseries/langevin"}
    check(random <= set(diff), f"{name}: control: another seed changes the positions and the time series (differ: {diff})")
    for np_ in (2, 3, 4):
        diff = bitwise_differences(files[1], files[np_])
        check(not diff, f"{name}: {np_} ranks bitwise identical to 1 rank" + (f" (differ: {diff})" if diff else ""))

    half = f"repro_{name}_half.h5"
    run(2, *opts, "-lgv_steps", STEPS // 2, "-checkpoint_interval", STEPS // 2, "-progress_interval", 0, "-output", half)
    restarted = f"repro_{name}_restarted.h5"
    run(3, *opts, "-lgv_steps", STEPS, "-restart", half.replace(".h5", ".chk.h5"), "-progress_interval", 0, "-output", restarted)
    diff = bitwise_differences(files[1], restarted)
    check(not diff, f"{name}: {STEPS // 2} steps + restart (on another rank count) for {STEPS // 2} more is bitwise identical to {STEPS} steps" + (f" (differ: {diff})" if diff else ""))
finish()
