/* Activations of the random network: phi, its primitive Phi (Phi(0) = 0, for the potential of
 * the stationary theory) and phi'(0). Plain per-element C: an element's value never depends on
 * where it falls in a loop, so a path's arithmetic is a function of its global id only. */
#include "dmft/dmftimpl.h"
#include <math.h>

static void Tanh(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = tanh(x[k]);
}

/* log cosh x = |x| + log1p(exp(-2|x|)) - log 2, without overflow for large |x| */
static void TanhPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) {
    const PetscReal a = fabs(x[k]);
    y[k]              = a + log1p(exp(-2.0 * a)) - 0.69314718055994530942;
  }
}

#define MCK_DMFT_ERF_C 0.88622692545275801365 /* sqrt(pi)/2: slope 1 at 0, like tanh */
static void Erf(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = erf(MCK_DMFT_ERF_C * x[k]);
}

/* int_0^x erf(c s) ds = x erf(c x) + (exp(-c^2 x^2) - 1) / (c sqrt(pi)) */
static void ErfPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  const PetscReal c = MCK_DMFT_ERF_C, s = 1.0 / (MCK_DMFT_ERF_C * 1.77245385090551602730);
  for (PetscInt k = 0; k < n; k++) y[k] = x[k] * erf(c * x[k]) + (exp(-c * c * x[k] * x[k]) - 1.0) * s;
}

static void ReLU(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = x[k] > 0 ? x[k] : 0.0;
}

static void ReLUPrimitive(PetscInt n, const PetscReal x[], PetscReal y[])
{
  for (PetscInt k = 0; k < n; k++) y[k] = x[k] > 0 ? 0.5 * x[k] * x[k] : 0.0;
}

const MckDMFTActivation MckDMFTAct_Tanh = {Tanh, TanhPrimitive, 1.0};
const MckDMFTActivation MckDMFTAct_Erf  = {Erf, ErfPrimitive, 1.0};
const MckDMFTActivation MckDMFTAct_ReLU = {ReLU, ReLUPrimitive, 0.5}; /* the mean of the two one-sided slopes */
