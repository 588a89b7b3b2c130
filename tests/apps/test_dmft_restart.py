"""Checkpoint/restart of mckean-dmft's self-consistency iteration (population solver).

    test_dmft_restart.py MPIEXEC APP

With fresh noise every iteration (-dmft_frozen_noise 0, so the RNG key is the evaluation
index and must be restored too): a run stopped after 5 iterations with a checkpoint at
evaluation 4, restarted on another rank count and continued to 12 iterations, gives a run
file bitwise identical (every dataset outside /perf and /checkpoint, the iteration history
included) to the uninterrupted 12-iteration run. A restart with a different -dmft_g is
refused naming the option, and leaves no file.
"""
import os

from mcktest import bitwise_differences, check, finish, runner_from_argv

run = runner_from_argv()
A = ["-dmft_g", 2, "-dmft_steps", 60, "-dmft_population", 500, "-dmft_tol", 1e-5, "-dmft_frozen_noise", 0, "-progress_interval", 0]
for f in ("ref.h5", "run.h5", "run.chk.h5", "bad.h5"):
    if os.path.exists(f):
        os.remove(f)
run(2, *A, "-dmft_max_it", 12, "-output", "ref.h5")
run(2, *A, "-dmft_max_it", 5, "-checkpoint_interval", 4, "-output", "run.h5")
check(os.path.exists("run.chk.h5"), "the interrupted run wrote run.chk.h5")
run(3, *A, "-dmft_max_it", 12, "-restart", "run.chk.h5", "-output", "run.h5")
diff = bitwise_differences("ref.h5", "run.h5")
check(not diff, f"restarted run file bitwise equal to the uninterrupted one (differing: {diff})")
p = run(2, *(A[:1] + [2.5] + A[2:]), "-dmft_max_it", 12, "-restart", "run.chk.h5", "-output", "bad.h5", check=False)
check(p.returncode != 0 and "-dmft_g" in p.stderr, "a checkpoint of another -dmft_g is refused, naming the option")
check(not [f for f in os.listdir(".") if f.startswith("bad.h5")], "no output, file in progress or lock after the refusal")
finish()
