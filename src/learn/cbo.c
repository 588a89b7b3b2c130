/* Consensus-based optimisation (Pinnau, Totzeck, Tse, Martin 2017; Carrillo, Choi, Totzeck,
 * Tse 2018; anisotropic noise: Carrillo, Jin, Li, Zhu 2021) of a registered objective E over
 * the particles x_i in R^D:
 *
 *   m = sum_j x_j w_j / sum_j w_j,   w_j = exp(-beta (E(x_j) - Emin)),   Emin = min_j E(x_j)
 *   x_i <- x_i - lambda dt (x_i - m) + sigma sqrt(dt) |x_i - m|_2 xi_i          (isotropic)
 *   x_i <- x_i - lambda dt (x_i - m) + sigma sqrt(dt) diag(x_i - m) xi_i        (anisotropic)
 *
 * The log-sum-exp shift Emin must be the same number on every rank: an MPI_Allreduce(MPI_MIN)
 * is exact and order-independent, so it is. Then w_j lies in (0, 1] and the minimising particle
 * has w = 1, so sum_j w_j >= 1 and the fixed-point sums (resolution 2^-64) lose nothing that
 * matters. The D + 1 sums (sum w x, sum w) are per-chunk partial sums through MckStats: one
 * reproducible collective. So a step costs two collectives (MIN of one double, D + 1 sums),
 * independent of N, and the result is bitwise identical for any rank count. */
#include "learn/mfnetimpl.h"
#include <math.h>

typedef struct {
  PetscReal  beta, lambda, sigma;
  PetscBool  aniso;
  PetscInt   off;
  PetscReal *E, *m, *partial;
} CBO;

/* The objective registered as name (its table into net->obj). */
static PetscErrorCode SetObjective(MckMFNet net, const char name[])
{
  MckMFNetObjectiveCreateFn create;

  PetscFunctionBeginUser;
  PetscCall(McKeanFunctionListFind(net, MckMFNetObjectiveList, "-mfnet_objective", "objective", name, &create));
  PetscCall(PetscMemzero(&net->obj, sizeof(net->obj)));
  PetscCall((*create)(&net->obj));
  PetscCall(PetscStrncpy(net->objective, name, sizeof(net->objective)));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_CBO(MckMFNet net, PetscOptionItems *PetscOptionsObject)
{
  CBO *cbo = (CBO *)net->data;
  char name[MCK_MFNET_NAME_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(name, net->objective, sizeof(name)));
  PetscCall(MckOptionsFList("-mfnet_objective", "Objective E (quadratic, rastrigin, network, or registered)",
                            MckMFNetObjectiveList, name, name, sizeof(name), NULL));
  PetscCall(MckOptionsReal("-mfnet_objective_shift", "Shift s: the minimiser is x* = (s, ..., s)", net->obj_shift,
                           &net->obj_shift, NULL));
  PetscCall(MckOptionsReal("-mfnet_cbo_beta", "Inverse temperature beta of the consensus weights", cbo->beta,
                           &cbo->beta, NULL));
  PetscCall(MckOptionsReal("-mfnet_cbo_lambda", "Drift rate lambda towards the consensus point", cbo->lambda,
                           &cbo->lambda, NULL));
  PetscCall(MckOptionsReal("-mfnet_cbo_sigma", "Noise strength sigma", cbo->sigma, &cbo->sigma, NULL));
  PetscCall(
      MckOptionsBool("-mfnet_cbo_anisotropic", "Anisotropic (coordinate-wise) noise", cbo->aniso, &cbo->aniso, NULL));
  PetscCall(McKeanCheckPositive(net->comm, MckOptName("-mfnet_cbo_beta"), cbo->beta));
  PetscCall(McKeanCheckNonNegative(net->comm, MckOptName("-mfnet_cbo_lambda"), cbo->lambda));
  PetscCall(McKeanCheckNonNegative(net->comm, MckOptName("-mfnet_cbo_sigma"), cbo->sigma));
  PetscCheck(!PetscIsInfOrNanReal(net->obj_shift), net->comm, PETSC_ERR_USER_INPUT, "%s: must be a finite number",
             MckOptName("-mfnet_objective_shift"));
  PetscCall(SetObjective(net, name));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_CBO(MckMFNet net)
{
  CBO *cbo = (CBO *)net->data;

  PetscFunctionBeginUser;
  PetscCall(PetscCalloc3((size_t)net->nchunks * net->B + 1, &cbo->E, net->D, &cbo->m, net->D + 1, &cbo->partial));
  PetscCall(MckStatsRegister(net->stats, "mfnet.cbo_weighted_sums", net->D + 1, &cbo->off));
  PetscFunctionReturn(0);
}

/* The shift: the global minimum of E, the same double on every rank. */
static PetscErrorCode Energies(MckMFNet net, CBO *cbo, PetscReal *Emin)
{
  PetscReal emin = PETSC_MAX_REAL;

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt off, n;
    MckMFNetChunk(net, c, &off, &n);
    PetscCall(net->obj.eval(net, n, net->theta + (size_t)off * net->D, cbo->E + off));
  }
  for (PetscInt i = 0; i < net->nlocal; i++) {
    PetscCheck(!PetscIsNanReal(cbo->E[i]), PETSC_COMM_SELF, PETSC_ERR_FP,
               "cbo: objective %s is NaN at particle %" PetscInt64_FMT, net->objective, net->gstart + i);
    emin = PetscMin(emin, cbo->E[i]);
  }
  PetscCallMPI(MPI_Allreduce(&emin, Emin, 1, MPIU_REAL, MPI_MIN, net->comm));
  PetscFunctionReturn(0);
}

/* Per-chunk partial sums of w x and w, then the one reproducible collective: m. */
static PetscErrorCode Consensus(MckMFNet net, CBO *cbo, PetscReal Emin)
{
  const PetscInt   D = net->D;
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(net->stats));
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt         off, n;
    const PetscReal *x;
    MckMFNetChunk(net, c, &off, &n);
    x = net->theta + (size_t)off * D;
    for (PetscInt k = 0; k <= D; k++) cbo->partial[k] = 0;
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal w = exp(-cbo->beta * (cbo->E[off + i] - Emin));
      for (PetscInt k = 0; k < D; k++) cbo->partial[k] += w * x[i * D + k];
      cbo->partial[D] += w;
    }
    PetscCall(MckStatsAdd(net->stats, cbo->off, D + 1, cbo->partial));
  }
  PetscCall(MckStatsReduce(net->stats));
  PetscCall(MckStatsGetSums(net->stats, &sums));
  for (PetscInt k = 0; k < D; k++) cbo->m[k] = sums[cbo->off + k] / sums[cbo->off + D];
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_CBO(MckMFNet net)
{
  CBO            *cbo = (CBO *)net->data;
  const PetscInt  D   = net->D;
  const PetscReal ldt = cbo->lambda * net->dt, sdt = cbo->sigma * PetscSqrtReal(net->dt);
  PetscReal       Emin, Em;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  PetscCall(Energies(net, cbo, &Emin));
  PetscCall(Consensus(net, cbo, Emin));
  PetscCall(net->obj.eval(net, 1, cbo->m, &Em)); /* identical on every rank: same m, same code */
  net->loss = Em;
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetForce, 0, 0, 0, 0));
  PetscCall(PetscLogEventBegin(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  for (PetscInt c = 0; c < net->nchunks; c++) {
    PetscInt   off, n;
    PetscReal *x;
    MckMFNetChunk(net, c, &off, &n);
    x = net->theta + (size_t)off * D;
    PetscCall(MckRNGNormals(net->rng, net->gstart + off, n, net->step, 0, D, net->noiseptr));
    for (PetscInt i = 0; i < n; i++) {
      PetscReal dist2 = 0, amp;
      for (PetscInt k = 0; k < D; k++) dist2 += (x[i * D + k] - cbo->m[k]) * (x[i * D + k] - cbo->m[k]);
      amp = sdt * PetscSqrtReal(dist2);
      for (PetscInt k = 0; k < D; k++) {
        const PetscReal diff = x[i * D + k] - cbo->m[k];
        const PetscReal kick = cbo->aniso ? sdt * diff : amp;
        x[i * D + k] -= ldt * diff;
        x[i * D + k] += kick * net->noiseptr[k][i];
      }
    }
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_MFNetIntegrate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_CBO(MckMFNet net, MckIO io, PetscBool check)
{
  CBO        *cbo = (CBO *)net->data;
  PetscObject o   = (PetscObject)net;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(o, "-mfnet_objective"), net->objective));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-mfnet_cbo_beta"), 1, &cbo->beta));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-mfnet_cbo_lambda"), 1, &cbo->lambda));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-mfnet_cbo_sigma"), 1, &cbo->sigma));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(o, "-mfnet_objective_shift"), 1, &net->obj_shift));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(o, "-mfnet_cbo_anisotropic"), cbo->aniso));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_CBO(MckMFNet net, PetscViewer viewer)
{
  const CBO *cbo = (const CBO *)net->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "cbo: objective %s (D = %" PetscInt_FMT
      ", shift %g), beta %g, lambda %g, sigma %g, %s noise; per step one MPI_MIN and one reproducible collective of %" PetscInt_FMT
      " sums\n",
      net->objective, net->D, (double)net->obj_shift, (double)cbo->beta, (double)cbo->lambda, (double)cbo->sigma,
      cbo->aniso ? "anisotropic" : "isotropic", net->D + 1));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_CBO(MckMFNet net)
{
  CBO *cbo = (CBO *)net->data;

  PetscFunctionBeginUser;
  if (!cbo) PetscFunctionReturn(0);
  PetscCall(PetscFree3(cbo->E, cbo->m, cbo->partial));
  PetscCall(PetscFree(net->data));
  PetscCall(PetscMemzero(&net->obj, sizeof(net->obj)));
  PetscCall(PetscObjectComposeFunction((PetscObject)net, "MckMFNetGetConsensus_C", NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetConsensus_CBO(MckMFNet net, const PetscReal **m)
{
  PetscFunctionBeginUser;
  *m = ((CBO *)net->data)->m;
  PetscFunctionReturn(0);
}

/* The objective defaults to rastrigin; the particles are its points, not neurons. */
PetscErrorCode MckMFNetCreate_CBO(MckMFNet net)
{
  CBO *cbo;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&cbo));
  cbo->beta   = 30.0;
  cbo->lambda = 1.0;
  cbo->sigma  = 0.8;
  cbo->aniso  = PETSC_FALSE;
  PetscCall(SetObjective(net, net->objective[0] ? net->objective : "rastrigin"));
  net->data                = cbo;
  net->ops->setfromoptions = SetFromOptions_CBO;
  net->ops->setup          = SetUp_CBO;
  net->ops->config         = Config_CBO;
  net->ops->step           = Step_CBO;
  net->ops->view           = View_CBO;
  net->ops->destroy        = Destroy_CBO;
  net->ops->network        = PETSC_FALSE;
  PetscCall(PetscObjectComposeFunction((PetscObject)net, "MckMFNetGetConsensus_C", GetConsensus_CBO));
  PetscFunctionReturn(0);
}
