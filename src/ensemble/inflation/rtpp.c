/* Relaxation to prior perturbations (Zhang, Snyder & Sun 2004), -ens_rtpp alpha in [0, 1] (0:
 * none): after the analysis every member's anomaly becomes (1 - alpha) x'^a + alpha x'^b, with
 * x'^b the member's forecast anomaly taken before the analysis (after the inflation schemes
 * registered before this one). Beside RTPS (rtps.c), which relaxes the spread per component. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal  alpha; /* first: the value of -ens_rtpp (MckEnsInflationSetReal) */
  PetscReal *prior; /* J x nc: the forecast anomalies of this rank's components */
} RTPP;

static PetscErrorCode SetUp_RTPP(MckEnsemble ens, MckEnsInflation s)
{
  RTPP *r = (RTPP *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(ens->J * (size_t)ens->x.nc + 1, &r->prior));
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_RTPP(MckEnsemble ens, MckEnsInflation s)
{
  RTPP        *r = (RTPP *)s->data;
  MckEnsField *f = &ens->x;

  PetscFunctionBeginUser;
  PetscCall(MckEnsAnomalies(ens, f->nc, f->blk, f->sd + f->nc, f->wrk));
  for (PetscInt a = 0; a < ens->na; a++)
    PetscCall(PetscArraycpy(r->prior + (size_t)ens->act[a] * f->nc, f->wrk[ens->act[a]], f->nc));
  PetscFunctionReturn(0);
}

static PetscErrorCode Posterior_RTPP(MckEnsemble ens, MckEnsInflation s)
{
  RTPP           *r  = (RTPP *)s->data;
  MckEnsField    *f  = &ens->x;
  const PetscReal al = r->alpha, *mean = f->sd + f->nc;

  PetscFunctionBeginUser;
  PetscCall(MckEnsAnomalies(ens, f->nc, f->blk, f->sd + f->nc, f->wrk));
  for (PetscInt a = 0; a < ens->na; a++) {
    const PetscInt   j  = ens->act[a];
    const PetscReal *xb = r->prior + (size_t)j * f->nc, *xa = f->wrk[j];
    PetscReal       *x = f->blk[j];
    for (PetscInt i = 0; i < f->nc; i++) x[i] = mean[i] + ((1 - al) * xa[i] + al * xb[i]);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_RTPP(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(((RTPP *)s->data)->prior));
  PetscFunctionReturn(0);
}

static const MckEnsInflationReal Alpha = {
    .option  = "-ens_rtpp",
    .help    = "Relaxation to prior perturbations alpha in [0, 1] (Zhang et al. 2004); 0: none",
    .lo      = 0.0,
    .hi      = 1.0,
    .allowed = "in [0, 1]",
    .off     = 0.0,
    .view    = "relaxation to prior perturbations",
    .size    = sizeof(RTPP),
    .ops     = {.setup = SetUp_RTPP, .prior = Prior_RTPP, .posterior = Posterior_RTPP, .destroy = Destroy_RTPP},
};

PetscErrorCode MckEnsInflationCreate_RTPP(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsInflationSetReal(s, &Alpha));
  PetscFunctionReturn(0);
}
