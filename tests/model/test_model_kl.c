/* Karhunen-Loeve prior of the Darcy model (src/model/kl.c), on one rank:
 *  - the modes are the 30 smallest |k|^2 (every wave-number pair with a smaller |k|^2 than the
 *    largest selected one is selected; brute force over 0 <= k1, k2 <= 30);
 *  - eigenvalues are decreasing and the trapezoid average over the nodes of the analytic
 *    pointwise variance v(x) = sum_k lambda_k phi_k(x)^2 equals -darcy_kl_sigma^2 (1e-12;
 *    the rule is exact for these cosines);
 *  - the field of one parameter equals sum_k sqrt(lambda_k) u_k phi_k evaluated here (1e-12);
 *  - for 4000 parameters u ~ N(0, I) (MckRNG) the sample mean and variance of the field at five
 *    nodes match -darcy_kl_mean and v(x) within 4 standard errors (sqrt(v/n) for the mean,
 *    v sqrt(2/(n-1)) for the variance of Gaussian data). */
#include "modeltest.h"
#include <mckean/mckrng.h>
#include <petscdmda.h>

#define NS 4000
#define NP 5

static PetscReal Phi(PetscInt k1, PetscInt k2, PetscReal x, PetscReal y)
{
  return (k1 ? PETSC_SQRT2 : 1.0) * (k2 ? PETSC_SQRT2 : 1.0) * PetscCosReal(PETSC_PI * k1 * x) *
         PetscCosReal(PETSC_PI * k2 * y);
}

int main(int argc, char **argv)
{
  const PetscInt  N = 16, M = 30, pts[NP][2] = {{0, 0}, {8, 8}, {3, 11}, {16, 5}, {12, 2}};
  const PetscReal sigma = 1.3, mu = 0.5;
  MckModel        m;
  MckRNG          rng;
  Vec             u, field;
  DM              da;
  PetscReal       lam[30], *draws[30], buf[30], avg = 0, v[NP] = {0}, s1[NP] = {0}, s2[NP] = {0}, worst = 0;
  PetscInt        k1[30], k2[30], fails = 0;
  PetscBool       decreasing = PETSC_TRUE;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-model_type darcy -darcy_n 16 -darcy_kl_modes 30 -darcy_kl_sigma 1.3 -darcy_kl_mean 0.5 -darcy_kl_alpha 1.8 -darcy_kl_tau 2"));
  PetscCall(MckModelCreate(PETSC_COMM_SELF, &m));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(MckModelSetUp(m));
  for (PetscInt k = 0; k < M; k++) {
    PetscCall(MckModelDarcyGetKLMode(m, k, &lam[k], &k1[k], &k2[k]));
    if (k && lam[k] > lam[k - 1]) decreasing = PETSC_FALSE;
    draws[k] = &buf[k];
  }
  { /* brute force: every pair below the largest selected |k|^2 is selected */
    PetscInt kmax2 = 0, missing = 0;
    for (PetscInt k = 0; k < M; k++) kmax2 = PetscMax(kmax2, k1[k] * k1[k] + k2[k] * k2[k]);
    for (PetscInt a = 0; a <= M; a++)
      for (PetscInt b = 0; b <= M; b++) {
        PetscBool found = PETSC_FALSE;
        if (a * a + b * b >= kmax2) continue;
        for (PetscInt k = 0; k < M; k++) found = (PetscBool)(found || (k1[k] == a && k2[k] == b));
        if (!found) missing++;
      }
    PetscCall(ModelTestCheck(!missing, &fails, "the %d modes are those of smallest |k|^2 (%d pairs missing)\n", (int)M,
                             (int)missing));
  }
  for (PetscInt j = 0; j <= N; j++) /* trapezoid average of v over the unit square */
    for (PetscInt i = 0; i <= N; i++) {
      const PetscReal w = ((i == 0 || i == N) ? 0.5 : 1.0) * ((j == 0 || j == N) ? 0.5 : 1.0) / (N * N);
      for (PetscInt k = 0; k < M; k++)
        avg += w * lam[k] * PetscSqr(Phi(k1[k], k2[k], (PetscReal)i / N, (PetscReal)j / N));
    }
  for (int p = 0; p < NP; p++)
    for (PetscInt k = 0; k < M; k++)
      v[p] += lam[k] * PetscSqr(Phi(k1[k], k2[k], (PetscReal)pts[p][0] / N, (PetscReal)pts[p][1] / N));
  PetscCall(ModelTestCheck(!(!decreasing || PetscAbsReal(avg - sigma * sigma) > 1e-12), &fails,
                           "eigenvalues decreasing (%d); domain-average variance %.15f, prescribed %.15f\n",
                           (int)decreasing, (double)avg, (double)(sigma * sigma)));

  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckRNGCreate(PETSC_COMM_SELF, &rng));
  PetscCall(MckRNGSetSeed(rng, 2024));
  for (PetscInt s = 0; s < NS; s++) {
    const PetscReal **L;
    PetscReal        *ua;
    PetscCall(VecGetArray(u, &ua));
    PetscCall(MckRNGNormals(rng, s, 1, 0, 0, M, draws));
    PetscCall(PetscArraycpy(ua, buf, M));
    PetscCall(VecRestoreArray(u, &ua));
    PetscCall(MckModelGetPhysicalField(m, u, &field, &da));
    PetscCall(DMDAVecGetArrayRead(da, field, &L));
    for (int p = 0; p < NP; p++) {
      const PetscReal x = L[pts[p][1]][pts[p][0]] - mu;
      s1[p] += x;
      s2[p] += x * x;
      if (s == 0) { /* independent evaluation of the expansion */
        PetscReal e = 0;
        for (PetscInt k = 0; k < M; k++)
          e += PetscSqrtReal(lam[k]) * buf[k] * Phi(k1[k], k2[k], (PetscReal)pts[p][0] / N, (PetscReal)pts[p][1] / N);
        worst = PetscMax(worst, PetscAbsReal(e - x));
      }
    }
    PetscCall(DMDAVecRestoreArrayRead(da, field, &L));
  }
  PetscCall(ModelTestCheck(!(worst > 1e-12), &fails, "field = sum sqrt(lambda_k) u_k phi_k: worst difference %.2e\n",
                           (double)worst));
  for (int p = 0; p < NP; p++) {
    const PetscReal mean = s1[p] / NS, var = (s2[p] - NS * mean * mean) / (NS - 1);
    const PetscReal zm = mean / PetscSqrtReal(v[p] / NS), zv = (var - v[p]) / (v[p] * PetscSqrtReal(2.0 / (NS - 1)));
    const PetscBool ok = (PetscAbsReal(zm) < 4 && PetscAbsReal(zv) < 4) ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(ok, &fails, "node (%d,%d): mean %+.4f (z %+.2f), variance %.4f vs %.4f (z %+.2f)\n",
                             (int)pts[p][0], (int)pts[p][1], (double)(mean + mu), (double)zm, (double)var, (double)v[p],
                             (double)zv));
  }
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(VecDestroy(&u));
  PetscCall(MckModelDestroy(&m));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " check(s) failed", fails);
  PetscCall(McKeanFinalize());
  return 0;
}
