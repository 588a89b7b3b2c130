/* MckCounts: exact integer counts on an array distributed over the ranks (the stats layer's
 * public form of its exact arithmetic, for histograms such as the particles' density on a
 * grid, include/mckean/mckdeposit.h).
 *
 * The array has n entries in natural order; each rank owns one contiguous segment, the
 * segments in rank order (the ownership of a DMDA's slabs, say). Every rank adds integers into
 * its own full-length copy (MckCountsGetArray: a plain 128-bit addition in the caller's loop,
 * nothing allocated, no call per entry); MckCountsReduceScatter() then sums the copies of all
 * ranks exactly, with one MPI_Reduce_scatter that leaves each rank the totals of its own
 * segment. Integer addition is associative, so the totals depend neither on the rank count
 * nor on the order in which the counts were added; they are rounded to double once, correctly
 * (MckCountsGetOwnedReals), hence bitwise the same on any rank count.
 *
 * Range: entries are signed 128-bit integers. A caller's own additions are not checked (keep
 * every local entry below 2^126, e.g. by bounding the number of items it counts); a total that
 * leaves the range in the reduction becomes a marker that MckCountsGetTotal() raises on every
 * rank (PETSC_ERR_FP). Cost: 16 bytes per entry of memory and of each reduce-scatter. */
#pragma once
#include <mckean/mckean.h>

typedef struct _p_MckCounts *MckCounts;
/* One exact count: add to it with +=, in the units the caller chose. */
typedef __int128          MckCount;
PETSC_EXTERN PetscClassId MCK_COUNTS_CLASSID;

PETSC_EXTERN PetscErrorCode MckCountsCreate(MPI_Comm comm, PetscInt nlocal, MckCounts *c);
PETSC_EXTERN PetscErrorCode MckCountsGetSizes(MckCounts c, PetscInt *nlocal, PetscInt *n);
PETSC_EXTERN PetscErrorCode MckCountsZero(MckCounts c);
PETSC_EXTERN PetscErrorCode MckCountsGetArray(MckCounts c, MckCount **counts);
PETSC_EXTERN PetscErrorCode MckCountsReduceScatter(MckCounts c);
PETSC_EXTERN PetscErrorCode MckCountsGetOwnedReals(MckCounts c, PetscReal scale, PetscReal values[]);
PETSC_EXTERN PetscErrorCode MckCountsGetTotal(MckCounts c, PetscReal scale, PetscReal *total);
PETSC_EXTERN PetscErrorCode MckCountsGetMessageBytes(MckCounts c, PetscInt64 *bytes);
PETSC_EXTERN PetscErrorCode MckCountsView(MckCounts c, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckCountsDestroy(MckCounts *c);
