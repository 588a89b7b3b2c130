/* Sampler smc: a sequential Monte Carlo sampler of an energy target pi ∝ exp(-U) (Del Moral,
 * Doucet, Jasra 2006) by tempering from the base rho0 = N(m0, s0^2 I):
 *   pi_k ∝ rho0^{1 - lambda_k} exp(-lambda_k U),  lambda_k = (k / K)^p  (-smc_schedule_power p),
 * step k: Feynman-Kac weights log w_i += (lambda_k - lambda_{k-1}) (log rho0(x_i) - U(x_i)), the
 * log of their mean added to log Z and subtracted from the weights (so the running estimate is
 *   log Z_k = sum_{j <= k} log sum_i W_{j-1,i} G_{j,i},  W normalised, unbiased in Z),
 * resampling (MckResampler: -resample_type, -resample_ess_threshold; always at the last step, so
 * the final samples are equally weighted), then -smc_mcmc_steps MCMC moves invariant for pi_k
 * (-smc_mcmc langevin: unadjusted Langevin; mala: Metropolis-adjusted, step -smc_step_size h):
 *   y = x - h grad E_k(x) + sqrt(2 h) xi,  E_k = (1 - lambda_k) |x - m0|^2 / (2 s0^2) + lambda_k U,
 *   accepted (mala) with probability min(1, exp(E_k(x) - E_k(y) + q(x | y) - q(y | x))).
 * Draws: normals 0 .. d-1 and the uniform at draw 2 ceil(d/2) of stream = global id at counter
 * step 64 k + sweep; initial samples at MCK_RNG_STEP_INIT; the resampler's at step k. */
#include "gen/genimpl.h"

typedef enum { SMC_NONE, SMC_LANGEVIN, SMC_MALA } SMCMove;
static const char *const SMCMoves[] = {"none", "langevin", "mala", "SMCMove", "SMC_", NULL};

typedef struct {
  PetscInt   move, nmcmc;
  PetscReal  h, m0, s0, power;
  PetscReal *U, *Uy, *grad[MCK_GEN_MAX_DIM], *grady[MCK_GEN_MAX_DIM], *y[MCK_GEN_MAX_DIM], *u;
} SMC;

static PetscErrorCode SetFromOptions_SMC(MckGenSampler s, PetscOptionItems *PetscOptionsObject)
{
  SMC *m = (SMC *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsChoice("-smc_mcmc", "MCMC move between resamplings: none, langevin (unadjusted) or mala",
                             SMCMoves, 3, m->move, &m->move, NULL));
  PetscCall(MckOptionsInt("-smc_mcmc_steps", "MCMC moves per tempering step", m->nmcmc, &m->nmcmc, NULL));
  PetscCall(MckOptionsReal("-smc_step_size", "Step size h of the Langevin proposal", m->h, &m->h, NULL));
  PetscCall(MckOptionsReal("-smc_base_mean", "Mean m0 (every coordinate) of the Gaussian base", m->m0, &m->m0, NULL));
  PetscCall(MckOptionsReal("-smc_base_std", "Standard deviation s0 of the Gaussian base", m->s0, &m->s0, NULL));
  PetscCall(MckOptionsReal("-smc_schedule_power", "p in lambda_k = (k / K)^p", m->power, &m->power, NULL));
  PetscCheck(m->nmcmc >= 0 && m->nmcmc <= 64, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 0 to 64",
             MckOptName("-smc_mcmc_steps"), m->nmcmc);
  PetscCall(McKeanCheckPositive(s->comm, MckOptName("-smc_step_size"), m->h));
  PetscCall(McKeanCheckPositive(s->comm, MckOptName("-smc_base_std"), m->s0));
  PetscCall(McKeanCheckPositive(s->comm, MckOptName("-smc_schedule_power"), m->power));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_SMC(MckGenSampler s)
{
  SMC           *m = (SMC *)s->data;
  const PetscInt B = s->chunk + 8;

  PetscFunctionBeginUser;
  PetscCall(MckResamplerCreate(s->comm, &s->resampler));
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)s->resampler, ((PetscObject)s)->prefix));
  PetscCall(MckResamplerSetFromOptions(s->resampler));
  PetscCall(MckResamplerSetRNG(s->resampler, s->rng));
  PetscCall(MckResamplerSetLayout(s->resampler, s->nlocal));
  PetscCall(PetscMalloc3(B, &m->U, B, &m->Uy, B, &m->u));
  for (PetscInt a = 0; a < s->dim; a++) PetscCall(PetscMalloc3(B, &m->grad[a], B, &m->grady[a], B, &m->y[a]));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initialize_SMC(MckGenSampler s)
{
  SMC *m = (SMC *)s->data;

  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerDrawGaussian(s, m->m0, m->s0));
  s->time = 0;
  PetscFunctionReturn(0);
}

static PetscReal Lambda(MckGenSampler s, PetscInt k)
{
  return PetscPowReal((PetscReal)k / s->sample_steps, ((SMC *)s->data)->power);
}

/* E = (1 - lambda) |x - m0|^2 / (2 s0^2) + lambda U and its gradient, at n points x[a][.] */
static PetscErrorCode Tempered(MckGenSampler s, PetscReal lambda, PetscInt n, PetscReal *const x[], PetscReal E[],
                               PetscReal *const grad[])
{
  SMC            *m = (SMC *)s->data;
  const PetscReal w = (1 - lambda) / (m->s0 * m->s0);

  PetscFunctionBeginUser;
  PetscCall(MckGenTargetEnergy(s->target, n, (const PetscReal *const *)x, E, grad));
  for (PetscInt i = 0; i < n; i++) {
    PetscReal q = 0;
    for (PetscInt a = 0; a < s->dim; a++) {
      const PetscReal e = x[a][i] - m->m0;
      q += e * e;
      grad[a][i] = lambda * grad[a][i] + w * e;
    }
    E[i] = lambda * E[i] + 0.5 * w * q;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Reweight(MckGenSampler s, PetscReal dlambda)
{
  SMC            *m       = (SMC *)s->data;
  const PetscInt  d       = s->dim;
  const PetscReal lognorm = 0.5 * d * PetscLogReal(2 * PETSC_PI * m->s0 * m->s0);

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscReal *x[MCK_GEN_MAX_DIM];
    PetscCall(MckGenSamplerChunkPoints(s, c, &off, &n, &g0, x));
    PetscCall(MckGenTargetEnergy(s->target, n, (const PetscReal *const *)x, m->U, NULL));
    for (PetscInt i = 0; i < n; i++) {
      PetscReal q = 0;
      for (PetscInt a = 0; a < d; a++) q += (x[a][i] - m->m0) * (x[a][i] - m->m0);
      s->logw[off + i] += dlambda * (-m->U[i] + 0.5 * q / (m->s0 * m->s0) + lognorm);
    }
  }
  PetscFunctionReturn(0);
}

/* One sweep of MCMC moves at lambda; returns the local number of accepted moves. */
static PetscErrorCode Move(MckGenSampler s, PetscReal lambda, PetscInt64 step, PetscInt64 *accepted)
{
  SMC            *m  = (SMC *)s->data;
  const PetscInt  d  = s->dim;
  const PetscReal sq = PetscSqrtReal(2 * m->h);

  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscReal *x[MCK_GEN_MAX_DIM], *xi[MCK_GEN_MAX_DIM], *u[1] = {m->u};
    PetscCall(MckGenSamplerChunkPoints(s, c, &off, &n, &g0, x));
    for (PetscInt a = 0; a < d; a++) xi[a] = s->cnoise[a];
    PetscCall(MckGenSamplerChunkNormals(s, g0, n, step, 0, xi));
    PetscCall(Tempered(s, lambda, n, x, m->U, m->grad));
    for (PetscInt a = 0; a < d; a++)
      for (PetscInt i = 0; i < n; i++) m->y[a][i] = x[a][i] - m->h * m->grad[a][i] + sq * xi[a][i];
    if (m->move == SMC_LANGEVIN) {
      for (PetscInt a = 0; a < d; a++) PetscCall(PetscArraycpy(x[a], m->y[a], n));
      *accepted += n;
      continue;
    }
    PetscCall(MckRNGUniforms(s->rng, g0, n, step, 2 * ((d + 1) / 2), 1, u));
    PetscCall(Tempered(s, lambda, n, m->y, m->Uy, m->grady));
    for (PetscInt i = 0; i < n; i++) {
      PetscReal qf = 0, qb = 0;
      for (PetscInt a = 0; a < d; a++) {
        const PetscReal f = m->y[a][i] - x[a][i] + m->h * m->grad[a][i],
                        b = x[a][i] - m->y[a][i] + m->h * m->grady[a][i];
        qf += f * f;
        qb += b * b;
      }
      if (PetscLogReal(m->u[i]) < m->U[i] - m->Uy[i] + (qf - qb) / (4 * m->h)) {
        for (PetscInt a = 0; a < d; a++) x[a][i] = m->y[a][i];
        (*accepted)++;
      }
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Step_SMC(MckGenSampler s, PetscInt k)
{
  SMC            *m  = (SMC *)s->data;
  const PetscReal l0 = Lambda(s, k), l1 = Lambda(s, k + 1);
  PetscReal       ess, lm;
  PetscBool       needed;
  PetscInt64      acc = 0, gacc;

  PetscFunctionBeginUser;
  PetscCall(Reweight(s, l1 - l0));
  PetscCall(MckResamplerSetWeights(s->resampler, s->logw));
  PetscCall(MckResamplerGetESS(s->resampler, &ess));
  PetscCall(MckResamplerGetLogMeanWeight(s->resampler, &lm));
  PetscCall(MckResamplerIsNeeded(s->resampler, &needed));
  s->logz += lm;
  for (PetscInt i = 0; i < s->nlocal; i++) s->logw[i] -= lm;
  s->ess = ess / (PetscReal)s->N;
  if (needed || k + 1 == s->sample_steps) {
    PetscCall(MckResamplerResample(s->resampler, k, NULL));
    PetscCall(MckResamplerMoveSoA(s->resampler, s->dim, s->x));
    for (PetscInt i = 0; i < s->nlocal; i++) s->logw[i] = 0;
    s->nresample++;
  }
  if (m->move != SMC_NONE) {
    for (PetscInt j = 0; j < m->nmcmc; j++) PetscCall(Move(s, l1, 64 * (PetscInt64)k + j, &acc));
    PetscCallMPI(MPI_Allreduce(&acc, &gacc, 1, MPIU_INT64, MPI_SUM, s->comm));
    s->accept = m->nmcmc ? (PetscReal)gacc / ((PetscReal)s->N * m->nmcmc) : 0;
  }
  s->time = l1;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_SMC(MckGenSampler s, MckIO io, PetscBool check)
{
  SMC        *m    = (SMC *)s->data;
  PetscReal   v[4] = {m->h, m->m0, m->s0, m->power};
  const char *type;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-smc_mcmc"), SMCMoves[m->move]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)s, "-smc_mcmc_steps"), m->nmcmc));
  PetscCall(MckIOConfigReals(io, check, "smc step size, base mean, base std, schedule power", 4, v));
  PetscCall(MckResamplerGetType(s->resampler, &type));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)s, "-resample_type"), type));
  PetscCall(MckResamplerGetThreshold(s->resampler, &v[0]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)s, "-resample_ess_threshold"), 1, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_SMC(MckGenSampler s, PetscViewer viewer)
{
  SMC *m = (SMC *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  tempering from N(%g, %g^2 I), lambda = (k/K)^%g; %" PetscInt_FMT " %s moves of step %g\n",
      (double)m->m0, (double)m->s0, (double)m->power, m->nmcmc, SMCMoves[m->move], (double)m->h));
  if (s->resampler) PetscCall(MckResamplerView(s->resampler, viewer));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_SMC(MckGenSampler s)
{
  SMC *m = (SMC *)s->data;

  PetscFunctionBeginUser;
  PetscCall(PetscFree3(m->U, m->Uy, m->u));
  for (PetscInt a = 0; a < MCK_GEN_MAX_DIM; a++)
    if (m->grad[a]) PetscCall(PetscFree3(m->grad[a], m->grady[a], m->y[a]));
  PetscCall(PetscFree(s->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerCreate_SMC(MckGenSampler s, MckGenSamplerOps *ops, void **data)
{
  SMC *m;

  PetscFunctionBeginUser;
  (void)s;
  PetscCall(PetscNew(&m));
  m->move             = SMC_MALA;
  m->nmcmc            = 2;
  m->h                = 0.05;
  m->s0               = 3.0;
  m->power            = 1.0;
  ops->setfromoptions = SetFromOptions_SMC;
  ops->setup          = SetUp_SMC;
  ops->initialize     = Initialize_SMC;
  ops->step           = Step_SMC;
  ops->config         = Config_SMC;
  ops->view           = View_SMC;
  ops->destroy        = Destroy_SMC;
  *data               = m;
  PetscFunctionReturn(0);
}
