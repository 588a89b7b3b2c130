/* The network loss as a CBO objective: each CBO particle is one neuron theta = (w, b, a)
 * (D = d + 2), scored by the loss of the width-one network f(x) = alpha a sigma(w.x + b) on the
 * data set, plus the L2 penalty:
 *   E(theta) = (1/2P) sum_mu (alpha a sigma(w.x_mu + b) - y_mu)^2 + (lambda/2) |theta|^2.
 * For a teacher g = sigma, E vanishes (lambda = 0) at w = u, b = 0, a = 1/alpha, a known global
 * minimiser. The pre-activations of the n particles are one DGEMM, as in the forward pass. */
#include "learn/mfnetimpl.h"
#include <cblas.h>

static PetscErrorCode Dim_Network(MckMFNet net, PetscInt *D)
{
  PetscFunctionBeginUser;
  *D = net->d + 2;
  PetscFunctionReturn(0);
}

/* n <= B rows at a time (CBO evaluates chunk by chunk), so the chunk work array Z fits. */
static PetscErrorCode Eval_Network(MckMFNet net, PetscInt n, const PetscReal x[], PetscReal E[])
{
  const PetscInt P = net->P, d = net->d, D = d + 2;
  PetscReal     *S = net->Z;

  PetscFunctionBeginUser;
  PetscCheck(n <= net->B, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "network objective: %" PetscInt_FMT " rows exceed the chunk size %" PetscInt_FMT, n, net->B);
  if (!n) PetscFunctionReturn(0);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, P, d + 1, 1.0, x, D, net->Xa, d + 1, 0.0, S, P);
  net->act(n * P, S, S, NULL);
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal aa = net->alpha * x[i * D + d + 1];
    PetscReal       r2 = 0, t2 = 0;
    for (PetscInt mu = 0; mu < P; mu++) {
      const PetscReal r = aa * S[i * P + mu] - net->y[mu];
      r2 += r * r;
    }
    for (PetscInt k = 0; k < D; k++) t2 += x[i * D + k] * x[i * D + k];
    E[i] = r2 / (2.0 * P) + 0.5 * net->lambda * t2;
  }
  PetscFunctionReturn(0);
}

/* scores its points on the data: the data and network options are read */
PetscErrorCode MckMFNetObjectiveCreate_Network(MckMFNetObjective *obj)
{
  PetscFunctionBeginUser;
  obj->dim     = Dim_Network;
  obj->eval    = Eval_Network;
  obj->network = PETSC_TRUE;
  PetscFunctionReturn(0);
}
