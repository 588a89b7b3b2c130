/* Teacher-student data: x_mu ~ N(0, I_d / d), y_mu = g(u . x_mu) with |u| = sqrt(d), so that
 * u . x ~ N(0, 1) and the Hermite targets are normalised (E[He_k(z)^2] = k!). Every rank draws
 * the whole (small) data set itself, from counters no dynamics step uses: samples at step
 * MCK_MFNET_STEP_DATA with stream = sample id and draw = coordinate, the teacher direction at
 * step MCK_MFNET_STEP_TEACHER, stream 0. So the data are identical on every rank and for every
 * rank count, and independent of the neurons' initial values and noise. */
#include "learn/mfnetimpl.h"

PetscErrorCode MckMFNetGenerateData(MckMFNet net)
{
  const PetscInt P = net->P, d = net->d;
  PetscReal    **cols, *buf, *z, norm = 0, scale;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3(d, &cols, (size_t)P * d, &buf, P, &z));
  for (PetscInt k = 0; k < d; k++) cols[k] = buf + (size_t)k * P;
  PetscCall(MckRNGNormals(net->data_rng, 0, 1, MCK_MFNET_STEP_TEACHER, 0, d, cols)); /* cols[k][0] = v_k */
  for (PetscInt k = 0; k < d; k++) norm += cols[k][0] * cols[k][0];
  scale = PetscSqrtReal((PetscReal)d / norm);
  for (PetscInt k = 0; k < d; k++) net->u[k] = cols[k][0] * scale;
  PetscCall(MckRNGNormals(net->data_rng, 0, P, MCK_MFNET_STEP_DATA, 0, d, cols));
  scale = 1.0 / PetscSqrtReal((PetscReal)d);
  for (PetscInt mu = 0; mu < P; mu++) {
    PetscReal dot = 0;
    for (PetscInt k = 0; k < d; k++) {
      const PetscReal x = cols[k][mu] * scale;
      net->X[mu * d + k]        = x;
      net->Xa[mu * (d + 1) + k] = x;
      dot += net->u[k] * x;
    }
    net->Xa[mu * (d + 1) + d] = 1.0; /* the bias column: one GEMM gives w.x + b */
    z[mu]                     = dot;
  }
  net->link(P, z, net->y, NULL);
  PetscCall(PetscFree3(cols, buf, z));
  PetscFunctionReturn(0);
}
