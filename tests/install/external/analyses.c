/* Two ensemble analyses of a user's own, written against the installed headers only
 * (include/mckean/mckensembleimpl.h), registered by UserAnalysesRegister() before the ensemble
 * is created and chosen with -ens_analysis:
 *
 *   denkf      the deterministic EnKF of Sakov & Oke (2008): the mean gets the Kalman update,
 *              the anomalies half of it, A^a = (I - gain K H) A with -denkf_gain (1/2):
 *                G = [(na - 1) I + S]^-1,   x^a_j = x_j + X' G (b - gain S[:, j])
 *              (K = X' G Yb^T R^-1; S 1 = 0, so the mean moves by X' G b exactly).
 *   user_etkf  the ETKF (symmetric square root) again, step for step as the built-in etkf, so
 *              that the two give bitwise the same ensembles:
 *                W = sqrt(na - 1) Q diag(w^-1/2) Q^T,  wbar = Q diag(1/w) Q^T b,
 *                x^a_j = x_j + X' (W[:, j] + wbar - e_j),  with Q diag(w) Q^T = (na - 1) I + S. */
#include "analyses.h"
#include <mckean/mckensembleimpl.h>

typedef struct {
  PetscReal  gain;    /* -denkf_gain */
  PetscReal *w, *G;   /* J eigenvalues; J x J: G, then the update */
  PetscReal *M, *Cc;  /* J x J scratch */
  PetscReal *qb, *wb; /* J: Q^T b / w, wbar */
} UserFilter;

static PetscReal Inverse(PetscReal w, void *ctx)
{
  (void)ctx;
  return 1 / w;
}

static PetscReal InvSqrt(PetscReal w, void *ctx) { return PetscSqrtReal(*(PetscReal *)ctx / w); }

/* x^a_j = x_j + X' G (b - gain S[:, j]), G = [(na - 1) I + S]^-1 */
static PetscErrorCode Analyze_DEnKF(MckEnsemble ens)
{
  UserFilter *u;
  PetscReal  *S, *b;
  PetscInt    na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(MckEnsembleGetActiveSize(ens, &na));
  PetscCall(MckEnsembleFilterStatistics(ens, &S, &b));
  for (PetscInt a = 0; a < na; a++) /* M = b 1^T - gain S */
    for (PetscInt j = 0; j < na; j++) u->M[a * na + j] = b[a] - u->gain * S[a * na + j];
  for (PetscInt a = 0; a < na; a++) S[a * na + a] += na - 1;
  PetscCall(MckEnsembleSymEig(ens, na, S, u->w)); /* S <- Q */
  PetscCall(MckEnsembleSymFunction(ens, na, S, u->w, Inverse, NULL, u->G));
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt j = 0; j < na; j++) {
      PetscReal c = 0;
      for (PetscInt k = 0; k < na; k++) c += u->G[a * na + k] * u->M[k * na + j];
      u->Cc[a * na + j] = c;
    }
  PetscCall(MckEnsembleApplyCenteredUpdate(ens, u->Cc));
  PetscFunctionReturn(0);
}

static PetscErrorCode Analyze_UserETKF(MckEnsemble ens)
{
  UserFilter *u;
  PetscReal  *S, *b, nm1;
  PetscInt    na;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(MckEnsembleGetActiveSize(ens, &na));
  PetscCall(MckEnsembleFilterStatistics(ens, &S, &b));
  nm1 = na - 1;
  for (PetscInt a = 0; a < na; a++) S[a * na + a] += nm1;
  PetscCall(MckEnsembleSymEig(ens, na, S, u->w)); /* S <- Q, column-major */
  PetscCall(MckEnsembleSymFunction(ens, na, S, u->w, InvSqrt, &nm1, u->Cc));
  for (PetscInt k = 0; k < na; k++) {
    u->qb[k] = 0;
    for (PetscInt a = 0; a < na; a++) u->qb[k] += S[a + k * na] * b[a];
    u->qb[k] /= u->w[k];
  }
  for (PetscInt a = 0; a < na; a++) {
    u->wb[a] = 0;
    for (PetscInt k = 0; k < na; k++) u->wb[a] += S[a + k * na] * u->qb[k];
  }
  for (PetscInt a = 0; a < na; a++)
    for (PetscInt j = 0; j < na; j++) u->Cc[a * na + j] += u->wb[a] - (a == j ? 1.0 : 0.0);
  PetscCall(MckEnsembleApplyCenteredUpdate(ens, u->Cc));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_User(MckEnsemble ens)
{
  UserFilter *u;
  PetscInt    J;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(MckEnsembleGetSizes(ens, &J, NULL, NULL));
  PetscCall(PetscMalloc6(J, &u->w, J * J, &u->G, J * J, &u->M, J * J, &u->Cc, J, &u->qb, J, &u->wb));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_User(MckEnsemble ens)
{
  UserFilter *u;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  if (u) PetscCall(PetscFree6(u->w, u->G, u->M, u->Cc, u->qb, u->wb));
  PetscCall(PetscFree(u));
  PetscCall(MckEnsembleSetTypeData(ens, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_DEnKF(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  UserFilter *u;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(MckOptionsReal("-denkf_gain", "Factor on the Kalman gain in the anomalies' update (Sakov & Oke: 1/2)",
                           u->gain, &u->gain, NULL));
  PetscCheck(u->gain >= 0 && u->gain <= 1, PetscObjectComm((PetscObject)ens), PETSC_ERR_USER_INPUT,
             "%s %g: must be in [0, 1]", McKeanOptionName((PetscObject)ens, "-denkf_gain"), (double)u->gain);
  PetscFunctionReturn(0);
}

/* the gain changes the experiment: a restart with another one is refused */
static PetscErrorCode Config_DEnKF(MckEnsemble ens, MckIO io, PetscBool check)
{
  UserFilter *u;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, "-denkf_gain"), 1, &u->gain));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_DEnKF(MckEnsemble ens, PetscViewer v)
{
  UserFilter *u;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetTypeData(ens, &u));
  PetscCall(PetscViewerASCIIPrintf(v, "denkf: gain factor %g\n", (double)u->gain));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateUser(MckEnsemble ens, PetscErrorCode (*analyze)(MckEnsemble), MckEnsembleOps *ops)
{
  UserFilter *u;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&u));
  u->gain = 0.5;
  PetscCall(MckEnsembleSetTypeData(ens, u));
  PetscCall(MckEnsembleSetTransformFilter(ens));
  PetscCall(MckEnsembleGetOps(ens, ops));
  (*ops)->analyze = analyze;
  (*ops)->setup   = SetUp_User;
  (*ops)->destroy = Destroy_User;
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_DEnKF(MckEnsemble ens)
{
  MckEnsembleOps ops;

  PetscFunctionBeginUser;
  PetscCall(CreateUser(ens, Analyze_DEnKF, &ops));
  ops->setfromoptions = SetFromOptions_DEnKF;
  ops->config         = Config_DEnKF;
  ops->view           = View_DEnKF;
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_UserETKF(MckEnsemble ens)
{
  MckEnsembleOps ops;

  PetscFunctionBeginUser;
  PetscCall(CreateUser(ens, Analyze_UserETKF, &ops));
  PetscFunctionReturn(0);
}

PetscErrorCode UserAnalysesRegister(void)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleRegister("denkf", Create_DEnKF));
  PetscCall(MckEnsembleRegister("user_etkf", Create_UserETKF));
  PetscFunctionReturn(0);
}
