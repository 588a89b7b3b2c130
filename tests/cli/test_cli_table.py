#!/usr/bin/env python3
"""The bad-input table: every case is a command line of one app with one mistake in it.

    test_cli_table.py --bindir DIR [--apps a,b,...] [--jobs N] [--list]

Each case must keep McKean's promise for bad input (mckcli.expect_user_error): a non-zero exit
within the time limit, exactly one "<prog>: error: ..." line naming the option (or the file) and
the offending value, no PETSc traceback, and no file left behind. Every case is classified

    clear    the promise kept
    unclear  refused, but the message or the files break the promise
    crash    killed by a signal, or a traceback
    hang     still running after the time limit
    silent   exit 0: the mistake was accepted

and the test passes only when every case is clear; the counts are printed per app and in all.
Cases run on one rank (a singleton MPI process: the checks are collective and the same on every
rank count, which the per-app CLI tests run on two ranks), two at a time. Each app's base command
line is a tiny valid run, checked first (a positive control), so that a case the app wrongly
accepts ends quickly and is reported as silent. No case runs the same code as another: the
mistakes refused before an app's own code runs are tried on one app per way of reaching that
code (COMMON, RUN_FIRST), the others on every app (EVERY_APP).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import mckcli
from mckcli import Failure, expect_user_error, listing

TIMEOUT = 60
DECK = "deck.yaml"  # a valid deck written into every case's directory, for the cases that name it

# app: (base options of a tiny valid run, deck text, [(extra options, option named, value shown)])
# The base options come after the deck on the command line, the extra options last.
APPS = {
    "langevin": (["-particles_n", "64", "-lgv_steps", "3"], "lgv_dt: 0.01\n", [
        (["-particles_n", "abc"], "-particles_n", "abc"),
        (["-particles_n", "1.5"], "-particles_n", "1.5"),
        (["-particles_n", "4294968296"], "-particles_n", "4294968296"),
        (["-particles_n", "-5"], "-particles_n", "-5"),
        (["-particles_n", "2000000000"], "-particles_n", "2000000000"),
        (["-particles_chunk_size", "0"], "-particles_chunk_size", "0"),
        (["-particles_dim", "0"], "-particles_dim", "0"),
        (["-particles_init", "uniformly"], "-particles_init", "uniformly"),
        (["-particles_init_std", "-1"], "-particles_init_std", "-1"),
        (["-lgv_dt", "nan"], "-lgv_dt", "nan"),
        (["-lgv_dt", "inf"], "-lgv_dt", "inf"),
        (["-lgv_dt", "0.01x"], "-lgv_dt", "0.01x"),
        (["-lgv_steps", "-1"], "-lgv_steps", "-1"),
        (["-lgv_gamma", "0"], "-lgv_gamma", "0"),
        (["-lgv_mass", "-2"], "-lgv_mass", "-2"),
        (["-lgv_integrator", "verlet"], "-lgv_integrator", "verlet"),
        (["-lgv_temperature_schedule", "cosine"], "-lgv_temperature_schedule", "cosine"),
        (["-lgv_drifts", "harmonic,nothing"], "-lgv_drifts", "nothing"),
        (["-lgv_output_interval", "0"], "-lgv_output_interval", "0"),
        (["-lgv_snapshot_interval", "-4"], "-lgv_snapshot_interval", "-4"),
        (["-lgv_view", "ascii:x.txt:nosuchformat"], "-lgv_view", "nosuchformat"),
    ]),
    "dmft": (["-dmft_population", "200", "-dmft_steps", "20"], "dmft_g: 1.5\n", [
        (["-dmft_model", "ising"], "-dmft_model", "ising"),
        (["-dmft_solver", "magic"], "-dmft_solver", "magic"),
        (["-dmft_g", "nan"], "-dmft_g", "nan"),
        (["-dmft_steps", "-3"], "-dmft_steps", "-3"),
        (["-dmft_steps", "1e3"], "-dmft_steps", "1e3"),
        (["-dmft_dt", "0"], "-dmft_dt", "0"),
        (["-dmft_population", "0"], "-dmft_population", "0"),
        (["-dmft_population", "99999999999999999999"], "-dmft_population", "99999999999999999999"),
        (["-dmft_activation", "swish"], "-dmft_activation", "swish"),
        (["-dmft_noise", "-1"], "-dmft_noise", "-1"),
        (["-dmft_chunk", "0"], "-dmft_chunk", "0"),
        (["-dmft_integrator", "rk9"], "-dmft_integrator", "rk9"),
    ]),
    "mfnn": (["-mfnet_n", "32", "-mfnet_steps", "3", "-mfnet_batch", "20"], "mfnet_dt: 0.01\n", [
        (["-mfnet_n", "0"], "-mfnet_n", "0"),
        (["-mfnet_n", "twelve"], "-mfnet_n", "twelve"),
        (["-mfnet_dim", "-1"], "-mfnet_dim", "-1"),
        (["-mfnet_seed", "18446744073709551616"], "-mfnet_seed", "18446744073709551616"),
        (["-mfnet_dt", "nan"], "-mfnet_dt", "nan"),
        (["-mfnet_dynamics", "adam"], "-mfnet_dynamics", "adam"),
        (["-mfnet_activation", "gelu"], "-mfnet_activation", "gelu"),
        (["-mfnet_teacher", "gelu"], "-mfnet_teacher", "gelu"),
        (["-mfnet_init", "zeros"], "-mfnet_init", "zeros"),
        (["-mfnet_batch", "0"], "-mfnet_batch", "0"),
        (["-mfnet_data", "missing.h5"], "-mfnet_data", "missing.h5"),
        (["-mfnet_temperature", "-1"], "-mfnet_temperature", "-1"),
    ]),
    "gen": (["-gen_n", "200", "-gen_steps", "4", "-gen_fit_rounds", "1", "-gen_fit_samples", "400"], "target_std: 0.5\n", [
        (["-gen_type", "gan"], "-gen_type", "gan"),
        (["-gen_n", "0"], "-gen_n", "0"),
        (["-gen_n", "3.5"], "-gen_n", "3.5"),
        (["-gen_steps", "-2"], "-gen_steps", "-2"),
        (["-gen_chunk_size", "0"], "-gen_chunk_size", "0"),
        (["-interp_path", "cubic"], "-interp_path", "cubic"),
        (["-interp_epsilon", "-1"], "-interp_epsilon", "-1"),
        (["-interp_integrator", "euler3"], "-interp_integrator", "euler3"),
        (["-target_type", "spiral"], "-target_type", "spiral"),
        (["-target_std", "0"], "-target_std", "0"),
        (["-target_dim", "0"], "-target_dim", "0"),
        (["-target_components", "0"], "-target_components", "0"),
        (["-features_type", "wavelet"], "-features_type", "wavelet"),
        (["-features_rff_n", "-1"], "-features_rff_n", "-1"),
        (["-gen_fit_lambda", "nan"], "-gen_fit_lambda", "nan"),
    ]),
    "da": (["-da_cycles", "3", "-da_spinup", "5", "-ens_size", "8"], "l96_forcing: 8\n", [
        (["-da_cycles", "-1"], "-da_cycles", "-1"),
        (["-da_obs_var", "0"], "-da_obs_var", "0"),
        (["-da_obs_every", "0"], "-da_obs_every", "0"),
        (["-ens_size", "1"], "-ens_size", "1"),
        (["-ens_analysis", "3dvar"], "-ens_analysis", "3dvar"),
        (["-ens_inflation", "nan"], "-ens_inflation", "nan"),
        (["-ens_failed", "ignore"], "-ens_failed", "ignore"),
        (["-model_type", "lorenz84"], "-model_type", "lorenz84"),
        (["-model_dt", "-0.05"], "-model_dt", "-0.05"),
        (["-l96_n", "2"], "-l96_n", "2"),
        (["-l96_forcing", "inf"], "-l96_forcing", "inf"),
    ]),
    "eki": (["-ens_size", "8", "-eki_max_iterations", "2"], "eki_noise_std: 0.01\n", [
        (["-ens_size", "0"], "-ens_size", "0"),
        (["-eki_dt", "-1"], "-eki_dt", "-1"),
        (["-eki_noise_std", "nan"], "-eki_noise_std", "nan"),
        (["-eki_adaptive", "sometimes"], "-eki_adaptive", "sometimes"),
        (["-eki_max_iterations", "0"], "-eki_max_iterations", "0"),
        (["-linear_n", "0"], "-linear_n", "0"),
        (["-linear_ndata", "abc"], "-linear_ndata", "abc"),
        (["-ens_analysis", "etkff"], "-ens_analysis", "etkff"),
    ]),
    "field": (["-grid_n", "16", "-ts_max_time", "0.02"], "ts_dt: 0.01\n", [
        (["-ts_dt", "-0.01"], "-ts_dt", "-0.01"),
        (["-ts_dt", "nan"], "-ts_dt", "nan"),
        (["-ts_max_time", "-1"], "-ts_max_time", "-1"),
        (["-field_type", "navier_stokes"], "-field_type", "navier_stokes"),
        (["-grid_n", "0"], "-grid_n", "0"),
        (["-grid_dim", "4"], "-grid_dim", "4"),
        (["-fp_temperature", "0"], "-fp_temperature", "0"),
        (["-field_init", "random_walk"], "-field_init", "random_walk"),
        (["-fp_potentials", "harmonic,none_such"], "-fp_potentials", "none_such"),
        (["-field_output_interval", "0"], "-field_output_interval", "0"),
        # more points than a PetscInt counts: PETSc's DMDA stopped with an overflow traceback
        (["-grid_n", "65536"], "-grid_n", "65536"),
    ]),
    "twin": (["-ens_size", "8", "-twin_iterations", "2", "-particles_n", "200"], "twin_noise_std: 1\n", [
        (["-twin_truth", "lies"], "-twin_truth", "lies"),
        (["-twin_iterations", "-1"], "-twin_iterations", "-1"),
        (["-twin_noise_std", "nan"], "-twin_noise_std", "nan"),
        (["-ens_size", "abc"], "-ens_size", "abc"),
        # J x J work arrays: their sizes overflowed a PetscInt, then PETSc's malloc traceback
        (["-ens_size", "32767"], "-ens_size", "32767"),
        (["-ens_outlier_factor", "-2"], "-ens_outlier_factor", "-2"),
        (["-mv_prior_log_std", "-1"], "-mv_prior_log_std", "-1"),
        (["-sensors_n", "0"], "-sensors_n", "0"),
        (["-sensors_width", "inf"], "-sensors_width", "inf"),
        (["-field_type", "allen_cahn"], "-field_type", "allen_cahn"),
        (["-mf_strength", "2"], "-mf_strength", "2"),
        (["-grid_dim", "1"], "-grid_dim", "1"),
    ]),
    "mv": (["-particles_n", "200", "-lgv_steps", "4", "-grid_n", "16"], "particles_box: 1\n", [
        (["-mv_bandwidth", "-1"], "-mv_bandwidth", "-1"),
        (["-mv_bandwidth", "nan"], "-mv_bandwidth", "nan"),
        (["-mv_output_interval", "0"], "-mv_output_interval", "0"),
        (["-mv_snapshot_interval", "-1"], "-mv_snapshot_interval", "-1"),
        (["-particles_box", "-1"], "-particles_box", "-1"),
        (["-grid_n", "1e9"], "-grid_n", "1e9"),
        (["-ts_dt", "-0.002"], "-ts_dt", "-0.002"),
        (["-field_init", "spike"], "-field_init", "spike"),
        (["-lgv_integrator", "rk4"], "-lgv_integrator", "rk4"),
        (["-particles_dim", "4"], "-particles_dim", "4"),
    ]),
}

# Mistakes every app must refuse the same way: (extra options, option named, value shown). The
# files named here are made in each case's directory (make_files). COMMON's cases are refused by
# code that runs before any of an app's own: McKeanInitialize (-options_file_yaml) and
# MckRunSetFromOptions (the run's options and files), the first call of every app's job
# (check_run_first enforces it). On two apps they would run the same code, so they run on one app
# for each way of creating the run (RUN_FIRST), -options_file_yaml's on the first app only.
COMMON = [
    (["-seed", "abc"], "-seed", "abc"),
    (["-seed", "1.5"], "-seed", "1.5"),
    (["-seed", "18446744073709551617"], "-seed", "18446744073709551617"),
    (["-checkpoint_interval", "-3"], "-checkpoint_interval", "-3"),
    (["-progress_interval", "often"], "-progress_interval", "often"),
    (["-output", DECK], "-output", DECK),
    (["-output", "outdir"], "-output", "outdir"),
    (["-output", "notes.txt"], "-output", "notes.txt"),
    (["-output", "/nonexistent/dir/run.h5"], "-output", "/nonexistent/dir/run.h5"),
    (["-checkpoint_interval", "1", "-checkpoint", DECK], "-checkpoint", DECK),
]
OPTIONS_FILE = [
    (["-options_file_yaml", "missing.yaml"], "missing.yaml", None),
    (["-options_file_yaml", "outdir"], "outdir", None),
    (["-options_file_yaml", "broken.yaml"], "broken.yaml", None),
]
# Refused after an app's own objects exist (the restart is read when the job starts, an unused
# option is found once every object has read its own), so on every app.
EVERY_APP = [
    (["-restart", "missing.chk.h5"], "-restart", "missing.chk.h5"),
    (["-restart", "notes.txt"], "-restart", "notes.txt"),
    (["-seeed", "3"], "-seeed", "3"),
]
# The first call of every app's job, and for each an app that makes it: langevin by
# MckRunCreateFromOptions, twin by it with default options and an XDMF sidecar, da by
# MckRunTwinApp (MckRunCreate, MckRunSetDefaultOutput, MckRunSetFromOptions).
RUN_FIRST = {"MckRunCreateFromOptions": ("langevin", "twin"), "MckRunTwinApp": ("da",)}


def make_files(cwd, deck_text):
    with open(os.path.join(cwd, DECK), "w") as f:
        f.write(deck_text)
    with open(os.path.join(cwd, "notes.txt"), "w") as f:
        f.write("a file of the user's, not McKean's\n")
    with open(os.path.join(cwd, "broken.yaml"), "w") as f:
        f.write("seed: 3\n  bad indentation: [1, 2\n")
    os.mkdir(os.path.join(cwd, "outdir"))


def command(bindir, app, base, extra):
    return [os.path.join(bindir, "mckean-" + app), "-options_file_yaml", DECK, "-progress_interval", "0"] + base + extra


def check_run_first(srcdir, apps):
    """Failure unless every app's job (the function MCKEAN_APP names in apps/mckean-<app>.c, or
    MCKEAN_APP_JOB's solve function) makes one of RUN_FIRST's calls first: then COMMON's cases run
    the same code on every app."""
    for app in apps:
        with open(os.path.join(srcdir, "apps", "mckean-%s.c" % app)) as f:
            text = f.read()
        job = re.search(r"^MCKEAN_APP(?:_JOB)?\(\w+,\s*\w+,\s*(?:\w+,\s*)?(\w+)[,)]", text, re.M)
        name = job and job.group(1)
        # the job may hand its work to a function of the file (which leaves the objects to the
        # job to destroy, after a refusal too): then that function's first call counts
        for _ in range(2):
            body = name and re.search(r"^static PetscErrorCode %s\([^)]*\)\n\{(.*?)^\}" % name, text, re.M | re.S)
            first = body and re.search(r"(?:PetscCall\(|ierr = )(\w+)\(", body.group(1))
            name = first and first.group(1)
            if name in RUN_FIRST:
                break
        if not first or first.group(1) not in RUN_FIRST:
            raise Failure("mckean-%s's job does not begin with %s: give it COMMON's cases (RUN_FIRST)"
                          % (app, " or ".join(RUN_FIRST)))


def table(apps):
    """The cases: (app, extra options, option named, value shown)."""
    common = {app for group in RUN_FIRST.values() for app in group}
    cases = []
    for app in apps:
        extra = APPS[app][2] + EVERY_APP + (COMMON if app in common else []) + (OPTIONS_FILE if app == apps[0] else [])
        cases += [(app, e, option, value) for (e, option, value) in extra]
    return cases


def run(cmd, cwd):
    """The singleton starts no orted (Open MPI's ess_singleton_isolated: it spawns nothing), which
    halves its start-up; such a process keeps its session files at the same path below the tmpdir
    base as every other, so each case has a base of its own, or two would remove each other's."""
    session = tempfile.mkdtemp(prefix="mck-table-mpi-")
    env = dict(os.environ, OMPI_MCA_rmaps_base_oversubscribe="1", OMPI_MCA_ess_singleton_isolated="1",
               OMPI_MCA_orte_tmpdir_base=session)
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    finally:
        shutil.rmtree(session, ignore_errors=True)


def classify(bindir, app, base, deck_text, extra, option, value):
    """(class, detail) of one case, run in a fresh directory removed afterwards."""
    cwd = tempfile.mkdtemp(prefix="mck-table-%s-" % app)
    try:
        make_files(cwd, deck_text)
        before = listing(cwd)
        try:
            r = run(command(bindir, app, base, extra), cwd)
        except subprocess.TimeoutExpired:
            return "hang", "still running after %d s" % TIMEOUT
        r.prog = "mckean-" + app
        if r.returncode == 0:
            return "silent", "exit 0"
        if r.returncode < 0 or r.returncode > 128 or "Traceback" in r.stderr or "PETSC ERROR" in r.stderr:
            return "crash", "exit %d: %s" % (r.returncode, r.stderr.strip()[-300:])
        try:
            expect_user_error(r, cwd, before, option, value)
        except Failure as e:
            return "unclear", "%s (stderr: %s)" % (e, r.stderr.strip()[:300])
        return "clear", r.stderr.strip()
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


def positive_control(bindir, app, base, deck_text):
    cwd = tempfile.mkdtemp(prefix="mck-table-%s-ok-" % app)
    try:
        make_files(cwd, deck_text)
        r = run(command(bindir, app, base, ["-output", "ok.h5"]), cwd)
        if r.returncode != 0 or not os.path.isfile(os.path.join(cwd, "ok.h5")):
            raise Failure("positive control: mckean-%s's base run failed (exit %d): %s"
                          % (app, r.returncode, r.stderr.strip()[-500:]))
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bindir", required=True, help="directory of the mckean-* executables")
    ap.add_argument("--srcdir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                    help="McKean's source tree (its apps/*.c are read)")
    ap.add_argument("--apps", default=",".join(APPS), help="comma-separated apps (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--list", action="store_true", help="print the cases and exit")
    a = ap.parse_args()
    apps = [x for x in a.apps.split(",") if x]
    cases = table(apps)
    if a.list:
        for app, extra, _, _ in cases:
            print("mckean-%s %s" % (app, " ".join(extra)))
        print("%d cases" % len(cases))
        return 0
    try:
        check_run_first(a.srcdir, apps)
        with ThreadPoolExecutor(a.jobs) as pool:
            list(pool.map(lambda app: positive_control(a.bindir, app, APPS[app][0], APPS[app][1]), apps))
    except Failure as e:
        print("FAIL: %s" % e)
        return 1
    with ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(lambda c: classify(a.bindir, c[0], APPS[c[0]][0], APPS[c[0]][1], c[1], c[2], c[3]), cases))
    kinds = ("clear", "unclear", "crash", "hang", "silent")
    counts = {app: dict.fromkeys(kinds, 0) for app in apps}
    for (app, extra, _, _), (kind, detail) in zip(cases, results):
        counts[app][kind] += 1
        if kind != "clear":
            print("%-7s mckean-%s %s\n        %s" % (kind.upper(), app, " ".join(extra), detail))
    print("%-10s %s" % ("app", " ".join("%8s" % k for k in kinds)))
    for app in apps:
        print("%-10s %s" % (app, " ".join("%8d" % counts[app][k] for k in kinds)))
    total = {k: sum(counts[app][k] for app in apps) for k in kinds}
    print("%-10s %s  (%d cases)" % ("all", " ".join("%8d" % total[k] for k in kinds), len(cases)))
    ok = total["clear"] == len(cases)
    print("PASS" if ok else "FAIL: %d of %d cases break the promise" % (len(cases) - total["clear"], len(cases)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
