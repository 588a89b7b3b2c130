/* CBO finds the global minimum of the Rastrigin function in d = 10 from a wide initialisation.
 *
 * E(x) = 10 d + sum_k [(x_k - s)^2 - 10 cos(2 pi (x_k - s))], global minimiser x* = (s, ..., s)
 * with s = 0.5 (shifted so that the symmetric initialisation is not centred on it), and local
 * minima near every point of s + Z^10 (about 10^10 of them inside the initial box). Particles
 * start uniform in [-3, 3]^10 (as in Pinnau et al. 2017 / Carrillo et al. 2018, who use boxes
 * of this size), anisotropic noise (Carrillo, Jin, Li, Zhu 2021: the isotropic variant needs
 * sigma^2 d < 2 lambda to contract, which kills exploration in d = 10; with coordinate-wise
 * multiplicative noise each particle contracts to m almost surely for any sigma, as geometric
 * Brownian motion does, so sigma can be large). N = 1000, beta = 30, lambda = 1, sigma = 5,
 * dt = 0.01, 1000 steps (t = 10). Measured: 10 of 10 seeds, |m - x*|_inf < 0.01; with sigma = 1
 * only 1 of 10 (the swarm collapses on a neighbouring local minimum), with N = 500 7 of 10.
 * Success of a seed: the consensus point after the time budget has |m - x*|_inf < 0.25, i.e. it
 * is in the basin of the global minimum and not of a neighbouring local one (at distance 1).
 * Required: at least 8 of 10 seeds. The per-seed budget is a fixed number of steps. */
#include <mckean/mckmfnet.h>

int main(int argc, char **argv)
{
  const PetscInt  nseeds  = 10;
  PetscInt        steps   = 1000;
  const PetscReal shift   = 0.5;
  PetscInt        success = 0;
  PetscLogDouble  t0, t1;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-test_steps", &steps, NULL));
  PetscCall(PetscTime(&t0));
  for (PetscInt seed = 1; seed <= nseeds; seed++) {
    MckMFNet         net;
    const PetscReal *m;
    PetscReal        dist = 0, E;
    char             opts[512];

    PetscCall(PetscSNPrintf(
        opts, sizeof(opts),
        "-mfnet_dynamics cbo -mfnet_objective rastrigin -mfnet_objective_shift %g -mfnet_dim 10 -mfnet_n 1000 -mfnet_chunk_size 64 -mfnet_init uniform -mfnet_init_range 3 -mfnet_dt 0.01 -mfnet_cbo_beta 30 -mfnet_cbo_lambda 1 -mfnet_cbo_sigma 5 -mfnet_cbo_anisotropic -mfnet_seed %" PetscInt_FMT,
        (double)shift, seed));
    PetscCall(PetscOptionsInsertString(NULL, opts));
    if (argc > 1) PetscCall(PetscOptionsInsertString(NULL, argv[1])); /* overrides, for studies */
    PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
    PetscCall(MckMFNetSetFromOptions(net));
    PetscCall(MckMFNetSetUp(net));
    for (PetscInt s = 0; s < steps; s++) PetscCall(MckMFNetStep(net));
    PetscCall(MckMFNetGetConsensus(net, &m));
    PetscCall(MckMFNetGetLoss(net, &E));
    for (PetscInt k = 0; k < 10; k++) dist = PetscMax(dist, PetscAbsReal(m[k] - shift));
    success += dist < 0.25;
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "seed %2" PetscInt_FMT ": |m - x*|_inf = %.3e, E(m) = %.3e %s\n", seed,
                          (double)dist, (double)E, dist < 0.25 ? "found" : "missed"));
    PetscCall(MckMFNetDestroy(&net));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "CBO on Rastrigin d = 10: %" PetscInt_FMT " of %" PetscInt_FMT
                        " seeds found the global minimum (%.1f s)\n",
                        success, nseeds, (double)(t1 - t0)));
  PetscCheck(success >= 8, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "CBO found the global minimum in only %" PetscInt_FMT " of %" PetscInt_FMT " seeds (required: 8)", success,
             nseeds);
  PetscCall(McKeanFinalize());
  return 0;
}
