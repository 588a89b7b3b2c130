"""mckean-mfnn restart and rank independence at the level of the run file: for each dynamics, a
run of 20 steps on 3 ranks must equal, dataset by dataset and bit for bit, a run stopped at step
10 with a checkpoint (2 ranks) and continued from it to step 20 (1 rank). This covers the time
series (losses, test loss, alignment), the neuron snapshots and the final particles, umfld's
velocities and force on mini-batches, fedavg's rounds, cbo. Control: another seed changes
the particles (the comparison can fail).
    test_mfnn_restart.py MPIEXEC APP
"""
from mcktest import bitwise_differences, check, datasets, finish, runner_from_argv

run = runner_from_argv()
NET = ["-mfnet_n", 75, "-mfnet_chunk_size", 8, "-mfnet_dim", 5, "-mfnet_batch", 40, "-mfnet_test_size", 20,
       "-mfnet_temperature", 0.01, "-mfnet_lambda", 0.01, "-mfnet_dt", 0.1, "-mfnn_output_interval", 2,
       "-mfnn_snapshot_interval", 5, "-progress_interval", 0]
CASES = {
    # umfld carries velocities and the force of the last half kick, computed on the step's
    # mini-batch: a restart that recomputed it would see another batch
    "umfld_minibatch": NET + ["-mfnet_dynamics", "umfld", "-mfnet_gamma", 2, "-mfnet_activation", "erf_sqrt2",
                              "-mfnet_minibatch", 15, "-mfnet_teacher", "he2", "-mfnet_teacher_directions", 2],
    "fedavg": NET + ["-mfnet_dynamics", "fedavg", "-mfnet_fedavg_clients", 3, "-mfnet_fedavg_local_steps", 5],
    "cbo": ["-mfnet_n", 75, "-mfnet_chunk_size", 8, "-mfnet_dim", 4, "-mfnet_dynamics", "cbo",
            "-mfnet_cbo_anisotropic", "-mfnn_output_interval", 2, "-mfnn_snapshot_interval", 5, "-progress_interval", 0],
}

for name, opts in CASES.items():
    full, half, cont = f"{name}_full.h5", f"{name}_half.h5", f"{name}_restarted.h5"
    run(3, *opts, "-mfnet_steps", 20, "-seed", 3, "-output", full)
    run(2, *opts, "-mfnet_steps", 10, "-seed", 3, "-checkpoint_interval", 10, "-output", half)
    run(1, *opts, "-mfnet_steps", 20, "-seed", 3, "-restart", half.replace(".h5", ".chk.h5"), "-output", cont)
    present = sorted(datasets(full))
    check("learn/theta" in present and "timeseries/mfnn" in present and "learn/snapshots" in present,
          f"{name}: the run file holds {present}")
    diff = bitwise_differences(full, cont)
    check(not diff, f"{name}: 10 steps (2 ranks) + restart (1 rank) for 10 more is bitwise identical to 20 steps on 3 ranks"
          + (f" (differ: {diff})" if diff else ""))
    if name == "umfld_minibatch":
        other = f"{name}_seed.h5"
        run(1, *opts, "-mfnet_steps", 20, "-seed", 4, "-output", other)
        diff = bitwise_differences(full, other)
        check("learn/theta" in diff, f"{name}: control: another seed changes the particles (differ: {diff})")
finish()
