"""The run layer's output helper through a tiny app of its own (run_walker_app: x' = cos(x),
explicit Euler, built on include/mckean/mckrun.h alone):

- rows of /timeseries/walker exactly at the multiples of -walker_output_interval (and the
  initial state), their x the Euler recursion computed here independently (to 1e-13: the only
  difference is the libm cosine against numpy's, a few ulp over 20 steps);
- snapshots at the multiples of -walker_snapshot_interval with their times in
  /timeseries/snapshot_times, and the final state in /walker;
- a restart from the last periodic checkpoint, on another rank count, gives a run file bitwise
  equal to the uninterrupted run's; a restart with another output interval is refused;
- a misspelt interval option, and an interval of 0 for the rows, are refused with one line of
  the app's and no run file."""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from mcktest import bitwise_differences, check, finish, runner_from_argv  # noqa: E402

run = runner_from_argv()
STEPS, DT, X0, ROWS, SNAPS = 20, 0.1, 0.5, 3, 5
common = ["-walker_steps", STEPS, "-walker_output_interval", ROWS, "-walker_snapshot_interval", SNAPS]

for f in ("walker_a.h5", "walker_a_chk.h5", "walker_b.h5", "walker_typo.h5"):
    if os.path.exists(f):
        os.remove(f)

# the Euler recursion of x' = cos(x)
x = [X0]
for k in range(STEPS):
    x.append(x[-1] + DT * np.cos(x[-1]))
x = np.array(x)

run(2, *common, "-output", "walker_a.h5", "-checkpoint", "walker_a_chk.h5", "-checkpoint_interval", 8)
with h5py.File("walker_a.h5", "r") as f:
    rows = f["/timeseries/walker"][...]
    snaps = f["/walker/snapshots"][...]
    times = f["/timeseries/snapshot_times"][...].ravel()
    final = dict(f["/walker"].attrs)
row_steps = np.arange(0, STEPS + 1, ROWS)
snap_steps = np.arange(0, STEPS + 1, SNAPS)
check(rows.shape == (len(row_steps), 2), f"rows at steps {list(row_steps)}: shape {rows.shape}")
check(np.array_equal(rows[:, 0], row_steps * DT), "row times are step * dt")
check(np.allclose(rows[:, 1], x[row_steps], rtol=0, atol=1e-13), "row values follow the Euler recursion")
snaps = snaps.reshape(snaps.shape[0], -1)
check(snaps.shape == (len(snap_steps), 2), f"snapshots at steps {list(snap_steps)}: shape {snaps.shape}")
check(np.array_equal(snaps[:, 0], snap_steps), "each snapshot holds its step")
check(np.allclose(snaps[:, 1], x[snap_steps], rtol=0, atol=1e-13), "snapshot values follow the Euler recursion")
check(np.array_equal(times, snap_steps * DT), f"snapshot_times {list(times)} are the snapshots' times")
check(final.get("step") == STEPS and final.get("x") == snaps[-1, 1], "the final state is written under /walker")

# restart from step 16 (the last checkpoint) on 3 ranks: the same file as the uninterrupted run
run(3, *common, "-restart", "walker_a_chk.h5", "-output", "walker_b.h5")
diff = bitwise_differences("walker_a.h5", "walker_b.h5")
check(not diff, f"restart from the checkpoint continues the run file bitwise (differences: {diff})")
p = run(1, "-walker_steps", STEPS, "-walker_output_interval", 4, "-walker_snapshot_interval", SNAPS,
        "-restart", "walker_a_chk.h5", "-output", "walker_c.h5", check=False)
check(p.returncode != 0 and "-walker_output_interval" in p.stderr,
      f"a restart with another output interval is refused (exit {p.returncode}: {p.stderr.strip()[:200]})")


def refused(options, word):
    """Refused with one line of the app's (mpiexec adds its own note of a non-zero exit)."""
    p = run(1, *options, "-output", "walker_typo.h5", check=False)
    lines = [line for line in p.stderr.splitlines() if line.startswith("run_walker_app")]
    check(p.returncode != 0 and len(lines) == 1 and word in lines[0] and not os.path.exists("walker_typo.h5"),
          f"{' '.join(map(str, options))}: refused with one line (exit {p.returncode}: {lines})")


refused(["-walker_output_intervall", 3], "-walker_output_intervall")
refused(["-walker_output_interval", 0], "-walker_output_interval")
finish()
