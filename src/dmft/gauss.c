/* Gaussian expectations E f(z), z ~ N(0, 1), by the trapezoidal rule on the line: nodes
 * z_k = k h, |z_k| <= L, weights h exp(-z_k^2 / 2) / sqrt(2 pi). For f analytic in the strip
 * |Im z| < d (and of moderate growth) its error falls like exp(-2 pi d / h), so halving h squares
 * the error; cutting the line at L = 10 leaves a tail of exp(-50) (times the growth of f).
 * Gauss-Hermite converges only like exp(-c d sqrt(n)) for such f: the stationary theory's
 * integrands, e.g. log cosh(sqrt(Delta0) z), have their singularities at distance
 * pi / (2 sqrt(Delta0)) from the real axis, which shrinks as g grows (docs/dmft.md). */
#include "dmft/dmftimpl.h"

#define MCK_DMFT_GAUSS_CUTOFF 10.0

PetscInt MckDMFTGaussTrapezoidNodes(PetscReal h)
{
  return 2 * (PetscInt)PetscFloorReal(MCK_DMFT_GAUSS_CUTOFF / h + 1e-9) + 1;
}

PetscErrorCode MckDMFTGaussTrapezoid(PetscReal h, PetscInt n, PetscReal z[], PetscReal w[])
{
  const PetscInt m = (n - 1) / 2;

  PetscFunctionBeginUser;
  PetscCheck(n == MckDMFTGaussTrapezoidNodes(h), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "%" PetscInt_FMT " nodes for spacing %g: expected %" PetscInt_FMT, n, (double)h,
             MckDMFTGaussTrapezoidNodes(h));
  for (PetscInt k = -m; k <= m; k++) {
    z[k + m] = k * h;
    w[k + m] = h * PetscExpReal(-0.5 * z[k + m] * z[k + m]) / PetscSqrtReal(2 * PETSC_PI);
  }
  PetscFunctionReturn(0);
}
