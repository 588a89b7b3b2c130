/* Forward pass and gradient of the network (the mfld parametrisation theta = (w, b, a)).
 *
 * Per chunk of n neurons (rows of theta, length D = d + 2) and the P samples of the batch
 * (all samples, or the step's mini-batch, see minibatch.c):
 *   Z = [W b] (n x (d+1)) * [X 1]^T ((d+1) x P)           one DGEMM: pre-activations w.x + b
 *   S = sigma(Z), and dS = sigma'(Z) unless sigma' is a function of sigma (tanh: 1 - S^2), which
 *   the gradient then recomputes from S (kept for the gradient: one activation call per step)
 *   partial_mu = sum_{i in chunk, in order} a_i S_i,mu          -> MckStats "mfnet.output"
 *   penalty    = sum_{i in chunk} |trained part of theta_i|^2  -> MckStats "mfnet.penalty"
 * One MckStatsReduce gives f_mu = (alpha/N) sum_chunks partial_mu on every rank, bitwise the same
 * for any rank count: a chunk's DGEMM has the same shape and inputs wherever the chunk lives,
 * and its partial sums are converted exactly (fixed point) before they are combined.
 *
 * Gradient of the first variation, G(theta_i) = N grad_{theta_i} L_N (see mckmfnet.h):
 *   Delta_i,mu = r_mu sigma'(Z_i,mu)
 *   [g_w g_b]_i = (alpha a_i / P) (Delta * [X 1])_i   one DGEMM ((n x P) * (P x (d+1)))
 *   g_a,i       = (alpha / P) sum_mu r_mu sigma(Z_i,mu)   (8 partial sums fixed by the code, learn/mfnet_template.h)
 * plus lambda theta_i on the trained components. Everything after the collective is local.
 * sigma' from S has the bits of the stored dS (the activation table's promise), so the two ways
 * give the same gradient; recomputing it saves writing and reading an nrows x P array per step.
 * The pass (mfnetimpl.h) says which neurons, samples and statistics: MckMFNetEvaluate passes the
 * local neurons and the step's batch, fedavg a client's model copy and data shard. */
#include "learn/mfnetimpl.h"
#include "learn/mfnetkernels.h"
#include <cblas.h>

/* Chunk c of a pass: first row and row count (chunks of B consecutive rows). */
static inline void PassChunk(MckMFNet net, const MckMFNetPass *pass, PetscInt c, PetscInt *off, PetscInt *n)
{
  *off = c * net->B;
  *n   = PetscMin(net->B, pass->nrows - *off);
}

static PetscErrorCode ForwardChunk(MckMFNet net, MckMFNetPass *pass, PetscInt off, PetscInt n)
{
  const PetscInt P = pass->P, d = net->d, D = net->D, k0 = net->train_features ? 0 : D - 1;
  PetscReal     *Z = net->Z, *S = pass->S + (size_t)off * P, *dS = pass->dS ? pass->dS + (size_t)off * P : NULL,
            *partial = net->partial, pen = 0;
  const PetscReal *th = pass->theta + (size_t)off * D;

  PetscFunctionBeginUser;
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, P, d + 1, 1.0, th, D, pass->X, d + 1, 0.0, Z, P);
  net->act(n * P, Z, S, dS);
  for (PetscInt mu = 0; mu < P; mu++) partial[mu] = 0;
  MCK_SIMD_CALL(MckMFNetAccumulateKernel, n, P, th + d + 1, D, S,
                partial); /* partial_mu = sum_i a_i S_i,mu, in order */
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt k = k0; k < D; k++) pen += th[i * D + k] * th[i * D + k];
  PetscCall(MckStatsAdd(pass->stats, pass->off_f, P, partial));
  PetscCall(MckStatsAdd(pass->stats, pass->off_pen, 1, &pen));
  PetscFunctionReturn(0);
}

/* Delta = r sigma' and ga_i = sum_mu r_mu S_i,mu (8 fixed partial sums) of a chunk's n rows;
 * Delta only when the features are trained (it feeds their gradient alone). */
static void DeltaAndDot(MckMFNet net, const MckMFNetPass *pass, PetscInt off, PetscInt n, PetscReal Delta[],
                        PetscReal ga[])
{
  const PetscInt   P = pass->P;
  const PetscReal *S = pass->S + (size_t)off * P, *r = pass->r;

  if (!net->train_features) MCK_SIMD_CALL(MckMFNetDotKernel, n, P, r, S, ga);
  else if (pass->dS) {
    MCK_SIMD_CALL(MckMFNetDeltaKernel, n, P, r, pass->dS + (size_t)off * P, Delta);
    MCK_SIMD_CALL(MckMFNetDotKernel, n, P, r, S, ga);
  } else /* sigma' from S, row by row while the row of S is in the L1 cache for the dot product */
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal *s  = S + (size_t)i * P;
      PetscReal       *dl = Delta + (size_t)i * P;
      net->dact(P, s, dl);
      MCK_SIMD_CALL(MckMFNetDeltaKernel, 1, P, r, dl, dl);
      MCK_SIMD_CALL(MckMFNetDotKernel, 1, P, r, s, ga + i);
    }
}

static PetscErrorCode GradientChunk(MckMFNet net, MckMFNetPass *pass, PetscInt off, PetscInt n)
{
  const PetscInt   P = pass->P, d = net->d, D = net->D;
  const PetscReal *th = pass->theta + (size_t)off * D;
  const PetscReal  c = net->alpha / (PetscReal)P, lambda = net->lambda;
  PetscReal       *Delta = net->Delta, *g = pass->grad + (size_t)off * D, *ga = net->ga;

  PetscFunctionBeginUser;
  DeltaAndDot(net, pass, off, n, Delta, ga);
  if (net->train_features)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, d + 1, P, 1.0, Delta, P, pass->X, d + 1, 0.0, g, D);
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal a = th[i * D + d + 1];
    if (net->train_features)
      for (PetscInt k = 0; k <= d; k++) g[i * D + k] = (c * a) * g[i * D + k] + lambda * th[i * D + k];
    else
      for (PetscInt k = 0; k <= d; k++) g[i * D + k] = 0;
    g[i * D + d + 1] = c * ga[i] + lambda * a;
  }
  PetscFunctionReturn(0);
}

/* f, r and the loss from the reduced sums: the same arithmetic on every rank. */
static PetscErrorCode Finish(MckMFNet net, MckMFNetPass *pass)
{
  const PetscReal *sums;
  const PetscReal  scale = net->alpha / (PetscReal)net->N;
  PetscReal        r2    = 0;

  PetscFunctionBeginUser;
  PetscCall(MckStatsGetSums(pass->stats, &sums));
  for (PetscInt mu = 0; mu < pass->P; mu++) {
    pass->f[mu] = scale * sums[pass->off_f + mu];
    pass->r[mu] = pass->f[mu] - pass->y[mu];
    r2 += pass->r[mu] * pass->r[mu];
  }
  pass->loss_data = r2 / (2.0 * pass->P);
  pass->loss_pen  = net->lambda / (2.0 * (PetscReal)net->N) * sums[pass->off_pen];
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetPassForward(MckMFNet net, MckMFNetPass *pass)
{
  const PetscInt nchunks = (pass->nrows + net->B - 1) / net->B;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  PetscCall(MckStatsZero(pass->stats));
  for (PetscInt c = 0; c < nchunks; c++) {
    PetscInt off, n;
    PassChunk(net, pass, c, &off, &n);
    PetscCall(ForwardChunk(net, pass, off, n));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  PetscCall(MckStatsReduce(pass->stats)); /* the one collective of the step */
  PetscCall(Finish(net, pass));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetPassGradient(MckMFNet net, MckMFNetPass *pass)
{
  const PetscInt nchunks = (pass->nrows + net->B - 1) / net->B;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  for (PetscInt c = 0; c < nchunks; c++) {
    PetscInt off, n;
    PassChunk(net, pass, c, &off, &n);
    PetscCall(GradientChunk(net, pass, off, n));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetEvaluate - Forward pass at the current parameters: the network output, the residual and
  the loss on the step's batch (one reproducible collective); with the gradient, also G(theta_i)
  of the local neurons.

  Collective

  Input Parameters:
+ net      - the network (particles are neurons), set up
- gradient - whether to compute G(theta_i) as well

  Level: intermediate

.seealso: `MckMFNetGetLoss()`, `MckMFNetGetGradient()`, `MckMFNetGetOutput()`
@*/
PetscErrorCode MckMFNetEvaluate(MckMFNet net, PetscBool gradient)
{
  MckMFNetPass pass;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetEvaluate"));
  PetscCall(MckMFNetSelectBatch(net));
  pass = (MckMFNetPass){.P       = net->Pb,
                        .X       = net->Xcur,
                        .y       = net->ycur,
                        .nrows   = net->nlocal,
                        .theta   = net->theta,
                        .grad    = net->grad,
                        .S       = net->S,
                        .dS      = net->dS,
                        .stats   = net->stats,
                        .off_f   = net->off_f,
                        .off_pen = net->off_pen,
                        .f       = net->f,
                        .r       = net->r};
  PetscCall(MckMFNetPassForward(net, &pass));
  net->loss_data = pass.loss_data;
  net->loss_pen  = pass.loss_pen;
  net->loss      = pass.loss_data + pass.loss_pen;
  net->evaluated = PETSC_TRUE;
  if (gradient) PetscCall(MckMFNetPassGradient(net, &pass));
  PetscFunctionReturn(0);
}

/* The output f on a block of n samples [x 1] (a pass of the local neurons with the statistics
 * stats, whose first n components are the outputs). */
static PetscErrorCode PredictBlock(MckMFNet net, MckStats stats, PetscInt n, const PetscReal Xa[], PetscReal S[],
                                   PetscReal y[], PetscReal r[], PetscReal f[])
{
  MckMFNetPass pass = {.P       = n,
                       .X       = Xa,
                       .y       = y,
                       .nrows   = net->nlocal,
                       .theta   = net->theta,
                       .S       = S,
                       .stats   = stats,
                       .off_f   = 0,
                       .off_pen = n,
                       .f       = f,
                       .r       = r};

  PetscFunctionBeginUser;
  PetscCall(MckMFNetPassForward(net, &pass));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetPredict - The network output f(x) = (alpha / N) sum_i a_i sigma(w_i . x + b_i) at n
  inputs of the caller's, with the current parameters: the forward pass of `MckMFNetEvaluate()`
  (the same per-chunk products and one reproducible reduction per block of samples), so the
  result is identical on every rank and for any rank count, and at the network's own data equals
  its output (`MckMFNetGetOutput()`) bit for bit.

  Collective

  Input Parameters:
+ net - the network (particles are neurons), set up
. n   - the number of inputs (the same on every rank)
- X   - the inputs, n x d row-major (the same on every rank)

  Output Parameter:
. f - the n outputs, identical on every rank

  Note:
  The inputs are taken in blocks of at most max(P, Pt) samples (the data and test set sizes),
  the size the network's work arrays hold; each block costs one reduction.

  Level: intermediate

.seealso: `MckMFNetEvaluate()`, `MckMFNetGetOutput()`, `MckMFNetGetParticles()`
@*/
PetscErrorCode MckMFNetPredict(MckMFNet net, PetscInt n, const PetscReal X[], PetscReal f[])
{
  const PetscInt d = net->d, block = PetscMax(1, PetscMin(n, PetscMax(net->P, net->Pt)));
  const size_t   rows = (size_t)net->nchunks * net->B;
  PetscReal     *Xa, *S, *y, *r;
  MckStats       stats;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckNetwork(net, "MckMFNetPredict"));
  PetscCheck(n >= 0, net->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckMFNetPredict(): n = %" PetscInt_FMT " < 0", n);
  PetscCall(PetscMalloc4((size_t)block * (d + 1), &Xa, rows * block + 1, &S, block, &y, block, &r));
  PetscCall(PetscArrayzero(y, block));
  PetscCall(MckStatsCreate(net->comm, &stats));
  PetscCall(MckStatsRegister(stats, "mfnet.predict", block + 1, NULL));
  PetscCall(MckStatsSetUp(stats));
  for (PetscInt first = 0; first < n; first += block) {
    const PetscInt nb = PetscMin(block, n - first);
    for (PetscInt mu = 0; mu < nb; mu++) {
      PetscCall(PetscArraycpy(Xa + (size_t)mu * (d + 1), X + (size_t)(first + mu) * d, d));
      Xa[(size_t)mu * (d + 1) + d] = 1.0;
    }
    PetscCall(PredictBlock(net, stats, nb, Xa, S, y, r, f + first));
  }
  PetscCall(MckStatsDestroy(&stats));
  PetscCall(PetscFree4(Xa, S, y, r));
  PetscFunctionReturn(0);
}
