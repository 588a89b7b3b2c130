/* Karhunen-Loeve expansion of the log-permeability prior of the Darcy model.
 *
 * Covariance operator C = s (-Laplace + tau^2)^-alpha on the unit square with homogeneous
 * Neumann conditions (a Matern-type field, Lindgren, Rue & Lindstroem 2011; the prior of
 * Iglesias, Law & Stuart 2013 and of Dashti & Stuart 2017). Its eigenpairs are analytic:
 *   phi_k(x, y) = c(k1) c(k2) cos(pi k1 x) cos(pi k2 y),  c(0) = 1, c(j > 0) = sqrt(2),
 *   lambda_k    = s (pi^2 (k1^2 + k2^2) + tau^2)^-alpha,
 * orthonormal in L2 of the unit square. The expansion keeps the nmodes largest eigenvalues
 * (ties in order of k1), and s makes the retained eigenvalues sum to sigma^2: since each phi_k
 * has unit mean square, sigma^2 is the domain average of the truncated field's pointwise
 * variance, whatever the truncation. Nodes are evaluated exactly (no interpolation). */
#include "kl.h"

typedef struct {
  PetscReal lam;
  PetscInt  k1, k2;
} Mode;

static int CompareModes(const void *a, const void *b)
{
  const Mode *p = (const Mode *)a, *q = (const Mode *)b;

  if (p->lam != q->lam) return p->lam > q->lam ? -1 : 1;
  return p->k1 < q->k1 ? -1 : (p->k1 > q->k1);
}

/* The nmodes largest eigenvalues are those of the nmodes smallest |k|^2. The unit squares
 * [a, a+1] x [b, b+1] of the pairs with |(a, b)| <= R cover the quarter disc of radius R - sqrt(2),
 * so with R = sqrt(4 M / pi) + 2 there are at least M such pairs: the candidates 0 <= k1, k2 <= R
 * hold every selected mode (and never more than M per side are needed). */
static PetscErrorCode SelectModes(MckKL *kl)
{
  const PetscInt K =
      PetscMin(kl->nmodes, (PetscInt)PetscCeilReal(PetscSqrtReal(4.0 * kl->nmodes / PETSC_PI) + 2.0) + 1);
  Mode     *all;
  PetscReal sum = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(K * K, &all));
  for (PetscInt a = 0; a < K; a++)
    for (PetscInt b = 0; b < K; b++) {
      all[a * K + b].k1 = a;
      all[a * K + b].k2 = b;
      all[a * K + b].lam =
          PetscPowReal(PETSC_PI * PETSC_PI * (PetscReal)(a * a + b * b) + kl->tau * kl->tau, -kl->alpha);
    }
  qsort(all, (size_t)(K * K), sizeof(Mode), CompareModes);
  for (PetscInt m = 0; m < kl->nmodes; m++) sum += all[m].lam;
  kl->kmax = 0;
  for (PetscInt m = 0; m < kl->nmodes; m++) {
    kl->sqrtlam[m] = PetscSqrtReal(all[m].lam / sum) * kl->sigma;
    kl->k1[m]      = all[m].k1;
    kl->k2[m]      = all[m].k2;
    kl->kmax       = PetscMax(kl->kmax, PetscMax(all[m].k1, all[m].k2));
  }
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/* c(k) cos(pi k x_i) for the local nodes x_i = (start + i) h */
static void CosineTable(PetscInt kmax, PetscInt start, PetscInt width, PetscReal h, PetscReal *t)
{
  for (PetscInt k = 0; k <= kmax; k++)
    for (PetscInt i = 0; i < width; i++)
      t[k * width + i] = (k ? PETSC_SQRT2 : 1.0) * PetscCosReal(PETSC_PI * k * (start + i) * h);
}

PetscErrorCode MckKLSetUp(MckKL *kl, DM da)
{
  PetscInt M;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc3(kl->nmodes, &kl->sqrtlam, kl->nmodes, &kl->k1, kl->nmodes, &kl->k2));
  PetscCall(SelectModes(kl));
  PetscCall(DMDAGetInfo(da, NULL, &M, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
  PetscCall(DMDAGetCorners(da, &kl->xs, &kl->ys, NULL, &kl->xm, &kl->ym, NULL));
  PetscCall(PetscMalloc2((kl->kmax + 1) * kl->xm, &kl->cx, (kl->kmax + 1) * kl->ym, &kl->cy));
  CosineTable(kl->kmax, kl->xs, kl->xm, 1.0 / (M - 1), kl->cx);
  CosineTable(kl->kmax, kl->ys, kl->ym, 1.0 / (M - 1), kl->cy);
  PetscFunctionReturn(0);
}

PetscErrorCode MckKLEvaluate(const MckKL *kl, const PetscReal u[], DM da, Vec logk)
{
  PetscReal **L;

  PetscFunctionBeginUser;
  PetscCall(DMDAVecGetArray(da, logk, &L));
  for (PetscInt j = kl->ys; j < kl->ys + kl->ym; j++)
    for (PetscInt i = kl->xs; i < kl->xs + kl->xm; i++) L[j][i] = kl->mean;
  for (PetscInt m = 0; m < kl->nmodes; m++) {
    const PetscReal  a  = kl->sqrtlam[m] * u[m];
    const PetscReal *cx = kl->cx + kl->k1[m] * kl->xm, *cy = kl->cy + kl->k2[m] * kl->ym;
    for (PetscInt j = 0; j < kl->ym; j++) {
      const PetscReal ay  = a * cy[j];
      PetscReal      *row = L[kl->ys + j] + kl->xs;
      for (PetscInt i = 0; i < kl->xm; i++) row[i] += ay * cx[i];
    }
  }
  PetscCall(DMDAVecRestoreArray(da, logk, &L));
  PetscFunctionReturn(0);
}

PetscErrorCode MckKLDestroy(MckKL *kl)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(kl->sqrtlam, kl->k1, kl->k2));
  PetscCall(PetscFree2(kl->cx, kl->cy));
  PetscFunctionReturn(0);
}
