/* Linear inverse model: Forward(u) equals A u computed independently (entries regenerated
 * from MckRNG with the documented formula, product summed here), to 1e-13 relative; the
 * matrix exposed by MckModelLinearGetMatrix is the same; the layout of u and g matches
 * CreateStateVec/CreateDataVec; a NaN parameter gives failed = TRUE; the analytic posterior
 * (MckModelGaussianPosterior) satisfies cov (A^T G^-1 A + I) = I and (A^T G^-1 A + I) mean =
 * A^T G^-1 y with A and G built here (1e-12). Run on 1 and 2 ranks
 * (a member spread over ranks: distributed dense A). */
#include "modeltest.h"
#include <mckean/mckrng.h>

int main(int argc, char **argv)
{
  const PetscInt   n = 7, nd = 11, seed = 42;
  const PetscReal  decay = 1.5;
  MckModel         m;
  MckRNG           rng;
  Vec              u, g, ga, gu;
  VecScatter       sc;
  PetscReal        ufull[7], *Z[7], zbuf[7 * 11], worst = 0;
  const PetscReal *gv;
  PetscBool        failed, nanfailed;
  PetscInt         fails = 0, lo, hi, N, D;
  PetscMPIInt      rank;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(PetscOptionsInsertString(
      NULL, "-model_type linear -linear_n 7 -linear_ndata 11 -linear_seed 42 -linear_decay 1.5"));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &m));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(MckModelSetUp(m));
  PetscCall(MckModelGetSizes(m, &N, &D));
  PetscCheck(N == n && D == nd, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "sizes %" PetscInt_FMT " %" PetscInt_FMT, N, D);
  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckModelCreateDataVec(m, &g));
  for (PetscInt j = 0; j < n; j++) ufull[j] = PetscCosReal(1.0 + j) - 0.3 * j;
  PetscCall(VecGetOwnershipRange(u, &lo, &hi));
  for (PetscInt j = lo; j < hi; j++) PetscCall(VecSetValue(u, j, ufull[j], INSERT_VALUES));
  PetscCall(VecAssemblyBegin(u));
  PetscCall(VecAssemblyEnd(u));
  PetscCall(MckModelForward(m, u, g, &failed));

  /* independent product: Z_ij = normal draw j of stream i, A_ij = Z_ij (j+1)^-decay / sqrt(n) */
  for (PetscInt j = 0; j < n; j++) Z[j] = zbuf + j * nd;
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, seed));
  PetscCall(MckRNGNormals(rng, 0, nd, 0, 0, n, Z));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(VecScatterCreateToAll(g, &sc, &ga));
  PetscCall(VecScatterBegin(sc, g, ga, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, g, ga, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(ga, &gv));
  for (PetscInt i = 0; i < nd; i++) {
    PetscReal s = 0, scale = 0;
    for (PetscInt j = 0; j < n; j++) {
      const PetscReal a = Z[j][i] * PetscPowReal(j + 1.0, -decay) / PetscSqrtReal((PetscReal)n);
      s += a * ufull[j];
      scale += PetscAbsReal(a * ufull[j]);
    }
    worst = PetscMax(worst, PetscAbsReal(gv[i] - s) / scale);
  }
  PetscCall(VecRestoreArrayRead(ga, &gv));
  PetscCall(ModelTestCheck(!(failed || worst > 1e-13), &fails,
                           "Forward = A u: worst relative difference %.2e, failed %d\n", (double)worst, (int)failed));

  { /* the exposed matrix gives the same product */
    Mat       A;
    PetscReal d;
    PetscCall(MckModelLinearGetMatrix(m, &A));
    PetscCall(VecDuplicate(g, &gu));
    PetscCall(MatMult(A, u, gu));
    PetscCall(VecAXPY(gu, -1.0, g));
    PetscCall(VecNorm(gu, NORM_INFINITY, &d));
    PetscCall(ModelTestCheck(d == 0, &fails, "MckModelLinearGetMatrix gives the same product (difference %.1e)\n",
                             (double)d));
    PetscCall(VecDestroy(&gu));
  }

  { /* analytic posterior against normal equations formed here */
    PetscReal gam[11], y[11], mean[7], cov[49], H[49], b[7] = {0}, err = 0;
    PetscBool bad, exists;
    for (PetscInt i = 0; i < nd; i++) {
      gam[i] = 0.01 * (1 + i % 3);
      y[i]   = PetscSinReal(0.7 * i);
    }
    PetscCall(MckModelGaussianPosterior(m, gam, y, mean, cov, &exists));
    PetscCheck(exists, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the linear model has no Gaussian posterior");
    for (PetscInt j = 0; j < n; j++)
      for (PetscInt k = 0; k < n; k++) {
        H[j * n + k] = j == k ? 1.0 : 0.0;
        for (PetscInt i = 0; i < nd; i++)
          H[j * n + k] +=
              Z[j][i] * PetscPowReal(j + 1.0, -decay) * Z[k][i] * PetscPowReal(k + 1.0, -decay) / n / gam[i];
      }
    for (PetscInt j = 0; j < n; j++)
      for (PetscInt i = 0; i < nd; i++)
        b[j] += Z[j][i] * PetscPowReal(j + 1.0, -decay) / PetscSqrtReal((PetscReal)n) * y[i] / gam[i];
    for (PetscInt j = 0; j < n; j++) {
      PetscReal r = -b[j];
      for (PetscInt k = 0; k < n; k++) {
        PetscReal ch = (j == k) ? -1.0 : 0.0;
        for (PetscInt l = 0; l < n; l++) ch += cov[j * n + l] * H[l * n + k];
        err = PetscMax(err, PetscAbsReal(ch));
        r += H[j * n + k] * mean[k];
      }
      err = PetscMax(err, PetscAbsReal(r) / (1 + PetscAbsReal(b[j])));
    }
    bad = err > 1e-12 ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(!bad, &fails, "analytic posterior: cov H = I and H mean = b to %.2e\n", (double)err));
  }

  if (hi > lo) PetscCall(VecSetValue(u, lo, NAN, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(u));
  PetscCall(VecAssemblyEnd(u));
  PetscCall(MckModelForward(m, u, g, &nanfailed));
  PetscCall(ModelTestCheck(nanfailed, &fails, "NaN parameter: failed = %d\n", (int)nanfailed));

  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&ga));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&g));
  PetscCall(MckModelDestroy(&m));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " check(s) failed", fails);
  PetscCall(McKeanFinalize());
  return 0;
}
