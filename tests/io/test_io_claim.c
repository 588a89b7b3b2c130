/* Claims on output paths (MckIOClaimOutput) on P ranks: no output may cost the user data.
 *
 * Run with -options_file io_claim_opts.txt -options_file_yaml io_claim_deck.yaml, where the
 * plain options file names io_claim_nested.txt (tests/io/io.cmake writes the three files).
 * Checks, each refusal a PETSC_ERR_USER_INPUT on every rank, in one line naming the option,
 * the path and the reason:
 *  (1) files the run reads: both decks, the nested options file, another spelling of a deck
 *      (./deck), a data file named by an option, an item of a list option, the -restart
 *      checkpoint -- which a -checkpoint may replace, and an -output may not;
 *  (2) kinds: a text file, a directory, a path in a missing directory, a McKean run file as a
 *      checkpoint and a checkpoint as a run file are refused; an earlier run file, an earlier
 *      checkpoint and an empty file are replaced; one file named by two outputs is refused;
 *  (3) locks: a lock held by a live process on this host, by a job on another host, or a lock
 *      that is not McKean's are refused, naming the holder; the lock of a process that is gone
 *      is taken over and its file in progress removed; the lock of an earlier incarnation of
 *      this SLURM job (lower SLURM_RESTART_COUNT, another host), and the lock of a live pid
 *      that belonged to another process then (another start time), are taken over; the claim
 *      leaves a lock naming this process;
 *  (4) the file in progress is named after the host, the process and the SLURM job;
 *  (5) McKeanFinalize leaves no lock and no file in progress.
 * The job identity is set to SLURM job 4242, restart 1 (environment, before initialization). */
#include "iotest.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char help[] = "MckIO output claims test\n";

static char host[256];

static PetscErrorCode WriteText(PetscMPIInt rank, const char path[], const char text[])
{
  PetscFunctionBeginUser;
  if (!rank) {
    FILE *f = fopen(path, "w");

    PetscCheck(f, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", path);
    (void)fputs(text, f);
    (void)fclose(f);
  }
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

static PetscErrorCode CopyFile(PetscMPIInt rank, const char from[], const char to[])
{
  PetscFunctionBeginUser;
  if (!rank) {
    char   buf[1 << 16];
    size_t n;
    FILE  *in = fopen(from, "rb"), *out = fopen(to, "wb");

    PetscCheck(in && out, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot copy %s to %s", from, to);
    while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
      PetscCheck(fwrite(buf, 1, n, out) == n, PETSC_COMM_SELF, PETSC_ERR_FILE_WRITE, "cannot write %s", to);
    (void)fclose(in);
    (void)fclose(out);
  }
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

/* A McKean run file at path and a checkpoint of it at chk, as an earlier run would leave them:
 * written under other names (which this process then has claimed) and copied. */
static PetscErrorCode WriteRunFile(MPI_Comm comm, PetscMPIInt rank, const char path[], const char chk[])
{
  PetscInt64 dims[1] = {3};
  PetscReal  v[3]    = {1, 2, 3};
  MckIO      io, c;
  char       a[128], b[128];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(a, sizeof(a), "%s.earlier.h5", path));
  PetscCall(PetscSNPrintf(b, sizeof(b), "%s.earlier.chk.h5", path));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, a, "-output"));
  PetscCall(MckIOWriteArray(io, "/a", 1, dims, v));
  PetscCall(MckIOCheckpointBegin(io, b, &c));
  PetscCall(MckIOWriteArray(c, "/checkpoint/state", 1, dims, v));
  PetscCall(MckIOCheckpointEnd(io, &c));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscCall(CopyFile(rank, a, path));
  PetscCall(CopyFile(rank, b, chk));
  if (!rank) {
    (void)remove(a);
    (void)remove(b);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Refused(MPI_Comm comm, const char path[], const char option[], MckIOFileKind kind,
                              const char what[], const char *const words[])
{
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  CAPTURE(ierr, MckIOClaimOutput(comm, path, option, kind));
  PetscCall(ExpectRefused(comm, ierr, what, words));
  PetscCall(Expect(comm, (PetscBool)!LockExists(path), "a refused claim leaves no lock"));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadFiles(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char data[64], list[160], run[64], chk[64];

  PetscFunctionBeginUser;
  {
    const char *w1[] = {"-output io_claim_deck.yaml", "is the file read by -options_file_yaml", NULL};
    const char *w2[] = {"-checkpoint ./io_claim_deck.yaml", "-options_file_yaml", NULL};
    const char *w3[] = {"-output io_claim_opts.txt", "read by -options_file", NULL};
    const char *w4[] = {"-output io_claim_nested.txt", "read by -options_file (in io_claim_opts.txt)", NULL};

    PetscCall(Refused(comm, "io_claim_deck.yaml", "-output", MCKIO_RUN_FILE, "the YAML deck as -output", w1));
    PetscCall(Refused(comm, "./io_claim_deck.yaml", "-checkpoint", MCKIO_CHECKPOINT_FILE,
                      "the YAML deck, spelt ./deck, as -checkpoint", w2));
    PetscCall(Refused(comm, "io_claim_opts.txt", "-output", MCKIO_RUN_FILE, "the options file as -output", w3));
    PetscCall(Refused(comm, "io_claim_nested.txt", "-output", MCKIO_RUN_FILE,
                      "an options file named in an options file", w4));
  }
  PetscCall(PetscSNPrintf(data, sizeof(data), "io_claim_data_np%d.h5", size));
  PetscCall(PetscSNPrintf(list, sizeof(list), "io_claim_none_np%d.h5,%s", size, data));
  PetscCall(PetscSNPrintf(run, sizeof(run), "io_claim_run_np%d.h5", size));
  PetscCall(PetscSNPrintf(chk, sizeof(chk), "io_claim_run_np%d.chk.h5", size));
  PetscCall(WriteText(rank, data, "input data\n"));
  PetscCall(PetscOptionsSetValue(NULL, "-io_claim_data", data));
  {
    const char *w[] = {"-output", data, "is the file read by -io_claim_data", NULL};

    PetscCall(Refused(comm, data, "-output", MCKIO_RUN_FILE, "a data file named by an option", w));
  }
  PetscCall(PetscOptionsClearValue(NULL, "-io_claim_data"));
  PetscCall(PetscOptionsSetValue(NULL, "-io_claim_list", list));
  {
    const char *w[] = {"-output", data, "is the file read by -io_claim_list", NULL};

    PetscCall(Refused(comm, data, "-output", MCKIO_RUN_FILE, "an item of a list option", w));
  }
  PetscCall(PetscOptionsClearValue(NULL, "-io_claim_list"));

  /* the -restart checkpoint: continued by -checkpoint, never replaced by -output */
  PetscCall(WriteRunFile(comm, rank, run, chk));
  PetscCall(PetscOptionsSetValue(NULL, "-restart", chk));
  {
    const char *w[] = {"-output", chk, "is the file read by -restart", NULL};

    PetscCall(Refused(comm, chk, "-output", MCKIO_RUN_FILE, "the -restart checkpoint as -output", w));
  }
  PetscCall(MckIOClaimOutput(comm, chk, "-checkpoint", MCKIO_CHECKPOINT_FILE));
  PetscCall(PetscOptionsClearValue(NULL, "-restart"));
  (void)rank;
  PetscFunctionReturn(0);
}

static PetscErrorCode Kinds(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char run[64], chk[64], text[64], empty[64], sub[64], missing[96], again[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(run, sizeof(run), "io_claim_kind_np%d.h5", size));
  PetscCall(PetscSNPrintf(chk, sizeof(chk), "io_claim_kind_np%d.chk.h5", size));
  PetscCall(PetscSNPrintf(text, sizeof(text), "io_claim_text_np%d.h5", size));
  PetscCall(PetscSNPrintf(empty, sizeof(empty), "io_claim_empty_np%d.h5", size));
  PetscCall(PetscSNPrintf(sub, sizeof(sub), "io_claim_dir_np%d", size));
  PetscCall(PetscSNPrintf(missing, sizeof(missing), "io_claim_missing_np%d/x.h5", size));
  PetscCall(PetscSNPrintf(again, sizeof(again), "./io_claim_kind_np%d.h5", size));
  PetscCall(WriteRunFile(comm, rank, run, chk));
  PetscCall(WriteText(rank, text, "results I want to keep\n"));
  PetscCall(WriteText(rank, empty, ""));
  if (!rank) {
    (void)rmdir(sub);
    PetscCall(PetscMkdir(sub));
  }
  PetscCallMPI(MPI_Barrier(comm));
  {
    const char *w1[] = {"-output", text, "is a file not written by McKean", "choose another name", NULL};
    const char *w2[] = {"-output", sub, "is a directory", NULL};
    const char *w3[] = {"-output", missing, "does not exist", NULL};
    const char *w4[] = {"-checkpoint", run, "run file, not a checkpoint", NULL};
    const char *w5[] = {"-output", chk, "checkpoint, not a run file", NULL};

    PetscCall(Refused(comm, text, "-output", MCKIO_RUN_FILE, "a text file", w1));
    PetscCall(Refused(comm, sub, "-output", MCKIO_RUN_FILE, "a directory", w2));
    PetscCall(Refused(comm, missing, "-output", MCKIO_RUN_FILE, "a path in a missing directory", w3));
    PetscCall(Refused(comm, run, "-checkpoint", MCKIO_CHECKPOINT_FILE, "a run file as a checkpoint", w4));
    PetscCall(Refused(comm, chk, "-output", MCKIO_RUN_FILE, "a checkpoint as a run file", w5));
  }
  PetscCall(MckIOClaimOutput(comm, run, "-output", MCKIO_RUN_FILE));
  PetscCall(MckIOClaimOutput(comm, run, "-output", MCKIO_RUN_FILE)); /* twice: nothing happens */
  PetscCall(MckIOClaimOutput(comm, chk, "-checkpoint", MCKIO_CHECKPOINT_FILE));
  PetscCall(MckIOClaimOutput(comm, empty, "-output", MCKIO_RUN_FILE));
  {
    PetscErrorCode ierr;
    const char    *w[] = {"-checkpoint", again, "is also the run file of -output", NULL};

    CAPTURE(ierr, MckIOClaimOutput(comm, again, "-checkpoint", MCKIO_CHECKPOINT_FILE));
    PetscCall(ExpectRefused(comm, ierr, "the run file, spelt otherwise, as -checkpoint", w));
  }
  PetscCall(Expect(comm, (PetscBool)(Exists(text) && Exists(sub)), "refused claims touch nothing"));
  if (!rank) (void)rmdir(sub);
  PetscFunctionReturn(0);
}

/* A pid that no process has (scanning down from the top of the pid range). */
static long UnusedPid(void)
{
  for (long pid = 4194000; pid > 1000; pid--)
    if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return pid;
  return -1;
}

/* A lock of another job; start = 0: its process start time unknown. */
static PetscErrorCode WriteLockStarted(PetscMPIInt rank, const char path[], const char lhost[], long pid,
                                       unsigned long long start, const char slurm_job[], long slurm_restart,
                                       const char partial[])
{
  char lock[96], text[1024];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(lock, sizeof(lock), "%s.lock", path));
  PetscCall(PetscSNPrintf(
      text, sizeof(text),
      "McKean output lock\npath=%s\nprogram=mckean-other\nhost=%s\npid=%ld\nstart=%llu\nboot=\nslurm_job=%s\nslurm_restart=%ld\npartial=%s\ncreated=2025-01-01T00:00:00Z\n",
      path, lhost, pid, start, slurm_job, slurm_restart, partial));
  PetscCall(WriteText(rank, lock, text));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteLock(PetscMPIInt rank, const char path[], const char lhost[], long pid,
                                const char slurm_job[], long slurm_restart, const char partial[])
{
  PetscFunctionBeginUser;
  PetscCall(WriteLockStarted(rank, path, lhost, pid, 0, slurm_job, slurm_restart, partial));
  PetscFunctionReturn(0);
}

static PetscErrorCode Locks(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char  path[64], lock[80], pid[32], partial[128], text[4096] = "";
  long  dead = UnusedPid(), live;
  FILE *f;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_claim_lock_np%d.h5", size));
  PetscCall(PetscSNPrintf(lock, sizeof(lock), "%s.lock", path));
  live = (long)getppid(); /* the launcher: alive while the test runs */
  PetscCallMPI(MPI_Bcast(&live, 1, MPI_LONG, 0, comm));
  PetscCall(PetscSNPrintf(pid, sizeof(pid), "pid %ld", live));
  if (!rank) (void)remove(path);

  PetscCall(WriteLock(rank, path, host, live, "", 0, ""));
  {
    const char    *w[] = {"-output", path, "is being written by another job", "mckean-other", pid, lock, NULL};
    PetscErrorCode ierr;

    CAPTURE(ierr, MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
    PetscCall(ExpectRefused(comm, ierr, "a lock held by a live process on this host", w));
  }
  PetscCall(WriteLock(rank, path, "elsewhere.example", 12345, "4243", 0, ""));
  {
    const char    *w[] = {"-output", path, "another job", "elsewhere.example", "SLURM job 4243", NULL};
    PetscErrorCode ierr;

    CAPTURE(ierr, MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
    PetscCall(ExpectRefused(comm, ierr, "a lock held by a job on another host", w));
  }
  PetscCall(WriteLock(rank, path, "elsewhere.example", 12345, "4242", 1, ""));
  {
    const char    *w[] = {"-output", path, "another job", "SLURM job 4242", NULL};
    PetscErrorCode ierr;

    CAPTURE(ierr, MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
    PetscCall(ExpectRefused(comm, ierr, "a lock of this SLURM job's same incarnation on another host", w));
  }
  PetscCall(WriteText(rank, lock, "my notes\n"));
  {
    const char    *w[] = {"-output", path, "is not a McKean lock file", NULL};
    PetscErrorCode ierr;

    CAPTURE(ierr, MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
    PetscCall(ExpectRefused(comm, ierr, "a lock that is not McKean's", w));
  }
  PetscCall(Expect(comm, Exists(lock), "a refused claim leaves another's lock in place"));

  /* a lock of a process that is gone: taken over, its file in progress removed */
  PetscCall(PetscSNPrintf(partial, sizeof(partial), "%s.partial-%s-%ld", path, host, dead));
  PetscCall(WriteLock(rank, path, host, dead, "", 0, partial));
  PetscCall(WriteText(rank, partial, "half a file"));
  PetscCall(MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(Expect(comm, (PetscBool)(dead > 0 && !Exists(partial)),
                   "taking over a dead job's lock removes its file in progress"));
  if (!rank && (f = fopen(lock, "r"))) {
    size_t n = fread(text, 1, sizeof(text) - 1, f);

    text[n] = 0;
    (void)fclose(f);
  }
  PetscCallMPI(MPI_Bcast(text, sizeof(text), MPI_CHAR, 0, comm));
  {
    char me[64], job[64];

    PetscCall(PetscSNPrintf(me, sizeof(me), "\npid=%ld\n", (long)getpid()));
    PetscCall(PetscSNPrintf(job, sizeof(job), "\nslurm_job=4242\nslurm_restart=1\n"));
    if (rank) me[0] = '\n', me[1] = 0; /* rank 0's process holds it */
    PetscCall(Expect(comm, (PetscBool)(strstr(text, "McKean output lock\n") && strstr(text, me) && strstr(text, job)),
                     "the lock names this process and its SLURM job"));
  }

  /* a live process id that another process held when the lock was taken (another start time):
   * the pid was reused, the holder is gone */
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_claim_reused_np%d.h5", size));
  PetscCall(WriteLockStarted(rank, path, host, live, 1, "", 0, ""));
  PetscCall(MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));

  /* an earlier incarnation of this SLURM job, on another host: requeued, so gone */
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_claim_requeued_np%d.h5", size));
  PetscCall(WriteLock(rank, path, "elsewhere.example", 12345, "4242", 0, ""));
  PetscCall(MckIOClaimOutput(comm, path, "-output", MCKIO_RUN_FILE));
  PetscFunctionReturn(0);
}

/* The file in progress of a claimed path, seen through MckIOOpenWrite. */
static PetscErrorCode Partials(MPI_Comm comm, PetscMPIInt size, PetscMPIInt rank)
{
  char  path[64], want[512];
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "io_claim_partial_np%d.h5", size));
  if (!rank) (void)remove(path);
  PetscCall(PetscSNPrintf(want, sizeof(want), "%s.partial-%s-%ld-slurm4242", path, host, (long)getpid()));
  PetscCallMPI(MPI_Bcast(want, sizeof(want), MPI_CHAR, 0, comm));
  PetscCall(MckIOCreate(comm, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(Expect(comm, Exists(want), "the file in progress is <path>.partial-<host>-<pid of rank 0>-slurm<job>"));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscCall(ExpectFiles(comm, path, PETSC_TRUE, PETSC_FALSE, "after MckIOClose"));
  PetscCall(Expect(comm, LockExists(path), "the path stays locked until the run ends"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscErrorCode ierr;
  PetscMPIInt    size, rank;
  const char    *left[] = {"io_claim_run_np%d.chk.h5",  "io_claim_kind_np%d.h5",   "io_claim_kind_np%d.chk.h5",
                           "io_claim_empty_np%d.h5",    "io_claim_lock_np%d.h5",   "io_claim_reused_np%d.h5",
                           "io_claim_requeued_np%d.h5", "io_claim_partial_np%d.h5"};

  (void)setenv("SLURM_JOB_ID", "4242", 1);
  (void)setenv("SLURM_RESTART_COUNT", "1", 1);
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = 0;
  ierr = ReadFiles(PETSC_COMM_WORLD, size, rank);
  if (!ierr) ierr = Kinds(PETSC_COMM_WORLD, size, rank);
  if (!ierr) ierr = Locks(PETSC_COMM_WORLD, size, rank);
  if (!ierr) ierr = Partials(PETSC_COMM_WORLD, size, rank);
  PetscCall(McKeanFinalize());
  for (size_t k = 0; k < sizeof(left) / sizeof(left[0]) && !ierr; k++) {
    char path[96];

    (void)snprintf(path, sizeof(path), left[k], size);
    if (LockExists(path) || PartialExists(path)) {
      if (!rank) (void)fprintf(stderr, "check failed: McKeanFinalize left a lock or a file in progress for %s\n", path);
      ierr = 1;
    }
  }
  if (!ierr && !rank) { /* the test's own files */
    const char *mine[] = {"io_claim_data_np%d.h5", "io_claim_empty_np%d.h5",   "io_claim_kind_np%d.chk.h5",
                          "io_claim_kind_np%d.h5", "io_claim_partial_np%d.h5", "io_claim_run_np%d.chk.h5",
                          "io_claim_run_np%d.h5",  "io_claim_text_np%d.h5"};

    for (size_t k = 0; k < sizeof(mine) / sizeof(mine[0]); k++) {
      char path[96];

      (void)snprintf(path, sizeof(path), mine[k], size);
      (void)remove(path);
    }
  }
  return ierr ? 1 : 0;
}
