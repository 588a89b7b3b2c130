/* Initial particles: every coordinate N(0, s^2) (-mfnet_init gaussian) or uniform in [-L, L]
 * (-mfnet_init uniform), drawn at step MCK_RNG_STEP_INIT with stream = the particle's global id
 * and draw = coordinate, so the initial state does not depend on the rank count. */
#include "learn/mfnetimpl.h"
#include <mckean/mckparticles.h> /* MCK_RNG_STEP_INIT: the same counter every layer uses for initial states */

PetscErrorCode MckMFNetInitializeParticles(MckMFNet net)
{
  const PetscInt64 step_init = MCK_RNG_STEP_INIT;
  const PetscInt   D         = net->D;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt off, n;
    MckMFNetChunk(net, c, &off, &n);
    if (net->init == MFNET_INIT_GAUSSIAN)
      PetscCall(MckRNGNormals(net->rng, net->gstart + off, n, step_init, 0, D, net->noiseptr));
    else PetscCall(MckRNGUniforms(net->rng, net->gstart + off, n, step_init, 0, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = 0; k < D; k++) {
        const PetscReal v = net->noiseptr[k][i];
        net->theta[(off + i) * D + k] =
            net->init == MFNET_INIT_GAUSSIAN ? net->init_std * v : net->init_range * (2 * v - 1);
      }
  }
  PetscFunctionReturn(0);
}
