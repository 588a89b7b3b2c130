/* Helpers of the p-spin tests: solve with a set of options and gather C and R on every rank. */
#pragma once
#include <mckean/mckpspin.h>

typedef struct {
  PetscInt   n, M;  /* steps, grid points */
  PetscReal  h, T;  /* step, temperature */
  PetscReal *C, *R; /* row-major M x M, replicated: C[i*M + j] = C(t_i, t_j) */
  PetscReal *mu;    /* M */
} PSpinRun;

#define PSPIN_C(run, i, j) ((run)->C[(size_t)(i) * (run)->M + (j)])
#define PSPIN_R(run, i, j) ((run)->R[(size_t)(i) * (run)->M + (j)])

/* Every rank receives the whole matrix in row-major order. */
static inline PetscErrorCode PSpinGatherDense(Mat A, PetscInt M, PetscReal full[])
{
  const PetscReal *a;
  PetscInt         rstart, rend, lda;
  PetscMPIInt      size, *counts, *displs;
  const PetscInt  *ranges;
  PetscReal       *mine;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PetscObjectComm((PetscObject)A), &size));
  PetscCall(MatGetOwnershipRange(A, &rstart, &rend));
  PetscCall(MatGetOwnershipRanges(A, &ranges));
  PetscCall(MatDenseGetLDA(A, &lda));
  PetscCall(MatDenseGetArrayRead(A, &a));
  PetscCall(PetscMalloc3((size_t)(rend - rstart) * M + 1, &mine, size, &counts, size, &displs));
  for (PetscInt i = rstart; i < rend; i++)
    for (PetscInt j = 0; j < M; j++) mine[(size_t)(i - rstart) * M + j] = a[(i - rstart) + (size_t)j * lda];
  for (PetscMPIInt r = 0; r < size; r++) {
    counts[r] = (PetscMPIInt)((ranges[r + 1] - ranges[r]) * M);
    displs[r] = (PetscMPIInt)(ranges[r] * M);
  }
  PetscCallMPI(MPI_Allgatherv(mine, (PetscMPIInt)((rend - rstart) * M), MPIU_REAL, full, counts, displs, MPIU_REAL,
                              PetscObjectComm((PetscObject)A)));
  PetscCall(MatDenseRestoreArrayRead(A, &a));
  PetscCall(PetscFree3(mine, counts, displs));
  PetscFunctionReturn(0);
}

/* A solver of the pspin model with the options opts alone in the database (cleared first). */
static inline PetscErrorCode PSpinCreateWith(const char opts[], MckDMFT *ps)
{
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckDMFTCreate(PETSC_COMM_WORLD, ps));
  PetscCall(MckDMFTSetType(*ps, MCKDMFT_PSPIN));
  PetscFunctionReturn(0);
}

/* Solve with the options opts (the database is cleared first) and gather the result. */
static inline PetscErrorCode PSpinSolveWith(const char opts[], PSpinRun *run)
{
  MckDMFT          ps;
  Mat              C, R;
  const PetscReal *mu;

  PetscFunctionBeginUser;
  PetscCall(PSpinCreateWith(opts, &ps));
  PetscCall(MckDMFTSetFromOptions(ps));
  PetscCall(MckDMFTSetUp(ps));
  PetscCall(MckDMFTSolve(ps));
  PetscCall(McKeanOptionsCheckUnused(PETSC_COMM_WORLD));
  PetscCall(MckDMFTPSpinGetGrid(ps, &run->n, &run->h));
  run->T = 1.0; /* the default of -pspin_temperature */
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-pspin_temperature", &run->T, NULL));
  run->M = run->n + 1;
  PetscCall(PetscMalloc3((size_t)run->M * run->M, &run->C, (size_t)run->M * run->M, &run->R, run->M, &run->mu));
  PetscCall(MckDMFTPSpinGetCorrelation(ps, &C, &R));
  PetscCall(PSpinGatherDense(C, run->M, run->C));
  PetscCall(PSpinGatherDense(R, run->M, run->R));
  PetscCall(MckDMFTPSpinGetMultiplier(ps, &mu));
  PetscCall(PetscArraycpy(run->mu, mu, run->M));
  PetscCall(MckDMFTDestroy(&ps));
  PetscFunctionReturn(0);
}

static inline PetscErrorCode PSpinRunFree(PSpinRun *run)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(run->C, run->R, run->mu));
  PetscFunctionReturn(0);
}
