"""mckean-mv run files: the particle side is bitwise identical on 1, 2 and 3 ranks, the PDE side
to 1e-12 relative (its Krylov solver's reductions depend on the rank count; measured 7e-16);
and 20 steps + checkpoint + restart for 20 more equals 40 steps bit for bit (same rank count,
the PDE's state is restored exactly). The file holds the documented datasets.
    test_mv.py MPIEXEC APP DECK
"""
import sys

import h5py
import numpy as np

from mcktest import bitwise_differences, check, finish, Runner

mpiexec, app, deck = sys.argv[1:4]
run = Runner(mpiexec, app)
opts = ["-options_file_yaml", deck, "-particles_n", 2000, "-lgv_steps", 40, "-mv_output_interval", 10,
        "-mv_snapshot_interval", 20, "-grid_n", 32, "-progress_interval", 0]
for np_ in (1, 2, 3):
    run(np_, *opts, "-output", f"mv_np{np_}.h5")
with h5py.File("mv_np1.h5", "r") as f:
    present = sorted(n for n in ("fields/density", "fields/density_estimated", "particles/density", "particles/x",
                                 "timeseries/mv", "timeseries/langevin", "timeseries/snapshot_times") if n in f)
    check(len(present) == 7, f"the run file holds the documented datasets ({present})")
    check(f["/fields/density"].shape == (3, 32, 1), f"/fields/density has shape {f['/fields/density'].shape}, expected (3, 32, 1)")
PDE = {"fields/density", "fields/density_estimated", "timeseries/mv", "field/solution"}  # field/solution: the final state
for np_ in (2, 3):
    diff = set(bitwise_differences("mv_np1.h5", f"mv_np{np_}.h5"))
    check(not diff - PDE, f"{np_} ranks: the particle side is bitwise identical to 1 rank (differ: {sorted(diff)})")
    with h5py.File("mv_np1.h5", "r") as a, h5py.File(f"mv_np{np_}.h5", "r") as b:
        worst = max(np.abs(a[n][...] - b[n][...]).max() / np.abs(a[n][...]).max() for n in PDE)
    check(worst < 1e-12, f"{np_} ranks: the PDE side agrees to {worst:.1e} relative (< 1e-12)")
run(2, *opts, "-lgv_steps", 20, "-checkpoint_interval", 20, "-output", "mv_half.h5")
run(2, *opts, "-restart", "mv_half.chk.h5", "-output", "mv_restarted.h5")
diff = bitwise_differences("mv_np2.h5", "mv_restarted.h5")
check(not diff, "20 steps + restart for 20 more is bitwise identical to 40 steps (2 ranks)" + (f" (differ: {diff})" if diff else ""))
finish()
