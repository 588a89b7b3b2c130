#!/usr/bin/env python3
"""No failure leaves a half file: the io layer's promise under every way a run can end.

    test_io_failures.py --writer IO_WRITER --mpiexec MPIEXEC --case CASE

io_writer (tests/io/io_writer.c) claims -output and -checkpoint, writes a run file with a
checkpoint in the middle, and fails where it is told to. Each case runs in a fresh directory:

  user        a user error raised collectively after the run file was opened: one line,
              exit != 0, nothing left (McKeanFinalize removes the file in progress and the locks);
  rank0, rank1, checkpoint
              an error on one rank alone (rank 0, rank 1, or rank 1 of 3 while the checkpoint
              is being written) while the others wait in a collective: McKeanMain aborts the
              job after the failing rank removed every file in progress and lock it knew of;
              an earlier run's files, there before, are left as they were;
  rank1_loop  as rank1, with rank 0 recording signals as a run's time loop does: only the
              SIGKILL of the abort ends it, so the failing rank must remove the lock;
  sigkill     the job killed outright (nothing can run then) leaves its file in progress and its
              lock; the next run takes the stale lock over, says so in one line, removes the
              dead job's file in progress and finishes with nothing left over;
  sigterm, sigint, sighup
              outside any run loop, with the run file and a checkpoint written, the ranks alone
              sent SIGTERM (a scheduler ending the tasks) or SIGHUP (their terminal closed), or
              every process of the job, mpiexec too, sent SIGINT (Ctrl-C at a terminal): the
              signal still ends the job, and no file in progress and no lock is left;
  sigterm_foreign_lock
              as sigterm, with the run's lock replaced meanwhile by another job's: that lock
              stays, as it was; the run's own files and its other lock go;
  second_job  a second job writing the same output while the first runs is refused in one line
              naming the first (its pid and host) and the lock file; the first finishes.
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "restart"))
from kill_restart import descendants, kill_tree  # noqa: E402  (SIGKILL a job's every process, as a node failure would)

TIMEOUT = 60


def fail(msg):
    raise SystemExit("FAIL: " + msg)


def launcher(mpiexec, n):
    quiet = []
    try:
        v = subprocess.run([mpiexec, "--version"], capture_output=True, text=True, timeout=30)
        if "Open MPI" in v.stdout + v.stderr or "OpenRTE" in v.stdout + v.stderr:
            quiet = ["--quiet"]
    except (OSError, subprocess.SubprocessError):
        pass
    return [mpiexec] + quiet + ["-n", str(n)]


def start(a, n, args, cwd):
    cmd = launcher(a.mpiexec, n) + [a.writer] + args
    print("$ (cd %s && %s)" % (cwd, " ".join(cmd)), flush=True)
    return subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(p):
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        kill_tree(p.pid)
        fail("timed out after %d s" % TIMEOUT)
    print("exit code %d\n--- stdout ---\n%s--- stderr ---\n%s-----" % (p.returncode, out, err), flush=True)
    return p.returncode, out, err


def run(a, n, args, cwd):
    return finish(start(a, n, args, cwd))


def listing(cwd):
    return sorted(os.listdir(cwd))


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def wait_for(path, p, what):
    deadline = time.monotonic() + TIMEOUT
    while not os.path.exists(path):
        if p.poll() is not None or time.monotonic() > deadline:
            kill_tree(p.pid)
            fail("%s never appeared (%s)" % (path, what))
        time.sleep(0.01)


def expect_nothing_left(cwd, kept=()):
    left = [f for f in listing(cwd) if f not in kept]
    if left:
        fail("files left behind: %s" % ", ".join(left))


def case_user(a, cwd):
    rc, out, err = run(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-fail", "user"], cwd)
    lines = [l for l in err.splitlines() if l.strip()]
    if rc == 0 or len(lines) != 1 or not re.match(r"io_writer: error: -fail user", lines[0]):
        fail("expected exit != 0 and exactly one error line naming -fail, got exit %d and %r" % (rc, lines))
    expect_nothing_left(cwd)


def rank_failure(a, cwd, n, mode, rank, extra=()):
    rc, _, _ = run(a, 1, ["-output", "run.h5", "-checkpoint", "run.chk.h5"], cwd)
    if rc != 0:
        fail("the earlier run failed")
    kept = {f: digest(os.path.join(cwd, f)) for f in ("run.h5", "run.chk.h5")}
    rc, _, _ = run(a, n, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-fail", mode, "-fail_rank", str(rank)] + list(extra),
                    cwd)
    if rc == 0:
        fail("the job with a failing rank exited 0")
    expect_nothing_left(cwd, kept)
    for f, h in kept.items():
        if digest(os.path.join(cwd, f)) != h:
            fail("the failed run changed the earlier %s" % f)


def case_rank0(a, cwd):
    rank_failure(a, cwd, 2, "rank", 0)


def case_rank1(a, cwd):
    rank_failure(a, cwd, 2, "rank", 1)


def case_rank1_loop(a, cwd):
    """As rank1, with rank 0 inside a run's time loop, where SIGINT, SIGTERM and SIGHUP are only
    recorded (for the next step boundary, which a rank waiting for the dead one never reaches):
    MPI_Abort's SIGTERM does not end rank 0, its SIGKILL does, so the rank that fails must remove
    the run's lock as well as its file in progress."""
    rank_failure(a, cwd, 2, "rank", 1, ["-record_signals"])


def case_checkpoint(a, cwd):
    rank_failure(a, cwd, 3, "checkpoint", 1)


def case_sigkill(a, cwd):
    p = start(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-sleep", "30"], cwd)
    wait_for(os.path.join(cwd, "run.chk.h5"), p, "the first checkpoint")
    time.sleep(0.2)
    kill_tree(p.pid)
    p.communicate()
    left = listing(cwd)
    print("after SIGKILL: %s" % ", ".join(left))
    partial = [f for f in left if f.startswith("run.h5.partial-")]
    if "run.h5.lock" not in left or len(partial) != 1:
        fail("a killed job should leave its lock and its file in progress (nothing can run on SIGKILL): %s" % left)
    rc, out, err = run(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5"], cwd)
    said = [l for l in out.splitlines() if "took over the lock of a job that is gone" in l and "-output run.h5" in l]
    if rc != 0 or len(said) != 1 or ("removed its unfinished %s" % partial[0]) not in said[0]:
        fail("the next run should take the stale lock over in one line and remove %s (exit %d)" % (partial[0], rc))
    expect_nothing_left(cwd, ("run.h5", "run.chk.h5"))


def signal_job(a, cwd, signum):
    """Ctrl-C's way: the signal reaches every process of the foreground job, mpiexec included."""
    p = start(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-sleep", "30"], cwd)
    wait_for(os.path.join(cwd, "run.chk.h5"), p, "the first checkpoint")
    time.sleep(0.2)
    os.killpg(p.pid, signum)
    finish_signalled(p, signum, cwd)


def signal_ranks(a, cwd, signum, meanwhile=None, kept=()):
    """The ranks alone (a scheduler signalling the tasks, a closed terminal): mpiexec, signalled
    too, would end the ranks itself and could hide a rank that dies without removing its files.
    meanwhile(p): what happens in the directory before the signal."""
    p = start(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-sleep", "30"], cwd)
    wait_for(os.path.join(cwd, "run.chk.h5"), p, "the first checkpoint")
    time.sleep(0.2)
    if meanwhile:
        meanwhile(p)
    ranks = [q for q in descendants(p.pid) if q != p.pid and os.path.basename(os.readlink("/proc/%d/exe" % q)) == os.path.basename(a.writer)]
    if len(ranks) != 2:
        kill_tree(p.pid)
        fail("expected the 2 ranks below mpiexec, found %s" % ranks)
    for q in ranks:
        os.kill(q, signum)
    finish_signalled(p, signum, cwd, kept)


def finish_signalled(p, signum, cwd, kept=()):
    rc, _, _ = finish(p)
    if rc == 0:
        fail("the job sent %s exited 0" % signal.Signals(signum).name)
    expect_nothing_left(cwd, ("run.chk.h5",) + tuple(kept))


def case_sigterm(a, cwd):
    signal_ranks(a, cwd, signal.SIGTERM)


def case_sigterm_foreign_lock(a, cwd):
    """The run's lock replaced by another job's while the run sleeps (a job that judged it gone,
    or a lock removed by hand and taken by a new run): SIGTERM removes the run's own files and
    its other lock, and leaves the other job's lock exactly as it was."""
    lock = os.path.join(cwd, "run.h5.lock")
    foreign = {}

    def replace_lock(p):
        with open(lock) as f:
            text = f.read()
        # the same host and start time, another live process: only the process id differs
        other = re.sub(r"^pid=\d+$", "pid=%d" % os.getpid(), text, count=1, flags=re.M)
        if other == text or "pid=%d\n" % os.getpid() in text:
            kill_tree(p.pid)
            fail("could not make another job's lock from %r" % text)
        with open(lock + ".other", "w") as f:
            f.write(other)
        os.replace(lock + ".other", lock)
        foreign["text"] = other

    signal_ranks(a, cwd, signal.SIGTERM, replace_lock, kept=("run.h5.lock",))
    with open(lock) as f:
        if f.read() != foreign["text"]:
            fail("the other job's lock was changed")


def case_sigint(a, cwd):
    signal_job(a, cwd, signal.SIGINT)


def case_sighup(a, cwd):
    signal_ranks(a, cwd, signal.SIGHUP)


def case_second_job(a, cwd):
    first = start(a, 2, ["-output", "run.h5", "-checkpoint", "run.chk.h5", "-sleep", "4"], cwd)
    wait_for(os.path.join(cwd, "run.chk.h5"), first, "the first job's checkpoint")
    with open(os.path.join(cwd, "run.h5.lock")) as f:
        pid = re.search(r"^pid=(\d+)$", f.read(), re.M).group(1)
    rc, out, err = run(a, 1, ["-output", "run.h5", "-checkpoint", "other.chk.h5"], cwd)
    lines = [l for l in err.splitlines() if l.strip()]
    want = ["-output run.h5", "is being written by another job", "pid %s on %s" % (pid, os.uname().nodename), "run.h5.lock"]
    if rc == 0 or len(lines) != 1 or not all(w in lines[0] for w in want):
        fail("the second job should be refused in one line holding %s; got exit %d and %r" % (want, rc, lines))
    rc, out, _ = finish(first)
    if rc != 0 or "io_writer: wrote run.h5" not in out:
        fail("the first job did not finish after the second was refused")
    expect_nothing_left(cwd, ("run.h5", "run.chk.h5"))


CASES = {"user": case_user, "rank0": case_rank0, "rank1": case_rank1, "rank1_loop": case_rank1_loop,
         "checkpoint": case_checkpoint,
         "sigkill": case_sigkill, "sigterm": case_sigterm, "sigterm_foreign_lock": case_sigterm_foreign_lock,
         "sigint": case_sigint, "sighup": case_sighup, "second_job": case_second_job}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--case", required=True, choices=sorted(CASES))
    a = ap.parse_args()
    a.writer = os.path.abspath(a.writer)
    cwd = tempfile.mkdtemp(prefix="mck-io-%s-" % a.case)
    try:
        CASES[a.case](a, cwd)
    except SystemExit as e:
        print("%s (run directory kept: %s)" % (e, cwd))
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS [%s]" % a.case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
