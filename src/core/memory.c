/* Refuse, before allocating, what the node cannot hold: an estimate from the options against the
 * memory the job may use on the node. A run that would be killed by the kernel minutes later
 * (taking the node's memory with it) stops at once with one line naming the option. */
#include <mckean/mckean.h>
#include <stdio.h>
#include <stdlib.h>

/* bytes from the first line of a file holding a number (or "max"); 0 when absent or unlimited */
static double ReadLimitFile(const char path[])
{
  FILE  *f = fopen(path, "r");
  char   buf[64];
  double v = 0;

  if (!f) return 0;
  if (fgets(buf, sizeof(buf), f) && strncmp(buf, "max", 3)) v = strtod(buf, NULL);
  (void)fclose(f);
  return v > 0 && v < 1e18 ? v : 0; /* cgroup v1 says "no limit" with a huge number */
}

static double MemAvailable(void)
{
  FILE  *f = fopen("/proc/meminfo", "r");
  char   line[256];
  double kb = 0;

  if (!f) return 0;
  while (fgets(line, sizeof(line), f))
    if (sscanf(line, "MemAvailable: %lf kB", &kb) == 1) break;
  (void)fclose(f);
  return kb * 1024;
}

static double EnvMegabytes(const char name[])
{
  const char *v = getenv(name);
  return v ? strtod(v, NULL) * 1048576.0 : 0;
}

/* The smallest positive of the limits that apply, with the name of the one that binds. */
static double AvailableOnNode(const char **source)
{
  struct {
    const char *name;
    double      bytes;
  } limit[4];
  double cpus = getenv("SLURM_CPUS_ON_NODE") ? strtod(getenv("SLURM_CPUS_ON_NODE"), NULL) : 0, best = 0;

  limit[0].name  = "MemAvailable";
  limit[0].bytes = MemAvailable();
  limit[1].name  = "the cgroup memory limit";
  limit[1].bytes = ReadLimitFile("/sys/fs/cgroup/memory.max");
  if (!limit[1].bytes) limit[1].bytes = ReadLimitFile("/sys/fs/cgroup/memory/memory.limit_in_bytes");
  limit[2].name  = "SLURM_MEM_PER_NODE";
  limit[2].bytes = EnvMegabytes("SLURM_MEM_PER_NODE");
  limit[3].name  = "SLURM_MEM_PER_CPU x SLURM_CPUS_ON_NODE";
  limit[3].bytes = EnvMegabytes("SLURM_MEM_PER_CPU") * cpus;
  *source        = "no limit known";
  for (int i = 0; i < 4; i++)
    if (limit[i].bytes > 0 && (best == 0 || limit[i].bytes < best)) {
      best    = limit[i].bytes;
      *source = limit[i].name;
    }
  return best;
}

static const char *FormatBytes(double b, char buf[], size_t len)
{
  const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int         u      = 0;

  while (b >= 1024 && u < 6) {
    b /= 1024;
    u++;
  }
  (void)snprintf(buf, len, "%.3g %s", b, unit[u]);
  return buf;
}

/*@C
  McKeanCheckMemory - Refuses an allocation the node cannot hold, before it is made.

  Collective

  Input Parameters:
+ comm   - the ranks that allocate
. option - the option responsible (with its prefix, e.g. from `McKeanOptionName()`)
. value  - its value as the user gave it
- bytes  - this rank's estimate of what it is about to allocate (its largest allocations)

  Notes:
  The estimates of the ranks of comm on one node are added and compared with the memory the job
  may use there: the smallest of the cgroup limit, SLURM's allocation (SLURM_MEM_PER_NODE, or
  SLURM_MEM_PER_CPU times SLURM_CPUS_ON_NODE) and MemAvailable. More than that is a user-input
  error naming the option, the value, the estimate and the limit. A negative, infinite or NaN
  estimate (an overflow in the caller's arithmetic) is refused the same way.

  Level: developer

.seealso: `McKeanOptionName()`
@*/
PetscErrorCode McKeanCheckMemory(MPI_Comm comm, const char option[], const char value[], PetscLogDouble bytes)
{
  MPI_Comm    node;
  double      need = (bytes >= 0 && bytes < 1e30) ? bytes : 1e30, total, avail;
  PetscMPIInt nranks;
  const char *source;
  char        b1[32], b2[32];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  PetscCallMPI(MPI_Allreduce(&need, &total, 1, MPI_DOUBLE, MPI_SUM, node));
  PetscCallMPI(MPI_Comm_size(node, &nranks));
  PetscCallMPI(MPI_Comm_free(&node));
  avail = AvailableOnNode(&source);
  /* every rank decides on the node total it saw; the nodes may differ, so agree on the worst */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &avail, 1, MPI_DOUBLE, MPI_MIN, comm));
  PetscCheck(avail <= 0 || total <= avail, comm, PETSC_ERR_USER_INPUT,
             "%s %s: needs about %s on a node (%d rank(s) there), more than the %s available (%s)", option, value,
             FormatBytes(total, b1, sizeof(b1)), (int)nranks, FormatBytes(avail, b2, sizeof(b2)), source);
  PetscFunctionReturn(0);
}
