/* Teacher-student data: x_mu ~ N(0, I_d / d) and a multi-index teacher with k orthonormal
 * directions (-mfnet_teacher_directions k <= d), each scaled to |u_j| = sqrt(d) so that the
 * z_j = u_j . x are independent N(0, 1):
 *   sum      y = k^{-1/2} sum_j g(z_j)       (k = 1: the single-index teacher y = g(u . x))
 *   product  y = prod_j g(z_j)               (e.g. g = linear: the parity-like z_1 z_2 ... z_k;
 *                                             g = he2: a degree-2k Hermite target)
 * With Hermite links the targets are orthogonal polynomials of known norm (E[He_k^2] = k!), the
 * setting of the lazy-to-rich (grokking) studies. Every rank draws the whole (small) data set
 * itself from counters no dynamics step uses: training samples at step MCK_MFNET_STEP_DATA,
 * held-out test samples (-mfnet_test_size) at MCK_MFNET_STEP_TEST, both with stream = sample id
 * and draw = coordinate; direction j is stream j at MCK_MFNET_STEP_TEACHER, orthonormalised
 * (Gram-Schmidt, in the order j = 0, 1, ...). So the data are identical on every rank and for
 * every rank count, independent of the neurons, and the test set does not depend on P. */
#include "learn/mfnetimpl.h"

const char *const MckMFNetCombineNames[] = {"sum", "product"};

static PetscErrorCode TeacherDirections(MckMFNet net)
{
  const PetscInt d = net->d, k = net->kdir;
  PetscReal     *v, **cols;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2((size_t)d * k, &v, d, &cols));
  for (PetscInt c = 0; c < d; c++) cols[c] = v + (size_t)c * k; /* cols[c][j]: coordinate c of direction j */
  PetscCall(MckRNGNormals(net->data_rng, 0, k, MCK_MFNET_STEP_TEACHER, 0, d, cols));
  for (PetscInt j = 0; j < k; j++) {
    PetscReal *u = net->u + (size_t)j * d, norm = 0;
    for (PetscInt c = 0; c < d; c++) u[c] = cols[c][j];
    for (PetscInt i = 0; i < j; i++) { /* modified Gram-Schmidt against the earlier directions */
      const PetscReal *ui  = net->u + (size_t)i * d;
      PetscReal        dot = 0;
      for (PetscInt c = 0; c < d; c++) dot += ui[c] * u[c];
      for (PetscInt c = 0; c < d; c++) u[c] -= dot / (PetscReal)d * ui[c]; /* |u_i|^2 = d */
    }
    for (PetscInt c = 0; c < d; c++) norm += u[c] * u[c];
    for (PetscInt c = 0; c < d; c++) u[c] *= PetscSqrtReal((PetscReal)d / norm);
  }
  PetscCall(PetscFree2(v, cols));
  PetscFunctionReturn(0);
}

/* n samples at RNG step `step` into Xa (rows [x 1]) and their labels y. */
static PetscErrorCode DrawSamples(MckMFNet net, PetscInt64 step, PetscInt n, PetscReal Xa[], PetscReal y[])
{
  const PetscInt  d = net->d, k = net->kdir;
  const PetscReal scale = 1.0 / PetscSqrtReal((PetscReal)d);
  PetscReal     **cols, *buf, *z, *g;

  PetscFunctionBeginUser;
  if (!n) PetscFunctionReturn(0);
  PetscCall(PetscMalloc4(d, &cols, (size_t)n * d, &buf, (size_t)n * k, &z, (size_t)n * k, &g));
  for (PetscInt c = 0; c < d; c++) cols[c] = buf + (size_t)c * n;
  PetscCall(MckRNGNormals(net->data_rng, 0, n, step, 0, d, cols));
  for (PetscInt mu = 0; mu < n; mu++) {
    for (PetscInt c = 0; c < d; c++) Xa[mu * (d + 1) + c] = cols[c][mu] * scale;
    Xa[mu * (d + 1) + d] = 1.0; /* the bias column: one GEMM gives w.x + b */
    for (PetscInt j = 0; j < k; j++) {
      const PetscReal *u   = net->u + (size_t)j * d;
      PetscReal        dot = 0;
      for (PetscInt c = 0; c < d; c++) dot += u[c] * Xa[mu * (d + 1) + c];
      z[mu * k + j] = dot;
    }
  }
  net->link(n * k, z, g, NULL);
  for (PetscInt mu = 0; mu < n; mu++) {
    PetscReal v = net->combine == MFNET_COMBINE_SUM ? 0.0 : 1.0;
    for (PetscInt j = 0; j < k; j++) v = net->combine == MFNET_COMBINE_SUM ? v + g[mu * k + j] : v * g[mu * k + j];
    y[mu] = net->combine == MFNET_COMBINE_SUM && k > 1 ? v / PetscSqrtReal((PetscReal)k) : v;
  }
  PetscCall(PetscFree4(cols, buf, z, g));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGenerateTeacherData(MckMFNet net)
{
  PetscFunctionBeginUser;
  PetscCall(TeacherDirections(net));
  PetscCall(DrawSamples(net, MCK_MFNET_STEP_DATA, net->P, net->Xa, net->y));
  PetscCall(DrawSamples(net, MCK_MFNET_STEP_TEST, net->Pt, net->Xt, net->yt));
  PetscFunctionReturn(0);
}
