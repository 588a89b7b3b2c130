/* Activations sigma (and teacher links g) with their derivatives. Plain per-element C: with
 * -ffp-contract=off, and either the vectorisable MckMFNetTanh (tanh.c: plain IEEE arithmetic)
 * or the same scalar libm function for every element (erf, exp: never a vector variant, we do
 * not compile with -ffast-math), an element's value does not depend on where it falls in a
 * loop, so a neuron's arithmetic is a function of its global id only. */
#include "learn/mfnetimpl.h"
#include "learn/mfnetkernels.h"
#include <math.h>

void MckMFNetAct_Tanh(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  MCK_SIMD_CALL(MckTanhDerivKernel, (int64_t)n, z, s, ds); /* MckMFNetTanh and ds = 1 - s^2 */
}

/* relu'(0) = 0 (a subgradient; the finite-difference test avoids the kink) */
void MckMFNetAct_ReLU(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = z[k] > 0 ? 1.0 : 0.0;
  for (PetscInt k = 0; k < n; k++) s[k] = z[k] > 0 ? z[k] : 0.0;
}

/* sigma(z) = erf(z / sqrt 2), the Gaussian CDF rescaled to (-1, 1); sigma' = sqrt(2/pi) e^{-z^2/2} */
void MckMFNetAct_Erf(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  const PetscReal c = 0.79788456080286535588; /* sqrt(2/pi) */

  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = c * exp(-0.5 * z[k] * z[k]);
  for (PetscInt k = 0; k < n; k++) s[k] = erf(z[k] * 0.70710678118654752440);
}

/* identity: features linear in the parameters once w, b are frozen (-mfnet_train_features 0) */
void MckMFNetAct_Identity(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 1.0;
  for (PetscInt k = 0; k < n; k++) s[k] = z[k];
}

/* Probabilists' Hermite polynomials: E[He_j He_k] = k! delta_jk under N(0, 1). */
void MckMFNetTeacher_He2(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 2.0 * z[k];
  for (PetscInt k = 0; k < n; k++) s[k] = z[k] * z[k] - 1.0;
}

void MckMFNetTeacher_He3(PetscInt n, const PetscReal z[], PetscReal s[], PetscReal ds[])
{
  if (ds)
    for (PetscInt k = 0; k < n; k++) ds[k] = 3.0 * z[k] * z[k] - 3.0;
  for (PetscInt k = 0; k < n; k++) s[k] = (z[k] * z[k] - 3.0) * z[k];
}
