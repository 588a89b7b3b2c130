/* Cholesky factor of the replicated field covariance: LAPACK potrf on every rank (identical
 * input, identical output), or ScaLAPACK's pdpotrf on the MATSCALAPACK block-cyclic layout for
 * large T, gathered back so that every rank can draw its fields with one local GEMM. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>
#include <petsc/private/petscscalapack.h>

static void ZeroUpper(PetscInt n, PetscReal A[])
{
  for (PetscInt j = 1; j < n; j++)
    for (PetscInt i = 0; i < j; i++) A[i + (size_t)j * n] = 0;
}

static PetscErrorCode CholeskyLAPACK(PetscInt n, PetscReal A[], PetscInt *failed)
{
  PetscBLASInt bn, info;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCallBLAS("LAPACKpotrf", LAPACKpotrf_("L", &bn, A, &bn, &info));
  *failed = (PetscInt)info;
  PetscFunctionReturn(0);
}

/* Every rank's rows of a distributed dense matrix, gathered into the replicated column-major A. */
static PetscErrorCode GatherDense(MPI_Comm comm, Mat M, PetscInt n, PetscReal A[])
{
  const PetscReal *a;
  PetscReal       *buf;
  PetscInt         rstart, rend, lda;
  PetscMPIInt      size, *counts, *displs, mine;
  const PetscInt  *ranges;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MatGetOwnershipRange(M, &rstart, &rend));
  PetscCall(MatGetOwnershipRanges(M, &ranges));
  PetscCall(MatDenseGetLDA(M, &lda));
  PetscCall(MatDenseGetArrayRead(M, &a));
  PetscCall(PetscMalloc3((size_t)n * n, &buf, size, &counts, size, &displs));
  for (PetscMPIInt r = 0; r < size; r++) {
    PetscCall(PetscMPIIntCast((ranges[r + 1] - ranges[r]) * n, &counts[r]));
    PetscCall(PetscMPIIntCast(ranges[r] * n, &displs[r]));
  }
  for (PetscInt j = 0; j < n; j++) /* my rows, column by column, packed */
    for (PetscInt i = 0; i < rend - rstart; i++)
      buf[(size_t)rstart * n + (size_t)j * (rend - rstart) + i] = a[i + (size_t)j * lda];
  PetscCall(PetscMPIIntCast((rend - rstart) * n, &mine));
  PetscCallMPI(MPI_Allgatherv(MPI_IN_PLACE, mine, MPIU_REAL, buf, counts, displs, MPIU_REAL, comm));
  for (PetscMPIInt r = 0; r < size; r++) {
    const PetscInt m = ranges[r + 1] - ranges[r];
    for (PetscInt j = 0; j < n; j++)
      for (PetscInt i = 0; i < m; i++)
        A[ranges[r] + i + (size_t)j * n] = buf[(size_t)ranges[r] * n + (size_t)j * m + i];
  }
  PetscCall(MatDenseRestoreArrayRead(M, &a));
  PetscCall(PetscFree3(buf, counts, displs));
  PetscFunctionReturn(0);
}

/* The matrix goes to MATSCALAPACK's block-cyclic grid; pdpotrf is called on its local blocks
 * directly (MatCholeskyFactor would raise a library error for a non-positive-definite matrix,
 * where we want to report which leading minor failed), and the factor comes back as MATDENSE. */
static PetscErrorCode CholeskyScaLAPACK(MPI_Comm comm, PetscInt n, PetscReal A[], PetscInt *failed)
{
  Mat            D, S, F;
  Mat_ScaLAPACK *s;
  PetscReal     *a;
  PetscInt       rstart, rend, lda;
  PetscBLASInt   one = 1, info;

  PetscFunctionBeginUser;
  PetscCall(MatCreateDense(comm, PETSC_DECIDE, PETSC_DECIDE, n, n, NULL, &D));
  PetscCall(MatGetOwnershipRange(D, &rstart, &rend));
  PetscCall(MatDenseGetLDA(D, &lda));
  PetscCall(MatDenseGetArrayWrite(D, &a));
  for (PetscInt j = 0; j < n; j++)
    for (PetscInt i = rstart; i < rend; i++) a[i - rstart + (size_t)j * lda] = A[i + (size_t)j * n];
  PetscCall(MatDenseRestoreArrayWrite(D, &a));
  PetscCall(MatConvert(D, MATSCALAPACK, MAT_INITIAL_MATRIX, &S));
  s = (Mat_ScaLAPACK *)S->data;
  PetscCallBLAS("SCALAPACKpotrf", SCALAPACKpotrf_("L", &s->M, s->loc, &one, &one, s->desc, &info));
  *failed = (PetscInt)info;
  if (!info) {
    PetscCall(MatConvert(S, MATDENSE, MAT_INITIAL_MATRIX, &F));
    PetscCall(GatherDense(comm, F, n, A));
    PetscCall(MatDestroy(&F));
  }
  PetscCall(MatDestroy(&S));
  PetscCall(MatDestroy(&D));
  PetscFunctionReturn(0);
}

/*@C
  MckDMFTCholesky - Cholesky factor of a symmetric matrix replicated on every rank: LAPACK on
  every rank, or MATSCALAPACK's block-cyclic factorisation on comm gathered back; either way the
  factor is identical on all ranks.

  Collective

  Input Parameters:
+ comm        - the ranks holding A
. n           - its order
. distributed - `PETSC_FALSE`: LAPACK potrf on every rank; `PETSC_TRUE`: ScaLAPACK pdpotrf on comm
- A           - n x n, column-major, replicated

  Output Parameters:
+ A      - the lower factor L (upper triangle zeroed) on success, undefined otherwise
- failed - 0 on success, else the order of the first leading minor that is not positive

  Level: developer

.seealso: `MckDMFTSolve()`, `MCKDMFT_SOLVER_POPULATION`
@*/
PetscErrorCode MckDMFTCholesky(MPI_Comm comm, PetscInt n, PetscBool distributed, PetscReal A[], PetscInt *failed)
{
  PetscFunctionBeginUser;
  PetscCall(MckDMFTInitializePackage());
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTCholesky, 0, 0, 0, 0));
  if (distributed) PetscCall(CholeskyScaLAPACK(comm, n, A, failed));
  else PetscCall(CholeskyLAPACK(n, A, failed));
  if (!*failed) ZeroUpper(n, A);
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTCholesky, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}
