/* A user's own DMFT model outside the McKean tree, written as docs/architecture.md ("A DMFT
 * model") shows, against the installed public headers: a relaxation C_k <- (1 - r) C_k of a
 * vector of n values in steps, with its own options, view, headline and checkpoint (the state of
 * an unfinished solve, the result of a finished one). The run loop is mckean-dmft's
 * (apps/mckean-dmft.c), so -dmft_model relax is chosen, viewed and restarted like a built-in model. */
static const char help[] = "dmft_model: mckean-dmft with a model of its own (-dmft_model relax).\n";

#include <mckean/mckdmft.h>
#include <mckean/mckrun.h>

typedef struct {
  PetscInt  n, nsteps, step;
  PetscReal rate, *C;
  PetscBool done;
} Relax;

static PetscErrorCode SetFromOptions_Relax(MckDMFT d, PetscOptionItems *PetscOptionsObject)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCall(MckOptionsInt("-relax_n", "Values relaxed", m->n, &m->n, NULL));
  PetscCall(MckOptionsInt("-relax_steps", "Steps of the solve", m->nsteps, &m->nsteps, NULL));
  PetscCall(MckOptionsReal("-relax_rate", "Fraction lost per step", m->rate, &m->rate, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Relax(MckDMFT d)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCheck(m->n > 0 && m->nsteps > 0, PetscObjectComm((PetscObject)d), PETSC_ERR_USER_INPUT,
             "-relax_n and -relax_steps must be positive");
  PetscCall(PetscMalloc1(m->n, &m->C));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_Relax(MckDMFT d)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  for (PetscInt k = 0; k < m->n; k++) m->C[k] = 1.0 / (k + 1);
  m->step = 0;
  m->done = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_Relax(MckDMFT d)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  for (PetscInt k = 0; k < m->n; k++) m->C[k] *= 1 - m->rate;
  m->done = ++m->step == m->nsteps;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_Relax(MckDMFT d, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *t)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  if (step) *step = m->step;
  if (nsteps) *nsteps = m->nsteps;
  if (t) *t = m->step;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Relax(MckDMFT d, MckIO io, PetscBool check)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)d, "-relax_n"), m->n));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)d, "-relax_rate"), 1, &m->rate));
  PetscFunctionReturn(0);
}

/* The state and the result have one layout here: C and the step count. */
static PetscErrorCode Write_Relax(MckDMFT d, MckIO io, const char group[])
{
  Relax     *m;
  char       dset[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[1], step;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  dims[0] = m->n;
  step    = m->step;
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/C", group));
  PetscCall(MckIOWriteArray(io, dset, 1, dims, m->C));
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/step", group));
  dims[0] = 1;
  PetscCall(MckIOWriteArrayInt(io, dset, 1, dims, &step));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Relax(MckDMFT d, MckIO io, const char group[])
{
  Relax     *m;
  char       dset[PETSC_MAX_PATH_LEN];
  PetscInt   ndims;
  PetscInt64 dims[4], step;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/C", group));
  PetscCall(MckIOReadArray(io, dset, &ndims, dims, NULL));
  PetscCheck(ndims == 1 && dims[0] == m->n, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: not %" PetscInt_FMT " values", dset, m->n);
  PetscCall(MckIOReadArray(io, dset, &ndims, dims, m->C));
  PetscCall(PetscSNPrintf(dset, sizeof(dset), "%s/step", group));
  PetscCall(MckIOReadArrayInt(io, dset, &ndims, dims, &step));
  m->step = (PetscInt)step;
  m->done = m->step == m->nsteps;
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_Relax(MckDMFT d, const char **name, PetscReal *value)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  *name  = "C0";
  *value = m->C[0];
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Relax(MckDMFT d, PetscViewer v)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCall(PetscViewerASCIIPrintf(v, "relax: %" PetscInt_FMT " values, rate %g, %" PetscInt_FMT " steps\n", m->n,
                                   (double)m->rate, m->nsteps));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Relax(MckDMFT d)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTGetTypeData(d, (void **)&m));
  PetscCall(PetscFree(m->C));
  PetscCall(PetscFree(m));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Relax(MckDMFT d, MckDMFTOps *ops, void **data)
{
  Relax *m;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&m));
  m->n                = 4;
  m->nsteps           = 20;
  m->rate             = 0.1;
  ops->setfromoptions = SetFromOptions_Relax;
  ops->setup          = SetUp_Relax;
  ops->initialize     = Initialize_Relax;
  ops->step           = Step_Relax;
  ops->getstep        = GetStep_Relax;
  ops->config         = Config_Relax;
  ops->write          = Write_Relax;
  ops->read           = Read_Relax;
  ops->headline       = Headline_Relax;
  ops->view           = View_Relax;
  ops->destroy        = Destroy_Relax;
  *data               = m;
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm  comm = PETSC_COMM_WORLD;
  MckRun    run;
  MckRNG    rng;
  MckDMFT   d;
  PetscInt  interval;
  PetscBool restart;

  PetscFunctionBeginUser;
  PetscCall(MckDMFTRegister("relax", Create_Relax));
  PetscCall(MckRunCreateFromOptions(comm, "dmft.h5", PETSC_FALSE, NULL, &run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckDMFTCreate(comm, &d));
  PetscCall(MckDMFTSetFromOptions(d));
  PetscCall(MckDMFTSetRNG(d, rng));
  PetscCall(MckDMFTSetUp(d));
  PetscCall(MckRunGetCheckpointInterval(run, &interval));
  PetscCall(MckRunIsRestart(run, &restart));
  PetscCall(MckDMFTCheckCheckpointing(d, interval, restart));
  PetscCall(MckRunSolveObject(run, "dmft", (PetscObject)d));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckDMFTDestroy(&d));
  PetscFunctionReturn(0);
}

MCKEAN_APP(dmft_model, help, Run)
