/* MckStats: named summary-statistic components, exact local accumulation, one reproducible
 * MPI_Allreduce (DESIGN.md §1 and §3 "Reproducibility"). The number system is in fixedpoint.h. */
#include <mckean/mckstats.h>
#include <mckean/mckcounts.h>
#include <petsc/private/petscimpl.h>
#include "stats/fixedpoint.h"

PetscClassId     MCK_STATS_CLASSID, MCK_COUNTS_CLASSID;
PetscLogEvent    MCK_EVENT_StatsAccumulate, MCK_EVENT_StatsReduce;
static PetscBool MckStatsPackageInitialized;

typedef struct {
  char    *name;
  PetscInt offset, n;
} MckStatsBlock;

struct _p_MckStats {
  PETSCHEADER(int);
  MPI_Comm       comm; /* PETSc inner communicator of the user's comm (the header's) */
  MckStatsBlock *blocks;
  PetscInt       nblocks, maxblocks;
  PetscInt       n; /* total number of components */
  PetscBool      setup;
  MckFixed      *local;  /* this rank's exact accumulators, n of them */
  MckFixed      *global; /* the reduced accumulators, n of them */
  PetscReal     *sums;   /* global rounded to double */
  MPI_Datatype   type;
  MPI_Op         op;
};

static inline PetscErrorCode MckStatsLogBegin(PetscLogEvent e) { return PetscLogEventBegin(e, 0, 0, 0, 0); }

static inline PetscErrorCode MckStatsLogEnd(PetscLogEvent e) { return PetscLogEventEnd(e, 0, 0, 0, 0); }

static PetscErrorCode MckStatsFinalizePackage(void)
{
  PetscFunctionBeginUser;
  MckStatsPackageInitialized = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckStatsInitializePackage - Registers the stats layer's classes (`MckStats`, `MckCounts`)
  and log events; called by their constructors.

  Not Collective

  Level: developer

.seealso: `MckStatsCreate()`, `MckCountsCreate()`
@*/
PetscErrorCode MckStatsInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (MckStatsPackageInitialized) PetscFunctionReturn(0);
  MckStatsPackageInitialized = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean statistics", &MCK_STATS_CLASSID));
  PetscCall(PetscClassIdRegister("McKean exact counts", &MCK_COUNTS_CLASSID));
  PetscCall(PetscLogEventRegister("MckStatsAccum", MCK_STATS_CLASSID, &MCK_EVENT_StatsAccumulate));
  PetscCall(PetscLogEventRegister("MckStatsReduce", MCK_STATS_CLASSID, &MCK_EVENT_StatsReduce));
  PetscCall(PetscRegisterFinalize(MckStatsFinalizePackage));
  PetscFunctionReturn(0);
}

/* The block holding component c (error messages only, so a linear search is fine). */
static const MckStatsBlock *MckStatsFindBlock(MckStats stats, PetscInt c)
{
  for (PetscInt b = 0; b < stats->nblocks; b++)
    if (c >= stats->blocks[b].offset && c < stats->blocks[b].offset + stats->blocks[b].n) return &stats->blocks[b];
  return NULL;
}

/*@C
  MckStatsCreate - Creates a summary-statistic reducer: named components, summed exactly on each
  rank and combined over the ranks with one collective, bitwise independent of the rank count.

  Collective

  Input Parameter:
. comm - the ranks whose partial sums are combined

  Output Parameter:
. stats - the reducer, with no component yet

  Level: intermediate

.seealso: `MckStatsRegister()`, `MckStatsSetUp()`, `MckStatsAdd()`, `MckStatsReduce()`, `MckStatsDestroy()`
@*/
PetscErrorCode MckStatsCreate(MPI_Comm comm, MckStats *stats)
{
  MckStats s;

  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStatsCreate: NULL output pointer");
  PetscCall(MckStatsInitializePackage());
  PetscCall(PetscHeaderCreate(s, MCK_STATS_CLASSID, "MckStats", "Summary-statistic reducer", "MckStats", comm,
                              MckStatsDestroy, MckStatsView));
  s->comm = PetscObjectComm((PetscObject)s);
  s->type = MPI_DATATYPE_NULL;
  s->op   = MPI_OP_NULL;
  *stats  = s;
  PetscFunctionReturn(0);
}

static PetscErrorCode MckStatsGrowBlocks(MckStats stats)
{
  MckStatsBlock *blocks;

  PetscFunctionBeginUser;
  if (stats->nblocks < stats->maxblocks) PetscFunctionReturn(0);
  stats->maxblocks = stats->maxblocks ? 2 * stats->maxblocks : 8;
  PetscCall(PetscCalloc1(stats->maxblocks, &blocks));
  PetscCall(PetscArraycpy(blocks, stats->blocks, stats->nblocks));
  PetscCall(PetscFree(stats->blocks));
  stats->blocks = blocks;
  PetscFunctionReturn(0);
}

/*@C
  MckStatsRegister - Registers a statistic of n components under a unique name.

  Logically Collective

  Input Parameters:
+ stats - the reducer
. name  - the statistic's name, non-empty and not yet registered (used in `MckStatsView()` and in
          the divergence error of `MckStatsReduce()`)
- n     - the number of components, >= 1

  Output Parameter:
. offset - the index of its first component in the statistic vector (may be NULL)

  Notes:
  Before `MckStatsSetUp()`; every rank must register the same statistics in the same order. A
  name already registered, an empty name, n < 1 or a call after set-up is an error on the
  reducer's communicator. No communication.

  Level: intermediate

.seealso: `MckStatsSetUp()`, `MckStatsAdd()`, `MckStatsGetSize()`
@*/
PetscErrorCode MckStatsRegister(MckStats stats, const char name[], PetscInt n, PetscInt *offset)
{
  PetscBool same;

  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(!stats->setup, stats->comm, PETSC_ERR_ARG_WRONGSTATE,
             "MckStatsRegister('%s'): components must be registered before MckStatsSetUp()", name ? name : "(null)");
  PetscCheck(name && name[0], stats->comm, PETSC_ERR_ARG_NULL, "MckStatsRegister: a statistic needs a non-empty name");
  PetscCheck(n >= 1, stats->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckStatsRegister('%s'): n = %" PetscInt_FMT " components; must be at least 1", name, n);
  for (PetscInt b = 0; b < stats->nblocks; b++) {
    PetscCall(PetscStrcmp(stats->blocks[b].name, name, &same));
    PetscCheck(!same, stats->comm, PETSC_ERR_ARG_WRONG,
               "MckStatsRegister: statistic '%s' is already registered (offset %" PetscInt_FMT ")", name,
               stats->blocks[b].offset);
  }
  PetscCall(MckStatsGrowBlocks(stats));
  PetscCall(PetscStrallocpy(name, &stats->blocks[stats->nblocks].name));
  stats->blocks[stats->nblocks].offset = stats->n;
  stats->blocks[stats->nblocks].n      = n;
  stats->nblocks++;
  if (offset) *offset = stats->n;
  stats->n += n;
  PetscFunctionReturn(0);
}

/* All memory and MPI objects the hot path needs are made here, so that Zero/Add/Reduce never
 * allocate. */
/*@C
  MckStatsSetUp - Allocates the accumulators and creates the MPI datatype and reduction of the
  exact sums, then zeroes them; after it, Zero/Add/Reduce never allocate.

  Logically Collective

  Input Parameter:
. stats - the reducer

  Notes:
  A second call does nothing. More components than one MPI message can count is an error.

  Level: intermediate

.seealso: `MckStatsRegister()`, `MckStatsZero()`, `MckStatsReduce()`
@*/
PetscErrorCode MckStatsSetUp(MckStats stats)
{
  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  if (stats->setup) PetscFunctionReturn(0);
  PetscCheck(stats->n <= PETSC_MPI_INT_MAX, stats->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckStatsSetUp: %" PetscInt_FMT " components exceed one MPI message (at most %d)", stats->n,
             PETSC_MPI_INT_MAX);
  PetscCall(PetscMalloc1(stats->n, &stats->local));
  PetscCall(PetscMalloc1(stats->n, &stats->global));
  PetscCall(PetscCalloc1(stats->n, &stats->sums));
  PetscCall(MckFixedMPICreate(&stats->type, &stats->op));
  stats->setup = PETSC_TRUE;
  PetscCall(MckStatsZero(stats));
  PetscFunctionReturn(0);
}

/*@C
  MckStatsGetSize - The number of components registered (the length of the statistic vector).

  Not Collective

  Input Parameter:
. stats - the reducer

  Output Parameter:
. n - the number of components

  Level: intermediate

.seealso: `MckStatsRegister()`, `MckStatsGetSums()`
@*/
PetscErrorCode MckStatsGetSize(MckStats stats, PetscInt *n)
{
  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(n, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStatsGetSize: NULL output pointer");
  *n = stats->n;
  PetscFunctionReturn(0);
}

/*@C
  MckStatsZero - Starts a new accumulation: zeroes this rank's exact accumulators and clears the
  marks of components that overflowed.

  Not Collective

  Input Parameter:
. stats - the reducer (set up)

  Level: intermediate

.seealso: `MckStatsAdd()`, `MckStatsReduce()`, `MckStatsSetUp()`
@*/
PetscErrorCode MckStatsZero(MckStats stats)
{
  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(stats->setup, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "MckStatsZero: call MckStatsSetUp() first");
  PetscCall(PetscArrayzero(stats->local, stats->n));
  PetscFunctionReturn(0);
}

/* The hot path: once per chunk. Each partial is converted exactly and added exactly. Nothing is
 * raised here, since this call is not collective and an error on one rank would leave the
 * others waiting: a partial that cannot be converted (NaN, Inf, >= 2^62) or a sum that
 * overflows marks the component, and MckStatsReduce() raises it on every rank. */
/*@C
  MckStatsAdd - Adds partial sums exactly to consecutive components on this rank.

  Not Collective

  Input Parameters:
+ stats   - the reducer (set up)
. offset  - the first component (e.g. from `MckStatsRegister()`)
. n       - the number of components; offset + n must not exceed the registered size
- partial - the n partial sums (may be NULL when n is 0)

  Notes:
  Each partial is converted to 128-bit fixed point (resolution 2^-64) and added as an integer, so
  the totals do not depend on the order of additions. For rank-count independence each partial
  must be a function of global ids only: in McKean, the sum over one chunk of particles
  (`MckStatsChunkOwnership()`), computed in a fixed order. A partial that is NaN, infinite or
  at least 2^62 in magnitude, or a sum that overflows 2^63, raises nothing here (the call is not
  collective): it marks the component, and `MckStatsReduce()` raises the error on every rank.
  An offset or n out of range, or a call before set-up, is an error on `PETSC_COMM_SELF`.
  Allocates nothing; logged as the event MckStatsAccum.

  Level: intermediate

.seealso: `MckStatsZero()`, `MckStatsReduce()`, `MckStatsRegister()`
@*/
PetscErrorCode MckStatsAdd(MckStats stats, PetscInt offset, PetscInt n, const PetscReal partial[])
{
  MckFixed *acc;

  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(stats->setup, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "MckStatsAdd: call MckStatsSetUp() first");
  PetscCheck(offset >= 0 && n >= 0 && offset + n <= stats->n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MckStatsAdd: components [%" PetscInt_FMT ", %" PetscInt_FMT ") are outside the %" PetscInt_FMT
             " registered",
             offset, offset + n, stats->n);
  if (!n) PetscFunctionReturn(0);
  PetscCheck(partial, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL,
             "MckStatsAdd: NULL partial sums for %" PetscInt_FMT " components", n);
  PetscCall(MckStatsLogBegin(MCK_EVENT_StatsAccumulate));
  acc = stats->local + offset;
  for (PetscInt i = 0; i < n; i++) {
    MckFixed v;
    if (PetscUnlikely(!MckFixedFromDouble(partial[i], &v))) {
      acc[i] = MCK_FIXED_POISON;
      break;
    }
    acc[i] = MckFixedAdd(acc[i], v);
  }
  PetscCall(MckStatsLogEnd(MCK_EVENT_StatsAccumulate));
  PetscFunctionReturn(0);
}

/* Every rank holds the same reduced integers, so every rank finds the same overflowed
 * components and raises the same error: collective, no rank left waiting. It is the run's
 * error, not a bug (MCK_ERR_DIVERGED): the numbers summed have left any sensible range. */
static PetscErrorCode MckStatsCheckOverflow(MckStats stats, PetscInt first, PetscInt count)
{
  const MckStatsBlock *blk;

  PetscFunctionBeginUser;
  if (!count) PetscFunctionReturn(0);
  blk = MckStatsFindBlock(stats, first);
  SETERRQ(
      stats->comm, MCK_ERR_DIVERGED,
      "the summary statistic '%s'[%" PetscInt_FMT "] (and %" PetscInt_FMT
      " more component(s)) left the range of exact sums: on some rank a value was NaN, infinite or >= 2^62 in magnitude, or a sum reached 2^63. The system diverged; a smaller time step is the usual cure",
      blk->name, first - blk->offset, count - 1);
}

/*@C
  MckStatsReduce - Combines every rank's exact accumulators with one MPI_Allreduce; then
  `MckStatsGetSums()` returns the totals, each rounded once to double.

  Collective

  Input Parameter:
. stats - the reducer (set up)

  Notes:
  The rounding is correct, so the totals are bitwise identical on any rank count. The local
  accumulators are left as they were: reducing twice without `MckStatsZero()` gives the same
  totals. A component marked by `MckStatsAdd()` (a value out of range on some rank) or whose
  sum over the ranks overflows gets the total NaN, and `MCK_ERR_DIVERGED` is raised on every
  rank naming the statistic: the run diverged. Sends 16 bytes per component; allocates nothing;
  logged as the event MckStatsReduce.

  Level: intermediate

.seealso: `MckStatsAdd()`, `MckStatsGetSums()`, `MckStatsGetMessageBytes()`
@*/
PetscErrorCode MckStatsReduce(MckStats stats)
{
  PetscInt first = -1, count = 0;

  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(stats->setup, stats->comm, PETSC_ERR_ARG_WRONGSTATE, "MckStatsReduce: call MckStatsSetUp() first");
  PetscCall(MckStatsLogBegin(MCK_EVENT_StatsReduce));
  PetscCallMPI(MPI_Allreduce(stats->local, stats->global, (PetscMPIInt)stats->n, stats->type, stats->op, stats->comm));
  for (PetscInt c = 0; c < stats->n; c++) {
    if (PetscUnlikely(stats->global[c] == MCK_FIXED_POISON)) {
      stats->sums[c] = NAN; /* visibly invalid should a caller ignore the error */
      if (!count++) first = c;
    } else stats->sums[c] = MckFixedToDouble(stats->global[c]);
  }
  PetscCall(MckStatsLogEnd(MCK_EVENT_StatsReduce));
  PetscCall(MckStatsCheckOverflow(stats, first, count));
  PetscFunctionReturn(0);
}

/* The array belongs to stats and stays valid (same address) until MckStatsDestroy(); every
 * MckStatsReduce() overwrites it, so a caller may keep the pointer. Zeros before the first
 * reduction. */
/*@C
  MckStatsGetSums - The totals of the last `MckStatsReduce()`.

  Not Collective

  Input Parameter:
. stats - the reducer (set up)

  Output Parameter:
. sums - the totals, one per component

  Notes:
  The array belongs to stats and keeps its address until `MckStatsDestroy()`, so a caller may keep
  the pointer; each `MckStatsReduce()` overwrites it. Zeros before the first reduction; NaN for a
  component that overflowed.

  Level: intermediate

.seealso: `MckStatsReduce()`, `MckStatsGetSize()`
@*/
PetscErrorCode MckStatsGetSums(MckStats stats, const PetscReal **sums)
{
  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(sums, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStatsGetSums: NULL output pointer");
  PetscCheck(stats->setup, stats->comm, PETSC_ERR_ARG_WRONGSTATE, "MckStatsGetSums: call MckStatsSetUp() first");
  *sums = stats->sums;
  PetscFunctionReturn(0);
}

/*@C
  MckStatsGetMessageBytes - The bytes one `MckStatsReduce()` sends per rank (16 per component).

  Not Collective

  Input Parameter:
. stats - the reducer

  Output Parameter:
. bytes - the message size

  Level: developer

.seealso: `MckStatsReduce()`, `MckStatsView()`
@*/
PetscErrorCode MckStatsGetMessageBytes(MckStats stats, PetscInt64 *bytes)
{
  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCheck(bytes, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStatsGetMessageBytes: NULL output pointer");
  *bytes = (PetscInt64)stats->n * (PetscInt64)sizeof(MckFixed);
  PetscFunctionReturn(0);
}

/*@C
  MckStatsView - Prints the statistics registered (name, offset, size), the rank count and the
  message size of a reduction.

  Collective

  Input Parameters:
+ stats  - the reducer
- viewer - an ASCII viewer, or NULL for standard output of the reducer's communicator (other
           viewer types print nothing)

  Level: intermediate

.seealso: `MckStatsCreate()`, `MckStatsRegister()`
@*/
PetscErrorCode MckStatsView(MckStats stats, PetscViewer viewer)
{
  PetscBool   ascii;
  PetscInt64  bytes;
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCheck(stats, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckStats: NULL object");
  PetscCall(McKeanObjectViewBegin((PetscObject)stats, &viewer, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(MckStatsGetMessageBytes(stats, &bytes));
  PetscCallMPI(MPI_Comm_size(stats->comm, &size));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  %" PetscInt_FMT " statistic(s), %" PetscInt_FMT " component(s), %d rank(s)%s\n",
                                   stats->nblocks, stats->n, size, stats->setup ? "" : " (not set up)"));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(
      PetscViewerASCIIPrintf(viewer,
                             "exact sums: 128-bit fixed point, resolution 2^-64, one MPI_Allreduce of %" PetscInt64_FMT
                             " bytes per reduction\n",
                             bytes));
  PetscCall(PetscViewerASCIIPrintf(viewer, "%-24s %10s %10s\n", "statistic", "offset", "size"));
  for (PetscInt b = 0; b < stats->nblocks; b++)
    PetscCall(PetscViewerASCIIPrintf(viewer, "%-24s %10" PetscInt_FMT " %10" PetscInt_FMT "\n", stats->blocks[b].name,
                                     stats->blocks[b].offset, stats->blocks[b].n));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckStatsDestroy - Destroys a reducer (or drops one reference to it).

  Collective

  Input Parameter:
. stats - the reducer (set to NULL); NULL or a pointer to NULL is allowed

  Level: intermediate

.seealso: `MckStatsCreate()`
@*/
PetscErrorCode MckStatsDestroy(MckStats *stats)
{
  MckStats  s = stats ? *stats : NULL;
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)stats, MCK_STATS_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  for (PetscInt b = 0; b < s->nblocks; b++) PetscCall(PetscFree(s->blocks[b].name));
  PetscCall(PetscFree(s->blocks));
  PetscCall(PetscFree(s->local));
  PetscCall(PetscFree(s->global));
  PetscCall(PetscFree(s->sums));
  PetscCall(MckFixedMPIDestroy(&s->type, &s->op));
  PetscCall(PetscHeaderDestroy(stats));
  PetscFunctionReturn(0);
}

/*@C
  MckStatsChunkOwnership - The chunk-aligned ownership of N items that makes `MckStatsAdd()`'s
  partial sums independent of the rank count: global ids 0..N-1 in chunks of B consecutive ids,
  each rank owning a contiguous block of whole chunks.

  Not Collective

  Input Parameters:
+ comm - the ranks that share the items
. N    - the number of items (particles, neurons, members)
- B    - the chunk size

  Output Parameters:
+ gstart  - the global id of this rank's first item
. nlocal  - the number of items this rank owns, [gstart, gstart + nlocal)
- nchunks - the number of chunks it owns (the last chunk of all may be partial)

  Notes:
  The chunks are split as evenly as possible, rank r owning chunks [C r / P, C (r+1) / P) of the
  C = ceil(N/B); a rank may own none. The arguments are not checked: N >= 0 and B >= 1 are the
  caller's to ensure.

  Level: developer

.seealso: `MckStatsAdd()`, `MckParticlesCreate()`
@*/
PetscErrorCode MckStatsChunkOwnership(MPI_Comm comm, PetscInt64 N, PetscInt B, PetscInt64 *gstart, PetscInt *nlocal,
                                      PetscInt *nchunks)
{
  PetscMPIInt rank, size;
  PetscInt64  total, c0, c1;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  total    = (N + B - 1) / B;
  c0       = total * rank / size;
  c1       = total * (rank + 1) / size;
  *gstart  = PetscMin(c0 * B, N);
  *nlocal  = (PetscInt)(PetscMin(c1 * B, N) - *gstart);
  *nchunks = (PetscInt)(c1 - c0);
  PetscFunctionReturn(0);
}
