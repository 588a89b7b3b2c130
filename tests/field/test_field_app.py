"""mckean-field end to end: run files, restart and rank reproducibility.
  - Cahn-Hilliard: 2n steps on 1 rank equal n steps on 2 ranks plus a restart on 3 ranks for
    n more, bit for bit (spectral steps and MckStats sums do not depend on the rank count); the mass column is constant to
    round-off and the free energy never increases; the XDMF sidecar names datasets and shapes
    that exist in the run file.
  - Fokker-Planck: n + restart for n more equals 2n steps bit for bit on the same rank count
    (Krylov reductions depend on the rank count, so only the same count is bitwise).
  - scripts/plot_field.py draws the run.
    test_field_app.py MPIEXEC APP SOURCE_DIR
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np

from mcktest import bitwise_differences, check, finish, runner_from_argv, series

run = runner_from_argv()
source = sys.argv[3]
CH = ["-field_type", "cahn_hilliard", "-grid_n", "32,24", "-ch_epsilon", "0.03", "-ts_dt", "5e-4",
      "-field_output_interval", 2, "-field_snapshot_interval", 10, "-seed", 5, "-progress_interval", 0]
FP = ["-field_type", "fokker_planck", "-grid_n", "24,16", "-grid_L", 6.283185307179586, "-fp_interaction",
      "-mf_kernel", "gaussian", "-mf_strength", -3, "-mf_width", 0.8, "-mf_modes", 4, "-fp_potentials", "harmonic",
      "-harmonic_center", 3.14, "-harmonic_k", 0.2, "-field_init", "cosine", "-field_init_amplitude", 0.3,
      "-ts_dt", 0.05, "-field_snapshot_interval", 5, "-progress_interval", 0]


def restart_pair(name, opts, t_full, steps_half, np_full, np_half, np_rest):
    """The first part stops by its step count (a run that lands on -ts_max_time shortens its
    last step, which an uninterrupted run does not take), checkpointing at its last step."""
    full, half, rest = f"{name}_full.h5", f"{name}_half.h5", f"{name}_restarted.h5"
    run(np_full, *opts, "-ts_max_time", t_full, "-output", full)
    run(np_half, *opts, "-ts_max_time", t_full, "-ts_max_steps", steps_half, "-checkpoint_interval", steps_half, "-output", half)
    run(np_rest, *opts, "-ts_max_time", t_full, "-restart", half.replace(".h5", ".chk.h5"), "-output", rest)
    diff = bitwise_differences(full, rest)
    check(not diff, f"{name}: half run + restart ({np_half} then {np_rest} ranks) is bitwise identical to the full run on {np_full}" + (f" (differ: {diff})" if diff else ""))
    return full


# the first part on 2 ranks, the rest on 3, against 1 rank: restart and rank count at once
ch = restart_pair("ch", CH, 0.02, 20, 1, 2, 3)
s = series(ch, "field")
check(np.ptp(s["mass"]) < 1e-15, f"cahn_hilliard: mass column constant to round-off (spread {np.ptp(s['mass']):.2e})")
check(np.all(np.diff(s["free_energy"]) <= 1e-13), "cahn_hilliard: free energy never increases between rows")
check(abs(s["t"][-1] - 0.02) < 1e-12, f"cahn_hilliard: the last row is at -ts_max_time (t = {s['t'][-1]})")

xmf = ET.parse("ch_full.xmf").getroot()
grids = xmf.findall(".//Grid[@GridType='Uniform']")
with h5py.File(ch, "r") as f:
    u = f["/fields/u"]
    times = f["/timeseries/snapshot_times"][:, 0]
    check(u.shape == (len(times), 32 * 24, 1), f"/fields/u has shape {u.shape}: (snapshots, n_x n_y, 1)")
    check(len(grids) == len(times), f"XDMF sidecar: {len(grids)} time steps for {len(times)} snapshots")
    item = grids[-1].find(".//DataItem[@Format='HDF']")
    fname, dset = item.text.strip().split(":")
    check(fname == "ch_full.h5" and dset == "/fields/u" and item.get("Dimensions") == "%d %d 1" % u.shape[:2],
          f"XDMF names {item.text.strip()} with dimensions {item.get('Dimensions')}")
    check(grids[0].find("Topology").get("Dimensions") == "1 24 32",
          "XDMF topology is n_z n_y n_x (slowest first), one point thick in z: the 2D grid lies in the x-y plane")

restart_pair("fp", FP, 1.0, 10, 1, 1, 1)
s = series("fp_full.h5", "field")
check(np.ptp(s["mass"]) < 1e-13, f"fokker_planck: mass conserved to round-off (spread {np.ptp(s['mass']):.2e})")

r = subprocess.run([sys.executable, os.path.join(source, "scripts", "plot_field.py"), ch, "-o", "ch.png"], capture_output=True, text=True)
check(r.returncode == 0 and os.path.getsize("ch.png") > 1000, "plot_field.py draws the run" + ("" if r.returncode == 0 else ": " + r.stderr[-500:]))
finish()
