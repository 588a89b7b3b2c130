"""The one checker of every app's bad-input promise (DESIGN.md §3), shared by all CLI tests.

A bad input gives a non-zero exit, exactly ONE stderr line "<prog>: error: <message>" naming the
option, showing the bad value and saying what is allowed, no PETSc traceback, a short stderr,
and no file left behind (neither -output, nor its file in progress or lock, nor a checkpoint). <prog> is
the basename of the app actually run.

A test script defines CASES = {name: case(runner, cwd)} and ends with
`sys.exit(mckcli.main(CASES))`; it is then called as

    script --app PATH --mpiexec PATH --case NAME [--deck FILE]

and each case runs in a fresh temporary directory (kept, and named, when the case fails).
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

NP = 2
MAX_STDERR_LINES = 4  # one message, no PETSc traceback
RUN_TIMEOUT = 60


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def is_open_mpi(mpiexec):
    try:
        out = subprocess.run([mpiexec, "--version"], capture_output=True, text=True, timeout=30, env=dict(os.environ))
    except (OSError, subprocess.SubprocessError):
        return False
    return "Open MPI" in out.stdout + out.stderr or "OpenRTE" in out.stdout + out.stderr


class Runner:
    """Runs one app on NP ranks; the results carry .prog, the program name the app prints."""

    def __init__(self, app, mpiexec, deck=None):
        self.app = os.path.abspath(app)
        self.prog = os.path.basename(self.app)
        self.mpiexec = mpiexec
        self.deck = deck
        # Open MPI's own "Primary job terminated normally, but 1 process returned a non-zero
        # exit code" banner is mpiexec's, not McKean's: --quiet keeps it out of the stderr we judge.
        self.launcher = [mpiexec] + (["--quiet"] if is_open_mpi(mpiexec) else []) + ["-n", str(NP)]

    def run(self, args, cwd):
        cmd = self.launcher + [self.app] + [str(a) for a in args]
        print("$ (cd %s && %s)" % (cwd, " ".join(cmd)), flush=True)
        try:
            r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT, env=dict(os.environ))
        except subprocess.TimeoutExpired as e:
            raise Failure("timed out after %d s; stdout=%r stderr=%r" % (RUN_TIMEOUT, e.stdout, e.stderr))
        print("exit code: %d" % r.returncode)
        print("--- stdout ---\n%s--- stderr ---\n%s--------------" % (r.stdout, r.stderr), flush=True)
        r.prog = self.prog
        return r


def listing(d):
    """Every file below d (relative paths, empty directories too), to see what a run left behind."""
    out = set()
    for root, dirs, files in os.walk(d):
        for f in files + [x for x in dirs if not os.listdir(os.path.join(root, x))]:
            out.add(os.path.relpath(os.path.join(root, f), d))
    return out


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def value_in(value, text):
    """value appears in text as a token of its own (not as part of a longer number or name)."""
    return re.search(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", text) is not None


def outputs(cwd, name):
    """The run file, the default checkpoint and their locks (files in progress, named after the
    job, are caught by the listing of the run directory)."""
    stem = name[:-3] if name.endswith(".h5") else name
    return [os.path.join(cwd, x) for x in (name, name + ".lock", stem + ".chk.h5", stem + ".chk.h5.lock")]


def expect_user_error(r, cwd, before, option, value, allowed=(), also_absent=()):
    """The promise for a bad input: exit != 0, exactly one '<prog>: error: ...' line naming the
    option, showing the value and matching every pattern of what is allowed, a short stderr,
    no "wrote" claim, nothing new below cwd and none of also_absent on disk."""
    prog = r.prog
    problems = []
    if r.returncode == 0:
        problems.append("exit code is 0, expected non-zero")
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    if "PETSC ERROR" in r.stderr:
        problems.append("stderr holds a PETSc traceback ([n]PETSC ERROR lines) instead of one message")
    if len(lines) > MAX_STDERR_LINES:
        problems.append("stderr has %d non-empty lines, expected one message (at most %d lines)" % (len(lines), MAX_STDERR_LINES))
    errs = [l for l in lines if (prog + ": error: ") in l]
    if len(errs) != 1:
        problems.append("expected exactly one '%s: error: ...' line on stderr, found %d" % (prog, len(errs)))
    msg = errs[0] if errs else r.stderr
    if option not in msg:
        problems.append("the message does not name the option %s" % option)
    if value is not None and not value_in(value, msg):
        problems.append("the message does not show the bad value %r" % value)
    if re.search(r",\s*(,|;|$)", msg.rstrip()):
        problems.append("the message has an empty item in a list (dangling ', ')")
    for pattern in allowed:
        if not re.search(pattern, msg, re.IGNORECASE):
            problems.append("the message does not say what is allowed (expected /%s/)" % pattern)
    if (prog + ": wrote") in r.stdout:
        problems.append("stdout claims a file was written")
    new = sorted(listing(cwd) - before)
    if new:
        problems.append("files left behind in the run directory: %s" % ", ".join(new))
    for p in also_absent:
        if os.path.lexists(p):
            problems.append("file left behind: %s" % p)
    if problems:
        raise Failure("; ".join(problems))


def refused(base, extra, option, value, allowed=(), output="run.h5"):
    """A case: base + extra + -output <output> is refused naming option and value."""
    def case(runner, cwd):
        before = listing(cwd)
        r = runner.run(list(base) + ["-output", output] + list(extra), cwd)
        expect_user_error(r, cwd, before, option, value, allowed, outputs(cwd, output))
    return case


def refused_restart(runner, cwd, args, option, value, allowed, output):
    """A restart refused: the user-error promise, and every file already there left unchanged."""
    kept = {p: digest(os.path.join(cwd, p)) for p in listing(cwd)}
    before = listing(cwd)
    r = runner.run(args, cwd)
    expect_user_error(r, cwd, before, option, value, allowed, outputs(cwd, output))
    for p, h in kept.items():
        check(os.path.isfile(os.path.join(cwd, p)) and digest(os.path.join(cwd, p)) == h, "the refused restart changed or removed %s" % p)


def expect_ran(r, cwd, output):
    """A positive control: exit 0, no error on stderr, the run file finished (no .partial)."""
    check(r.returncode == 0, "the configuration without a mistake failed (exit %d)" % r.returncode)
    check(": error:" not in r.stderr and "PETSC ERROR" not in r.stderr, "a successful run printed an error on stderr")
    path = os.path.join(cwd, output)
    check(os.path.isfile(path), "-output %s was not written (files: %s)" % (output, sorted(listing(cwd))))
    partial = sorted(p for p in listing(cwd) if ".partial" in p or p.endswith(".lock"))
    check(not partial, "files in progress or locks left next to the finished %s: %s" % (output, ", ".join(partial)))


def expect_help(r, cwd, options):
    """-help exits 0, prints no error, writes nothing and lists every option with its <default> (PETSc writes "-flag: <FALSE : FALSE>" for a boolean)."""
    check(r.returncode == 0, "-help exited %d, expected 0" % r.returncode)
    check(": error:" not in r.stderr and "PETSC ERROR" not in r.stderr, "-help printed an error on stderr")
    left = sorted(listing(cwd))
    check(not left, "-help wrote files: %s" % ", ".join(left))
    for opt in options:
        # at a line's start or after blanks: PETSc ends some of its own lines (a type list such
        # as -sf_type's) without a newline when it prints them, so the next option may follow
        check(re.search(r"(^|\s)" + re.escape(opt) + r":?\s*<", r.stdout, re.MULTILINE), "-help does not list %s with its default" % opt)


def help_without_deck(options):
    """Two cases: -help with no deck lists the options (exit 0, nothing written), and -help with a
    misspelt option is refused with the one-line unknown-option error (a pre-flight check)."""
    def listed(runner, cwd):
        expect_help(runner.run(["-help"], cwd), cwd, options)
    misspelt = refused([], ["-help", "-ens_sizee", "3"], "-ens_sizee", "3", [r"unknown option", r"did you mean -ens_size\b"])
    return {"help_no_deck": listed, "help_misspelt": misspelt}


def main(cases):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--app", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--case", required=True, choices=sorted(cases))
    ap.add_argument("--deck", help="input deck, for the cases that use one")
    a = ap.parse_args()
    if not os.access(a.app, os.X_OK):
        print("FAIL: %s is not an executable" % a.app)
        return 1
    runner = Runner(a.app, a.mpiexec, a.deck)
    cwd = tempfile.mkdtemp(prefix="mck-cli-%s-%s-" % (runner.prog, a.case))
    try:
        cases[a.case](runner, cwd)
    except Failure as e:
        print("FAIL [%s %s]: %s" % (runner.prog, a.case, e))
        print("(run directory kept: %s)" % cwd)
        return 1
    shutil.rmtree(cwd, ignore_errors=True)
    print("PASS [%s %s]" % (runner.prog, a.case))
    return 0
