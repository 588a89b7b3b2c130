/* Lock files and the names of files in progress: who is writing an output path.
 *
 * A job that writes <path> holds "<path>.lock" for its lifetime: a text file naming the job
 * (program, host, process id and start time, boot id, SLURM job id and restart count, its file
 * in progress, the date). The lock is made complete under a name of its own and then linked
 * to "<path>.lock" (link(2) fails if the name exists, atomically, on local and network file
 * systems alike), so a reader never sees half a lock. A second job finds the lock and is
 * refused, naming the first -- unless the first is certainly gone:
 *   - same host: its process no longer exists, or the process id now belongs to another
 *     process (another start time), or the machine has rebooted since (another boot id);
 *   - another host: the same SLURM job, requeued since (a higher SLURM_RESTART_COUNT).
 * A job that died without removing its lock (SIGKILL, node failure) thus leaves a stale lock,
 * which the next job takes over, removing the dead job's file in progress. Anything else -- a
 * live job, or a job on another host that cannot be checked -- is refused.
 *
 * Files in progress are named "<path>.partial-<host>-<pid>[-slurm<jobid>]": two jobs never
 * share one, and the name says whose it is.
 *
 * Everything here is done by one process (rank 0 of the communicator that claims the path)
 * with plain POSIX calls, and reports through return values: the caller broadcasts the outcome
 * and raises the error collectively. */
#include "iohelpers.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MCK_LOCK_MAGIC   "McKean output lock"
#define MCK_LOCK_MAXSIZE 16384

/* The first line of a file, without its newline (empty if unreadable). */
static void MckReadFirstLine(const char path[], char buf[], size_t len)
{
  FILE *f = fopen(path, "r");

  buf[0] = 0;
  if (!f) return;
  if (!fgets(buf, (int)len, f)) buf[0] = 0;
  (void)fclose(f);
  buf[strcspn(buf, "\n")] = 0;
}

/* Fields 3 (state) and 22 (start time, in clock ticks after boot) of /proc/<pid>/stat; 0 if
 * unknown. The command name (field 2) may hold spaces and parentheses: fields are counted from
 * the last ')'. */
static int MckProcessStat(long pid, char *state, unsigned long long *start)
{
  char   path[64], buf[1024], *p;
  FILE  *f;
  size_t n;

  *state = 0;
  *start = 0;
  (void)snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
  if (!(f = fopen(path, "r"))) return 0;
  n = fread(buf, 1, sizeof(buf) - 1, f);
  (void)fclose(f);
  buf[n] = 0;
  if (!(p = strrchr(buf, ')')) || sscanf(p + 1, " %c", state) != 1) return 0;
  for (int field = 3; field <= 22 && p; field++) p = strchr(p + 1, ' '); /* to the blank before field 22 */
  if (!p || sscanf(p, " %llu", start) != 1) *start = 0;
  return 1;
}

static unsigned long long MckProcessStart(long pid)
{
  char               state;
  unsigned long long start;

  (void)MckProcessStat(pid, &state, &start);
  return start;
}

void MckIOJobSelf(MckJob *job)
{
  static MckJob self;
  static int    known = 0;

  char prog[PETSC_MAX_PATH_LEN] = "mckean";

  if (!known) {
    const char *s;

    memset(&self, 0, sizeof(self));
    if (gethostname(self.host, sizeof(self.host) - 1) != 0 || !self.host[0])
      (void)snprintf(self.host, sizeof(self.host), "localhost");
    self.pid   = (long)getpid();
    self.start = MckProcessStart(self.pid);
    MckReadFirstLine("/proc/sys/kernel/random/boot_id", self.boot, sizeof(self.boot));
    if ((s = getenv("SLURM_JOB_ID")) && s[0]) (void)snprintf(self.slurm_job, sizeof(self.slurm_job), "%s", s);
    if ((s = getenv("SLURM_RESTART_COUNT")) && s[0]) self.slurm_restart = atol(s);
    known = 1;
  }
  /* the program is read each time: the Python bindings run one app after another in one process,
   * each under its own name (PetscSetProgramName), and a file records the app that wrote it */
  (void)PetscGetProgramName(prog, sizeof(prog));
  (void)snprintf(self.program, sizeof(self.program), "%s", strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog);
  *job = self;
}

/* "host-pid" or "host-pid-slurmJOB": unique to this process among all jobs writing a path. */
static void MckIOJobTag(char tag[], size_t len)
{
  MckJob me;

  MckIOJobSelf(&me);
  if (me.slurm_job[0]) (void)snprintf(tag, len, "%s-%ld-slurm%s", me.host, me.pid, me.slurm_job);
  else (void)snprintf(tag, len, "%s-%ld", me.host, me.pid);
}

PetscErrorCode MckIOPartialName(const char path[], char partial[], size_t len)
{
  char tag[400];

  PetscFunctionBeginUser;
  MckIOJobTag(tag, sizeof(tag));
  PetscCall(PetscSNPrintf(partial, len, "%s.partial-%s", path, tag));
  PetscFunctionReturn(0);
}

/* ---- the lock file's text ------------------------------------------------------------- */

/* The lines of a lock that name the process holding it (what MckSameJob compares), as they stand
 * in the lock, newlines on both sides: a lock is this process's when it holds these bytes. */
static int MckLockIdentity(const MckJob *job, char buf[], size_t len)
{
  return snprintf(buf, len, "\nhost=%s\npid=%ld\nstart=%llu\nboot=%s\n", job->host, job->pid, job->start, job->boot);
}

static int MckLockFormat(const MckJob *job, const char path[], char buf[], size_t len)
{
  char date[64], id[MCK_LOCK_OWNER_MAX];

  MckIODateString(date, sizeof(date));
  (void)MckLockIdentity(job, id, sizeof(id));
  return snprintf(buf, len,
                  MCK_LOCK_MAGIC "\npath=%s\nprogram=%s%sslurm_job=%s\nslurm_restart=%ld\npartial=%s\ncreated=%s\n",
                  path, job->program, id, job->slurm_job, job->slurm_restart, job->partial, date);
}

static void MckLockField(const char text[], const char key[], char value[], size_t len)
{
  size_t      klen = strlen(key);
  const char *p    = text;

  value[0] = 0;
  while (p && *p) {
    if (!strncmp(p, key, klen) && p[klen] == '=') {
      size_t n = strcspn(p + klen + 1, "\n");

      if (n >= len) n = len - 1;
      memcpy(value, p + klen + 1, n);
      value[n] = 0;
      return;
    }
    p = strchr(p, '\n');
    if (p) p++;
  }
}

/* Parse a lock's text; 0 unless it is a complete McKean lock ("created" is its last line). */
static int MckLockParse(const char text[], MckJob *job)
{
  char num[64];

  memset(job, 0, sizeof(*job));
  if (strncmp(text, MCK_LOCK_MAGIC "\n", sizeof(MCK_LOCK_MAGIC))) return 0;
  MckLockField(text, "program", job->program, sizeof(job->program));
  MckLockField(text, "host", job->host, sizeof(job->host));
  MckLockField(text, "boot", job->boot, sizeof(job->boot));
  MckLockField(text, "slurm_job", job->slurm_job, sizeof(job->slurm_job));
  MckLockField(text, "partial", job->partial, sizeof(job->partial));
  MckLockField(text, "created", job->created, sizeof(job->created));
  MckLockField(text, "pid", num, sizeof(num));
  job->pid = atol(num);
  MckLockField(text, "start", num, sizeof(num));
  job->start = strtoull(num, NULL, 10);
  MckLockField(text, "slurm_restart", num, sizeof(num));
  job->slurm_restart = atol(num);
  return job->host[0] && job->pid > 0 && job->created[0];
}

/* The whole text of a (small) file; -1 with errno if it cannot be read. */
static ssize_t MckReadSmallFile(const char path[], char buf[], size_t len)
{
  int     fd = open(path, O_RDONLY);
  ssize_t n, total = 0;

  if (fd < 0) return -1;
  while ((size_t)total < len - 1 && (n = read(fd, buf + total, len - 1 - (size_t)total)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;

      (void)close(fd);
      errno = err;
      return -1;
    }
    total += n;
  }
  (void)close(fd);
  buf[total] = 0;
  return total;
}

/* Create path exclusively with the given text; 0 or an errno. */
static int MckWriteNewFile(const char path[], const char text[])
{
  size_t len = strlen(text), done = 0;
  int    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644), err = 0;

  if (fd < 0) return errno;
  while (done < len) {
    ssize_t w = write(fd, text + done, len - done);

    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      err = errno;
      break;
    }
    done += (size_t)w;
  }
  if (close(fd) != 0 && !err) err = errno;
  if (err) (void)unlink(path);
  return err;
}

static PetscBool MckSameJob(const MckJob *a, const MckJob *b)
{
  return (PetscBool)(!strcmp(a->host, b->host) && a->pid == b->pid && a->start == b->start &&
                     !strcmp(a->boot, b->boot));
}

/* Whether a process on this host is certainly gone: it does not exist, has ended (a zombie
 * not yet reaped), or its id now belongs to another process (another start time). */
static PetscBool MckProcessGone(const MckJob *holder, char why[], size_t len)
{
  unsigned long long start;
  char               state;

  if (kill((pid_t)holder->pid, 0) != 0 && errno == ESRCH) {
    (void)snprintf(why, len, "process %ld no longer exists", holder->pid);
    return PETSC_TRUE;
  }
  (void)MckProcessStat(holder->pid, &state, &start);
  if (state == 'Z' || state == 'X') {
    (void)snprintf(why, len, "process %ld has ended", holder->pid);
    return PETSC_TRUE;
  }
  if (holder->start && start && start != holder->start) {
    (void)snprintf(why, len, "process %ld is now another program", holder->pid);
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Whether the holder of a lock is certainly gone (see the file's comment); why says how. A
 * process on this host is given a second to end: a job killed just now (scancel, a kill before
 * a restart) may still be exiting. */
static PetscBool MckJobGone(const MckJob *holder, const MckJob *me, char why[], size_t len)
{
  why[0] = 0;
  if (!strcmp(holder->host, me->host)) {
    if (holder->boot[0] && me->boot[0] && strcmp(holder->boot, me->boot)) {
      (void)snprintf(why, len, "the machine has restarted since");
      return PETSC_TRUE;
    }
    for (int attempt = 0; attempt < 10; attempt++) {
      if (MckProcessGone(holder, why, len)) return PETSC_TRUE;
      (void)usleep(100000);
    }
    return PETSC_FALSE;
  }
  if (holder->slurm_job[0] && !strcmp(holder->slurm_job, me->slurm_job) && holder->slurm_restart < me->slurm_restart) {
    (void)snprintf(why, len, "SLURM job %s has been requeued since", holder->slurm_job);
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* The file in progress a dead holder left, if its name is one this code gives ("<path>.partial-")
 * -- a damaged lock must not make us remove anything else. */
static void MckRemoveDeadPartial(const char path[], const MckJob *holder, MckLockResult *res)
{
  char prefix[PETSC_MAX_PATH_LEN + 16];

  (void)snprintf(prefix, sizeof(prefix), "%s.partial-", path);
  if (holder->partial[0] && !strncmp(holder->partial, prefix, strlen(prefix)) &&
      !strchr(holder->partial + strlen(prefix), '/') && unlink(holder->partial) == 0)
    res->removed_partial = PETSC_TRUE;
}

/* Move a stale lock out of the way, provided it is still the one judged stale (another job
 * may have taken it over meanwhile; text is what was judged, scratch a buffer): 0 when it is
 * gone, 1 when another job holds the lock now, or minus an errno. */
static int MckTakeOver(const char lock[], const char text[], const char tag[], char scratch[])
{
  char moved[PETSC_MAX_PATH_LEN + 512];

  (void)snprintf(moved, sizeof(moved), "%s.stale-%s", lock, tag);
  if (rename(lock, moved) != 0) return errno == ENOENT ? 0 : -errno;
  if (MckReadSmallFile(moved, scratch, MCK_LOCK_MAXSIZE) >= 0 && !strcmp(scratch, text)) {
    (void)unlink(moved);
    return 0;
  }
  if (link(moved, lock) == 0) (void)unlink(moved); /* a live job's lock, renewed in between: put it back */
  return 1;
}

/* Place a complete lock at lock[]: link the finished text into place, or, where the file
 * system has no hard links, create it exclusively and write it (a reader may then briefly
 * see it empty: MckLockRead waits for it). 0, EEXIST or another errno. */
static int MckLockPlace(const char lock[], const char tmp[], const char text[])
{
  int err;

  if (link(tmp, lock) == 0) return 0;
  err = errno;
  if (err == EEXIST) return EEXIST;
  if (err == EPERM || err == ENOTSUP || err == ENOSYS || err == EMLINK) return MckWriteNewFile(lock, text);
  return err;
}

/* Read an existing lock, waiting up to a second for one still being written (empty, or the
 * beginning of a lock). 1 if parsed, 0 if it is not a McKean lock, -1 if it vanished (taken
 * away: try again), or -1 - errno. */
static int MckLockRead(const char lock[], char text[], MckJob *holder)
{
  for (int attempt = 0; attempt < 20; attempt++) {
    ssize_t n = MckReadSmallFile(lock, text, MCK_LOCK_MAXSIZE);

    if (n < 0) return errno == ENOENT ? -1 : -1 - errno;
    if (MckLockParse(text, holder)) return 1;
    if (strncmp(text, MCK_LOCK_MAGIC, PetscMin((size_t)n, strlen(MCK_LOCK_MAGIC)))) return 0;
    (void)usleep(50000);
  }
  return 0;
}

PetscErrorCode MckIOLockAcquire(const char lock[], const char path[], const char partial[], MckLockResult *res)
{
  char   tmp[PETSC_MAX_PATH_LEN + 512], tag[400], *text, *mine, *scratch;
  MckJob me;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(res, sizeof(*res)));
  res->status = MCK_LOCK_ERROR;
  MckIOJobSelf(&me);
  PetscCall(PetscStrncpy(me.partial, partial, sizeof(me.partial)));
  MckIOJobTag(tag, sizeof(tag));
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.new-%s", lock, tag));
  PetscCall(PetscMalloc3(MCK_LOCK_MAXSIZE, &text, MCK_LOCK_MAXSIZE, &mine, MCK_LOCK_MAXSIZE, &scratch));
  (void)MckLockFormat(&me, path, mine, MCK_LOCK_MAXSIZE);
  (void)unlink(tmp);
  if (!(res->err = MckWriteNewFile(tmp, mine))) {
    for (int attempt = 0; attempt < 8 && res->status == MCK_LOCK_ERROR && !res->err; attempt++) {
      int placed = MckLockPlace(lock, tmp, mine), seen, taken;

      if (placed == 0) res->status = res->gone[0] ? MCK_LOCK_TAKEN_OVER : MCK_LOCK_TAKEN;
      else if (placed != EEXIST) res->err = placed;
      else if ((seen = MckLockRead(lock, text, &res->holder)) == -1) continue; /* removed in between */
      else if (seen < -1) res->err = -1 - seen;
      else if (seen == 0) res->status = MCK_LOCK_FOREIGN;
      else if (MckSameJob(&res->holder, &me)) res->status = MCK_LOCK_OURS;
      else if (!MckJobGone(&res->holder, &me, res->gone, sizeof(res->gone))) res->status = MCK_LOCK_BUSY;
      else if ((taken = MckTakeOver(lock, text, tag, scratch)) < 0) res->err = -taken;
      else if (taken == 1) res->gone[0] = 0; /* another job came first: look again */
      else MckRemoveDeadPartial(path, &res->holder, res);
    }
    if (res->status == MCK_LOCK_ERROR && !res->err) res->status = MCK_LOCK_BUSY; /* contended throughout */
  }
  (void)unlink(tmp);
  PetscCall(PetscFree3(text, mine, scratch));
  PetscFunctionReturn(0);
}

/* Whether text[0..n) holds the bytes of sub (a plain loop: safe in a signal handler). */
static PetscBool MckHolds(const char text[], size_t n, const char sub[])
{
  size_t m = 0;

  while (sub[m]) m++;
  for (size_t i = 0; m && i + m <= n; i++) {
    size_t k = 0;

    while (k < m && text[i + k] == sub[k]) k++;
    if (k == m) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

void MckIOLockOwner(char owner[], size_t len)
{
  MckJob me;

  MckIOJobSelf(&me);
  (void)MckLockIdentity(&me, owner, len);
}

/* Only a lock that is still the run's is removed: a McKean lock holding the identity lines of
 * the process that took it (owner, from MckIOLockOwner() on that process). Another job may have
 * taken the path over meanwhile (this one judged gone, or the lock removed by hand and taken by
 * a new run): its lock stays. Async-signal-safe -- open, read, close and unlink on a buffer of
 * the stack, no allocation, no stdio, errno kept -- so the normal release, the signal handler
 * and a rank about to abort the job (MckIOUnlinkClaims) check ownership the same way. */
void MckIOLockRelease(const char lock[], const char owner[])
{
  char    text[MCK_LOCK_MAXSIZE];
  int     saved = errno;
  ssize_t n;

  if (owner[0] && (n = MckReadSmallFile(lock, text, sizeof(text))) > 0 &&
      MckHolds(text, sizeof(MCK_LOCK_MAGIC), MCK_LOCK_MAGIC "\n") && MckHolds(text, (size_t)n, owner))
    (void)unlink(lock);
  errno = saved;
}

void MckIOLockDescribeHolder(const MckJob *holder, char buf[], size_t len)
{
  if (holder->slurm_job[0])
    (void)snprintf(buf, len, "%s, pid %ld on %s, SLURM job %s, since %s",
                   holder->program[0] ? holder->program : "a McKean app", holder->pid, holder->host, holder->slurm_job,
                   holder->created[0] ? holder->created : "an unknown date");
  else
    (void)snprintf(buf, len, "%s, pid %ld on %s, since %s", holder->program[0] ? holder->program : "a McKean app",
                   holder->pid, holder->host, holder->created[0] ? holder->created : "an unknown date");
}
