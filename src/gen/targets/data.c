/* Target data: the rows of an HDF5 dataset (-target_file F, -target_dataset /X of shape (n, d)),
 * read collectively and replicated on every rank (as learn's data sets), drawn uniformly by
 * sample id; its moments are those of the rows (the empirical distribution's, exactly). */
#include "gen/genimpl.h"

typedef struct {
  char       file[PETSC_MAX_PATH_LEN], dset[256];
  PetscInt64 rows;
  PetscReal *X; /* rows x dim, row-major */
} Data;

static PetscErrorCode SetFromOptions_Data(MckGenTarget t, PetscOptionItems *PetscOptionsObject)
{
  Data     *d = (Data *)t->data;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(
      MckOptionsString("-target_file", "HDF5 file with the training data", d->file, d->file, sizeof(d->file), &set));
  PetscCall(MckOptionsString("-target_dataset", "Dataset of shape (n, d) in the file", d->dset, d->dset,
                             sizeof(d->dset), NULL));
  PetscCheck(set, t->comm, PETSC_ERR_USER_INPUT, "-target_type data needs %s FILE.h5", MckOptName("-target_file"));
  PetscFunctionReturn(0);
}

/* The dataset's rows of the file, read with the handle io, into the data of target ctx. */
static PetscErrorCode ReadData(MckIO io, void *ctx)
{
  MckGenTarget t = (MckGenTarget)ctx;
  Data        *d = (Data *)t->data;
  PetscInt64   dims[4];
  PetscInt     nd;
  PetscBool    has, help;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenRead(io, d->file, McKeanOptionName((PetscObject)t, "-target_file")));
  PetscCall(MckIOHasObject(io, d->dset, &has));
  PetscCheck(has, t->comm, PETSC_ERR_USER_INPUT, "%s %s: no dataset %s",
             McKeanOptionName((PetscObject)t, "-target_file"), d->file, d->dset);
  PetscCall(MckIOReadArray(io, d->dset, &nd, dims, NULL));
  PetscCheck(nd == 2 && dims[0] >= 1 && dims[1] >= 1 && dims[1] <= MCK_GEN_MAX_DIM, t->comm, PETSC_ERR_USER_INPUT,
             "%s %s: dataset %s must have shape (n, d) with 1 <= d <= %d",
             McKeanOptionName((PetscObject)t, "-target_file"), d->file, d->dset, MCK_GEN_MAX_DIM);
  d->rows = dims[0];
  t->dim  = (PetscInt)dims[1];
  PetscCall(PetscOptionsHasHelp(((PetscObject)t)->options, &help));
  if (help) PetscFunctionReturn(0); /* the file and its shape are checked, the data (sized for the job) not read */
  PetscCall(McKeanCheckMemory(t->comm, McKeanOptionName((PetscObject)t, "-target_file"), d->file,
                              (PetscLogDouble)dims[0] * dims[1] * sizeof(PetscReal)));
  PetscCall(PetscMalloc1(dims[0] * dims[1], &d->X));
  PetscCall(MckIOReadArray(io, d->dset, &nd, dims, d->X));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Data(MckGenTarget t)
{
  Data *d = (Data *)t->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOWithHandle(t->comm, ReadData, t));
  if (!d->X) PetscFunctionReturn(0); /* -help */
  for (PetscInt64 k = 0; k < d->rows * t->dim; k++)
    PetscCheck(!PetscIsInfOrNanReal(d->X[k]), t->comm, PETSC_ERR_USER_INPUT,
               "%s %s: %s holds a NaN or Inf (row %" PetscInt64_FMT ")",
               McKeanOptionName((PetscObject)t, "-target_file"), d->file, d->dset, k / t->dim);
  PetscFunctionReturn(0);
}

/* A restart continues only with the data the checkpoint was trained on: their row count and a
 * fingerprint of the values read. Not the file's name (the same data may move) nor its size or
 * time (a copy changes the time, other data may have the same size): the values decide. */
static PetscErrorCode Config_Data(MckGenTarget t, MckIO io, PetscBool check)
{
  Data *d = (Data *)t->data;
  char  what[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s rows", McKeanOptionName((PetscObject)t, "-target_file")));
  PetscCall(MckIOConfigInt(io, check, what, d->rows));
  PetscCall(
      PetscSNPrintf(what, sizeof(what), "%s data (fingerprint)", McKeanOptionName((PetscObject)t, "-target_file")));
  PetscCall(MckIOConfigFingerprint(io, check, what, d->rows * t->dim, d->X));
  PetscFunctionReturn(0);
}

static PetscErrorCode Sample_Data(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                  PetscReal *const x[])
{
  Data      *d = (Data *)t->data;
  PetscReal *u;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n + 1, &u));
  PetscCall(MckRNGUniforms(rng, gstart, n, step, 0, 1, &u));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt64 row = PetscMin((PetscInt64)(u[i] * (PetscReal)d->rows), d->rows - 1);
    for (PetscInt a = 0; a < t->dim; a++) x[a][i] = d->X[row * t->dim + a];
  }
  PetscCall(PetscFree(u));
  PetscFunctionReturn(0);
}

static PetscErrorCode Moments_Data(MckGenTarget t, PetscReal mean[], PetscReal cov[])
{
  Data *d = (Data *)t->data;

  PetscFunctionBeginUser;
  PetscCall(MckGenRowMoments(d->rows, t->dim, d->X, mean, cov));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Data(MckGenTarget t, PetscViewer viewer)
{
  Data *d = (Data *)t->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %" PetscInt64_FMT " rows of %s:%s\n", d->rows, d->file, d->dset));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Data(MckGenTarget t)
{
  Data *d = (Data *)t->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->X));
  PetscCall(PetscFree(t->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_Data(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  Data *d;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(PetscNew(&d));
  PetscCall(PetscStrncpy(d->dset, "/X", sizeof(d->dset)));
  ops->setfromoptions = SetFromOptions_Data;
  ops->setup          = SetUp_Data;
  ops->config         = Config_Data;
  ops->sample         = Sample_Data;
  ops->moments        = Moments_Data;
  ops->view           = View_Data;
  ops->destroy        = Destroy_Data;
  *data               = d;
  PetscFunctionReturn(0);
}
