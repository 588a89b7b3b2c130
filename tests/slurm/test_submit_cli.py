#!/usr/bin/env python3
"""mckean-submit without SLURM: the scripts --dry-run prints, and its errors.

    test_submit_cli.py MCKEAN_SUBMIT APP DECK

The scripts: #SBATCH lines for every resource option, one array task per sweep point x ensemble
member with its own seed and options, the chain's links (steps per link ending on a checkpoint,
afterok between them, the steps-dependent output interval pinned), requeue lines; every script
passes bash -n. The errors: unknown app, missing deck, bad values, unknown sweep option, requeue
without checkpoints -- each exits non-zero with one "mckean-submit: error:" line naming it."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from mcktest import check, finish  # noqa: E402

SUBMIT, APP, DECK = sys.argv[1:4]


def submit(*args):
    r = subprocess.run([sys.executable, SUBMIT, "--dry-run"] + list(args), capture_output=True, text=True, cwd="/tmp")
    return r


def script_of(out):
    return out.split("\n# JOB1=")[0]


def syntax_ok(text):
    return subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True).returncode == 0


def test_plain():
    r = submit("--nodes", "2", "--ntasks", "8", "--ntasks-per-node", "4", "--time", "1-02:00:00", "--partition", "big",
               "--account", "proj42", "--launcher", "mpirun", "--output-dir", "/tmp/mck-out", APP, DECK, "--", "-lgv_dt", "0.005")
    check(r.returncode == 0, "plain: exit 0 (%s)" % r.stderr.strip())
    s = script_of(r.stdout)
    for line in ("--nodes=2", "--ntasks=8", "--ntasks-per-node=4", "--time=1-02:00:00", "--partition=big",
                 "--account=proj42", "--output=/tmp/mck-out/", "--no-requeue"):
        check("#SBATCH " + line in s, "plain: #SBATCH %s" % line)
    check("--array" not in s, "plain: no array")
    check('mpirun -n "$SLURM_NTASKS"' in s, "plain: the mpirun launcher")
    check('kill -USR1 "$pid"' in s and 'kill -TERM "$pid"' not in s,
          "plain: mpirun is stopped with USR1, which it passes on (TERM it follows with SIGKILL after 1 s)")
    check(re.search(r"options=\(-options_file_yaml \"\$deck\" -lgv_dt 0\.005\)", s) is not None, "plain: the app options follow the deck")
    check("seed=2026" in s, "plain: the deck's seed")
    check(syntax_ok(s), "plain: bash -n accepts the script")


def test_sweep():
    r = submit("--sweep", "-mf_strength=1,2", "--sweep=-lgv_temperature=0.5,1", "--ensemble", "3", "--seed", "10",
               "--max-parallel", "4", APP, DECK)
    check(r.returncode == 0, "sweep: exit 0 (%s)" % r.stderr.strip())
    s = script_of(r.stdout)
    check("#SBATCH --array=0-11%4" in s, "sweep: 2 x 2 points x 3 members = 12 tasks, 4 at a time")
    cases = re.findall(r"^\s+(\d+)\) task_options=\((.*)\); seed=(\d+) ;;$", s, re.MULTILINE)
    check(len(cases) == 12, "sweep: 12 task cases (%d)" % len(cases))
    check([int(c[2]) for c in cases] == list(range(10, 22)), "sweep: seeds 10..21, one per task")
    check(len({c[1] for c in cases}) == 4 and cases[0][1] == cases[2][1] == "-mf_strength 1 -lgv_temperature 0.5",
          "sweep: the members of a point share its options")
    check('run="$outdir/' in s and '.$task.h5"' in s and "%A_%a.out" in s, "sweep: a run file and a log per task")
    check('kill -TERM "$pid"' in s, "sweep: srun (the default launcher) is stopped with TERM, which it passes on")
    check(syntax_ok(s), "sweep: bash -n accepts the script")


def test_chain():
    r = submit("--chain", "3", "--checkpoint-interval", "300", "--requeue", APP, DECK)
    check(r.returncode == 0, "chain: exit 0 (%s)" % r.stderr.strip())
    s = script_of(r.stdout)
    # 2000 steps in 3 links, each ending on a checkpoint (multiples of 300): 900, 1800, 2000
    check("link_steps=(0 900 1800 2000)" in s, "chain: links end at steps 900, 1800, 2000 (%s)" % re.findall(r"link_steps=.*", s))
    check("-lgv_output_interval 10" in s, "chain: the steps-dependent -lgv_output_interval pinned to the full run's value")
    jobs = re.findall(r"^# JOB(\d)=\$\((.*)\)$", r.stdout, re.MULTILINE)
    check([j[0] for j in jobs] == ["1", "2", "3"], "chain: three sbatch commands")
    check(all("--dependency=afterok:${JOB%d}" % (int(n) - 1) in c and c.endswith(" %s" % n) for n, c in jobs[1:]),
          "chain: link k depends on link k-1 (afterok) and is told its number")
    for line in ("--requeue", "--open-mode=append", "--signal=B:USR1@120"):
        check("#SBATCH " + line in s, "requeue: #SBATCH %s" % line)
    check('scontrol requeue "$SLURM_JOB_ID"' in s and "trap 'stop TERM' TERM" in s, "requeue: USR1 requeues, TERM stops the app")
    check(syntax_ok(s), "chain: bash -n accepts the script")


ERRORS = [
    (["mckean-nonesuch", DECK], r"unknown app 'mckean-nonesuch'.*mckean-langevin"),
    ([APP, "/tmp/no/such/deck.yaml"], r"deck /tmp/no/such/deck.yaml: no such file"),
    (["--ntasks", "0", APP, DECK], r"--ntasks: 0: must be a positive integer"),
    (["--time", "soon", APP, DECK], r"--time: 'soon': expected minutes"),
    (["--nodes", "4", "--ntasks", "2", APP, DECK], r"--nodes 4: more nodes than --ntasks 2"),
    (["--sweep", "-mf_strenght=1,2", APP, DECK], r"sweep option -mf_strenght: mckean-langevin has no such option"),
    (["--sweep", "-mf_strength=1,,2", APP, DECK], r"empty value"),
    (["--requeue", APP, DECK], r"--requeue: .*--checkpoint-interval"),
    (["--chain", "5000", APP, DECK], r"--chain 5000: more links than the 2000 steps"),
    ([APP, DECK, "--", "-lgv_dt", "abc"], r"rejects the deck .* abc"),
]


def test_errors():
    for args, pattern in ERRORS:
        r = submit(*args)
        lines = [l for l in r.stderr.splitlines() if "error:" in l]
        check(r.returncode != 0 and len(lines) == 1 and re.search(pattern, lines[0]) is not None and not r.stdout.strip(),
              "error %s: exit %d, one message matching /%s/ (%r)" % (" ".join(args[:-2] or args), r.returncode, pattern, r.stderr.strip()[-300:]))


test_plain()
test_sweep()
test_chain()
test_errors()
finish()
