/* MckMFNet gradients against central finite differences of the loss.
 *
 * The drift of neuron i is G(theta_i) = N grad_{theta_i} L_N (mckmfnet.h), so
 *   (L_N(theta_ik + h) - L_N(theta_ik - h)) / (2h) must equal G_ik / N.
 * Step h = 1e-5: the truncation error is h^2/6 |d^3 L_N| ~ 1e-11 G/N and the rounding error
 * ~ 1e-16 L_N / h ~ 1e-11, both far below the tolerance. Error measure, per component:
 *   |FD - G/N| / max(|G/N|, 1e-3 max_k |G_k/N|) < 1e-6
 * (the floor keeps a component that happens to be ~0 from dividing by ~0). Every component
 * (w_1..w_d, b, a) of three neurons, for tanh, erf and identity, and tanh on a mini-batch of 12
 * of the 30 samples (the loss is then the batch loss), with lambda > 0; relu is left
 * out because its kink makes finite differences ill-defined at z = 0. */
#include <mckean/mckmfnet.h>

static PetscErrorCode CheckActivation(const char act[], const char minibatch[], PetscReal *worst)
{
  MckMFNet         net;
  PetscInt64       N, gstart, ids[3] = {0, 17, 38};
  PetscInt         D, nlocal;
  PetscReal       *theta, *G, gmax = 0, Lp, Lm;
  const PetscReal *grad;
  const PetscReal  h = 1e-5;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-mfnet_activation", act));
  PetscCall(PetscOptionsSetValue(NULL, "-mfnet_minibatch", minibatch));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetSetUp(net));
  PetscCall(MckMFNetEvaluate(net, PETSC_TRUE));
  PetscCall(MckMFNetGetParticles(net, &N, &D, &nlocal, &gstart, &theta));
  PetscCall(MckMFNetGetGradient(net, &grad));
  PetscCall(PetscMalloc1(nlocal * D + 1, &G));
  PetscCall(PetscArraycpy(G, grad, nlocal * D));
  for (PetscInt k = 0; k < nlocal * D; k++) gmax = PetscMax(gmax, PetscAbsReal(G[k] / (PetscReal)N));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &gmax, 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
  for (PetscInt q = 0; q < 3; q++) {
    const PetscInt64 id   = ids[q];
    const PetscBool  mine = (PetscBool)(id >= gstart && id < gstart + nlocal);
    const PetscInt   li   = (PetscInt)(id - gstart);
    for (PetscInt k = 0; k < D; k++) {
      PetscReal save = 0, err = 0;
      if (mine) save = theta[li * D + k];
      if (mine) theta[li * D + k] = save + h;
      PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
      PetscCall(MckMFNetGetLoss(net, &Lp));
      if (mine) theta[li * D + k] = save - h;
      PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
      PetscCall(MckMFNetGetLoss(net, &Lm));
      if (mine) {
        const PetscReal fd = (Lp - Lm) / (2 * h), an = G[li * D + k] / (PetscReal)N;
        theta[li * D + k] = save;
        err               = PetscAbsReal(fd - an) / PetscMax(PetscAbsReal(an), 1e-3 * gmax);
      }
      PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &err, 1, MPIU_REAL, MPI_MAX, PETSC_COMM_WORLD));
      *worst = PetscMax(*worst, err);
    }
  }
  PetscCall(PetscFree(G));
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *acts[] = {"tanh", "erf_sqrt2", "identity", "tanh"}, *mbs[] = {"0", "0", "0", "12"};

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-mfnet_n 40 -mfnet_dim 5 -mfnet_batch 30 -mfnet_chunk_size 8 -mfnet_alpha 2 -mfnet_lambda 0.1 -mfnet_teacher he2 -mfnet_seed 3"));
  for (int a = 0; a < 4; a++) {
    PetscReal worst = 0;
    PetscCall(CheckActivation(acts[a], mbs[a], &worst));
    PetscCall(
        PetscPrintf(PETSC_COMM_WORLD,
                    "%-8s minibatch %-2s: max relative error of the gradient vs central differences (h = 1e-5): %.3e\n",
                    acts[a], mbs[a], (double)worst));
    PetscCheck(worst < 1e-6, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "gradient of %s disagrees with finite differences: %g",
               acts[a], (double)worst);
  }
  PetscCall(McKeanFinalize());
  return 0;
}
