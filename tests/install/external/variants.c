/* A user's own app outside the McKean tree (docs/architecture.md, "How to add a variant"): an
 * integrator and a drift term written against the installed public headers, registered before
 * the run, then chosen, configured and viewed from the command line like the built-in ones.
 * The run loop is mckean-langevin's (apps/mckean-langevin.c) without its time series, so
 * checkpoints and restarts work with the new types as with the built-in ones. */
static const char help[] = "variants: mckean-langevin with an integrator and a drift of its own.\n";

#include <mckean/mcklangevin.h>
#include <mckean/mckdriftimpl.h>
#include <mckean/mckrun.h>

typedef struct {
  PetscReal scale;
} Mine;

static PetscErrorCode Move_Mine(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  Mine             *m;
  PetscReal         dt, gamma, T;
  PetscReal *const *xi, *const *F;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, (void **)&m));
  PetscCall(MckLangevinGetParameters(l, &dt, &gamma, NULL));
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * dt, &T));
  PetscCall(MckLangevinChunkNoise(l, c, step, &xi));
  PetscCall(MckLangevinGetForces(l, &F));
  const PetscReal h = dt / gamma, sigma = m->scale * PetscSqrtReal(2 * T * dt / gamma);
  for (PetscInt a = 0; a < c->dim; a++)
    for (PetscInt i = 0; i < c->n; i++) c->x[a][c->offset + i] += h * F[a][c->offset + i] + sigma * xi[a][i];
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Mine(MckLangevin l, PetscOptionItems *PetscOptionsObject)
{
  Mine *m;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, (void **)&m));
  PetscCall(MckOptionsReal("-mine_noise_scale", "Factor on the noise", m->scale, &m->scale, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Mine(MckLangevin l, PetscViewer v)
{
  Mine *m;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, (void **)&m));
  PetscCall(PetscViewerASCIIPrintf(v, "mine: noise scale %g\n", (double)m->scale));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Mine(MckLangevin l)
{
  void *m;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, &m));
  PetscCall(PetscFree(m));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Mine(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  Mine *m;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&m));
  m->scale            = 1;
  ops->move           = Move_Mine;
  ops->setfromoptions = SetFromOptions_Mine;
  ops->view           = View_Mine;
  ops->destroy        = Destroy_Mine;
  *data               = m;
  PetscFunctionReturn(0);
}

/* A drift: a linear trap -k x with its own option -trap_k. */
typedef struct {
  PetscReal k;
} Trap;

static PetscErrorCode SetFromOptions_Trap(MckDrift d)
{
  Trap *t = (Trap *)d->data;

  PetscFunctionBeginUser;
  PetscObjectOptionsBegin((PetscObject)d);
  PetscCall(MckOptionsReal("-trap_k", "Stiffness", t->k, &t->k, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_Trap(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  Trap *t = (Trap *)d->data;

  PetscFunctionBeginUser;
  (void)sums;
  for (PetscInt a = 0; a < c->dim; a++)
    for (PetscInt i = 0; i < c->n; i++) F[a][c->offset + i] -= t->k * c->x[a][c->offset + i];
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Trap(MckDrift d, PetscViewer v)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v, "trap: k %g\n", (double)((Trap *)d->data)->k));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Trap(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Trap(MckDrift d)
{
  Trap *t;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&t));
  t->k                   = 1;
  d->data                = t;
  d->ops->setfromoptions = SetFromOptions_Trap;
  d->ops->force          = Force_Trap;
  d->ops->view           = View_Trap;
  d->ops->destroy        = Destroy_Trap;
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  MPI_Comm     comm = PETSC_COMM_WORLD;
  MckRun       run;
  MckRNG       rng;
  MckParticles p;
  MckLangevin  l;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinRegister("mine", Create_Mine));
  PetscCall(MckDriftRegister("trap", Create_Trap));
  PetscCall(MckRunCreateFromOptions(comm, "variants.h5", PETSC_FALSE, NULL, &run));
  PetscCall(MckRunGetRNG(run, &rng));
  PetscCall(MckLangevinCreateFromOptions(comm, rng, &p, &l));
  PetscCall(MckRunAddObject(run, "particles", (PetscObject)p));
  PetscCall(MckRunSolveObject(run, "langevin", (PetscObject)l));
  PetscCall(MckRunDestroy(&run));
  PetscCall(MckLangevinDestroy(&l));
  PetscCall(MckParticlesDestroy(&p));
  PetscFunctionReturn(0);
}

MCKEAN_APP(variants, help, Run)
