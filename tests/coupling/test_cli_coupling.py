"""CLI tests of bad input to the coupling code (the chemotaxis drift in mckean-langevin, and
mckean-mv): non-zero exit, one '<prog>: error: ...' line naming the option, the bad value and
what is allowed, no output file left. Cases ks_ok and mv_ok are the positive controls.
    test_cli_coupling.py --langevin PATH --mv PATH --mpiexec PATH --case NAME
"""
import argparse
import os
import re
import sys
import tempfile

from test_bad_input import Failure, Runner, check, listing, outputs, value_in

KS = ["-particles_n", "200", "-particles_dim", "2", "-particles_box", "6.283185307179586", "-lgv_steps", "3",
      "-lgv_drifts", "chemotaxis", "-grid_n", "16", "-progress_interval", "0", "-output", "run.h5"]
MV = ["-particles_n", "200", "-particles_dim", "1", "-particles_box", "6.283185307179586", "-lgv_steps", "4",
      "-lgv_dt", "0.01", "-lgv_drifts", "fourier_meanfield", "-fp_interaction", "-grid_n", "16", "-ts_dt", "0.01",
      "-field_init", "gaussian", "-field_init_width", "0.5", "-particles_init", "gaussian",
      "-particles_init_mean", "3.141592653589793", "-particles_init_std", "0.5", "-progress_interval", "0", "-output", "run.h5"]

# name: (app, extra options, option named, value shown, patterns for what is allowed)
CASES = {
    "ks_modes_grid": ("langevin", KS + ["-ks_modes", "9"], "-ks_modes", "9", [r"up to 7"]),
    "ks_kappa_negative": ("langevin", KS + ["-ks_kappa", "-1"], "-ks_kappa", "-1", [r"zero or positive"]),
    "ks_summary_unknown": ("langevin", KS + ["-ks_summary", "spectral"], "-ks_summary", "spectral", [r"grid", r"particles"]),
    "ks_grid_dim": ("langevin", KS + ["-grid_dim", "3"], "-grid_dim", "3", [r"dimension 2"]),
    "mv_gamma": ("mv", MV + ["-lgv_gamma", "2"], "-lgv_gamma", "2", [r"-lgv_gamma 1"]),
    "mv_temperature": ("mv", MV + ["-fp_temperature", "2"], "-fp_temperature", "2", [r"-lgv_temperature"]),
    "mv_grid_box": ("mv", MV + ["-grid_L", "5"], "-grid_L", "5", [r"-particles_box"]),
    "mv_bandwidth": ("mv", MV + ["-mv_bandwidth", "-0.1"], "-mv_bandwidth", "-0.1", [r"zero or positive"]),
}


def expect_user_error(r, prog, cwd, before, option, value, allowed):
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    errs = [l for l in lines if f"{prog}: error: " in l]
    check(r.returncode != 0, "exit code is 0, expected non-zero")
    check("PETSC ERROR" not in r.stderr and len(lines) <= 4, "stderr is not one short message")
    check(len(errs) == 1, f"expected one '{prog}: error: ...' line, found {len(errs)}")
    check(option in errs[0] and value_in(value, errs[0]), f"the message does not name {option} {value}")
    for pattern in allowed:
        check(re.search(pattern, errs[0], re.IGNORECASE), f"the message does not say what is allowed (/{pattern}/)")
    check(not sorted(listing(cwd) - before), f"files left behind: {sorted(listing(cwd) - before)}")
    for p in outputs(cwd, "run.h5"):
        check(not os.path.lexists(p), f"file left behind: {p}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--langevin", required=True)
    ap.add_argument("--mv", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--case", required=True)
    a = ap.parse_args()
    apps = {"langevin": a.langevin, "mv": a.mv}
    with tempfile.TemporaryDirectory() as cwd:
        try:
            if a.case in ("ks_ok", "mv_ok"):
                app = "langevin" if a.case == "ks_ok" else "mv"
                r = Runner(apps[app], a.mpiexec).run(KS if app == "langevin" else MV, cwd)
                check(r.returncode == 0 and ": error:" not in r.stderr, f"the configuration without a mistake failed (exit {r.returncode})")
                check(os.path.isfile(os.path.join(cwd, "run.h5")), "no run.h5 written")
            else:
                app, args, option, value, allowed = CASES[a.case]
                before = listing(cwd)
                r = Runner(apps[app], a.mpiexec).run(args, cwd)
                expect_user_error(r, f"mckean-{app}", cwd, before, option, value, allowed)
        except Failure as e:
            sys.exit(f"FAIL ({a.case}): {e}")
    print(f"ok ({a.case})")


if __name__ == "__main__":
    main()
