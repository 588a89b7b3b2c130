/* Inverse processes on the linear model G(u) = A u (prior N(0, I), noise Gamma = gamma I):
 *  eki: deterministic EKI with Tikhonov weight lambda converges to the minimiser of
 *       1/2 |Gamma^-1/2 (y - A u)|^2 + lambda/2 |u|^2, u* = (A^T A / gamma + lambda I)^-1 A^T y / gamma,
 *       to a relative error below 1e-6 (J > n: the ensemble spans the parameter space). The
 *       mean after k steps of size h minimises k h [misfit + Tikhonov] + |u - u_0|^2_{C_0}, so
 *       its error is O(1 / (k h lambda)): with h = 1e6 and k = 100 it is ~1e-8.
 *  eks: the ensemble Kalman sampler with the finite-ensemble correction samples the Gaussian
 *       posterior N(m, S), S = (A^T A / gamma + I)^-1, m = S A^T y / gamma: the time averages of
 *       the ensemble mean and covariance after burn-in are within 4 standard errors (batch means
 *       over 20 batches) of m and S. Without the correction the covariance is too small by about
 *       (n+1)/J, which the same test detects (it must fail the 4-sigma check).
 * The reference is computed here with dense algebra from the model's matrix. */
#include "enstest.h"
#include <mckean/mckmodel.h>

#define NP 2 /* eks parameters */

typedef struct {
  MckModel    model;
  MckEnsemble ens;
  PetscInt    n, nd;
  PetscReal  *A, *y, gamma;
} Problem;

static PetscErrorCode Setup(Problem *p, const char opts[])
{
  MPI_Comm           mcomm;
  Mat                A;
  const PetscScalar *a;
  PetscReal         *r;

  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &p->ens));
  PetscCall(MckEnsembleSetFromOptions(p->ens));
  PetscCall(MckEnsembleGetMemberComm(p->ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, &p->model));
  PetscCall(MckModelSetFromOptions(p->model));
  PetscCall(MckModelSetUp(p->model));
  PetscCall(MckEnsembleSetModel(p->ens, p->model));
  PetscCall(MckEnsembleSetUp(p->ens));
  PetscCall(MckEnsembleGetSizes(p->ens, NULL, &p->n, &p->nd));
  PetscCall(MckModelLinearGetMatrix(p->model, &A));
  PetscCall(PetscMalloc2(p->n * p->nd, &p->A, p->nd, &p->y));
  PetscCall(PetscMalloc1(p->nd, &r));
  PetscCall(MatDenseGetArrayRead(A, &a)); /* column-major nd x n */
  for (PetscInt k = 0; k < p->nd; k++)
    for (PetscInt i = 0; i < p->n; i++) p->A[k * p->n + i] = a[k + i * p->nd];
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  for (PetscInt k = 0; k < p->nd; k++) { /* y = A u_true, u_true_i = (-1)^i (1 + i/2) */
    p->y[k] = 0;
    for (PetscInt i = 0; i < p->n; i++) p->y[k] += p->A[k * p->n + i] * ((i % 2 ? -1.0 : 1.0) * (1 + 0.5 * i));
    r[k] = p->gamma;
  }
  PetscCall(MckEnsembleSetObservations(p->ens, p->nd, NULL, p->y, r));
  PetscCall(MckEnsembleInitializeMembers(p->ens, NULL, 1.0));
  PetscCall(PetscFree(r));
  PetscFunctionReturn(0);
}

static PetscErrorCode Teardown(Problem *p)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleDestroy(&p->ens));
  PetscCall(MckModelDestroy(&p->model));
  PetscCall(PetscFree2(p->A, p->y));
  PetscFunctionReturn(0);
}

/* M = A^T A / gamma + lambda I, b = A^T y / gamma; M <- M^-1 b in b. */
static void Reference(const Problem *p, PetscReal lambda, PetscReal M[], PetscReal b[])
{
  for (PetscInt i = 0; i < p->n; i++) {
    b[i] = 0;
    for (PetscInt k = 0; k < p->nd; k++) b[i] += p->A[k * p->n + i] * p->y[k] / p->gamma;
    for (PetscInt j = 0; j < p->n; j++) {
      M[i * p->n + j] = i == j ? lambda : 0;
      for (PetscInt k = 0; k < p->nd; k++) M[i * p->n + j] += p->A[k * p->n + i] * p->A[k * p->n + j] / p->gamma;
    }
  }
}

static PetscErrorCode TestEKI(void)
{
  Problem   p = {.gamma = 0.01};
  PetscReal M[16], b[4], mean[4], err = 0, nrm = 0, lambda = 0.1;

  PetscFunctionBeginUser;
  PetscCall(Setup(
      &p,
      "-ens_analysis eki -ens_size 10 -eki_dt 1e6 -eki_tikhonov 0.1 -model_type linear -linear_n 4 -linear_ndata 8 -linear_seed 3"));
  for (PetscInt it = 0; it < 100; it++) PetscCall(MckEnsembleIterate(p.ens, NULL));
  PetscCall(MckEnsembleGetMean(p.ens, mean, NULL, NULL, NULL));
  Reference(&p, lambda, M, b);
  EnsTestSolve(p.n, M, 1, b);
  for (PetscInt i = 0; i < p.n; i++) {
    err += PetscSqr(mean[i] - b[i]);
    nrm += PetscSqr(b[i]);
  }
  err = PetscSqrtReal(err / nrm);
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "EKI (Tikhonov 0.1) vs the regularised least-squares solution: relative error %.3e (limit 1e-6)\n", (double)err));
  PetscCheck(err < 1e-6, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "EKI did not converge to the Tikhonov solution");
  PetscCall(Teardown(&p));
  PetscFunctionReturn(0);
}

/* Largest |estimate - exact| / standard error over the mean and covariance entries. */
static PetscErrorCode TestEKS(PetscBool correction, PetscReal *worst)
{
  Problem        p = {.gamma = 0.5};
  char           opts[256];
  const PetscInt nb = 20, burn = 500, per = 250, nq = NP + NP * NP;
  PetscReal      S[NP * NP], m[NP], mean[NP], cov[NP * NP], batch[20][NP + NP * NP], exact[NP + NP * NP];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(
      opts, sizeof(opts),
      "-ens_analysis eks -ens_size 10 -eks_dt 0.02 -eks_correction %s -model_type linear -linear_n %d -linear_ndata 3 -linear_seed 5",
      correction ? "true" : "false", NP));
  PetscCall(Setup(&p, opts));
  Reference(&p, 1.0, S, m);
  EnsTestSolve(NP, S, 1, m); /* m = posterior mean; S destroyed */
  Reference(&p, 1.0, S, exact);
  {
    PetscReal Id[NP * NP];
    for (PetscInt i = 0; i < NP * NP; i++) Id[i] = (i % (NP + 1)) == 0;
    EnsTestSolve(NP, S, NP, Id);
    for (PetscInt i = 0; i < NP; i++) exact[i] = m[i];
    for (PetscInt i = 0; i < NP * NP; i++) exact[NP + i] = Id[i];
  }
  for (PetscInt it = 0; it < burn; it++) PetscCall(MckEnsembleIterate(p.ens, NULL));
  for (PetscInt bi = 0; bi < nb; bi++) {
    for (PetscInt q = 0; q < nq; q++) batch[bi][q] = 0;
    for (PetscInt it = 0; it < per; it++) {
      PetscCall(MckEnsembleIterate(p.ens, NULL));
      PetscCall(MckEnsembleGetMean(p.ens, mean, NULL, NULL, NULL));
      PetscCall(MckEnsembleGetCovariance(p.ens, cov));
      for (PetscInt q = 0; q < NP; q++) batch[bi][q] += mean[q] / per;
      for (PetscInt q = 0; q < NP * NP; q++) batch[bi][NP + q] += cov[q] / per;
    }
  }
  *worst = 0;
  for (PetscInt q = 0; q < nq; q++) {
    PetscReal a = 0, v = 0;
    for (PetscInt bi = 0; bi < nb; bi++) a += batch[bi][q] / nb;
    for (PetscInt bi = 0; bi < nb; bi++) v += PetscSqr(batch[bi][q] - a) / (nb - 1);
    const PetscReal se = PetscSqrtReal(v / nb), z = PetscAbsReal(a - exact[q]) / se;
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %s %" PetscInt_FMT ": sampled %.4f exact %.4f (%.2f standard errors)\n",
                          q < NP ? "mean" : "cov ", q < NP ? q : q - NP, (double)a, (double)exact[q], (double)z));
    *worst = PetscMax(*worst, z);
  }
  PetscCall(Teardown(&p));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  char      which[16] = "eks";
  PetscReal z1, z0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "test", NULL);
  PetscCall(MckOptionsString("-test_case", "eki or eks", which, which, sizeof(which), NULL));
  PetscOptionsEnd();
  if (!strcmp(which, "eki")) PetscCall(TestEKI());
  else {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "EKS with the finite-ensemble correction:\n"));
    PetscCall(TestEKS(PETSC_TRUE, &z1));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "EKS without it:\n"));
    PetscCall(TestEKS(PETSC_FALSE, &z0));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "largest deviation: %.2f sigma with the correction (limit 4), %.2f without (must exceed 4)\n",
                          (double)z1, (double)z0));
    PetscCheck(z1 < 4, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "EKS does not sample the posterior");
    PetscCheck(z0 > 4, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "the uncorrected EKS was not detected as biased: the test is too weak");
  }
  PetscCall(McKeanFinalize());
  return 0;
}
