/* Truncated Karhunen-Loeve expansion of a Gaussian random field on the unit square (kl.c). */
#pragma once
#include <mckean/mckean.h>
#include <petscdmda.h>

typedef struct {
  PetscInt   nmodes;                  /* -darcy_kl_modes */
  PetscReal  alpha, tau, sigma, mean; /* covariance (-Laplace + tau^2)^-alpha, rms std, mean */
  PetscReal *sqrtlam;                 /* sqrt of the scaled eigenvalues, decreasing */
  PetscInt  *k1, *k2;                 /* wave numbers of each mode */
  PetscInt   kmax;                    /* largest wave number in use */
  PetscInt   xs, xm, ys, ym;          /* this rank's nodes of the DMDA */
  PetscReal *cx, *cy;                 /* c(k) cos(pi k x_i) on local nodes, (kmax+1) x xm / ym */
} MckKL;

PETSC_INTERN PetscErrorCode MckKLSetUp(MckKL *kl, DM da);
/* logk = mean + sum_k sqrt(lambda_k) u_k phi_k on this rank's nodes; u holds all nmodes values */
PETSC_INTERN PetscErrorCode MckKLEvaluate(const MckKL *kl, const PetscReal u[], DM da, Vec logk);
PETSC_INTERN PetscErrorCode MckKLDestroy(MckKL *kl);
