/* Solver "network": the finite random network itself, to check the DMFT against.
 *
 * J (N x N) is a dense PETSc matrix distributed by rows in chunk-aligned blocks (the ownership
 * of MckStatsChunkOwnership), J_ij = g / sqrt(N) * normal number j of stream i at step
 * MCK_DMFT_STEP_COUPLINGS: J is the same matrix on any rank count. Each step gathers phi(x)
 * (one allgather: a finite network needs every phi) and multiplies by the local rows one chunk
 * at a time (one GEMV per chunk: a row's sum is then computed in the same order whatever the
 * rank count). The "exp" integrator is the predictor-corrector form of sitestep.c's scheme
 * (second order: eta at the step's end from the predicted state), "euler" is Euler-Maruyama.
 * x_i(0) ~ N(0, q0) (stream i, step MCK_DMFT_STEP_INIT); the noise of neuron i at step k is
 * its normal 0 of step k. The paths are kept and reduced to C_x, C_phi by twotime.c. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

static PetscErrorCode FillCouplings(MckDMFT d)
{
  const PetscInt  N     = d->network_n;
  const PetscReal scale = d->g / PetscSqrtReal((PetscReal)N);
  PetscReal      *a;
  PetscInt        lda;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(d->J, &lda));
  PetscCall(MatDenseGetArrayWrite(d->J, &a));
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt off = c * d->chunk, nb = PetscMin(d->chunk, d->nlocal - off);
    for (PetscInt j = 0; j < N; j++) d->cols[j] = a + (size_t)j * lda + off;
    PetscCall(MckRNGNormals(d->rng, d->gstart + off, nb, MCK_DMFT_STEP_COUPLINGS, 0, N, d->cols));
  }
  for (PetscInt j = 0; j < N; j++)
    for (PetscInt i = 0; i < d->nlocal; i++) a[i + (size_t)j * lda] *= scale;
  PetscCall(MatDenseRestoreArrayWrite(d->J, &a));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSetUp_Network(MckDMFT d)
{
  const PetscInt N = d->network_n;
  size_t         nT;
  PetscMPIInt    size, nl;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTTwoTimeRegister(d, N, d->chunk));
  nT = (size_t)d->T * PetscMax(d->nlocal, 1);
  PetscCallMPI(MPI_Comm_size(d->comm, &size));
  PetscCall(MatCreateDense(d->comm, d->nlocal, PETSC_DECIDE, N, N, NULL, &d->J));
  PetscCall(FillCouplings(d));
  PetscCall(PetscMalloc2(nT, &d->xh, nT, &d->ph));
  PetscCall(PetscMalloc5(N, &d->phi_all, d->nlocal + 1, &d->eta0, d->nlocal + 1, &d->eta1, d->nlocal + 1, &d->xs, d->nlocal + 1, &d->xi));
  PetscCall(PetscMalloc2(size, &d->counts, size, &d->displs));
  PetscCall(PetscMPIIntCast(d->nlocal, &nl));
  PetscCallMPI(MPI_Allgather(&nl, 1, MPI_INT, d->counts, 1, MPI_INT, d->comm));
  d->displs[0] = 0;
  for (PetscMPIInt r = 1; r < size; r++) d->displs[r] = d->displs[r - 1] + d->counts[r - 1];
  PetscFunctionReturn(0);
}

/* eta = J phi_all(local phi gathered), one GEMV per chunk of rows. */
static PetscErrorCode Field(MckDMFT d, const PetscReal phi_local[], PetscReal eta[])
{
  const PetscReal *a;
  PetscInt         lda;
  PetscBLASInt     bn, bN, blda, one = 1;
  PetscReal        alpha = 1, beta = 0;
  PetscMPIInt      nl;

  PetscFunctionBeginUser;
  PetscCall(PetscMPIIntCast(d->nlocal, &nl));
  PetscCallMPI(MPI_Allgatherv(phi_local, nl, MPIU_REAL, d->phi_all, d->counts, d->displs, MPIU_REAL, d->comm));
  PetscCall(MatDenseGetLDA(d->J, &lda));
  PetscCall(MatDenseGetArrayRead(d->J, &a));
  PetscCall(PetscBLASIntCast(d->network_n, &bN));
  PetscCall(PetscBLASIntCast(PetscMax(lda, 1), &blda));
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt off = c * d->chunk, nb = PetscMin(d->chunk, d->nlocal - off);
    PetscCall(PetscBLASIntCast(nb, &bn));
    PetscCallBLAS("BLASgemv", BLASgemv_("N", &bn, &bN, &alpha, a + off, &blda, d->phi_all, &one, &beta, eta + off, &one));
  }
  PetscCall(MatDenseRestoreArrayRead(d->J, &a));
  PetscCall(PetscLogFlops(2.0 * d->nlocal * d->network_n));
  PetscFunctionReturn(0);
}

static PetscErrorCode InitialState(MckDMFT d)
{
  const PetscReal s0 = PetscSqrtReal(d->q0);

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt off = c * d->chunk, nb = PetscMin(d->chunk, d->nlocal - off);
    PetscReal     *col = d->xh + off;
    PetscCall(MckRNGNormals(d->rng, d->gstart + off, nb, MCK_DMFT_STEP_INIT, 0, 1, &col));
  }
  for (PetscInt i = 0; i < d->nlocal; i++) d->xh[i] *= s0;
  d->act->phi(d->nlocal, d->xh, d->ph);
  d->network_step = 0;
  PetscFunctionReturn(0);
}

/* phi of the restored paths (elementwise, as each step computed it), so that only x is stored. */
static PetscErrorCode RestoredPhi(MckDMFT d)
{
  PetscFunctionBeginUser;
  d->act->phi((d->network_step + 1) * d->nlocal, d->xh, d->ph);
  PetscFunctionReturn(0);
}

static PetscErrorCode StepNoise(MckDMFT d, PetscInt64 k)
{
  PetscFunctionBeginUser;
  if (d->step.kick == 0) PetscFunctionReturn(0);
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt off = c * d->chunk, nb = PetscMin(d->chunk, d->nlocal - off);
    PetscReal     *col = d->xi + off;
    PetscCall(MckRNGNormals(d->rng, d->gstart + off, nb, k, 0, 1, &col));
  }
  PetscFunctionReturn(0);
}

/* x_{k+1} from x_k (columns k and k+1 of the local history). */
static PetscErrorCode NetworkStep(MckDMFT d, PetscInt k)
{
  const PetscInt    n = d->nlocal;
  const PetscReal  *x0 = d->xh + (size_t)k * n, *p0 = d->ph + (size_t)k * n;
  PetscReal        *x1 = d->xh + (size_t)(k + 1) * n, *p1 = d->ph + (size_t)(k + 1) * n;
  MckDMFTStepCoeffs predictor = d->step;

  PetscFunctionBeginUser;
  PetscCall(StepNoise(d, k));
  PetscCall(Field(d, p0, d->eta0));
  if (d->integrator == MCK_DMFT_EXP) { /* predictor: eta held at eta0 over the step */
    predictor.w0 = d->step.w0 + d->step.w1;
    predictor.w1 = 0;
    MckDMFTStepApply(&predictor, n, x0, d->eta0, d->eta0, d->xi, d->xs);
    d->act->phi(n, d->xs, p1);
    PetscCall(Field(d, p1, d->eta1));
  }
  MckDMFTStepApply(&d->step, n, x0, d->eta0, d->integrator == MCK_DMFT_EXP ? d->eta1 : d->eta0, d->xi, x1);
  d->act->phi(n, x1, p1);
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSolve_Network(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTNetwork, 0, 0, 0, 0));
  if (!d->restored) PetscCall(InitialState(d));
  else PetscCall(RestoredPhi(d));
  d->restored = PETSC_FALSE; /* a later solve starts afresh */
  for (PetscInt k = d->network_step; k + 1 < d->T; k++) {
    PetscCall(NetworkStep(d, k));
    d->network_step = k + 1;
    if (d->monitor && k + 2 < d->T) PetscCall(d->monitor(d, k + 1, d->monitor_ctx));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTNetwork, 0, 0, 0, 0));
  PetscCall(MckDMFTTwoTimeZero(d, PETSC_TRUE));
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt off = c * d->chunk, nb = PetscMin(d->chunk, d->nlocal - off);
    PetscCall(MckDMFTTwoTimeAccumulate(d, PETSC_TRUE, nb, d->nlocal, d->xh + off, d->ph + off, d->network_n));
  }
  PetscCall(MckDMFTTwoTimeReduce(d, PETSC_TRUE));
  PetscCall(MckDMFTStationaryAverage(d));
  d->converged = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTDestroy_Network(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree2(d->xh, d->ph));
  PetscCall(PetscFree5(d->phi_all, d->eta0, d->eta1, d->xs, d->xi));
  PetscCall(PetscFree2(d->counts, d->displs));
  PetscFunctionReturn(0);
}
