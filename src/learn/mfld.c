/* Mean-field Langevin dynamics (Mei-Montanari-Nguyen 2018; Chizat 2022; Nitanda-Wu-Suzuki
 * 2022), Euler-Maruyama in the mean-field time scale:
 *
 *   theta_i <- theta_i - dt G(theta_i) + sqrt(2 tau dt) xi_i,    G = N grad_{theta_i} L_N
 *
 * G is the gradient of the first variation of F(rho) = R(rho) + (lambda/2) int |theta|^2 drho,
 * so the limit N -> infinity at fixed dt is well defined (the particle law follows the PDE
 * d_t rho = div(rho grad dF/drho) + tau Laplacian rho). tau = 0 is full-batch gradient descent.
 * With -mfnet_train_features 0 only the output weights a move (w, b keep their initial values,
 * and receive no noise). xi_i: draws 0..D-1 of stream i (global id) at step s. */
#include "learn/mfnetimpl.h"

static PetscErrorCode Step_MFLD(MckMFNet net)
{
  const PetscInt  D = net->D, k0 = net->train_features ? 0 : D - 1;
  const PetscReal dt = net->dt, amp = PetscSqrtReal(2.0 * net->tau * net->dt);

  PetscFunctionBeginUser;
  PetscCall(MckMFNetEvaluate(net, PETSC_TRUE));
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt   off, n;
    PetscReal *th, *g;
    MckMFNetChunk(net, c, &off, &n);
    th = net->theta + (size_t)off * D;
    g  = net->grad + (size_t)off * D;
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) th[i * D + k] -= dt * g[i * D + k];
    if (net->tau == 0) continue;
    PetscCall(MckRNGNormals(net->rng, net->gstart + off, n, net->step, 0, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) th[i * D + k] += amp * net->noiseptr[k][i];
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_MFLD(MckMFNet net, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "mfld: theta <- theta - dt N grad_theta L_N + sqrt(2 tau dt) xi; one collective of %" PetscInt_FMT
      " statistics per step\n",
      net->Pb + 1));
  PetscFunctionReturn(0);
}

/* The network's options (temperature, mini-batches, ...) are the base object's: none of its own. */
PetscErrorCode MckMFNetCreate_MFLD(MckMFNet net)
{
  PetscFunctionBeginUser;
  net->ops->step        = Step_MFLD;
  net->ops->view        = View_MFLD;
  net->ops->network     = PETSC_TRUE;
  net->ops->minibatches = PETSC_TRUE;
  PetscFunctionReturn(0);
}
