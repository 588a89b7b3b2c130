/* MckMFNet lifecycle: create, options, set-up, step, accessors, view, destroy. */
#include "learn/mfnetimpl.h"

static const char *const InitKinds[] = {"gaussian", "uniform"};

PetscErrorCode MckMFNetCreate(MPI_Comm comm, MckMFNet *net)
{
  MckMFNet n;

  PetscFunctionBeginUser;
  PetscCheck(net, comm, PETSC_ERR_ARG_NULL, "MckMFNetCreate: NULL output pointer");
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscNew(&n));
  n->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &n->rank));
  PetscCallMPI(MPI_Comm_size(comm, &n->size));
  n->N              = 256;
  n->d              = 10;
  n->P              = 100;
  n->B              = 64;
  n->alpha          = 1.0;
  n->lambda         = 0.0;
  n->tau            = 0.0;
  n->dt             = 0.01;
  n->steps          = 100;
  n->seed           = 0;
  n->init           = MFNET_INIT_GAUSSIAN;
  n->init_std       = 1.0;
  n->init_range     = 1.0;
  n->train_features = PETSC_TRUE;
  n->kdir           = 1;
  PetscCall(PetscStrncpy(n->activation, "tanh", sizeof(n->activation)));
  PetscCall(PetscStrncpy(n->teacher, "tanh", sizeof(n->teacher)));
  PetscCall(PetscStrncpy(n->dynamics, "mfld", sizeof(n->dynamics)));
  *net = n;
  PetscFunctionReturn(0);
}

/* A name from a registry, or a user-input error listing what is allowed. */
static PetscErrorCode FindNamed(MckMFNet net, PetscFunctionList list, const char opt[], const char name[], void (**fn)(void))
{
  char allowed[512];

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind(list, name, fn));
  if (*fn) PetscFunctionReturn(0);
  PetscCall(McKeanFunctionListNames(list, allowed, sizeof(allowed)));
  SETERRQ(net->comm, PETSC_ERR_USER_INPUT, "%s %s: unknown; allowed: %s", opt, name, allowed);
}

static PetscErrorCode CheckOptions(MckMFNet net)
{
  PetscFunctionBeginUser;
  PetscCheck(net->N >= 1, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_n %" PetscInt64_FMT ": the number of neurons (particles) must be at least 1", net->N);
  PetscCheck(net->d >= 1, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_dim %" PetscInt_FMT ": the input dimension must be at least 1", net->d);
  PetscCheck(net->P >= 1, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_batch %" PetscInt_FMT ": the number of samples must be at least 1", net->P);
  PetscCheck(net->mb >= 0 && net->mb <= net->P, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_minibatch %" PetscInt_FMT ": allowed 0 (full batch) to -mfnet_batch %" PetscInt_FMT, net->mb, net->P);
  PetscCheck(net->B >= 1, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_chunk_size %" PetscInt_FMT ": must be at least 1", net->B);
  PetscCheck(net->Pt >= 0, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_test_size %" PetscInt_FMT ": must be zero or positive", net->Pt);
  PetscCheck(net->kdir >= 1 && net->kdir <= net->d, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_teacher_directions %" PetscInt_FMT ": allowed 1 to -mfnet_dim %" PetscInt_FMT, net->kdir, net->d);
  PetscCheck(net->steps >= 0, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_steps %" PetscInt_FMT ": must be zero or positive", net->steps);
  PetscCall(McKeanCheckPositive(net->comm, "-mfnet_alpha", net->alpha));
  PetscCall(McKeanCheckPositive(net->comm, "-mfnet_dt", net->dt));
  PetscCall(McKeanCheckNonNegative(net->comm, "-mfnet_temperature", net->tau));
  PetscCall(McKeanCheckNonNegative(net->comm, "-mfnet_lambda", net->lambda));
  PetscCall(McKeanCheckPositive(net->comm, "-mfnet_init_std", net->init_std));
  PetscCall(McKeanCheckPositive(net->comm, "-mfnet_init_range", net->init_range));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetSetFromOptions(MckMFNet net)
{
  PetscInt  N = (PetscInt)net->N, init = (PetscInt)net->init, combine = (PetscInt)net->combine;
  char      dyn[MCK_MFNET_NAME_LEN];
  PetscBool newdyn, teacher_set[3] = {PETSC_FALSE, PETSC_FALSE, PETSC_FALSE};
  void (*fn)(void);

  PetscFunctionBeginUser;
  PetscCheck(!net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetSetFromOptions: call before MckMFNetSetUp()");
  PetscCall(PetscStrncpy(dyn, net->dynamics, sizeof(dyn)));
  PetscOptionsBegin(net->comm, NULL, "Mean-field two-layer network (MckMFNet)", NULL);
  PetscCall(MckOptionsInt("-mfnet_n", "Number of neurons / particles N", N, &N, NULL));
  PetscCall(MckOptionsInt("-mfnet_dim", "Input dimension d (also the cbo dimension for rastrigin and quadratic; with -mfnet_data: from the file)", net->d, &net->d, &net->d_set));
  PetscCall(MckOptionsInt("-mfnet_batch", "Number of training samples P (full batch; with -mfnet_data: the file's rows minus -mfnet_test_size)", net->P, &net->P, &net->P_set));
  PetscCall(MckOptionsInt("-mfnet_test_size", "Held-out test samples (teacher data: drawn separately; -mfnet_data: the file's last rows)", net->Pt, &net->Pt, NULL));
  PetscCall(MckOptionsString("-mfnet_data", "HDF5 file with datasets /X (rows x d) and /y (rows) instead of teacher data", net->datafile, net->datafile, sizeof(net->datafile), NULL));
  PetscCall(MckOptionsInt("-mfnet_minibatch", "Samples per step for mfld/umfld (0: full batch)", net->mb, &net->mb, NULL));
  PetscCall(MckOptionsInt("-mfnet_chunk_size", "Neurons per chunk, the unit of reproducible summation", net->B, &net->B, NULL));
  PetscCall(MckOptionsReal("-mfnet_alpha", "Output scale alpha in f = (alpha/N) sum_i a_i sigma(w_i.x + b_i)", net->alpha, &net->alpha, NULL));
  PetscCall(MckOptionsString("-mfnet_activation", "Activation sigma (tanh, relu, erf, identity, or registered)", net->activation, net->activation, sizeof(net->activation), NULL));
  PetscCall(MckOptionsString("-mfnet_teacher", "Teacher link g in y = g(u.x) (tanh, he2, he3, linear, or registered)", net->teacher, net->teacher, sizeof(net->teacher), &teacher_set[0]));
  PetscCall(MckOptionsInt("-mfnet_teacher_directions", "Teacher directions k <= d (multi-index teacher)", net->kdir, &net->kdir, &teacher_set[1]));
  PetscCall(MckOptionsChoice("-mfnet_teacher_combine", "Multi-index teacher: y = k^-1/2 sum_j g(u_j.x) or prod_j g(u_j.x)", MckMFNetCombineNames, 2, combine, &combine, &teacher_set[2]));
  PetscCall(MckOptionsString("-mfnet_dynamics", "Training dynamics (mfld, umfld, cbo, fedavg, or registered)", dyn, dyn, sizeof(dyn), NULL));
  PetscCall(MckOptionsReal("-mfnet_dt", "Time step dt", net->dt, &net->dt, NULL));
  PetscCall(MckOptionsReal("-mfnet_temperature", "Temperature tau >= 0 of mean-field Langevin (0: gradient flow)", net->tau, &net->tau, NULL));
  PetscCall(MckOptionsReal("-mfnet_lambda", "L2 penalty lambda >= 0", net->lambda, &net->lambda, NULL));
  PetscCall(MckOptionsInt("-mfnet_steps", "Number of steps", net->steps, &net->steps, NULL));
  PetscCall(MckOptionsInt("-mfnet_seed", "Random seed (32 bits) of the initial particles and the noise", net->seed, &net->seed, NULL));
  PetscCall(MckOptionsInt("-mfnet_data_seed", "Random seed of the data set (default: -mfnet_seed); fix it to vary only the particles", net->data_seed, &net->data_seed, &net->data_seed_set));
  PetscCall(MckOptionsChoice("-mfnet_init", "Initial particles: gaussian N(0, s^2) or uniform in [-L, L]", InitKinds, 2, init, &init, NULL));
  PetscCall(MckOptionsReal("-mfnet_init_std", "Standard deviation s of the gaussian initialisation", net->init_std, &net->init_std, NULL));
  PetscCall(MckOptionsReal("-mfnet_init_range", "Half-width L of the uniform initialisation", net->init_range, &net->init_range, NULL));
  PetscCall(MckOptionsBool("-mfnet_train_features", "Train w and b (false: only the output weights a move)", net->train_features, &net->train_features, NULL));
  PetscOptionsEnd();
  net->N    = N;
  net->init    = (MckMFNetInit)init;
  net->combine = (MckMFNetCombine)combine;
  PetscCall(CheckOptions(net));
  for (int k = 0; k < 3; k++) { /* a teacher setting would be silently ignored with real data */
    const char *const opt[] = {"-mfnet_teacher", "-mfnet_teacher_directions", "-mfnet_teacher_combine"};
    PetscCheck(!teacher_set[k] || !net->datafile[0], net->comm, PETSC_ERR_USER_INPUT, "%s: has no effect with -mfnet_data %s (the labels come from the file): give one or the other", opt[k], net->datafile);
  }
  PetscCall(FindNamed(net, MckMFNetActivationList, "-mfnet_activation", net->activation, &fn));
  net->act = (MckMFNetActivationFn)fn;
  PetscCall(FindNamed(net, MckMFNetTeacherList, "-mfnet_teacher", net->teacher, &fn));
  net->link = (MckMFNetActivationFn)fn;
  PetscCall(FindNamed(net, MckMFNetDynamicsList, "-mfnet_dynamics", dyn, &fn));
  PetscCall(PetscStrcmp(dyn, net->dynamics, &newdyn));
  newdyn = (PetscBool)(!newdyn || !net->ops.step);
  if (newdyn) {
    if (net->ops.destroy) PetscCall(net->ops.destroy(net));
    PetscCall(PetscMemzero(&net->ops, sizeof(net->ops)));
    net->data = NULL;
    PetscCall(PetscStrncpy(net->dynamics, dyn, sizeof(net->dynamics)));
    net->ops.sync = 1;
    PetscCall(((MckMFNetDynamicsCreateFn)fn)(net));
  }
  if (net->ops.setfromoptions) PetscCall(net->ops.setfromoptions(net));
  PetscFunctionReturn(0);
}

/* X (n x d) from [X 1] (n x (d+1)): the data as the user sees them. */
static PetscErrorCode DropBiasColumn(PetscInt n, PetscInt d, const PetscReal Xa[], PetscReal X[])
{
  PetscFunctionBeginUser;
  for (PetscInt mu = 0; mu < n; mu++) PetscCall(PetscArraycpy(X + (size_t)mu * d, Xa + (size_t)mu * (d + 1), d));
  PetscFunctionReturn(0);
}

/* The data (teacher or file) and their arrays. P and d are known only after a file's shapes. */
static PetscErrorCode SetUpData(MckMFNet net)
{
  MckIO io = NULL;

  PetscFunctionBeginUser;
  if (net->datafile[0]) {
    PetscCall(MckIOCreate(net->comm, &io));
    PetscCall(MckIOOpenRead(io, net->datafile, "-mfnet_data"));
    PetscCall(MckMFNetDataFileShape(net, io));
    net->kdir = 0;
    PetscCheck(net->mb <= net->P, net->comm, PETSC_ERR_USER_INPUT, "-mfnet_minibatch %" PetscInt_FMT ": allowed 0 (full batch) to the %" PetscInt_FMT " training samples of -mfnet_data %s", net->mb, net->P, net->datafile);
  }
  PetscCall(PetscCalloc3((size_t)net->P * net->d, &net->X, (size_t)net->P * (net->d + 1), &net->Xa, net->P, &net->y));
  PetscCall(PetscCalloc3((size_t)net->kdir * net->d + 1, &net->u, (size_t)net->Pt * (net->d + 1) + 1, &net->Xt, net->Pt + 1, &net->yt));
  if (io) {
    PetscCall(MckMFNetDataFileRead(net, io));
    PetscCall(MckIODestroy(&io));
  } else PetscCall(MckMFNetGenerateTeacherData(net));
  PetscCall(PetscMalloc1((size_t)net->Pt * net->d + 1, &net->Xtest));
  PetscCall(DropBiasColumn(net->P, net->d, net->Xa, net->X));
  PetscCall(DropBiasColumn(net->Pt, net->d, net->Xt, net->Xtest));
  PetscFunctionReturn(0);
}

/* An evaluation pass of the local neurons over n samples (the test set, or all training samples
 * when the steps use mini-batches), with its own statistics so that the step's collective keeps
 * its size. */
static PetscErrorCode SetUpEvalPass(MckMFNet net, MckMFNetPass *t, PetscInt n, const PetscReal X[], const PetscReal y[], const char name[])
{
  const size_t rows = (size_t)net->nchunks * net->B;
  char         stat[64];

  PetscFunctionBeginUser;
  *t = (MckMFNetPass){.P = n, .X = X, .y = y, .nrows = net->nlocal, .theta = net->theta};
  PetscCall(PetscMalloc4(rows * n, &t->S, rows * n, &t->dS, n, &t->f, n, &t->r));
  PetscCall(MckStatsCreate(net->comm, &t->stats));
  PetscCall(PetscSNPrintf(stat, sizeof(stat), "mfnet.%s_output", name));
  PetscCall(MckStatsRegister(t->stats, stat, n, &t->off_f));
  PetscCall(PetscSNPrintf(stat, sizeof(stat), "mfnet.%s_penalty", name));
  PetscCall(MckStatsRegister(t->stats, stat, 1, &t->off_pen));
  PetscCall(MckStatsSetUp(t->stats));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyEvalPass(MckMFNetPass *t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree4(t->S, t->dS, t->f, t->r));
  PetscCall(MckStatsDestroy(&t->stats));
  PetscFunctionReturn(0);
}

/* Evaluation passes and the diagnostics' statistics of a network. */
static PetscErrorCode SetUpEvaluation(MckMFNet net)
{
  PetscFunctionBeginUser;
  if (!net->ops.network) PetscFunctionReturn(0);
  if (net->Pt) PetscCall(SetUpEvalPass(net, &net->tpass, net->Pt, net->Xt, net->yt, "test"));
  if (net->mb) PetscCall(SetUpEvalPass(net, &net->trpass, net->P, net->Xa, net->y, "train"));
  PetscCall(MckStatsCreate(net->comm, &net->diag));
  PetscCall(MckStatsRegister(net->diag, "mfnet.alignment", 1, NULL));
  PetscCall(MckStatsSetUp(net->diag));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetSetUp(MckMFNet net)
{
  PetscInt rows, Pmax;

  PetscFunctionBeginUser;
  if (net->setup) PetscFunctionReturn(0);
  if (!net->ops.step) PetscCall(MckMFNetSetFromOptions(net)); /* defaults without options */
  PetscCall(MckRNGCreate(net->comm, &net->rng));
  PetscCall(MckRNGSetSeed(net->rng, net->seed));
  PetscCall(MckRNGCreate(net->comm, &net->data_rng));
  PetscCall(MckRNGSetSeed(net->data_rng, net->data_seed_set ? net->data_seed : net->seed));
  PetscCall(SetUpData(net));
  net->D = net->d + 2;
  if (!net->ops.network) {
    PetscCheck(net->obj, net->comm, PETSC_ERR_ARG_WRONGSTATE, "-mfnet_dynamics %s: a dynamics whose particles are not neurons must choose an objective in its setfromoptions", net->dynamics);
    PetscCall(net->obj->dim(net, &net->D));
  }
  PetscCall(MckStatsChunkOwnership(net->comm, net->N, net->B, &net->gstart, &net->nlocal, &net->nchunks));
  rows    = net->nchunks * net->B;
  net->Pb = net->mb ? net->mb : net->P;
  Pmax    = PetscMax(net->P, net->Pt);
  PetscCall(PetscCalloc2((size_t)net->nchunks * net->B * net->D + 1, &net->theta, (size_t)net->nchunks * net->B * net->D + 1, &net->grad));
  PetscCall(PetscCalloc4(net->B * Pmax, &net->Z, net->B * Pmax, &net->Delta, Pmax + 1, &net->partial, net->P, &net->r));
  PetscCall(PetscCalloc1(net->P, &net->f));
  PetscCall(PetscCalloc2(net->ops.network ? (size_t)rows * net->P + 1 : 1, &net->S, net->ops.network ? (size_t)rows * net->P + 1 : 1, &net->dS));
  PetscCall(PetscCalloc1((size_t)net->D * net->B, &net->noisebuf));
  PetscCall(PetscMalloc1(net->D, &net->noiseptr));
  for (PetscInt k = 0; k < net->D; k++) net->noiseptr[k] = net->noisebuf + k * net->B;
  PetscCall(MckStatsCreate(net->comm, &net->stats));
  if (net->ops.network) {
    PetscCall(MckStatsRegister(net->stats, "mfnet.output", net->Pb, &net->off_f));
    PetscCall(MckStatsRegister(net->stats, "mfnet.penalty", 1, &net->off_pen));
  }
  if (net->ops.setup) PetscCall(net->ops.setup(net)); /* may register further statistics */
  PetscCall(MckStatsSetUp(net->stats));
  PetscCall(SetUpEvaluation(net));
  PetscCall(MckMFNetSetUpBatches(net));
  PetscCall(MckMFNetInitializeParticles(net));
  if (net->ops.setupdata) PetscCall(net->ops.setupdata(net));
  net->step  = 0;
  net->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetStep(MckMFNet net)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetStep: call MckMFNetSetUp() first");
  PetscCall(net->ops.step(net));
  net->step++;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetLoss(MckMFNet net, PetscReal *loss)
{
  PetscFunctionBeginUser;
  *loss = net->loss;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetStep(MckMFNet net, PetscInt64 *step, PetscInt *nsteps)
{
  PetscFunctionBeginUser;
  if (step) *step = net->step;
  if (nsteps) *nsteps = net->steps;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetTimeStep(MckMFNet net, PetscReal *dt)
{
  PetscFunctionBeginUser;
  *dt = net->dt;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetIsNetwork(MckMFNet net, PetscBool *network)
{
  PetscFunctionBeginUser;
  PetscCheck(net->ops.step, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetIsNetwork: call MckMFNetSetFromOptions() first");
  *network = net->ops.network;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetParticles(MckMFNet net, PetscInt64 *N, PetscInt *D, PetscInt *nlocal, PetscInt64 *gstart, PetscReal **theta)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetGetParticles: call MckMFNetSetUp() first");
  if (N) *N = net->N;
  if (D) *D = net->D;
  if (nlocal) *nlocal = net->nlocal;
  if (gstart) *gstart = net->gstart;
  if (theta) *theta = net->theta;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetGradient(MckMFNet net, const PetscReal **grad)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup && net->ops.network, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetGetGradient: needs a set-up network (-mfnet_dynamics mfld)");
  *grad = net->grad;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetData(MckMFNet net, PetscInt *P, PetscInt *d, const PetscReal **X, const PetscReal **y, const PetscReal **u)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetGetData: call MckMFNetSetUp() first");
  if (P) *P = net->P;
  if (d) *d = net->d;
  if (X) *X = net->X;
  if (y) *y = net->y;
  if (u) *u = net->u;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetTeacher(MckMFNet net, PetscInt *k, const PetscReal **U)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetGetTeacher: call MckMFNetSetUp() first");
  if (k) *k = net->kdir;
  if (U) *U = net->u;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetTestSize(MckMFNet net, PetscInt *Pt)
{
  PetscFunctionBeginUser;
  *Pt = net->Pt;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetTestData(MckMFNet net, const PetscReal **X, const PetscReal **y)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetGetTestData: call MckMFNetSetUp() first");
  if (X) *X = net->Xtest;
  if (y) *y = net->yt;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetEvaluateTest(MckMFNet net, PetscReal *loss)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup && net->ops.network, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetEvaluateTest: needs a set-up network");
  PetscCheck(net->Pt > 0, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetEvaluateTest: no test set (-mfnet_test_size 0)");
  PetscCall(MckMFNetPassForward(net, &net->tpass));
  *loss = net->tpass.loss_data;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetOutput(MckMFNet net, const PetscReal **f)
{
  PetscFunctionBeginUser;
  *f = net->f;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetView(MckMFNet net, PetscViewer viewer)
{
  PetscBool ascii;

  PetscFunctionBeginUser;
  if (!viewer) viewer = PETSC_VIEWER_STDOUT_(net->comm);
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckMFNet: N = %" PetscInt64_FMT " particles in chunks of %" PetscInt_FMT " on %d rank(s), dynamics %s, dt %g, %" PetscInt_FMT " steps, seed %" PetscInt_FMT "\n", net->N, net->B, net->size, net->dynamics, (double)net->dt, net->steps, net->seed));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (net->datafile[0]) PetscCall(PetscViewerASCIIPrintf(viewer, "data: %s, P = %" PetscInt_FMT " training samples, d = %" PetscInt_FMT ", %" PetscInt_FMT " test samples\n", net->datafile, net->P, net->d, net->Pt));
  else if (net->kdir == 1) PetscCall(PetscViewerASCIIPrintf(viewer, "data: P = %" PetscInt_FMT " samples x ~ N(0, I/d), d = %" PetscInt_FMT ", teacher y = %s(u.x), |u|^2 = d; %" PetscInt_FMT " test samples\n", net->P, net->d, net->teacher, net->Pt));
  else PetscCall(PetscViewerASCIIPrintf(viewer, "data: P = %" PetscInt_FMT " samples x ~ N(0, I/d), d = %" PetscInt_FMT ", multi-index teacher y = %s_j %s(u_j.x), j < %" PetscInt_FMT ", u_j orthogonal, |u_j|^2 = d; %" PetscInt_FMT " test samples\n", net->P, net->d, net->combine == MFNET_COMBINE_SUM ? "k^-1/2 sum" : "prod", net->teacher, net->kdir, net->Pt));
  if (net->ops.network) PetscCall(PetscViewerASCIIPrintf(viewer, "network: f = (alpha/N) sum a sigma(w.x + b), sigma = %s, alpha %g, lambda %g, temperature %g%s\n", net->activation, (double)net->alpha, (double)net->lambda, (double)net->tau, net->train_features ? "" : ", only a trained"));
  if (net->ops.network && net->mb) PetscCall(PetscViewerASCIIPrintf(viewer, "mini-batches of %" PetscInt_FMT " samples: consecutive windows of a fixed random permutation\n", net->mb));
  if (net->ops.view) PetscCall(net->ops.view(net, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetDestroy(MckMFNet *net)
{
  MckMFNet n;

  PetscFunctionBeginUser;
  if (!net || !*net) PetscFunctionReturn(0);
  n = *net;
  if (n->ops.destroy) PetscCall(n->ops.destroy(n));
  PetscCall(PetscFree3(n->X, n->Xa, n->y));
  PetscCall(PetscFree3(n->u, n->Xt, n->yt));
  PetscCall(PetscFree(n->Xtest));
  PetscCall(DestroyEvalPass(&n->tpass));
  PetscCall(DestroyEvalPass(&n->trpass));
  PetscCall(MckStatsDestroy(&n->diag));
  PetscCall(PetscFree2(n->theta, n->grad));
  PetscCall(PetscFree4(n->Z, n->Delta, n->partial, n->r));
  PetscCall(PetscFree(n->f));
  PetscCall(PetscFree2(n->S, n->dS));
  PetscCall(PetscFree(n->noisebuf));
  PetscCall(PetscFree(n->noiseptr));
  PetscCall(PetscFree3(n->perm, n->Xb, n->yb));
  PetscCall(MckStatsDestroy(&n->stats));
  PetscCall(MckRNGDestroy(&n->rng));
  PetscCall(MckRNGDestroy(&n->data_rng));
  PetscCall(PetscFree(*net));
  PetscFunctionReturn(0);
}
