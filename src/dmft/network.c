/* Solver "network" of the scs model: the finite random network itself, to check the DMFT against.
 *
 * J (N x N) is a dense PETSc matrix distributed by rows in chunk-aligned blocks (the ownership
 * of MckStatsChunkOwnership), J_ij = g / sqrt(N) * normal number j of stream i at step
 * MCK_DMFT_STEP_COUPLINGS: J is the same matrix on any rank count. Each step gathers phi(x)
 * (one allgather: a finite network needs every phi) and multiplies by the local rows one chunk
 * at a time (one GEMV per chunk: a row's sum is then computed in the same order whatever the
 * rank count). The "exp" integrator is the predictor-corrector form of sitestep.c's scheme
 * (second order: eta at the step's end from the predicted state), "euler" is Euler-Maruyama.
 * x_i(0) ~ N(0, q0) (stream i, step MCK_DMFT_STEP_INIT); the noise of neuron i at step k is
 * its normal 0 of step k. A step of the solver is a time step; the paths are kept and, after the
 * last step, reduced to C_x, C_phi by twotime.c.
 *
 * Checkpoints: the paths x_i(t_0..t_k) of all neurons so far and k, as rows in neuron order
 * (rank-count independent). phi(x) is recomputed elementwise, the couplings regenerated from
 * their keyed RNG, and the noise of step k is keyed by k: a restart continues bitwise. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

typedef struct {
  PetscInt      N;
  MckSCSPaths   paths;
  MckSCSTwoTime tt;
  Mat           J;
  PetscReal    *xh, *ph; /* x and phi(x) of the local neurons at every grid time (nlocal x T) */
  PetscReal    *phi_all, *eta0, *eta1, *xs, *xi;
  PetscMPIInt  *counts, *displs;
  PetscInt      k; /* steps done: columns 0..k of xh, ph are final */
} Network;

#define NET(s) ((Network *)(s)->sdata)

static PetscErrorCode FillCouplings(MckSCS s, Network *w)
{
  const PetscInt  N     = w->N;
  const PetscReal scale = s->g / PetscSqrtReal((PetscReal)N);
  MckSCSTwoTime  *tt    = &w->tt;
  PetscReal      *a;
  PetscInt        lda;

  PetscFunctionBeginUser;
  PetscCall(MatDenseGetLDA(w->J, &lda));
  PetscCall(MatDenseGetArrayWrite(w->J, &a));
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt off = c * tt->B, nb = PetscMin(tt->B, tt->nlocal - off);
    for (PetscInt j = 0; j < N; j++) tt->cols[j] = a + (size_t)j * lda + off;
    PetscCall(MckRNGNormals(s->d->rng, tt->gstart + off, nb, MCK_DMFT_STEP_COUPLINGS, 0, N, tt->cols));
  }
  for (PetscInt j = 0; j < N; j++)
    for (PetscInt i = 0; i < tt->nlocal; i++) a[i + (size_t)j * lda] *= scale;
  PetscCall(MatDenseRestoreArrayWrite(w->J, &a));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Network(MckSCS s, PetscOptionItems *PetscOptionsObject)
{
  Network *w = NET(s);

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-dmft_n", "Neurons N of the finite network", w->N, &w->N, NULL));
  PetscCall(MckSCSPathsSetFromOptions(s, PetscOptionsObject, &w->paths));
  PetscCheck(w->N >= 2, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": the network needs at least 2 neurons",
             MckOptName("-dmft_n"), w->N);
  s->sample = w->N;
  PetscFunctionReturn(0);
}

/* The network adds the two-time statistic (~8 T^2), its paths (2 (N / P + B) T) and its rows of
 * J (N^2 / P, plus 4 N of buffers). */
static PetscErrorCode Memory_Network(MckSCS s, PetscMPIInt size, PetscReal *state, PetscReal *couplings)
{
  Network        *w = NET(s);
  const PetscReal T = (PetscReal)s->T, N = (PetscReal)w->N;

  PetscFunctionBeginUser;
  *state += 8.0 * T * T + 2.0 * (N / size + w->paths.chunk) * T;
  *couplings = N * N / size + 4.0 * N;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Network(MckSCS s)
{
  Network       *w = NET(s);
  MckSCSTwoTime *tt;
  const PetscInt N = w->N;
  size_t         nT;
  PetscMPIInt    size, nl;
  MckRNG         rng;

  PetscFunctionBeginUser;
  if (s->d->help) PetscFunctionReturn(0); /* -help: no couplings (N^2 / P of them) nor paths */
  PetscCall(MckDMFTGetRNG(s->d, &rng));
  PetscCall(MckSCSPathsSetUp(s, &w->paths));
  PetscCall(MckSCSTwoTimeSetUp(s, N, w->paths.chunk, &w->tt));
  tt = &w->tt;
  nT = (size_t)s->T * PetscMax(tt->nlocal, 1);
  PetscCallMPI(MPI_Comm_size(s->comm, &size));
  PetscCall(MatCreateDense(s->comm, tt->nlocal, PETSC_DECIDE, N, N, NULL, &w->J));
  PetscCall(FillCouplings(s, w));
  PetscCall(PetscMalloc2(nT, &w->xh, nT, &w->ph));
  PetscCall(PetscMalloc5(N, &w->phi_all, tt->nlocal + 1, &w->eta0, tt->nlocal + 1, &w->eta1, tt->nlocal + 1, &w->xs,
                         tt->nlocal + 1, &w->xi));
  PetscCall(PetscMalloc2(size, &w->counts, size, &w->displs));
  PetscCall(PetscMPIIntCast(tt->nlocal, &nl));
  PetscCallMPI(MPI_Allgather(&nl, 1, MPI_INT, w->counts, 1, MPI_INT, s->comm));
  w->displs[0] = 0;
  for (PetscMPIInt r = 1; r < size; r++) w->displs[r] = w->displs[r - 1] + w->counts[r - 1];
  PetscFunctionReturn(0);
}

/* eta = J phi_all(local phi gathered), one GEMV per chunk of rows. */
static PetscErrorCode Field(MckSCS s, Network *w, const PetscReal phi_local[], PetscReal eta[])
{
  const MckSCSTwoTime *tt = &w->tt;
  const PetscReal     *a;
  PetscInt             lda;
  PetscBLASInt         bn, bN, blda, one = 1;
  PetscReal            alpha = 1, beta = 0;
  PetscMPIInt          nl;

  PetscFunctionBeginUser;
  PetscCall(PetscMPIIntCast(tt->nlocal, &nl));
  PetscCallMPI(MPI_Allgatherv(phi_local, nl, MPIU_REAL, w->phi_all, w->counts, w->displs, MPIU_REAL, s->comm));
  PetscCall(MatDenseGetLDA(w->J, &lda));
  PetscCall(MatDenseGetArrayRead(w->J, &a));
  PetscCall(PetscBLASIntCast(w->N, &bN));
  PetscCall(PetscBLASIntCast(PetscMax(lda, 1), &blda));
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt off = c * tt->B, nb = PetscMin(tt->B, tt->nlocal - off);
    PetscCall(PetscBLASIntCast(nb, &bn));
    PetscCallBLAS("BLASgemv",
                  BLASgemv_("N", &bn, &bN, &alpha, a + off, &blda, w->phi_all, &one, &beta, eta + off, &one));
  }
  PetscCall(MatDenseRestoreArrayRead(w->J, &a));
  PetscCall(PetscLogFlops(2.0 * tt->nlocal * w->N));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_Network(MckSCS s)
{
  Network        *w  = NET(s);
  MckSCSTwoTime  *tt = &w->tt;
  const PetscReal s0 = PetscSqrtReal(w->paths.q0);

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt off = c * tt->B, nb = PetscMin(tt->B, tt->nlocal - off);
    PetscReal     *col = w->xh + off;
    PetscCall(MckRNGNormals(s->d->rng, tt->gstart + off, nb, MCK_DMFT_STEP_INIT, 0, 1, &col));
  }
  for (PetscInt i = 0; i < tt->nlocal; i++) w->xh[i] *= s0;
  s->act.phi(tt->nlocal, w->xh, w->ph, NULL);
  w->k = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode StepNoise(MckSCS s, Network *w, PetscInt64 k)
{
  MckSCSTwoTime *tt = &w->tt;

  PetscFunctionBeginUser;
  if (w->paths.step.kick == 0) PetscFunctionReturn(0);
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt off = c * tt->B, nb = PetscMin(tt->B, tt->nlocal - off);
    PetscReal     *col = w->xi + off;
    PetscCall(MckRNGNormals(s->d->rng, tt->gstart + off, nb, k, 0, 1, &col));
  }
  PetscFunctionReturn(0);
}

/* x_{k+1} from x_k (columns k and k+1 of the local history). */
static PetscErrorCode NetworkStep(MckSCS s, Network *w, PetscInt k)
{
  const PetscInt           n  = w->tt.nlocal;
  const PetscReal         *x0 = w->xh + (size_t)k * n, *p0 = w->ph + (size_t)k * n;
  PetscReal               *x1 = w->xh + (size_t)(k + 1) * n, *p1 = w->ph + (size_t)(k + 1) * n;
  const MckDMFTStepCoeffs *c         = &w->paths.step;
  MckDMFTStepCoeffs        predictor = *c;
  const PetscBool          exp       = (PetscBool)(w->paths.integrator == MCK_DMFT_EXP);

  PetscFunctionBeginUser;
  PetscCall(StepNoise(s, w, k));
  PetscCall(Field(s, w, p0, w->eta0));
  if (exp) { /* predictor: eta held at eta0 over the step */
    predictor.w0 = c->w0 + c->w1;
    predictor.w1 = 0;
    MckDMFTStepApply(&predictor, n, x0, w->eta0, w->eta0, w->xi, w->xs);
    s->act.phi(n, w->xs, p1, NULL);
    PetscCall(Field(s, w, p1, w->eta1));
  }
  MckDMFTStepApply(c, n, x0, w->eta0, exp ? w->eta1 : w->eta0, w->xi, x1);
  s->act.phi(n, x1, p1, NULL);
  PetscFunctionReturn(0);
}

/* After the last step: the two-time statistics of the whole paths, and Delta. */
static PetscErrorCode Finish(MckSCS s, Network *w)
{
  MckSCSTwoTime *tt = &w->tt;

  PetscFunctionBeginUser;
  PetscCall(MckSCSTwoTimeZero(tt, PETSC_TRUE));
  for (PetscInt c = 0; c < tt->nchunks; c++) {
    const PetscInt off = c * tt->B, nb = PetscMin(tt->B, tt->nlocal - off);
    PetscCall(MckSCSTwoTimeAccumulate(s, tt, PETSC_TRUE, nb, tt->nlocal, w->xh + off, w->ph + off, w->N));
  }
  PetscCall(MckSCSTwoTimeReduce(s, tt, PETSC_TRUE));
  PetscCall(MckSCSStationaryAverage(s));
  s->converged = PETSC_TRUE;
  s->done      = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Network(MckSCS s)
{
  Network *w = NET(s);

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTNetwork, 0, 0, 0, 0));
  PetscCall(NetworkStep(s, w, w->k));
  w->k++;
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTNetwork, 0, 0, 0, 0));
  if (w->k + 1 == s->T) PetscCall(Finish(s, w));
  PetscFunctionReturn(0);
}

/* T - 1 time steps from t_0 to t_{T-1}. */
static PetscErrorCode GetStep_Network(MckSCS s, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  PetscFunctionBeginUser;
  *step   = s->done ? s->T - 1 : NET(s)->k;
  *nsteps = s->T - 1;
  *time   = (PetscReal)*step * s->dt;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Network(MckSCS s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)s->d, "-dmft_n"), NET(s)->N));
  PetscCall(MckSCSPathsConfig(s, &NET(s)->paths, io, check));
  PetscFunctionReturn(0);
}

/* The paths x_i(t_0..t_k) as (N, k+1) rows, to the file (write) or back. */
static PetscErrorCode TransferPaths(Network *w, MckIO io, const char group[], PetscBool write)
{
  PetscFunctionBeginUser;
  PetscCall(
      MckDMFTTransferRows(io, group, "x", w->N, w->tt.gstart, w->tt.nlocal, w->k + 1, w->xh, w->tt.nlocal, write));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_Network(MckSCS s, MckIO io, const char group[])
{
  Network *w = NET(s);

  PetscFunctionBeginUser;
  PetscCall(MckIOWriteAttributeInt(io, group, "step", w->k));
  PetscCall(TransferPaths(w, io, group, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* The paths, then phi of them (elementwise, as each step computed it), so that only x is stored. */
static PetscErrorCode Read_Network(MckSCS s, MckIO io, const char group[])
{
  Network   *w = NET(s);
  PetscInt64 step;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTReadStep(s->d, io, group, "network solver", "-dmft_steps", s->T, 2, &step));
  w->k = (PetscInt)step;
  PetscCall(TransferPaths(w, io, group, PETSC_FALSE));
  s->act.phi((w->k + 1) * w->tt.nlocal, w->xh, w->ph, NULL);
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Network(MckSCS s, PetscViewer viewer)
{
  Network *w = NET(s);

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "network N = %" PetscInt_FMT
                                   ", couplings dense (MATMPIDENSE), chunks of %" PetscInt_FMT
                                   ", x(0) ~ N(0, %g), integrator %s\n",
                                   w->N, w->paths.chunk, (double)w->paths.q0, MckSCSIntegratorName(&w->paths)));
  (void)s;
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Network(MckSCS s)
{
  Network *w = NET(s);

  PetscFunctionBeginUser;
  PetscCall(MatDestroy(&w->J));
  PetscCall(MckSCSTwoTimeDestroy(&w->tt));
  PetscCall(PetscFree2(w->xh, w->ph));
  PetscCall(PetscFree5(w->phi_all, w->eta0, w->eta1, w->xs, w->xi));
  PetscCall(PetscFree2(w->counts, w->displs));
  PetscCall(PetscFree(s->sdata));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSCreate_Network(MckSCS s, MckSCSSolverOps *ops, void **data)
{
  Network          *w;
  const MckSCSPaths paths = MCK_SCS_PATHS_DEFAULT;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&w));
  w->N                = 1000;
  w->paths            = paths;
  s->sample           = w->N;
  ops->setfromoptions = SetFromOptions_Network;
  ops->memory         = Memory_Network;
  ops->setup          = SetUp_Network;
  ops->initialize     = Initialize_Network;
  ops->step           = Step_Network;
  ops->getstep        = GetStep_Network;
  ops->config         = Config_Network;
  ops->write          = Write_Network;
  ops->read           = Read_Network;
  ops->view           = View_Network;
  ops->destroy        = Destroy_Network;
  *data               = w;
  PetscFunctionReturn(0);
}
