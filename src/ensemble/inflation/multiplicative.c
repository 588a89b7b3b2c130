/* Multiplicative inflation (Anderson & Anderson 1999): the forecast covariance times rho, i.e.
 * the anomalies times sqrt(rho) before the analysis (-ens_inflation rho >= 1; 1: none). Sakov &
 * Oke's anomaly factor 1.04 is rho = 1.04^2 = 1.0816. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal rho;
} Multiplicative;

static PetscErrorCode SetFromOptions_Multiplicative(MckEnsemble ens, MckEnsInflation s,
                                                    PetscOptionItems *PetscOptionsObject)
{
  Multiplicative *m = (Multiplicative *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal("-ens_inflation", "Multiplicative prior inflation rho (anomalies times sqrt(rho)); 1: none",
                           m->rho, &m->rho, NULL));
  PetscCheck(m->rho >= 1.0, ens->comm, PETSC_ERR_USER_INPUT, "%s %g: must be >= 1 (1: no inflation)",
             MckOptName("-ens_inflation"), (double)m->rho);
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_Multiplicative(MckEnsemble ens, MckEnsInflation s)
{
  const Multiplicative *m = (const Multiplicative *)s->data;

  PetscFunctionBeginUser;
  if (m->rho != 1.0) PetscCall(MckEnsScaleAnomalies(ens, &ens->x, NULL, PetscSqrtReal(m->rho)));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Multiplicative(MckEnsemble ens, MckEnsInflation s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_inflation"), 1,
                             &((Multiplicative *)s->data)->rho));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Multiplicative(MckEnsemble ens, MckEnsInflation s, PetscViewer viewer)
{
  char b[32];

  PetscFunctionBeginUser;
  (void)ens;
  PetscCall(PetscViewerASCIIPrintf(viewer, "multiplicative inflation of the covariance: %s\n",
                                   McKeanFormatReal(((Multiplicative *)s->data)->rho, b, sizeof(b))));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Multiplicative(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationCreate_Multiplicative(MckEnsInflation s)
{
  Multiplicative *m;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&m));
  m->rho                = 1.0;
  s->data               = m;
  s->ops.setfromoptions = SetFromOptions_Multiplicative;
  s->ops.prior          = Prior_Multiplicative;
  s->ops.config         = Config_Multiplicative;
  s->ops.view           = View_Multiplicative;
  s->ops.destroy        = Destroy_Multiplicative;
  PetscFunctionReturn(0);
}
