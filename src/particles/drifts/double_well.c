/* Separable double well V(x) = h sum_a ((x_a / w)^2 - 1)^2: minima at x_a = +-w, barrier h. */
#include <mckean/mckdrift.h>

typedef struct {
  PetscReal height, width;
} DoubleWell;

static PetscErrorCode SetFromOptions_DoubleWell(MckDrift d)
{
  DoubleWell *w = (DoubleWell *)d->data;

  PetscFunctionBeginUser;
  PetscOptionsBegin(d->comm, NULL, "Double well V = h sum_a ((x_a/w)^2 - 1)^2", NULL);
  PetscCall(MckOptionsReal("-double_well_height", "Barrier height h", w->height, &w->height, NULL));
  PetscCall(MckOptionsReal("-double_well_width", "Position w of the minima", w->width, &w->width, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(d->comm, "-double_well_height", w->height));
  PetscCall(McKeanCheckPositive(d->comm, "-double_well_width", w->width));
  PetscFunctionReturn(0);
}

static PetscErrorCode Force_DoubleWell(MckDrift d, const MckChunk *c, const PetscReal *sums, PetscReal *const *F)
{
  const DoubleWell *w = (const DoubleWell *)d->data;

  PetscFunctionBeginUser;
  (void)sums;
  const PetscReal inv = 1.0 / w->width, scale = 4.0 * w->height * inv;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *restrict x = c->x[a] + c->offset;
    PetscReal *restrict       f = F[a] + c->offset;
    for (PetscInt i = 0; i < c->n; i++) {
      const PetscReal y = x[i] * inv;
      f[i] -= scale * y * (y * y - 1);
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_DoubleWell(MckDrift d, MckIO io, PetscBool check)
{
  const DoubleWell *w = (const DoubleWell *)d->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-double_well_height", 1, &w->height));
  PetscCall(MckIOConfigReals(io, check, "-double_well_width", 1, &w->width));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_DoubleWell(MckDrift d, PetscViewer viewer)
{
  const DoubleWell *w = (const DoubleWell *)d->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "height %g, width %g\n", (double)w->height, (double)w->width));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_DoubleWell(MckDrift d)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(d->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDriftCreate_DoubleWell(MckDrift d)
{
  DoubleWell *w;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&w));
  w->height             = 1.0;
  w->width              = 1.0;
  d->data               = w;
  d->ops.setfromoptions = SetFromOptions_DoubleWell;
  d->ops.force          = Force_DoubleWell;
  d->ops.config         = Config_DoubleWell;
  d->ops.view           = View_DoubleWell;
  d->ops.destroy        = Destroy_DoubleWell;
  PetscFunctionReturn(0);
}
