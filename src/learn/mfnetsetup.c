/* MckMFNetSetUp: the activations, the data, the ownership of the particles, the statistics, the
 * work arrays (after a memory check), the initial particles and the dynamics' own set-up. */
#include "learn/mfnetimpl.h"

/* X (n x d) from [X 1] (n x (d+1)): the data as the user sees them. */
static PetscErrorCode DropBiasColumn(PetscInt n, PetscInt d, const PetscReal Xa[], PetscReal X[])
{
  PetscFunctionBeginUser;
  for (PetscInt mu = 0; mu < n; mu++) PetscCall(PetscArraycpy(X + (size_t)mu * d, Xa + (size_t)mu * (d + 1), d));
  PetscFunctionReturn(0);
}

/* What SetUpData lends ReadData. */
typedef struct {
  MckMFNet  net;
  PetscBool help;
} DataSetUp;

/* The data (teacher, or the file read with the handle io; NULL: no file) and their arrays. P and d
 * are known only after a file's shapes. */
static PetscErrorCode ReadData(MckIO io, void *ctx)
{
  const DataSetUp *su   = (const DataSetUp *)ctx;
  MckMFNet         net  = su->net;
  PetscObject      o    = (PetscObject)net;
  const PetscBool  help = su->help;

  PetscFunctionBeginUser;
  if (!net->needs_data) { /* cbo on an objective of its own: no samples */
    net->P  = 0;
    net->Pt = 0;
    PetscFunctionReturn(0);
  }
  if (io) {
    PetscCall(MckIOOpenRead(io, net->datafile, McKeanOptionName(o, "-mfnet_data")));
    PetscCall(MckMFNetDataFileShape(net, io));
    net->kdir = 0;
    PetscCheck(net->mb <= net->P, net->comm, PETSC_ERR_USER_INPUT,
               "%s %" PetscInt_FMT ": allowed 0 (full batch) to the %" PetscInt_FMT " training samples of %s %s",
               McKeanOptionName(o, "-mfnet_minibatch"), net->mb, net->P, McKeanOptionName(o, "-mfnet_data"),
               net->datafile);
  }
  if (help) PetscFunctionReturn(0); /* the options and a data file's shape are checked; no samples */
  {                                 /* every rank holds all samples: X, Xa, y and the test set's Xt, yt, Xtest */
    const PetscLogDouble doubles = (2.0 * net->d + 2) * ((PetscLogDouble)net->P + net->Pt);
    char                 value[32];

    PetscCall(
        PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT " (+ %" PetscInt_FMT " test samples)", net->P, net->Pt));
    PetscCall(McKeanCheckMemory(net->comm, McKeanOptionName(o, "-mfnet_batch"), value, 8.0 * doubles));
  }
  PetscCall(PetscCalloc3((size_t)net->P * net->d, &net->X, (size_t)net->P * (net->d + 1), &net->Xa, net->P, &net->y));
  PetscCall(PetscCalloc3((size_t)net->kdir * net->d + 1, &net->u, (size_t)net->Pt * (net->d + 1) + 1, &net->Xt,
                         net->Pt + 1, &net->yt));
  if (io) PetscCall(MckMFNetDataFileRead(net, io));
  else PetscCall(MckMFNetGenerateTeacherData(net));
  PetscCall(PetscMalloc1((size_t)net->Pt * net->d + 1, &net->Xtest));
  PetscCall(DropBiasColumn(net->P, net->d, net->Xa, net->X));
  PetscCall(DropBiasColumn(net->Pt, net->d, net->Xt, net->Xtest));
  PetscFunctionReturn(0);
}

/* A data file is read with a handle of its own, which a refused file does not leave open. */
static PetscErrorCode SetUpData(MckMFNet net, PetscBool help)
{
  DataSetUp su = {net, help};

  PetscFunctionBeginUser;
  if (net->needs_data && net->datafile[0]) PetscCall(MckIOWithHandle(net->comm, ReadData, &su));
  else PetscCall(ReadData(NULL, &su));
  PetscFunctionReturn(0);
}

/* An evaluation pass of the local neurons over n samples (the test set, or all training samples
 * when the steps use mini-batches), with its own statistics so that the step's collective keeps
 * its size. */
static PetscErrorCode SetUpEvalPass(MckMFNet net, MckMFNetPass *t, PetscInt n, const PetscReal X[], const PetscReal y[],
                                    const char name[])
{
  const size_t rows = (size_t)net->nchunks * net->B;
  char         stat[64];

  PetscFunctionBeginUser;
  *t = (MckMFNetPass){.P = n, .X = X, .y = y, .nrows = net->nlocal, .theta = net->theta};
  PetscCall(PetscMalloc3(rows * n, &t->S, n, &t->f, n, &t->r)); /* no gradient: no sigma' */
  PetscCall(MckStatsCreate(net->comm, &t->stats));
  PetscCall(PetscSNPrintf(stat, sizeof(stat), "mfnet.%s_output", name));
  PetscCall(MckStatsRegister(t->stats, stat, n, &t->off_f));
  PetscCall(PetscSNPrintf(stat, sizeof(stat), "mfnet.%s_penalty", name));
  PetscCall(MckStatsRegister(t->stats, stat, 1, &t->off_pen));
  PetscCall(MckStatsSetUp(t->stats));
  PetscFunctionReturn(0);
}

/* Evaluation passes and the diagnostics' statistics of a network. */
static PetscErrorCode SetUpEvaluation(MckMFNet net)
{
  PetscFunctionBeginUser;
  if (!net->ops->network) PetscFunctionReturn(0);
  if (net->Pt) PetscCall(SetUpEvalPass(net, &net->tpass, net->Pt, net->Xt, net->yt, "test"));
  if (net->mb) PetscCall(SetUpEvalPass(net, &net->trpass, net->P, net->Xa, net->y, "train"));
  PetscCall(MckStatsCreate(net->comm, &net->diag));
  PetscCall(MckStatsRegister(net->diag, "mfnet.alignment", 1, NULL));
  PetscCall(MckStatsSetUp(net->diag));
  PetscFunctionReturn(0);
}

/* sigma and g from the activation table (the network's data and model only). */
static PetscErrorCode SetUpActivations(MckMFNet net)
{
  MckActivation a;

  PetscFunctionBeginUser;
  if (!net->needs_data) PetscFunctionReturn(0);
  PetscCall(MckActivationFind((PetscObject)net, "-mfnet_activation", net->activation, &a));
  net->act  = a.phi;
  net->dact = a.dphi_of_phi;
  PetscCall(MckActivationFind((PetscObject)net, "-mfnet_teacher", net->teacher, &a));
  net->link = a.phi;
  PetscFunctionReturn(0);
}

/* Refuse before allocating what the node cannot hold: the particles and their gradient, and for
 * a network sigma (and sigma', unless it comes from sigma) of every local neuron on every sample,
 * and sigma on the evaluation passes' samples. */
static PetscErrorCode CheckMemory(MckMFNet net, PetscInt rows)
{
  const PetscReal P = (PetscReal)net->P, Pt = (PetscReal)net->Pt;
  PetscReal       doubles = 2.0 * rows * net->D + 2.0 * net->B * PetscMax(P, Pt);
  char            value[32];

  PetscFunctionBeginUser;
  if (net->ops->network) doubles += rows * ((net->dact ? 1.0 : 2.0) * P + Pt + (net->mb ? P : 0));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt64_FMT, net->N));
  PetscCall(McKeanCheckMemory(net->comm, McKeanOptionName((PetscObject)net, "-mfnet_n"), value, 8.0 * doubles));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetUp - Allocates everything, draws (or reads) the data and the initial particles.

  Collective

  Input Parameter:
. net - the network

  Note:
  With -help the options (and a data file's shape) are checked and nothing is allocated: the
  network is not set up.

  Level: beginner

.seealso: `MckMFNetSetFromOptions()`, `MckMFNetStep()`
@*/
PetscErrorCode MckMFNetSetUp(MckMFNet net)
{
  PetscInt  rows, Pmax;
  PetscBool help;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  if (net->setup) PetscFunctionReturn(0);
  if (!((PetscObject)net)->type_name) PetscCall(MckMFNetSetType(net, MCKMFNET_MFLD));
  net->needs_data = (PetscBool)(net->ops->network || net->obj.network);
  PetscCheck(net->ops->network || net->obj.eval, net->comm, PETSC_ERR_ORDER,
             "%s %s: a dynamics whose particles are not neurons must choose an objective in its setfromoptions",
             McKeanOptionName((PetscObject)net, "-mfnet_dynamics"), ((PetscObject)net)->type_name);
  PetscCall(SetUpActivations(net));
  PetscCall(MckRNGCreate(net->comm, &net->rng));
  PetscCall(MckRNGSetSeed(net->rng, net->seed));
  PetscCall(MckRNGCreate(net->comm, &net->data_rng));
  PetscCall(MckRNGSetSeed(net->data_rng, net->data_seed_set ? net->data_seed : net->seed));
  /* -help lists the options and runs nothing: a deck sized for many nodes, checked on a login
   * node (mckean-submit), must neither allocate nor be refused for its size */
  PetscCall(PetscOptionsHasHelp(((PetscObject)net)->options, &help));
  PetscCall(SetUpData(net, help));
  net->D = net->d + 2;
  if (!net->ops->network) PetscCall((*net->obj.dim)(net, &net->D));
  PetscCall(MckStatsChunkOwnership(net->comm, net->N, net->B, &net->gstart, &net->nlocal, &net->nchunks));
  rows    = net->nchunks * net->B;
  net->Pb = net->mb ? net->mb : net->P;
  Pmax    = PetscMax(net->P, net->Pt);
  if (help) PetscCall(McKeanObjectViewOptionRead((PetscObject)net, "-mfnet_view"));
  if (help) PetscFunctionReturn(0);
  PetscCall(CheckMemory(net, rows));
  PetscCall(PetscCalloc2((size_t)net->nchunks * net->B * net->D + 1, &net->theta,
                         (size_t)net->nchunks * net->B * net->D + 1, &net->grad));
  PetscCall(PetscCalloc5(net->B * Pmax, &net->Z, net->B * Pmax, &net->Delta, Pmax + 1, &net->partial, net->P, &net->r,
                         net->B, &net->ga));
  PetscCall(PetscCalloc1(net->P, &net->f));
  PetscCall(PetscCalloc1(net->ops->network ? (size_t)rows * net->P + 1 : 1, &net->S));
  if (net->ops->network && !net->dact) PetscCall(PetscCalloc1((size_t)rows * net->P + 1, &net->dS));
  PetscCall(PetscCalloc1((size_t)net->D * net->B, &net->noisebuf));
  PetscCall(PetscMalloc1(net->D, &net->noiseptr));
  for (PetscInt k = 0; k < net->D; k++) net->noiseptr[k] = net->noisebuf + k * net->B;
  PetscCall(MckStatsCreate(net->comm, &net->stats));
  if (net->ops->network) {
    PetscCall(MckStatsRegister(net->stats, "mfnet.output", net->Pb, &net->off_f));
    PetscCall(MckStatsRegister(net->stats, "mfnet.penalty", 1, &net->off_pen));
  }
  if (net->ops->setup) PetscCall((*net->ops->setup)(net)); /* may register further statistics */
  PetscCall(MckStatsSetUp(net->stats));
  PetscCall(SetUpEvaluation(net));
  PetscCall(MckMFNetSetUpBatches(net));
  PetscCall(MckMFNetInitializeParticles(net));
  if (net->ops->setupdata) PetscCall((*net->ops->setupdata)(net));
  net->step  = 0;
  net->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)net, NULL, "-mfnet_view"));
  PetscFunctionReturn(0);
}
