/* The two Cholesky paths of the field covariance agree: LAPACK potrf (replicated) and
 * ScaLAPACK pdpotrf on MATSCALAPACK's block-cyclic grid, for a positive-definite covariance
 * (an Ornstein-Uhlenbeck kernel plus a squared-exponential one, the shapes C_phi takes) of a
 * size spanning several ScaLAPACK blocks. Tolerance: Cholesky is backward stable, so the
 * factors differ by at most ~ n eps cond(A) relative; with cond(A) ~ 1e3 here, 1e-10 has a
 * margin of 100 over that bound while any indexing or gathering mistake gives O(1).
 * Both must also refuse the same non-positive-definite matrix at the same leading minor. */
#include <mckean/mckdmft.h>
#include <math.h>

static void Kernel(PetscInt n, PetscReal A[], PetscBool indefinite)
{
  for (PetscInt j = 0; j < n; j++)
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal tau = 0.1 * (PetscReal)(i - j);
      A[i + j * n]        = exp(-fabs(tau)) + 0.5 * exp(-tau * tau) + (i == j ? 1e-3 : 0.0);
    }
  if (indefinite) A[37 + 37 * n] = -1.0; /* leading minor 38 fails */
}

int main(int argc, char **argv)
{
  const PetscInt n = 300;
  PetscReal     *A, *B, err = 0, lmax = 0;
  PetscInt       fa, fb;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscMalloc2(n * n, &A, n * n, &B));
  Kernel(n, A, PETSC_FALSE);
  Kernel(n, B, PETSC_FALSE);
  PetscCall(MckDMFTCholesky(PETSC_COMM_WORLD, n, PETSC_FALSE, A, &fa));
  PetscCall(MckDMFTCholesky(PETSC_COMM_WORLD, n, PETSC_TRUE, B, &fb));
  PetscCheck(!fa && !fb, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "positive-definite kernel refused: LAPACK %" PetscInt_FMT ", ScaLAPACK %" PetscInt_FMT, fa, fb);
  for (PetscInt k = 0; k < n * n; k++) {
    err  = PetscMax(err, PetscAbsReal(A[k] - B[k]));
    lmax = PetscMax(lmax, PetscAbsReal(A[k]));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "max |L_lapack - L_scalapack| / max |L| = %.3g\n", (double)(err / lmax)));
  PetscCheck(err <= 1e-10 * lmax, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "factors differ by %g (relative), more than 1e-10",
             (double)(err / lmax));
  Kernel(n, A, PETSC_TRUE);
  Kernel(n, B, PETSC_TRUE);
  PetscCall(MckDMFTCholesky(PETSC_COMM_WORLD, n, PETSC_FALSE, A, &fa));
  PetscCall(MckDMFTCholesky(PETSC_COMM_WORLD, n, PETSC_TRUE, B, &fb));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "indefinite: LAPACK fails at minor %" PetscInt_FMT ", ScaLAPACK at %" PetscInt_FMT "\n", fa,
                        fb));
  PetscCheck(fa == 38 && fb == 38, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "indefinite matrix: expected failure at minor 38, got LAPACK %" PetscInt_FMT ", ScaLAPACK %" PetscInt_FMT,
             fa, fb);
  PetscCall(PetscFree2(A, B));
  PetscCall(McKeanFinalize());
  return 0;
}
