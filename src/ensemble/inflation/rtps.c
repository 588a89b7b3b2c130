/* Relaxation to prior spread (Whitaker & Hamill 2012), -ens_rtps alpha in [0, 1] (0: none):
 * per component sigma_a <- alpha sigma_b + (1 - alpha) sigma_a, i.e. after the analysis the
 * anomalies are scaled by alpha (sigma_b - sigma_a) / sigma_a + 1. The prior spread sigma_b is
 * taken before the analysis, after the inflation schemes registered before this one. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal  alpha;
  PetscReal *prior, *post; /* spreads of this rank's components */
} RTPS;

static PetscErrorCode SetFromOptions_RTPS(MckEnsemble ens, MckEnsInflation s, PetscOptionItems *PetscOptionsObject)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-ens_rtps", "Relaxation to prior spread alpha in [0, 1] (Whitaker & Hamill 2012); 0: none",
                           r->alpha, &r->alpha, NULL));
  PetscCheck(r->alpha >= 0 && r->alpha <= 1, ens->comm, PETSC_ERR_USER_INPUT, "%s %g: must be in [0, 1]",
             MckOptName("-ens_rtps"), (double)r->alpha);
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  if (r->alpha > 0) PetscCall(PetscMalloc2(ens->x.nc + 1, &r->prior, ens->x.nc + 1, &r->post));
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  if (r->alpha > 0) PetscCall(MckEnsStdDev(ens, &ens->x, r->prior));
  PetscFunctionReturn(0);
}

static PetscErrorCode Posterior_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS        *r = (RTPS *)s->data;
  MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  if (!(r->alpha > 0)) PetscFunctionReturn(0);
  PetscCall(MckEnsStdDev(ens, f, r->post));
  for (PetscInt i = 0; i < f->nc; i++)
    r->prior[i] = r->post[i] > 0 ? r->alpha * (r->prior[i] - r->post[i]) / r->post[i] + 1.0 : 1.0;
  PetscCall(MckEnsScaleAnomalies(ens, f, r->prior, 1.0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_RTPS(MckEnsemble ens, MckEnsInflation s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_rtps"), 1, &((RTPS *)s->data)->alpha));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_RTPS(MckEnsemble ens, MckEnsInflation s, PetscViewer viewer)
{
  char b[32];

  PetscFunctionBeginUser;
  (void)ens;
  PetscCall(PetscViewerASCIIPrintf(viewer, "relaxation to prior spread: %s\n",
                                   McKeanFormatReal(((RTPS *)s->data)->alpha, b, sizeof(b))));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_RTPS(MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree2(r->prior, r->post));
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationCreate_RTPS(MckEnsInflation s)
{
  RTPS *r;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&r));
  s->data               = r;
  s->ops.setfromoptions = SetFromOptions_RTPS;
  s->ops.setup          = SetUp_RTPS;
  s->ops.prior          = Prior_RTPS;
  s->ops.posterior      = Posterior_RTPS;
  s->ops.config         = Config_RTPS;
  s->ops.view           = View_RTPS;
  s->ops.destroy        = Destroy_RTPS;
  PetscFunctionReturn(0);
}
