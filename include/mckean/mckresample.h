/* MckResampler: distributed resampling of weighted items (SMC samplers, particle filters) —
 * the one place where items move between ranks (DESIGN.md §1).
 *
 * Items (particles, ensemble members) have global ids 0..N-1; each rank holds a contiguous block
 * [gstart, gstart + nlocal), the blocks in rank order (MckResamplerSetLayout). Resampling
 * replaces the N items by N offspring drawn with probabilities w_i / sum w; the offspring take
 * the SAME global ids (slots) and layout, so slot k of the result is held by the rank that held
 * item k, and its ancestor is some item a_k, in general on another rank.
 *
 * Algorithm (one pass, exact integer arithmetic, independent of the rank count):
 *   1. the largest log-weight (one MPI_MAX), w_i = exp(logw_i - max) quantised to
 *      W_i = floor(w_i 2^40) (items below 2^-40 of the largest weight get no offspring);
 *   2. per-rank sums of W_i and W_i^2 in 128-bit integers, gathered (one MPI_Allgather of 32
 *      bytes a rank): each rank's exclusive prefix C, the total W and the ESS (sum W)^2 / sum W^2,
 *      all exact;
 *   3. with C_i the inclusive prefix, the number of offspring points k + U_k (k = 0..N-1) below
 *      N C_i / W is F(C_i) = q + [U_q W < r] with q, r the quotient and remainder of N C_i / W,
 *      so item i has F(C_i) - F(C_{i-1}) offspring in slots [F(C_{i-1}), F(C_i)):
 *        systematic  U_k = U, one uniform keyed by (stream 0, step)
 *        stratified  U_k keyed by (stream k, step)
 *        residual    floor(N W_i / W) copies, then the R remaining points drawn
 *                    multinomially from the remainders N W_i - W floor(N W_i / W) (one more
 *                    MPI_Allgather; every rank draws the R uniforms, keyed by point index)
 *      Uniforms are 53-bit integers (MckRNGUniforms, draw MCK_RESAMPLE_DRAW), so every
 *      comparison is exact: the offspring counts, and hence the particles, are bitwise the same
 *      on any rank count. Systematic keeps every count within one of N w_i, residual at least
 *      floor(N w_i).
 *   4. the plan: which item rows go to which rank (each row crosses to a given rank once per
 *      run of slots, never to its own rank), exchanged once (MPI_Alltoall of counts and one
 *      MPI_Alltoallv of (ancestor id, first slot, count)); the ancestors of the local slots
 *      follow from it.
 * Then MckResamplerMoveSoA / MckResamplerMoveRows move any number of data arrays by the plan,
 * each with ONE MPI_Alltoallv carrying only the rows that change rank. Limits: N < 2^33.
 *
 * Use by a filter whose members live on sub-communicators (r ranks per member, member states
 * distributed Vecs): (1) on the communicator of the group leaders (MPI_Comm_split of the ensemble
 * communicator by "member-communicator rank == 0"), each leader sets the layout to its group's
 * members (contiguous member ids) and calls MckResamplerSetWeights and MckResamplerResample with
 * the members' log-likelihoods, getting the ancestors of its members; (2) each leader broadcasts
 * them on its member communicator; (3) on the communicator joining rank j of every group
 * (MPI_Comm_split by member-communicator rank), a second resampler with the same layout is given
 * those ancestors (MckResamplerSetAncestors) and moves every rank's piece of the member states
 * with MckResamplerMoveRows (the local part of each member's Vec as a row). Members held on
 * PETSC_COMM_SELF (many per rank) need only (1) and the move on the same resampler.
 *
 * Options (prefix of the object): -resample_type systematic|stratified|residual,
 * -resample_ess_threshold f (MckResamplerIsNeeded: ESS < f N). */
#pragma once
#include <mckean/mckrng.h>

typedef struct _p_MckResampler *MckResampler;
PETSC_EXTERN PetscClassId       MCK_RESAMPLER_CLASSID;
PETSC_EXTERN PetscLogEvent      MCK_EVENT_ResampleWeights, MCK_EVENT_Resample, MCK_EVENT_ResampleMove;

typedef const char *MckResamplerType;
#define MCKRESAMPLER_SYSTEMATIC "systematic"
#define MCKRESAMPLER_STRATIFIED "stratified"
#define MCKRESAMPLER_RESIDUAL   "residual"

/* The draw index of the resampling uniforms (counter c0 = 2^29): apart from every draw a
 * dynamics takes for the same stream and step (draws < 2^30). */
#define MCK_RESAMPLE_DRAW ((PetscInt)1 << 30)

/* A scheme: uniforms(r, step, q0, n, u) gives U_q for strata q0 .. q0 + n - 1 as integers
 * u < 2^54 (U = u 2^-54); residual = PETSC_TRUE takes the deterministic copies first and the
 * uniforms then place the remaining points, one each. */
typedef struct {
  PetscErrorCode (*uniforms)(MckResampler r, PetscInt64 step, PetscInt64 q0, PetscInt n, uint64_t u[]);
  PetscBool residual;
} MckResamplerOps;
typedef PetscErrorCode (*MckResamplerCreateFn)(MckResampler r, MckResamplerOps *ops);
PETSC_EXTERN PetscErrorCode MckResamplerRegister(const char name[], MckResamplerCreateFn create);

PETSC_EXTERN PetscErrorCode MckResamplerCreate(MPI_Comm comm, MckResampler *r);
PETSC_EXTERN PetscErrorCode MckResamplerSetType(MckResampler r, MckResamplerType type);
PETSC_EXTERN PetscErrorCode MckResamplerGetType(MckResampler r, MckResamplerType *type);
PETSC_EXTERN PetscErrorCode MckResamplerSetOptionsPrefix(MckResampler r, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckResamplerSetFromOptions(MckResampler r);
PETSC_EXTERN PetscErrorCode MckResamplerSetRNG(MckResampler r, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckResamplerGetRNG(MckResampler r, MckRNG *rng);
PETSC_EXTERN PetscErrorCode MckResamplerSetLayout(MckResampler r, PetscInt nlocal);
PETSC_EXTERN PetscErrorCode MckResamplerGetLayout(MckResampler r, PetscInt64 *N, PetscInt *nlocal, PetscInt64 *gstart);
PETSC_EXTERN PetscErrorCode MckResamplerSetThreshold(MckResampler r, PetscReal fraction);
PETSC_EXTERN PetscErrorCode MckResamplerGetThreshold(MckResampler r, PetscReal *fraction);
PETSC_EXTERN PetscErrorCode MckResamplerSetWeights(MckResampler r, const PetscReal logw[]);
PETSC_EXTERN PetscErrorCode MckResamplerGetESS(MckResampler r, PetscReal *ess);
PETSC_EXTERN PetscErrorCode MckResamplerGetLogMeanWeight(MckResampler r, PetscReal *logmean);
PETSC_EXTERN PetscErrorCode MckResamplerIsNeeded(MckResampler r, PetscBool *needed);
PETSC_EXTERN PetscErrorCode MckResamplerResample(MckResampler r, PetscInt64 step, PetscInt64 ancestors[]);
PETSC_EXTERN PetscErrorCode MckResamplerSetAncestors(MckResampler r, const PetscInt64 ancestors[]);
PETSC_EXTERN PetscErrorCode MckResamplerGetCounts(MckResampler r, const PetscInt **counts);
PETSC_EXTERN PetscErrorCode MckResamplerMoveSoA(MckResampler r, PetscInt ncomp, PetscReal *const x[]);
PETSC_EXTERN PetscErrorCode MckResamplerMoveRows(MckResampler r, PetscInt ncomp, PetscReal x[]);
PETSC_EXTERN PetscErrorCode MckResamplerGetTraffic(MckResampler r, PetscInt64 *rows_sent, PetscInt64 *slots_moved);
PETSC_EXTERN PetscErrorCode MckResamplerView(MckResampler r, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckResamplerDestroy(MckResampler *r);
