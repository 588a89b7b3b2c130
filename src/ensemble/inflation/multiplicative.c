/* Multiplicative inflation (Anderson & Anderson 1999): the forecast covariance times rho, i.e.
 * the anomalies times sqrt(rho) before the analysis (-ens_inflation rho >= 1; 1: none). Sakov &
 * Oke's anomaly factor 1.04 is rho = 1.04^2 = 1.0816. */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscReal rho; /* first: the value of -ens_inflation (MckEnsInflationSetReal) */
} Multiplicative;

static PetscErrorCode Prior_Multiplicative(MckEnsemble ens, MckEnsInflation s)
{
  const Multiplicative *m = (const Multiplicative *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckEnsScaleAnomalies(ens, &ens->x, NULL, PetscSqrtReal(m->rho)));
  PetscFunctionReturn(0);
}

static const MckEnsInflationReal Rho = {
    .option  = "-ens_inflation",
    .help    = "Multiplicative prior inflation rho (anomalies times sqrt(rho)); 1: none",
    .lo      = 1.0,
    .hi      = PETSC_MAX_REAL,
    .allowed = ">= 1 (1: no inflation)",
    .off     = 1.0,
    .view    = "multiplicative inflation of the covariance",
    .size    = sizeof(Multiplicative),
    .ops     = {.prior = Prior_Multiplicative},
};

PetscErrorCode MckEnsInflationCreate_Multiplicative(MckEnsInflation s)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsInflationSetReal(s, &Rho));
  PetscFunctionReturn(0);
}
