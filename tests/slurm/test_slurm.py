#!/usr/bin/env python3
"""mckean-submit against a real SLURM (Debian's slurm-wlm) started on localhost by the test:

  single   a 2-rank mckean-langevin job completes (state COMPLETED, exit 0:0), its run file
           records 2 ranks and its datasets equal, bit for bit, a 1-rank run outside SLURM;
  mpirun   the same through --launcher mpirun;
  array    a sweep of 3 values: every task completes, with its own run file, seed and value;
  chain    a chain of 2 (afterok): the second job starts only after the first, restarts from
           its checkpoint, and ends with the datasets of the uninterrupted single job;
  failure  a job whose app fails (a misspelt option) is FAILED with a non-zero exit code, and
           the next link of its chain never runs (DependencyNeverSatisfied);
  scaling  scripts/scaling submit runs one job per rank count; analyse reads their logs;
  requeue  a --requeue job requeued while running (as preemption does) starts again, continues
           from its checkpoint and ends with the datasets of an uninterrupted run;
  USR1     the same when the job gets USR1 (sent before the time limit) and requeues itself,
           with srun and with mpirun (which the script stops with USR1: TERM it would follow
           with SIGKILL 1 s later).

    test_slurm.py MCKEAN_SUBMIT MPIEXEC APP DECK

Exits 77 (ctest: skipped) only when SLURM is not installed or its daemons cannot start here."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import h5py

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import minislurm  # noqa: E402
from mcktest import bitwise_differences, check, finish  # noqa: E402

SKIP = 77
JOB_TIMEOUT = 120.0
TERMINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"}


class Test:
    def __init__(self, cluster, submit, mpiexec, app, deck, work):
        self.cluster, self.submit_script, self.mpiexec = cluster, submit, mpiexec
        self.app, self.deck, self.work = app, deck, work

    def run_submit(self, name, *args, app_options=()):
        cmd = [sys.executable, self.submit_script, "--job-name", name, "--output-dir", os.path.join(self.work, name),
               "--time", "2"] + list(args) + [self.app, self.deck, "--"] + list(app_options)
        r = subprocess.run(cmd, capture_output=True, text=True, env=self.cluster.env, cwd=self.work, timeout=120)
        print("$ %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr), flush=True)
        return r

    def submit_refused(self, name, *args, app_options=()):
        """Run mckean-submit expecting a refusal: no job may have been submitted."""
        r = self.run_submit(name, *args, app_options=app_options)
        check(not re.findall(r"as job (\d+)", r.stdout), "%s: no job submitted" % name)
        return r

    def submit(self, name, *args, app_options=()):
        """Run mckean-submit; returns the job ids it printed."""
        r = self.run_submit(name, *args, app_options=app_options)
        if r.returncode != 0:
            raise AssertionError("mckean-submit exited %d" % r.returncode)
        return re.findall(r"as job (\d+)", r.stdout)

    def records(self, jobid):
        """scontrol's records of a job (one per array task) as dicts."""
        r = subprocess.run(["scontrol", "-o", "show", "job", jobid], capture_output=True, text=True, env=self.cluster.env)
        return [dict(kv.split("=", 1) for kv in line.split() if "=" in kv) for line in r.stdout.splitlines() if line.strip()]

    def wait(self, jobid, until=TERMINAL):
        deadline = time.monotonic() + JOB_TIMEOUT
        while time.monotonic() < deadline:
            recs = self.records(jobid)
            if recs and all(r.get("JobState") in until for r in recs):
                return recs
            time.sleep(0.3)
        raise AssertionError("job %s not done after %.0f s: %s\n%s" % (jobid, JOB_TIMEOUT, self.records(jobid), self.cluster.logs()))

    def wait_reason(self, jobid, reason):
        deadline = time.monotonic() + JOB_TIMEOUT
        while time.monotonic() < deadline:
            recs = self.records(jobid)
            if recs and recs[0].get("Reason") == reason:
                return recs[0]
            time.sleep(0.3)
        return (self.records(jobid) or [{}])[0]

    def log(self, name, jobid):
        path = os.path.join(self.work, name, "%s-%s.out" % (name, jobid))
        return open(path).read() if os.path.exists(path) else ""


def attr(path, name):
    with h5py.File(path, "r") as f:
        v = f.attrs[name]
    return v.decode() if isinstance(v, bytes) else v


def test_single(t):
    (jid,) = t.submit("single", "--ntasks", "2")
    (rec,) = t.wait(jid)
    check(rec["JobState"] == "COMPLETED" and rec["ExitCode"] == "0:0",
          "single: 2-rank job COMPLETED with exit 0:0 (state %s, exit %s)" % (rec["JobState"], rec["ExitCode"]))
    run = os.path.join(t.work, "single", "single.h5")
    check(os.path.isfile(run), "single: run file %s written" % run)
    if not os.path.isfile(run):
        print(t.log("single", jid))
        return None
    check(attr(run, "nranks") == 2, "single: run file records 2 ranks (nranks = %s)" % attr(run, "nranks"))
    # the same options and seed on 1 rank outside SLURM: every dataset equal bit for bit
    ref = os.path.join(t.work, "ref.h5")
    r = subprocess.run([t.mpiexec, "-n", "1", t.app, "-options_file_yaml", t.deck, "-seed", str(attr(run, "seed")),
                        "-output", ref], capture_output=True, text=True, env=t.cluster.env, timeout=120)
    check(r.returncode == 0, "reference run outside SLURM exits 0 (%d: %s)" % (r.returncode, r.stderr.strip()))
    diff = bitwise_differences(run, ref) if r.returncode == 0 else ["(no reference)"]
    check(not diff, "single: datasets equal those of a 1-rank run outside SLURM (differ: %s)" % diff)
    return run


def test_mpirun(t):
    (jid,) = t.submit("mpirun", "--ntasks", "2", "--launcher", "mpirun")
    (rec,) = t.wait(jid)
    run = os.path.join(t.work, "mpirun", "mpirun.h5")
    check(rec["JobState"] == "COMPLETED" and os.path.isfile(run) and attr(run, "nranks") == 2,
          "mpirun: --launcher mpirun runs one 2-rank job (state %s, run file %s)" % (rec["JobState"], os.path.isfile(run)))


def test_array(t):
    (jid,) = t.submit("array", "--ntasks", "1", "--sweep=-mf_strength=1,2,3", "--seed", "7")
    recs = t.wait(jid)
    states = sorted((r.get("ArrayTaskId"), r["JobState"], r["ExitCode"]) for r in recs)
    check(len(recs) == 3 and all(s[1:] == ("COMPLETED", "0:0") for s in states), "array: 3 tasks COMPLETED with exit 0:0 (%s)" % states)
    for task, strength in enumerate(("1", "2", "3")):
        run = os.path.join(t.work, "array", "array.%d.h5" % task)
        ok = os.path.isfile(run)
        check(ok, "array: task %d wrote its own run file" % task)
        if ok:
            opts = attr(run, "options")
            check(attr(run, "seed") == 7 + task, "array: task %d has seed %d (run file: %s)" % (task, 7 + task, attr(run, "seed")))
            check(re.search(r"-mf_strength %s(\s|$)" % strength, opts) is not None, "array: task %d ran with -mf_strength %s" % (task, strength))
        check(os.path.isfile(os.path.join(t.work, "array", "array-%s_%d.out" % (jid, task))), "array: task %d has its own log" % task)


def test_chain(t, single_run):
    ids = t.submit("chain", "--ntasks", "2", "--chain", "2")
    check(len(ids) == 2, "chain: two jobs submitted (%s)" % ids)
    if len(ids) != 2:
        return
    first, second = t.wait(ids[0])[0], t.wait(ids[1])[0]
    check(first["JobState"] == second["JobState"] == "COMPLETED", "chain: both links COMPLETED (%s, %s)" % (first["JobState"], second["JobState"]))
    check(second.get("Dependency") in (None, "(null)") and second["StartTime"] >= first["EndTime"],
          "chain: link 2 started (%s) after link 1 ended (%s)" % (second["StartTime"], first["EndTime"]))
    check("continuing from" in t.log("chain", ids[1]), "chain: link 2 restarted from link 1's checkpoint (its log says so)")
    run = os.path.join(t.work, "chain", "chain.h5")
    if single_run and os.path.isfile(run):
        diff = bitwise_differences(run, single_run)
        check(not diff, "chain: the chained run file's datasets equal the uninterrupted job's (differ: %s)" % diff)
    else:
        check(False, "chain: run file %s written" % run)


def test_failure(t):
    refused = t.submit_refused("typo", app_options=["-lgv_tempreature", "1"])
    check(refused.returncode != 0 and "-lgv_tempreature" in refused.stderr,
          "failure: mckean-submit's -help probe refuses a misspelt option before submitting (exit %d: %s)"
          % (refused.returncode, refused.stderr.strip()))
    # a failure only the run itself can find: a restart file that does not exist
    missing = os.path.join(t.work, "fails", "missing.chk.h5")
    ids = t.submit("fails", "--ntasks", "2", "--chain", "2", app_options=["-restart", missing])
    (rec,) = t.wait(ids[0])
    check(rec["JobState"] == "FAILED" and rec["ExitCode"] != "0:0",
          "failure: the job with a missing restart file is FAILED with a non-zero exit (%s, %s)" % (rec["JobState"], rec["ExitCode"]))
    check(missing in t.log("fails", ids[0]), "failure: the job's log names the missing file")
    nxt = t.wait_reason(ids[1], "DependencyNeverSatisfied")
    check(nxt.get("JobState") == "PENDING" and nxt.get("Reason") == "DependencyNeverSatisfied",
          "failure: the next link never runs (state %s, reason %s)" % (nxt.get("JobState"), nxt.get("Reason")))
    check(not os.path.exists(os.path.join(t.work, "fails", "fails.h5")), "failure: no run file left behind")


def test_scaling_submit(t):
    """scripts/scaling submit: one job per rank count through mckean-submit, then analyse."""
    scaling = os.path.join(os.path.dirname(os.path.abspath(t.submit_script)), "scaling")
    out = os.path.join(t.work, "scaling")
    cmd = [sys.executable, scaling, "submit", "--ranks", "1,2", "--out", out, t.app, t.deck, "--time", "2", "--", "-lgv_view"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=t.cluster.env, timeout=120)
    print("$ %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr), flush=True)
    ids = re.findall(r"as job (\d+)", r.stdout)
    check(r.returncode == 0 and len(ids) == 2, "scaling submit: one job per rank count (%s)" % ids)
    states = [t.wait(j)[0]["JobState"] for j in ids]
    check(states == ["COMPLETED", "COMPLETED"], "scaling submit: both jobs COMPLETED (%s)" % states)
    r = subprocess.run([sys.executable, scaling, "analyse", out], capture_output=True, text=True, env=t.cluster.env, timeout=120)
    print(r.stdout + r.stderr)
    check(r.returncode == 0 and os.path.isfile(os.path.join(out, "scaling.png")),
          "scaling analyse of the SLURM jobs' logs writes the CSV, model and PNG")


def requeue_once(t, name, steps, how, launcher):
    """Submit a --requeue job of `steps` steps, interrupt it as soon as it has a checkpoint:
    how = "requeue" (what preemption does: SLURM requeues and sends TERM) or "USR1" (the
    signal --requeue asks for before the time limit: the job requeues itself).
    Returns (jobid, app options), or None when it finished before the interruption landed."""
    options = ["-particles_n", "4000", "-lgv_steps", str(steps), "-lgv_output_interval", "20"]
    (jid,) = t.submit(name, "--ntasks", "2", "--time", "5", "--requeue", "--signal-margin", "30",
                      "--checkpoint-interval", "100", "--launcher", launcher, app_options=options)
    chk = os.path.join(t.work, name, name + ".chk.h5")
    deadline = time.monotonic() + JOB_TIMEOUT
    while not os.path.exists(chk) and time.monotonic() < deadline:
        time.sleep(0.02)
    interrupt = ["scontrol", "requeue", jid] if how == "requeue" else ["scancel", "--batch", "--signal=USR1", jid]
    r = subprocess.run(interrupt, capture_output=True, text=True, env=t.cluster.env)
    if r.returncode != 0 and os.path.exists(os.path.join(t.work, name, name + ".h5")):
        t.wait(jid)
        return None
    check(r.returncode == 0, "%s: %s of the running job accepted (%s)" % (name, " ".join(interrupt[:2]), r.stderr.strip()))
    # SLURM holds a requeued job back for two minutes (BeginTime); release it after 2 s instead:
    # a start within the second of the requeue is refused ("Job credential revoked")
    t.wait(jid, until={"PENDING"})
    subprocess.run(["scontrol", "update", "JobId=%s" % jid, "StartTime=now+2"], capture_output=True, env=t.cluster.env)
    return jid, options


def test_requeue(t, how, launcher="srun"):
    """Interrupt a running --requeue job once it has a checkpoint (see requeue_once): it must
    start again, continue from the checkpoint and end with the uninterrupted run's datasets. The
    run is made longer until the interruption lands before its end (a fast machine finishes
    short runs first)."""
    label = how if launcher == "srun" else "%s, %s" % (how, launcher)
    for attempt, steps in enumerate((2000, 8000, 32000)):
        name = "%s%s%d" % (how.lower(), "" if launcher == "srun" else "-" + launcher, attempt)
        got = requeue_once(t, name, steps, how, launcher)
        if got:
            break
        print("%s: the %d-step job finished before the interruption; trying a longer one" % (label, steps), flush=True)
    else:
        check(False, "%s: every job finished before it could be interrupted" % label)
        return
    jid, options = got
    (rec,) = t.wait(jid)
    log = t.log(name, jid)
    if rec["JobState"] != "COMPLETED":
        print("--- log of job %s ---\n%s" % (jid, log))
    check(rec["JobState"] == "COMPLETED" and rec["Restarts"] == "1",
          "%s: the requeued job COMPLETED after 1 restart (%s, Restarts=%s)" % (label, rec["JobState"], rec["Restarts"]))
    signal_name = "TERM" if how == "requeue" else "USR1"
    check("%s: stopping the app" % signal_name in log and "continuing from" in log,
          "%s: the first start stopped on %s and the second continued from the checkpoint (log)" % (label, signal_name))
    ref = os.path.join(t.work, name + "-ref.h5")
    run = os.path.join(t.work, name, name + ".h5")
    r = subprocess.run([t.mpiexec, "-n", "1", t.app, "-options_file_yaml", t.deck, "-output", ref] + options,
                       capture_output=True, text=True, env=t.cluster.env, timeout=300)
    ok = r.returncode == 0 and os.path.isfile(run)
    check(ok and not bitwise_differences(run, ref), "%s: the requeued run's datasets equal an uninterrupted run's" % label)


def start_cluster(attempts=2):
    """A running MiniSlurm, or None (after saying why) when SLURM cannot be started here. A
    second attempt with other ports covers a port taken between choosing and binding it."""
    for attempt in range(1, attempts + 1):
        cluster = minislurm.MiniSlurm(cpus=2)
        try:
            cluster.__enter__()
            return cluster
        except minislurm.Unavailable as e:
            cluster.cleanup()
            if attempt == attempts or not cluster.dir:
                print("SKIP: SLURM cannot be started on this machine: %s" % e)
                return None
            print("SLURM did not start (attempt %d): %s; trying again" % (attempt, e), flush=True)
    return None


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    submit, mpiexec, app, deck = sys.argv[1:]
    t0 = time.monotonic()
    cluster = start_cluster()
    if cluster is None:
        return SKIP
    work = tempfile.mkdtemp(prefix="mck-slurm-jobs-")
    ok = False
    try:
        print("SLURM up in %.1f s (%s)" % (time.monotonic() - t0, cluster.dir), flush=True)
        t = Test(cluster, submit, mpiexec, app, deck, work)
        single = test_single(t)
        test_mpirun(t)
        test_array(t)
        test_chain(t, single)
        test_failure(t)
        test_scaling_submit(t)
        test_requeue(t, "requeue")
        test_requeue(t, "USR1")
        test_requeue(t, "USR1", "mpirun")
        ok = check.failures == 0
    finally:
        if not ok:
            print(cluster.logs())
        cluster.__exit__(None, None, None)
        cluster.cleanup(keep=not ok)
        if ok:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept for inspection: %s %s" % (work, cluster.dir))
    print("total %.1f s" % (time.monotonic() - t0))
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
