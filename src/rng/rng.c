/* MckRNG: counter-based normals and uniforms from Philox4x32-10 (see mckrng.h for the mapping).
 *
 * There is no generator state beyond the seed: a number is a pure function of (seed, stream,
 * step, draw), so any rank can produce any particle's noise and a restart needs only the seed.
 * Speed comes from doing the same work for many streams at once: one stream per vector lane, the
 * whole chain (Philox, bits to uniforms, log, sqrt, sin/cos, scaling) in registers, in the
 * widest instruction set the CPU has (rng/philox_template.h, chosen at run time, bitwise the same
 * in every one). A call allocates nothing. */
#include <mckean/mckrng.h>
#include "rng/rngkernels.h"

struct _p_MckRNG {
  MPI_Comm comm;
  PetscInt seed; /* as given by the user */
  uint32_t key1; /* the seed as Philox key word 1 */
};

PetscErrorCode MckRNGCreate(MPI_Comm comm, MckRNG *rng)
{
  PetscFunctionBeginUser;
  PetscCheck(rng, comm, PETSC_ERR_ARG_NULL, "MckRNGCreate: null output pointer");
  PetscCall(PetscNew(rng));
  (*rng)->comm = comm;
  (*rng)->seed = 0;
  (*rng)->key1 = 0;
  PetscFunctionReturn(0);
}

/* The seed is Philox key word 1, a 32-bit word. Any seed that fits in 32 bits, read as signed
 * or as unsigned, is accepted (so -1 and 4294967295 name the same key); wider seeds would
 * silently collide with narrower ones, so they are refused. */
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

PetscErrorCode MckRNGGetSeed(MckRNG rng, PetscInt *seed)
{
  PetscFunctionBeginUser;
  PetscCheck(rng && seed, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckRNGGetSeed: null argument");
  *seed = rng->seed;
  PetscFunctionReturn(0);
}

PetscErrorCode MckRNGDestroy(MckRNG *rng)
{
  PetscFunctionBeginUser;
  if (!rng || !*rng) PetscFunctionReturn(0);
  PetscCall(PetscFree(*rng));
  PetscFunctionReturn(0);
}

/* Argument checks shared by MckRNGNormals and MckRNGUniforms. Counter word 0 is draw/2, so the
 * last draw must stay below 2^33. */
static PetscErrorCode CheckDrawArgs(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCheck(rng, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "null MckRNG");
  PetscCheck(n >= 0 && ndraws >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "negative count: n %" PetscInt_FMT ", ndraws %" PetscInt_FMT, n, ndraws);
  PetscCheck(stream0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "stream ids are non-negative, got stream0 %" PetscInt64_FMT, stream0);
  PetscCheck(draw0 >= 0, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "draw indices are non-negative, got draw0 %" PetscInt_FMT, draw0);
  PetscCheck(ndraws == 0 || ((PetscInt64)draw0 + ndraws - 1) / 2 <= (PetscInt64)4294967295LL, rng->comm, PETSC_ERR_ARG_OUTOFRANGE, "draw index beyond 2^33 - 1");
  PetscCheck(n == 0 || ndraws == 0 || out, rng->comm, PETSC_ERR_ARG_NULL, "null output array");
  for (PetscInt j = 0; n > 0 && j < ndraws; j++) PetscCheck(out[j], rng->comm, PETSC_ERR_ARG_NULL, "null output array for draw %" PetscInt_FMT, draw0 + j);
  PetscFunctionReturn(0);
}

/* out[j][i] for draw (draw0 + j) of stream (stream0 + i). The draws are walked by Philox counter
 * m = draw/2; a counter yields two numbers (the even and the odd draw), which are stored only
 * if requested. Streams are the inner loop, so the stores are contiguous. */
PetscErrorCode MckRNGUniforms(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  for (PetscInt64 m = draw0 / 2; 2 * m < dend; m++) {
    PetscReal *even = 2 * m >= draw0 ? out[2 * m - draw0] : NULL;
    PetscReal *odd  = 2 * m + 1 < dend ? out[2 * m + 1 - draw0] : NULL;

    MCK_SIMD_CALL(MckRNGUniformsKernel, rng->key1, (uint64_t)stream0, (int64_t)n, (uint64_t)step, (uint32_t)m, even, odd);
  }
  PetscFunctionReturn(0);
}

/* Philox counter m of the normals' domain gives normals 4m .. 4m+3 (two Box-Muller pairs); the
 * ones requested are stored; a pair is computed only when one of its two is. */
PetscErrorCode MckRNGNormals(MckRNG rng, PetscInt64 stream0, PetscInt n, PetscInt64 step, PetscInt draw0, PetscInt ndraws, PetscReal *const out[])
{
  const PetscInt64 dend = (PetscInt64)draw0 + ndraws;

  PetscFunctionBeginUser;
  PetscCall(CheckDrawArgs(rng, stream0, n, draw0, ndraws, out));
  if (n == 0 || ndraws == 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  for (PetscInt64 m = draw0 / 4; 4 * m < dend; m++) {
    double *four[4];

    for (PetscInt64 j = 0; j < 4; j++) four[j] = 4 * m + j >= draw0 && 4 * m + j < dend ? out[4 * m + j - draw0] : NULL;
    MCK_SIMD_CALL(MckRNGNormalsKernel, rng->key1, (uint64_t)stream0, (int64_t)n, (uint64_t)step, (uint32_t)m, four);
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_RngNormals, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
