/* One step of the single-site (and network) dynamics x' = -x + eta + I + sqrt(2 D) xi.
 *   exp:   the -x term exactly, eta linear between grid points (second order in h):
 *          x1 = e^-h x0 + w0 eta0 + w1 eta1 + (1 - e^-h) I + sqrt(D (1 - e^-2h)) xi,
 *          w1 = int_0^h e^-(h-s) s/h ds = (h - 1 + e^-h) / h,  w0 = (1 - e^-h) - w1;
 *          the noise term is the exact Ornstein-Uhlenbeck increment.
 *   euler: Euler-Maruyama, x1 = (1 - h) x0 + h (eta0 + I) + sqrt(2 D h) xi. */
#include "dmft/dmftimpl.h"
#include <math.h>

void MckDMFTStepCoeffsSet(MckDMFTIntegrator integ, PetscReal h, PetscReal noise, PetscReal input, MckDMFTStepCoeffs *c)
{
  if (integ == MCK_DMFT_EXP) {
    const PetscReal one_minus = -expm1(-h);
    c->decay                  = exp(-h);
    c->w1                     = (h - one_minus) / h;
    c->w0                     = one_minus - c->w1;
    c->drive                  = one_minus * input;
    c->kick                   = sqrt(-noise * expm1(-2.0 * h));
  } else {
    c->decay = 1.0 - h;
    c->w0    = h;
    c->w1    = 0.0;
    c->drive = h * input;
    c->kick  = sqrt(2.0 * noise * h);
  }
}

void MckDMFTStepApply(const MckDMFTStepCoeffs *c, PetscInt n, const PetscReal x0[], const PetscReal e0[],
                      const PetscReal e1[], const PetscReal xi[], PetscReal x1[])
{
  const PetscReal a = c->decay, w0 = c->w0, w1 = c->w1, b = c->drive, s = c->kick;

  if (s != 0)
    for (PetscInt i = 0; i < n; i++) x1[i] = a * x0[i] + w0 * e0[i] + w1 * e1[i] + b + s * xi[i];
  else
    for (PetscInt i = 0; i < n; i++) x1[i] = a * x0[i] + w0 * e0[i] + w1 * e1[i] + b;
}
