"""A target's own settings belong to a checkpoint's configuration: a restart of mckean-gen with
another -target_std (gmm) or -target_noise (moons) is refused naming the option
and both values, and one with the same settings on another rank count ends with the
uninterrupted run's samples bit for bit.
    test_gen_restart_config.py MPIEXEC APP SOURCE_DIR
"""
import os
import sys
import tempfile

from mcktest import bitwise_differences, check, finish, runner_from_argv

run = runner_from_argv()
smc = ["-gen_type", "smc", "-gen_n", 1000, "-gen_steps", 10, "-smc_mcmc", "mala", "-smc_step_size", 0.05,
       "-smc_base_std", 3.0, "-progress_interval", 0]
targets = {  # the target's options, and one of them changed
    "gmm": (["-target_type", "gmm", "-target_std", 0.5], ["-target_std", 0.7], "-target_std 0.5", "-target_std 0.7"),
    "moons": (["-target_type", "moons", "-target_noise", 0.1], ["-target_noise", 0.2], "-target_noise 0.1",
              "-target_noise 0.2"),
}

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    for name, (opts, changed, old, new) in targets.items():
        # moons has no energy, which smc needs: it is sampled by the interpolant
        base = smc if name == "gmm" else ["-gen_type", "interpolant", "-gen_n", 1000, "-gen_steps", 10,
                                          "-gen_fit_rounds", 1, "-progress_interval", 0]
        run(2, *base, *opts, "-checkpoint_interval", 5, "-output", f"{name}.h5", "-checkpoint", f"{name}.chk.h5")
        os.replace(f"{name}.chk.h5", f"{name}.keep.chk.h5")
        proc = run(2, *base, *opts, *changed, "-restart", f"{name}.keep.chk.h5", "-output", f"{name}.bad.h5",
                   check=False)
        out = proc.stdout + proc.stderr
        check(proc.returncode != 0 and f"written with {old} but this run has {new}" in out
              and not os.path.exists(f"{name}.bad.h5"),
              f"{name}: a restart with {new} is refused naming both values ({out.strip().splitlines()[:1]})")
        run(3, *base, *opts, "-restart", f"{name}.keep.chk.h5", "-output", f"{name}.restarted.h5",
            "-checkpoint", f"{name}.r.chk.h5")
        diff = [d for d in bitwise_differences(f"{name}.h5", f"{name}.restarted.h5") if not d.startswith("/perf")]
        check(not diff, f"{name}: restarted on 3 ranks, the run file's datasets equal the uninterrupted run's {diff}")
finish()
