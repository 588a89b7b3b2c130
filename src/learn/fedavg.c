/* Federated-averaging Langevin dynamics (FA-LD: Deng, Ma, Song, Zhang, Lin, "On Convergence of
 * Federated Averaging Langevin Dynamics", 2023) for the mean-field network.
 *
 * Clients. K = -mfnet_fedavg_clients clients; client c holds the data shard
 * S_c = {mu : mu mod K = c} (P_c samples, weight p_c = P_c / P) and a full copy theta^c of the N
 * neurons. The global model is the network's own particles theta (distributed over the ranks
 * in chunks as for mfld). A round of E = -mfnet_fedavg_local_steps steps:
 *   1. broadcast: every client copies the global model, theta^c <- theta;
 *   2. E local Langevin steps of each client against its own shard, without communication:
 *        theta^c_i <- theta^c_i - dt G^c(theta^c_i) + sqrt(2 tau dt / p_c) xi^c_i
 *      with G^c the mfld drift of the client's network on S_c (normalised by P_c, see mckmfnet.h);
 *   3. averaging: theta_i <- sum_c p_c theta^c_i.
 * Since sum_c p_c G^c = G (the full-data drift) when all copies agree, one local step (E = 1)
 * is mfld in distribution: the same drift up to rounding, and the averaged noise
 * sum_c p_c sqrt(2 tau dt / p_c) xi^c has variance 2 tau dt, the mfld variance (the FA-LD noise
 * scaling). For E > 1 the clients drift apart on their shards between averagings.
 *
 * Ranks. Clients, not ranks, are the unit of the algorithm: they are owned in contiguous blocks
 * (ranks beyond K own none), a client's local steps are computed entirely on its rank (its
 * forward passes reduce through an MckStats on PETSC_COMM_SELF: the same fixed-point sums on any
 * rank), and its noise is keyed by (neuron id, step, draws c D .. c D + D - 1). The averaging is
 * one exact MckStats reduction of the N D + 1 weighted sums (and the broadcast one
 * MPI_Allgatherv of the global model, a copy), so the result is bitwise identical on any rank
 * count. Communication happens only at the round boundaries: one Allgatherv and one reduction of
 * N D + 1 values per E steps. Unlike mfld this is the whole model, not a summary statistic: the
 * price of federated training, paid once per round. Full-batch on each shard (no -mfnet_minibatch).
 *
 * The loss (MckMFNetGetLoss) after the step that closes a round is sum_c p_c L^c, the clients'
 * losses on their shards before their last local step (for E = 1: the full-data loss of the
 * global model, as for mfld); between averagings it keeps the last round's value. */
#include "learn/mfnetimpl.h"

typedef struct {
  PetscInt      K, E;            /* clients, local steps per round */
  PetscInt64    cstart;          /* first client of this rank */
  PetscInt      nclients;        /* clients of this rank */
  PetscReal    *Xs, *ys;         /* data in client order: shard c at rows shard0[c] .. */
  PetscInt     *shard0, *shardn; /* first row and sample count of each shard (K each) */
  MckMFNetPass *pass;            /* one per local client: its model copy over its shard */
  PetscReal    *model;           /* the global model, N x D, replicated (after a broadcast) */
  PetscMPIInt  *counts, *displs; /* Allgatherv layout of the global model */
  PetscReal    *weighted;        /* B x D: p_c theta^c of one chunk */
  PetscReal    *losses;          /* each local client's loss before its last local step */
  MckStats      avg;             /* N D sums of p_c theta^c, then sum p_c L^c */
  PetscInt      off_loss;
} FedAvg;

static PetscErrorCode SetFromOptions_FedAvg(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-mfnet_fedavg_clients",
                          "Number of clients K (client c holds the samples mu with mu mod K = c)", fa->K, &fa->K,
                          NULL));
  PetscCall(MckOptionsInt("-mfnet_fedavg_local_steps", "Local Langevin steps per round between two averagings", fa->E,
                          &fa->E, NULL));
  PetscCheck(fa->K >= 1, net->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-mfnet_fedavg_clients"), fa->K);
  PetscCheck(fa->E >= 1, net->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-mfnet_fedavg_local_steps"), fa->E);
  net->ops->sync = fa->E; /* mid-round the state includes the clients' copies */
  PetscFunctionReturn(0);
}

/* A checkpoint is a state of the particles alone: at a round boundary. */
static PetscErrorCode Checkpointing_FedAvg(MckMFNet net, PetscInt interval, PetscBool restart)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  (void)restart;
  PetscCheck(interval % fa->E == 0, net->comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_interval %" PetscInt_FMT ": must be a multiple of %" PetscInt_FMT
             " (%s: checkpoints fall between rounds)",
             interval, fa->E, McKeanOptionName((PetscObject)net, "-mfnet_fedavg_local_steps"));
  PetscFunctionReturn(0);
}

/* Shard c = samples c, c + K, c + 2K, ... copied contiguously into Xs/ys. */
static PetscErrorCode SetUpShards(MckMFNet net, FedAvg *fa)
{
  const PetscInt d1  = net->d + 1;
  PetscInt       row = 0;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < fa->K; c++) {
    fa->shard0[c] = row;
    for (PetscInt mu = c; mu < net->P; mu += fa->K, row++) {
      PetscCall(PetscArraycpy(fa->Xs + (size_t)row * d1, net->Xa + (size_t)mu * d1, d1));
      fa->ys[row] = net->y[mu];
    }
    fa->shardn[c] = row - fa->shard0[c];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpClient(MckMFNet net, FedAvg *fa, PetscInt c, MckMFNetPass *pass)
{
  const size_t rows = (size_t)net->N * net->D, Pc = (size_t)fa->shardn[c];

  PetscFunctionBeginUser;
  pass->P     = (PetscInt)Pc;
  pass->X     = fa->Xs + (size_t)fa->shard0[c] * (net->d + 1);
  pass->y     = fa->ys + fa->shard0[c];
  pass->nrows = (PetscInt)net->N;
  PetscCall(PetscMalloc3(rows, &pass->theta, rows, &pass->grad, (size_t)net->N * Pc, &pass->S));
  if (!net->dact) PetscCall(PetscMalloc1((size_t)net->N * Pc, &pass->dS)); /* else sigma' comes from sigma */
  PetscCall(PetscMalloc2(Pc, &pass->f, Pc, &pass->r));
  PetscCall(MckStatsCreate(PETSC_COMM_SELF, &pass->stats));
  PetscCall(MckStatsRegister(pass->stats, "mfnet.fedavg.output", pass->P, &pass->off_f));
  PetscCall(MckStatsRegister(pass->stats, "mfnet.fedavg.penalty", 1, &pass->off_pen));
  PetscCall(MckStatsSetUp(pass->stats));
  PetscFunctionReturn(0);
}

/* Every local client holds a copy of the whole model with its gradient, and sigma (and sigma',
 * unless it comes from sigma) of every neuron on its shard; the global model is replicated once. */
static PetscErrorCode CheckMemory(MckMFNet net, const FedAvg *fa)
{
  const PetscReal N = (PetscReal)net->N, D = (PetscReal)net->D, shard = (PetscReal)net->P / fa->K + 1;
  PetscReal       local = (PetscReal)fa->K / net->size + 1;
  char            value[32];

  PetscFunctionBeginUser;
  local = PetscMin(local, (PetscReal)fa->K);
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, fa->K));
  PetscCall(McKeanCheckMemory(net->comm, McKeanOptionName((PetscObject)net, "-mfnet_fedavg_clients"), value,
                              8.0 * (local * N * (2 * D + (net->dact ? 1 : 2) * shard) + N * D)));
  PetscFunctionReturn(0);
}

/* Everything that does not need the data (ops->setup runs before they are drawn). */
static PetscErrorCode SetUp_FedAvg(MckMFNet net)
{
  FedAvg     *fa = (FedAvg *)net->data;
  PetscInt    nch, count;
  PetscMPIInt size = net->size;

  PetscFunctionBeginUser;
  PetscCheck(fa->K <= net->P, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": more clients than samples (%s %" PetscInt_FMT
             "); every client needs at least one sample",
             McKeanOptionName((PetscObject)net, "-mfnet_fedavg_clients"), fa->K,
             McKeanOptionName((PetscObject)net, "-mfnet_batch"), net->P);
  PetscCall(CheckMemory(net, fa));
  PetscCall(MckStatsChunkOwnership(net->comm, fa->K, 1, &fa->cstart, &fa->nclients, &nch));
  PetscCall(
      PetscMalloc4((size_t)net->P * (net->d + 1), &fa->Xs, net->P, &fa->ys, fa->K, &fa->shard0, fa->K, &fa->shardn));
  PetscCall(PetscCalloc1(fa->nclients + 1, &fa->pass));
  PetscCall(PetscMalloc3((size_t)net->N * net->D, &fa->model, size, &fa->counts, size, &fa->displs));
  PetscCall(PetscMalloc2((size_t)net->B * net->D, &fa->weighted, fa->nclients + 1, &fa->losses));
  count = net->nlocal * net->D;
  PetscCallMPI(MPI_Allgather(&count, 1, MPI_INT, fa->counts, 1, MPI_INT, net->comm));
  fa->displs[0] = 0;
  for (PetscMPIInt r = 1; r < size; r++) fa->displs[r] = fa->displs[r - 1] + fa->counts[r - 1];
  PetscCall(MckStatsCreate(net->comm, &fa->avg));
  PetscCall(MckStatsRegister(fa->avg, "mfnet.fedavg.model", (PetscInt)(net->N * net->D), NULL));
  PetscCall(MckStatsRegister(fa->avg, "mfnet.fedavg.loss", 1, &fa->off_loss));
  PetscCall(MckStatsSetUp(fa->avg));
  PetscFunctionReturn(0);
}

/* After the data are drawn: the shards and the clients' model copies. */
static PetscErrorCode SetUpData_FedAvg(MckMFNet net)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  PetscCall(SetUpShards(net, fa));
  for (PetscInt j = 0; j < fa->nclients; j++) PetscCall(SetUpClient(net, fa, (PetscInt)(fa->cstart + j), &fa->pass[j]));
  PetscFunctionReturn(0);
}

/* Round start: the global model to every rank (a copy), and into every local client. */
static PetscErrorCode Broadcast(MckMFNet net, FedAvg *fa)
{
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allgatherv(net->theta, net->nlocal * net->D, MPIU_REAL, fa->model, fa->counts, fa->displs, MPIU_REAL,
                              net->comm));
  for (PetscInt j = 0; j < fa->nclients; j++)
    PetscCall(PetscArraycpy(fa->pass[j].theta, fa->model, (size_t)net->N * net->D));
  PetscFunctionReturn(0);
}

/* One Langevin step of client c on its shard; returns its loss before the step. */
static PetscErrorCode LocalStep(MckMFNet net, PetscInt c, MckMFNetPass *pass, PetscReal *loss)
{
  const PetscInt  D = net->D, k0 = net->train_features ? 0 : D - 1, nchunks = (pass->nrows + net->B - 1) / net->B;
  const PetscReal dt = net->dt, amp = PetscSqrtReal(2.0 * net->tau * net->dt * (PetscReal)net->P / (PetscReal)pass->P);

  PetscFunctionBeginUser;
  PetscCall(MckMFNetPassForward(net, pass));
  PetscCall(MckMFNetPassGradient(net, pass));
  *loss = pass->loss_data + pass->loss_pen;
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  for (PetscInt ch = 0; ch < nchunks; ch++) {
    const PetscInt off = ch * net->B, n = PetscMin(net->B, pass->nrows - off);
    PetscReal     *th = pass->theta + (size_t)off * D, *g = pass->grad + (size_t)off * D;
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) th[i * D + k] -= dt * g[i * D + k];
    if (net->tau == 0) continue;
    PetscCall(MckRNGNormals(net->rng, off, n, net->step, c * D, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++)
      for (PetscInt k = k0; k < D; k++) th[i * D + k] += amp * net->noiseptr[k][i];
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Round end: theta_i = sum_c p_c theta^c_i exactly (fixed point), and the weighted loss. */
static PetscErrorCode Average(MckMFNet net, FedAvg *fa, const PetscReal losses[])
{
  const PetscInt   D = net->D, nchunks = (PetscInt)((net->N + net->B - 1) / net->B);
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(fa->avg));
  for (PetscInt j = 0; j < fa->nclients; j++) {
    const MckMFNetPass *pass = &fa->pass[j];
    const PetscReal     p = (PetscReal)pass->P / (PetscReal)net->P, wl = p * losses[j];
    for (PetscInt ch = 0; ch < nchunks; ch++) {
      const PetscInt off = ch * net->B, n = (PetscInt)PetscMin(net->B, net->N - off);
      for (PetscInt k = 0; k < n * D; k++) fa->weighted[k] = p * pass->theta[(size_t)off * D + k];
      PetscCall(MckStatsAdd(fa->avg, off * D, n * D, fa->weighted));
    }
    PetscCall(MckStatsAdd(fa->avg, fa->off_loss, 1, &wl));
  }
  PetscCall(MckStatsReduce(fa->avg));
  PetscCall(MckStatsGetSums(fa->avg, &sums));
  PetscCall(PetscArraycpy(net->theta, sums + (size_t)net->gstart * D, (size_t)net->nlocal * D));
  net->loss = sums[fa->off_loss];
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_FedAvg(MckMFNet net)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  if (net->step % fa->E == 0) PetscCall(Broadcast(net, fa));
  for (PetscInt j = 0; j < fa->nclients; j++)
    PetscCall(LocalStep(net, (PetscInt)(fa->cstart + j), &fa->pass[j], &fa->losses[j]));
  if ((net->step + 1) % fa->E == 0) PetscCall(Average(net, fa, fa->losses));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_FedAvg(MckMFNet net, MckIO io, PetscBool check)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)net, "-mfnet_fedavg_clients"), fa->K));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)net, "-mfnet_fedavg_local_steps"), fa->E));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_FedAvg(MckMFNet net, PetscViewer viewer)
{
  const FedAvg *fa = (const FedAvg *)net->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "fedavg: %" PetscInt_FMT " clients (shard c = samples mu mod %" PetscInt_FMT " = c), %" PetscInt_FMT
      " local Langevin steps per round, then the weighted average of the client models; per round one Allgatherv and one reproducible collective of %" PetscInt64_FMT
      " sums\n",
      fa->K, fa->K, fa->E, net->N * net->D + 1));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_FedAvg(MckMFNet net)
{
  FedAvg *fa = (FedAvg *)net->data;

  PetscFunctionBeginUser;
  if (!fa) PetscFunctionReturn(0);
  for (PetscInt j = 0; fa->pass && j < fa->nclients; j++) {
    PetscCall(PetscFree3(fa->pass[j].theta, fa->pass[j].grad, fa->pass[j].S));
    PetscCall(PetscFree(fa->pass[j].dS));
    PetscCall(PetscFree2(fa->pass[j].f, fa->pass[j].r));
    PetscCall(MckStatsDestroy(&fa->pass[j].stats));
  }
  PetscCall(PetscFree(fa->pass));
  PetscCall(PetscFree4(fa->Xs, fa->ys, fa->shard0, fa->shardn));
  PetscCall(PetscFree3(fa->model, fa->counts, fa->displs));
  PetscCall(PetscFree2(fa->weighted, fa->losses));
  PetscCall(MckStatsDestroy(&fa->avg));
  PetscCall(PetscFree(net->data));
  PetscFunctionReturn(0);
}

/* Full-batch on each shard: no -mfnet_minibatch (an unused option, refused). */
PetscErrorCode MckMFNetCreate_FedAvg(MckMFNet net)
{
  FedAvg *fa;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&fa));
  fa->K                    = 4;
  fa->E                    = 5;
  net->data                = fa;
  net->ops->setfromoptions = SetFromOptions_FedAvg;
  net->ops->setup          = SetUp_FedAvg;
  net->ops->setupdata      = SetUpData_FedAvg;
  net->ops->checkpointing  = Checkpointing_FedAvg;
  net->ops->config         = Config_FedAvg;
  net->ops->step           = Step_FedAvg;
  net->ops->view           = View_FedAvg;
  net->ops->destroy        = Destroy_FedAvg;
  net->ops->network        = PETSC_TRUE;
  net->ops->sync           = fa->E;
  PetscFunctionReturn(0);
}
