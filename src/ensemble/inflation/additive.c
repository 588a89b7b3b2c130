/* Additive inflation: N(0, sigma^2) added to every component of every forecast member before
 * the analysis (-ens_additive_inflation sigma; 0: none). The normal of component c of member j
 * is keyed by (c, cycle, j), purpose MCK_ENS_RNG_ADDITIVE. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal sigma; /* first: the value of -ens_additive_inflation (MckEnsInflationSetReal) */
} Additive;

static PetscErrorCode Prior_Additive(MckEnsemble ens, MckEnsInflation s)
{
  const PetscReal sigma = ((Additive *)s->data)->sigma;
  MckEnsField    *f     = &ens->x;

  PetscFunctionBeginUser;
  PetscCall(MckEnsNormals(ens, f->c0, f->nc, MCK_ENS_RNG_ADDITIVE, f->wrk));
  for (PetscInt a = 0; a < ens->na; a++) {
    PetscReal *x = f->blk[ens->act[a]], *xi = f->wrk[ens->act[a]];
    for (PetscInt i = 0; i < f->nc; i++) x[i] += sigma * xi[i];
  }
  PetscFunctionReturn(0);
}

static const MckEnsInflationReal Sigma = {
    .option  = "-ens_additive_inflation",
    .help    = "Additive inflation: standard deviation of N(0, s^2) added to every prior component",
    .lo      = 0.0,
    .hi      = PETSC_MAX_REAL,
    .allowed = "zero or positive",
    .off     = 0.0,
    .view    = "additive inflation: standard deviation",
    .size    = sizeof(Additive),
    .ops     = {.prior = Prior_Additive},
};

PetscErrorCode MckEnsInflationCreate_Additive(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsInflationSetReal(s, &Sigma));
  PetscFunctionReturn(0);
}
