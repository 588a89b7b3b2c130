/* MckMFNet state for checkpoints and output: the configuration fingerprint, the particles (and
 * a dynamics' own state, e.g. umfld's velocities) as distributed rows in global-id order, the
 * step counter, and the seed an app hands down. */
#include "learn/mfnetimpl.h"

/* The settings a checkpoint depends on (everything that changes a result bit), -mfnet_steps
 * excepted: a restart may run further. */
PetscErrorCode MckMFNetConfig(MckMFNet net, MckIO io, PetscBool check)
{
  const PetscReal reals[] = {net->alpha, net->dt, net->tau, net->lambda, net->init_std, net->init_range};
  const char     *rnames[] = {"-mfnet_alpha", "-mfnet_dt", "-mfnet_temperature", "-mfnet_lambda", "-mfnet_init_std", "-mfnet_init_range"};
  const PetscInt  ints[]   = {(PetscInt)net->N, net->d, net->P, net->mb, net->B, net->Pt, net->kdir, net->seed, net->data_seed_set ? net->data_seed : net->seed, (PetscInt)net->init, (PetscInt)net->combine, (PetscInt)net->train_features};
  const char     *inames[] = {"-mfnet_n", "-mfnet_dim", "-mfnet_batch", "-mfnet_minibatch", "-mfnet_chunk_size", "-mfnet_test_size", "-mfnet_teacher_directions", "-mfnet_seed", "-mfnet_data_seed", "-mfnet_init", "-mfnet_teacher_combine", "-mfnet_train_features"};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, "-mfnet_dynamics", net->dynamics));
  PetscCall(MckIOConfigString(io, check, "-mfnet_activation", net->activation));
  PetscCall(MckIOConfigString(io, check, "-mfnet_teacher", net->teacher));
  PetscCall(MckIOConfigString(io, check, "-mfnet_data", net->datafile[0] ? net->datafile : "(teacher)"));
  for (size_t k = 0; k < sizeof(reals) / sizeof(reals[0]); k++) PetscCall(MckIOConfigReals(io, check, rnames[k], 1, &reals[k]));
  for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++) PetscCall(MckIOConfigInt(io, check, inames[k], ints[k]));
  if (net->ops.config) PetscCall(net->ops.config(net, io, check));
  PetscFunctionReturn(0);
}

/* rows (nlocal x ncomp, row-major, as the particles are stored) <-> SoA columns for MckIO */
static PetscErrorCode RowsIO(MckMFNet net, MckIO io, const char dset[], PetscInt ncomp, PetscReal rows[], PetscBool write)
{
  PetscReal **comp, *buf;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(ncomp, &comp, (size_t)ncomp * net->nlocal + 1, &buf));
  for (PetscInt k = 0; k < ncomp; k++) comp[k] = buf + (size_t)k * net->nlocal;
  if (write) {
    for (PetscInt i = 0; i < net->nlocal; i++)
      for (PetscInt k = 0; k < ncomp; k++) comp[k][i] = rows[(size_t)i * ncomp + k];
    PetscCall(MckIOWriteRows(io, dset, net->N, net->gstart, net->nlocal, ncomp, comp));
  } else {
    PetscCall(MckIOReadRows(io, dset, net->N, net->gstart, net->nlocal, ncomp, comp));
    for (PetscInt i = 0; i < net->nlocal; i++)
      for (PetscInt k = 0; k < ncomp; k++) rows[(size_t)i * ncomp + k] = comp[k][i];
  }
  PetscCall(PetscFree2(comp, buf));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRowsWrite(MckMFNet net, MckIO io, const char dset[], PetscInt ncomp, PetscReal rows[])
{
  PetscFunctionBeginUser;
  PetscCall(RowsIO(net, io, dset, ncomp, rows, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRowsRead(MckMFNet net, MckIO io, const char dset[], PetscInt ncomp, PetscReal rows[])
{
  PetscFunctionBeginUser;
  PetscCall(RowsIO(net, io, dset, ncomp, rows, PETSC_FALSE));
  PetscFunctionReturn(0);
}

static PetscErrorCode GroupPath(const char group[], const char name[], char path[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, len, "%s/%s", group, name));
  PetscFunctionReturn(0);
}

/* <group>/theta and the dynamics' own state, written or read */
static PetscErrorCode StateIO(MckMFNet net, MckIO io, const char group[], PetscBool write)
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNet%s: call MckMFNetSetUp() first", write ? "Write" : "Read");
  PetscCall(GroupPath(group, "theta", path, sizeof(path)));
  PetscCall(RowsIO(net, io, path, net->D, net->theta, write));
  if (write && net->ops.write) PetscCall(net->ops.write(net, io, group));
  if (!write && net->ops.read) PetscCall(net->ops.read(net, io, group));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetWrite(MckMFNet net, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(StateIO(net, io, group, PETSC_TRUE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRead(MckMFNet net, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  PetscCall(StateIO(net, io, group, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetSetStep(MckMFNet net, PetscInt64 step)
{
  PetscFunctionBeginUser;
  PetscCheck(net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetSetStep: call MckMFNetSetUp() first");
  PetscCheck(step % net->ops.sync == 0, net->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckMFNetSetStep: step %" PetscInt64_FMT " is not a multiple of %" PetscInt_FMT " (the steps at which the state is the particles alone)", step, net->ops.sync);
  net->step = step;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetGetSyncInterval(MckMFNet net, PetscInt *sync)
{
  PetscFunctionBeginUser;
  *sync = net->ops.sync;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetSetSeed(MckMFNet net, PetscInt seed)
{
  PetscFunctionBeginUser;
  PetscCheck(!net->setup, net->comm, PETSC_ERR_ARG_WRONGSTATE, "MckMFNetSetSeed: call before MckMFNetSetUp()");
  net->seed = seed;
  PetscFunctionReturn(0);
}
