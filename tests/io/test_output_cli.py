#!/usr/bin/env python3
"""Outputs that would cost the user data are refused: each case runs an app with an -output or
-checkpoint naming a file it must not replace, and requires the bad-input promise (tests/mckcli.py:
exit != 0, exactly one line naming the option and the file and saying why, no traceback, no file
left behind) and the file untouched.

    test_output_cli.py --app APP --mpiexec MPIEXEC --deck DECK --case CASE

Every app: deck_output (-output is the -options_file_yaml deck). mckean-langevin (with a small
deck): deck_checkpoint, restart_output (the -restart checkpoint as -output), text_output,
foreign_hdf5 (another program's HDF5 file), checkpoint_output (a checkpoint as the run file),
run_checkpoint (a run file as the checkpoint), directory_output, second_job (a second job on an
output being written: refused naming the first, which finishes); and the positive control
replace_earlier (an earlier run file of the same app is replaced, said in one line) and refused_later (a
run refused by an option checked after the claims, -lgv_view, does not say it replaces the earlier
run file, and leaves it as it was), sighup_loop (SIGHUP, a closed terminal, in the time loop stops the
run as SIGTERM does: one line, its checkpoint kept, nothing else left). mckean-field and
mckean-twin: foreign_sidecar (the XDMF sidecar's path holds a file not written by McKean: refused
before any work, not when the sidecar is written at the end).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

import mckcli
from mckcli import check, digest, expect_user_error, listing

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "restart"))
from kill_restart import descendants  # noqa: E402


def with_deck(runner, cwd):
    shutil.copy(runner.deck, os.path.join(cwd, "deck.yaml"))
    return ["-options_file_yaml", "deck.yaml", "-progress_interval", "0"]


def refused_keeping(runner, cwd, args, option, value, allowed):
    """The promise, and every file already in cwd left as it was."""
    kept = {p: digest(os.path.join(cwd, p)) for p in listing(cwd) if os.path.isfile(os.path.join(cwd, p))}
    before = listing(cwd)
    r = runner.run(args, cwd)
    expect_user_error(r, cwd, before, option, value, allowed)
    for p, h in kept.items():
        check(os.path.isfile(os.path.join(cwd, p)) and digest(os.path.join(cwd, p)) == h, "the refused run changed or removed %s" % p)


def earlier_run(runner, cwd, base, output="r.h5"):
    r = runner.run(base + ["-output", output], cwd)
    check(r.returncode == 0, "the earlier run failed (exit %d)" % r.returncode)


def deck_output(runner, cwd):
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-output", "deck.yaml"], "-output", "deck.yaml", [r"is the file read by -options_file_yaml"])


def deck_checkpoint(runner, cwd):
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-checkpoint_interval", "10", "-checkpoint", "deck.yaml", "-output", "run.h5"],
                    "-checkpoint", "deck.yaml", [r"is the file read by -options_file_yaml"])


def restart_output(runner, cwd):
    base = with_deck(runner, cwd) + ["-checkpoint_interval", "10"]
    earlier_run(runner, cwd, base)
    refused_keeping(runner, cwd, base + ["-restart", "r.chk.h5", "-output", "r.chk.h5"], "-output", "r.chk.h5", [r"is the file read by -restart"])


def text_output(runner, cwd):
    with open(os.path.join(cwd, "notes.txt"), "w") as f:
        f.write("results I want to keep\n")
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-output", "notes.txt"], "-output", "notes.txt", [r"not written by McKean", r"choose another name"])


def foreign_hdf5(runner, cwd):
    with h5py.File(os.path.join(cwd, "data.h5"), "w") as f:
        f["x"] = np.arange(10.0)
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-output", "data.h5"], "-output", "data.h5", [r"an HDF5 file not written by McKean"])


def checkpoint_output(runner, cwd):
    base = with_deck(runner, cwd) + ["-checkpoint_interval", "10"]
    earlier_run(runner, cwd, base)
    refused_keeping(runner, cwd, base + ["-output", "r.chk.h5", "-checkpoint", "other.chk.h5"], "-output", "r.chk.h5", [r"checkpoint .*, not a run file"])


def run_checkpoint(runner, cwd):
    base = with_deck(runner, cwd) + ["-checkpoint_interval", "10"]
    earlier_run(runner, cwd, base)
    refused_keeping(runner, cwd, base + ["-output", "s.h5", "-checkpoint", "r.h5"], "-checkpoint", "r.h5", [r"run file .*, not a checkpoint"])


def foreign_sidecar(runner, cwd):
    with open(os.path.join(cwd, "r.xmf"), "w") as f:
        f.write("<Xdmf/>\n")
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-output", "r.h5"], "-output", "r.xmf", [r"not written by McKean"])


def directory_output(runner, cwd):
    os.mkdir(os.path.join(cwd, "sub"))
    refused_keeping(runner, cwd, with_deck(runner, cwd) + ["-output", "sub"], "-output", "sub", [r"is a directory"])


def second_job(runner, cwd):
    # long enough that the second job starts (and is refused) while the first writes, on a loaded machine too
    base = with_deck(runner, cwd) + ["-particles_n", "20000", "-lgv_steps", "16000", "-lgv_output_interval", "100", "-checkpoint_interval", "0"]
    cmd = runner.launcher + [runner.app] + base + ["-output", "r.h5"]
    first = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        writing = lambda: any(f.startswith("r.h5.partial-") for f in os.listdir(cwd))  # noqa: E731
        while not writing() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        check(first.poll() is None, "the first job ended before the second started: make it longer")
        with open(os.path.join(cwd, "r.h5.lock")) as f:
            pid = re.search(r"^pid=(\d+)$", f.read(), re.M).group(1)
        # r.h5 is the first job's: it may finish (and rename its file in progress) while the second is refused
        before = listing(cwd) | {"r.h5"}
        r = runner.run(base + ["-output", "r.h5", "-checkpoint", "other.chk.h5"], cwd)
        expect_user_error(r, cwd, before, "-output", "r.h5", [r"is being written by another job", r"pid %s on " % pid, r"r\.h5\.lock"])
        check(first.poll() in (None, 0), "the refused second job stopped the first (exit %s)" % first.poll())
        out, err = first.communicate(timeout=120)
    except BaseException:
        os.killpg(first.pid, signal.SIGKILL)
        raise
    check(first.returncode == 0 and "wrote r.h5" in out, "the first job did not finish after the second was refused: %s" % err)
    check(sorted(listing(cwd)) == ["deck.yaml", "r.h5"], "files left: %s" % sorted(listing(cwd)))


def replace_earlier(runner, cwd):
    base = with_deck(runner, cwd) + ["-checkpoint_interval", "0"]
    earlier_run(runner, cwd, base)
    with h5py.File(os.path.join(cwd, "r.h5"), "r") as f:
        first = f.attrs["created"]
    time.sleep(1.1)  # a later creation date
    r = runner.run(base + ["-output", "r.h5"], cwd)
    said = [l for l in r.stdout.splitlines() if "-output r.h5" in l]
    check(r.returncode == 0 and not r.stderr.strip(), "replacing an earlier run file failed (exit %d)" % r.returncode)
    check(len(said) == 1 and re.search(r"exists \(a %s run file of .*\); this run replaces it" % re.escape(r.prog), said[0]), "expected one line saying r.h5 is replaced, got %r" % said)
    with h5py.File(os.path.join(cwd, "r.h5"), "r") as f:
        check(f.attrs["created"] != first, "r.h5 was not replaced")
    check(sorted(listing(cwd)) == ["deck.yaml", "r.h5"], "files left: %s" % sorted(listing(cwd)))


def refused_later(runner, cwd):
    base = with_deck(runner, cwd) + ["-checkpoint_interval", "0"]
    earlier_run(runner, cwd, base)
    kept = digest(os.path.join(cwd, "r.h5"))
    before = listing(cwd)
    r = runner.run(base + ["-output", "r.h5", "-lgv_view", "bogus"], cwd)
    expect_user_error(r, cwd, before, "-lgv_view", "bogus", [r"not a viewer type"])
    check("replaces" not in r.stdout, "a run refused after its claims said it replaces r.h5: %r" % r.stdout)
    check(digest(os.path.join(cwd, "r.h5")) == kept, "the refused run changed r.h5")


def sighup_loop(runner, cwd):
    # the ranks alone get SIGHUP: mpiexec, sent it too, would end them with SIGTERM first
    base = with_deck(runner, cwd) + ["-particles_n", "20000", "-lgv_steps", "16000", "-lgv_output_interval", "100", "-checkpoint_interval", "50"]
    cmd = runner.launcher + [runner.app] + base + ["-output", "r.h5", "-checkpoint", "r.chk.h5"]
    job = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not os.path.exists(os.path.join(cwd, "r.chk.h5")) and job.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        check(job.poll() is None, "the run ended before its first checkpoint: make it longer")
        for q in descendants(job.pid):
            if q != job.pid and os.path.basename(os.readlink("/proc/%d/exe" % q)) == runner.prog:
                os.kill(q, signal.SIGHUP)
        out, err = job.communicate(timeout=120)
    except BaseException:
        os.killpg(job.pid, signal.SIGKILL)
        raise
    print("exit code: %d\n--- stdout ---\n%s--- stderr ---\n%s" % (job.returncode, out, err))
    lines = [l for l in err.splitlines() if l.strip()]
    check(job.returncode != 0 and len(lines) == 1 and re.search(r"stopped by SIGHUP at step \d+ of 16000; checkpoint r\.chk\.h5 written", lines[0]),
          "SIGHUP in the time loop should stop the run in one line keeping its checkpoint, got exit %d and %r" % (job.returncode, lines))
    check(sorted(listing(cwd)) == ["deck.yaml", "r.chk.h5"], "files left: %s" % sorted(listing(cwd)))


CASES = {f.__name__: f for f in (deck_output, deck_checkpoint, restart_output, text_output, foreign_hdf5, checkpoint_output,
                                 run_checkpoint, directory_output, second_job, replace_earlier, refused_later, sighup_loop,
                                 foreign_sidecar)}

if __name__ == "__main__":
    sys.exit(mckcli.main(CASES))
