#!/usr/bin/env python3
"""A refused input leaves nothing behind, in memory either: each refusal, at a different stage
of the job, run under PETSc's -malloc_dump -malloc_debug, keeps the user's promise of
tests/mckcli.py (one "<app>: error:" line, non-zero exit, no file written) and reports no memory
or PETSc object still allocated when PETSc ends.

    test_refusal_leaks.py --app PATH --mpiexec PATH --case APP --deck FILE

Each case (named after the app) refuses: option values read while the objects are created
(among them values checked inside an options block, which must end the block before returning:
MckOptionsCall/MckOptionsCheck), a missing input file or an option checked at set-up, a -restart
that does not exist, and a checkpoint of another configuration (written first by the same app,
then restarted with one setting changed).
"""
import os
import re
import sys

import mckcli
from mckcli import check

DUMP = ["-malloc_dump", "-malloc_debug"]
# PETSc's report of what was never freed: "[0]Total space allocated ..." and one line per block
LEAK = re.compile(r"^\[\s*\d+\]\s*(Total space allocated|\d+ bytes )", re.MULTILINE)


def expect_clean_refusal(runner, cwd, args, option, value):
    kept = {p: mckcli.digest(os.path.join(cwd, p)) for p in mckcli.listing(cwd)}
    before = mckcli.listing(cwd)
    r = runner.run(["-options_file_yaml", runner.deck] + args + ["-output", "b.h5"] + DUMP, cwd)
    leaks = LEAK.findall(r.stdout + r.stderr)
    check(not leaks, "refusing %s %s left %d blocks allocated (see the output above)" % (option, value, len(leaks)))
    mckcli.expect_user_error(r, cwd, before, option, value, (), mckcli.outputs(cwd, "b.h5"))
    for p, h in kept.items():
        check(mckcli.digest(os.path.join(cwd, p)) == h, "the refusal changed %s" % p)


def refusals(base, options, checkpoint_args, changed, after=()):
    """A case: the refusals of one app. options and after, lists, and changed: (args, option,
    value); after's are refused once the run file a.h5 exists (an HDF5 file without the data asked
    for, so refused after it was opened)."""
    def case(runner, cwd):
        for args, option, value in options:
            expect_clean_refusal(runner, cwd, base + args, option, value)
        expect_clean_refusal(runner, cwd, base + ["-restart", "none.chk.h5"], "-restart", "none.chk.h5")
        r = runner.run(["-options_file_yaml", runner.deck] + base + checkpoint_args + ["-output", "a.h5"], cwd)
        check(r.returncode == 0 and os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: no a.chk.h5 written")
        args, option, value = changed
        expect_clean_refusal(runner, cwd, base + args + ["-restart", "a.chk.h5"], option, value)
        for args, option, value in after:
            expect_clean_refusal(runner, cwd, base + args, option, value)
    return case


P = ["-progress_interval", "0"]
CASES = {
    "langevin": refusals(["-particles_n", "200", "-lgv_steps", "10"] + P,
                         [(["-lgv_dt", "-1"], "-lgv_dt", "-1"),
                          (["-lgv_integrator", "nosuch"], "-lgv_integrator", "nosuch"),
                          (["-lgv_drifts", "harmonic,nosuch"], "-lgv_drifts", "nosuch")],
                         ["-checkpoint_interval", "10"],
                         (["-lgv_temperature", "2"], "-lgv_temperature", "2")),
    "gen": refusals(["-gen_n", "200", "-gen_fit_samples", "200", "-gen_steps", "4"] + P,
                    [(["-gen_steps", "-3"], "-gen_steps", "-3"),
                     (["-target_type", "data", "-target_file", "none.h5"], "-target_file", "none.h5")],
                    ["-checkpoint_interval", "2"],
                    (["-target_radius", "3"], "-target_radius", "3")),
    "field": refusals(["-grid_n", "16", "-ts_max_time", "0.2"] + P,
                      [(["-grid_n", "1"], "-grid_n", "1"),
                       (["-fp_potentials", "harmonic", "-field_init", "nosuch"], "-field_init", "nosuch"),
                       (["-fp_temperature", "-1"], "-fp_temperature", "-1")],
                      ["-checkpoint_interval", "2"],
                      (["-fp_temperature", "2"], "-fp_temperature", "2")),
    "mv": refusals(["-particles_n", "200", "-lgv_steps", "50", "-grid_n", "32"] + P,
                   [(["-lgv_dt", "-1"], "-lgv_dt", "-1"),
                    (["-grid_L", "3"], "-grid_L", "3"),
                    (["-mv_bandwidth", "-1"], "-mv_bandwidth", "-1")],
                   ["-checkpoint_interval", "50"],
                   (["-lgv_temperature", "2"], "-lgv_temperature", "2")),
    "da": refusals(["-da_cycles", "4", "-da_spinup", "2", "-da_burnin", "0"] + P,
                   [(["-ens_size", "1"], "-ens_size", "1"),
                    (["-l96_n", "2"], "-l96_n", "2"),
                    (["-ens_analysis", "nosuch"], "-ens_analysis", "nosuch")],
                   ["-checkpoint_interval", "4"],
                   (["-da_obs_var", "2"], "-da_obs_var", "2"),
                   [(["-da_obs_file", "a.h5"], "-da_obs_file", "a.h5")]),
    "dmft": refusals(["-dmft_population", "200", "-dmft_steps", "40", "-dmft_lags", "10", "-dmft_burn_in", "2"] + P,
                     [(["-dmft_g", "-1"], "-dmft_g", "-1"),
                      (["-dmft_model", "nosuch"], "-dmft_model", "nosuch")],
                     ["-checkpoint_interval", "1"],
                     (["-dmft_g", "2.5"], "-dmft_g", "2.5")),
    "mfnn": refusals(["-mfnet_n", "32", "-mfnet_batch", "100", "-mfnet_test_size", "100", "-mfnet_steps", "20"] + P,
                     [(["-mfnet_dt", "-1"], "-mfnet_dt", "-1"),
                      (["-mfnet_dynamics", "nosuch"], "-mfnet_dynamics", "nosuch")],
                     ["-checkpoint_interval", "10"],
                     (["-mfnet_dt", "0.5"], "-mfnet_dt", "0.5"),
                     [(["-mfnet_data", "a.h5"], "-mfnet_data", "a.h5")]),
    "twin": refusals(["-twin_iterations", "2"] + P,
                     [(["-twin_noise_std", "-1"], "-twin_noise_std", "-1"),
                      (["-twin_iterations", "0"], "-twin_iterations", "0")],
                     ["-checkpoint_interval", "1"],
                     (["-mf_strength", "2"], "-mf_strength", "2")),
}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
