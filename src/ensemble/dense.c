/* Ensemble-space dense algebra on the na x na matrices of the active members: the symmetric
 * eigendecomposition A = Q diag(w) Q^T, from which every analysis forms what it needs
 * (inverse, inverse square root) as Q f(w) Q^T. Below -ens_scalapack_threshold members, LAPACK
 * (dsyevd) on every rank: the input is the same bits everywhere (one reproducible reduction), so
 * is the output. Above, ScaLAPACK (pdsyevd) on a BLACS grid over all ranks of the ensemble,
 * and the distributed eigenvectors are assembled on every rank (each entry has exactly one
 * owner, so the sum that assembles them is exact). The ScaLAPACK result depends on the process
 * grid in the last bits: bitwise reproducibility across rank counts holds on the LAPACK path. */
#include "ensemble/ensimpl.h"
#include "core/scalapack.h"
#include <petscblaslapack.h>

extern void dsyevd_(const char *, const char *, const int *, double *, const int *, double *, double *, const int *,
                    int *, const int *, int *);
extern void pdsyevd_(const char *, const char *, const int *, double *, const int *, const int *, const int *, double *,
                     double *, const int *, const int *, const int *, double *, const int *, int *, const int *, int *);

#define MCK_ENS_SCALAPACK_NB 32

PetscErrorCode MckEnsCompress(MckEnsemble ens, const PetscReal full[], PetscReal c[])
{
  const PetscInt na = ens->na, J = ens->J;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt b = 0; b < na; b++) c[a * na + b] = full[ens->act[a] * J + ens->act[b]];
  PetscFunctionReturn(0);
}

/* LAPACK dsyevd (divide and conquer; measured 1.3x faster than dsyev at J = 800). */
PetscErrorCode MckEnsSymEigLAPACK(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal w[])
{
  int n = (int)m, lw = (int)ens->nlwork, liw = 3 + 5 * (int)ens->J, info;

  PetscFunctionBeginUser;
  dsyevd_("V", "U", &n, A, &n, w, ens->lwork, &lw, ens->iwork, &liw, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "LAPACK dsyevd failed (info %d) on the %" PetscInt_FMT " x %" PetscInt_FMT " ensemble-space matrix", info,
             m, m);
  PetscFunctionReturn(0);
}

static PetscErrorCode BlacsGrid(MckEnsemble ens)
{
  int nprow, npcol;

  PetscFunctionBeginUser;
  if (ens->blacs >= 0) PetscFunctionReturn(0);
  MckBlacsSquareGrid((int)ens->size, &nprow, &npcol);
  ens->nprow = nprow;
  ens->npcol = npcol;
  ens->blacs = Csys2blacs_handle(ens->comm);
  Cblacs_gridinit(&ens->blacs, "Row", ens->nprow, ens->npcol);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsDenseDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (ens->blacs >= 0) Cblacs_gridexit(ens->blacs);
  ens->blacs = -1;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsSymEigScaLAPACK(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal w[])
{
  const int      nb = MCK_ENS_SCALAPACK_NB, zero = 0, one = 1;
  MckBlockCyclic bc;
  int            n = (int)m, myrow, mycol, nprow, npcol, mloc, nloc, lld, desc[9], info, lwork = -1, liwork = -1, iwq;
  double         wq, *a, *z, *work;
  int           *iwork;

  PetscFunctionBeginUser;
  PetscCall(BlacsGrid(ens));
  Cblacs_gridinfo(ens->blacs, &nprow, &npcol, &myrow, &mycol);
  mloc = numroc_(&n, &nb, &myrow, &zero, &nprow);
  nloc = numroc_(&n, &nb, &mycol, &zero, &npcol);
  lld  = PetscMax(1, mloc);
  descinit_(desc, &n, &n, &nb, &nb, &zero, &zero, &ens->blacs, &lld, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "ScaLAPACK descinit failed (info %d)", info);
  PetscCall(PetscMalloc2((size_t)lld * nloc + 1, &a, (size_t)lld * nloc + 1, &z));
  bc = (MckBlockCyclic){nb, myrow, mycol, nprow, npcol};
  MckBlockCyclicScatter(&bc, n, A, mloc, nloc, lld, a);
  pdsyevd_("V", "U", &n, a, &one, &one, desc, w, z, &one, &one, desc, &wq, &lwork, &iwq, &liwork, &info);
  lwork  = (int)wq + 1;
  liwork = PetscMax(iwq, 1);
  PetscCall(PetscMalloc2(lwork, &work, liwork, &iwork));
  pdsyevd_("V", "U", &n, a, &one, &one, desc, w, z, &one, &one, desc, work, &lwork, iwork, &liwork, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "ScaLAPACK pdsyevd failed (info %d) on the %d x %d ensemble-space matrix", info, n, n);
  PetscCall(PetscArrayzero(A, (size_t)n * n));
  MckBlockCyclicGather(&bc, n, z, mloc, nloc, lld, A);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, A, n * n, MPIU_REAL, MPIU_SUM, ens->comm));
  PetscCall(PetscFree2(work, iwork));
  PetscCall(PetscFree2(a, z));
  PetscFunctionReturn(0);
}

/* A (symmetric, m x m) -> eigenvectors Q (column-major, in place) and eigenvalues w. */
PetscErrorCode MckEnsSymEig(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal w[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_EnsDense, 0, 0, 0, 0));
  if (m >= ens->scalapack_threshold) PetscCall(MckEnsSymEigScaLAPACK(ens, m, A, w));
  else PetscCall(MckEnsSymEigLAPACK(ens, m, A, w));
  PetscCall(PetscLogEventEnd(MCK_EVENT_EnsDense, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* F = Q diag(f(w)) Q^T (symmetric; uses ens->M3 as scratch). */
PetscErrorCode MckEnsSymFunction(MckEnsemble ens, PetscInt m, const PetscReal Q[], const PetscReal w[],
                                 PetscReal (*f)(PetscReal, void *), void *ctx, PetscReal F[])
{
  PetscReal   *Qs = ens->M3, one = 1, zero = 0;
  PetscBLASInt bm;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(m, &bm));
  for (PetscInt k = 0; k < m; k++) {
    const PetscReal fk = f(w[k], ctx);
    for (PetscInt i = 0; i < m; i++) Qs[i + k * m] = Q[i + k * m] * fk;
  }
  PetscCallBLAS("BLASgemm", BLASgemm_("N", "T", &bm, &bm, &bm, &one, Qs, &bm, Q, &bm, &zero, F, &bm));
  PetscFunctionReturn(0);
}

/* C = A B, row-major A (m x k), B (k x n). */
PetscErrorCode MckEnsMatMult(PetscInt m, PetscInt k, PetscInt n, const PetscReal A[], const PetscReal B[],
                             PetscReal C[])
{
  PetscReal    one = 1, zero = 0;
  PetscBLASInt bm, bk, bn;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(m, &bm));
  PetscCall(PetscBLASIntCast(k, &bk));
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCallBLAS("BLASgemm", BLASgemm_("N", "N", &bn, &bm, &bk, &one, B, &bn, A, &bk, &zero, C, &bn));
  PetscFunctionReturn(0);
}

/* X = (A + shift I)^-1 B for symmetric A + shift I > 0 (m x m; A is overwritten, X may be A;
 * uses ens->evec and ens->M3 as scratch). */
PetscErrorCode MckEnsShiftedSolve(MckEnsemble ens, PetscInt m, PetscReal A[], PetscReal shift, const PetscReal B[],
                                  PetscReal X[])
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < m; a++) A[a * m + a] += shift;
  PetscCall(MckEnsSymEig(ens, m, A, ens->eval));
  PetscCall(MckEnsSymFunction(ens, m, A, ens->eval, MckEnsInverse, NULL, ens->evec));
  PetscCall(MckEnsMatMult(m, m, m, ens->evec, B, X));
  PetscFunctionReturn(0);
}
