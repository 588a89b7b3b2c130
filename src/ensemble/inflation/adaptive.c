/* Adaptive multiplicative inflation: the Gaussian approach of Miyoshi (2011), in its spatially
 * uniform form (one factor for the whole state; the observation-space estimate is that of Li,
 * Kalnay & Miyoshi 2009), -ens_adaptive_inflation. Before each analysis, with the forecast
 * observed and, over the p observations, mean d^2 (innovations y - H xbar), mean r and mean
 * H P H^T (the forecast's ensemble variance in observation space),
 *   rho_o = (mean d^2 - mean r) / mean HPH^T                      (E d^2 = rho HPH^T + r),
 *   v_o   = 2 / p ((rho_b mean HPH^T + mean r) / mean HPH^T)^2     (its variance, Gaussian d),
 *   rho   = (v_b rho_o + v_o rho_b) / (v_b + v_o),                 (Bayes, Gaussian prior)
 * rho_b the last cycle's estimate, v_b = -ens_adaptive_inflation_var fixed (Miyoshi 2011); rho
 * is kept within [1, -ens_adaptive_inflation_max] and multiplies the forecast covariance
 * (anomalies by sqrt(rho)). The estimate is a state of the filter: checkpointed. One extra
 * reduction of four numbers a cycle (the same sums as the innovation statistics). */
#include "ensemble/ensimpl.h"

typedef struct {
  PetscBool on;
  PetscReal rho, rho0, var, max;
} Adaptive;

static PetscErrorCode SetFromOptions_Adaptive(MckEnsemble ens, MckEnsInflation s, PetscOptionItems *PetscOptionsObject)
{
  Adaptive *a = (Adaptive *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsBool("-ens_adaptive_inflation",
                           "Adaptive multiplicative covariance inflation (Miyoshi 2011, one factor for the state)",
                           a->on, &a->on, NULL));
  if (a->on) {
    PetscCall(MckOptionsReal("-ens_adaptive_inflation_initial", "Adaptive inflation: the factor of the first analysis",
                             a->rho0, &a->rho0, NULL));
    PetscCall(MckOptionsReal("-ens_adaptive_inflation_var",
                             "Adaptive inflation: variance v_b of the prior of the factor (larger: faster, noisier)",
                             a->var, &a->var, NULL));
    PetscCall(
        MckOptionsReal("-ens_adaptive_inflation_max", "Adaptive inflation: largest factor", a->max, &a->max, NULL));
    PetscCheck(a->rho0 >= 1, ens->comm, PETSC_ERR_USER_INPUT, "%s %g: must be >= 1",
               MckOptName("-ens_adaptive_inflation_initial"), (double)a->rho0);
    PetscCall(McKeanCheckPositive(ens->comm, MckOptName("-ens_adaptive_inflation_var"), a->var));
    PetscCheck(a->max >= a->rho0, ens->comm, PETSC_ERR_USER_INPUT, "%s %g: must be >= the initial factor %g",
               MckOptName("-ens_adaptive_inflation_max"), (double)a->max, (double)a->rho0);
  }
  a->rho = a->rho0;
  PetscFunctionReturn(0);
}

static PetscErrorCode Prior_Adaptive(MckEnsemble ens, MckEnsInflation s)
{
  Adaptive *a = (Adaptive *)s->data;
  PetscReal m[4], hpht, rho_o, v_o;

  PetscFunctionBeginUser;
  if (!a->on) PetscFunctionReturn(0);
  PetscCall(MckEnsObserve(ens));
  PetscCall(MckEnsInnovationMeans(ens, m));
  hpht = m[2];
  if (hpht > 0) {
    rho_o  = (m[1] - m[3]) / hpht;
    v_o    = 2.0 / ens->nobs * PetscSqr((a->rho * hpht + m[3]) / hpht);
    a->rho = (a->var * rho_o + v_o * a->rho) / (a->var + v_o);
    a->rho = PetscMin(PetscMax(a->rho, 1.0), a->max);
  }
  if (a->rho != 1.0) PetscCall(MckEnsScaleAnomalies(ens, &ens->x, NULL, PetscSqrtReal(a->rho)));
  ens->info.inflation = a->rho;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Adaptive(MckEnsemble ens, MckEnsInflation s, MckIO io, PetscBool check)
{
  Adaptive       *a    = (Adaptive *)s->data;
  const PetscReal v[4] = {a->on, a->rho0, a->var, a->max};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-ens_adaptive_inflation"), 4, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_Adaptive(MckEnsemble ens, MckEnsInflation s, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  (void)ens;
  if (((Adaptive *)s->data)->on)
    PetscCall(MckIOWriteAttributeReal(io, group, "adaptive_inflation", ((Adaptive *)s->data)->rho));
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Adaptive(MckEnsemble ens, MckEnsInflation s, MckIO io, const char group[])
{
  Adaptive *a = (Adaptive *)s->data;
  PetscBool found;

  PetscFunctionBeginUser;
  if (!a->on) PetscFunctionReturn(0);
  PetscCall(MckIOReadAttributeReal(io, group, "adaptive_inflation", &a->rho, &found));
  PetscCheck(found, ens->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: no adaptive_inflation attribute", group);
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Adaptive(MckEnsemble ens, MckEnsInflation s, PetscViewer viewer)
{
  Adaptive *a = (Adaptive *)s->data;
  char      b[3][32];

  PetscFunctionBeginUser;
  (void)ens;
  if (a->on)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "adaptive inflation (Miyoshi 2011, uniform): initial %s, prior variance %s, at most %s\n",
        McKeanFormatReal(a->rho0, b[0], 32), McKeanFormatReal(a->var, b[1], 32), McKeanFormatReal(a->max, b[2], 32)));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationCreate_Adaptive(MckEnsInflation s)
{
  Adaptive *a;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&a));
  a->rho0               = 1.0;
  a->rho                = 1.0;
  a->var                = 0.01;
  a->max                = 10.0;
  s->data               = a;
  s->ops.setfromoptions = SetFromOptions_Adaptive;
  s->ops.prior          = Prior_Adaptive;
  s->ops.config         = Config_Adaptive;
  s->ops.write          = Write_Adaptive;
  s->ops.read           = Read_Adaptive;
  s->ops.view           = View_Adaptive;
  PetscFunctionReturn(0);
}
