#!/usr/bin/env python3
"""CLI tests of mckean-langevin: every bad input must give a non-zero exit, ONE short message
on stderr ("<prog>: error: <message>") naming the option, the bad value and what is allowed,
and no output file left behind (neither -output, nor "<output>.partial", nor a checkpoint).

One case per invocation (one ctest per case), run on 2 ranks with a tiny configuration:

    test_bad_input.py --app PATH --mpiexec PATH --case NAME

Cases "ok" (positive control: the same configuration without a mistake runs and writes its
file) and "help" (-help exits 0, lists -lgv_dt with its default, writes nothing) make sure the
tests can fail when the app itself is broken.
"""
import os
import re
import resource
import shutil
import sys
import tempfile
import time

import mckcli
from mckcli import check, expect_user_error, listing, outputs, refused, refused_restart

BASE = ["-particles_n", "100", "-lgv_steps", "5", "-progress_interval", "0"]


def simple_case(extra, option, value, allowed=()):
    return refused(BASE, extra, option, value, allowed)


POSITIVE = r"positive"

CASES = {
    "dt_zero": simple_case(["-lgv_dt", "0"], "-lgv_dt", "0", [POSITIVE]),
    "dt_negative": simple_case(["-lgv_dt", "-1"], "-lgv_dt", "-1", [POSITIVE]),
    "temperature_nonpositive": simple_case(["-lgv_temperature", "0"], "-lgv_temperature", "0", [POSITIVE]),
    "integrator_unknown": simple_case(["-lgv_integrator", "leapfrog"], "-lgv_integrator", "leapfrog", [r"euler_maruyama", r"baoab"]),
    # the unknown drift follows a valid one: the message must name the wrong one
    "drift_unknown": simple_case(["-lgv_drifts", "harmonic,no_such_drift"], "-lgv_drifts", "no_such_drift", [r"harmonic", r"double_well"]),
    "option_misspelt": simple_case(["-lgv_tempreature", "1"], "-lgv_tempreature", "1", [r"unknown option", r"-lgv_temperature(?!_)"]),
    "option_unknown": simple_case(["-frobnicate", "3"], "-frobnicate", "3", [r"unknown option", r"-help|did you mean"]),
    "dim_4": simple_case(["-particles_dim", "4"], "-particles_dim", "4", [r"\b3\b"]),
    "fourier_no_box": simple_case(["-lgv_drifts", "fourier_meanfield"], "-lgv_drifts", "fourier_meanfield", [r"-particles_box"]),
    # PETSc reads -log_view's viewer after the run: the run file was written, then a traceback and exit 1
    "log_view_true": simple_case(["-log_view", "true"], "-log_view", "true", [r"standard output", r"-log_view :FILE"]),
    # PETSc substitutes ${NAME} from the environment in the file's name and stops on an unset one
    "log_view_env_unset": simple_case(["-log_view", ":${MCK_NO_SUCH_VARIABLE}/log.txt"], "-log_view",
                                      ":${MCK_NO_SUCH_VARIABLE}/log.txt", [r"not set in the environment"]),
    "restart_missing": simple_case(["-restart", "missing.chk.h5"], "-restart", "missing.chk.h5", [r"no such file|does not exist|not found"]),
}


def case_output_unwritable(runner, cwd):
    path = "/nonexistent/dir/run.h5"
    check(not os.path.exists("/nonexistent"), "precondition: /nonexistent must not exist on this machine")
    before = listing(cwd)
    r = runner.run(BASE + ["-output", path], cwd)
    expect_user_error(r, cwd, before, "-output", path, (), outputs("/nonexistent/dir", "run.h5") + outputs(cwd, "run.h5") + outputs(cwd, "langevin.h5"))


def case_deck_merge_first(runner, cwd):
    """Positive control: a merge key first in its mapping reads the same in YAML and in PETSc (the
    mapping's own keys after it win), so the deck runs, with the mapping's own -lgv_dt."""
    with open(os.path.join(cwd, "deck.yaml"), "w") as f:
        f.write("$$base: &base\n  lgv_dt: 0.5\n  lgv_gamma: 2\n<<: *base\nlgv_dt: 0.01\n")
    r = runner.run(BASE + ["-options_file_yaml", "deck.yaml", "-output", "run.h5"], cwd)
    mckcli.expect_ran(r, cwd, "run.h5")
    try:
        import h5py
    except ImportError:
        return
    with h5py.File(os.path.join(cwd, "run.h5"), "r") as f:
        options = f.attrs["options"]
    options = (options.decode() if isinstance(options, bytes) else str(options)).split()
    check("-lgv_dt 0.01" in " ".join(options), "the deck did not run with its own -lgv_dt 0.01: %s" % options)
    check("-lgv_gamma 2" in " ".join(options), "the merged -lgv_gamma 2 was not applied: %s" % options)


def case_restart_config_mismatch(runner, cwd):
    # a genuine checkpoint first: 5 steps, checkpoint at step 5
    r = runner.run(BASE + ["-lgv_dt", "0.01", "-checkpoint_interval", "5", "-output", "a.h5"], cwd)
    check(r.returncode == 0, "setting up: the run writing the checkpoint failed (exit %d)" % r.returncode)
    check(os.path.isfile(os.path.join(cwd, "a.chk.h5")), "setting up: -checkpoint_interval 5 -lgv_steps 5 -output a.h5 wrote no a.chk.h5 (files: %s)" % sorted(listing(cwd)))
    # the same run continued to step 10, but with another time step
    args = ["-particles_n", "100", "-lgv_steps", "10", "-progress_interval", "0", "-lgv_dt", "0.02", "-output", "b.h5", "-restart", "a.chk.h5"]
    refused_restart(runner, cwd, args, "-lgv_dt", "0.02", [r"(?<![\w.])0\.01(?![\w])"], "b.h5")


def deck_case(text, value, allowed):
    """A YAML deck PETSc would read wrongly or with a traceback: refused in one line naming the deck."""
    def case(runner, cwd):
        with open(os.path.join(cwd, "deck.yaml"), "w") as f:
            f.write(text)
        before = listing(cwd)
        r = runner.run(BASE + ["-options_file_yaml", "deck.yaml", "-output", "run.h5"], cwd)
        expect_user_error(r, cwd, before, "deck.yaml", value, allowed, outputs(cwd, "run.h5"))
    return case


def long_path(cwd, length):
    """A relative path of length characters in directories made below cwd (each name < 255)."""
    parts, rest = [], length
    while rest > 110:
        parts.append("d" * 99)
        rest -= 100
    os.makedirs(os.path.join(cwd, *parts))
    return "/".join(parts + ["f" * (rest - 3) + ".h5"])


def case_output_path_long(runner, cwd):
    """A path Open MPI's MPI-IO cannot take (its ompio overflows a 256-byte buffer with the name of
    the file in progress and aborts the process): refused in one line, before anything is written."""
    path = long_path(cwd, 240)
    before = listing(cwd)
    r = runner.run(BASE + ["-output", path], cwd)
    expect_user_error(r, cwd, before, "-output", path, [r"too long", r"at most \d+"], outputs(cwd, path))


def case_deck_names_deck(runner, cwd):
    """PETSc reads no options file named inside a YAML deck: said so, not "did you mean" itself."""
    for name, text in (("deck.yaml", "options_file_yaml: other.yaml\n"), ("other.yaml", "lgv_dt: 0.02\n")):
        with open(os.path.join(cwd, name), "w") as f:
            f.write(text)
    before = listing(cwd)
    r = runner.run(BASE + ["-options_file_yaml", "deck.yaml", "-output", "run.h5"], cwd)
    expect_user_error(r, cwd, before, "-options_file_yaml", "other.yaml", [r"inside a YAML deck", r"command line"],
                      outputs(cwd, "run.h5"))
    check("did you mean" not in r.stderr, "the message suggests the option's own name")


def case_log_view_forms(runner, cwd):
    """-log_view values PETSc prints to are not refused: a file named through PETSc's ${...}
    substitution (here its ${WORKINGDIRECTORY}), with a format, and a path from the root."""
    for i, value in enumerate((":${WORKINGDIRECTORY}/log.txt:ascii_info_detail", "ascii:log2.txt",
                               ":" + os.path.join(cwd, "log3.txt"))):
        out = "run%d.h5" % i
        r = runner.run(BASE + ["-output", out, "-log_view", value], cwd)
        check(r.returncode == 0, "-log_view %s: refused or failed (exit %d): %s" % (value, r.returncode, r.stderr.strip()[:300]))
        mckcli.expect_ran(r, cwd, out)
    for name in ("log.txt", "log2.txt", "log3.txt"):
        check(os.path.isfile(os.path.join(cwd, name)), "-log_view wrote no %s" % name)


def case_petsc_finalize_options(runner, cwd):
    """PETSc's options read only by PetscFinalize(), after McKean's check of unused options, are
    accepted: -options_view prints the options table, -options_left the unused ones (none)."""
    printed = {}
    for i, option in enumerate(("-options_view", "-options_left")):
        out = "run%d.h5" % i
        r = runner.run(BASE + ["-output", out, option], cwd)
        check(r.returncode == 0, "%s: refused or failed (exit %d): %s" % (option, r.returncode, r.stderr.strip()[:300]))
        mckcli.expect_ran(r, cwd, out)
        printed[option] = r.stdout
    check("#PETSc Option Table entries" in printed["-options_view"], "-options_view printed no options table")
    check("There are no unused options" in printed["-options_left"], "-options_left did not report on unused options")


def nested_deck_case(files, option, value, allowed):
    """A deck named inside a plain options file: checked as one on the command line would be."""
    def case(runner, cwd):
        for name, text in files:
            with open(os.path.join(cwd, name), "w") as f:
                f.write(text)
        before = listing(cwd)
        r = runner.run(BASE + ["-options_file", "opts.txt", "-output", "run.h5"], cwd)
        expect_user_error(r, cwd, before, option, value, allowed, outputs(cwd, "run.h5"))
    return case


def case_ok(runner, cwd):
    """Positive control: the tiny configuration runs, exits 0 and writes its run file."""
    r = runner.run(BASE + ["-output", "run.h5"], cwd)
    mckcli.expect_ran(r, cwd, "run.h5")
    path = os.path.join(cwd, "run.h5")
    with open(path, "rb") as f:
        check(f.read(8) == b"\x89HDF\r\n\x1a\n", "run.h5 is not an HDF5 file")
    try:
        import h5py
    except ImportError:
        return
    with h5py.File(path, "r") as f:
        check("/particles/x" in f, "run.h5 has no /particles/x")
        check(f["/particles/x"].shape[0] == 100, "/particles/x has %d rows, expected -particles_n 100" % f["/particles/x"].shape[0])


def help_default(stdout, option):
    """The numbers PETSc shows between <...> on the -help line of option."""
    m = re.search(r"^\s*" + re.escape(option) + r"\s*<([^>]*)>", stdout, re.MULTILINE)
    check(m is not None, "-help does not list %s with its value in <...>" % option)
    nums = re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", m.group(1))
    check(nums, "-help shows no number for %s: %r" % (option, m.group(0)))
    vals = {float(x) for x in nums}
    check(len(vals) == 1, "-help shows several values for %s without it being set: %r" % (option, m.group(0)))
    return vals.pop()


def case_help_large(runner, cwd):
    """-help with a deck sized for many nodes (10^9 particles on this one rank, more memory than
    the machine has), as mckean-submit checks a deck on a login node: the options are listed,
    nothing is allocated or refused for its size."""
    r = runner.run(["-particles_n", "1000000000", "-particles_dim", "3", "-help"], cwd)
    mckcli.expect_help(r, cwd, ["-lgv_dt", "-particles_n"])
    check("<now 1000000000" in r.stdout, "-help did not list -particles_n with the deck's value")


# -help with a deck sized for many nodes must finish in seconds with the memory of a small run,
# whatever app reads it. The bounds: a -help run of the default decks takes about 2 s and 45-60 MB
# per rank here (2 vCPUs, load up to 5); every size below needs at least 10 GB on this one rank
# (the grid: 1.6e9 points of 8 bytes per vector), so 300 MB is far below any allocation of the job's
# size and far above the small run, and 40 s far below the minutes that FFTW planning, a DMDA or
# filling the arrays of that size take (over 100 s before -help allocated nothing).
HELP_RSS_KB = 300 * 1024
HELP_SECONDS = 40
# A node with 2 GiB for the job (SLURM_MEM_PER_NODE, one of the limits McKeanCheckMemory takes):
# with it a job too large for the node is small enough to be refused without a large machine, and a
# check wrongly made under -help would refuse the decks below.
NODE_MB = "2048"

HELP_LARGE = {
    "mckean-field": (["-grid_n", "40000"], ["-grid_n", "-ts_dt", "-fp_temperature"]),
    "mckean-field-3d": (["-grid_dim", "3", "-grid_n", "1200", "-grid_fftw_plan", "measure", "-field_type", "allen_cahn"],
                        ["-grid_n", "-ts_dt"]),
    "mckean-da": (["-ens_size", "30000", "-l96_n", "100000"], ["-ens_size", "-l96_n"]),
    "mckean-da-allen-cahn": (["-model_type", "allen_cahn", "-ac_n", "20000", "-model_dt", "1e-9", "-ens_analysis", "letkf",
                              "-ens_loc_radius", "4", "-ens_obs_operator", "interp"], ["-ac_n", "-ens_size"]),
    "mckean-eki": (["-ens_size", "30000", "-linear_n", "100000"], ["-ens_size"]),
    # a multigrid level the small grid of -help does not have is accepted there, a misspelt level option refused
    "mckean-eki-darcy": (["-model_type", "darcy", "-darcy_n", "20000", "-darcy_mg_levels_7_ksp_type", "richardson"],
                         ["-darcy_n", "-darcy_ksp_type"], "-darcy_mg_levels_ksp_tpye"),
    "mckean-twin": (["-ens_size", "30000", "-particles_n", "1000000000", "-grid_n", "40000"], ["-ens_size", "-particles_n"]),
    "mckean-dmft": (["-dmft_model", "pspin", "-pspin_tmax", "100000", "-pspin_max_memory", "1e15"], ["-pspin_tmax"]),
    "mckean-dmft-population": (["-dmft_population", "1000000000"], ["-dmft_population"]),
    # a two-time grid of 10^5 steps (80 GB per T x T array) for a bigger node, and a network of 10^6
    "mckean-dmft-steps": (["-dmft_steps", "100000"], ["-dmft_steps", "-dmft_snes_max_it"]),
    "mckean-dmft-network": (["-dmft_solver", "network", "-dmft_n", "1000000", "-dmft_steps", "100000"], ["-dmft_n"]),
    "mckean-mfnn": (["-mfnet_n", "1000000000", "-mfnet_batch", "100000000"], ["-mfnet_n", "-mfnet_batch"]),
    "mckean-gen": (["-gen_n", "2000000000"], ["-gen_n"]),
}


def run_measured(runner, args, cwd):
    """runner.run with the wall time and the largest resident set of any process it waited for."""
    t0 = time.monotonic()
    r = runner.run(args, cwd)
    r.seconds = time.monotonic() - t0
    r.maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # this case's one run (one process per case)
    print("%.1f s, max RSS %d kB" % (r.seconds, r.maxrss_kb))
    return r


def help_large(key):
    """-help with a deck sized for many nodes, as mckean-submit checks it on a login node: the
    options are listed, nothing is allocated, planned or refused for its size; the same with a
    misspelt option is still refused in one line."""
    args, listed, typo = (HELP_LARGE[key] + ("-no_such_optoin",))[:3]

    def case(runner, cwd):
        os.environ["SLURM_MEM_PER_NODE"] = NODE_MB
        r = run_measured(runner, args + ["-help"], cwd)
        mckcli.expect_help(r, cwd, listed)
        check(r.seconds < HELP_SECONDS, "-help took %.0f s, expected under %d s" % (r.seconds, HELP_SECONDS))
        check(r.maxrss_kb < HELP_RSS_KB, "-help used %d kB, expected under %d kB" % (r.maxrss_kb, HELP_RSS_KB))
        before = listing(cwd)
        t = runner.run(args + ["-help", typo, "1"], cwd)
        expect_user_error(t, cwd, before, typo, "1", [r"unknown option"])
    return case


def help_data_file(args, listed):
    """-help with a training-data file to read, as mckean-submit checks a deck: the file and its
    shapes are checked, its rows not read, and the run ends cleanly with nothing written (gen's
    data target closed the file twice and crashed). The file lives outside the run directory."""
    def case(runner, cwd):
        import h5py
        import numpy
        data = os.path.join(tempfile.mkdtemp(prefix="mck-help-data-"), "train.h5")
        with h5py.File(data, "w") as f:
            f["X"] = numpy.ones((10, 2))
            f["y"] = numpy.ones(10)
        try:
            r = runner.run([a.replace("DATA", data) for a in args] + ["-help"], cwd)
            mckcli.expect_help(r, cwd, listed)
        finally:
            shutil.rmtree(os.path.dirname(data))
    return case


HELP_DATA_FILE = {
    "gen": (["-target_type", "data", "-target_file", "DATA"], ["-target_file", "-gen_n"]),
    "mfnn": (["-mfnet_data", "DATA"], ["-mfnet_data", "-mfnet_n"]),
}


# Valid jobs too large for a node of 2 GiB: one line naming the option, the value, the bytes needed
# and available; non-zero exit; no file written.
TOO_LARGE = {
    "field": (["-grid_n", "8192"], "-grid_n", "8192,8192"),
    "ensemble": (["-ens_size", "2000", "-l96_n", "2000000", "-da_cycles", "1", "-da_spinup", "0"], "-ens_size", "2000"),
    "twin": (["-ens_size", "8", "-particles_n", "1000000000"], "-particles_n", "1000000000"),
    "dmft": (["-dmft_model", "pspin", "-pspin_tmax", "600", "-pspin_dt", "0.05"], "-pspin_steps", "12000"),
    "learn": (["-mfnet_batch", "100000000", "-mfnet_steps", "1"], "-mfnet_batch", "100000000"),
    "gen": (["-gen_n", "1000000000"], "-gen_n", "1000000000"),
    "darcy": (["-model_type", "darcy", "-darcy_n", "20000"], "-darcy_n", "20000"),
    # one member group per rank: each group's grid (1.5 GiB) fits, the two on the node do not
    "ensemble_groups": (["-model_type", "allen_cahn", "-ac_n", "5000", "-model_dt", "1e-9",
                         "-ens_ranks_per_member", "1"], "-ac_n", "5000,5000"),
    # the members' particle systems of mckean-twin, one group per rank: 1.34 GiB each, 2.68 together
    "twin_groups": (["-ens_size", "8", "-particles_n", "30000000", "-ens_ranks_per_member", "1"],
                    "-particles_n", "30000000"),
}


def too_large(key):
    args, option, value = TOO_LARGE[key]

    def case(runner, cwd):
        os.environ["SLURM_MEM_PER_NODE"] = NODE_MB
        before = listing(cwd)
        r = run_measured(runner, args + ["-output", "run.h5", "-progress_interval", "0"], cwd)
        expect_user_error(r, cwd, before, option, value, [r"needs about [0-9.]+ [KMGTP]iB", r"2 GiB available",
                                                          r"SLURM_MEM_PER_NODE"], outputs(cwd, "run.h5"))
        check(r.maxrss_kb < HELP_RSS_KB, "the refusal used %d kB: it allocated before the check" % r.maxrss_kb)
    return case


def case_help(runner, cwd):
    r = runner.run(BASE + ["-output", "run.h5", "-help"], cwd)
    mckcli.expect_help(r, cwd, ["-lgv_dt"])
    dt = help_default(r.stdout, "-lgv_dt")
    # The default that -help shows must be the one a run actually uses (-lgv_view prints it).
    sub = os.path.join(cwd, "view")
    os.mkdir(sub)
    v = runner.run(["-particles_n", "100", "-lgv_steps", "0", "-progress_interval", "0", "-lgv_view", "-output", "v.h5"], sub)
    check(v.returncode == 0, "-lgv_view run failed (exit %d)" % v.returncode)
    m = re.search(r"\bdt ([-+0-9.eE]+)", v.stdout)
    check(m is not None, "-lgv_view does not print dt")
    check(float(m.group(1)) == dt, "-help shows the default -lgv_dt %g but a run without -lgv_dt uses dt %s" % (dt, m.group(1)))


CASES.update({
    # YAML forbids a key twice in one mapping, but PETSc's reader would keep the later value silently
    "deck_key_twice": deck_case("lgv:\n  dt: 0.01\n  gamma: 2\n  dt: 0.02\n", "dt",
                                [r"line 4", r"twice", r"line 2", r"once"]),
    # PETSc's option names ignore case: both keys set -lgv_dt, and PETSc would keep the later value
    "deck_key_case": deck_case("lgv_dt: 0.01\nLGV_DT: 0.02\n", "LGV_DT",
                               [r"line 2", r"lgv_dt \(line 1\)", r"both set the option -lgv_dt", r"once"]),
    # a nested mapping names its options after its key: lgv: {dt: ..} is -lgv_dt too
    "deck_nested_flat": deck_case("lgv_dt: 0.01\nlgv:\n  gamma: 2\n  dt: 0.02\n", "lgv: dt",
                                  [r"line 4", r"lgv_dt \(line 1\)", r"lgv: dt \(line 4\)", r"-lgv_dt", r"once"]),
    # a list as the whole deck: PETSc's reader stops with a traceback
    "deck_not_mapping": deck_case("- lgv_dt: 0.01\n- lgv_steps: 5\n", None, [r"line 1", r"list", r"mapping"]),
    # PETSc refuses a merge key in a list's one-key mapping with a traceback
    "deck_list_merge": deck_case("lgv_drifts:\n  - {<<: {dt: 0.01}}\n", "<<", [r"line 2", r"merge key"]),
    # PETSc applies a merge key where it stands: after the mapping's own lgv_dt it would set lgv_dt
    # to the merged 0.5, where YAML says the mapping's own 0.01 wins
    "deck_merge_after_key": deck_case("$$base: &base\n  lgv_dt: 0.5\nlgv_dt: 0.01\n<<: *base\n", "<<",
                                      [r"line 4", r"-lgv_dt", r"lgv_dt \(line 3\)", r"first in its mapping"]),
    # of a list of merged mappings YAML takes the first's value, PETSc the last's
    "deck_merge_list_order": deck_case("$$a: &a {lgv_dt: 0.01}\n$$b: &b {lgv_dt: 0.5}\n<<: [*a, *b]\n", "<<",
                                       [r"line 3", r"-lgv_dt", r"sharing no option"]),
    "deck_merge_first": case_deck_merge_first,
    "log_view_forms": case_log_view_forms,
    "petsc_finalize_options": case_petsc_finalize_options,
    # PETSc reads the YAML deck a plain options file names, so it gets the same check
    "nested_deck_key_twice": nested_deck_case((("opts.txt", "-lgv_steps 5\n-options_file_yaml deck.yaml\n"),
                                               ("deck.yaml", "lgv:\n  dt: 0.01\n  gamma: 2\n  dt: 0.02\n")),
                                              "-options_file opts.txt: -options_file_yaml deck.yaml", "dt",
                                              [r"line 4", r"twice", r"line 2", r"once"]),
    # an options file naming itself: PETSc would read it forever
    "options_file_loop": nested_deck_case((("opts.txt", "-lgv_steps 5\n-options_file opts.txt\n"),), "-options_file opts.txt",
                                          None, [r"nested more than 8 deep", r"at most 8"]),
    "output_unwritable": case_output_unwritable,
    "output_path_long": case_output_path_long,
    "deck_names_deck": case_deck_names_deck,
    "restart_config_mismatch": case_restart_config_mismatch,
    "ok": case_ok,
    "help": case_help,
    "help_large": case_help_large,
})
CASES.update({"help_large_" + k.replace("mckean-", "").replace("-", "_"): help_large(k) for k in HELP_LARGE})
CASES.update({"too_large_" + k: too_large(k) for k in TOO_LARGE})
CASES.update({"help_data_file_" + k: help_data_file(*v) for k, v in HELP_DATA_FILE.items()})


if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
