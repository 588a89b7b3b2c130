/* Inverse model "mckean_vlasov": the interaction strength J and temperature T of a McKean-Vlasov
 * particle system, observed through smoothed densities at sensors.
 *
 *   theta(u) = (J, T) = (J_0 exp(s_J u_0), T_0 exp(s_T u_1)),    u ~ N(0, I) (whitened prior),
 * i.e. a log-normal prior with medians (J_0, T_0) = -mv_prior_median and log-standard
 * deviations (s_J, s_T) = -mv_prior_log_std. G(u) runs N Langevin particles (-particles_*,
 * -lgv_*, the fourier_meanfield drift with kernel -mf_*; its strength and the temperature
 * replaced by theta) from their initial law to each time of -mv_obs_times and records the
 * sensors' smoothed density there (MckSensors, -sensors_*): ndata = ntimes x nsensors.
 *
 * Every evaluation restarts the particles from the same initial positions and uses the same
 * noise (particle id, step) whatever theta is: common random numbers, so G is a smooth,
 * deterministic function of u and differences between members are not sampling noise. The
 * particle system lives on the member communicator (its particles split over the member's
 * ranks), its statistics are exact sums, so G(u) is bitwise the same for any layout. */
#include "modelimpl.h"
#include <mckean/mckfield.h>
#include <mckean/mcklangevin.h>
#include <mckean/mcksensors.h>
#include <math.h>

#define MV_MAX_TIMES 64

typedef struct {
  PetscReal    median[2], log_std[2];
  PetscInt     ntimes;
  PetscReal    times[MV_MAX_TIMES];
  PetscInt64   steps[MV_MAX_TIMES]; /* Langevin step of each observation time */
  PetscInt     seed, nsensors;
  MckParticles p;
  MckLangevin  lgv;
  MckDrift     interaction;
  PetscReal    configured[2]; /* (J, T) of the options, restored after each evaluation */
  MckRNG       rng;
  MckKernel    kernel; /* the interaction's kernel family (-mf_*), for the PDE counterpart */
  MckSensors   sensors;
  PetscReal   *values;
  VecScatter   gather; /* u (possibly distributed) to every rank of the member */
  Vec          uall;
} MV;

/* J and T are what the model infers: options that would fix them are refused, so a deck can
 * never silently run with a value each member then overwrites. */
static PetscErrorCode RefuseInferredOptions(MckModel m)
{
  const char *const inferred[] = {"-mf_strength", "-lgv_temperature"};
  const char       *prefix;
  char              value[256];
  PetscBool         set;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)m, &prefix));
  for (size_t i = 0; i < sizeof(inferred) / sizeof(inferred[0]); i++) {
    PetscCall(PetscOptionsGetString(NULL, prefix, inferred[i], value, sizeof(value), &set));
    PetscCheck(
        !set, m->comm, PETSC_ERR_USER_INPUT,
        "%s%s%s: the mckean_vlasov model sets each member's interaction strength and temperature from its parameter (prior %s, %s); remove it",
        McKeanOptionName((PetscObject)m, inferred[i]), value[0] ? " " : "", value,
        McKeanOptionName((PetscObject)m, "-mv_prior_median"), McKeanOptionName((PetscObject)m, "-mv_prior_log_std"));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckPrior(MckModel m, PetscOptionItems *PetscOptionsObject, const MV *mv)
{
  PetscFunctionBeginUser;
  PetscCheck(mv->ntimes >= 1, m->comm, PETSC_ERR_USER_INPUT, "%s: give at least one time", MckOptName("-mv_obs_times"));
  for (PetscInt k = 0; k < mv->ntimes; k++) {
    PetscCheck(mv->times[k] > (k ? mv->times[k - 1] : 0), m->comm, PETSC_ERR_USER_INPUT,
               "%s: %g after %g; the times must be positive and increasing", MckOptName("-mv_obs_times"),
               (double)mv->times[k], (double)(k ? mv->times[k - 1] : 0));
  }
  PetscFunctionReturn(0);
}

/* The particles, their dynamics and the sensors, from the same options as mckean-langevin (with
 * the model's prefix). */
static PetscErrorCode CreateParticleSystem(MckModel m, MV *mv)
{
  const char      *prefix;
  PetscInt         dim;
  PetscBool        periodic;
  const PetscReal *L;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)m, &prefix));
  PetscCall(MckRNGCreate(m->comm, &mv->rng));
  PetscCall(MckRNGSetSeed(mv->rng, mv->seed));
  PetscCall(MckParticlesCreate(m->comm, &mv->p));
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)mv->p, prefix));
  PetscCall(MckParticlesSetFromOptions(mv->p));
  PetscCall(MckLangevinCreate(mv->p, &mv->lgv));
  PetscCall(MckLangevinSetOptionsPrefix(mv->lgv, prefix));
  PetscCall(MckLangevinSetFromOptions(mv->lgv));
  PetscCall(MckLangevinSetRNG(mv->lgv, mv->rng));
  PetscCall(MckLangevinGetDrift(mv->lgv, "fourier_meanfield", &mv->interaction));
  PetscCheck(mv->interaction, m->comm, PETSC_ERR_USER_INPUT,
             "%s mckean_vlasov infers the strength of the fourier_meanfield interaction: add it to %s",
             McKeanOptionName((PetscObject)m, "-model_type"), McKeanOptionName((PetscObject)m, "-lgv_drifts"));
  PetscCall(MckKernelSetDefaults(&mv->kernel));
  PetscCall(MckKernelSetFromOptions(m->comm, prefix, &mv->kernel));
  PetscCall(MckParticlesGetSizes(mv->p, NULL, &dim, NULL, NULL));
  PetscCall(MckParticlesGetBox(mv->p, &periodic, &L));
  PetscCall(MckSensorsCreate(m->comm, &mv->sensors));
  PetscCall(MckSensorsSetBox(mv->sensors, dim, L));
  PetscCall(MckSensorsSetFromOptions(mv->sensors));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_MV(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  MV       *mv = (MV *)m->data;
  PetscInt  n2 = 2, nt = MV_MAX_TIMES;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(RefuseInferredOptions(m));
  PetscCall(MckOptionsRealArray("-mv_prior_median",
                                "McKean-Vlasov model: prior medians of the interaction strength J and temperature T",
                                mv->median, &n2, &set));
  PetscCall(McKeanCheckPositivePair(m->comm, MckOptName("-mv_prior_median"), "J, T", set, n2, mv->median));
  n2 = 2;
  PetscCall(MckOptionsRealArray("-mv_prior_log_std",
                                "McKean-Vlasov model: prior standard deviations of log J and log T", mv->log_std, &n2,
                                &set));
  PetscCall(McKeanCheckPositivePair(m->comm, MckOptName("-mv_prior_log_std"), "log J, log T", set, n2, mv->log_std));
  PetscCall(MckOptionsRealArray("-mv_obs_times",
                                "McKean-Vlasov model: observation times (increasing, multiples of -lgv_dt)", mv->times,
                                &nt, &set));
  if (set) mv->ntimes = nt;
  PetscCall(MckOptionsInt(
      "-mv_seed", "McKean-Vlasov model: seed of the particles' initial positions and noise (shared by all members)",
      mv->seed, &mv->seed, NULL));
  PetscCall(CheckPrior(m, PetscOptionsObject, mv));
  PetscCall(CreateParticleSystem(m, mv));
  PetscFunctionReturn(0);
}

/* Observation times as Langevin steps: each must be a whole number of -lgv_dt. */
static PetscErrorCode ObservationSteps(MckModel m, MV *mv)
{
  PetscReal dt;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetParameters(mv->lgv, &dt, NULL, NULL));
  for (PetscInt k = 0; k < mv->ntimes; k++) {
    const PetscReal s = mv->times[k] / dt;
    mv->steps[k]      = (PetscInt64)llround(s);
    PetscCheck(PetscAbsReal(s - (PetscReal)mv->steps[k]) < 1e-9 * PetscMax(1, s), m->comm, PETSC_ERR_USER_INPUT,
               "%s %g is not a multiple of %s %g", McKeanOptionName((PetscObject)m, "-mv_obs_times"),
               (double)mv->times[k], McKeanOptionName((PetscObject)m, "-lgv_dt"), (double)dt);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_MV(MckModel m)
{
  MV *mv = (MV *)m->data;
  Vec u;

  PetscFunctionBeginUser;
  PetscCheck(
      mv->lgv, m->comm, PETSC_ERR_ORDER,
      "%s mckean_vlasov: call MckModelSetFromOptions() before MckModelSetUp() (the particle system is built from options)",
      McKeanOptionName((PetscObject)m, "-model_type"));
  PetscCall(MckParticlesSetMemoryComm(mv->p, m->memcomm)); /* the members' systems are set up together */
  PetscCall(MckParticlesSetUp(mv->p));
  PetscCall(MckLangevinSetUp(mv->lgv));
  PetscCall(MckDriftFourierMeanFieldGetStrength(mv->interaction, &mv->configured[0]));
  PetscCall(MckLangevinGetTemperature(mv->lgv, 0, &mv->configured[1]));
  PetscCall(ObservationSteps(m, mv));
  PetscCall(MckSensorsSetUp(mv->sensors));
  PetscCall(MckSensorsGetPoints(mv->sensors, &mv->nsensors, NULL, NULL));
  PetscCall(PetscMalloc1(mv->nsensors * mv->ntimes, &mv->values));
  m->n     = 2;
  m->ndata = mv->nsensors * mv->ntimes;
  PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->n, &u));
  PetscCall(VecScatterCreateToAll(u, &mv->gather, &mv->uall));
  PetscCall(VecDestroy(&u));
  PetscFunctionReturn(0);
}

static PetscErrorCode MVGetParameters_MV(MckModel m, const PetscReal u[], PetscReal theta[])
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < 2; i++) theta[i] = mv->median[i] * PetscExpReal(mv->log_std[i] * u[i]);
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVGetParameters - The physical parameter theta = (J, T) of a whitened parameter u of
  the mckean_vlasov model: theta_i = median_i exp(log_std_i u_i) (a log-normal prior).

  Not Collective

  Input Parameters:
+ m - a mckean_vlasov model
- u - the whitened parameter (length 2)

  Output Parameter:
. theta - (J, T): interaction strength and temperature

  Level: intermediate

.seealso: `MckModelMVGetLogPrior()`, `MckModelMVGetLogMoments()`
@*/
PetscErrorCode MckModelMVGetParameters(MckModel m, const PetscReal u[], PetscReal theta[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVGetParameters_C", (MckModel, const PetscReal[], PetscReal[]), (m, u, theta));
  PetscFunctionReturn(0);
}

static PetscErrorCode MVGetLogPrior_MV(MckModel m, PetscReal log_median[], PetscReal log_std[])
{
  const PetscReal zero[2] = {0, 0}, one[2] = {1, 1};
  PetscReal       median[2], shifted[2];

  PetscFunctionBeginUser;
  PetscCall(MVGetParameters_MV(m, zero, median));
  PetscCall(MVGetParameters_MV(m, one, shifted));
  for (PetscInt i = 0; i < 2; i++) {
    log_median[i] = PetscLogReal(median[i]);
    log_std[i]    = PetscLogReal(shifted[i]) - log_median[i];
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVGetLogPrior - The prior of log theta of the mckean_vlasov model:
  N(log median, log_std^2) per component, as the model evaluates it (log theta(0) and
  log theta(1) - log theta(0)).

  Not Collective

  Input Parameter:
. m - a mckean_vlasov model

  Output Parameters:
+ log_median - the prior means of log J and log T
- log_std    - their prior standard deviations

  Level: intermediate

.seealso: `MckModelMVGetLogMoments()`, `MckModelMVGetParameters()`
@*/
PetscErrorCode MckModelMVGetLogPrior(MckModel m, PetscReal log_median[], PetscReal log_std[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVGetLogPrior_C", (MckModel, PetscReal[], PetscReal[]), (m, log_median, log_std));
  PetscFunctionReturn(0);
}

static PetscErrorCode MVGetLogMoments_MV(MckModel m, const PetscReal umean[], const PetscReal ucov[], PetscReal mean[],
                                         PetscReal sd[])
{
  PetscReal log_median[2], log_std[2];

  PetscFunctionBeginUser;
  PetscCall(MVGetLogPrior_MV(m, log_median, log_std));
  for (PetscInt i = 0; i < 2; i++) {
    mean[i] = log_median[i] + log_std[i] * umean[i];
    sd[i]   = log_std[i] * PetscSqrtReal(ucov[3 * i]);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVGetLogMoments - The mean and standard deviation of log theta from the mean and
  covariance of u: log theta is a linear image of u, so they follow exactly.

  Not Collective

  Input Parameters:
+ m     - a mckean_vlasov model
. umean - mean of u (length 2)
- ucov  - covariance of u (2 x 2, row-major)

  Output Parameters:
+ mean - means of log J and log T
- sd   - their standard deviations

  Level: intermediate

.seealso: `MckModelMVGetLogPrior()`, `MckEnsembleGetMean()`, `MckEnsembleGetCovariance()`
@*/
PetscErrorCode MckModelMVGetLogMoments(MckModel m, const PetscReal umean[], const PetscReal ucov[], PetscReal mean[],
                                       PetscReal sd[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVGetLogMoments_C",
                 (MckModel, const PetscReal[], const PetscReal[], PetscReal[], PetscReal[]),
                 (m, umean, ucov, mean, sd));
  PetscFunctionReturn(0);
}

static PetscErrorCode MVGetObservations_MV(MckModel m, PetscInt *ntimes, const PetscReal **times, MckSensors *sensors)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelMVGetObservations"));
  if (ntimes) *ntimes = mv->ntimes;
  if (times) *times = mv->times;
  if (sensors) *sensors = mv->sensors;
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVGetObservations - The observation design of the mckean_vlasov model: the times
  and the sensors that define G, so that a reference solution (e.g. the Fokker-Planck PDE) can
  be observed the same way.

  Not Collective

  Input Parameter:
. m - a mckean_vlasov model, set up

  Output Parameters:
+ ntimes  - the number of observation times (may be NULL)
. times   - the times (owned by the model; may be NULL)
- sensors - the sensors (owned by the model, on its communicator; may be NULL)

  Level: intermediate

.seealso: `MckModelForward()`, `MckSensorsMeasureGrid()`
@*/
PetscErrorCode MckModelMVGetObservations(MckModel m, PetscInt *ntimes, const PetscReal **times, MckSensors *sensors)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVGetObservations_C", (MckModel, PetscInt *, const PetscReal **, MckSensors *),
                 (m, ntimes, times, sensors));
  PetscFunctionReturn(0);
}

/* theta sets the PDE's temperature and interaction: its own options for them are refused. */
static PetscErrorCode RefuseFokkerPlanckOptions(MPI_Comm comm)
{
  const char *const set_by_theta[] = {"-fp_temperature", "-fp_interaction"};
  char              value[256];
  PetscBool         set;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(set_by_theta) / sizeof(set_by_theta[0]); i++) {
    PetscCall(PetscOptionsGetString(NULL, NULL, set_by_theta[i], value, sizeof(value), &set));
    PetscCheck(
        !set, comm, PETSC_ERR_USER_INPUT,
        "%s%s%s: the Fokker-Planck counterpart of the mckean_vlasov model takes its temperature and interaction from theta; remove it",
        set_by_theta[i], value[0] ? " " : "", value);
  }
  PetscFunctionReturn(0);
}

/* The members' PDE counterpart is the Fokker-Planck equation; -field_type may only say so. */
static PetscErrorCode RefuseOtherFieldType(MckField f)
{
  PetscBool   fp;
  const char *type;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectTypeCompare((PetscObject)f, MCKFIELD_FOKKER_PLANCK, &fp));
  PetscCall(PetscObjectGetType((PetscObject)f, &type));
  PetscCheck(fp, PetscObjectComm((PetscObject)f), PETSC_ERR_USER_INPUT,
             "%s %s: the McKean-Vlasov model's PDE counterpart is the Fokker-Planck equation; allowed: %s",
             McKeanOptionName((PetscObject)f, "-field_type"), type, MCKFIELD_FOKKER_PLANCK);
  PetscFunctionReturn(0);
}

static PetscErrorCode MVCreateFokkerPlanck_MV(MckModel m, MPI_Comm comm, MckGrid grid, const PetscReal theta[],
                                              MckField *f)
{
  MckKernel W = ((MV *)m->data)->kernel;

  PetscFunctionBeginUser;
  PetscCall(RefuseFokkerPlanckOptions(comm));
  W.strength = theta[0];
  PetscCall(MckFieldCreate(comm, f));
  PetscCall(MckFieldSetGrid(*f, grid));
  PetscCall(MckFieldSetType(*f, MCKFIELD_FOKKER_PLANCK));
  PetscCall(MckFieldSetFromOptions(*f));
  PetscCall(RefuseOtherFieldType(*f));
  PetscCall(MckFieldFPSetKernel(*f, &W));
  PetscCall(MckFieldFPSetTemperature(*f, theta[1]));
  PetscCall(MckFieldSetUp(*f));
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVCreateFokkerPlanck - The PDE counterpart of the mckean_vlasov model at theta: the
  nonlocal Fokker-Planck equation of the particles' law (a fokker_planck `MckField`) with the
  model's kernel family (-mf_*) at strength J and temperature T, e.g. a truth for the model's
  data or the prediction of an estimate. -fp_temperature and -fp_interaction are refused: theta
  sets them.

  Collective

  Input Parameters:
+ m     - a mckean_vlasov model
. comm  - the field's communicator (that of grid)
. grid  - the grid
- theta - (J, T)

  Output Parameter:
. f - the field, set up with its initial condition (-field_init*, -ts_*)

  Level: intermediate

.seealso: `MckModelMVGetObservations()`, `MckFieldSolve()`, `MckSensorsMeasureGrid()`
@*/
PetscErrorCode MckModelMVCreateFokkerPlanck(MckModel m, MPI_Comm comm, MckGrid grid, const PetscReal theta[],
                                            MckField *f)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVCreateFokkerPlanck_C", (MckModel, MPI_Comm, MckGrid, const PetscReal[], MckField *),
                 (m, comm, grid, theta, f));
  PetscFunctionReturn(0);
}

static PetscErrorCode MVObserveField_MV(MckModel m, MckField f, MckSensors sensors, PetscReal values[],
                                        MckModelMVFieldMonitorFn monitor, void *ctx)
{
  MV      *mv = (MV *)m->data;
  MckGrid  grid;
  Vec      rho;
  PetscInt ns;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetGrid(f, &grid));
  PetscCall(MckFieldGetSolution(f, &rho));
  PetscCall(MckSensorsGetPoints(sensors, &ns, NULL, NULL));
  for (PetscInt k = 0; k < mv->ntimes; k++) {
    PetscCall(MckFieldSolve(f, mv->times[k]));
    PetscCall(MckSensorsMeasureGrid(sensors, grid, rho, values + k * ns));
    if (monitor) PetscCall((*monitor)(k, mv->times[k], rho, ctx));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVObserveField - Observes a density field the way the mckean_vlasov model observes
  its particles: advances it to each observation time (-mv_obs_times) and measures it with
  sensors of the same design (-sensors_*).

  Collective on the field's communicator

  Input Parameters:
+ m       - a mckean_vlasov model, set up
. f       - the field at time 0 (e.g. from `MckModelMVCreateFokkerPlanck()`)
. sensors - sensors on the field's communicator, set up from the same options as the model's
. monitor - called after each observation time with the density (e.g. to write a snapshot), or NULL
- ctx     - its context

  Output Parameter:
. values - ntimes x nsensors readings, time-major (replicated on the field's communicator)

  Level: intermediate

.seealso: `MckModelMVCreateFokkerPlanck()`, `MckModelMVGetObservations()`, `MckSensorsMeasureGrid()`
@*/
PetscErrorCode MckModelMVObserveField(MckModel m, MckField f, MckSensors sensors, PetscReal values[],
                                      MckModelMVFieldMonitorFn monitor, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelMVObserveField_C",
                 (MckModel, MckField, MckSensors, PetscReal[], MckModelMVFieldMonitorFn, void *),
                 (m, f, sensors, values, monitor, ctx));
  PetscFunctionReturn(0);
}

typedef struct {
  PetscInt   n;
  PetscReal *density;
} Rows;

static PetscErrorCode CopyDensity(PetscInt k, PetscReal t, Vec rho, void *ctx)
{
  Rows            *rows = (Rows *)ctx;
  const PetscReal *r;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(VecGetArrayRead(rho, &r));
  PetscCall(PetscArraycpy(rows->density + k * rows->n, r, rows->n));
  PetscCall(VecRestoreArrayRead(rho, &r));
  PetscFunctionReturn(0);
}

/* The PDE counterpart is observed by sensors laid out on the grid's box: it must be the
 * particles' box, or the two would not measure the same thing (nor give the same count). */
static PetscErrorCode CheckSameBox(MckModel m, PetscInt gdim, const PetscReal gL[])
{
  MV              *mv = (MV *)m->data;
  PetscInt         dim;
  PetscBool        periodic;
  const PetscReal *L;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(mv->p, NULL, &dim, NULL, NULL));
  PetscCall(MckParticlesGetBox(mv->p, &periodic, &L));
  PetscCheck(
      gdim == dim, m->comm, PETSC_ERR_USER_INPUT,
      "-grid_dim %" PetscInt_FMT
      ": the Fokker-Planck counterpart of the mckean_vlasov model needs the particles' dimension, %s %" PetscInt_FMT,
      gdim, McKeanOptionName((PetscObject)m, "-particles_dim"), dim);
  for (PetscInt a = 0; a < dim; a++) {
    PetscCheck(periodic && PetscAbsReal(gL[a] - L[a]) <= 1e-12 * L[a], m->comm, PETSC_ERR_USER_INPUT,
               "-grid_L %g: the Fokker-Planck counterpart of the mckean_vlasov model needs the particles' box, %s %g",
               (double)gL[a], McKeanOptionName((PetscObject)m, "-particles_box"), periodic ? (double)L[a] : 0.0);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckModelMVReferenceData - The data of the mckean_vlasov model's PDE counterpart at theta: the
  Fokker-Planck field on a grid (`MckModelMVCreateFokkerPlanck()`), observed at the model's times
  by sensors made from the model's options (`MckModelMVObserveField()`); a reference, or a truth
  for a twin experiment, that the particle members are compared with.

  Collective on the grid's communicator

  Input Parameters:
+ m     - a mckean_vlasov model, set up
. grid  - the grid, set up, on the particles' box (-grid_dim, -grid_L as -particles_dim, -particles_box;
          on PETSC_COMM_SELF the density below is the whole field)
- theta - (J, T)

  Output Parameters:
+ values  - ntimes x nsensors readings, time-major
- density - this rank's part of the density at each observation time, time-major, in an array
            the function allocates when *density is NULL (free it with PetscFree()); may be NULL

  Level: intermediate

.seealso: `MckModelMVCreateFokkerPlanck()`, `MckModelMVObserveField()`, `MckTwinSetTruthFunction()`
@*/
PetscErrorCode MckModelMVReferenceData(MckModel m, MckGrid grid, const PetscReal theta[], PetscReal values[],
                                       PetscReal **density)
{
  MckField   f;
  MckSensors sensors;
  MPI_Comm   comm;
  PetscInt   dim;
  PetscReal  L[3];
  Vec        rho;
  Rows       rows = {0, NULL};

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetComm((PetscObject)grid, &comm));
  PetscCall(MckGridGetSizes(grid, &dim, NULL, L));
  PetscCall(CheckSameBox(m, dim, L));
  PetscCall(MckModelMVCreateFokkerPlanck(m, comm, grid, theta, &f));
  PetscCall(MckSensorsCreate(comm, &sensors));
  PetscCall(MckSensorsSetBox(sensors, dim, L));
  PetscCall(MckSensorsSetFromOptions(sensors));
  PetscCall(MckSensorsSetUp(sensors));
  if (m->help) { /* -help: the field's and the sensors' options were read; nothing is solved */
    PetscCall(MckSensorsDestroy(&sensors));
    PetscCall(MckFieldDestroy(&f));
    PetscFunctionReturn(0);
  }
  PetscCall(MckFieldGetSolution(f, &rho));
  PetscCall(VecGetLocalSize(rho, &rows.n));
  if (density && !*density) PetscCall(PetscMalloc1(rows.n * ((MV *)m->data)->ntimes + 1, density));
  if (density) rows.density = *density;
  PetscCall(MckModelMVObserveField(m, f, sensors, values, density ? CopyDensity : NULL, &rows));
  PetscCall(MckSensorsDestroy(&sensors));
  PetscCall(MckFieldDestroy(&f));
  PetscFunctionReturn(0);
}

/* The smoothed density of the particles at the sensors: chunks are the reproducible unit. */
static PetscErrorCode MeasureParticles(MV *mv, PetscReal values[])
{
  PetscInt64 N;
  PetscInt   nchunks;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesGetSizes(mv->p, &N, NULL, NULL, NULL));
  PetscCall(MckParticlesGetChunks(mv->p, NULL, &nchunks));
  PetscCall(MckSensorsBegin(mv->sensors));
  for (PetscInt c = 0; c < nchunks; c++) {
    MckChunk         ch;
    const PetscReal *x[MCK_MAX_DIM];
    PetscCall(MckParticlesGetChunk(mv->p, c, &ch));
    for (PetscInt a = 0; a < ch.dim; a++) x[a] = ch.x[a] + ch.offset;
    PetscCall(MckSensorsAddPoints(mv->sensors, ch.n, x, NULL, 1.0 / (PetscReal)N));
  }
  PetscCall(MckSensorsEnd(mv->sensors, values));
  PetscFunctionReturn(0);
}

/* The particle system with theta = (J, T). */
static PetscErrorCode SetTheta(MV *mv, const PetscReal theta[])
{
  PetscFunctionBeginUser;
  PetscCall(MckDriftFourierMeanFieldSetStrength(mv->interaction, theta[0]));
  PetscCall(MckLangevinSetTemperature(mv->lgv, theta[1]));
  PetscFunctionReturn(0);
}

/* theta of the member from its (possibly distributed) parameter Vec. */
static PetscErrorCode MemberParameters(MckModel m, MV *mv, Vec u, PetscReal theta[])
{
  const PetscScalar *ua;

  PetscFunctionBeginUser;
  PetscCall(VecScatterBegin(mv->gather, u, mv->uall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(mv->gather, u, mv->uall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(mv->uall, &ua));
  PetscCall(MVGetParameters_MV(m, ua, theta));
  PetscCall(VecRestoreArrayRead(mv->uall, &ua));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_MV(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  MV          *mv       = (MV *)m->data;
  PetscReal    theta[2] = {0, 0};
  PetscScalar *ga;
  PetscInt     lo, hi;

  PetscFunctionBeginUser;
  PetscCall(MemberParameters(m, mv, u, theta));
  PetscCall(SetTheta(mv, theta));
  PetscCall(MckParticlesInitialize(mv->p, mv->rng));
  PetscCall(MckLangevinSetStep(mv->lgv, 0));
  PetscCall(MckLangevinPrepare(mv->lgv, PETSC_TRUE));
  for (PetscInt k = 0; k < mv->ntimes; k++) {
    PetscInt64 step;
    PetscCall(MckLangevinGetStep(mv->lgv, &step, NULL));
    for (; step < mv->steps[k]; step++) PetscCall(MckLangevinStep(mv->lgv));
    PetscCall(MeasureParticles(mv, mv->values + k * mv->nsensors));
  }
  PetscCall(VecGetOwnershipRange(g, &lo, &hi));
  PetscCall(VecGetArrayWrite(g, &ga));
  for (PetscInt i = lo; i < hi; i++) ga[i - lo] = mv->values[i];
  PetscCall(VecRestoreArrayWrite(g, &ga));
  PetscCall(MckModelVecNonFinite(g, failed));
  PetscCall(SetTheta(mv, mv->configured)); /* so that Config and View show the options' system */
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateVec_MV(MckModel m, PetscInt n, Vec *v)
{
  PetscFunctionBeginUser;
  PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, n, v));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateStateVec_MV(MckModel m, Vec *u)
{
  PetscFunctionBeginUser;
  PetscCall(CreateVec_MV(m, m->n, u));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateDataVec_MV(MckModel m, Vec *g)
{
  PetscFunctionBeginUser;
  PetscCall(CreateVec_MV(m, m->ndata, g));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteVector(MckIO io, const char group[], const char name[], PetscInt64 n, const PetscReal v[])
{
  char path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, name));
  PetscCall(MckIOWriteArray(io, path, 1, &n, v));
  PetscFunctionReturn(0);
}

/* The prior of log theta, the observation times, the sensors (nsensors x dim) and the box. */
static PetscErrorCode WriteDesign_MV(MckModel m, MckIO io, const char group[])
{
  MV              *mv = (MV *)m->data;
  PetscReal        lm[2], ls[2];
  PetscInt         dim;
  PetscBool        periodic;
  const PetscReal *points, *L;
  char             path[PETSC_MAX_PATH_LEN];

  PetscFunctionBeginUser;
  PetscCall(MVGetLogPrior_MV(m, lm, ls));
  PetscCall(MckSensorsGetPoints(mv->sensors, NULL, &dim, &points));
  PetscCall(MckParticlesGetBox(mv->p, &periodic, &L));
  PetscCall(WriteVector(io, group, "prior_log_median", 2, lm));
  PetscCall(WriteVector(io, group, "prior_log_std", 2, ls));
  PetscCall(WriteVector(io, group, "obs_times", mv->ntimes, mv->times));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/sensors", group));
  PetscCall(MckIOWriteArray(io, path, 2, (PetscInt64[]){mv->nsensors, dim}, points));
  if (periodic) PetscCall(WriteVector(io, group, "box", dim, L));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_MV(MckModel m, MckIO io, PetscBool check)
{
  MV         *mv  = (MV *)m->data;
  PetscObject obj = (PetscObject)m;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-mv_prior_median"), 2, mv->median));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-mv_prior_log_std"), 2, mv->log_std));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-mv_obs_times"), mv->ntimes, mv->times));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-mv_seed"), mv->seed));
  PetscCall(MckSensorsConfig(mv->sensors, io, check));
  PetscCall(MckParticlesConfig(mv->p, io, check));
  PetscCall(MckLangevinConfig(mv->lgv, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_MV(MckModel m, PetscViewer v)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      v,
      "mckean_vlasov: theta = (J, T), log-normal prior with medians (%g, %g), log-std (%g, %g); %" PetscInt_FMT
      " observation times\n",
      (double)mv->median[0], (double)mv->median[1], (double)mv->log_std[0], (double)mv->log_std[1], mv->ntimes));
  PetscCall(PetscViewerASCIIPushTab(v));
  if (mv->sensors) PetscCall(MckSensorsView(mv->sensors, v));
  if (mv->lgv) PetscCall(MckLangevinView(mv->lgv, v));
  PetscCall(PetscViewerASCIIPopTab(v));
  PetscFunctionReturn(0);
}

/* The McKean-Vlasov model's own methods (MckModelMVGetParameters, ...). */
static const MckTypedMethod MVMethods[] = {
    {"MckModelMVGetParameters_C", (PetscVoidFunction)MVGetParameters_MV},
    {"MckModelMVGetLogPrior_C", (PetscVoidFunction)MVGetLogPrior_MV},
    {"MckModelMVGetLogMoments_C", (PetscVoidFunction)MVGetLogMoments_MV},
    {"MckModelMVGetObservations_C", (PetscVoidFunction)MVGetObservations_MV},
    {"MckModelMVCreateFokkerPlanck_C", (PetscVoidFunction)MVCreateFokkerPlanck_MV},
    {"MckModelMVObserveField_C", (PetscVoidFunction)MVObserveField_MV},
    {NULL, NULL}};

static PetscErrorCode Destroy_MV(MckModel m)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinDestroy(&mv->lgv));
  PetscCall(MckParticlesDestroy(&mv->p));
  PetscCall(MckRNGDestroy(&mv->rng));
  PetscCall(MckSensorsDestroy(&mv->sensors));
  PetscCall(VecScatterDestroy(&mv->gather));
  PetscCall(VecDestroy(&mv->uall));
  PetscCall(PetscFree(mv->values));
  PetscCall(PetscFree(m->data));
  PetscCall(McKeanTypedComposeMethods((PetscObject)m, MVMethods, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_MckeanVlasov(MckModel m)
{
  MV *mv;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&mv));
  mv->median[0]          = 2.0;
  mv->median[1]          = 0.5;
  mv->log_std[0]         = 0.5;
  mv->log_std[1]         = 0.5;
  mv->ntimes             = 1;
  mv->times[0]           = 1.0;
  mv->seed               = 1;
  m->data                = mv;
  m->kind                = MCK_MODEL_INVERSE;
  m->ops->setfromoptions = SetFromOptions_MV;
  m->ops->setup          = SetUp_MV;
  m->ops->forward        = Forward_MV;
  m->ops->createstatevec = CreateStateVec_MV;
  m->ops->createdatavec  = CreateDataVec_MV;
  m->ops->writedesign    = WriteDesign_MV;
  m->ops->config         = Config_MV;
  m->ops->view           = View_MV;
  m->ops->destroy        = Destroy_MV;
  PetscCall(McKeanTypedComposeMethods((PetscObject)m, MVMethods, PETSC_TRUE));
  PetscFunctionReturn(0);
}
