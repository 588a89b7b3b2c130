/* MckMFNet: creation, the dynamics (type), options, step, view, destroy. Set-up: mfnetsetup.c;
 * accessors: accessors.c; the run protocols: mfnetrun.c. */
#include "learn/mfnetimpl.h"

/* A dynamics' checkpoints may fall on any step unless its constructor says otherwise. */
static PetscErrorCode MFNetTypeDefaults(MckMFNet net)
{
  PetscFunctionBeginUser;
  net->ops->sync = 1;
  PetscFunctionReturn(0);
}
MCK_TYPED_RETYPE(MFNetRetype, MckMFNet, MFNetTypeDefaults, MckMFNetCreateFn, (x))
static const MckTypedClass MFNetClass = {"MckMFNet",
                                         &MckMFNetList,
                                         "-mfnet_dynamics",
                                         "dynamics",
                                         "Training dynamics (mfld, umfld, cbo, fedavg, or registered)",
                                         MCKMFNET_MFLD,
                                         MFNetRetype};

static const char *const InitKinds[] = {"gaussian", "uniform"};

/*@C
  MckMFNetCreate - Creates a mean-field two-layer network trained as a particle system (or the
  particles of consensus-based optimisation).

  Collective

  Input Parameter:
. comm - the communicator

  Output Parameter:
. net - the network: dynamics mfld, N = 256, d = 10, P = 100, dt = 0.01, 100 steps, tanh

  Level: beginner

.seealso: `MckMFNetSetFromOptions()`, `MckMFNetSetType()`, `MckMFNetSetUp()`, `MckMFNetStep()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckMFNetCreate(MPI_Comm comm, MckMFNet *net)
{
  MckMFNet n;

  PetscFunctionBeginUser;
  PetscValidPointer(net, 2);
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscHeaderCreate(n, MCK_MFNET_CLASSID, "MckMFNet", "Mean-field two-layer network", "MckMFNet", comm,
                              MckMFNetDestroy, MckMFNetView));
  n->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &n->rank));
  PetscCallMPI(MPI_Comm_size(comm, &n->size));
  n->N              = 256;
  n->d              = 10;
  n->P              = 100;
  n->B              = 64;
  n->alpha          = 1.0;
  n->dt             = 0.01;
  n->steps          = 100;
  n->init           = MFNET_INIT_GAUSSIAN;
  n->init_std       = 1.0;
  n->init_range     = 1.0;
  n->train_features = PETSC_TRUE;
  n->kdir           = 1;
  PetscCall(PetscStrncpy(n->activation, MCKACTIVATION_TANH, sizeof(n->activation)));
  PetscCall(PetscStrncpy(n->teacher, MCKACTIVATION_TANH, sizeof(n->teacher)));
  PetscCall(MckObjectComposeRunMethods((PetscObject)n, &MckMFNetStepper, &MckMFNetCheckpoint));
  *net = n;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetType - Sets the learning dynamics.

  Collective

  Input Parameters:
+ net  - the network
- type - `MCKMFNET_MFLD`, `MCKMFNET_UMFLD`, `MCKMFNET_CBO`, `MCKMFNET_FEDAVG`, or a dynamics added with `MckMFNetRegister()`

  Options Database Key:
. -mfnet_dynamics <type> - the dynamics

  Level: intermediate

.seealso: `MckMFNetRegister()`, `MckMFNetGetType()`
@*/
PetscErrorCode MckMFNetSetType(MckMFNet net, MckMFNetType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)net, &MFNetClass, net->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetGetType - The dynamics' type name.

  Not Collective

  Input Parameter:
. net - the network

  Output Parameter:
. type - the type name (NULL before one is set)

  Level: intermediate

.seealso: `MckMFNetSetType()`
@*/
PetscErrorCode MckMFNetGetType(MckMFNet net, MckMFNetType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  *type = ((PetscObject)net)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetOptionsPrefix - Sets the prefix of the network's options (-<prefix>mfnet_n, ...), so
  that two networks in one run have their own.

  Logically Collective

  Input Parameters:
+ net    - the network
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckMFNetSetFromOptions()`
@*/
PetscErrorCode MckMFNetSetOptionsPrefix(MckMFNet net, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)net, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetSeed - The default of -mfnet_seed (apps pass their -seed).

  Logically Collective

  Input Parameters:
+ net  - the network, before `MckMFNetSetFromOptions()`
- seed - the seed of the initial particles and the noise

  Level: intermediate

.seealso: `MckRunGetSeed()`, `MckMFNetSetFromOptions()`
@*/
PetscErrorCode MckMFNetSetSeed(MckMFNet net, PetscInt seed)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCheck(!net->setup, net->comm, PETSC_ERR_ORDER, "MckMFNetSetSeed() must come before MckMFNetSetUp()");
  net->seed = seed;
  PetscFunctionReturn(0);
}

/* The particles, the time stepping and the seed: what every dynamics reads. */
static PetscErrorCode BaseOptions(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  PetscInt N = (PetscInt)net->N, init = (PetscInt)net->init;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-mfnet_n", "Number of neurons / particles N", N, &N, NULL));
  PetscCall(MckOptionsInt(
      "-mfnet_dim",
      "Input dimension d (also the cbo dimension for rastrigin and quadratic; with -mfnet_data: from the file)", net->d,
      &net->d, &net->d_set));
  PetscCall(MckOptionsInt("-mfnet_chunk_size", "Neurons per chunk, the unit of reproducible summation", net->B, &net->B,
                          NULL));
  PetscCall(MckOptionsReal("-mfnet_dt", "Time step dt", net->dt, &net->dt, NULL));
  PetscCall(MckOptionsInt("-mfnet_steps", "Number of steps", net->steps, &net->steps, NULL));
  PetscCall(MckOptionsInt("-mfnet_seed", "Random seed (32 bits) of the initial particles and the noise", net->seed,
                          &net->seed, NULL));
  PetscCall(MckOptionsChoice("-mfnet_init", "Initial particles: gaussian N(0, s^2) or uniform in [-L, L]", InitKinds, 2,
                             init, &init, NULL));
  PetscCall(MckOptionsReal("-mfnet_init_std", "Standard deviation s of the gaussian initialisation", net->init_std,
                           &net->init_std, NULL));
  PetscCall(MckOptionsReal("-mfnet_init_range", "Half-width L of the uniform initialisation", net->init_range,
                           &net->init_range, NULL));
  net->N    = N;
  net->init = (MckMFNetInit)init;
  PetscCheck(net->N >= 1, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt64_FMT ": the number of neurons (particles) must be at least 1", MckOptName("-mfnet_n"),
             net->N);
  PetscCheck(net->d >= 1, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": the input dimension must be at least 1", MckOptName("-mfnet_dim"), net->d);
  PetscCheck(net->B >= 1, net->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-mfnet_chunk_size"), net->B);
  PetscCheck(net->steps >= 0, net->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be zero or positive",
             MckOptName("-mfnet_steps"), net->steps);
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_dt"), net->dt));
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_init_std"), net->init_std));
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_init_range"), net->init_range));
  PetscFunctionReturn(0);
}

/* The data set and the network model: read when the particles are neurons, or when a cbo
 * objective scores them on the data. */
static PetscErrorCode DataOptions(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionList activations;
  PetscInt          combine        = (PetscInt)net->combine;
  PetscBool         teacher_set[3] = {PETSC_FALSE, PETSC_FALSE, PETSC_FALSE};
  const char *const teacher_opt[]  = {"-mfnet_teacher", "-mfnet_teacher_directions", "-mfnet_teacher_combine"};

  PetscFunctionBeginUser;
  PetscCall(MckActivationGetList(&activations));
  PetscCall(MckOptionsInt(
      "-mfnet_batch",
      "Number of training samples P (full batch; with -mfnet_data: the file's rows minus -mfnet_test_size)", net->P,
      &net->P, &net->P_set));
  PetscCall(MckOptionsInt("-mfnet_test_size",
                          "Held-out test samples (teacher data: drawn separately; -mfnet_data: the file's last rows)",
                          net->Pt, &net->Pt, NULL));
  PetscCall(MckOptionsString("-mfnet_data",
                             "HDF5 file with datasets /X (rows x d) and /y (rows) instead of teacher data",
                             net->datafile, net->datafile, sizeof(net->datafile), NULL));
  PetscCall(MckOptionsInt("-mfnet_data_seed",
                          "Random seed of the data set (default: -mfnet_seed); fix it to vary only the particles",
                          net->data_seed, &net->data_seed, &net->data_seed_set));
  PetscCall(MckOptionsFList("-mfnet_teacher",
                            "Teacher link g in y = g(u.x) (the activation table, include/mckean/mckactivation.h)",
                            activations, net->teacher, net->teacher, sizeof(net->teacher), &teacher_set[0]));
  PetscCall(MckOptionsInt("-mfnet_teacher_directions", "Teacher directions k <= d (multi-index teacher)", net->kdir,
                          &net->kdir, &teacher_set[1]));
  PetscCall(MckOptionsChoice("-mfnet_teacher_combine",
                             "Multi-index teacher: y = k^-1/2 sum_j g(u_j.x) or prod_j g(u_j.x)", MckMFNetCombineNames,
                             2, combine, &combine, &teacher_set[2]));
  PetscCall(MckOptionsReal("-mfnet_alpha", "Output scale alpha in f = (alpha/N) sum_i a_i sigma(w_i.x + b_i)",
                           net->alpha, &net->alpha, NULL));
  PetscCall(MckOptionsFList("-mfnet_activation",
                            "Activation sigma (the activation table, include/mckean/mckactivation.h)", activations,
                            net->activation, net->activation, sizeof(net->activation), NULL));
  PetscCall(MckOptionsReal("-mfnet_lambda", "L2 penalty lambda >= 0", net->lambda, &net->lambda, NULL));
  net->combine = (MckMFNetCombine)combine;
  PetscCheck(net->P >= 1, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": the number of samples must be at least 1", MckOptName("-mfnet_batch"), net->P);
  PetscCheck(net->Pt >= 0, net->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be zero or positive",
             MckOptName("-mfnet_test_size"), net->Pt);
  PetscCheck(net->kdir >= 1 && net->kdir <= net->d, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed 1 to %s %" PetscInt_FMT, MckOptName("-mfnet_teacher_directions"), net->kdir,
             MckOptName("-mfnet_dim"), net->d);
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_alpha"), net->alpha));
  PetscCall(McKeanCheckNonNegative(net->comm, MckOptName("-mfnet_lambda"), net->lambda));
  for (int k = 0; k < 3; k++) /* a teacher setting would be silently ignored with real data */
    PetscCheck(!teacher_set[k] || !net->datafile[0], net->comm, PETSC_ERR_USER_INPUT,
               "%s: has no effect with %s %s (the labels come from the file): give one or the other",
               MckOptName(teacher_opt[k]), MckOptName("-mfnet_data"), net->datafile);
  PetscFunctionReturn(0);
}

/* Training a network: the temperature, which parameters move, and mini-batches for the dynamics
 * whose steps may see them. */
static PetscErrorCode TrainingOptions(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-mfnet_temperature", "Temperature tau >= 0 of mean-field Langevin (0: gradient flow)",
                           net->tau, &net->tau, NULL));
  PetscCall(MckOptionsBool("-mfnet_train_features", "Train w and b (false: only the output weights a move)",
                           net->train_features, &net->train_features, NULL));
  if (net->ops->minibatches)
    PetscCall(MckOptionsInt("-mfnet_minibatch", "Samples per step (0: full batch)", net->mb, &net->mb, NULL));
  PetscCall(McKeanCheckNonNegative(net->comm, MckOptName("-mfnet_temperature"), net->tau));
  PetscCheck(net->mb >= 0 && net->mb <= net->P, net->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": allowed 0 (full batch) to %s %" PetscInt_FMT, MckOptName("-mfnet_minibatch"),
             net->mb, MckOptName("-mfnet_batch"), net->P);
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetSetFromOptions - Sets the dynamics from the options database, and every setting the
  chosen dynamics uses (docs/learn.md); the options of what was not chosen stay unused.

  Collective

  Input Parameter:
. net - the network

  Options Database Keys:
+ -mfnet_dynamics <mfld|umfld|cbo|fedavg> - the dynamics (the type); each reads its own options
. -mfnet_n, -mfnet_dim, -mfnet_chunk_size, -mfnet_dt, -mfnet_steps, -mfnet_seed, -mfnet_init, -mfnet_init_std, -mfnet_init_range - every dynamics
. -mfnet_batch, -mfnet_test_size, -mfnet_data, -mfnet_data_seed, -mfnet_teacher, -mfnet_teacher_directions, -mfnet_teacher_combine, -mfnet_alpha, -mfnet_activation, -mfnet_lambda - a network's data and model
. -mfnet_temperature, -mfnet_train_features, -mfnet_minibatch - training a network (mini-batches: mfld, umfld)
- -mfnet_view - view the network at set-up

  Level: beginner

.seealso: `MckMFNetCreate()`, `MckMFNetSetUp()`, `MckMFNetSetOptionsPrefix()`
@*/
PetscErrorCode MckMFNetSetFromOptions(MckMFNet net)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCheck(!net->setup, net->comm, PETSC_ERR_ORDER, "MckMFNetSetFromOptions() must come before MckMFNetSetUp()");
  PetscObjectOptionsBegin((PetscObject)net);
  MckOptionsCall(MckOptionsTyped(net, &MFNetClass, net->setup));
  MckOptionsCall(BaseOptions(net, PetscOptionsObject));
  if (net->ops->setfromoptions) MckOptionsCall((*net->ops->setfromoptions)(net, PetscOptionsObject));
  net->needs_data = (PetscBool)(net->ops->network || net->obj.network);
  if (net->needs_data) MckOptionsCall(DataOptions(net, PetscOptionsObject));
  if (net->ops->network) MckOptionsCall(TrainingOptions(net, PetscOptionsObject));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetStep - One step of the dynamics (mfld, umfld: one reproducible collective, plus one on
  umfld's first step; cbo: one MPI_MIN and one reproducible collective; fedavg: communication only
  at the round boundaries). Never allocates.

  Collective

  Input Parameter:
. net - the network, set up

  Level: beginner

.seealso: `MckMFNetGetStep()`, `MckRunSolve()`
@*/
PetscErrorCode MckMFNetStep(MckMFNet net)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetCheckSetUp(net, "MckMFNetStep"));
  PetscCall((*net->ops->step)(net));
  net->step++;
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetView - Prints the network: particles, data, model, dynamics.

  Collective

  Input Parameters:
+ net    - the network
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -mfnet_view - view at set-up

  Level: intermediate

.seealso: `MckMFNetSetUp()`
@*/
PetscErrorCode MckMFNetView(MckMFNet net, PetscViewer viewer)
{
  PetscBool ascii;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(net, MCK_MFNET_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)net, &viewer, &ascii));
  if (!ascii) PetscFunctionReturn(0);
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "N = %" PetscInt64_FMT " particles in chunks of %" PetscInt_FMT
                                   " on %d rank(s), dt %g, %" PetscInt_FMT " steps, seed %" PetscInt_FMT "\n",
                                   net->N, net->B, net->size, (double)net->dt, net->steps, net->seed));
  if (net->needs_data && net->datafile[0])
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "data: %s, P = %" PetscInt_FMT " training samples, d = %" PetscInt_FMT
                                     ", %" PetscInt_FMT " test samples\n",
                                     net->datafile, net->P, net->d, net->Pt));
  else if (net->needs_data && net->kdir == 1)
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "data: P = %" PetscInt_FMT " samples x ~ N(0, I/d), d = %" PetscInt_FMT
                                     ", teacher y = %s(u.x), |u|^2 = d; %" PetscInt_FMT " test samples\n",
                                     net->P, net->d, net->teacher, net->Pt));
  else if (net->needs_data)
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "data: P = %" PetscInt_FMT " samples x ~ N(0, I/d), d = %" PetscInt_FMT
                                     ", multi-index teacher y = %s_j %s(u_j.x), j < %" PetscInt_FMT
                                     ", u_j orthogonal, |u_j|^2 = d; %" PetscInt_FMT " test samples\n",
                                     net->P, net->d, net->combine == MFNET_COMBINE_SUM ? "k^-1/2 sum" : "prod",
                                     net->teacher, net->kdir, net->Pt));
  if (net->ops->network)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "network: f = (alpha/N) sum a sigma(w.x + b), sigma = %s, alpha %g, lambda %g, temperature %g%s\n",
        net->activation, (double)net->alpha, (double)net->lambda, (double)net->tau,
        net->train_features ? "" : ", only a trained"));
  if (net->ops->network && net->mb)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "mini-batches of %" PetscInt_FMT " samples: consecutive windows of a fixed random permutation\n",
        net->mb));
  if (net->ops->view) PetscCall((*net->ops->view)(net, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode DestroyEvalPass(MckMFNetPass *t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree3(t->S, t->f, t->r));
  PetscCall(MckStatsDestroy(&t->stats));
  PetscFunctionReturn(0);
}

/*@C
  MckMFNetDestroy - Drops a reference to the network, freeing it with the last.

  Collective

  Input Parameter:
. net - the network

  Level: beginner

.seealso: `MckMFNetCreate()`
@*/
PetscErrorCode MckMFNetDestroy(MckMFNet *net)
{
  MckMFNet  n = *net;
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)net, MCK_MFNET_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if (n->ops->destroy) PetscCall((*n->ops->destroy)(n));
  PetscCall(PetscFree3(n->X, n->Xa, n->y));
  PetscCall(PetscFree3(n->u, n->Xt, n->yt));
  PetscCall(PetscFree(n->Xtest));
  PetscCall(DestroyEvalPass(&n->tpass));
  PetscCall(DestroyEvalPass(&n->trpass));
  PetscCall(MckStatsDestroy(&n->diag));
  PetscCall(PetscFree2(n->theta, n->grad));
  PetscCall(PetscFree5(n->Z, n->Delta, n->partial, n->r, n->ga));
  PetscCall(PetscFree(n->f));
  PetscCall(PetscFree(n->S));
  PetscCall(PetscFree(n->dS));
  PetscCall(PetscFree(n->noisebuf));
  PetscCall(PetscFree(n->noiseptr));
  PetscCall(PetscFree3(n->perm, n->Xb, n->yb));
  PetscCall(PetscFree2(n->comp, n->compbuf));
  PetscCall(MckStatsDestroy(&n->stats));
  PetscCall(MckRNGDestroy(&n->rng));
  PetscCall(MckRNGDestroy(&n->data_rng));
  PetscCall(PetscHeaderDestroy(net));
  PetscFunctionReturn(0);
}
