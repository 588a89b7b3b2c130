/* Propagation of chaos: on one fixed data set, the loss after training from independent random
 * initial neurons fluctuates across seeds like N^{-1/2} (the empirical measure of N i.i.d.
 * particles is within O(N^{-1/2}) of its limit, and the mean-field dynamics preserve this).
 *
 * tanh student and teacher, d = 5, P = 100 (data seed fixed), alpha = 1, mean-field gradient
 * flow (tau = 0) with dt = 1 for 40 steps; 16 seeds for each N in {64, 256, 1024}. The slope of
 * log std(L_N) against log N must be -1/2 within 4 standard errors: the log of a sample standard
 * deviation from n = 16 values has standard error ~ 1/sqrt(2 (n - 1)) = 0.18 (normal values), so
 * the least-squares slope over the three sizes (sum of squared centred log N = 2 (ln 4)^2) has
 * standard error 0.18 / (sqrt(2) ln 4) = 0.093, and the tolerance is 4 x 0.093 = 0.37. */
#include <mckean/mckmfnet.h>

#define NSEEDS 16

int main(int argc, char **argv)
{
  const PetscInt sizes[3] = {64, 256, 1024};
  PetscReal      logstd[3], logN[3], slope, xm = 0, ym = 0, sxy = 0, sxx = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  for (int q = 0; q < 3; q++) {
    PetscReal L[NSEEDS], mean = 0, var = 0;
    for (int s = 0; s < NSEEDS; s++) {
      MckMFNet net;
      char     opts[512];
      PetscCall(PetscSNPrintf(
          opts, sizeof(opts),
          "-mfnet_n %" PetscInt_FMT
          " -mfnet_chunk_size 32 -mfnet_dim 5 -mfnet_batch 100 -mfnet_alpha 1 -mfnet_activation tanh -mfnet_teacher tanh -mfnet_dynamics mfld -mfnet_dt 1 -mfnet_steps 40 -mfnet_data_seed 100 -mfnet_seed %d",
          sizes[q], 1000 + s));
      PetscCall(PetscOptionsInsertString(NULL, opts));
      PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
      PetscCall(MckMFNetSetFromOptions(net));
      PetscCall(MckMFNetSetUp(net));
      for (int k = 0; k < 40; k++) PetscCall(MckMFNetStep(net));
      PetscCall(MckMFNetEvaluate(net, PETSC_FALSE));
      PetscCall(MckMFNetGetLoss(net, &L[s]));
      PetscCall(MckMFNetDestroy(&net));
      mean += L[s] / NSEEDS;
    }
    for (int s = 0; s < NSEEDS; s++) var += (L[s] - mean) * (L[s] - mean) / (NSEEDS - 1);
    logstd[q] = 0.5 * PetscLogReal(var);
    logN[q]   = PetscLogReal((PetscReal)sizes[q]);
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "N = %4" PetscInt_FMT ": loss after t = 40: mean %.4e, std over %d seeds %.3e\n", sizes[q],
                          (double)mean, NSEEDS, (double)PetscSqrtReal(var)));
  }
  for (int q = 0; q < 3; q++) {
    xm += logN[q] / 3;
    ym += logstd[q] / 3;
  }
  for (int q = 0; q < 3; q++) {
    sxy += (logN[q] - xm) * (logstd[q] - ym);
    sxx += (logN[q] - xm) * (logN[q] - xm);
  }
  slope = sxy / sxx;
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD, "slope of log std(L_N) vs log N: %.3f (expected -0.5 +- 0.37)\n", (double)slope));
  PetscCheck(PetscAbsReal(slope + 0.5) < 0.37, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "spread of the loss does not scale like N^-1/2: slope %g", (double)slope);
  PetscCall(McKeanFinalize());
  return 0;
}
