/* The pspin model's row layouts: the cyclic working layout of the solve, the natural layout of the
 * result, the move from one to the other, and the memory they need.
 *
 * Step i -> i+1 updates the rows j <= i (the earlier time t_j), each with O(i) work, and ends
 * with a collective, so the time of a step is that of the rank with the most active rows. With
 * contiguous row blocks only the first rank works early on, and the synchronous speed-up is
 * bounded by 1.45 on 2 ranks and 2.7 on 4 (1.60 and 2.69 with blocks cut at equal total work).
 * The solve therefore deals the times out cyclically: rank r holds t_j for j = r, r + P,
 * r + 2P, ... (local row k <-> j = r + k P), so every step's active rows differ by at most one
 * between ranks and the bound is P. The working matrices are MATMPIDENSE in that row order;
 * MckPSpinSolve moves the result to natural order (row i = t_i) with one MPI_Alltoallw per
 * matrix whose derived datatypes read and write the dense storage in place. */
#include "dmft/pspinimpl.h"

/* Natural ownership: rank r holds rows [ranges[r], ranges[r+1]), as many as it holds cyclically
 * (M / P, plus one for r < M mod P). */
PetscErrorCode MckPSpinLayoutSetUp(MckPSpin ps)
{
  PetscFunctionBeginUser;
  ps->ranges[0] = 0;
  for (PetscMPIInt r = 0; r < ps->size; r++)
    ps->ranges[r + 1] = ps->ranges[r] + ps->M / ps->size + (r < ps->M % ps->size);
  ps->nlocal = ps->ranges[ps->rank + 1] - ps->ranges[ps->rank];
  PetscFunctionReturn(0);
}

/* Local rows of rank r (cyclic) whose time j = r + k P satisfies j <= jmax: a prefix. */
PetscInt MckPSpinCyclicUpTo(PetscMPIInt r, PetscMPIInt P, PetscInt M, PetscInt jmax)
{
  const PetscInt cap = M / P + (r < M % P);
  if (jmax < r) return 0;
  return PetscMin(cap, (jmax - r) / P + 1);
}

/* The two layouts of a matrix coexist while it is moved, and the other matrix is alive too:
 * three matrices' local storage at the peak. Refuse, naming the bytes, beyond -pspin_max_memory,
 * and beyond the node's memory (all ranks of a node together, cgroup, SLURM). */
PetscErrorCode MckPSpinMemoryCheck(MckPSpin ps)
{
  const PetscReal rows  = (PetscReal)(ps->M / ps->size + (ps->M % ps->size != 0));
  const PetscReal need  = 3.0 * sizeof(PetscReal) * rows * (PetscReal)ps->M;
  const PetscReal total = 2.0 * sizeof(PetscReal) * (PetscReal)ps->M * (PetscReal)ps->M;
  PetscObject     o     = (PetscObject)ps->d;
  char            value[32];

  PetscFunctionBeginUser;
  PetscCheck(
      need <= ps->max_memory, ps->comm, PETSC_ERR_USER_INPUT,
      "%s %g with %" PetscInt_FMT
      " steps (%s or %s): the two-time matrices C and R need %.0f bytes (%.3g GB) and up to %.0f bytes on one of %d rank(s), above %s %.0f; use fewer steps, more ranks or raise %s",
      McKeanOptionName(o, "-pspin_tmax"), (double)ps->tmax, ps->n, McKeanOptionName(o, "-pspin_dt"),
      McKeanOptionName(o, "-pspin_steps"), (double)total, (double)total / 1e9, (double)need, ps->size,
      McKeanOptionName(o, "-pspin_max_memory"), (double)ps->max_memory, McKeanOptionName(o, "-pspin_max_memory"));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, ps->n));
  PetscCall(McKeanCheckMemory(ps->comm, McKeanOptionName(o, "-pspin_steps"), value, need));
  PetscFunctionReturn(0);
}

/* A row of a column-major local block (M entries, stride lda) as an MPI datatype whose extent
 * is `extent` rows, so that `count` consecutive elements are rows 0, extent, 2 extent, ... */
static PetscErrorCode RowType(PetscInt M, PetscInt lda, PetscInt extent, MPI_Datatype *t)
{
  MPI_Datatype v;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Type_vector((PetscMPIInt)M, 1, (PetscMPIInt)PetscMax(lda, 1), MPIU_REAL, &v));
  PetscCallMPI(MPI_Type_create_resized(v, 0, (MPI_Aint)(extent * sizeof(PetscReal)), t));
  PetscCallMPI(MPI_Type_commit(t));
  PetscCallMPI(MPI_Type_free(&v));
  PetscFunctionReturn(0);
}

/* Copies every row between the cyclic matrix W and the natural matrix N (both existing), in
 * either direction (the final reordering, checkpoints and restarts). Rank r holds its times j = r + k P in [ranges[d], ranges[d+1]) as
 * consecutive local rows k of W; rank d holds the times j = q (mod P) of its range, every P-th
 * of its local rows of N. Pure data movement: one MPI_Alltoallw. */
PetscErrorCode MckPSpinRedistribute(MckPSpin ps, Mat W, Mat N, PetscBool to_natural)
{
  const PetscMPIInt P = ps->size, r = ps->rank;
  const PetscInt    M = ps->M, R0 = ps->ranges[r], R1 = ps->ranges[r + 1];
  PetscReal        *w, *a;
  PetscInt          ldw, ldn;
  PetscMPIInt      *sc, *sd, *rc, *rd;
  MPI_Datatype     *st, *rt, cyc, nat;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(W, &ldw));
  PetscCall(MatDenseGetLDA(N, &ldn));
  PetscCall(MatDenseGetArray(W, &w));
  PetscCall(MatDenseGetArray(N, &a));
  PetscCall(RowType(M, ldw, 1, &cyc));
  PetscCall(RowType(M, ldn, P, &nat));
  PetscCall(PetscMalloc6(P, &sc, P, &sd, P, &rc, P, &rd, P, &st, P, &rt));
  for (PetscMPIInt d = 0; d < P; d++) {
    const PetscInt k0 = MckPSpinCyclicUpTo(r, P, M, ps->ranges[d] - 1),
                   k1 = MckPSpinCyclicUpTo(r, P, M, ps->ranges[d + 1] - 1);
    const PetscInt j0 = R0 + (((d - R0) % P) + P) % P; /* first time = d (mod P) in my range */
    sc[d]             = (PetscMPIInt)(k1 - k0);
    sd[d]             = (PetscMPIInt)(k0 * sizeof(PetscReal));
    rc[d]             = (PetscMPIInt)(j0 < R1 ? (R1 - 1 - j0) / P + 1 : 0);
    rd[d]             = (PetscMPIInt)((j0 < R1 ? j0 - R0 : 0) * sizeof(PetscReal));
    st[d]             = cyc;
    rt[d]             = nat;
  }
  if (to_natural) PetscCallMPI(MPI_Alltoallw(w, sc, sd, st, a, rc, rd, rt, ps->comm));
  else PetscCallMPI(MPI_Alltoallw(a, rc, rd, rt, w, sc, sd, st, ps->comm));
  PetscCall(PetscFree6(sc, sd, rc, rd, st, rt));
  PetscCallMPI(MPI_Type_free(&cyc));
  PetscCallMPI(MPI_Type_free(&nat));
  PetscCall(MatDenseRestoreArray(W, &w));
  PetscCall(MatDenseRestoreArray(N, &a));
  PetscCall(MatAssemblyBegin(to_natural ? N : W, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(to_natural ? N : W, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

/* A new M x M MATMPIDENSE with this rank's nlocal rows (zero), named name. */
PetscErrorCode MckPSpinCreateMatrix(MckPSpin ps, const char name[], Mat *A)
{
  PetscFunctionBeginUser;
  PetscCall(MatCreateDense(ps->comm, ps->nlocal, PETSC_DECIDE, ps->M, ps->M, NULL, A));
  PetscCall(PetscObjectSetName((PetscObject)*A, name));
  PetscFunctionReturn(0);
}

/* *W (cyclic rows) -> *N (natural rows, new); *W is destroyed. */
PetscErrorCode MckPSpinToNatural(MckPSpin ps, Mat *W, Mat *N)
{
  const char *name;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetName((PetscObject)*W, &name));
  PetscCall(MckPSpinCreateMatrix(ps, name, N));
  PetscCall(MckPSpinRedistribute(ps, *W, *N, PETSC_TRUE));
  PetscCall(MatDestroy(W));
  PetscFunctionReturn(0);
}
