/* MckCounts: exact integer counts, one reduce-scatter into each rank's segment (mckcounts.h).
 * The integers are the stats layer's fixed-point words read with the binary point at 0, so the
 * exact MPI sum and the correctly rounded conversion are those of fixedpoint.h. */
#include <mckean/mckcounts.h>
#include <mckean/mckstats.h>
#include <petsc/private/petscimpl.h>
#include "stats/fixedpoint.h"

struct _p_MckCounts {
  PETSCHEADER(int);
  MPI_Comm     comm;
  PetscInt     n, nlocal; /* all entries; this rank's segment */
  PetscMPIInt *segments;  /* segment length of every rank */
  MckCount    *all, *own; /* this rank's full-length copy; its segment's totals */
  MPI_Datatype type;
  MPI_Op       op;
};

/* The exact integer v rounded once to double: v * 2^-64 rounded (MckFixedToDouble) scaled back
 * by 2^64, which is exact. */
static inline PetscReal CountToReal(MckCount v) { return MckFixedToDouble(v) * 0x1p64; }

/*@C
  MckCountsCreate - Creates an array of exact integer counts distributed over the ranks in
  contiguous segments, this rank's of length nlocal.

  Collective

  Input Parameters:
+ comm   - the communicator
- nlocal - the length of this rank's segment (the segments follow each other in rank order)

  Output Parameter:
. c - the counts, all zero

  Level: intermediate

.seealso: `MckCountsGetArray()`, `MckCountsReduceScatter()`, `MckCountsDestroy()`
@*/
PetscErrorCode MckCountsCreate(MPI_Comm comm, PetscInt nlocal, MckCounts *c)
{
  MckCounts   x;
  PetscMPIInt size, mine;

  PetscFunctionBeginUser;
  PetscValidPointer(c, 3);
  PetscCall(MckStatsInitializePackage());
  PetscCall(PetscHeaderCreate(x, MCK_COUNTS_CLASSID, "MckCounts", "Exact distributed counts", "MckCounts", comm,
                              MckCountsDestroy, MckCountsView));
  x->comm   = PetscObjectComm((PetscObject)x);
  x->nlocal = nlocal;
  x->type   = MPI_DATATYPE_NULL;
  x->op     = MPI_OP_NULL;
  PetscCallMPI(MPI_Comm_size(x->comm, &size));
  PetscCall(PetscMPIIntCast(nlocal, &mine));
  PetscCall(PetscMalloc1(size, &x->segments));
  PetscCallMPI(MPI_Allgather(&mine, 1, MPI_INT, x->segments, 1, MPI_INT, x->comm));
  for (PetscMPIInt r = 0; r < size; r++) x->n += x->segments[r];
  PetscCall(PetscCalloc2(x->n, &x->all, nlocal, &x->own));
  PetscCall(MckFixedMPICreate(&x->type, &x->op));
  *c = x;
  PetscFunctionReturn(0);
}

/*@C
  MckCountsGetSizes - The length of this rank's segment and of the whole array.

  Not Collective

  Input Parameter:
. c - the counts

  Output Parameters:
+ nlocal - entries this rank owns (may be NULL)
- n      - entries of the array (may be NULL)

  Level: intermediate

.seealso: `MckCountsCreate()`
@*/
PetscErrorCode MckCountsGetSizes(MckCounts c, PetscInt *nlocal, PetscInt *n)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  if (nlocal) *nlocal = c->nlocal;
  if (n) *n = c->n;
  PetscFunctionReturn(0);
}

/*@C
  MckCountsZero - Clears this rank's full-length copy, to count anew.

  Not Collective

  Input Parameter:
. c - the counts

  Level: intermediate

.seealso: `MckCountsGetArray()`
@*/
PetscErrorCode MckCountsZero(MckCounts c)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  PetscCall(PetscArrayzero(c->all, c->n));
  PetscFunctionReturn(0);
}

/*@C
  MckCountsGetArray - This rank's full-length copy of the counts, to add integers into.

  Not Collective

  Input Parameter:
. c - the counts

  Output Parameter:
. counts - n entries in natural order (owned by c; the address never changes)

  Note:
  Add with a plain `counts[i] += v` in the caller's loop: the array is the hot path's, nothing
  is checked there (see the range in mckcounts.h).

  Level: intermediate

.seealso: `MckCountsZero()`, `MckCountsReduceScatter()`
@*/
PetscErrorCode MckCountsGetArray(MckCounts c, MckCount **counts)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  *counts = c->all;
  PetscFunctionReturn(0);
}

/*@C
  MckCountsReduceScatter - Sums the copies of all ranks exactly; each rank keeps the totals of
  its own segment.

  Collective

  Input Parameter:
. c - the counts

  Note:
  One MPI_Reduce_scatter of 16 bytes per entry with an exact integer sum; the local copies are
  left as they were.

  Level: intermediate

.seealso: `MckCountsGetOwnedReals()`, `MckCountsGetTotal()`
@*/
PetscErrorCode MckCountsReduceScatter(MckCounts c)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  PetscCallMPI(MPI_Reduce_scatter(c->all, c->own, c->segments, c->type, c->op, c->comm));
  PetscFunctionReturn(0);
}

/*@C
  MckCountsGetOwnedReals - The totals of this rank's segment, each rounded once to double and
  multiplied by scale.

  Not Collective

  Input Parameters:
+ c     - the counts, after `MckCountsReduceScatter()`
- scale - the unit of one count (a power of two times the caller's factor: the product is
          rounded once)

  Output Parameter:
. values - nlocal values

  Level: intermediate

.seealso: `MckCountsReduceScatter()`, `MckCountsGetTotal()`
@*/
PetscErrorCode MckCountsGetOwnedReals(MckCounts c, PetscReal scale, PetscReal values[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  for (PetscInt i = 0; i < c->nlocal; i++) values[i] = CountToReal(c->own[i]) * scale;
  PetscFunctionReturn(0);
}

/*@C
  MckCountsGetTotal - The exact sum of all totals, rounded once to double and multiplied by scale.

  Collective

  Input Parameters:
+ c     - the counts, after `MckCountsReduceScatter()`
- scale - the unit of one count

  Output Parameter:
. total - the sum over the whole array, the same on every rank

  Note:
  Raises PETSC_ERR_FP on every rank if a total left the 128-bit range.

  Level: intermediate

.seealso: `MckCountsReduceScatter()`
@*/
PetscErrorCode MckCountsGetTotal(MckCounts c, PetscReal scale, PetscReal *total)
{
  MckCount sum = 0;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  for (PetscInt i = 0; i < c->nlocal; i++) sum = MckFixedAdd(sum, c->own[i]);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &sum, 1, c->type, c->op, c->comm));
  PetscCheck(sum != MCK_FIXED_POISON, c->comm, PETSC_ERR_FP, "MckCountsGetTotal: a count left the exact 128-bit range");
  *total = CountToReal(sum) * scale;
  PetscFunctionReturn(0);
}

/*@C
  MckCountsGetMessageBytes - Bytes one `MckCountsReduceScatter()` sends per rank.

  Not Collective

  Input Parameter:
. c - the counts

  Output Parameter:
. bytes - 16 bytes per entry of the whole array

  Level: intermediate

.seealso: `MckCountsReduceScatter()`
@*/
PetscErrorCode MckCountsGetMessageBytes(MckCounts c, PetscInt64 *bytes)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  *bytes = (PetscInt64)c->n * (PetscInt64)sizeof(MckCount);
  PetscFunctionReturn(0);
}

/*@C
  MckCountsView - Prints the array's sizes and the bytes of one reduction.

  Collective

  Input Parameters:
+ c      - the counts
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckCountsCreate()`
@*/
PetscErrorCode MckCountsView(MckCounts c, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(c, MCK_COUNTS_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)c, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "  %" PetscInt_FMT " exact counts, %" PetscInt_FMT " on this rank; %" PetscInt64_FMT
                                   " bytes per reduce-scatter\n",
                                   c->n, c->nlocal, (PetscInt64)c->n * (PetscInt64)sizeof(MckCount)));
  PetscFunctionReturn(0);
}

/*@C
  MckCountsDestroy - Drops a reference to the counts, freeing them with the last.

  Collective

  Input Parameter:
. c - the counts

  Level: intermediate

.seealso: `MckCountsCreate()`
@*/
PetscErrorCode MckCountsDestroy(MckCounts *c)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)c, MCK_COUNTS_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  PetscCall(MckFixedMPIDestroy(&(*c)->type, &(*c)->op));
  PetscCall(PetscFree2((*c)->all, (*c)->own));
  PetscCall(PetscFree((*c)->segments));
  PetscCall(PetscHeaderDestroy(c));
  PetscFunctionReturn(0);
}
