/* Packed normals: dim normals per stream with no unused normal in any Philox block.
 *
 * MckRNGNormals gives a stream's draws 4m .. 4m+3 from its own block m, so a stream that needs
 * 3 normals per step pays for 4. Here the normals of consecutive streams are numbered one after
 * the other, f = dim * stream + d, and normal f is normal f mod 4 of packed block f / 4 (mckrng.h
 * gives the key and counter). The kernel (rng/packed_template.h, every instruction set through the
 * same dispatch) computes the blocks with the normals kernel into a buffer of at most
 * MCK_PACKED_BLOCKS blocks on the stack and copies them to out[d][i]: a copy in L1, with the
 * source offsets of a whole period of streams known at compile time for dim 1, 2 and 3. The blocks at the two
 * ends of a range may be shared with the neighbouring ranges: they are computed whole, and only
 * their normals that belong to the range are stored, so a number depends on (seed, f, step, set)
 * only, never on how the streams are cut into calls, chunks or ranks. */
#include "rng/rngimpl.h"
#include "rng/rngkernels.h"

#define MCK_PACKED_KEY 0x80000000u /* key word 0 bit 31: MckRNGNormals' m = draw/4 never has it */

/* Streams [i0, i1) of out (stream ids stream0 + i), components [da, db) of each: a range whose
 * normals span at most MCK_PACKED_BLOCKS blocks (all dim components of the streams, or one stream). */
static void PackedRange(MckRNG rng, PetscInt64 stream0, PetscInt i0, PetscInt i1, PetscInt da, PetscInt db,
                        PetscInt64 step, PetscInt set, PetscInt dim, PetscReal *const out[])
{
  MCK_SIMD_CALL(MckRNGNormalsPackedKernel, rng->key1, MCK_PACKED_KEY | (uint32_t)set, (uint64_t)stream0, i0, i1, da, db,
                (uint64_t)step, dim, out);
}

/*@C
  MckRNGNormalsPacked - Standard normal numbers, dim per stream, packed so that no normal of a
  Philox block is computed and left unused: out[d][i] is packed normal number f = dim (stream0 + i) + d
  of the set at step.

  Not Collective

  Input Parameters:
+ rng     - the generator
. stream0 - the first stream id (a global id: particle, ...), >= 0
. n       - the number of consecutive streams, >= 0
. step    - the step (a time step, or one of the reserved negative `MCK_RNG_STEP_*`); any 64-bit value
. set     - which packed sequence, 0 <= set < 2^31: two uses at one step take different sets
- dim     - the normals per stream, >= 1; dim (stream0 + n) must stay below 2^63

  Output Parameter:
. out - dim arrays of length n, one per component (structure of arrays)

  Notes:
  Packed normal f of (set, step) is normal f mod 4 of the Philox block with counter
  (f/4 low word, f/4 high word | 2^31, step low word, step high word) and key (2^31 + set, seed),
  by the same transform as `MckRNGNormals()` (mckrng.h). Key word 0 of `MckRNGNormals()` is below
  2^31 and uniforms use another counter domain, so a packed normal never equals a number that
  `MckRNGNormals()` or `MckRNGUniforms()` gives for any stream, step or draw; different sets never
  share a block either. Neighbouring streams share blocks (dim 3: four streams' normals fill three
  blocks), so the cost is dim/4 of a block per stream, against one block per stream from
  `MckRNGNormals()` with draws 0..dim-1. The numbers depend only on (seed, set, step, f), never on
  the rank, the instruction set, or how the streams are split between calls: a call computes the
  blocks shared with the streams just before and after its range whole and stores only its own
  normals. Negative n or stream0, dim < 1, a set outside [0, 2^31), dim (stream0 + n) at or beyond
  2^63, or a NULL output array raise `PETSC_ERR_ARG_OUTOFRANGE` or `PETSC_ERR_ARG_NULL`. Logged as
  the event MckRngNormals; allocates nothing.

  Level: intermediate

.seealso: `MckRNGNormals()`, `MckRNGUniforms()`, `MckLangevinChunkNoiseRange()`
@*/
PetscErrorCode MckRNGNormalsPacked(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt set,
                                   PetscInt dim, PetscReal *const out[])
{
  const PetscInt64 fmax = 4 * (PetscInt64)MCK_PACKED_BLOCKS - 3; /* normals per range: the blocks fit in T */

  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null MckRNG");
  PetscCheck(n >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckRNGNormalsPacked: the stream count n %" PetscInt_FMT " is negative", n);
  PetscCheck(dim >= 1, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckRNGNormalsPacked: dim %" PetscInt_FMT " is below 1",
             dim);
  PetscCheck(stream0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "stream ids are non-negative, got stream0 %" PetscInt64_FMT, stream0);
  PetscCheck((uint64_t)(PetscInt64)set >> 31 == 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckRNGNormalsPacked: set %" PetscInt_FMT " is not in [0, 2^31)", set);
  PetscCheck(stream0 <= INT64_MAX / dim - n, rng->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckRNGNormalsPacked: dim %" PetscInt_FMT " times (stream0 %" PetscInt64_FMT " + n %" PetscInt_FMT
             ") reaches 2^63",
             dim, stream0, n);
  PetscCheck(n == 0 || out, rng->comm, PETSC_ERR_ARG_NULL, "null output array");
  for (PetscInt d = 0; n > 0 && d < dim; d++)
    PetscCheck(out[d], rng->comm, PETSC_ERR_ARG_NULL, "null output array for component %" PetscInt_FMT, d);
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  if (dim == 4) { /* stream s's normals are block s's four: no copy */
    double *const four[4] = {out[0], out[1], out[2], out[3]};
    MCK_SIMD_CALL(MckRNGNormalsKernel, rng->key1, (uint64_t)stream0, (int64_t)n, (uint64_t)step,
                  MCK_PACKED_KEY | (uint32_t)set, four);
  } else if (dim <= fmax) {
    const PetscInt per = dim <= fmax / 4 ? (PetscInt)(fmax / dim) / 4 * 4 : (PetscInt)(fmax / dim); /* whole periods */

    for (PetscInt i = 0; i < n; i += per)
      PackedRange(rng, stream0, i, PetscMin(n, i + per), 0, dim, step, set, dim, out);
  } else {
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt da = 0; da < dim; da += (PetscInt)fmax)
        PackedRange(rng, stream0, i, i + 1, da, (PetscInt)PetscMin(dim, da + fmax), step, set, dim, out);
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
