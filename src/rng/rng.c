/* MckRNG: counter-based normals and uniforms from Philox4x32-10 (see mckrng.h for the mapping).
 *
 * There is no generator state beyond the seed: a number is a pure function of (seed, stream,
 * step, draw), so any rank can produce any particle's noise and a restart needs only the seed.
 * Speed comes from doing the same work for many streams at once: one stream per vector lane, the
 * whole chain (Philox, bits to uniforms, log, sqrt, sin/cos, scaling) in registers, in the
 * widest instruction set the CPU has (rng/philox_template.h, chosen at run time, bitwise the same
 * in every one). A call allocates nothing. */
#include "rng/rngimpl.h"
#include "rng/rngkernels.h"

/*@C
  MckRNGCreate - Creates a counter-based random number generator (Philox4x32-10), with seed 0.

  Not Collective

  Input Parameter:
. comm - the communicator on which argument errors are raised (no communication is done)

  Output Parameter:
. rng - the generator

  Notes:
  The generator has no state beyond its seed: a number is a pure function of (seed, stream,
  step, draw), so any rank can produce any particle's noise and a restart needs only the seed.
  Apps normally take the run's generator from `MckRunGetRNG()`.

  Level: intermediate

.seealso: `MckRNGSetSeed()`, `MckRNGNormals()`, `MckRNGUniforms()`, `MckRNGDestroy()`, `MckRunGetRNG()`
@*/
PetscErrorCode MckRNGCreate(MPI_Comm comm, MckRNG *rng)
{
  PetscFunctionBeginUser;
  PetscCheck(rng, comm, PETSC_ERR_ARG_NULL, "MckRNGCreate: null output pointer");
  PetscCall(PetscNew(rng));
  (*rng)->comm  = comm;
  (*rng)->refct = 1;
  (*rng)->seed  = 0;
  (*rng)->key1  = 0;
  PetscFunctionReturn(0);
}

/* The seed is Philox key word 1, a 32-bit word. Any seed that fits in 32 bits, read as signed
 * or as unsigned, is accepted (so -1 and 4294967295 name the same key); wider seeds would
 * silently collide with narrower ones, so they are refused. */
/*@C
  MckRNGSetSeed - Sets the seed, the Philox key word that with the options determines every number.

  Logically Collective

  Input Parameters:
+ rng  - the generator
- seed - any value that fits in 32 bits, read as signed or as unsigned (-1 and 4294967295 name the same key)

  Notes:
  A seed outside [-2147483648, 4294967295] is a `PETSC_ERR_USER_INPUT` error naming -seed (wider
  seeds would silently collide with narrower ones). No communication: every rank must set the
  same seed for the numbers to be independent of the rank count.

  Level: intermediate

.seealso: `MckRNGGetSeed()`, `MckRNGCreate()`, `MckRunSetFromOptions()`
@*/
PetscErrorCode MckRNGSetSeed(MckRNG rng, PetscInt seed)
{
  const PetscInt64 s = (PetscInt64)seed;

  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGSetSeed: null MckRNG");
  PetscCheck(s >= -(PetscInt64)2147483648LL && s <= (PetscInt64)4294967295LL, rng->comm, PETSC_ERR_USER_INPUT,
             "-seed %" PetscInt64_FMT " does not fit in 32 bits: use a value in [-2147483648, 4294967295]", s);
  rng->seed = seed;
  rng->key1 = (uint32_t)(uint64_t)s;
  PetscFunctionReturn(0);
}

/*@C
  MckRNGGetSeed - The seed, as it was given to `MckRNGSetSeed()`.

  Not Collective

  Input Parameter:
. rng - the generator

  Output Parameter:
. seed - the seed (0 if never set)

  Level: intermediate

.seealso: `MckRNGSetSeed()`
@*/
PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed)
{
  PetscFunctionBeginUser;
  PetscCheck(rng && seed, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGGetSeed: null argument");
  *seed = rng->seed;
  PetscFunctionReturn(0);
}

/*@C
  MckRNGReference - Adds a reference to a generator: an object that keeps it (the Langevin
  dynamics, a sampler, a resampler, a twin experiment, DMFT) takes one, so that the generator
  lives as long as any of them, whatever the order of the destroys.

  Not Collective

  Input Parameter:
. rng - the generator

  Level: developer

.seealso: `MckRNGDestroy()`, `MckLangevinSetRNG()`
@*/
PetscErrorCode MckRNGReference(MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGReference: null MckRNG");
  rng->refct++;
  PetscFunctionReturn(0);
}

/*@C
  MckRNGDestroy - Drops a reference to a generator, freeing it with the last.

  Not Collective

  Input Parameter:
. rng - the generator (set to NULL); NULL or a pointer to NULL is allowed

  Level: intermediate

.seealso: `MckRNGCreate()`, `MckRNGReference()`
@*/
PetscErrorCode MckRNGDestroy(MckRNG *rng)
{
  PetscFunctionBeginUser;
  if (!rng || !*rng) PetscFunctionReturn(0);
  if (--(*rng)->refct > 0) {
    *rng = NULL;
    PetscFunctionReturn(0);
  }
  PetscCall(PetscFree(*rng));
  PetscFunctionReturn(0);
}

/*@C
  MckRNGReplace - Makes *kept the generator rng, with a reference of its own, dropping the one
  *kept held: what the objects' SetRNG functions do.

  Not Collective

  Input Parameters:
+ kept - where an object keeps its generator (NULL or a generator it holds a reference to)
- rng  - the new generator, or NULL

  Level: developer

.seealso: `MckRNGReference()`, `MckRNGDestroy()`
@*/
PetscErrorCode MckRNGReplace(MckRNG *kept, MckRNG rng)
{
  PetscFunctionBeginUser;
  if (rng) PetscCall(MckRNGReference(rng)); /* first: rng may be *kept itself */
  PetscCall(MckRNGDestroy(kept));
  *kept = rng;
  PetscFunctionReturn(0);
}

/* Argument checks shared by MckRNGNormals and MckRNGUniforms. Counter word 0 is draw/2, so the
 * last draw must stay below 2^33. */
static PetscErrorCode CheckDrawArgs(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt draw0, PetscInt ndraws,
                                    PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null MckRNG");
  PetscCheck(n >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "the stream count n %" PetscInt_FMT " is negative", n);
  PetscCheck(ndraws >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "the draw count ndraws %" PetscInt_FMT " is negative",
             ndraws);
  PetscCheck(stream0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "stream ids are non-negative, got stream0 %" PetscInt64_FMT, stream0);
  /* the last stream id, stream0 + n - 1, must not wrap past 2^63 - 1 */
  PetscCheck(n == 0 || stream0 <= INT64_MAX - (n - 1), rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "stream0 %" PetscInt64_FMT " + n %" PetscInt_FMT
             " - 1, the last stream id, reaches 2^63: ids are below 2^63",
             stream0, n);
  PetscCheck(draw0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "draw indices are non-negative, got draw0 %" PetscInt_FMT,
             draw0);
  PetscCheck(ndraws == 0 || ((PetscInt64)draw0 + ndraws - 1) / 2 <= (PetscInt64)4294967295LL, rng->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "draw index beyond 2^33 - 1");
  PetscCheck(n == 0 || ndraws == 0 || out, rng->comm, PETSC_ERR_ARG_NULL, "null output array");
  for (PetscInt j = 0; n > 0 && j < ndraws; j++)
    PetscCheck(out[j], rng->comm, PETSC_ERR_ARG_NULL, "null output array for draw %" PetscInt_FMT, draw0 + j);
  PetscFunctionReturn(0);
}

/* slot[j] = the output array of draw per * m + j, the j-th of the per draws that Philox counter m
 * yields (2 uniforms or 4 normals); NULL for a draw outside [draw0, dend), which the kernels then
 * do not store. */
static void CounterSlots(PetscInt64 m, PetscInt per, PetscInt draw0, PetscInt64 dend, PetscReal *const out[],
                         PetscReal *slot[])
{
  for (PetscInt j = 0; j < per; j++) {
    const PetscInt64 draw = per * m + j;

    slot[j] = draw >= draw0 && draw < dend ? out[draw - draw0] : NULL;
  }
}

/* out[j][i] for draw (draw0 + j) of stream (stream0 + i). The draws are walked by Philox counter
 * m = draw/2; a counter yields two numbers (the even and the odd draw), which are stored only
 * if requested. Streams are the inner loop, so the stores are contiguous. */
/*@C
  MckRNGUniforms - Uniform numbers in (0, 1) for a block of consecutive streams: out[j][i] is
  uniform number (draw0 + j) of stream (stream0 + i) at step.

  Not Collective

  Input Parameters:
+ rng     - the generator
. stream0 - the first stream id (a global id: particle, member, sample, ...), >= 0
. n       - the number of consecutive streams, >= 0
. step    - the step (a time step, or one of the reserved negative `MCK_RNG_STEP_*`); any 64-bit value
. draw0   - the first draw index, >= 0
- ndraws  - the number of consecutive draws, >= 0; the last draw must be below 2^33

  Output Parameter:
. out - ndraws arrays of length n, one per draw (structure of arrays)

  Notes:
  Each uniform has 53 random bits and lies in [2^-54, 1 - 2^-53], so its log is finite. A number
  depends only on (seed, stream, step, draw), never on the rank, the instruction set or the
  order of calls: results are bitwise the same on any rank count and after a restart. Normals
  and uniforms come from different Philox blocks, so both may be drawn from one (stream, step).
  Negative counts, stream0 or draw0, a draw at or beyond 2^33, or a NULL output array raise
  `PETSC_ERR_ARG_OUTOFRANGE` or `PETSC_ERR_ARG_NULL` on the generator's communicator. Allocates nothing.

  Level: intermediate

.seealso: `MckRNGNormals()`, `MckRNGSetSeed()`, `MckStatsChunkOwnership()`
@*/
PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
                              PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  for (PetscInt64 m = draw0 / 2; 2 * m < dend; m++) {
    PetscReal *two[2]; /* the even and the odd draw */

    CounterSlots(m, 2, draw0, dend, out, two);
    MCK_SIMD_CALL(MckRNGUniformsKernel, rng->key1, (uint64_t)stream0, (int64_t)n, (uint64_t)step, (uint32_t)m, two[0],
                  two[1]);
  }
  PetscFunctionReturn(0);
}

/* Philox counter m of the normals' domain gives normals 4m .. 4m+3 (two Box-Muller pairs); the
 * ones requested are stored; a pair is computed only when one of its two is. */
/*@C
  MckRNGNormals - Standard normal numbers for a block of consecutive streams: out[j][i] is normal
  number (draw0 + j) of stream (stream0 + i) at step.

  Not Collective

  Input Parameters:
+ rng     - the generator
. stream0 - the first stream id (a global id: particle, member, neuron, ...), >= 0
. n       - the number of consecutive streams, >= 0
. step    - the step (a time step, or one of the reserved negative `MCK_RNG_STEP_*`); any 64-bit value
. draw0   - the first draw index, >= 0
- ndraws  - the number of consecutive draws, >= 0; the last draw must be below 2^33

  Output Parameter:
. out - ndraws arrays of length n, one per draw (structure of arrays)

  Notes:
  Box-Muller on one Philox block per four normals (a 40-bit radius uniform, a 24-bit angle
  uniform), computed in plain IEEE arithmetic by McKean's own log and sine: a number depends only
  on (seed, stream, step, draw), never on the rank, the instruction set or the order of calls,
  so results are bitwise the same on any rank count and after a restart. Requesting draws 0..2
  costs one Philox block per stream. The same argument errors as `MckRNGUniforms()`. Logged as the
  event MckRngNormals; allocates nothing.

  Level: intermediate

.seealso: `MckRNGUniforms()`, `MckRNGSetSeed()`, `MckLog()`, `MckSinCos2Pi()`
@*/
PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0,
                             PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  for (PetscInt64 m = draw0 / 4; 4 * m < dend; m++) {
    PetscReal *four[4];

    CounterSlots(m, 4, draw0, dend, out, four);
    MCK_SIMD_CALL(MckRNGNormalsKernel, rng->key1, (uint64_t)stream0, (int64_t)n, (uint64_t)step, (uint32_t)m, four);
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
