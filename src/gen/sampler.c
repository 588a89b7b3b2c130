/* MckGenSampler: creation, type, options, set-up, the samples' storage, the fit rounds and the
 * model evaluation every type uses. Output, checkpoints and metrics: samplerio.c; the types:
 * src/gen/samplers/. */
#include "gen/genimpl.h"
#include <petscblaslapack.h>
#include <math.h>

MCK_TYPED_RETYPE(SamplerRetype, MckGenSampler, NULL, MckGenSamplerCreateFn, (x, x->ops, &x->data))
static const MckTypedClass SamplerClass = {"MckGenSampler",      &MckGenSamplerList,        "-gen_type",  "sampler",
                                           "Generative sampler", MCKGENSAMPLER_INTERPOLANT, SamplerRetype};

/*@C
  MckGenSamplerCreate - Creates a generative sampler (an interpolant until set otherwise).

  Collective

  Input Parameter:
. comm - the ranks that share the samples

  Output Parameter:
. s - the sampler: 10000 samples, 4 fit rounds of 20000 training samples, 100 sampling steps

  Level: beginner

.seealso: `MckGenSamplerSetFromOptions()`, `MckGenSamplerSetUp()`, `MckRunSetSolver()`
@*/
PetscErrorCode MckGenSamplerCreate(MPI_Comm comm, MckGenSampler *s)
{
  PetscFunctionBeginUser;
  PetscValidPointer(s, 2);
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscHeaderCreate(*s, MCK_GENSAMPLER_CLASSID, "MckGenSampler", "Generative sampler", "MckGenSampler", comm,
                              MckGenSamplerDestroy, MckGenSamplerView));
  (*s)->comm          = comm;
  (*s)->N             = 10000;
  (*s)->chunk         = 256;
  (*s)->sample_steps  = 100;
  (*s)->fit_rounds    = 4;
  (*s)->fit_samples   = 20000;
  (*s)->fit_chunk     = 512;
  (*s)->fit_lambda    = 1e-8;
  (*s)->fit_scalapack = 4096;
  (*s)->ess           = 1;
  PetscCall(MckObjectComposeRunMethods((PetscObject)*s, &MckGenSamplerStepper, &MckGenSamplerCheckpoint));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetType - Sets the kind of sampler.

  Collective

  Input Parameters:
+ s    - the sampler
- type - `MCKGENSAMPLER_INTERPOLANT`, `MCKGENSAMPLER_DIFFUSION`, `MCKGENSAMPLER_SMC`, `MCKGENSAMPLER_GUIDED` or one added with `MckGenSamplerRegister()`

  Options Database Key:
. -gen_type <type> - the sampler

  Level: intermediate

.seealso: `MckGenSamplerRegister()`
@*/
PetscErrorCode MckGenSamplerSetType(MckGenSampler s, MckGenSamplerType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_GENSAMPLER_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)s, &SamplerClass, s->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetType - The sampler's type name.

  Not Collective

  Input Parameter:
. s - the sampler

  Output Parameter:
. type - the name

  Level: intermediate

.seealso: `MckGenSamplerSetType()`
@*/
PetscErrorCode MckGenSamplerGetType(MckGenSampler s, MckGenSamplerType *type)
{
  PetscFunctionBeginUser;
  *type = ((PetscObject)s)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetOptionsPrefix - Sets the prefix of the sampler's options (-<prefix>gen_n).

  Logically Collective

  Input Parameters:
+ s      - the sampler
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckGenSamplerSetFromOptions()`
@*/
PetscErrorCode MckGenSamplerSetOptionsPrefix(MckGenSampler s, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)s, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetFromOptions - Sets the sampler, and its target and features unless set, from the options database.

  Collective

  Input Parameter:
. s - the sampler

  Options Database Keys:
+ -gen_type <interpolant|diffusion|smc|guided> - the sampler
. -gen_n <N>                  - number of samples
. -gen_chunk_size <B>         - samples per chunk, the unit of reproducible sums (multiple of 8)
. -gen_steps <K>              - sampling steps
. -gen_fit_rounds <R>         - fit rounds before sampling (types with a learned drift)
. -gen_fit_samples <M>        - training samples per round
. -gen_fit_chunk <B>          - training samples per chunk of the normal equations (multiple of 8)
. -gen_fit_lambda <lambda>    - ridge parameter
. -gen_fit_scalapack_threshold <p> - features from which the solve uses ScaLAPACK
. -gen_exact_drift            - sample with the target's exact drift (gmm), for checks
- -gen_view                   - view at set-up

  Level: beginner

.seealso: `MckGenSamplerCreate()`, `MckGenSamplerSetUp()`
@*/
PetscErrorCode MckGenSamplerSetFromOptions(MckGenSampler s)
{
  PetscInt    n = (PetscInt)s->N, msamples = (PetscInt)s->fit_samples;
  PetscObject obj = (PetscObject)s;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_GENSAMPLER_CLASSID, 1);
  PetscObjectOptionsBegin(obj);
  MckOptionsCall(MckOptionsTyped(s, &SamplerClass, s->setup));
  MckOptionsCall(MckOptionsInt("-gen_n", "Number of samples on all ranks", n, &n, NULL));
  MckOptionsCall(MckOptionsInt("-gen_chunk_size",
                               "Samples per chunk, the unit of reproducible summation (multiple of 8)", s->chunk,
                               &s->chunk, NULL));
  MckOptionsCall(MckOptionsInt("-gen_steps", "Sampling steps", s->sample_steps, &s->sample_steps, NULL));
  if (s->ops->setfromoptions) MckOptionsCall((*s->ops->setfromoptions)(s, PetscOptionsObject));
  if (s->needs_model) {
    MckOptionsCall(MckOptionsInt("-gen_fit_rounds",
                                 "Fit rounds before sampling (each adds -gen_fit_samples training samples)",
                                 s->fit_rounds, &s->fit_rounds, NULL));
    MckOptionsCall(MckOptionsInt("-gen_fit_samples", "Training samples per fit round", msamples, &msamples, NULL));
    MckOptionsCall(MckOptionsInt("-gen_fit_chunk", "Training samples per chunk of the normal equations (multiple of 8)",
                                 s->fit_chunk, &s->fit_chunk, NULL));
    MckOptionsCall(
        MckOptionsReal("-gen_fit_lambda", "Ridge parameter lambda of the fit", s->fit_lambda, &s->fit_lambda, NULL));
    MckOptionsCall(MckOptionsInt(
        "-gen_fit_scalapack_threshold",
        "Features from which the fit's solve uses ScaLAPACK over all ranks (below: LAPACK on every rank, bitwise on any rank count)",
        s->fit_scalapack, &s->fit_scalapack, NULL));
    MckOptionsCall(MckOptionsBool("-gen_exact_drift",
                                  "Sample with the target's exact drift instead of the fitted one (checks)",
                                  s->exact_drift, &s->exact_drift, NULL));
  }
  PetscOptionsEnd();
  PetscCheck(n > 0, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be positive",
             McKeanOptionName(obj, "-gen_n"), n);
  PetscCheck(s->chunk >= 8 && s->chunk % 8 == 0, s->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive multiple of 8", McKeanOptionName(obj, "-gen_chunk_size"),
             s->chunk);
  PetscCheck(s->fit_chunk >= 8 && s->fit_chunk % 8 == 0, s->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive multiple of 8", McKeanOptionName(obj, "-gen_fit_chunk"),
             s->fit_chunk);
  PetscCheck(s->sample_steps >= 1, s->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be positive",
             McKeanOptionName(obj, "-gen_steps"), s->sample_steps);
  PetscCheck(
      !s->needs_model || s->exact_drift || (s->fit_rounds >= 1 && msamples > 0), s->comm, PETSC_ERR_USER_INPUT,
      "%s %" PetscInt_FMT " and %s %" PetscInt_FMT ": a learned drift needs at least one round of training samples",
      McKeanOptionName(obj, "-gen_fit_rounds"), s->fit_rounds, McKeanOptionName(obj, "-gen_fit_samples"), msamples);
  PetscCall(McKeanCheckNonNegative(s->comm, McKeanOptionName(obj, "-gen_fit_lambda"), s->fit_lambda));
  PetscCheck(s->fit_scalapack >= 1, s->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive number of features",
             McKeanOptionName(obj, "-gen_fit_scalapack_threshold"), s->fit_scalapack);
  s->N           = n;
  s->fit_samples = msamples;
  if (!s->needs_model || s->exact_drift) s->fit_rounds = 0;
  if (!s->target) {
    PetscCall(MckGenTargetCreate(s->comm, &s->target));
    PetscCall(PetscObjectSetOptionsPrefix((PetscObject)s->target, obj->prefix));
    PetscCall(MckGenTargetSetFromOptions(s->target));
  }
  if (s->needs_model && !s->exact_drift && !s->features) {
    PetscCall(MckGenFeaturesCreate(s->comm, &s->features));
    PetscCall(PetscObjectSetOptionsPrefix((PetscObject)s->features, obj->prefix));
    PetscCall(MckGenFeaturesSetFromOptions(s->features));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetTarget - Sets the target (instead of one made from the options).

  Logically Collective

  Input Parameters:
+ s      - the sampler (before `MckGenSamplerSetFromOptions()`)
- target - the target (referenced)

  Level: intermediate

.seealso: `MckGenTargetCreate()`
@*/
PetscErrorCode MckGenSamplerSetTarget(MckGenSampler s, MckGenTarget target)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectReference((PetscObject)target));
  PetscCall(MckGenTargetDestroy(&s->target));
  s->target = target;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetTarget - The sampler's target.

  Not Collective

  Input Parameter:
. s - the sampler

  Output Parameter:
. target - the target (not referenced)

  Level: intermediate

.seealso: `MckGenSamplerSetTarget()`
@*/
PetscErrorCode MckGenSamplerGetTarget(MckGenSampler s, MckGenTarget *target)
{
  PetscFunctionBeginUser;
  *target = s->target;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetFeatures - Sets the feature model of the learned drift (instead of one made from the options).

  Logically Collective

  Input Parameters:
+ s        - the sampler (before `MckGenSamplerSetFromOptions()`)
- features - the features (referenced)

  Level: intermediate

.seealso: `MckGenFeaturesCreate()`
@*/
PetscErrorCode MckGenSamplerSetFeatures(MckGenSampler s, MckGenFeatures features)
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectReference((PetscObject)features));
  PetscCall(MckGenFeaturesDestroy(&s->features));
  s->features = features;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetRNG - The generator of every draw of the sampler.

  Logically Collective

  Input Parameters:
+ s   - the sampler
- rng - the generator (the sampler keeps a reference); e.g. `MckRunGetRNG()`

  Level: beginner

.seealso: `MckGenSamplerSetUp()`
@*/
PetscErrorCode MckGenSamplerSetRNG(MckGenSampler s, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGReplace(&s->rng, rng));
  PetscFunctionReturn(0);
}

/* samples, log-weights and one chunk's buffers: (d + 1) doubles a sample, plus the chunk buffers */
static PetscErrorCode Allocate(MckGenSampler s)
{
  const PetscInt B = PetscMax(s->chunk, s->fit_chunk), d = s->dim;
  PetscInt       p = 0, px = 0;
  char           value[32];

  PetscFunctionBeginUser;
  if (s->features) PetscCall(MckGenFeaturesGetSizes(s->features, &p, &px, NULL));
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt64_FMT, s->N));
  PetscCall(McKeanCheckMemory(
      s->comm, McKeanOptionName((PetscObject)s, "-gen_n"), value,
      ((PetscLogDouble)(d + 1) * (s->nlocal + 8) + (PetscLogDouble)B * (2 * d + p + px + 2 * s->nout + 2 + d)) *
          sizeof(PetscReal)));
  for (PetscInt a = 0; a < d; a++) PetscCall(PetscCalloc1(s->nlocal + 8, &s->x[a]));
  PetscCall(PetscCalloc1(s->nlocal + 8, &s->logw));
  PetscCall(PetscMalloc4((size_t)B * d + 8, &s->cx, (size_t)B * (p + px + 2 * d) + (size_t)px * s->nout + 8, &s->cphi,
                         (size_t)B * 2 * (s->nout + d) + 8, &s->cout, B + 8, &s->ct));
  for (PetscInt a = 0; a < d; a++) PetscCall(PetscMalloc1(B + 8, &s->cnoise[a]));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSetUp - Sets up the target, the features, the fit, the samples' storage and the type.

  Collective

  Input Parameter:
. s - the sampler, with its generator set

  Note:
  With -help the samples are not allocated (nor their memory checked).

  Level: beginner

.seealso: `MckGenSamplerSetFromOptions()`, `MckGenSamplerInitialize()`
@*/
PetscErrorCode MckGenSamplerSetUp(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_GENSAMPLER_CLASSID, 1);
  if (s->setup) PetscFunctionReturn(0);
  PetscCheck(s->rng, s->comm, PETSC_ERR_ORDER, "MckGenSamplerSetRNG() must come before MckGenSamplerSetUp()");
  if (!((PetscObject)s)->type_name) PetscCall(MckGenSamplerSetType(s, MCKGENSAMPLER_INTERPOLANT));
  if (!s->target) PetscCall(MckGenTargetCreate(s->comm, &s->target));
  PetscCall(MckGenTargetSetUp(s->target));
  PetscCall(MckGenTargetGetDimension(s->target, &s->dim));
  s->nout = s->nout ? s->nout : s->dim;
  if (s->features) {
    PetscCall(MckGenFeaturesSetDimension(s->features, s->dim));
    PetscCall(MckGenFeaturesSetUp(s->features));
  }
  s->chunk = (PetscInt)PetscMin((PetscInt64)s->chunk, 8 * ((s->N + 7) / 8));
  PetscCall(MckStatsChunkOwnership(s->comm, s->N, s->chunk, &s->gstart, &s->nlocal, &s->nchunks));
  /* -help lists the options and runs nothing: samples meant for many nodes, checked on a login
   * node (mckean-submit), are neither allocated nor refused for their size */
  PetscCall(PetscOptionsHasHelp(((PetscObject)s)->options, &s->help));
  if (s->ops->setup) PetscCall((*s->ops->setup)(s));
  if (!s->help) PetscCall(Allocate(s));
  if (s->needs_model && !s->exact_drift) {
    PetscInt p;
    PetscCall(MckGenFeaturesGetSizes(s->features, &p, NULL, NULL));
    PetscCall(MckGenFitCreate(s->comm, p, s->nout, s->fit_lambda, s->fit_scalapack, &s->fit));
  }
  if (s->needs_model && s->exact_drift) {
    PetscBool denoise;
    PetscCall(MckGenTargetHas(s->target, NULL, NULL, &denoise, NULL));
    PetscCheck(denoise, s->comm, PETSC_ERR_USER_INPUT, "%s: target %s has no exact drift (use -target_type gmm)",
               McKeanOptionName((PetscObject)s, "-gen_exact_drift"), ((PetscObject)s->target)->type_name);
  }
  s->nsteps = s->fit_rounds + s->sample_steps;
  PetscCall(MckGenSamplerSetUpDiagnostics(s));
  s->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)s, NULL, "-gen_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerInitialize - The fresh-start state: the initial samples (the base distribution), step 0.

  Collective

  Input Parameter:
. s - the sampler

  Level: intermediate

.seealso: `MckGenSamplerStep()`
@*/
PetscErrorCode MckGenSamplerInitialize(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerSetUp(s));
  s->step      = 0;
  s->logz      = 0;
  s->ess       = 1;
  s->accept    = 0;
  s->nresample = 0;
  for (PetscInt i = 0; i < s->nlocal; i++) s->logw[i] = 0;
  PetscCall((*s->ops->initialize)(s));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerStep - One step: a fit round while fit rounds remain, else one sampling step.

  Collective

  Input Parameter:
. s - the sampler

  Level: beginner

.seealso: `MckGenSamplerSolve()`, `MckGenSamplerGetStep()`
@*/
PetscErrorCode MckGenSamplerStep(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenStep, s, 0, 0, 0));
  if (s->step < s->fit_rounds) PetscCall(MckGenSamplerFitRound(s, (PetscInt)s->step));
  else PetscCall((*s->ops->step)(s, (PetscInt)(s->step - s->fit_rounds)));
  s->step++;
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenStep, s, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerSolve - Initializes the sampler and runs every step (without a run: tests, benchmarks).

  Collective

  Input Parameter:
. s - the sampler

  Level: intermediate

.seealso: `MckGenSamplerStep()`, `MckRunSolve()`
@*/
PetscErrorCode MckGenSamplerSolve(MckGenSampler s)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerInitialize(s));
  while (s->step < s->nsteps) PetscCall(MckGenSamplerStep(s));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetStep - Steps done and the last step (fit rounds plus sampling steps).

  Not Collective

  Input Parameter:
. s - the sampler (set up)

  Output Parameters:
+ step   - steps done (may be NULL)
- nsteps - the step the run ends at (may be NULL)

  Level: intermediate

.seealso: `MckGenSamplerStep()`
@*/
PetscErrorCode MckGenSamplerGetStep(MckGenSampler s, PetscInt64 *step, PetscInt64 *nsteps)
{
  PetscFunctionBeginUser;
  if (step) *step = s->step;
  if (nsteps) *nsteps = s->nsteps;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetFitRounds - The steps that fit the drift: the first rounds steps of a solve
  (-gen_fit_rounds; 0 for a type without a learned drift or with -gen_exact_drift).

  Not Collective

  Input Parameter:
. s - the sampler (options set)

  Output Parameter:
. rounds - the fit rounds

  Level: intermediate

.seealso: `MckGenSamplerStep()`, `MckGenSamplerGetStep()`
@*/
PetscErrorCode MckGenSamplerGetFitRounds(MckGenSampler s, PetscInt *rounds)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(s, MCK_GENSAMPLER_CLASSID, 1);
  *rounds = s->fit_rounds;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetInfo - Diagnostics of the current state (replicated on every rank).

  Not Collective

  Input Parameter:
. s - the sampler

  Output Parameter:
. info - time, fit residual, ESS / N, log Z, acceptance rate, resamplings

  Level: intermediate

.seealso: `MckGenSamplerInfo`, `MckGenSamplerRecord()`
@*/
PetscErrorCode MckGenSamplerGetInfo(MckGenSampler s, MckGenSamplerInfo *info)
{
  PetscFunctionBeginUser;
  info->time         = s->time;
  info->fit_residual = s->fit && s->fit->solved ? s->fit->residual : (PetscReal)NAN;
  info->ess          = s->ess;
  info->log_z        = s->logz;
  info->accept       = s->accept;
  info->resamplings  = s->nresample;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetSamples - The local samples, structure of arrays.

  Not Collective

  Input Parameter:
. s - the sampler (set up)

  Output Parameters:
+ N      - samples on all ranks
. dim    - dimension
. nlocal - samples on this rank
. gstart - global id of the first local sample
- x      - x[a][i] (owned by s)

  Any output may be NULL.

  Level: beginner

.seealso: `MckGenSamplerGetLogWeights()`
@*/
PetscErrorCode MckGenSamplerGetSamples(MckGenSampler s, PetscInt64 *N, PetscInt *dim, PetscInt *nlocal,
                                       PetscInt64 *gstart, PetscReal *const **x)
{
  PetscFunctionBeginUser;
  if (N) *N = s->N;
  if (dim) *dim = s->dim;
  if (nlocal) *nlocal = s->nlocal;
  if (gstart) *gstart = s->gstart;
  if (x) *x = s->x;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetLogWeights - The local log-weights (smc; zero for the other types).

  Not Collective

  Input Parameter:
. s - the sampler (set up)

  Output Parameter:
. logw - nlocal values (owned by s)

  Level: intermediate

.seealso: `MckGenSamplerGetSamples()`
@*/
PetscErrorCode MckGenSamplerGetLogWeights(MckGenSampler s, PetscReal **logw)
{
  PetscFunctionBeginUser;
  *logw = s->logw;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetResampler - The resampler of an smc sampler (NULL for the other types).

  Not Collective

  Input Parameter:
. s - the sampler

  Output Parameter:
. r - the resampler (owned by s)

  Level: advanced

.seealso: `MckResamplerResample()`
@*/
PetscErrorCode MckGenSamplerGetResampler(MckGenSampler s, MckResampler *r)
{
  PetscFunctionBeginUser;
  *r = s->resampler;
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetTypeData - For types: the type's own state.

  Not Collective

  Input Parameter:
. s - the sampler

  Output Parameter:
. data - the state its constructor set

  Level: developer

.seealso: `MckGenSamplerRegister()`
@*/
PetscErrorCode MckGenSamplerGetTypeData(MckGenSampler s, void **data)
{
  PetscFunctionBeginUser;
  *data = s->data;
  PetscFunctionReturn(0);
}

/* ---- helpers of the types -------------------------------------------------------------------- */
PetscErrorCode MckGenSamplerChunkRows(MckGenSampler s, PetscInt c, PetscInt *offset, PetscInt *n, PetscInt64 *gstart)
{
  PetscFunctionBeginUser;
  *offset = c * s->chunk;
  *n      = PetscMin(s->chunk, s->nlocal - *offset);
  *gstart = s->gstart + *offset;
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerChunkPoints(MckGenSampler s, PetscInt c, PetscInt *offset, PetscInt *n, PetscInt64 *gstart,
                                        PetscReal *x[])
{
  PetscFunctionBeginUser;
  PetscCall(MckGenSamplerChunkRows(s, c, offset, n, gstart));
  for (PetscInt a = 0; a < s->dim; a++) x[a] = s->x[a] + *offset;
  PetscFunctionReturn(0);
}

/* Initial samples x = mean + std xi, xi ~ N(0, I) keyed by global id at MCK_RNG_STEP_INIT. */
PetscErrorCode MckGenSamplerDrawGaussian(MckGenSampler s, PetscReal mean, PetscReal std)
{
  PetscFunctionBeginUser;
  for (PetscInt c = 0; c < s->nchunks; c++) {
    PetscInt   off, n;
    PetscInt64 g0;
    PetscReal *x[MCK_GEN_MAX_DIM];
    PetscCall(MckGenSamplerChunkPoints(s, c, &off, &n, &g0, x));
    PetscCall(MckGenSamplerChunkNormals(s, g0, n, MCK_RNG_STEP_INIT, 0, x));
    for (PetscInt a = 0; a < s->dim; a++)
      for (PetscInt i = 0; i < n; i++) x[a][i] = mean + std * x[a][i];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenSamplerChunkNormals(MckGenSampler s, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                         PetscInt draw0, PetscReal *const out[])
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGNormals(s->rng, gstart, n, step, draw0, s->dim, out));
  PetscFunctionReturn(0);
}

/* The exact model of a Gaussian path through the target: with m = E[x1 | x_t = x],
 * eta = (x - beta m) / sigma and b = beta' m + (alpha' alpha + gamma' gamma) / sigma eta. */
static PetscErrorCode ExactModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[], PetscReal out[])
{
  const PetscInt   d = s->dim, q = s->nout;
  MckGenPathCoeffs c;
  PetscReal       *xs[MCK_GEN_MAX_DIM], *ms[MCK_GEN_MAX_DIM], *buf = s->cphi;

  PetscFunctionBeginUser;
  MckGenPathEval(&s->path, t, &c);
  for (PetscInt a = 0; a < d; a++) {
    xs[a] = buf + (size_t)a * n;
    ms[a] = buf + (size_t)(d + a) * n;
    for (PetscInt i = 0; i < n; i++) xs[a][i] = X[(size_t)i * d + a];
  }
  PetscCall(MckGenTargetDenoise(s->target, c.beta, c.sigma, n, (const PetscReal *const *)xs, ms));
  for (PetscInt i = 0; i < n; i++)
    for (PetscInt a = 0; a < d; a++) {
      /* at sigma = 0 (t = 1 of an interpolant) eta and its term vanish: their limits */
      const PetscReal eta            = c.sigma > 0 ? (xs[a][i] - c.beta * ms[a][i]) / c.sigma : 0;
      out[(size_t)i * q + q - d + a] = eta;
      if (q == 2 * d)
        out[(size_t)i * q + a] =
            c.dbeta * ms[a][i] + (c.sigma > 0 ? (c.dalpha * c.alpha + c.dgamma * c.gamma) / c.sigma * eta : 0);
    }
  PetscFunctionReturn(0);
}

/* out = Psi(X) C(t), C(t) = sum_k T_k(t) C_k: the time basis applied to the coefficients once
 * (t is common to the n points), then one DGEMM with the space features. */
PetscErrorCode MckGenSamplerModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[], PetscReal out[])
{
  PetscInt  p, px, nt, q = s->nout;
  PetscReal T[256], *Ct, *Psi = s->cphi;

  PetscFunctionBeginUser;
  if (s->exact_drift) {
    PetscCall(ExactModel(s, t, n, X, out));
    PetscFunctionReturn(0);
  }
  PetscCheck(s->fit && s->fit->solved, s->comm, PETSC_ERR_ORDER, "the drift is not fitted yet");
  PetscCall(MckGenFeaturesGetSizes(s->features, &p, &px, &nt));
  PetscCall(MckGenFeaturesTimeBasis(s->features, t, T));
  Ct = s->cphi + (size_t)s->chunk * px; /* px x q, column-major */
  for (PetscInt k = 0; k < q; k++)
    for (PetscInt j = 0; j < px; j++) {
      PetscReal v = 0;
      for (PetscInt l = 0; l < nt; l++) v += T[l] * s->fit->C[(size_t)k * p + l * px + j];
      Ct[(size_t)k * px + j] = v;
    }
  PetscCall(MckGenFeaturesSpace(s->features, n, X, Psi));
  {
    const PetscBLASInt PX = (PetscBLASInt)px, Q = (PetscBLASInt)q, N = (PetscBLASInt)n;
    const PetscReal    one = 1, zero = 0;
    if (n) BLASgemm_("T", "N", &Q, &N, &PX, &one, Ct, &PX, Psi, &PX, &zero, out, &Q);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerEvaluateModel - The learned (or exact) model at time t for n points.

  Not Collective

  Input Parameters:
+ s - the sampler (fitted, or with -gen_exact_drift)
. t - the time of the path
. n - the number of points, at most the chunk size
- X - the points, row-major n x dim

  Output Parameters:
+ nout - outputs per point: 2 dim (velocity, then denoiser) for interpolants, dim (denoiser) otherwise
- out  - row-major n x nout

  Level: advanced

.seealso: `MckGenSamplerStep()`
@*/
PetscErrorCode MckGenSamplerEvaluateModel(MckGenSampler s, PetscReal t, PetscInt n, const PetscReal X[], PetscInt *nout,
                                          PetscReal out[])
{
  PetscFunctionBeginUser;
  PetscCheck(n <= s->chunk, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "at most %" PetscInt_FMT " points (the chunk size), got %" PetscInt_FMT, s->chunk, n);
  /* the model of a non-finite input is NaN, returned as if it were a value */
  PetscCheck(!PetscIsInfOrNanReal(t), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "MckGenSamplerEvaluateModel: t %g must be a finite time", (double)t);
  for (PetscInt i = 0; i < n * s->dim; i++)
    PetscCheck(!PetscIsInfOrNanReal(X[i]), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "MckGenSamplerEvaluateModel: X[%" PetscInt_FMT ", %" PetscInt_FMT "] %g: the points must be finite",
               i / s->dim, i % s->dim, (double)X[i]);
  if (nout) *nout = s->nout;
  PetscCall(MckGenSamplerModel(s, t, n, X, out));
  PetscFunctionReturn(0);
}

/* n points of the path with global ids g0.. at step: x1 from the target, x0 and z normals, t
 * uniform on the path's range; rows x_t in s->cx, times in s->ct, regression targets in s->cout:
 * y = (alpha' x0 + beta' x1 + gamma' z, eta) or eta alone, eta = (alpha x0 + gamma z) / sigma. */
static PetscErrorCode PathChunk(MckGenSampler s, PetscInt64 step, PetscInt64 g0, PetscInt n)
{
  const PetscInt  d = s->dim, q = s->nout;
  const PetscBool diffusion = (PetscBool)(s->path.kind == MCK_GEN_PATH_VP || s->path.kind == MCK_GEN_PATH_VE);
  const PetscReal t0 = diffusion ? s->t_min : 0, t1 = 1;
  PetscReal      *x1[MCK_GEN_MAX_DIM], *x0[MCK_GEN_MAX_DIM], *z[MCK_GEN_MAX_DIM], *u[1] = {s->ct}, *Y = s->cout;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < d; a++) {
    x1[a] = s->cnoise[a];
    x0[a] = s->cout + (size_t)n * (q + a);
    z[a]  = s->cout + (size_t)n * (q + d + a);
  }
  PetscCall(MckGenTargetSample(s->target, s->rng, g0, n, step, x1));
  PetscCall(MckRNGNormals(s->rng, g0, n, step, MCK_GEN_DRAW_X0, d, x0));
  PetscCall(MckRNGNormals(s->rng, g0, n, step, MCK_GEN_DRAW_Z, d, z));
  PetscCall(MckRNGUniforms(s->rng, g0, n, step, MCK_GEN_DRAW_T, 1, u));
  for (PetscInt i = 0; i < n; i++) {
    MckGenPathCoeffs c;
    const PetscReal  t = t0 + (t1 - t0) * u[0][i];
    MckGenPathEval(&s->path, t, &c);
    s->ct[i] = t;
    for (PetscInt a = 0; a < d; a++) {
      const PetscReal g = x0[a][i], zz = x1[a][i], w = z[a][i];
      s->cx[(size_t)i * d + a]     = c.alpha * g + c.beta * zz + c.gamma * w;
      Y[(size_t)i * q + q - d + a] = (c.alpha * g + c.gamma * w) / c.sigma;
      if (q == 2 * d) Y[(size_t)i * q + a] = c.dalpha * g + c.dbeta * zz + c.dgamma * w;
    }
  }
  PetscFunctionReturn(0);
}

/* Phi (n x p) of the chunk's path points in s->cphi, after the space features' workspace. */
static PetscErrorCode PathFeatures(MckGenSampler s, PetscInt n, PetscReal **Phi)
{
  PetscInt px;

  PetscFunctionBeginUser;
  PetscCall(MckGenFeaturesGetSizes(s->features, NULL, &px, NULL));
  *Phi = s->cphi + (size_t)s->fit_chunk * px;
  PetscCall(MckGenFeaturesEvaluate(s->features, n, s->ct, s->cx, s->cphi, *Phi));
  PetscFunctionReturn(0);
}

static PetscErrorCode TrainingChunk(MckGenSampler s, PetscInt round, PetscInt64 g0, PetscInt n)
{
  PetscReal *Phi = NULL;

  PetscFunctionBeginUser;
  PetscCall(PathChunk(s, MCK_GEN_STEP_TRAIN(round), g0, n));
  PetscCall(PathFeatures(s, n, &Phi));
  PetscCall(MckGenFitAddChunk(s->fit, n, Phi, s->cout));
  PetscFunctionReturn(0);
}

/* One round: -gen_fit_samples fresh training samples (global ids 0.., chunk-aligned over the
 * ranks), their normal equations added exactly (one reduction), the system solved. */
PetscErrorCode MckGenSamplerFitRound(MckGenSampler s, PetscInt round)
{
  PetscInt64 g0;
  PetscInt   nloc, nch;

  PetscFunctionBeginUser;
  PetscCall(MckStatsChunkOwnership(s->comm, s->fit_samples, s->fit_chunk, &g0, &nloc, &nch));
  PetscCall(MckGenFitZero(s->fit));
  for (PetscInt c = 0; c < nch; c++) {
    const PetscInt n = PetscMin(s->fit_chunk, nloc - c * s->fit_chunk);
    PetscCall(TrainingChunk(s, round, g0 + (PetscInt64)c * s->fit_chunk, n));
  }
  PetscCall(MckGenFitReduce(s->fit));
  PetscCall(MckGenFitSolve(s->fit));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerGetModelError - The relative L2 errors of the fitted velocity and denoiser against
  the target's exact ones, over M fresh points of the path drawn as the training samples are.

  Collective (one reproducible reduction)

  Input Parameters:
+ s - the sampler, fitted, with a target that has an exact denoiser (gmm)
- M - the number of points (global ids 0 .. M-1 at a counter step of their own)

  Output Parameters:
+ velocity - sqrt(sum |b_fit - b|^2 / sum |b|^2) (interpolants; NaN for diffusions)
- denoiser - the same for eta = E[zeta | x_t]

  Level: advanced

.seealso: `MckGenSamplerEvaluateModel()`, `MckGenTargetDenoise()`
@*/
PetscErrorCode MckGenSamplerGetModelError(MckGenSampler s, PetscInt64 M, PetscReal *velocity, PetscReal *denoiser)
{
  const PetscInt   d = s->dim, q = s->nout;
  PetscInt64       g0;
  PetscInt         nloc, nch, off;
  MckStats         st;
  PetscReal        exact[2 * MCK_GEN_MAX_DIM], *Phi = NULL;
  const PetscReal *sums;
  PetscBool        has;

  PetscFunctionBeginUser;
  PetscCheck(s->fit && s->fit->solved, s->comm, PETSC_ERR_ORDER,
             "the model error needs a fitted drift (after the fit rounds, without -gen_exact_drift)");
  PetscCall(MckGenTargetHas(s->target, NULL, NULL, &has, NULL));
  PetscCheck(has, s->comm, PETSC_ERR_SUP, "target %s has no exact drift to compare with",
             ((PetscObject)s->target)->type_name);
  PetscCall(MckStatsCreate(s->comm, &st));
  PetscCall(MckStatsRegister(st, "model_error", 4, &off));
  PetscCall(MckStatsSetUp(st));
  PetscCall(MckStatsChunkOwnership(s->comm, M, s->fit_chunk, &g0, &nloc, &nch));
  for (PetscInt c = 0; c < nch; c++) {
    const PetscInt n       = PetscMin(s->fit_chunk, nloc - c * s->fit_chunk);
    PetscReal      part[4] = {0, 0, 0, 0};
    PetscCall(PathChunk(s, MCK_GEN_STEP_METRIC - 1, g0 + (PetscInt64)c * s->fit_chunk, n));
    PetscCall(PathFeatures(s, n, &Phi));
    PetscCall(MckGenFitApply(s->fit, n, Phi, s->cout));
    for (PetscInt i = 0; i < n; i++) {
      PetscCall(ExactModel(s, s->ct[i], 1, s->cx + (size_t)i * d, exact)); /* at the point's own t */
      for (PetscInt k = 0; k < q; k++) {
        const PetscReal e = s->cout[(size_t)i * q + k] - exact[k];
        const PetscInt  w = k < q - d ? 0 : 2;
        part[w] += e * e;
        part[w + 1] += exact[k] * exact[k];
      }
    }
    PetscCall(MckStatsAdd(st, off, 4, part));
  }
  PetscCall(MckStatsReduce(st));
  PetscCall(MckStatsGetSums(st, &sums));
  if (velocity) *velocity = q == 2 * d ? PetscSqrtReal(sums[off] / sums[off + 1]) : (PetscReal)NAN;
  if (denoiser) *denoiser = PetscSqrtReal(sums[off + 2] / sums[off + 3]);
  PetscCall(MckStatsDestroy(&st));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerView - Prints the sampler, its target and features.

  Collective

  Input Parameters:
+ s      - the sampler
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -gen_view - view at set-up

  Level: intermediate

.seealso: `MckGenSamplerSetUp()`
@*/
PetscErrorCode MckGenSamplerView(MckGenSampler s, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanObjectViewBegin((PetscObject)s, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "  %" PetscInt64_FMT " samples in %" PetscInt_FMT "D, chunks of %" PetscInt_FMT "; %" PetscInt_FMT
      " fit rounds of %" PetscInt64_FMT " samples, %" PetscInt_FMT " sampling steps%s\n",
      s->N, s->dim, s->chunk, s->fit_rounds, s->fit_samples, s->sample_steps, s->exact_drift ? ", exact drift" : ""));
  if (s->ops->view) PetscCall((*s->ops->view)(s, viewer));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  if (s->target) PetscCall(MckGenTargetView(s->target, viewer));
  if (s->features) PetscCall(MckGenFeaturesView(s->features, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerDestroy - Drops a reference to the sampler, freeing it with the last.

  Collective

  Input Parameter:
. s - the sampler

  Level: beginner

.seealso: `MckGenSamplerCreate()`
@*/
PetscErrorCode MckGenSamplerDestroy(MckGenSampler *s)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)s, MCK_GENSAMPLER_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*s)->ops->destroy) PetscCall((*(*s)->ops->destroy)(*s));
  PetscCall(MckGenTargetDestroy(&(*s)->target));
  PetscCall(MckGenFeaturesDestroy(&(*s)->features));
  PetscCall(MckResamplerDestroy(&(*s)->resampler));
  PetscCall(MckGenFitDestroy(&(*s)->fit));
  PetscCall(MckStatsDestroy(&(*s)->diag));
  for (PetscInt a = 0; a < MCK_GEN_MAX_DIM; a++) {
    PetscCall(PetscFree((*s)->x[a]));
    PetscCall(PetscFree((*s)->cnoise[a]));
  }
  PetscCall(PetscFree((*s)->logw));
  PetscCall(PetscFree4((*s)->cx, (*s)->cphi, (*s)->cout, (*s)->ct));
  PetscCall(MckRNGDestroy(&(*s)->rng));
  PetscCall(PetscHeaderDestroy(s));
  PetscFunctionReturn(0);
}
