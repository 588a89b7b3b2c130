"""A throw-away SLURM cluster on localhost for tests: munged, slurmctld and slurmd started in
the foreground as children of the test, one node with 2 CPUs, every file (key, sockets, state,
spool, logs) in one temporary directory and free ports, so it clashes neither with a system
SLURM nor with tests running at the same time.

    with MiniSlurm() as cluster:      # raises Unavailable when SLURM cannot be started here
        env = cluster.env             # SLURM_CONF for sbatch/scontrol/squeue
        ...
The daemons are stopped on leaving the block, on SIGTERM, and (PR_SET_PDEATHSIG) even if the
test process itself is killed."""
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

DAEMONS = {"munged": "/usr/sbin/munged", "slurmctld": "/usr/sbin/slurmctld", "slurmd": "/usr/sbin/slurmd"}
CLIENTS = ("sbatch", "scontrol", "squeue", "scancel", "srun")
NODE = "mcknode"
START_TIMEOUT = 20.0


class Unavailable(Exception):
    """SLURM is not installed or cannot be started on this machine (the test is skipped)."""


def _die_with_parent():
    """In the daemon's child process: get SIGTERM when the test process dies, however it dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_programs():
    progs = [p for p in DAEMONS.values() if not os.access(p, os.X_OK)]
    progs += [c for c in CLIENTS if shutil.which(c) is None]
    if not os.access("/usr/sbin/mungekey", os.X_OK):
        progs.append("/usr/sbin/mungekey")
    return progs


class MiniSlurm:
    def __init__(self, cpus=2):
        self.cpus = cpus
        self.procs = []
        self.dir = None

    # ---- configuration -----------------------------------------------------------------
    def _write_config(self):
        d = self.dir
        host = socket.gethostname().split(".")[0]
        for sub in ("state", "spool", "munge"):
            os.makedirs(os.path.join(d, sub), mode=0o700)
        self.munge_socket = os.path.join(d, "munge", "munge.socket")
        self.conf = os.path.join(d, "slurm.conf")
        lines = [
            "ClusterName=mck%d" % os.getpid(),
            "SlurmctldHost=%s(127.0.0.1)" % host,
            "SlurmctldPort=%d" % _free_port(),
            "SlurmdPort=%d" % _free_port(),
            "SlurmUser=root", "SlurmdUser=root",
            "AuthType=auth/munge", "CredType=cred/munge",
            "AuthInfo=socket=%s" % self.munge_socket,
            "StateSaveLocation=%s/state" % d, "SlurmdSpoolDir=%s/spool" % d,
            "SlurmctldPidFile=%s/slurmctld.pid" % d, "SlurmdPidFile=%s/slurmd.pid" % d,
            "SlurmctldLogFile=%s/slurmctld.log" % d, "SlurmdLogFile=%s/slurmd.log" % d,
            "SlurmctldDebug=info", "SlurmdDebug=info",
            # no cgroups: processes are tracked through /proc, tasks are not bound
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none", "AccountingStorageType=accounting_storage/none",
            # one line per finished job (state and exit code) without slurmdbd
            "JobCompType=jobcomp/filetxt", "JobCompLoc=%s/jobcomp.txt" % d,
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
            "SchedulerType=sched/builtin", "SchedulerParameters=sched_interval=1",
            "MpiDefault=pmix", "ReturnToService=2", "MinJobAge=600", "KillWait=5",
            "InactiveLimit=0", "Waittime=0", "SlurmdTimeout=30",
            "NodeName=%s NodeAddr=127.0.0.1 NodeHostname=%s CPUs=%d State=UNKNOWN" % (NODE, host, self.cpus),
            "PartitionName=debug Nodes=%s Default=YES MaxTime=10 State=UP OverSubscribe=NO" % NODE,
        ]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        # Jobs inherit this environment. Open MPI under srun does not know that the 2 CPUs are
        # shared with other tests: ranks must yield while they wait, or a busy machine stalls them.
        self.env = dict(os.environ, SLURM_CONF=self.conf, OMPI_MCA_mpi_yield_when_idle="1")

    # ---- daemons -------------------------------------------------------------------------
    def _spawn(self, name, args):
        log = open(os.path.join(self.dir, name + ".out"), "w")
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                             preexec_fn=_die_with_parent, start_new_session=True)
        p.name = name
        self.procs.append(p)
        return p

    def _wait_for(self, what, ready):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise Unavailable("%s exited with %d while starting:\n%s" % (p.name, p.returncode, self.log_tail(p.name)))
            if ready():
                return
            time.sleep(0.2)
        raise Unavailable("%s not ready after %.0f s:\n%s" % (what, START_TIMEOUT, self.logs()))

    def _start_munge(self):
        d = os.path.join(self.dir, "munge")
        key = os.path.join(d, "munge.key")
        r = subprocess.run(["/usr/sbin/mungekey", "--create", "--keyfile", key], capture_output=True, text=True)
        if r.returncode != 0:
            raise Unavailable("mungekey failed: %s" % r.stderr.strip())
        self._spawn("munged", [DAEMONS["munged"], "--foreground", "--force", "--socket", self.munge_socket,
                               "--key-file", key, "--pid-file", os.path.join(d, "munged.pid"),
                               "--log-file", os.path.join(d, "munged.log"), "--seed-file", os.path.join(d, "munged.seed")])
        self._wait_for("munged", lambda: os.path.exists(self.munge_socket))

    def _nodes_idle(self):
        r = subprocess.run(["scontrol", "show", "node", NODE], capture_output=True, text=True, env=self.env)
        return r.returncode == 0 and "State=IDLE" in r.stdout

    def start(self):
        gone = missing_programs()
        if gone:
            raise Unavailable("not installed: %s (Debian: apt-get install slurm-wlm munge)" % ", ".join(gone))
        self.dir = tempfile.mkdtemp(prefix="mck-slurm-")
        os.chmod(self.dir, 0o700)
        self._write_config()
        self._start_munge()
        self._spawn("slurmctld", [DAEMONS["slurmctld"], "-D", "-i", "-f", self.conf])
        self._wait_for("slurmctld", lambda: subprocess.run(["scontrol", "ping"], capture_output=True, text=True, env=self.env).stdout.find("UP") >= 0)
        self._spawn("slurmd", [DAEMONS["slurmd"], "-D", "-N", NODE, "-f", self.conf])
        self._wait_for("slurmd (node %s idle)" % NODE, self._nodes_idle)
        return self

    def stop(self):
        """Cancel what is left, then stop the daemons in reverse order (TERM, then KILL)."""
        if any(p.poll() is None and p.name == "slurmctld" for p in self.procs):
            subprocess.run(["scancel", "--full", "--quiet", "--user=root"], capture_output=True, env=self.env, timeout=10)
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []

    def cleanup(self, keep=False):
        if self.dir and not keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        self._old_term = signal.signal(signal.SIGTERM, self._on_sigterm)
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
        signal.signal(signal.SIGTERM, self._old_term)
        return False

    def _on_sigterm(self, signum, frame):
        self.stop()
        raise SystemExit("terminated by signal %d; SLURM daemons stopped" % signum)

    # ---- diagnostics ---------------------------------------------------------------------
    def log_tail(self, name, lines=15):
        out = []
        for path in (os.path.join(self.dir, name + ".out"), os.path.join(self.dir, name + ".log"),
                     os.path.join(self.dir, "munge", name + ".log")):
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    out += f.read().splitlines()[-lines:]
        return "\n".join(out)

    def logs(self):
        return "\n".join("--- %s ---\n%s" % (n, self.log_tail(n)) for n in DAEMONS)
