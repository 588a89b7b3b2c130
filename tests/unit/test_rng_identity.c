/* A stream's numbers are a function of (seed, stream, step, draw) only, never of how a call
 * groups them: normals/uniforms for streams [s0, s0+n) and draws [d0, d0+nd) in one call equal,
 * bit for bit, those produced one stream at a time, one draw at a time, or by any sub-range.
 * This is what makes results independent of the rank count and of loop blocking: a stream's
 * arithmetic must not depend on whether it falls in a vector body or a scalar remainder. */
#include "rng_testutil.h"
#include <stdlib.h>
#include <string.h>

static const char help[] = "MckRNG vector/scalar and call-grouping identity\n";

typedef PetscErrorCode (*DrawFn)(MckRNG, PetscInt64, PetscInt, PetscInt64, PetscInt, PetscInt, PetscReal *const[]);

#define ND 5

/* Compare one call for (s0, n, step, d0..d0+ND) with per-stream, per-draw and sub-range calls. */
static PetscErrorCode CheckGrouping(MckRNG rng, DrawFn fn, const char *what, PetscInt64 s0, PetscInt n, PetscInt64 step,
                                    PetscInt d0)
{
  PetscReal *all[ND], *one[ND], v[ND], *pv[ND];
  PetscInt   bad_stream = 0, bad_draw = 0, bad_sub = 0;

  PetscFunctionBeginUser;
  for (int j = 0; j < ND; j++) {
    PetscCall(PetscMalloc1(n, &all[j]));
    PetscCall(PetscMalloc1(n, &one[j]));
    pv[j] = &v[j];
  }
  PetscCall(fn(rng, s0, n, step, d0, ND, all));
  /* one stream at a time (n = 1: always the scalar path) */
  for (PetscInt i = 0; i < n; i++) {
    PetscCall(fn(rng, s0 + i, 1, step, d0, ND, pv));
    for (int j = 0; j < ND; j++)
      if (memcmp(&v[j], &all[j][i], sizeof v[j])) bad_stream++;
  }
  /* one draw at a time, all streams: a lone odd draw must still get the sine of its pair */
  for (int j = 0; j < ND; j++) {
    PetscCall(fn(rng, s0, n, step, d0 + j, 1, &one[j]));
    if (memcmp(one[j], all[j], (size_t)n * sizeof(PetscReal))) bad_draw++;
  }
  /* odd sub-ranges at odd offsets, with a different draw window */
  for (PetscInt off = 1; off < n; off += 97) {
    const PetscInt len = PetscMin(2 * (off % 50) + 1, n - off);
    PetscReal     *sub[ND - 1];
    for (int j = 0; j < ND - 1; j++) sub[j] = one[j] + off;
    PetscCall(fn(rng, s0 + off, len, step, d0 + 1, ND - 1, sub));
    for (int j = 0; j < ND - 1; j++)
      if (memcmp(sub[j], all[j + 1] + off, (size_t)len * sizeof(PetscReal))) bad_sub++;
  }
  RngTestCheck(bad_stream == 0 && bad_draw == 0 && bad_sub == 0,
               "%s identity, streams [%" PetscInt64_FMT ", +%" PetscInt_FMT "), step %" PetscInt64_FMT
               ", draws [%" PetscInt_FMT ", +%d): mismatches per-stream %" PetscInt_FMT ", per-draw %" PetscInt_FMT
               ", sub-range %" PetscInt_FMT,
               what, s0, n, step, d0, ND, bad_stream, bad_draw, bad_sub);
  for (int j = 0; j < ND; j++) {
    PetscCall(PetscFree(all[j]));
    PetscCall(PetscFree(one[j]));
  }
  PetscFunctionReturn(0);
}

/* Different seeds, steps, draws or streams must give different numbers (no accidental aliasing
 * of key/counter words): count exact coincidences between two sets of 10^4 normals. */
static PetscErrorCode CheckDistinct(MckRNG rng)
{
  enum { n = 10000 };
  static PetscReal a[n], b[n];
  PetscReal       *pa = a, *pb = b;
  PetscInt         same_seed = 0, same_step = 0, same_hi = 0, same_draw = 0;

  PetscFunctionBeginUser;
  PetscCall(MckRNGSetSeed(rng, 1));
  PetscCall(MckRNGNormals(rng, 0, n, 5, 0, 1, &pa));
  PetscCall(MckRNGSetSeed(rng, 2));
  PetscCall(MckRNGNormals(rng, 0, n, 5, 0, 1, &pb));
  for (PetscInt i = 0; i < n; i++) same_seed += a[i] == b[i];
  PetscCall(MckRNGSetSeed(rng, 1));
  PetscCall(MckRNGNormals(rng, 0, n, 6, 0, 1, &pb));
  for (PetscInt i = 0; i < n; i++) same_step += a[i] == b[i];
  PetscCall(MckRNGNormals(rng, 4294967296LL, n, 5, 0, 1, &pb)); /* same key word 0, counter word 3 differs */
  for (PetscInt i = 0; i < n; i++) same_hi += a[i] == b[i];
  PetscCall(MckRNGNormals(rng, 0, n, 5, 2, 1, &pb));
  for (PetscInt i = 0; i < n; i++) same_draw += a[i] == b[i];
  RngTestCheck(same_seed + same_step + same_hi + same_draw == 0,
               "distinct numbers for seed 1 vs 2, step 5 vs 6, stream s vs s+2^32, draw 0 vs 2: %" PetscInt_FMT
               " %" PetscInt_FMT " %" PetscInt_FMT " %" PetscInt_FMT " coincidences in %d",
               same_seed, same_step, same_hi, same_draw, n);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckRNG rng;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 42));
  PetscCall(CheckGrouping(rng, MckRNGNormals, "normals", 12345, 1001, 7, 1));
  PetscCall(CheckGrouping(rng, MckRNGNormals, "normals", 4294967296LL - 333, 777, -1,
                          0)); /* crosses stream hi word; step -1 */
  PetscCall(CheckGrouping(rng, MckRNGNormals, "normals", 3, 63, 4294967296LL + 9, 6));
  PetscCall(CheckGrouping(rng, MckRNGUniforms, "uniforms", 12345, 1001, 7, 1));
  PetscCall(CheckGrouping(rng, MckRNGUniforms, "uniforms", 4294967296LL - 333, 777, -1, 0));
  PetscCall(CheckDistinct(rng));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return rngtest_failures ? 1 : 0;
}
