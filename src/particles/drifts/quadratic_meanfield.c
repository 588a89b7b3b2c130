/* Quadratic interaction W(x) = kappa |x|^2 / 2 on an unbounded domain. The mean-field force
 * -grad (W * mu)(x) = -kappa (x - m) needs one summary statistic, the mean m (d numbers). */
#include <mckean/mckdriftimpl.h>

typedef struct {
  PetscReal kappa;
  PetscInt  offset;
} QuadraticMF;

static PetscErrorCode SetFromOptions_QuadraticMF(MckDrift d)
{
  QuadraticMF *q = (QuadraticMF *)d->data;

  PetscFunctionBeginUser;
  PetscObjectOptionsBegin((PetscObject)d);
  MckOptionsCall(MckOptionsReal("-quadratic_kappa", "Interaction strength kappa (> 0 attracts to the mean)", q->kappa,
                                &q->kappa, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_QuadraticMF(MckDrift d, MckParticles p, MckStats stats)
{
  QuadraticMF *q = (QuadraticMF *)d->data;
  PetscBool    periodic;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetBox(p, &periodic, NULL));
  PetscCheck(
      !periodic, d->comm, PETSC_ERR_USER_INPUT,
      "-lgv_drifts quadratic_meanfield needs an unbounded domain (its force uses the mean position, undefined on a periodic box): remove -particles_box");
  PetscCall(MckStatsRegister(stats, "quadratic_meanfield.sum_x", d->dim, &q->offset));
  PetscFunctionReturn(0);
}

static PetscErrorCode Accumulate_QuadraticMF(MckDrift d, const MckChunk *c, MckStats stats)
{
  const QuadraticMF *q = (const QuadraticMF *)d->data;
  PetscReal          s[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *x = c->x[a] + c->offset;
    s[a]               = 0;
    for (PetscInt i = 0; i < c->n; i++) s[a] += x[i];
  }
  PetscCall(MckStatsAdd(stats, q->offset, c->dim, s));
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_QuadraticMF(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  const QuadraticMF *q = (const QuadraticMF *)d->data;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *restrict x = c->x[a] + c->offset;
    PetscReal *restrict f       = F[a] + c->offset;
    const PetscReal m = sums[q->offset + a] / (PetscReal)d->N, kappa = q->kappa;
    for (PetscInt i = 0; i < c->n; i++) f[i] -= kappa * (x[i] - m);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_QuadraticMF(MckDrift d, MckIO io, PetscBool check)
{
  const QuadraticMF *q = (const QuadraticMF *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-quadratic_kappa", 1, &q->kappa));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_QuadraticMF(MckDrift d, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "kappa %g\n", (double)((QuadraticMF *)d->data)->kappa));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_QuadraticMF(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_QuadraticMeanField(MckDrift d)
{
  QuadraticMF *q;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&q));
  q->kappa               = 1.0;
  d->data                = q;
  d->ops->setfromoptions = SetFromOptions_QuadraticMF;
  d->ops->setup          = SetUp_QuadraticMF;
  d->ops->accumulate     = Accumulate_QuadraticMF;
  d->ops->force          = Force_QuadraticMF;
  d->ops->config         = Config_QuadraticMF;
  d->ops->view           = View_QuadraticMF;
  d->ops->destroy        = Destroy_QuadraticMF;
  PetscFunctionReturn(0);
}
