/* The pspin model's time stepping: Heun predictor-corrector on the rows of the two-time grid with
 * trapezoidal memory integrals (equations and their discretisation: docs/pspin.md).
 *
 * Step i -> i+1 computes the new row C(t_{i+1}, t_j), R(t_{i+1}, t_j), j <= i. The entry j
 * needs the whole column t' = t_j of C and R up to t_i (C(t_s, t_j), R(t_j, t_s), R(t_s, t_j))
 * and the current row's kernels f'(C(t_i, s)), f''(C(t_i, s)) R(t_i, s), which are replicated.
 * The rank owning row j (times dealt out cyclically, pspinlayout.c) holds that column in its
 * own memory (C is symmetric; R's transpose sits in the causally empty upper triangle), so each
 * entry is computed by one rank, from local data and replicated data only, with the same
 * operations in the same order whatever the rank count. The only communication is one
 * MPI_Allgatherv of the new row (2 (i+1) doubles) per stage: results are bitwise identical on
 * any number of ranks, and the message volume per step is O(M), against O(M i / P) arithmetic. */
#include "dmft/pspinimpl.h"

static inline PetscReal IntPow(PetscReal x, PetscInt k)
{
  PetscReal y = 1;
  for (PetscInt a = 0; a < k; a++) y *= x;
  return y;
}

/* Trapezoidal weight of node s in the integral over [t_a, t_b] (zero on an empty interval). */
static inline PetscReal TrapWeight(PetscReal h, PetscInt s, PetscInt a, PetscInt b)
{
  if (a == b) return 0;
  return (s == a || s == b) ? 0.5 * h : h;
}

/* Kernels of row i: D[s] = f'(C(t_i,t_s)) = (p/2) C^(p-1), S[s] = f''(C) R = (p(p-1)/2) C^(p-2) R,
 * and the multiplier that keeps C(t,t) = 1,
 *   mu(t_i) = T + int_0^{t_i} ds [D R + S C](t_i, s) + (1/T') f'(C(t_i,0)) C(t_i,0).
 * Computed identically on every rank from the replicated row. */
PetscErrorCode MckPSpinKernels(MckPSpin ps, PetscInt i, const PetscReal Crow[], const PetscReal Rrow[], PetscReal D[],
                               PetscReal S[], PetscReal *mu)
{
  const PetscInt  p  = ps->p;
  const PetscReal a1 = 0.5 * p, a2 = 0.5 * p * (p - 1);
  PetscReal       m = 0;

  PetscFunctionBeginUser;
  for (PetscInt s = 0; s <= i; s++) {
    PetscReal cp2 = IntPow(Crow[s], p - 2);
    D[s]          = a1 * cp2 * Crow[s];
    S[s]          = a2 * cp2 * Rrow[s];
  }
  for (PetscInt s = 0; s <= i; s++) m += TrapWeight(ps->h, s, 0, i) * (D[s] * Rrow[s] + S[s] * Crow[s]);
  *mu = ps->T + m + ps->binit * D[0] * Crow[0];
  PetscFunctionReturn(0);
}

/* Number of this rank's rows j <= jmax (rows are computed only below the diagonal); they are
 * its first local rows, k < ActiveRows, with j = rank + k size. */
static inline PetscInt ActiveRows(MckPSpin ps, PetscMPIInt r, PetscInt jmax)
{
  return MckPSpinCyclicUpTo(r, ps->size, ps->M, jmax);
}

/* Right-hand sides at row i (its values Crow, Rrow, kernels ps->D, ps->S, multiplier mu) for
 * the local entries j <= jmax:
 *   Fc[j] = -mu C(t_i,t_j) + int_0^{t_j} D(s) R(t_j,s) + int_0^{t_i} S(s) C(t_s,t_j) + (1/T') D(0) C(t_j,0)
 *   Fr[j] = -mu R(t_i,t_j) + int_{t_j}^{t_i} S(s) R(t_s,t_j)
 * The sums run over s in the outer loop and over contiguous local rows j inside (the dense
 * storage is column-major), so every entry is summed in the order s = 0, 1, ... regardless of
 * where its row sits; the end-point half weights at s = j are added last. */
static PetscErrorCode Evaluate(MckPSpin ps, PetscInt i, PetscInt jmax, const PetscReal Crow[], const PetscReal Rrow[],
                               PetscReal mu, const PetscReal *c, const PetscReal *q, PetscInt lda, PetscReal Fc[],
                               PetscReal Fr[])
{
  const PetscInt   r0 = ps->rank, P = ps->size, nact = ActiveRows(ps, ps->rank, jmax);
  const PetscReal  h = ps->h, *D = ps->D, *S = ps->S;
  PetscReal *const t1 = ps->t1, *const t2 = ps->t2, *const t3 = ps->t3;

  PetscFunctionBeginUser;
  if (!nact) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_PSpinKernel, 0, 0, 0, 0));
  for (PetscInt k = 0; k < nact; k++) t1[k] = t2[k] = t3[k] = 0;
  for (PetscInt s = 0; s <= i; s++) {
    const PetscReal *cs = c + (size_t)s * lda, *qs = q + (size_t)s * lda;
    const PetscReal  b2    = TrapWeight(h, s, 0, i) * S[s];                   /* int_0^{t_i}, all j */
    const PetscReal  b1    = (s == 0 ? 0.5 * h : h) * D[s];                   /* int_0^{t_j}, j > s */
    const PetscReal  b3    = (s == i ? 0.5 * h : h) * S[s];                   /* int_{t_j}^{t_i}, j < s */
    const PetscInt   below = PetscMin(nact, ActiveRows(ps, ps->rank, s - 1)); /* local rows j < s */
    const PetscInt   above = PetscMin(nact, ActiveRows(ps, ps->rank, s));     /* j <= s */
    for (PetscInt k = 0; k < nact; k++) t2[k] += b2 * cs[k];
    for (PetscInt k = 0; k < below; k++) t3[k] += b3 * qs[k];    /* q(j, s) = R(t_s, t_j), s > j */
    for (PetscInt k = above; k < nact; k++) t1[k] += b1 * qs[k]; /* q(j, s) = R(t_j, t_s), s < j */
  }
  for (PetscInt k = 0; k < nact; k++) {
    const PetscInt  j   = r0 + k * P;
    const PetscReal Rjj = q[k + (size_t)j * lda];
    if (j > 0) t1[k] += 0.5 * h * D[j] * Rjj;
    if (j < i) t3[k] += 0.5 * h * S[j] * Rjj;
    Fc[k] = -mu * Crow[j] + t1[k] + t2[k] + ps->binit * D[0] * c[k];
    Fr[k] = -mu * Rrow[j] + t3[k];
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_PSpinKernel, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Replicate the entries j <= i of a new row from the ranks' local pieces (nact each) into
 * Cnew, Rnew, and set the diagonal C(t,t) = 1, R(t,t^-) = 1. One collective. */
static PetscErrorCode Exchange(MckPSpin ps, PetscInt i, const PetscReal pc[], const PetscReal pr[], PetscReal Cnew[],
                               PetscReal Rnew[])
{
  const PetscMPIInt P    = ps->size;
  const PetscInt    nact = ActiveRows(ps, ps->rank, i), mine = 2 * ps->ranges[ps->rank];
  PetscReal        *x = ps->xbuf;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_PSpinExchange, 0, 0, 0, 0));
  for (PetscMPIInt r = 0; r < P; r++) {
    ps->counts[r] = (PetscMPIInt)(2 * ActiveRows(ps, r, i));
    ps->displs[r] = (PetscMPIInt)(2 * ps->ranges[r]);
  }
  for (PetscInt k = 0; k < nact; k++) {
    x[mine + k]        = pc[k];
    x[mine + nact + k] = pr[k];
  }
  PetscCallMPI(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, x, ps->counts, ps->displs, MPIU_REAL, ps->comm));
  for (PetscMPIInt r = 0; r < P; r++) {
    const PetscInt a = ps->counts[r] / 2, base = ps->displs[r];
    for (PetscInt k = 0; k < a; k++) {
      Cnew[r + k * P] = x[base + k];
      Rnew[r + k * P] = x[base + a + k];
    }
  }
  Cnew[i + 1] = 1;
  Rnew[i + 1] = 1;
  PetscCall(PetscLogEventEnd(MCK_EVENT_PSpinExchange, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Store row i of the grid: as column i of the local rows j < i (C symmetric, R transposed),
 * and as row i itself on its owner. */
static void Insert(MckPSpin ps, PetscInt i, const PetscReal Crow[], const PetscReal Rrow[], PetscReal *c, PetscReal *q,
                   PetscInt lda)
{
  const PetscMPIInt r = ps->rank, P = ps->size;
  const PetscInt    nact = ActiveRows(ps, r, i - 1);
  PetscReal        *ci = c + (size_t)i * lda, *qi = q + (size_t)i * lda;

  for (PetscInt k = 0; k < nact; k++) {
    ci[k] = Crow[r + k * P];
    qi[k] = Rrow[r + k * P];
  }
  if (i % P == r) {
    const PetscInt k = i / P;
    for (PetscInt s = 0; s <= i; s++) {
      c[k + (size_t)s * lda] = Crow[s];
      q[k + (size_t)s * lda] = Rrow[s];
    }
  }
}

/* One Heun step from row i (in ps->Crow, ps->Rrow, ps->D, ps->S, ps->mu[i]) to row i + 1. */
static PetscErrorCode Step(MckPSpin ps, PetscInt i, PetscReal *c, PetscReal *q, PetscInt lda)
{
  const PetscInt  nact = ActiveRows(ps, ps->rank, i), r = ps->rank, P = ps->size;
  const PetscReal h = ps->h;
  PetscReal       mup, *tmp;

  PetscFunctionBeginUser;
  /* predictor: explicit Euler from the derivatives at t_i */
  PetscCall(Evaluate(ps, i, i, ps->Crow, ps->Rrow, ps->mu[i], c, q, lda, ps->Fc, ps->Fr));
  for (PetscInt k = 0; k < nact; k++) {
    ps->Gc[k] = ps->Crow[r + k * P] + h * ps->Fc[k];
    ps->Gr[k] = ps->Rrow[r + k * P] + h * ps->Fr[k];
  }
  PetscCall(Exchange(ps, i, ps->Gc, ps->Gr, ps->Cnext, ps->Rnext));
  Insert(ps, i + 1, ps->Cnext, ps->Rnext, c, q, lda);
  PetscCall(MckPSpinKernels(ps, i + 1, ps->Cnext, ps->Rnext, ps->D, ps->S, &mup));
  /* corrector: trapezoid of the derivatives at t_i and at the predicted t_{i+1} */
  PetscCall(Evaluate(ps, i + 1, i, ps->Cnext, ps->Rnext, mup, c, q, lda, ps->Gc, ps->Gr));
  for (PetscInt k = 0; k < nact; k++) {
    ps->Gc[k] = ps->Crow[r + k * P] + 0.5 * h * (ps->Fc[k] + ps->Gc[k]);
    ps->Gr[k] = ps->Rrow[r + k * P] + 0.5 * h * (ps->Fr[k] + ps->Gr[k]);
  }
  PetscCall(Exchange(ps, i, ps->Gc, ps->Gr, ps->Cnext, ps->Rnext));
  Insert(ps, i + 1, ps->Cnext, ps->Rnext, c, q, lda);
  PetscCall(MckPSpinKernels(ps, i + 1, ps->Cnext, ps->Rnext, ps->D, ps->S, &ps->mu[i + 1]));
  tmp       = ps->Crow;
  ps->Crow  = ps->Cnext;
  ps->Cnext = tmp;
  tmp       = ps->Rrow;
  ps->Rrow  = ps->Rnext;
  ps->Rnext = tmp;
  PetscFunctionReturn(0);
}

/* R's upper triangle held the transpose during the solve; R(t,t') = 0 for t' > t. */
static void ClearUpperTriangle(MckPSpin ps, PetscReal *q, PetscInt lda)
{
  for (PetscInt k = 0; k < ps->nlocal; k++)
    for (PetscInt s = ps->rank + k * ps->size + 1; s < ps->M; s++) q[k + (size_t)s * lda] = 0;
}

/* The working matrices (zero), cyclic rows, sharing their leading dimension. */
PetscErrorCode MckPSpinCreateWork(MckPSpin ps)
{
  PetscInt lda, ldq;

  PetscFunctionBeginUser;
  PetscCall(MatDestroy(&ps->Cw));
  PetscCall(MatDestroy(&ps->Rw));
  PetscCall(MckPSpinCreateMatrix(ps, "C", &ps->Cw));
  PetscCall(MckPSpinCreateMatrix(ps, "R", &ps->Rw));
  PetscCall(MatDenseGetLDA(ps->Cw, &lda));
  PetscCall(MatDenseGetLDA(ps->Rw, &ldq));
  PetscCheck(lda == ldq, ps->comm, PETSC_ERR_PLIB, "C and R must share their leading dimension");
  PetscFunctionReturn(0);
}

/* The working matrices and row 0 of a fresh solve: C(0,0) = 1, R(0,0^-) = 1. */
PetscErrorCode MckPSpinStartFresh(MckPSpin ps)
{
  PetscReal *c, *q;
  PetscInt   lda;

  PetscFunctionBeginUser;
  PetscCall(MckPSpinCreateWork(ps));
  PetscCall(MatDenseGetLDA(ps->Cw, &lda));
  PetscCall(MatDenseGetArray(ps->Cw, &c));
  PetscCall(MatDenseGetArray(ps->Rw, &q));
  ps->Crow[0] = 1;
  ps->Rrow[0] = 1;
  Insert(ps, 0, ps->Crow, ps->Rrow, c, q, lda);
  PetscCall(MatDenseRestoreArray(ps->Cw, &c));
  PetscCall(MatDenseRestoreArray(ps->Rw, &q));
  PetscCall(MckPSpinKernels(ps, 0, ps->Crow, ps->Rrow, ps->D, ps->S, &ps->mu[0]));
  ps->step = 0;
  PetscFunctionReturn(0);
}

/* One step, row i -> i + 1 (with the working matrices' arrays restored after it, so that a
 * checkpoint may read them); after the last, the result moves to natural row order. */
PetscErrorCode MckPSpinStep(MckPSpin ps)
{
  const PetscInt i = ps->step;
  PetscReal     *c, *q;
  PetscInt       lda;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(ps->Cw, &lda));
  PetscCall(MatDenseGetArray(ps->Cw, &c));
  PetscCall(MatDenseGetArray(ps->Rw, &q));
  PetscCall(Step(ps, i, c, q, lda));
  ps->step = i + 1;
  if (i + 1 == ps->n) ClearUpperTriangle(ps, q, lda);
  PetscCall(MatDenseRestoreArray(ps->Cw, &c));
  PetscCall(MatDenseRestoreArray(ps->Rw, &q));
  if (ps->step < ps->n) PetscFunctionReturn(0);
  PetscCall(MckPSpinToNatural(ps, &ps->Cw, &ps->C));
  PetscCall(MckPSpinToNatural(ps, &ps->Rw, &ps->R));
  ps->done = PETSC_TRUE;
  PetscFunctionReturn(0);
}
