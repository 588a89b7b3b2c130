/* Solver "population": the self-consistent single site by sampling (DESIGN.md §1).
 *
 * One evaluation of the map G(C_phi):
 *   1. K = g^2 C_phi + jitter max(diag) I = L L^T (Cholesky, cholesky.c), replicated;
 *   2. per chunk of B paths (global ids gid0 .. gid0 + nb): standard normals Z (nb x T) from
 *      MckRNG (stream = path id, step = 0 if the noise is frozen, else the evaluation count,
 *      draws 0..T-1), fields H = Z L^T by one GEMM, so that <H(t) H(t')> = K(t, t');
 *   3. the paths x(t_k) integrated from x(0) ~ N(0, q0) (draw 2T) with the white noise of
 *      draws T .. 2T-2 (sitestep.c);
 *   4. the chunk's Gram matrix of phi(x) added to the two-time statistic, and after the loop
 *      ONE reproducible reduction (twotime.c): G(C_phi) is the new C_phi.
 * C_x is accumulated only in one more evaluation at the final iterate (one SYRK per chunk and
 * half the reduction saved in every iteration).
 * The fixed point C_phi = G(C_phi) is found by PETSc SNES on the residual C_phi - G(C_phi) of
 * the packed upper triangle: nrichardson with a basic line search of damping lambda is the
 * damped iteration C <- (1 - lambda) C + lambda G(C) (-dmft_snes_type anderson accelerates it).
 * Every rank holds the same C_phi and runs the same SNES on PETSC_COMM_SELF: the only
 * communication of an iteration is the reduction. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

/* Normals of draws [draw0, draw0 + ndraws) for the chunk's nb paths into Y (column-major,
 * leading dimension B). */
static PetscErrorCode ChunkNormals(MckDMFT d, PetscInt64 gid0, PetscInt nb, PetscInt64 key, PetscInt draw0, PetscInt ndraws, PetscReal *Y)
{
  PetscFunctionBeginUser;
  if (!ndraws) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < ndraws; j++) d->cols[j] = Y + (size_t)j * d->chunk;
  PetscCall(MckRNGNormals(d->rng, gid0, nb, key, draw0, ndraws, d->cols));
  PetscFunctionReturn(0);
}

static PetscErrorCode SampleFields(MckDMFT d, PetscInt nb)
{
  PetscBLASInt bn, bT, bB;
  PetscReal    one = 1, zero = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(nb, &bn));
  PetscCall(PetscBLASIntCast(d->T, &bT));
  PetscCall(PetscBLASIntCast(d->chunk, &bB));
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTSample, 0, 0, 0, 0));
  PetscCallBLAS("BLASgemm", BLASgemm_("N", "T", &bn, &bT, &bT, &one, d->Z, &bB, d->L, &bT, &zero, d->H, &bB));
  PetscCall(PetscLogFlops(2.0 * nb * d->T * d->T));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTSample, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode IntegrateChunk(MckDMFT d, PetscInt nb)
{
  const PetscInt  B  = d->chunk;
  const PetscReal s0 = PetscSqrtReal(d->q0);

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTIntegrate, 0, 0, 0, 0));
  for (PetscInt i = 0; i < nb; i++) d->X[i] *= s0;
  for (PetscInt k = 0; k + 1 < d->T; k++) MckDMFTStepApply(&d->step, nb, d->X + (size_t)k * B, d->H + (size_t)k * B, d->H + (size_t)(k + 1) * B, d->Xi + (size_t)k * B, d->X + (size_t)(k + 1) * B);
  for (PetscInt k = 0; k < d->T; k++) d->act->phi(nb, d->X + (size_t)k * B, d->Phi + (size_t)k * B);
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTIntegrate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* L = chol(g^2 C + jitter), or a user error saying why the covariance cannot be sampled: a
 * sampled covariance of rank < T, or an extrapolating SNES that left the positive cone (the
 * damped iteration of nrichardson mixes covariances convexly and cannot). */
static PetscErrorCode FactorCovariance(MckDMFT d, const PetscReal packed[])
{
  const PetscInt T = d->T;
  PetscReal      dmax = 0;
  PetscInt       failed;
  PetscBool      convex;
  SNESType       type;

  PetscFunctionBeginUser;
  MckDMFTUnpack(T, packed, d->L);
  for (size_t k = 0; k < (size_t)T * T; k++) d->L[k] *= d->g * d->g;
  for (PetscInt i = 0; i < T; i++) dmax = PetscMax(dmax, d->L[i + (size_t)i * T]);
  for (PetscInt i = 0; i < T; i++) d->L[i + (size_t)i * T] += d->jitter * dmax;
  PetscCall(MckDMFTCholesky(d->comm, T, (PetscBool)(T >= d->scalapack_threshold), d->L, &failed));
  if (!failed) PetscFunctionReturn(0);
  PetscCall(SNESGetType(d->snes, &type));
  PetscCall(PetscObjectTypeCompare((PetscObject)d->snes, SNESNRICHARDSON, &convex));
  PetscCheck(convex || d->evaluations == 0, d->comm, PETSC_ERR_USER_INPUT,
             "-dmft_snes_type %s: its iterate at evaluation %" PetscInt64_FMT " is not a covariance (g^2 C_phi not positive definite, leading minor %" PetscInt_FMT " of %" PetscInt_FMT "): its extrapolation left the positive cone; use nrichardson (the damped iteration, -dmft_damping) or raise -dmft_jitter (now %g)",
             type, d->evaluations, failed, T, (double)d->jitter);
  SETERRQ(d->comm, PETSC_ERR_USER_INPUT,
          "-dmft_population %" PetscInt_FMT ": the field covariance g^2 C_phi (%" PetscInt_FMT " x %" PetscInt_FMT ") is not positive definite (leading minor %" PetscInt_FMT " fails, t = %g, evaluation %" PetscInt64_FMT "): a sampled covariance has rank at most the population; raise -dmft_population above -dmft_steps or -dmft_jitter (now %g)",
          d->population, T, T, failed, (double)((failed - 1) * d->dt), d->evaluations, (double)d->jitter);
}

/* d->cphi (and d->cx if with_x) = the population averages driven by the fields of covariance
 * g^2 C(packed), for the evaluation with that index (the RNG key of fresh noise). */
static PetscErrorCode PopulationMap(MckDMFT d, const PetscReal packed[], PetscInt64 evaluation, PetscBool with_x)
{
  const PetscInt64 key = d->frozen_noise ? 0 : evaluation;

  PetscFunctionBeginUser;
  PetscCall(FactorCovariance(d, packed));
  PetscCall(MckDMFTTwoTimeZero(d, with_x));
  for (PetscInt c = 0; c < d->nchunks; c++) {
    const PetscInt64 gid0 = d->gstart + (PetscInt64)c * d->chunk;
    const PetscInt   nb   = (PetscInt)PetscMin((PetscInt64)d->chunk, d->gstart + d->nlocal - gid0);

    PetscCall(ChunkNormals(d, gid0, nb, key, 0, d->T, d->Z));
    PetscCall(ChunkNormals(d, gid0, nb, key, 2 * d->T, 1, d->X));
    if (d->step.kick != 0) PetscCall(ChunkNormals(d, gid0, nb, key, d->T, d->T - 1, d->Xi));
    PetscCall(SampleFields(d, nb));
    PetscCall(IntegrateChunk(d, nb));
    PetscCall(MckDMFTTwoTimeAccumulate(d, with_x, nb, d->chunk, d->X, d->Phi, d->population));
  }
  PetscCall(MckDMFTTwoTimeReduce(d, with_x));
  PetscFunctionReturn(0);
}

static PetscReal DiagMean(PetscInt T, const PetscReal A[])
{
  PetscReal s = 0;
  for (PetscInt i = 0; i < T; i++) s += A[i + (size_t)i * T];
  return s / T;
}

/* F = C - G(C); the max-norm relative residual is kept for the convergence test and history. */
static PetscErrorCode Residual(SNES snes, Vec C, Vec F, void *ctx)
{
  MckDMFT            d = (MckDMFT)ctx;
  const PetscInt     P = MckDMFTPackedSize(d->T);
  const PetscReal   *c;
  PetscReal         *f, fmax = 0, cmax = 0, row[3];

  PetscFunctionBeginUser;
  (void)snes;
  PetscCall(VecGetArrayRead(C, &c));
  PetscCall(VecGetArray(F, &f));
  PetscCall(PopulationMap(d, c, d->evaluations, PETSC_FALSE));
  d->evaluations++;
  MckDMFTPack(d->T, d->cphi, f);
  for (PetscInt k = 0; k < P; k++) {
    f[k] = c[k] - f[k];
    fmax = PetscMax(fmax, PetscAbsReal(f[k]));
    cmax = PetscMax(cmax, PetscAbsReal(c[k]));
  }
  PetscCall(VecRestoreArray(F, &f));
  PetscCall(VecRestoreArrayRead(C, &c));
  d->residual = cmax > 0 ? fmax / cmax : fmax;
  if (d->skip_history_row) { /* a restart re-evaluates the checkpointed iterate: its row is there */
    d->skip_history_row = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  row[0]      = (PetscReal)(d->evaluations - 1);
  row[1]      = d->residual;
  row[2]      = DiagMean(d->T, d->cphi);
  PetscCall(MckSeriesAppend(d->history, row));
  PetscFunctionReturn(0);
}

static PetscErrorCode Converged(SNES snes, PetscInt it, PetscReal xnorm, PetscReal gnorm, PetscReal fnorm, SNESConvergedReason *reason, void *ctx)
{
  MckDMFT d = (MckDMFT)ctx;

  PetscFunctionBeginUser;
  (void)snes, (void)xnorm, (void)gnorm, (void)fnorm;
  d->its  = (PetscInt)d->first_evaluation + it; /* iterations counted across restarts */
  *reason = SNES_CONVERGED_ITERATING;
  if (d->residual <= d->tol) *reason = SNES_CONVERGED_FNORM_ABS;
  else if (d->its >= d->max_it) *reason = SNES_DIVERGED_MAX_IT;
  PetscCall(PetscInfo(NULL, "dmft iteration %" PetscInt_FMT ": residual %g\n", it, (double)d->residual));
  PetscFunctionReturn(0);
}

/* After every evaluation but the first: the user's monitor (checkpoints), not at convergence. */
static PetscErrorCode Monitor(SNES snes, PetscInt it, PetscReal fnorm, void *ctx)
{
  MckDMFT             d = (MckDMFT)ctx;
  SNESConvergedReason reason;

  PetscFunctionBeginUser;
  (void)fnorm;
  PetscCall(SNESGetConvergedReason(snes, &reason));
  if (it > 0 && d->monitor && reason == SNES_CONVERGED_ITERATING) PetscCall(d->monitor(d, d->evaluations - 1, d->monitor_ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateSNES(MckDMFT d)
{
  SNESLineSearch ls;
  Vec            F;
  PetscBool      help;
  PetscMPIInt    rank;

  PetscFunctionBeginUser;
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, MckDMFTPackedSize(d->T), &d->state));
  PetscCall(VecDuplicate(d->state, &F));
  PetscCall(SNESCreate(PETSC_COMM_SELF, &d->snes));
  PetscCall(SNESSetOptionsPrefix(d->snes, "dmft_"));
  PetscCall(SNESSetType(d->snes, SNESNRICHARDSON));
  PetscCall(SNESSetFunction(d->snes, F, Residual, d));
  PetscCall(VecDestroy(&F));
  PetscCall(SNESGetLineSearch(d->snes, &ls));
  PetscCall(SNESLineSearchSetType(ls, SNESLINESEARCHBASIC));
  PetscCall(SNESLineSearchSetDamping(ls, d->damping));
  PetscCall(SNESSetTolerances(d->snes, 0, 0, 0, d->max_it, 100 * d->max_it));
  /* The SNES lives on PETSC_COMM_SELF of every rank; with -help only rank 0 lists its options. */
  PetscCallMPI(MPI_Comm_rank(d->comm, &rank));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  if (!help || !rank) PetscCall(SNESSetFromOptions(d->snes));
  PetscCall(SNESSetConvergenceTest(d->snes, Converged, d, NULL));
  PetscCall(SNESMonitorSet(d->snes, Monitor, d, NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSetUp_Population(MckDMFT d)
{
  const size_t BT = (size_t)d->chunk * d->T;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTTwoTimeRegister(d, d->population, d->chunk));
  PetscCall(PetscCalloc1((size_t)d->T * d->T, &d->L));
  PetscCall(PetscCalloc5(BT, &d->Z, BT, &d->H, BT, &d->Xi, BT, &d->X, BT, &d->Phi));
  PetscCall(CreateSNES(d));
  PetscFunctionReturn(0);
}

/* Initial guess C_phi(t, t') = phi-scale exp(-|t - t'|): positive definite (an OU kernel). */
static PetscErrorCode InitialGuess(MckDMFT d)
{
  PetscReal *c;

  PetscFunctionBeginUser;
  PetscCall(VecGetArray(d->state, &c));
  for (PetscInt j = 0; j < d->T; j++)
    for (PetscInt i = 0; i <= j; i++) c[j * (j + 1) / 2 + i] = 0.5 * PetscExpReal(-(j - i) * d->dt);
  PetscCall(VecRestoreArray(d->state, &c));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTSolve_Population(MckDMFT d)
{
  SNESConvergedReason reason;

  PetscFunctionBeginUser;
  if (!d->restored) PetscCall(InitialGuess(d));
  d->first_evaluation = d->evaluations;
  PetscCall(SNESSolve(d->snes, NULL, d->state));
  PetscCall(SNESGetConvergedReason(d->snes, &reason));
  d->converged = (PetscBool)(reason > 0);
  { /* C_x (and C_phi once more, bitwise as before) of the final iterate: the iterations need only C_phi */
    const PetscReal *c;
    PetscCall(VecGetArrayRead(d->state, &c));
    PetscCall(PopulationMap(d, c, d->evaluations - 1, PETSC_TRUE));
    PetscCall(VecRestoreArrayRead(d->state, &c));
  }
  PetscCall(MckDMFTStationaryAverage(d));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTDestroy_Population(MckDMFT d)
{
  PetscFunctionBeginUser;
  PetscCall(SNESDestroy(&d->snes));
  PetscCall(VecDestroy(&d->state));
  PetscCall(MckStatsDestroy(&d->stats));
  PetscCall(MckStatsDestroy(&d->stats_phi));
  PetscCall(PetscFree2(d->gram, d->packed));
  PetscCall(PetscFree(d->cols));
  PetscCall(PetscFree(d->L));
  PetscCall(PetscFree5(d->Z, d->H, d->Xi, d->X, d->Phi));
  PetscFunctionReturn(0);
}
