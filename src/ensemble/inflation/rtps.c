/* Relaxation to prior spread (Whitaker & Hamill 2012), -ens_rtps alpha in [0, 1] (0: none):
 * per component sigma_a <- alpha sigma_b + (1 - alpha) sigma_a, i.e. after the analysis the
 * anomalies are scaled by alpha (sigma_b - sigma_a) / sigma_a + 1. The prior spread sigma_b is
 * taken before the analysis, after the inflation schemes registered before this one. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal  alpha;        /* first: the value of -ens_rtps (MckEnsInflationSetReal) */
  PetscReal *prior, *post; /* spreads of this rank's components */
} RTPS;

static PetscErrorCode SetUp_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(ens->x.nc + 1, &r->prior, ens->x.nc + 1, &r->post));
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckEnsStdDev(ens, &ens->x, r->prior));
  PetscFunctionReturn(0);
}

static PetscErrorCode Posterior_RTPS(MckEnsemble ens, MckEnsInflation s)
{
  RTPS        *r = (RTPS *)s->data;
  MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  PetscCall(MckEnsStdDev(ens, f, r->post));
  for (PetscInt i = 0; i < f->nc; i++)
    r->prior[i] = r->post[i] > 0 ? r->alpha * (r->prior[i] - r->post[i]) / r->post[i] + 1.0 : 1.0;
  PetscCall(MckEnsScaleAnomalies(ens, f, r->prior, 1.0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_RTPS(MckEnsInflation s)
{
  RTPS *r = (RTPS *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree2(r->prior, r->post));
  PetscFunctionReturn(0);
}

static const MckEnsInflationReal Alpha = {
    .option  = "-ens_rtps",
    .help    = "Relaxation to prior spread alpha in [0, 1] (Whitaker & Hamill 2012); 0: none",
    .lo      = 0.0,
    .hi      = 1.0,
    .allowed = "in [0, 1]",
    .off     = 0.0,
    .view    = "relaxation to prior spread",
    .size    = sizeof(RTPS),
    .ops     = {.setup = SetUp_RTPS, .prior = Prior_RTPS, .posterior = Posterior_RTPS, .destroy = Destroy_RTPS},
};

PetscErrorCode MckEnsInflationCreate_RTPS(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsInflationSetReal(s, &Alpha));
  PetscFunctionReturn(0);
}
