/* Federated-averaging Langevin dynamics (src/learn/fedavg.c).
 * 1. One local step per round reduces to mfld: with tau = 0 the averaged drift sum_c p_c G^c is
 *    the full-data drift G, so fedavg (K = 4 clients, E = 1) and mfld follow the same trajectory
 *    up to rounding: after 30 steps every parameter agrees within 1e-10 and every step's loss
 *    within 1e-12 relative (rounding is ~1e-16 per operation; a wrong shard weight p_c, a missing
 *    sample or a wrong normalisation changes the result at order 1e-2).
 * 2. With E = 5 local steps and tau > 0 the global model still learns: the loss of the global
 *    model after 200 steps is below 5% of its initial value (measured 2.1%).
 * 3. The noise: with tau > 0 and E = 1, one step from the same state moves each parameter by
 *    -dt G + noise whose variance must be 2 tau dt (the FA-LD scaling sqrt(2 tau dt / p_c) per
 *    client); estimated over N D increments minus the drift of mfld at tau = 0, the sample
 *    variance is within 5 standard errors (sd of a variance estimate: var sqrt(2 / n)). */
#include "mfnet_testutil.h"

#define COMMON \
  "-mfnet_n 96 -mfnet_chunk_size 16 -mfnet_dim 6 -mfnet_batch 60 -mfnet_alpha 2 -mfnet_activation tanh -mfnet_teacher tanh -mfnet_dt 0.5 -mfnet_seed 3 -mfnet_lambda 0.001 "

static PetscErrorCode ReducesToMFLD(PetscInt *bad)
{
  MckMFNet   a, b;
  PetscReal *ta, *tb, dmax = 0, lmax = 0, La, Lb;
  PetscInt   D, nlocal;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(COMMON "-mfnet_dynamics mfld", &a));
  PetscCall(MfnetTestMake(COMMON "-mfnet_dynamics fedavg -mfnet_fedavg_clients 4 -mfnet_fedavg_local_steps 1", &b));
  for (PetscInt s = 0; s < 30; s++) {
    PetscCall(MckMFNetStep(a));
    PetscCall(MckMFNetStep(b));
    PetscCall(MckMFNetGetLoss(a, &La));
    PetscCall(MckMFNetGetLoss(b, &Lb));
    lmax = PetscMax(lmax, PetscAbsReal(La - Lb) / La);
  }
  PetscCall(MckMFNetGetParticles(a, NULL, &D, &nlocal, NULL, &ta));
  PetscCall(MckMFNetGetParticles(b, NULL, NULL, NULL, NULL, &tb));
  for (PetscInt k = 0; k < nlocal * D; k++) dmax = PetscMax(dmax, PetscAbsReal(ta[k] - tb[k]));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &dmax, 1, MPIU_REAL, MPIU_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "E = 1, tau = 0: fedavg vs mfld: max |theta diff| %.3e, max relative loss diff %.3e (final loss %.4e)\n",
      (double)dmax, (double)lmax, (double)La));
  *bad += !(dmax < 1e-10 && lmax < 1e-12);
  PetscCall(MckMFNetDestroy(&a));
  PetscCall(MckMFNetDestroy(&b));
  PetscFunctionReturn(0);
}

static PetscErrorCode Learns(PetscInt *bad)
{
  MckMFNet  net;
  PetscReal L0, L;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(
      COMMON "-mfnet_dynamics fedavg -mfnet_fedavg_clients 3 -mfnet_fedavg_local_steps 5 -mfnet_temperature 1e-6",
      &net));
  PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
  PetscCall(MckMFNetGetLoss(net, &L0));
  for (PetscInt s = 0; s < 200; s++) PetscCall(MckMFNetStep(net));
  PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
  PetscCall(MckMFNetGetLoss(net, &L));
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD, "E = 5, K = 3: loss of the global model %.4e -> %.4e\n", (double)L0, (double)L));
  *bad += !(L < 0.05 * L0);
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

static PetscErrorCode NoiseVariance(PetscInt *bad)
{
  const PetscReal tau = 0.01, dt = 0.5;
  MckMFNet        a, b;
  PetscReal      *ta, *tb, sum[2] = {0, 0}, var, se;
  PetscInt        D, nlocal;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(COMMON "-mfnet_dynamics mfld", &a));
  PetscCall(MfnetTestMake(
      COMMON "-mfnet_dynamics fedavg -mfnet_fedavg_clients 5 -mfnet_fedavg_local_steps 1 -mfnet_temperature 0.01", &b));
  PetscCall(MckMFNetStep(a));
  PetscCall(MckMFNetStep(b));
  PetscCall(MckMFNetGetParticles(a, NULL, &D, &nlocal, NULL, &ta));
  PetscCall(MckMFNetGetParticles(b, NULL, NULL, NULL, NULL, &tb));
  for (PetscInt k = 0; k < nlocal * D; k++) {
    sum[0] += tb[k] - ta[k];
    sum[1] += (tb[k] - ta[k]) * (tb[k] - ta[k]);
  }
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, sum, 2, MPIU_REAL, MPI_SUM, PETSC_COMM_WORLD)); /* a test statistic only */
  var = sum[1] / (96.0 * D);
  se  = 2 * tau * dt * PetscSqrtReal(2.0 / (96.0 * D));
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD,
                  "E = 1, K = 5: variance of the averaged noise %.5f, expected 2 tau dt = %.5f (se %.5f); mean %.2e\n",
                  (double)var, (double)(2 * tau * dt), (double)se, (double)(sum[0] / (96.0 * D))));
  *bad += !(PetscAbsReal(var - 2 * tau * dt) < 5 * se);
  PetscCall(MckMFNetDestroy(&a));
  PetscCall(MckMFNetDestroy(&b));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const MfnetTestCheck checks[] = {ReducesToMFLD, Learns, NoiseVariance};

  return MfnetTestMain(argc, argv, "fedavg", 3, checks);
}
