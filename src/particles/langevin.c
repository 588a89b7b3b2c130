/* MckLangevin: options, set-up, the two-pass step with one collective, diagnostics. */
#include "langevinimpl.h"

PETSC_INTERN PetscFunctionList MckIntegratorList, MckDriftList;

static const char *const MckSchedules[] = {"constant", "linear", "exponential", "MckSchedule", "MCK_SCHEDULE_", NULL};

PetscErrorCode MckLangevinCreate(MckParticles p, MckLangevin *l)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinInitializePackage());
  PetscCall(PetscNew(l));
  (*l)->p = p;
  PetscCall(MckParticlesGetComm(p, &(*l)->comm));
  PetscCall(PetscStrncpy((*l)->integrator, "euler_maruyama", sizeof((*l)->integrator)));
  (*l)->dt       = 1e-2;
  (*l)->nsteps   = 100;
  (*l)->gamma    = 1.0;
  (*l)->mass     = 1.0;
  (*l)->T0       = 1.0;
  (*l)->T1       = 1.0;
  (*l)->tau      = 1.0;
  (*l)->schedule = MCK_SCHEDULE_CONSTANT;
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateDrift(MckLangevin l, const char name[])
{
  MckDriftCreateFn create;
  MckDrift         d;
  char             allowed[512];

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind(MckDriftList, name, &create));
  if (!create) {
    PetscCall(McKeanFunctionListNames(MckDriftList, allowed, sizeof(allowed)));
    SETERRQ(l->comm, PETSC_ERR_USER_INPUT, "-lgv_drifts %s: unknown drift; allowed: %s", name, allowed);
  }
  PetscCheck(l->ndrifts < MCK_MAX_DRIFTS, l->comm, PETSC_ERR_USER_INPUT, "-lgv_drifts: at most %d drift terms", MCK_MAX_DRIFTS);
  PetscCall(PetscNew(&d));
  d->comm = l->comm;
  PetscCall(PetscStrncpy(d->name, name, sizeof(d->name)));
  PetscCall(MckParticlesGetSizes(l->p, &d->N, &d->dim, NULL, NULL));
  PetscCall((*create)(d));
  if (d->ops.setfromoptions) PetscCall((*d->ops.setfromoptions)(d));
  l->drifts[l->ndrifts++] = d;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetIntegrator(MckLangevin l, const char name[])
{
  MckIntegratorCreateFn create;
  char                  allowed[512];

  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListFind(MckIntegratorList, name, &create));
  if (!create) {
    PetscCall(McKeanFunctionListNames(MckIntegratorList, allowed, sizeof(allowed)));
    SETERRQ(l->comm, PETSC_ERR_USER_INPUT, "-lgv_integrator %s: unknown integrator; allowed: %s", name, allowed);
  }
  PetscCall(PetscStrncpy(l->integrator, name, sizeof(l->integrator)));
  PetscCall(PetscMemzero(&l->integ, sizeof(l->integ)));
  PetscCall((*create)(l, &l->integ));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinSetFromOptions(MckLangevin l)
{
  char      integ[64], *drifts[MCK_MAX_DRIFTS];
  PetscInt  ndrifts = MCK_MAX_DRIFTS, schedule = (PetscInt)l->schedule, nsteps = (PetscInt)l->nsteps;
  PetscBool set_final;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(integ, l->integrator, sizeof(integ)));
  PetscOptionsBegin(l->comm, NULL, "Langevin dynamics options", NULL);
  PetscCall(MckOptionsFList("-lgv_integrator", "Time integrator", MckIntegratorList, integ, integ, sizeof(integ), NULL));
  PetscCall(MckOptionsReal("-lgv_dt", "Time step", l->dt, &l->dt, NULL));
  PetscCall(MckOptionsInt("-lgv_steps", "Number of time steps of the run (a restart continues to this step)", nsteps, &nsteps, NULL));
  PetscCall(MckOptionsReal("-lgv_gamma", "Friction coefficient gamma", l->gamma, &l->gamma, NULL));
  PetscCall(MckOptionsReal("-lgv_mass", "Particle mass m (underdamped)", l->mass, &l->mass, NULL));
  PetscCall(MckOptionsReal("-lgv_temperature", "Temperature T (at t = 0 when a schedule is used)", l->T0, &l->T0, NULL));
  PetscCall(MckOptionsChoice("-lgv_temperature_schedule", "Temperature schedule T(t)", MckSchedules, 3, schedule, &schedule, NULL));
  l->T1 = l->T0;
  PetscCall(MckOptionsReal("-lgv_temperature_final", "Final temperature of a linear or exponential schedule", l->T1, &l->T1, &set_final));
  PetscCall(MckOptionsReal("-lgv_temperature_tau", "Ramp duration (linear) or relaxation time (exponential) of the schedule", l->tau, &l->tau, NULL));
  PetscCall(MckOptionsStringArray("-lgv_drifts", "Comma-separated drift terms, summed", drifts, &ndrifts, NULL));
  PetscOptionsEnd();
  l->schedule = (MckSchedule)schedule;
  l->nsteps   = nsteps;
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_dt", l->dt));
  PetscCall(McKeanCheckNonNegative(l->comm, "-lgv_steps", (PetscReal)nsteps));
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_gamma", l->gamma));
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_mass", l->mass));
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_temperature", l->T0));
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_temperature_final", l->T1));
  PetscCall(McKeanCheckPositive(l->comm, "-lgv_temperature_tau", l->tau));
  PetscCheck(l->schedule != MCK_SCHEDULE_CONSTANT || !set_final, l->comm, PETSC_ERR_USER_INPUT, "-lgv_temperature_final needs -lgv_temperature_schedule linear or exponential");
  PetscCall(SetIntegrator(l, integ));
  for (PetscInt i = 0; i < ndrifts; i++) {
    PetscCall(CreateDrift(l, drifts[i]));
    PetscCall(PetscFree(drifts[i]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinSetRNG(MckLangevin l, MckRNG rng)
{
  PetscFunctionBeginUser;
  l->rng = rng;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpDiagnostics(MckLangevin l)
{
  PetscInt dim;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, NULL, NULL));
  PetscCall(MckStatsCreate(l->comm, &l->diag));
  PetscCall(MckStatsRegister(l->diag, "sum_x", dim, &l->diag_mean));
  PetscCall(MckStatsRegister(l->diag, "sum_x2", dim, &l->diag_sq));
  PetscCall(MckStatsRegister(l->diag, "sum_v2", dim, &l->diag_v2));
  PetscCall(MckStatsSetUp(l->diag));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinSetUp(MckLangevin l)
{
  PetscInt dim, nlocal, chunk, nchunks;

  PetscFunctionBeginUser;
  if (l->setup) PetscFunctionReturn(0);
  PetscCheck(l->rng, l->comm, PETSC_ERR_ORDER, "MckLangevinSetRNG() must be called before MckLangevinSetUp()");
  PetscCall(MckParticlesSetUp(l->p));
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, &nlocal, NULL));
  PetscCall(MckParticlesGetChunks(l->p, &chunk, &nchunks));
  for (PetscInt a = 0; a < dim; a++) {
    PetscCall(PetscCalloc1((size_t)nchunks * chunk + 8, &l->F[a]));
    PetscCall(PetscCalloc1((size_t)chunk, &l->noise[a]));
  }
  PetscCall(MckStatsCreate(l->comm, &l->stats));
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops.setup) PetscCall((*l->drifts[i]->ops.setup)(l->drifts[i], l->p, l->stats));
  PetscCall(MckStatsSetUp(l->stats));
  PetscCall(SetUpDiagnostics(l));
  l->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetTemperature(MckLangevin l, PetscReal t, PetscReal *T)
{
  PetscFunctionBeginUser;
  switch (l->schedule) {
  case MCK_SCHEDULE_CONSTANT: *T = l->T0; break;
  case MCK_SCHEDULE_LINEAR: *T = l->T0 + (l->T1 - l->T0) * PetscMin(t / l->tau, 1.0); break;
  case MCK_SCHEDULE_EXPONENTIAL: *T = l->T1 + (l->T0 - l->T1) * PetscExpReal(-t / l->tau); break;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinSetTemperature(MckLangevin l, PetscReal T)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanCheckPositive(l->comm, "temperature", T));
  l->schedule = MCK_SCHEDULE_CONSTANT;
  l->T0 = l->T1 = T;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetDrift(MckLangevin l, const char name[], MckDrift *d)
{
  PetscBool same;

  PetscFunctionBeginUser;
  *d = NULL;
  for (PetscInt i = 0; i < l->ndrifts && !*d; i++) {
    PetscCall(PetscStrcmp(l->drifts[i]->name, name, &same));
    if (same) *d = l->drifts[i];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinChunkNoise(MckLangevin l, const MckChunk *c, PetscInt64 step, PetscInt s, PetscInt n)
{
  PetscReal *noise[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) noise[a] = l->noise[a] + s;
  PetscCall(MckRNGNormals(l->rng, c->gstart + s, n, step, 0, c->dim, noise));
  PetscFunctionReturn(0);
}

static PetscErrorCode AccumulateChunk(MckLangevin l, const MckChunk *c)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops.accumulate) PetscCall((*l->drifts[i]->ops.accumulate)(l->drifts[i], c, l->stats));
  PetscFunctionReturn(0);
}

static PetscErrorCode ForceChunk(MckLangevin l, const MckChunk *c, const PetscReal *sums)
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) PetscCall(PetscArrayzero(l->F[a] + c->offset, c->n));
  for (PetscInt i = 0; i < l->ndrifts; i++) PetscCall((*l->drifts[i]->ops.force)(l->drifts[i], c, sums, l->F));
  PetscFunctionReturn(0);
}

/* The summary statistics of the current positions: local per-chunk sums, one collective. */
static PetscErrorCode ReduceStatistics(MckLangevin l, const PetscReal **sums)
{
  PetscInt nstats;

  PetscFunctionBeginUser;
  PetscCall(MckStatsGetSize(l->stats, &nstats));
  if (nstats) PetscCall(MckStatsReduce(l->stats));
  PetscCall(MckStatsGetSums(l->stats, sums));
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops.combine) PetscCall((*l->drifts[i]->ops.combine)(l->drifts[i], *sums));
  PetscFunctionReturn(0);
}

/* Whether a step needs a collective between moving the chunks and computing their forces. */
static PetscBool NeedsCollective(MckLangevin l, PetscInt nstats)
{
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops.combine) return PETSC_TRUE;
  return (PetscBool)(nstats > 0);
}

/* Forces at the current positions, optionally followed by the integrator's second pass. */
static PetscErrorCode ForcesPass(MckLangevin l, PetscBool finish)
{
  const PetscReal *sums;
  PetscInt         nchunks;

  PetscFunctionBeginUser;
  PetscCall(ReduceStatistics(l, &sums));
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  PetscCall(PetscLogEventBegin(MCK_EVENT_DriftForce, 0, 0, 0, 0));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall(ForceChunk(l, &ch, sums));
    if (finish && l->integ.finish) PetscCall((*l->integ.finish)(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_DriftForce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Maxwell-Boltzmann velocities at T(0). Positions use draws 0..dim-1 at MCK_RNG_STEP_INIT;
 * normals 4m..4m+3 share one Philox block (mckrng.h), so velocities start at the next block. */
#define MCK_VELOCITY_DRAW0 (4 * ((MCK_MAX_DIM + 3) / 4))
static PetscErrorCode InitialVelocities(MckLangevin l)
{
  PetscInt  nchunks;
  PetscReal T, *v[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTemperature(l, 0, &T));
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    for (PetscInt a = 0; a < ch.dim; a++) v[a] = ch.v[a] + ch.offset;
    PetscCall(MckRNGNormals(l->rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, MCK_VELOCITY_DRAW0, ch.dim, v));
    for (PetscInt a = 0; a < ch.dim; a++)
      for (PetscInt i = 0; i < ch.n; i++) v[a][i] *= PetscSqrtReal(T / l->mass);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinPrepare(MckLangevin l, PetscBool fresh)
{
  PetscInt nchunks;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinSetUp(l));
  if (fresh) {
    l->step = 0;
    if (l->integ.needs_velocities) PetscCall(InitialVelocities(l));
  }
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  PetscCall(MckStatsZero(l->stats));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall(AccumulateChunk(l, &ch));
  }
  PetscCall(ForcesPass(l, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* Without summary statistics there is no collective between moving a chunk and computing its
 * new forces, so one pass does both while the chunk is in cache. Same arithmetic per particle
 * as the two-pass step, hence the same bits. */
static PetscErrorCode StepSinglePass(MckLangevin l, PetscInt nchunks)
{
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(MckStatsGetSums(l->stats, &sums));
  PetscCall(PetscLogEventBegin(MCK_EVENT_Integrate, 0, 0, 0, 0));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall((*l->integ.move)(l, &ch, l->step));
    PetscCall(MckParticlesWrapChunk(l->p, &ch));
    PetscCall(ForceChunk(l, &ch, sums));
    if (l->integ.finish) PetscCall((*l->integ.finish)(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_Integrate, 0, 0, 0, 0));
  l->step++;
  PetscFunctionReturn(0);
}

/* One step in two passes over the chunks: the integrator moves each chunk (forces cached from
 * the previous step) and the drifts accumulate their statistics of the new positions while the
 * chunk is in cache; one collective; then forces at the new positions and the integrator's
 * finishing pass. */
PetscErrorCode MckLangevinStep(MckLangevin l)
{
  PetscInt nchunks, nstats;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  PetscCall(MckStatsGetSize(l->stats, &nstats));
  if (!NeedsCollective(l, nstats)) {
    PetscCall(StepSinglePass(l, nchunks));
    PetscFunctionReturn(0);
  }
  PetscCall(MckStatsZero(l->stats));
  PetscCall(PetscLogEventBegin(MCK_EVENT_Integrate, 0, 0, 0, 0));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall((*l->integ.move)(l, &ch, l->step));
    PetscCall(MckParticlesWrapChunk(l->p, &ch));
    PetscCall(AccumulateChunk(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_Integrate, 0, 0, 0, 0));
  PetscCall(ForcesPass(l, PETSC_TRUE));
  l->step++;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetStep(MckLangevin l, PetscInt64 *step, PetscInt64 *nsteps)
{
  PetscFunctionBeginUser;
  if (step) *step = l->step;
  if (nsteps) *nsteps = l->nsteps;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinSetStep(MckLangevin l, PetscInt64 step)
{
  PetscFunctionBeginUser;
  l->step = step;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetTime(MckLangevin l, PetscReal *t)
{
  PetscFunctionBeginUser;
  *t = (PetscReal)l->step * l->dt; /* a product, never a running sum: restarts stay exact */
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetParticles(MckLangevin l, MckParticles *p)
{
  PetscFunctionBeginUser;
  *p = l->p;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetParameters(MckLangevin l, PetscReal *dt, PetscReal *gamma, PetscReal *mass)
{
  PetscFunctionBeginUser;
  if (dt) *dt = l->dt;
  if (gamma) *gamma = l->gamma;
  if (mass) *mass = l->mass;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinGetForces(MckLangevin l, PetscReal *const **F)
{
  PetscFunctionBeginUser;
  *F = l->F;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetStats - the summary statistics of the drifts, reduced by one collective per step

  Not collective

  Input Parameter:
. l - the Langevin object, set up (`MckLangevinSetUp()`)

  Output Parameter:
. stats - its `MckStats` (owned by l): `MckStatsGetSize()`, `MckStatsGetMessageBytes()`

  Level: intermediate

.seealso: `MckLangevinSetUp()`, `MckStatsGetMessageBytes()`
@*/
PetscErrorCode MckLangevinGetStats(MckLangevin l, MckStats *stats)
{
  PetscFunctionBeginUser;
  PetscCheck(l->stats, l->comm, PETSC_ERR_ORDER, "MckLangevinGetStats: call MckLangevinSetUp() first");
  *stats = l->stats;
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinCreateSeries(MckLangevin l, MckSeries *s)
{
  const char *cols[4 + 3 * MCK_MAX_DIM + MCK_MAX_DRIFTS];
  char        names[3 * MCK_MAX_DIM][16];
  PetscInt    dim, n = 0;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, NULL, NULL));
  cols[n++] = "t";
  cols[n++] = "T";
  for (PetscInt a = 0; a < dim; a++) {
    PetscCall(PetscSNPrintf(names[a], sizeof(names[a]), "mean_%" PetscInt_FMT, a));
    PetscCall(PetscSNPrintf(names[dim + a], sizeof(names[a]), "var_%" PetscInt_FMT, a));
  }
  for (PetscInt a = 0; a < 2 * dim; a++) cols[n++] = names[a];
  cols[n++] = "kinetic_T";
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    const char *name;
    PetscReal   value;
    MckDrift    d = l->drifts[i];
    if (!d->ops.diagnostic) continue;
    PetscCall((*d->ops.diagnostic)(d, NULL, &name, &value));
    cols[n++] = name;
  }
  PetscCall(MckSeriesCreate(l->comm, "langevin", n, cols, s));
  PetscFunctionReturn(0);
}

/* Per-chunk partial sums in a fixed order, so the reduced moments are reproducible. */
static PetscErrorCode AccumulateMoments(MckLangevin l, const MckChunk *c)
{
  PetscReal sx[MCK_MAX_DIM], sxx[MCK_MAX_DIM], svv[MCK_MAX_DIM];

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) {
    const PetscReal *x = c->x[a] + c->offset, *v = c->v[a] + c->offset;
    sx[a] = sxx[a] = svv[a] = 0;
    for (PetscInt i = 0; i < c->n; i++) {
      sx[a] += x[i];
      sxx[a] += x[i] * x[i];
      svv[a] += v[i] * v[i];
    }
  }
  PetscCall(MckStatsAdd(l->diag, l->diag_mean, c->dim, sx));
  PetscCall(MckStatsAdd(l->diag, l->diag_sq, c->dim, sxx));
  PetscCall(MckStatsAdd(l->diag, l->diag_v2, c->dim, svv));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinRecord(MckLangevin l, MckSeries s, const char **diag_name, PetscReal *diagnostic)
{
  PetscInt         dim, nchunks, n = 0;
  PetscInt64       N;
  const PetscReal *m, *stats;
  PetscReal        row[4 + 3 * MCK_MAX_DIM + MCK_MAX_DRIFTS], t, kin = 0;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(l->p, &N, &dim, NULL, NULL));
  PetscCall(MckParticlesGetChunks(l->p, NULL, &nchunks));
  PetscCall(MckStatsZero(l->diag));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk ch;
    PetscCall(MckParticlesGetChunk(l->p, c, &ch));
    PetscCall(AccumulateMoments(l, &ch));
  }
  PetscCall(MckStatsReduce(l->diag));
  PetscCall(MckStatsGetSums(l->diag, &m));
  PetscCall(MckLangevinGetTime(l, &t));
  row[n++] = t;
  PetscCall(MckLangevinGetTemperature(l, t, &row[n++]));
  for (PetscInt a = 0; a < dim; a++) row[n++] = m[l->diag_mean + a] / (PetscReal)N;
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal mean = m[l->diag_mean + a] / (PetscReal)N;
    row[n++]             = m[l->diag_sq + a] / (PetscReal)N - mean * mean;
  }
  for (PetscInt a = 0; a < dim; a++) kin += l->mass * m[l->diag_v2 + a] / ((PetscReal)N * dim);
  row[n++]    = l->integ.needs_velocities ? kin : 0;
  *diag_name  = "var_0";
  *diagnostic = row[2 + dim];
  PetscCall(MckStatsGetSums(l->stats, &stats));
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    const char *name;
    MckDrift    d = l->drifts[i];
    if (!d->ops.diagnostic) continue;
    PetscCall((*d->ops.diagnostic)(d, stats, &name, &row[n]));
    *diag_name  = name;
    *diagnostic = row[n++];
  }
  PetscCall(MckSeriesAppend(s, row));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinConfig(MckLangevin l, MckIO io, PetscBool check)
{
  char drifts[512] = "";

  PetscFunctionBeginUser;
  PetscCall(MckParticlesConfig(l->p, io, check));
  PetscCall(MckIOConfigString(io, check, "-lgv_integrator", l->integrator));
  PetscCall(MckIOConfigReals(io, check, "-lgv_dt", 1, &l->dt));
  PetscCall(MckIOConfigReals(io, check, "-lgv_gamma", 1, &l->gamma));
  PetscCall(MckIOConfigReals(io, check, "-lgv_mass", 1, &l->mass));
  PetscCall(MckIOConfigReals(io, check, "-lgv_temperature", 1, &l->T0));
  PetscCall(MckIOConfigString(io, check, "-lgv_temperature_schedule", MckSchedules[l->schedule]));
  PetscCall(MckIOConfigReals(io, check, "-lgv_temperature_final", 1, &l->T1));
  PetscCall(MckIOConfigReals(io, check, "-lgv_temperature_tau", 1, &l->tau));
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    if (i) PetscCall(PetscStrlcat(drifts, ",", sizeof(drifts)));
    PetscCall(PetscStrlcat(drifts, l->drifts[i]->name, sizeof(drifts)));
  }
  PetscCall(MckIOConfigString(io, check, "-lgv_drifts", drifts));
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops.config) PetscCall((*l->drifts[i]->ops.config)(l->drifts[i], io, check));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinView(MckLangevin l, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesView(l->p, viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckLangevin: integrator %s, dt %g, %" PetscInt64_FMT " steps, gamma %g, mass %g\n", l->integrator, (double)l->dt, l->nsteps, (double)l->gamma, (double)l->mass));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  temperature: %s, T0 %g, T1 %g, tau %g\n", MckSchedules[l->schedule], (double)l->T0, (double)l->T1, (double)l->tau));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    PetscCall(PetscViewerASCIIPrintf(viewer, "drift %s\n", l->drifts[i]->name));
    if (l->drifts[i]->ops.view) PetscCall((*l->drifts[i]->ops.view)(l->drifts[i], viewer));
  }
  PetscCall(PetscViewerASCIIPopTab(viewer));
  if (l->stats) PetscCall(MckStatsView(l->stats, viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckLangevinDestroy(MckLangevin *l)
{
  PetscFunctionBeginUser;
  if (!*l) PetscFunctionReturn(0);
  for (PetscInt i = 0; i < (*l)->ndrifts; i++) {
    MckDrift d = (*l)->drifts[i];
    if (d->ops.destroy) PetscCall((*d->ops.destroy)(d));
    PetscCall(PetscFree(d));
  }
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) {
    PetscCall(PetscFree((*l)->F[a]));
    PetscCall(PetscFree((*l)->noise[a]));
  }
  PetscCall(MckStatsDestroy(&(*l)->stats));
  PetscCall(MckStatsDestroy(&(*l)->diag));
  PetscCall(PetscFree(*l));
  PetscFunctionReturn(0);
}
