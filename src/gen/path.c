/* The Gaussian paths of the gen layer, x_t = alpha x0 + beta x1 + gamma z (docs/gen.md):
 *   linear  alpha = 1 - t, beta = t                      (interpolant, t: 0 -> 1)
 *   trig    alpha = cos(pi t / 2), beta = sin(pi t / 2)  (interpolant)
 *           both with gamma = sqrt(a t (1 - t)) (-gen_interpolant_gamma a; 0: one-sided)
 *   vp      beta = m(t) = exp(-B(t)/2), B(t) = beta_min t + (beta_max - beta_min) t^2 / 2,
 *           alpha = sqrt(1 - m^2): dx = -beta(t) x / 2 dt + sqrt(beta(t)) dW   (t: 1 -> t_min)
 *   ve      beta = 1, alpha = sigma_min (sigma_max / sigma_min)^t:
 *           dx = sqrt(d sigma^2 / dt) dW                                          (t: 1 -> t_min) */
#include "gen/genimpl.h"

const char *const MckGenPathKinds[] = {"linear", "trig", "vp", "ve", "MckGenPathKind", "MCK_GEN_PATH_", NULL};

void MckGenPathEval(const MckGenPath *path, PetscReal t, MckGenPathCoeffs *c)
{
  c->gamma = c->dgamma = 0;
  switch (path->kind) {
  case MCK_GEN_PATH_LINEAR:
    c->alpha  = 1 - t;
    c->beta   = t;
    c->dalpha = -1;
    c->dbeta  = 1;
    break;
  case MCK_GEN_PATH_TRIG:
    c->alpha  = PetscCosReal(0.5 * PETSC_PI * t);
    c->beta   = PetscSinReal(0.5 * PETSC_PI * t);
    c->dalpha = -0.5 * PETSC_PI * c->beta;
    c->dbeta  = 0.5 * PETSC_PI * c->alpha;
    break;
  case MCK_GEN_PATH_VP: {
    const PetscReal B = path->beta_min * t + 0.5 * (path->beta_max - path->beta_min) * t * t,
                    b = path->beta_min + (path->beta_max - path->beta_min) * t;
    c->beta           = PetscExpReal(-0.5 * B);
    c->alpha          = PetscSqrtReal(1 - c->beta * c->beta);
    c->dbeta          = -0.5 * b * c->beta;
    c->dalpha         = 0.5 * b * c->beta * c->beta / c->alpha;
  } break;
  case MCK_GEN_PATH_VE:
    c->beta   = 1;
    c->dbeta  = 0;
    c->alpha  = path->sigma_min * PetscPowReal(path->sigma_max / path->sigma_min, t);
    c->dalpha = c->alpha * PetscLogReal(path->sigma_max / path->sigma_min);
    break;
  }
  if ((path->kind == MCK_GEN_PATH_LINEAR || path->kind == MCK_GEN_PATH_TRIG) && path->gamma_a > 0) {
    const PetscReal g2 = path->gamma_a * t * (1 - t);
    c->gamma           = PetscSqrtReal(g2);
    c->dgamma          = c->gamma > 0 ? 0.5 * path->gamma_a * (1 - 2 * t) / c->gamma : 0;
  }
  c->sigma = PetscSqrtReal(c->alpha * c->alpha + c->gamma * c->gamma);
}

void MckGenPathSDE(const MckGenPath *path, PetscReal t, PetscReal *f, PetscReal *g2)
{
  if (path->kind == MCK_GEN_PATH_VP) {
    const PetscReal b = path->beta_min + (path->beta_max - path->beta_min) * t;
    *f                = -0.5 * b;
    *g2               = b;
  } else {
    const PetscReal s = path->sigma_min * PetscPowReal(path->sigma_max / path->sigma_min, t);
    *f                = 0;
    *g2               = 2 * s * s * PetscLogReal(path->sigma_max / path->sigma_min);
  }
}
