/* MckLangevin: creation, type (integrator), options, set-up, the two-pass step with one
 * collective, accessors. Drift terms: drift.c; diagnostics: langevindiag.c; the run protocols
 * (stepping, checkpoints): langevinrun.c. */
#include "langevinimpl.h"

static const char *const MckSchedules[] = {"constant", "linear", "exponential", "MckSchedule", "MCK_SCHEDULE_", NULL};

MCK_TYPED_RETYPE(LangevinRetype, MckLangevin, NULL, MckLangevinCreateFn, (x, x->ops, &x->data))
static const MckTypedClass LangevinClass = {"MckLangevin", &MckLangevinList,  "-lgv_integrator",
                                            "integrator",  "Time integrator", MCKLANGEVIN_EULER_MARUYAMA,
                                            LangevinRetype};

/*@C
  MckLangevinCreate - Creates Langevin dynamics for a particle system.

  Collective

  Input Parameter:
. p - the particle system (the dynamics keeps a reference)

  Output Parameter:
. l - the dynamics: type euler_maruyama, dt 0.01, 100 steps, gamma = m = T = 1, no drift

  Level: beginner

.seealso: `MckLangevinSetFromOptions()`, `MckLangevinSetType()`, `MckLangevinSetUp()`, `MckLangevinStep()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckLangevinCreate(MckParticles p, MckLangevin *l)
{
  MPI_Comm comm;

  PetscFunctionBeginUser;
  PetscValidPointer(l, 2);
  PetscCall(MckParticlesInitializePackage());
  PetscCall(MckParticlesGetComm(p, &comm));
  PetscCall(PetscHeaderCreate(*l, MCK_LANGEVIN_CLASSID, "MckLangevin", "Langevin dynamics", "MckLangevin", comm,
                              MckLangevinDestroy, MckLangevinView));
  PetscCall(PetscObjectReference((PetscObject)p));
  (*l)->p        = p;
  (*l)->comm     = comm;
  (*l)->dt       = 1e-2;
  (*l)->nsteps   = 100;
  (*l)->gamma    = 1.0;
  (*l)->mass     = 1.0;
  (*l)->T0       = 1.0;
  (*l)->T1       = 1.0;
  (*l)->tau      = 1.0;
  (*l)->schedule = MCK_SCHEDULE_CONSTANT;
  PetscCall(MckObjectComposeRunMethods((PetscObject)*l, &MckLangevinStepper, &MckLangevinCheckpoint));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetType - Sets the integrator.

  Collective

  Input Parameters:
+ l    - the dynamics
- type - `MCKLANGEVIN_EULER_MARUYAMA`, `MCKLANGEVIN_BAOAB`, or a type added with `MckLangevinRegister()`

  Options Database Key:
. -lgv_integrator <type> - the integrator

  Level: intermediate

.seealso: `MckLangevinRegister()`, `MckLangevinGetType()`
@*/
PetscErrorCode MckLangevinSetType(MckLangevin l, MckLangevinType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)l, &LangevinClass, l->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetType - The integrator's type name.

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameter:
. type - the type name

  Level: intermediate

.seealso: `MckLangevinSetType()`
@*/
PetscErrorCode MckLangevinGetType(MckLangevin l, MckLangevinType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  *type = ((PetscObject)l)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetOptionsPrefix - Sets the prefix of the dynamics' options and of its drifts'
  (-<prefix>lgv_dt, -<prefix>mf_strength), so that two dynamics in one run have their own.

  Logically Collective

  Input Parameters:
+ l      - the dynamics
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckLangevinSetFromOptions()`
@*/
PetscErrorCode MckLangevinSetOptionsPrefix(MckLangevin l, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)l, prefix));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckParameters(MckLangevin l, PetscBool set_final)
{
  PetscObject obj = (PetscObject)l;

  PetscFunctionBeginUser;
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_dt"), l->dt));
  PetscCall(McKeanCheckNonNegative(l->comm, McKeanOptionName(obj, "-lgv_steps"), (PetscReal)l->nsteps));
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_gamma"), l->gamma));
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_mass"), l->mass));
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_temperature"), l->T0));
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_temperature_final"), l->T1));
  PetscCall(McKeanCheckPositive(l->comm, McKeanOptionName(obj, "-lgv_temperature_tau"), l->tau));
  PetscCheck(l->schedule != MCK_SCHEDULE_CONSTANT || !set_final, l->comm, PETSC_ERR_USER_INPUT,
             "%s needs %s linear or exponential", McKeanOptionName(obj, "-lgv_temperature_final"),
             McKeanOptionName(obj, "-lgv_temperature_schedule"));
  PetscFunctionReturn(0);
}

/* The parameters checked, then the drift terms named by -lgv_drifts created (the names stay the caller's). */
static PetscErrorCode AddDrifts(MckLangevin l, PetscBool set_final, PetscInt ndrifts, char *const drifts[])
{
  PetscFunctionBeginUser;
  PetscCall(CheckParameters(l, set_final));
  for (PetscInt i = 0; i < ndrifts; i++) {
    PetscCheck(l->ndrifts < MCK_MAX_DRIFTS, l->comm, PETSC_ERR_USER_INPUT, "%s: at most %d drift terms",
               McKeanOptionName((PetscObject)l, "-lgv_drifts"), MCK_MAX_DRIFTS);
    PetscCall(MckDriftCreate(l, drifts[i], &l->drifts[l->ndrifts++]));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetFromOptions - Sets the dynamics, its integrator and its drift terms from the
  options database.

  Collective

  Input Parameter:
. l - the dynamics

  Options Database Keys:
+ -lgv_integrator <euler_maruyama|baoab> - the integrator (the type)
. -lgv_dt <dt>                     - time step
. -lgv_steps <n>                   - steps of the run (a restart continues to this step)
. -lgv_gamma <gamma>               - friction
. -lgv_mass <m>                    - particle mass (underdamped)
. -lgv_temperature <T>             - temperature (at t = 0 with a schedule)
. -lgv_temperature_schedule <constant|linear|exponential> - T(t)
. -lgv_temperature_final <T1>      - final temperature of a schedule
. -lgv_temperature_tau <tau>       - ramp duration (linear) or relaxation time (exponential)
. -lgv_drifts <a,b,...>            - drift terms, summed; each reads its own options
- -lgv_view                        - view the dynamics at set-up

  Level: beginner

.seealso: `MckLangevinCreate()`, `MckLangevinSetUp()`, `MckLangevinSetOptionsPrefix()`
@*/
PetscErrorCode MckLangevinSetFromOptions(MckLangevin l)
{
  char          *drifts[MCK_MAX_DRIFTS];
  PetscInt       ndrifts = MCK_MAX_DRIFTS, schedule = (PetscInt)l->schedule, nsteps = (PetscInt)l->nsteps;
  PetscBool      set_final;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)l);
  MckOptionsCall(MckOptionsTyped(l, &LangevinClass, l->setup));
  MckOptionsCall(MckOptionsReal("-lgv_dt", "Time step", l->dt, &l->dt, NULL));
  MckOptionsCall(MckOptionsInt("-lgv_steps", "Number of time steps of the run (a restart continues to this step)",
                               nsteps, &nsteps, NULL));
  MckOptionsCall(MckOptionsReal("-lgv_gamma", "Friction coefficient gamma", l->gamma, &l->gamma, NULL));
  MckOptionsCall(MckOptionsReal("-lgv_mass", "Particle mass m (underdamped)", l->mass, &l->mass, NULL));
  MckOptionsCall(
      MckOptionsReal("-lgv_temperature", "Temperature T (at t = 0 when a schedule is used)", l->T0, &l->T0, NULL));
  MckOptionsCall(MckOptionsChoice("-lgv_temperature_schedule", "Temperature schedule T(t)", MckSchedules, 3, schedule,
                                  &schedule, NULL));
  l->T1 = l->T0;
  MckOptionsCall(MckOptionsReal("-lgv_temperature_final", "Final temperature of a linear or exponential schedule",
                                l->T1, &l->T1, &set_final));
  MckOptionsCall(MckOptionsReal("-lgv_temperature_tau",
                                "Ramp duration (linear) or relaxation time (exponential) of the schedule", l->tau,
                                &l->tau, NULL));
  MckOptionsCall(MckOptionsStringArray("-lgv_drifts", "Comma-separated drift terms, summed", drifts, &ndrifts, NULL));
  if (l->ops->setfromoptions) MckOptionsCall((*l->ops->setfromoptions)(l, PetscOptionsObject));
  PetscOptionsEnd();
  l->schedule = (MckSchedule)schedule;
  l->nsteps   = nsteps;
  ierr        = AddDrifts(l, set_final, ndrifts, drifts);
  for (PetscInt i = 0; i < ndrifts; i++) PetscCall(PetscFree(drifts[i])); /* after a refusal too */
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetRNG - The generator of the dynamics' noise, initial positions and velocities.

  Logically Collective

  Input Parameters:
+ l   - the dynamics
- rng - the generator (the dynamics keeps a reference); e.g. `MckRunGetRNG()`

  Level: beginner

.seealso: `MckLangevinSetUp()`, `MckRNGNormals()`
@*/
PetscErrorCode MckLangevinSetRNG(MckLangevin l, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCall(MckRNGReplace(&l->rng, rng));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetUp - Sets up the particles, the integrator, the drifts' statistics and the
  buffers of a step.

  Collective

  Input Parameter:
. l - the dynamics, with its generator set

  Level: beginner

.seealso: `MckLangevinSetFromOptions()`, `MckLangevinPrepare()`
@*/
PetscErrorCode MckLangevinSetUp(MckLangevin l)
{
  PetscInt  dim, nlocal, chunk, nchunks;
  PetscBool help;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  if (l->setup) PetscFunctionReturn(0);
  PetscCheck(l->rng, l->comm, PETSC_ERR_ORDER, "MckLangevinSetRNG() must be called before MckLangevinSetUp()");
  if (!((PetscObject)l)->type_name) PetscCall(MckLangevinSetType(l, MCKLANGEVIN_EULER_MARUYAMA));
  PetscCall(MckParticlesSetUp(l->p));
  PetscCall(MckParticlesGetSizes(l->p, NULL, &dim, &nlocal, NULL));
  PetscCall(MckParticlesGetChunks(l->p, &chunk, &nchunks));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  for (PetscInt a = 0; a < dim && !help; a++) { /* -help runs nothing: no forces (MckParticlesSetUp) */
    PetscCall(PetscCalloc1((size_t)nchunks * chunk + 8, &l->F[a]));
    PetscCall(PetscCalloc1((size_t)chunk, &l->noise[a]));
  }
  PetscCall(MckStatsCreate(l->comm, &l->stats));
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops->setup) PetscCall((*l->drifts[i]->ops->setup)(l->drifts[i], l->p, l->stats));
  PetscCall(MckStatsSetUp(l->stats));
  PetscCall(MckLangevinSetUpDiagnostics(l));
  if (l->ops->setup) PetscCall((*l->ops->setup)(l));
  l->setup = PETSC_TRUE;
  PetscCall(McKeanObjectViewFromOptions((PetscObject)l, "-lgv_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetTemperature - The temperature T(t) of the schedule.

  Not Collective

  Input Parameters:
+ l - the dynamics
- t - the time

  Output Parameter:
. T - the temperature

  Level: intermediate

.seealso: `MckLangevinSetTemperature()`
@*/
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

/*@C
  MckLangevinSetTemperature - A constant temperature, replacing the options' schedule (e.g. one
  per ensemble member).

  Logically Collective

  Input Parameters:
+ l - the dynamics
- T - the temperature, T > 0

  Level: intermediate

.seealso: `MckLangevinGetTemperature()`
@*/
PetscErrorCode MckLangevinSetTemperature(MckLangevin l, PetscReal T)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanCheckPositive(l->comm, "temperature", T));
  l->schedule = MCK_SCHEDULE_CONSTANT;
  l->T0 = l->T1 = T;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinChunkNoise - Standard normals for the chunk's particles at a step: packed normals
  dim g .. dim g + dim - 1 of particle g (its global id), so a particle's noise depends on its
  global id, never its rank.

  Not Collective

  Input Parameters:
+ l    - the dynamics
. c    - the chunk
- step - the step

  Output Parameter:
. noise - noise[a][i] for particle i of the chunk (owned by l, valid until the next call)

  Note:
  The same numbers as `MckLangevinChunkNoiseRange()` over the whole chunk.

  Level: developer

.seealso: `MckLangevinChunkNoiseRange()`, `MckIntegratorOps`, `MckRNGNormalsPacked()`
@*/
PetscErrorCode MckLangevinChunkNoise(MckLangevin l, const MckChunk *c, PetscInt64 step, PetscReal *const **noise)
{
  PetscFunctionBeginUser;
  PetscCall(MckLangevinChunkNoiseRange(l, c, step, 0, c->n, noise));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinChunkNoiseRange - Standard normals for particles [i0, i0 + n) of the chunk at a step:
  the sub-block of `MckLangevinChunkNoise()`, for integrators that generate the noise of a
  sub-block just before its update, inside their pass over the particles.

  Not Collective

  Input Parameters:
+ l    - the dynamics
. c    - the chunk
. step - the step
. i0   - the first particle of the sub-block, an index into the chunk
- n    - the number of particles, with 0 <= i0 and i0 + n <= c->n

  Output Parameter:
. noise - noise[a][k] for particle i0 + k of the chunk (owned by l, valid until the next call)

  Notes:
  Particle g = c->gstart + i0 + k (its global id) receives packed normals dim g .. dim g + dim - 1 of
  set `MCK_RNG_PACKED_LANGEVIN_NOISE` at step (`MckRNGNormalsPacked()`: four 3D particles' noise fills
  three Philox blocks), so the numbers do not depend on how a chunk is cut into sub-blocks, nor on
  where the chunks and ranks begin. Generating them per sub-block of
  `MCK_LANGEVIN_NOISE_BLOCK` particles keeps them in L1 next to the positions and velocities being
  updated: the noise never makes a pass over memory of its own (whether the memory streams overlap
  the noise's arithmetic: docs/performance.md, section 0).

  Level: developer

.seealso: `MckLangevinChunkNoise()`, `MckIntegratorOps`, `MckRNGNormalsPacked()`
@*/
PetscErrorCode MckLangevinChunkNoiseRange(MckLangevin l, const MckChunk *c, PetscInt64 step, PetscInt i0, PetscInt n,
                                          PetscReal *const **noise)
{
  PetscFunctionBeginUser;
  PetscCheck(i0 >= 0 && n >= 0 && i0 + n <= c->n, l->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckLangevinChunkNoiseRange: particles [%" PetscInt_FMT ", %" PetscInt_FMT
             ") are not in the chunk of %" PetscInt_FMT,
             i0, i0 + n, c->n);
  PetscCall(MckRNGNormalsPacked(l->rng, c->gstart + i0, n, step, MCK_RNG_PACKED_LANGEVIN_NOISE, c->dim, l->noise));
  if (noise) *noise = l->noise;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetTypeData - The integrator type's own state, as its constructor set it.

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameter:
. data - the state (NULL if the type keeps none)

  Level: developer

.seealso: `MckLangevinRegister()`, `MckLangevinCreateFn`
@*/
PetscErrorCode MckLangevinGetTypeData(MckLangevin l, void **data)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  *data = l->data;
  PetscFunctionReturn(0);
}

static PetscErrorCode AccumulateChunk(MckLangevin l, const MckChunk *c)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops->accumulate) PetscCall((*l->drifts[i]->ops->accumulate)(l->drifts[i], c, l->stats));
  PetscFunctionReturn(0);
}

static PetscErrorCode ForceChunk(MckLangevin l, const MckChunk *c, const PetscReal *sums)
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < c->dim; a++) PetscCall(PetscArrayzero(l->F[a] + c->offset, c->n));
  for (PetscInt i = 0; i < l->ndrifts; i++) PetscCall((*l->drifts[i]->ops->force)(l->drifts[i], c, sums, l->F));
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
    if (l->drifts[i]->ops->combine) PetscCall((*l->drifts[i]->ops->combine)(l->drifts[i], *sums));
  PetscFunctionReturn(0);
}

/* Whether a step needs a collective between moving the chunks and computing their forces. */
static PetscBool NeedsCollective(MckLangevin l, PetscInt nstats)
{
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops->combine) return PETSC_TRUE;
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
    if (finish && l->ops->finish) PetscCall((*l->ops->finish)(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_DriftForce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Maxwell-Boltzmann velocities at T(0): packed normals at MCK_RNG_STEP_INIT, in a set of their own
 * (the positions use MCK_RNG_PACKED_POSITIONS at that step). */
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
    PetscCall(MckRNGNormalsPacked(l->rng, ch.gstart, ch.n, MCK_RNG_STEP_INIT, MCK_RNG_PACKED_VELOCITIES, ch.dim, v));
    for (PetscInt a = 0; a < ch.dim; a++)
      for (PetscInt i = 0; i < ch.n; i++) v[a][i] *= PetscSqrtReal(T / l->mass);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinPrepare - Makes the dynamics ready to step from the current positions: on a fresh
  start the step is 0 and underdamped integrators draw Maxwell-Boltzmann velocities at T(0);
  either way the forces at the current positions are computed (one collective).

  Collective

  Input Parameters:
+ l     - the dynamics
- fresh - `PETSC_TRUE` on a fresh start, `PETSC_FALSE` after the state was restored

  Level: intermediate

.seealso: `MckParticlesInitialize()`, `MckLangevinStep()`
@*/
PetscErrorCode MckLangevinPrepare(MckLangevin l, PetscBool fresh)
{
  PetscInt nchunks;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinSetUp(l));
  if (fresh) {
    l->step = 0;
    if (l->ops->needs_velocities) PetscCall(InitialVelocities(l));
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
    PetscCall((*l->ops->move)(l, &ch, l->step));
    PetscCall(MckParticlesWrapChunk(l->p, &ch));
    PetscCall(ForceChunk(l, &ch, sums));
    if (l->ops->finish) PetscCall((*l->ops->finish)(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_Integrate, 0, 0, 0, 0));
  l->step++;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinStep - Advances the particles by one time step.

  Collective (one reduction of the drifts' statistics)

  Input Parameter:
. l - the dynamics, prepared

  Note:
  The integrator moves each chunk (forces cached from the previous step) while the drifts
  accumulate their statistics of the new positions in cache; one collective; then the forces at
  the new positions and the integrator's finishing pass.

  Level: beginner

.seealso: `MckLangevinPrepare()`, `MckRunSolve()`
@*/
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
    PetscCall((*l->ops->move)(l, &ch, l->step));
    PetscCall(MckParticlesWrapChunk(l->p, &ch));
    PetscCall(AccumulateChunk(l, &ch));
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_Integrate, 0, 0, 0, 0));
  PetscCall(ForcesPass(l, PETSC_TRUE));
  l->step++;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetStep - The steps done and the steps of the run (-lgv_steps).

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameters:
+ step   - steps done (may be NULL)
- nsteps - steps of the run (may be NULL)

  Level: intermediate

.seealso: `MckLangevinSetStep()`
@*/
PetscErrorCode MckLangevinGetStep(MckLangevin l, PetscInt64 *step, PetscInt64 *nsteps)
{
  PetscFunctionBeginUser;
  if (step) *step = l->step;
  if (nsteps) *nsteps = l->nsteps;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinSetStep - Sets the step counter (a restored state continues from it).

  Logically Collective

  Input Parameters:
+ l    - the dynamics
- step - the step

  Level: developer

.seealso: `MckLangevinGetStep()`
@*/
PetscErrorCode MckLangevinSetStep(MckLangevin l, PetscInt64 step)
{
  PetscFunctionBeginUser;
  l->step = step;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetTime - The time step * dt (a product, never a running sum: restarts stay exact).

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameter:
. t - the time

  Level: intermediate

.seealso: `MckLangevinGetStep()`
@*/
PetscErrorCode MckLangevinGetTime(MckLangevin l, PetscReal *t)
{
  PetscFunctionBeginUser;
  *t = (PetscReal)l->step * l->dt; /* a product, never a running sum: restarts stay exact */
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetParticles - The particle system the dynamics moves.

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameter:
. p - the particles (a borrowed reference)

  Level: intermediate

.seealso: `MckLangevinCreate()`
@*/
PetscErrorCode MckLangevinGetParticles(MckLangevin l, MckParticles *p)
{
  PetscFunctionBeginUser;
  *p = l->p;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetParameters - The time step, friction and mass.

  Not Collective

  Input Parameter:
. l - the dynamics

  Output Parameters:
+ dt    - time step (may be NULL)
. gamma - friction (may be NULL)
- mass  - particle mass (may be NULL)

  Level: intermediate

.seealso: `MckLangevinSetFromOptions()`
@*/
PetscErrorCode MckLangevinGetParameters(MckLangevin l, PetscReal *dt, PetscReal *gamma, PetscReal *mass)
{
  PetscFunctionBeginUser;
  if (dt) *dt = l->dt;
  if (gamma) *gamma = l->gamma;
  if (mass) *mass = l->mass;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetForces - The forces at the current positions, F[a][i] in the particles' local order.

  Not Collective

  Input Parameter:
. l - the dynamics, prepared

  Output Parameter:
. F - one array per dimension (owned by l)

  Level: developer

.seealso: `MckIntegratorOps`
@*/
PetscErrorCode MckLangevinGetForces(MckLangevin l, PetscReal *const **F)
{
  PetscFunctionBeginUser;
  *F = l->F;
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinConfig - Records or compares the settings a checkpoint of the dynamics depends on
  (its own and its drifts'; the particles record theirs as an object of their own).

  Collective

  Input Parameters:
+ l     - the dynamics
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckRunAddObject()`, `MckIOConfigString()`
@*/
PetscErrorCode MckLangevinConfig(MckLangevin l, MckIO io, PetscBool check)
{
  PetscObject obj         = (PetscObject)l;
  char        drifts[512] = "";

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-lgv_integrator"), obj->type_name));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_dt"), 1, &l->dt));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_gamma"), 1, &l->gamma));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_mass"), 1, &l->mass));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_temperature"), 1, &l->T0));
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName(obj, "-lgv_temperature_schedule"), MckSchedules[l->schedule]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_temperature_final"), 1, &l->T1));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-lgv_temperature_tau"), 1, &l->tau));
  for (PetscInt i = 0; i < l->ndrifts; i++) {
    if (i) PetscCall(PetscStrlcat(drifts, ",", sizeof(drifts)));
    PetscCall(PetscStrlcat(drifts, l->drifts[i]->name, sizeof(drifts)));
  }
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-lgv_drifts"), drifts));
  for (PetscInt i = 0; i < l->ndrifts; i++)
    if (l->drifts[i]->ops->config) PetscCall((*l->drifts[i]->ops->config)(l->drifts[i], io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinView - Prints the dynamics: integrator, parameters, temperature schedule, drifts
  and their statistics.

  Collective

  Input Parameters:
+ l      - the dynamics
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -lgv_view - view at set-up

  Level: intermediate

.seealso: `MckLangevinSetUp()`, `MckParticlesView()`
@*/
PetscErrorCode MckLangevinView(MckLangevin l, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCall(MckParticlesView(l->p, viewer)); /* before the header; NULL is standard output there too */
  PetscCall(McKeanObjectViewBegin((PetscObject)l, &viewer, NULL));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(PetscViewerASCIIPrintf(viewer, "dt %g, %" PetscInt64_FMT " steps, gamma %g, mass %g\n", (double)l->dt,
                                   l->nsteps, (double)l->gamma, (double)l->mass));
  PetscCall(PetscViewerASCIIPrintf(viewer, "temperature: %s, T0 %g, T1 %g, tau %g\n", MckSchedules[l->schedule],
                                   (double)l->T0, (double)l->T1, (double)l->tau));
  if (l->ops->view) PetscCall((*l->ops->view)(l, viewer));
  for (PetscInt i = 0; i < l->ndrifts; i++) PetscCall(MckDriftView(l->drifts[i], viewer));
  if (l->stats) PetscCall(MckStatsView(l->stats, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinDestroy - Drops a reference to the dynamics, freeing it with the last.

  Collective

  Input Parameter:
. l - the dynamics

  Level: beginner

.seealso: `MckLangevinCreate()`
@*/
PetscErrorCode MckLangevinDestroy(MckLangevin *l)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)l, MCK_LANGEVIN_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*l)->ops->destroy) PetscCall((*(*l)->ops->destroy)(*l));
  for (PetscInt i = 0; i < (*l)->ndrifts; i++) PetscCall(MckDriftDestroy(&(*l)->drifts[i]));
  for (PetscInt a = 0; a < MCK_MAX_DIM; a++) {
    PetscCall(PetscFree((*l)->F[a]));
    PetscCall(PetscFree((*l)->noise[a]));
  }
  PetscCall(MckStatsDestroy(&(*l)->stats));
  PetscCall(MckStatsDestroy(&(*l)->diag));
  PetscCall(MckParticlesDestroy(&(*l)->p));
  PetscCall(MckRNGDestroy(&(*l)->rng));
  PetscCall(PetscHeaderDestroy(l));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetStatisticsSize - The number of summary-statistic components the drifts reduce
  every step (the size of the one collective; 0 when no drift couples the particles).

  Not Collective

  Input Parameter:
. l - the dynamics, set up

  Output Parameter:
. nstats - the number of components

  Level: intermediate

.seealso: `MckStatsGetSize()`, `MckStatsGetMessageBytes()`
@*/
PetscErrorCode MckLangevinGetStatisticsSize(MckLangevin l, PetscInt *nstats)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCheck(l->setup, l->comm, PETSC_ERR_ORDER, "MckLangevinSetUp() must come before MckLangevinGetStatisticsSize()");
  PetscCall(MckStatsGetSize(l->stats, nstats));
  PetscFunctionReturn(0);
}

/*@C
  MckLangevinGetStats - The drifts' summary statistics, reduced by one collective per step

  Not Collective

  Input Parameter:
. l - the dynamics, set up

  Output Parameter:
. stats - its `MckStats` (owned by l), for `MckStatsGetMessageBytes()`

  Level: intermediate

.seealso: `MckLangevinGetStatisticsSize()`, `MckStatsGetMessageBytes()`
@*/
PetscErrorCode MckLangevinGetStats(MckLangevin l, MckStats *stats)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(l, MCK_LANGEVIN_CLASSID, 1);
  PetscCheck(l->setup, l->comm, PETSC_ERR_ORDER, "MckLangevinSetUp() must come before MckLangevinGetStats()");
  *stats = l->stats;
  PetscFunctionReturn(0);
}
