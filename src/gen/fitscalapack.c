/* The fit's p x p Cholesky solve on a BLACS grid over all ranks (ScaLAPACK pdpotrf/pdpotrs), for
 * p >= -gen_fit_scalapack_threshold, as the ensemble layer does for its dense algebra: every rank
 * already holds the normal equations (one exact reduction), so it copies its own blocks of the
 * block-cyclic layout without communication; the solution's entries each have one owner, so the
 * MPI_Allreduce that assembles them on every rank adds only zeros to each and is exact. The
 * factorisation's rounding depends on the process grid: bitwise reproducibility across rank
 * counts holds on the LAPACK path (below the threshold). */
#include "gen/genimpl.h"
#include "core/scalapack.h"

extern void pdpotrf_(const char *, const int *, double *, const int *, const int *, const int *, int *);
extern void pdpotrs_(const char *, const int *, const int *, const double *, const int *, const int *, const int *,
                     double *, const int *, const int *, const int *, int *);

#define MCK_GEN_SCALAPACK_NB 64

/* G (p x p, column-major, replicated) X = R (p x q, replicated): X overwrites R on every rank. */
PetscErrorCode MckGenFitSolveScaLAPACK(MPI_Comm comm, PetscInt p, PetscInt q, const PetscReal G[], PetscReal R[])
{
  const int      nb = MCK_GEN_SCALAPACK_NB, zero = 0, one = 1, n = (int)p, nrhs = (int)q;
  PetscMPIInt    size;
  MckBlockCyclic bc;
  int            ctxt, nprow, npcol, myrow, mycol, mloc, nloc, qloc, lld, desca[9], descb[9], info;
  double        *a, *b;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  MckBlacsSquareGrid(size, &nprow, &npcol);
  ctxt = Csys2blacs_handle(comm);
  Cblacs_gridinit(&ctxt, "Row", nprow, npcol);
  Cblacs_gridinfo(ctxt, &nprow, &npcol, &myrow, &mycol);
  mloc = numroc_(&n, &nb, &myrow, &zero, &nprow);
  nloc = numroc_(&n, &nb, &mycol, &zero, &npcol);
  qloc = numroc_(&nrhs, &nb, &mycol, &zero, &npcol);
  lld  = PetscMax(1, mloc);
  descinit_(desca, &n, &n, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "ScaLAPACK descinit failed (info %d)", info);
  descinit_(descb, &n, &nrhs, &nb, &nb, &zero, &zero, &ctxt, &lld, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "ScaLAPACK descinit failed (info %d)", info);
  PetscCall(PetscMalloc2((size_t)lld * PetscMax(nloc, 1), &a, (size_t)lld * PetscMax(qloc, 1), &b));
  bc = (MckBlockCyclic){nb, myrow, mycol, nprow, npcol};
  MckBlockCyclicScatter(&bc, n, G, mloc, nloc, lld, a);
  MckBlockCyclicScatter(&bc, n, R, mloc, qloc, lld, b);
  pdpotrf_("U", &n, a, &one, &one, desca, &info);
  PetscCheck(
      !info, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
      "the normal equations of the fit are singular (ScaLAPACK pdpotrf info %d): raise -gen_fit_lambda or the number of training samples",
      info);
  pdpotrs_("U", &n, &nrhs, a, &one, &one, desca, b, &one, &one, descb, &info);
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "ScaLAPACK pdpotrs failed (info %d)", info);
  PetscCall(PetscArrayzero(R, (size_t)n * nrhs));
  MckBlockCyclicGather(&bc, n, b, mloc, qloc, lld, R);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, R, n * nrhs, MPIU_REAL, MPIU_SUM, comm));
  PetscCall(PetscFree2(a, b));
  Cblacs_gridexit(ctxt);
  PetscFunctionReturn(0);
}
