/* The learned drift's fit as a summary statistic (DESIGN.md §1): least squares on features,
 *   min_C (1/M) sum_i |C^T phi_i - y_i|^2 + lambda |C|^2,   (A/M + lambda I) C = B/M,
 * with A = sum phi phi^T (p x p), B = sum phi y^T (p x q). Each chunk's partial A (DSYRK, upper
 * triangle) and B (DGEMM) are added exactly to an MckStats, so ONE reduction of p(p+1)/2 + pq + 2
 * numbers combines every rank's samples, bitwise the same on any rank count; the totals of
 * successive rounds are added in double in round order (identical on every rank and after a
 * restart). Every rank then solves the same p x p system with LAPACK (Cholesky, dpotrf/dpotrs):
 * identical input bits give identical coefficients everywhere; from -gen_fit_scalapack_threshold
 * features on, ScaLAPACK over all ranks (fitscalapack.c). Communication per fit is the size
 * of the normal equations, independent of the number of samples. */
#include "gen/genimpl.h"
#include <petscblaslapack.h>

PetscErrorCode MckGenFitCreate(MPI_Comm comm, PetscInt p, PetscInt q, PetscReal lambda, PetscInt scalapack_threshold,
                               MckGenFit **fit)
{
  MckGenFit *f;
  char       value[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT " features", p));
  /* totals, chunk partials and the solve's copy: 3 p^2 + 3 pq doubles, the exact sums 16 bytes each */
  PetscCall(McKeanCheckMemory(comm, "-features_*", value,
                              (3.0 * p * p + 3.0 * p * q) * sizeof(PetscReal) + 16.0 * (p * (p + 1) / 2 + p * q)));
  PetscCall(PetscNew(&f));
  f->comm                = comm;
  f->p                   = p;
  f->q                   = q;
  f->ntri                = p * (p + 1) / 2;
  f->lambda              = lambda;
  f->scalapack_threshold = scalapack_threshold;
  PetscCall(MckStatsCreate(comm, &f->stats));
  PetscCall(MckStatsRegister(f->stats, "fit_FtF", f->ntri, &f->offA));
  PetscCall(MckStatsRegister(f->stats, "fit_FtY", p * q, &f->offB));
  PetscCall(MckStatsRegister(f->stats, "fit_YtY", 1, &f->offS));
  PetscCall(MckStatsRegister(f->stats, "fit_count", 1, &f->offM));
  PetscCall(MckStatsSetUp(f->stats));
  PetscCall(
      PetscCalloc4((size_t)p * p, &f->A, (size_t)p * q, &f->B, (size_t)p * q, &f->C, (size_t)p * p + 1, &f->work));
  PetscCall(PetscCalloc3((size_t)p * p, &f->chunkA, (size_t)p * q, &f->chunkB, f->ntri, &f->tri));
  *fit = f;
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenFitDestroy(MckGenFit **fit)
{
  PetscFunctionBeginUser;
  if (!*fit) PetscFunctionReturn(0);
  PetscCall(MckStatsDestroy(&(*fit)->stats));
  PetscCall(PetscFree4((*fit)->A, (*fit)->B, (*fit)->C, (*fit)->work));
  PetscCall(PetscFree3((*fit)->chunkA, (*fit)->chunkB, (*fit)->tri));
  PetscCall(PetscFree(*fit));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenFitZero(MckGenFit *f)
{
  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(f->stats));
  PetscFunctionReturn(0);
}

/* One chunk: n rows of Phi (row-major n x p, i.e. column-major p x n) and Y (n x q). */
PetscErrorCode MckGenFitAddChunk(MckGenFit *f, PetscInt n, const PetscReal Phi[], const PetscReal Y[])
{
  const PetscBLASInt P = (PetscBLASInt)f->p, Q = (PetscBLASInt)f->q, N = (PetscBLASInt)n;
  const PetscReal    one = 1, zero = 0, count = (PetscReal)n;
  PetscReal          s = 0;
  PetscInt           k = 0;

  PetscFunctionBeginUser;
  if (!n) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenFitAccumulate, 0, 0, 0, 0));
  BLASsyrk_("U", "N", &P, &N, &one, Phi, &P, &zero, f->chunkA, &P);
  BLASgemm_("N", "T", &P, &Q, &N, &one, Phi, &P, Y, &Q, &zero, f->chunkB, &P);
  for (PetscInt j = 0; j < f->p; j++)
    for (PetscInt i = 0; i <= j; i++) f->tri[k++] = f->chunkA[i + (size_t)j * f->p];
  for (PetscInt i = 0; i < n * f->q; i++) s += Y[i] * Y[i];
  PetscCall(MckStatsAdd(f->stats, f->offA, f->ntri, f->tri));
  PetscCall(MckStatsAdd(f->stats, f->offB, f->p * f->q, f->chunkB));
  PetscCall(MckStatsAdd(f->stats, f->offS, 1, &s));
  PetscCall(MckStatsAdd(f->stats, f->offM, 1, &count));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenFitAccumulate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* One collective; the round's exact totals are added to the running ones. */
PetscErrorCode MckGenFitReduce(MckGenFit *f)
{
  const PetscReal *sums;
  PetscInt         k = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenFitAccumulate, 0, 0, 0, 0));
  PetscCall(MckStatsReduce(f->stats));
  PetscCall(MckStatsGetSums(f->stats, &sums));
  for (PetscInt j = 0; j < f->p; j++)
    for (PetscInt i = 0; i <= j; i++, k++) {
      f->A[i + (size_t)j * f->p] += sums[f->offA + k];
      if (i != j) f->A[j + (size_t)i * f->p] += sums[f->offA + k];
    }
  for (PetscInt i = 0; i < f->p * f->q; i++) f->B[i] += sums[f->offB + i];
  f->S += sums[f->offS];
  f->M += sums[f->offM];
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenFitAccumulate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* (A/M + lambda I) C = B/M by Cholesky; the training residual (1/M) sum |C^T phi - y|^2. */
PetscErrorCode MckGenFitSolve(MckGenFit *f)
{
  const PetscInt p = f->p, q = f->q;
  PetscBLASInt   P = (PetscBLASInt)p, Q = (PetscBLASInt)q, info;
  PetscReal      r;

  PetscFunctionBeginUser;
  PetscCheck(f->M > 0, f->comm, PETSC_ERR_ORDER, "no training samples to fit");
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenFitSolve, 0, 0, 0, 0));
  for (PetscInt i = 0; i < p * p; i++) f->work[i] = f->A[i] / f->M;
  for (PetscInt i = 0; i < p; i++) f->work[i + (size_t)i * p] += f->lambda;
  for (PetscInt i = 0; i < p * q; i++) f->C[i] = f->B[i] / f->M;
  if (p >= f->scalapack_threshold) PetscCall(MckGenFitSolveScaLAPACK(f->comm, p, q, f->work, f->C));
  else {
    LAPACKpotrf_("U", &P, f->work, &P, &info);
    PetscCheck(
        !info, f->comm, PETSC_ERR_USER_INPUT,
        "the normal equations of the fit are singular (LAPACK dpotrf info %d): raise -gen_fit_lambda or the number of training samples",
        (int)info);
    LAPACKpotrs_("U", &P, &Q, f->work, &P, f->C, &P, &info);
    PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK dpotrs failed (info %d)", (int)info);
  }
  /* residual = S/M - 2 <C, B>/M + <C, (A/M) C> */
  r = f->S / f->M;
  for (PetscInt k = 0; k < q; k++) {
    const PetscReal *c = f->C + (size_t)k * p, *b = f->B + (size_t)k * p;
    for (PetscInt i = 0; i < p; i++) {
      PetscReal ac = 0;
      for (PetscInt j = 0; j < p; j++) ac += f->A[i + (size_t)j * p] * c[j];
      r += (c[i] * ac - 2 * c[i] * b[i]) / f->M;
    }
  }
  f->residual = r;
  f->solved   = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenFitSolve, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* out (n x q, row-major) = Phi C */
PetscErrorCode MckGenFitApply(MckGenFit *f, PetscInt n, const PetscReal Phi[], PetscReal out[])
{
  const PetscBLASInt P = (PetscBLASInt)f->p, Q = (PetscBLASInt)f->q, N = (PetscBLASInt)n;
  const PetscReal    one = 1, zero = 0;

  PetscFunctionBeginUser;
  if (n) BLASgemm_("T", "N", &Q, &N, &P, &one, f->C, &P, Phi, &P, &zero, out, &Q);
  PetscFunctionReturn(0);
}
