/* Additive inflation: N(0, sigma^2) added to every component of every forecast member before
 * the analysis (-ens_additive_inflation sigma; 0: none). The normal of component c of member j
 * is keyed by (c, cycle, j), purpose MCK_ENS_RNG_ADDITIVE. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal sigma;
} Additive;

static PetscErrorCode SetFromOptions_Additive(MckEnsemble ens, MckEnsInflation s, PetscOptionItems *PetscOptionsObject)
{
  Additive *a = (Additive *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-ens_additive_inflation",
                           "Additive inflation: standard deviation of N(0, s^2) added to every prior component",
                           a->sigma, &a->sigma, NULL));
  PetscCall(McKeanCheckNonNegative(ens->comm, MckOptName("-ens_additive_inflation"), a->sigma));
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_Additive(MckEnsemble ens, MckEnsInflation s)
{
  const PetscReal sigma = ((Additive *)s->data)->sigma;
  MckEnsField    *f     = &ens->x;

  PetscFunctionBeginUser;
  if (!(sigma > 0)) PetscFunctionReturn(0);
  PetscCall(MckEnsNormals(ens, f->c0, f->nc, MCK_ENS_RNG_ADDITIVE, f->wrk));
  for (PetscInt a = 0; a < ens->na; a++) {
    PetscReal *x = f->blk[ens->act[a]], *xi = f->wrk[ens->act[a]];
    for (PetscInt i = 0; i < f->nc; i++) x[i] += sigma * xi[i];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Additive(MckEnsemble ens, MckEnsInflation s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_additive_inflation"), 1,
                             &((Additive *)s->data)->sigma));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Additive(MckEnsemble ens, MckEnsInflation s, PetscViewer viewer)
{
  char b[32];

  PetscFunctionBeginUser;
  (void)ens;
  PetscCall(PetscViewerASCIIPrintf(viewer, "additive inflation: standard deviation %s\n",
                                   McKeanFormatReal(((Additive *)s->data)->sigma, b, sizeof(b))));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Additive(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationCreate_Additive(MckEnsInflation s)
{
  Additive *a;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&a));
  s->data               = a;
  s->ops.setfromoptions = SetFromOptions_Additive;
  s->ops.prior          = Prior_Additive;
  s->ops.config         = Config_Additive;
  s->ops.view           = View_Additive;
  s->ops.destroy        = Destroy_Additive;
  PetscFunctionReturn(0);
}
