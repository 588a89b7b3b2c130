/* Gauss-Hermite quadrature for Gaussian expectations, by Golub-Welsch: the nodes are the
 * eigenvalues of the Jacobi matrix of the probabilists' Hermite polynomials (zero diagonal,
 * off-diagonal sqrt(k)), the weights the squared first components of its eigenvectors. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

PetscErrorCode MckDMFTGaussHermite(PetscInt n, PetscReal z[], PetscReal w[])
{
  PetscReal   *off, *vec, *work;
  PetscBLASInt bn, info;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscMalloc3(n, &off, (size_t)n * n, &vec, 2 * n, &work));
  for (PetscInt k = 0; k < n; k++) {
    z[k]   = 0;
    off[k] = PetscSqrtReal((PetscReal)(k + 1));
  }
  PetscCallBLAS("LAPACKsteqr", LAPACKsteqr_("I", &bn, z, off, vec, &bn, work, &info));
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK steqr failed (info %d) for %" PetscInt_FMT " Gauss-Hermite nodes", (int)info, n);
  for (PetscInt k = 0; k < n; k++) w[k] = vec[(size_t)k * n] * vec[(size_t)k * n];
  PetscCall(PetscFree3(off, vec, work));
  PetscFunctionReturn(0);
}
