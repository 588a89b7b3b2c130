/* Mini-batches for mfld/umfld (-mfnet_minibatch m). At set-up every rank draws the same
 * permutation of the P samples (sort of uniforms from stream = sample id at step
 * MCK_MFNET_STEP_PERM, a counter no other draw uses); the forward passes of step s use the m
 * samples at positions s m, s m + 1, ..., s m + m - 1 (mod P) of that permutation, so each epoch
 * of P/m steps sees every sample once and the batch depends on the step only (not on the rank
 * count). The batch is copied into Xb/yb (no allocation in a step). With m = 0 (default) every
 * forward pass uses all P samples. */
#include "learn/mfnetimpl.h"

PetscErrorCode MckMFNetSetUpBatches(MckMFNet net)
{
  PetscReal *key;

  PetscFunctionBeginUser;
  net->Xcur = net->Xa;
  net->ycur = net->y;
  if (!net->mb || !net->ops->network) PetscFunctionReturn(0);
  PetscCall(PetscMalloc3(net->P, &net->perm, (size_t)net->mb * (net->d + 1), &net->Xb, net->mb, &net->yb));
  PetscCall(PetscMalloc1(net->P, &key));
  PetscCall(MckRNGUniforms(net->data_rng, 0, net->P, MCK_MFNET_STEP_PERM, 0, 1, &key));
  for (PetscInt mu = 0; mu < net->P; mu++) net->perm[mu] = mu;
  PetscCall(PetscSortRealWithArrayInt(net->P, key, net->perm));
  PetscCall(PetscFree(key));
  net->Xcur = net->Xb;
  net->ycur = net->yb;
  PetscFunctionReturn(0);
}

/* The batch of the current step into Xb/yb. */
PetscErrorCode MckMFNetSelectBatch(MckMFNet net)
{
  const PetscInt d1 = net->d + 1;
  PetscInt       start;

  PetscFunctionBeginUser;
  if (!net->mb) PetscFunctionReturn(0);
  start = (PetscInt)(((net->step % net->P) * net->mb) % net->P);
  for (PetscInt j = 0; j < net->mb; j++) {
    const PetscInt mu = net->perm[(start + j) % net->P];
    PetscCall(PetscArraycpy(net->Xb + (size_t)j * d1, net->Xa + (size_t)mu * d1, d1));
    net->yb[j] = net->y[mu];
  }
  PetscFunctionReturn(0);
}
