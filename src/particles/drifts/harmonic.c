/* External harmonic trap V(x) = k/2 |x - c|^2, force -k (x - c). */
#include <mckean/mckdrift.h>

typedef struct {
  PetscReal k, center[MCK_MAX_DIM];
} Harmonic;

static PetscErrorCode SetFromOptions_Harmonic(MckDrift d)
{
  Harmonic *h = (Harmonic *)d->data;
  PetscInt  n = MCK_MAX_DIM;

  PetscFunctionBeginUser;
  PetscOptionsBegin(d->comm, NULL, "Harmonic trap V = k/2 |x - c|^2", NULL);
  PetscCall(MckOptionsReal("-harmonic_k", "Stiffness k", h->k, &h->k, NULL));
  PetscCall(MckOptionsRealArray("-harmonic_center", "Centre c (one value or one per dimension)", h->center, &n, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(d->comm, "-harmonic_k", h->k));
  if (n == 1)
    for (PetscInt a = 1; a < MCK_MAX_DIM; a++) h->center[a] = h->center[0];
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_Harmonic(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  const Harmonic *h = (const Harmonic *)d->data;

  PetscFunctionBeginUser;
  (void)sums;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *restrict x = c->x[a] + c->offset;
    PetscReal *restrict       f = F[a] + c->offset;
    const PetscReal           k = h->k, x0 = h->center[a];
    for (PetscInt i = 0; i < c->n; i++) f[i] -= k * (x[i] - x0);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Harmonic(MckDrift d, MckIO io, PetscBool check)
{
  const Harmonic *h = (const Harmonic *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-harmonic_k", 1, &h->k));
  PetscCall(MckIOConfigReals(io, check, "-harmonic_center", d->dim, h->center));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Harmonic(MckDrift d, PetscViewer viewer)
{
  const Harmonic *h = (const Harmonic *)d->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "k = %g, centre (%g, %g, %g)\n", (double)h->k, (double)h->center[0], (double)h->center[1], (double)h->center[2]));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Harmonic(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_Harmonic(MckDrift d)
{
  Harmonic *h;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&h));
  h->k                 = 1.0;
  d->data              = h;
  d->ops.setfromoptions = SetFromOptions_Harmonic;
  d->ops.force         = Force_Harmonic;
  d->ops.config        = Config_Harmonic;
  d->ops.view          = View_Harmonic;
  d->ops.destroy       = Destroy_Harmonic;
  PetscFunctionReturn(0);
}
