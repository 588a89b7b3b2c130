/* Solver "population" of the scs model: the self-consistent single site by sampling (DESIGN.md §1).
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
 * communication of an iteration is the reduction.
 *
 * Steps. nrichardson keeps no memory between iterations, so a step is one iteration: each
 * SNESSolve does one, starting from the residual the previous one left (SNESSetInitialFunction),
 * which is the uninterrupted iteration bit for bit; the first step also evaluates the initial
 * guess. The state after step k is the iterate C_k and its residual F_k = C_k - G(C_k) (the
 * evaluation of index k), so a checkpoint stores both and a restart continues without evaluating
 * anything again. Other SNES types (anderson keeps a history) run their whole iteration as one
 * step. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

typedef struct {
  /* settings */
  PetscInt    M, max_it, scalapack_threshold;
  PetscReal   tol, damping, jitter;
  PetscBool   frozen_noise;
  MckSCSPaths paths;
  /* the paths of a chunk and the statistic */
  MckSCSTwoTime tt;
  PetscReal    *L, *Z, *H, *Xi, *X, *Phi;
  /* the iteration */
  SNES       snes;
  Vec        state;
  PetscInt64 evaluations; /* of the map so far: the last one has index evaluations - 1 */
  PetscBool  stepwise;    /* one iteration per step (a SNES without memory: nrichardson) */
  PetscBool  resumed;     /* the residual of state is known: the next SNESSolve starts from it */
  PetscBool  finished;    /* the convergence test has ended the iteration */
} Population;

#define POP(s) ((Population *)(s)->sdata)

/* Normals of draws [draw0, draw0 + ndraws) for the chunk's nb paths into Y (column-major,
 * leading dimension B). */
static PetscErrorCode ChunkNormals(MckSCS s, Population *p, PetscInt64 gid0, PetscInt nb, PetscInt64 key,
                                   PetscInt draw0, PetscInt ndraws, PetscReal *Y)
{
  PetscFunctionBeginUser;
  if (!ndraws) PetscFunctionReturn(0);
  for (PetscInt j = 0; j < ndraws; j++) p->tt.cols[j] = Y + (size_t)j * p->paths.chunk;
  PetscCall(MckRNGNormals(s->d->rng, gid0, nb, key, draw0, ndraws, p->tt.cols));
  PetscFunctionReturn(0);
}

static PetscErrorCode SampleFields(MckSCS s, Population *p, PetscInt nb)
{
  PetscBLASInt bn, bT, bB;
  PetscReal    one = 1, zero = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(nb, &bn));
  PetscCall(PetscBLASIntCast(s->T, &bT));
  PetscCall(PetscBLASIntCast(p->paths.chunk, &bB));
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTSample, 0, 0, 0, 0));
  PetscCallBLAS("BLASgemm", BLASgemm_("N", "T", &bn, &bT, &bT, &one, p->Z, &bB, p->L, &bT, &zero, p->H, &bB));
  PetscCall(PetscLogFlops(2.0 * nb * s->T * s->T));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTSample, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode IntegrateChunk(MckSCS s, Population *p, PetscInt nb)
{
  const PetscInt  B  = p->paths.chunk;
  const PetscReal s0 = PetscSqrtReal(p->paths.q0);

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTIntegrate, 0, 0, 0, 0));
  for (PetscInt i = 0; i < nb; i++) p->X[i] *= s0;
  for (PetscInt k = 0; k + 1 < s->T; k++)
    MckDMFTStepApply(&p->paths.step, nb, p->X + (size_t)k * B, p->H + (size_t)k * B, p->H + (size_t)(k + 1) * B,
                     p->Xi + (size_t)k * B, p->X + (size_t)(k + 1) * B);
  for (PetscInt k = 0; k < s->T; k++) s->act.phi(nb, p->X + (size_t)k * B, p->Phi + (size_t)k * B, NULL);
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTIntegrate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* L = chol(g^2 C + jitter), or a user error saying why the covariance cannot be sampled: a
 * sampled covariance of rank < T, or an extrapolating SNES that left the positive cone (the
 * damped iteration of nrichardson mixes covariances convexly and cannot). */
static PetscErrorCode FactorCovariance(MckSCS s, Population *p, const PetscReal packed[])
{
  const PetscInt T    = s->T;
  PetscObject    o    = (PetscObject)s->d;
  PetscReal      dmax = 0;
  PetscInt       failed;
  SNESType       type;

  PetscFunctionBeginUser;
  MckDMFTUnpack(T, packed, p->L);
  for (size_t k = 0; k < (size_t)T * T; k++) p->L[k] *= s->g * s->g;
  for (PetscInt i = 0; i < T; i++) dmax = PetscMax(dmax, p->L[i + (size_t)i * T]);
  for (PetscInt i = 0; i < T; i++) p->L[i + (size_t)i * T] += p->jitter * dmax;
  PetscCall(MckDMFTCholesky(s->comm, T, (PetscBool)(T >= p->scalapack_threshold), p->L, &failed));
  if (!failed) PetscFunctionReturn(0);
  PetscCall(SNESGetType(p->snes, &type));
  PetscCheck(
      p->stepwise || p->evaluations == 0, s->comm, PETSC_ERR_USER_INPUT,
      "%s %s: its iterate at evaluation %" PetscInt64_FMT
      " is not a covariance (g^2 C_phi not positive definite, leading minor %" PetscInt_FMT " of %" PetscInt_FMT
      "): its extrapolation left the positive cone; use nrichardson (the damped iteration, %s) or raise %s (now %g)",
      McKeanOptionName(o, "-dmft_snes_type"), type, p->evaluations, failed, T, McKeanOptionName(o, "-dmft_damping"),
      McKeanOptionName(o, "-dmft_jitter"), (double)p->jitter);
  SETERRQ(s->comm, PETSC_ERR_USER_INPUT,
          "%s %" PetscInt_FMT ": the field covariance g^2 C_phi (%" PetscInt_FMT " x %" PetscInt_FMT
          ") is not positive definite (leading minor %" PetscInt_FMT " fails, t = %g, evaluation %" PetscInt64_FMT
          "): a sampled covariance has rank at most the population; raise %s above %s or %s (now %g)",
          McKeanOptionName(o, "-dmft_population"), p->M, T, T, failed, (double)((failed - 1) * s->dt), p->evaluations,
          McKeanOptionName(o, "-dmft_population"), McKeanOptionName(o, "-dmft_steps"),
          McKeanOptionName(o, "-dmft_jitter"), (double)p->jitter);
}

/* s->cphi (and s->cx if with_x) = the population averages driven by the fields of covariance
 * g^2 C(packed), for the evaluation with that index (the RNG key of fresh noise). */
static PetscErrorCode PopulationMap(MckSCS s, Population *p, const PetscReal packed[], PetscInt64 evaluation,
                                    PetscBool with_x)
{
  const PetscInt64 key = p->frozen_noise ? 0 : evaluation;
  MckSCSTwoTime   *tt  = &p->tt;

  PetscFunctionBeginUser;
  PetscCall(FactorCovariance(s, p, packed));
  PetscCall(MckSCSTwoTimeZero(tt, with_x));
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt64 gid0 = tt->gstart + (PetscInt64)c * tt->B;
    const PetscInt   nb   = (PetscInt)PetscMin((PetscInt64)tt->B, tt->gstart + tt->nlocal - gid0);

    PetscCall(ChunkNormals(s, p, gid0, nb, key, 0, s->T, p->Z));
    PetscCall(ChunkNormals(s, p, gid0, nb, key, 2 * s->T, 1, p->X));
    if (p->paths.step.kick != 0) PetscCall(ChunkNormals(s, p, gid0, nb, key, s->T, s->T - 1, p->Xi));
    PetscCall(SampleFields(s, p, nb));
    PetscCall(IntegrateChunk(s, p, nb));
    PetscCall(MckSCSTwoTimeAccumulate(s, tt, with_x, nb, tt->B, p->X, p->Phi, p->M));
  }
  PetscCall(MckSCSTwoTimeReduce(s, tt, with_x));
  PetscFunctionReturn(0);
}

static PetscReal DiagMean(PetscInt T, const PetscReal A[])
{
  PetscReal sum = 0;
  for (PetscInt i = 0; i < T; i++) sum += A[i + (size_t)i * T];
  return sum / T;
}

/* F = C - G(C); the max-norm relative residual is kept for the convergence test and history. */
static PetscErrorCode Residual(SNES snes, Vec C, Vec F, void *ctx)
{
  MckSCS           s = (MckSCS)ctx;
  Population      *p = POP(s);
  const PetscInt   P = MckDMFTPackedSize(s->T);
  const PetscReal *c;
  PetscReal       *f, fmax = 0, cmax = 0, row[3];

  PetscFunctionBeginUser;
  (void)snes;
  PetscCall(VecGetArrayRead(C, &c));
  PetscCall(VecGetArray(F, &f));
  PetscCall(PopulationMap(s, p, c, p->evaluations, PETSC_FALSE));
  p->evaluations++;
  MckDMFTPack(s->T, s->cphi, f);
  for (PetscInt k = 0; k < P; k++) {
    f[k] = c[k] - f[k];
    fmax = PetscMax(fmax, PetscAbsReal(f[k]));
    cmax = PetscMax(cmax, PetscAbsReal(c[k]));
  }
  PetscCall(VecRestoreArray(F, &f));
  PetscCall(VecRestoreArrayRead(C, &c));
  s->residual = cmax > 0 ? fmax / cmax : fmax;
  row[0]      = (PetscReal)(p->evaluations - 1);
  row[1]      = s->residual;
  row[2]      = DiagMean(s->T, s->cphi);
  PetscCall(MckSeriesAppend(s->history, row));
  PetscFunctionReturn(0);
}

/* The test of iterate `it` of this SNESSolve, whose evaluation has index s->its. A resumed
 * solve's iterate 0 was tested by the step that computed it; a stepwise solve stops after
 * iterate 1 (SNES_CONVERGED_ITS: only the step is over). */
static PetscErrorCode Converged(SNES snes, PetscInt it, PetscReal xnorm, PetscReal gnorm, PetscReal fnorm,
                                SNESConvergedReason *reason, void *ctx)
{
  MckSCS      s = (MckSCS)ctx;
  Population *p = POP(s);

  PetscFunctionBeginUser;
  (void)snes, (void)xnorm, (void)gnorm, (void)fnorm;
  s->its  = (PetscInt)(p->evaluations - 1); /* iterations counted across steps and restarts */
  *reason = SNES_CONVERGED_ITERATING;
  if (it == 0 && p->resumed) PetscFunctionReturn(0);
  if (s->residual <= p->tol) *reason = SNES_CONVERGED_FNORM_ABS;
  else if (s->its >= p->max_it) *reason = SNES_DIVERGED_MAX_IT;
  else if (p->stepwise && it > 0) *reason = SNES_CONVERGED_ITS;
  PetscCall(PetscInfo(NULL, "dmft iteration %" PetscInt_FMT ": residual %g\n", s->its, (double)s->residual));
  PetscFunctionReturn(0);
}

/* The SNES on a state of T time points (the grid's; one with -help, whose SNES only reads its options). */
static PetscErrorCode CreateSNES(MckSCS s, Population *p, PetscInt T)
{
  SNESLineSearch ls;
  Vec            F;
  PetscMPIInt    rank;
  const char    *prefix;
  char           snesprefix[256];

  PetscFunctionBeginUser;
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, MckDMFTPackedSize(T), &p->state));
  PetscCall(VecDuplicate(p->state, &F));
  PetscCall(SNESCreate(PETSC_COMM_SELF, &p->snes));
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)s->d, &prefix));
  PetscCall(PetscSNPrintf(snesprefix, sizeof(snesprefix), "%sdmft_", prefix ? prefix : ""));
  PetscCall(SNESSetOptionsPrefix(p->snes, snesprefix));
  PetscCall(SNESSetType(p->snes, SNESNRICHARDSON));
  PetscCall(SNESSetFunction(p->snes, F, Residual, s));
  PetscCall(VecDestroy(&F));
  PetscCall(SNESGetLineSearch(p->snes, &ls));
  PetscCall(SNESLineSearchSetType(ls, SNESLINESEARCHBASIC));
  PetscCall(SNESLineSearchSetDamping(ls, p->damping));
  PetscCall(SNESSetTolerances(p->snes, 0, 0, 0, p->max_it, 100 * p->max_it));
  /* The SNES lives on PETSC_COMM_SELF of every rank; with -help only rank 0 lists its options. */
  PetscCallMPI(MPI_Comm_rank(s->comm, &rank));
  if (!s->d->help || !rank) PetscCall(SNESSetFromOptions(p->snes));
  PetscCall(SNESSetConvergenceTest(p->snes, Converged, s, NULL));
  PetscCall(PetscObjectTypeCompare((PetscObject)p->snes, SNESNRICHARDSON, &p->stepwise));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Population(MckSCS s, PetscOptionItems *PetscOptionsObject)
{
  Population *p = POP(s);

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-dmft_population", "Single-site paths M per iteration", p->M, &p->M, NULL));
  PetscCall(MckOptionsInt("-dmft_max_it", "Maximum self-consistency iterations", p->max_it, &p->max_it, NULL));
  PetscCall(
      MckOptionsReal("-dmft_tol", "Converged when max|C_phi - G(C_phi)| <= tol max|C_phi|", p->tol, &p->tol, NULL));
  PetscCall(MckOptionsReal("-dmft_damping", "Damping lambda of the fixed-point iteration C <- C - lambda (C - G(C))",
                           p->damping, &p->damping, NULL));
  PetscCall(MckOptionsReal(
      "-dmft_jitter",
      "Added to the diagonal of g^2 C_phi before the Cholesky factorisation, relative to its largest diagonal entry",
      p->jitter, &p->jitter, NULL));
  PetscCall(MckOptionsBool("-dmft_frozen_noise",
                           "Reuse the same normals in every iteration (a deterministic map; false: keyed by iteration)",
                           p->frozen_noise, &p->frozen_noise, NULL));
  PetscCall(MckOptionsInt("-dmft_scalapack_threshold", "Factor the T x T covariance with MATSCALAPACK when T >= this",
                          p->scalapack_threshold, &p->scalapack_threshold, NULL));
  PetscCall(MckSCSPathsSetFromOptions(s, PetscOptionsObject, &p->paths));
  PetscCheck(p->M >= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-dmft_population"), p->M);
  PetscCheck(p->max_it >= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-dmft_max_it"), p->max_it);
  PetscCall(McKeanCheckPositive(s->comm, MckOptName("-dmft_tol"), p->tol));
  PetscCall(McKeanCheckNonNegative(s->comm, MckOptName("-dmft_jitter"), p->jitter));
  PetscCheck(p->damping > 0 && p->damping <= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %g: allowed 0 < damping <= 1",
             MckOptName("-dmft_damping"), (double)p->damping);
  s->sample = p->M;
  PetscFunctionReturn(0);
}

/* The population adds the factor, the Gram block, packed copies, SNES vectors and the exact
 * 128-bit accumulators of MckStats (~11 T^2) and its chunk buffers (5 B T) to the state. */
static PetscErrorCode Memory_Population(MckSCS s, PetscMPIInt size, PetscReal *state, PetscReal *couplings)
{
  const PetscReal T = (PetscReal)s->T;

  PetscFunctionBeginUser;
  (void)size, (void)couplings;
  *state += 11.0 * T * T + 5.0 * POP(s)->paths.chunk * T;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Population(MckSCS s)
{
  Population  *p      = POP(s);
  const size_t BT     = (size_t)p->paths.chunk * s->T;
  const char  *cols[] = {"iteration", "residual", "cphi_diag_mean"};
  MckRNG       rng;

  PetscFunctionBeginUser;
  if (s->d->help) { /* the SNES's options only: nothing of the grid's size */
    PetscCall(CreateSNES(s, p, 1));
    PetscFunctionReturn(0);
  }
  PetscCall(MckDMFTGetRNG(s->d, &rng));
  PetscCall(MckSCSPathsSetUp(s, &p->paths));
  PetscCall(MckSCSTwoTimeSetUp(s, p->M, p->paths.chunk, &p->tt));
  PetscCall(PetscCalloc1((size_t)s->T * s->T, &p->L));
  PetscCall(PetscCalloc5(BT, &p->Z, BT, &p->H, BT, &p->Xi, BT, &p->X, BT, &p->Phi));
  PetscCall(MckSeriesCreate(s->comm, "dmft_iterations", 3, cols, &s->history));
  PetscCall(CreateSNES(s, p, s->T));
  PetscFunctionReturn(0);
}

/* Initial guess C_phi(t, t') = phi-scale exp(-|t - t'|): positive definite (an OU kernel). */
static PetscErrorCode Initialize_Population(MckSCS s)
{
  Population *p = POP(s);
  PetscReal  *c;

  PetscFunctionBeginUser;
  PetscCall(VecGetArray(p->state, &c));
  for (PetscInt j = 0; j < s->T; j++)
    for (PetscInt i = 0; i <= j; i++) c[j * (j + 1) / 2 + i] = 0.5 * PetscExpReal(-(j - i) * s->dt);
  PetscCall(VecRestoreArray(p->state, &c));
  p->evaluations = 0;
  p->resumed     = PETSC_FALSE;
  p->finished    = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* C_x (and C_phi once more, bitwise as in the iterations) of the final iterate, and Delta. */
static PetscErrorCode Finish(MckSCS s, Population *p, SNESConvergedReason reason)
{
  const PetscReal *c;

  PetscFunctionBeginUser;
  s->converged = (PetscBool)(reason > 0);
  PetscCall(VecGetArrayRead(p->state, &c));
  PetscCall(PopulationMap(s, p, c, p->evaluations - 1, PETSC_TRUE));
  PetscCall(VecRestoreArrayRead(p->state, &c));
  PetscCall(MckSCSStationaryAverage(s));
  s->done = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Population(MckSCS s)
{
  Population         *p = POP(s);
  SNESConvergedReason reason;
  Vec                 F;

  PetscFunctionBeginUser;
  if (p->resumed) {
    PetscCall(SNESGetFunction(p->snes, &F, NULL, NULL));
    PetscCall(SNESSetInitialFunction(p->snes, F)); /* F is the residual of the current iterate */
  }
  PetscCall(SNESSolve(p->snes, NULL, p->state));
  p->resumed = PETSC_TRUE;
  PetscCall(SNESGetConvergedReason(p->snes, &reason));
  if (!p->stepwise || reason != SNES_CONVERGED_ITS) PetscCall(Finish(s, p, reason));
  PetscFunctionReturn(0);
}

/* A step is an iteration: s->its of at most -dmft_max_it; a finished iteration ends the solve. */
static PetscErrorCode GetStep_Population(MckSCS s, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  *step   = s->its;
  *nsteps = s->done ? s->its : POP(s)->max_it;
  *time   = (PetscReal)s->its;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Population(MckSCS s, MckIO io, PetscBool check)
{
  Population     *p       = POP(s);
  PetscObject     o       = (PetscObject)s->d;
  const PetscReal reals[] = {p->jitter, p->damping};
  const char     *names[] = {"-dmft_jitter", "-dmft_damping"};
  SNESType        type;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < 2; k++) PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, names[k]), 1, &reals[k]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-dmft_population"), p->M));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-dmft_frozen_noise"), p->frozen_noise));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-dmft_scalapack_threshold"), p->scalapack_threshold));
  PetscCall(SNESGetType(p->snes, &type));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-dmft_snes_type"), type));
  PetscCall(MckSCSPathsConfig(s, &p->paths, io, check));
  PetscFunctionReturn(0);
}

/* The iterate C_k and its residual F_k (packed), with the index k of their evaluation and the
 * residual's max-norm. */
static PetscErrorCode TransferState(MckSCS s, Population *p, MckIO io, const char group[], PetscBool write)
{
  const PetscInt64 dims[1] = {MckDMFTPackedSize(s->T)};
  const char      *names[] = {"C_phi_packed", "residual_packed"};
  Vec              vecs[2];

  PetscFunctionBeginUser;
  vecs[0] = p->state;
  PetscCall(SNESGetFunction(p->snes, &vecs[1], NULL, NULL));
  for (PetscInt k = 0; k < 2; k++) {
    PetscReal *v;

    PetscCall(VecGetArray(vecs[k], &v));
    PetscCall(MckDMFTTransferArray(s->d, io, group, names[k], 1, dims, v, write));
    PetscCall(VecRestoreArray(vecs[k], &v));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_Population(MckSCS s, MckIO io, const char group[])
{
  Population *p = POP(s);

  PetscFunctionBeginUser;
  PetscCheck(p->resumed, s->comm, PETSC_ERR_ORDER,
             "MckDMFTWrite(): the population solver has no iterate before its first step");
  PetscCall(TransferState(s, p, io, group, PETSC_TRUE));
  PetscCall(MckIOWriteAttributeInt(io, group, "evaluation", p->evaluations - 1));
  PetscCall(MckIOWriteAttributeReal(io, group, "residual", s->residual));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Population(MckSCS s, MckIO io, const char group[])
{
  Population *p = POP(s);
  PetscInt64  evaluation;
  PetscBool   found, found_r;
  const char *path;

  PetscFunctionBeginUser;
  PetscCall(MckIOGetPath(io, &path));
  PetscCall(MckIOReadAttributeInt(io, group, "evaluation", &evaluation, &found));
  PetscCall(MckIOReadAttributeReal(io, group, "residual", &s->residual, &found_r));
  PetscCheck(found && found_r, s->comm, PETSC_ERR_USER_INPUT,
             "-restart %s: not a checkpoint of the population solver (no %s evaluation)", path, group);
  PetscCall(TransferState(s, p, io, group, PETSC_FALSE));
  p->evaluations = evaluation + 1;
  p->resumed     = PETSC_TRUE;
  p->finished    = PETSC_FALSE;
  s->its         = (PetscInt)evaluation;
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_Population(MckSCS s, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  if (!POP(s)->resumed) PetscFunctionReturn(0); /* nothing evaluated yet */
  *name  = "residual";
  *value = s->residual;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Population(MckSCS s, PetscViewer viewer)
{
  Population *p    = POP(s);
  SNESType    type = SNESNRICHARDSON;

  PetscFunctionBeginUser;
  if (p->snes) PetscCall(SNESGetType(p->snes, &type));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "population M = %" PetscInt_FMT " in chunks of %" PetscInt_FMT
                                   ", x(0) ~ N(0, %g), integrator %s; SNES %s (%s), tol %g, max_it %" PetscInt_FMT
                                   ", damping %g, jitter %g, %s noise, Cholesky by %s\n",
                                   p->M, p->paths.chunk, (double)p->paths.q0, MckSCSIntegratorName(&p->paths), type,
                                   p->stepwise ? "one iteration per step" : "the whole iteration in one step",
                                   (double)p->tol, p->max_it, (double)p->damping, (double)p->jitter,
                                   p->frozen_noise ? "frozen" : "fresh",
                                   s->T >= p->scalapack_threshold ? "MATSCALAPACK" : "LAPACK"));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Population(MckSCS s)
{
  Population *p = POP(s);

  PetscFunctionBeginUser;
  PetscCall(SNESDestroy(&p->snes));
  PetscCall(VecDestroy(&p->state));
  PetscCall(MckSCSTwoTimeDestroy(&p->tt));
  PetscCall(PetscFree(p->L));
  PetscCall(PetscFree5(p->Z, p->H, p->Xi, p->X, p->Phi));
  PetscCall(PetscFree(s->sdata));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSCreate_Population(MckSCS s, MckSCSSolverOps *ops, void **data)
{
  Population       *p;
  const MckSCSPaths paths = MCK_SCS_PATHS_DEFAULT;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&p));
  p->M                   = 10000;
  p->max_it              = 100;
  p->tol                 = 1e-6;
  p->damping             = 1.0;
  p->jitter              = 1e-10;
  p->frozen_noise        = PETSC_TRUE;
  p->scalapack_threshold = 4096;
  p->paths               = paths;
  s->sample              = p->M;
  ops->setfromoptions    = SetFromOptions_Population;
  ops->memory            = Memory_Population;
  ops->setup             = SetUp_Population;
  ops->initialize        = Initialize_Population;
  ops->step              = Step_Population;
  ops->getstep           = GetStep_Population;
  ops->config            = Config_Population;
  ops->write             = Write_Population;
  ops->read              = Read_Population;
  ops->headline          = Headline_Population;
  ops->view              = View_Population;
  ops->destroy           = Destroy_Population;
  *data                  = p;
  PetscFunctionReturn(0);
}
