/* MckStats: the summary-statistic reducer (DESIGN.md §1).
 *
 * Components are registered by name before set-up. Each step, a rank adds partial sums of its
 * particles with MckStatsAdd(), then MckStatsReduce() combines all ranks with ONE collective.
 *
 * Reproducibility: every partial sum handed to MckStatsAdd() is converted to a 128-bit integer
 * in fixed point (scale 2^64, i.e. an absolute resolution of 2^-64) and accumulated exactly.
 * Integer addition is associative, so the combined sum does not depend on how many ranks there
 * are or in which order their contributions arrive. The caller's part of the contract: each
 * partial sum must be a function of global ids only — in McKean, the sum over one chunk of
 * particles (MckParticles aligns rank boundaries to chunks), computed in a fixed order.
 * Resolution: the error is at most 2^-65 per partial, and only for partials below 2^-12 in
 * magnitude (larger ones convert exactly), plus one final rounding of each total to double; a
 * statistic whose total is tiny (<< 1e-6, say) loses relative accuracy, so scale it first.
 * Range: each partial must be finite and below 2^62 in magnitude, and every sum (on one rank or
 * inside the reduction) below 2^63, the 128-bit integer range. A partial out of range or NaN/Inf
 * marks the component, and so does a sum that overflows; MckStatsReduce() then raises
 * MCK_ERR_DIVERGED on every rank, naming the statistic (MckStatsAdd never raises: it is not
 * collective, and an error on one rank would leave the others waiting). Nothing wraps silently.
 * If the sum of all |partials| stays below 2^63 no overflow can occur in any order; beyond that,
 * whether an intermediate sum overflows may depend on the order, i.e. on the rank count.
 * Cost: MckStatsAdd ~2-5 ns per component; MckStatsReduce one MPI_Allreduce of 16 bytes per
 * component with a user-defined op, then one conversion (~2 ns) per component. */
#pragma once
#include <mckean/mckean.h>

typedef struct _p_MckStats *MckStats;
PETSC_EXTERN PetscClassId   MCK_STATS_CLASSID;
PETSC_EXTERN PetscLogEvent  MCK_EVENT_StatsAccumulate, MCK_EVENT_StatsReduce;
PETSC_EXTERN PetscErrorCode MckStatsInitializePackage(void);

/* The chunk-aligned ownership the contract above relies on: N items (particles, neurons,
 * members) with global ids 0..N-1 in chunks of B consecutive ids; each rank owns a contiguous
 * block of whole chunks, items [*gstart, *gstart + *nlocal) in *nchunks chunks. Not collective. */
PETSC_EXTERN PetscErrorCode MckStatsChunkOwnership(MPI_Comm comm, PetscInt64 N, PetscInt B, PetscInt64 *gstart,
                                                   PetscInt *nlocal, PetscInt *nchunks);

PETSC_EXTERN PetscErrorCode MckStatsCreate(MPI_Comm comm, MckStats *stats);
/* Register n >= 1 components under a unique name, before MckStatsSetUp(); *offset (may be NULL)
 * receives the index of the first in the statistic vector. Collective only in its checks. */
PETSC_EXTERN PetscErrorCode MckStatsRegister(MckStats stats, const char name[], PetscInt n, PetscInt *offset);
PETSC_EXTERN PetscErrorCode MckStatsSetUp(MckStats stats);
PETSC_EXTERN PetscErrorCode MckStatsGetSize(MckStats stats, PetscInt *n);
/* Start a new accumulation (zero the exact local accumulators, and clear overflow marks).
 * Not collective. Zero/Add/Reduce never allocate. */
PETSC_EXTERN PetscErrorCode MckStatsZero(MckStats stats);
/* Add partial[0..n) exactly to components offset..offset+n-1. Not collective: an overflowing
 * sum is reported later, collectively, by MckStatsReduce(). */
PETSC_EXTERN PetscErrorCode MckStatsAdd(MckStats stats, PetscInt offset, PetscInt n, const PetscReal partial[]);
/* One MPI_Allreduce of the exact accumulators; afterwards MckStatsGetSums() returns the total
 * of every component, rounded once to double (correctly rounded, so bitwise identical on any
 * rank count). Collective. Leaves the local accumulators as they were: reducing twice without
 * MckStatsZero() gives the same totals. */
PETSC_EXTERN PetscErrorCode MckStatsReduce(MckStats stats);
/* The array belongs to stats, keeps its address until MckStatsDestroy() and is overwritten by
 * each MckStatsReduce() (zeros before the first; NaN for a component that overflowed). */
PETSC_EXTERN PetscErrorCode MckStatsGetSums(MckStats stats, const PetscReal **sums);
/* Bytes one MckStatsReduce() sends per rank (for the communication-volume benchmark). */
PETSC_EXTERN PetscErrorCode MckStatsGetMessageBytes(MckStats stats, PetscInt64 *bytes);
PETSC_EXTERN PetscErrorCode MckStatsView(MckStats stats, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckStatsDestroy(MckStats *stats);
