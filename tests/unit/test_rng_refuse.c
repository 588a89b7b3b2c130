/* The MckRNG fill functions refuse an argument outside the ranges mckrng.h gives -- a negative
 * stream count, draw count, first stream or first draw, a stream or draw number past its
 * counter word, a packed dim below 1 or a set outside [0, 2^31) -- with PETSC_ERR_ARG_OUTOFRANGE
 * and a message that names the argument and its value, and without writing to the output.
 * Negative steps are allowed (the step word is taken modulo 2^64; the reserved steps of
 * mckrng.h are negative), so a negative step is a positive control here. */
#include "rng_testutil.h"
#include <string.h>

static const char help[] = "MckRNG fill functions: out-of-range arguments are refused\n";

typedef enum { FILL_NORMALS, FILL_UNIFORMS, FILL_PACKED } Fill;

static const char *const fill_names[] = {"MckRNGNormals", "MckRNGUniforms", "MckRNGNormalsPacked"};

typedef struct {
  Fill        fill;
  PetscInt64  stream0, step;
  PetscInt    n, a, b; /* a, b: draw0, ndraws (normals, uniforms) or set, dim (packed) */
  const char *expect;  /* text the message must contain; NULL: the call must succeed */
} Case;

/* The call of one case under PetscReturnErrorHandler: its error code and PETSc's message. */
static PetscErrorCode Try(MckRNG rng, const Case *c, PetscReal *const out[], PetscErrorCode *code, char msg[],
                          size_t len)
{
  const char *text;
  char       *specific = NULL;

  PetscFunctionBeginUser;
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  if (c->fill == FILL_NORMALS) *code = MckRNGNormals(rng, c->stream0, c->n, c->step, c->a, c->b, out);
  else if (c->fill == FILL_UNIFORMS) *code = MckRNGUniforms(rng, c->stream0, c->n, c->step, c->a, c->b, out);
  else *code = MckRNGNormalsPacked(rng, c->stream0, c->n, c->step, c->a, c->b, out);
  PetscCall(PetscPopErrorHandler());
  msg[0] = 0;
  if (*code) PetscCall(PetscErrorMessage(*code, &text, &specific));
  if (specific) PetscCall(PetscStrncpy(msg, specific, len));
  PetscFunctionReturn(0);
}

#define BIG (INT64_MAX - 2) /* the last stream ids below 2^63 */

static const Case cases[] = {
    {FILL_NORMALS, 0, 0, -1, 0, 1, "n -1"},
    {FILL_NORMALS, 0, 0, 4, 0, -3, "ndraws -3"},
    {FILL_NORMALS, -5, 0, 4, 0, 1, "stream0 -5"},
    {FILL_NORMALS, 0, 0, 4, -2, 1, "draw0 -2"},
    {FILL_NORMALS, BIG, 0, 4, 0, 1, "stream0 9223372036854775805 + n 4"},
    {FILL_UNIFORMS, 0, 0, -7, 0, 1, "n -7"},
    {FILL_UNIFORMS, 0, 0, 4, 0, -1, "ndraws -1"},
    {FILL_UNIFORMS, -1, 0, 4, 0, 1, "stream0 -1"},
    {FILL_UNIFORMS, 0, 0, 4, -9, 1, "draw0 -9"},
    {FILL_UNIFORMS, BIG, 0, 4, 0, 1, "stream0 9223372036854775805 + n 4"},
    {FILL_PACKED, 0, 0, -2, 0, 3, "n -2"},
    {FILL_PACKED, 0, 0, 4, 0, 0, "dim 0"},
    {FILL_PACKED, -3, 0, 4, 0, 3, "stream0 -3"},
    {FILL_PACKED, 0, 0, 4, -1, 3, "set -1"},
    {FILL_PACKED, BIG, 0, 4, 0, 3, "dim 3 times (stream0 9223372036854775805"},
    /* positive controls: negative (reserved) steps, the last stream ids below 2^63, n = 0 */
    {FILL_NORMALS, 0, -1, 4, 0, 1, NULL},
    {FILL_UNIFORMS, 0, -5, 4, 0, 1, NULL},
    {FILL_PACKED, 0, -1, 4, 0, 1, NULL},
    {FILL_NORMALS, BIG, 7, 2, 0, 1, NULL},
    {FILL_UNIFORMS, BIG, 7, 3, 0, 1, NULL}, /* the last id, 2^63 - 1 */
    {FILL_NORMALS, 0, 0, 0, 0, 0, NULL},
};

int main(int argc, char **argv)
{
  const PetscReal sentinel = -1234.5;
  PetscReal       buf[3][4], *out[3] = {buf[0], buf[1], buf[2]};
  MckRNG          rng;
  PetscErrorCode  code = 0;
  char            msg[1024];

  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 42));
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const Case *c       = &cases[i];
    int         written = 0;

    for (int d = 0; d < 3; d++)
      for (int k = 0; k < 4; k++) buf[d][k] = sentinel;
    PetscCall(Try(rng, c, out, &code, msg, sizeof(msg)));
    for (int d = 0; d < 3; d++)
      for (int k = 0; k < 4; k++) written += buf[d][k] != sentinel;
    if (c->expect)
      RngTestCheck(code == PETSC_ERR_ARG_OUTOFRANGE && strstr(msg, c->expect) && !written,
                   "%s(stream0 %lld, n %lld, step %lld, %lld, %lld) refused: error %d (%d expected), \"%s\" names "
                   "\"%s\", %d outputs written",
                   fill_names[c->fill], (long long)c->stream0, (long long)c->n, (long long)c->step, (long long)c->a,
                   (long long)c->b, (int)code, (int)PETSC_ERR_ARG_OUTOFRANGE, msg, c->expect, written);
    else
      RngTestCheck(code == 0, "%s(stream0 %lld, n %lld, step %lld, %lld, %lld) accepted (error %d)",
                   fill_names[c->fill], (long long)c->stream0, (long long)c->n, (long long)c->step, (long long)c->a,
                   (long long)c->b, (int)code);
  }
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(McKeanFinalize());
  return rngtest_failures != 0;
}
