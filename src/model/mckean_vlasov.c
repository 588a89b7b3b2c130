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
  MckSensors   sensors;
  PetscReal   *values;
  VecScatter   gather;   /* u (possibly distributed) to every rank of the member */
  Vec          uall;
} MV;

static PetscErrorCode SetFromOptions_MV(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  MV       *mv = (MV *)m->data;
  PetscInt  n2 = 2, nt = MV_MAX_TIMES;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsRealArray("-mv_prior_median", "McKean-Vlasov model: prior medians of the interaction strength J and temperature T", mv->median, &n2, &set));
  PetscCheck(!set || n2 == 2, m->comm, PETSC_ERR_USER_INPUT, "-mv_prior_median: give 2 values (J, T), not %" PetscInt_FMT, n2);
  n2 = 2;
  PetscCall(MckOptionsRealArray("-mv_prior_log_std", "McKean-Vlasov model: prior standard deviations of log J and log T", mv->log_std, &n2, &set));
  PetscCheck(!set || n2 == 2, m->comm, PETSC_ERR_USER_INPUT, "-mv_prior_log_std: give 2 values (for log J, log T), not %" PetscInt_FMT, n2);
  PetscCall(MckOptionsRealArray("-mv_obs_times", "McKean-Vlasov model: observation times (increasing, multiples of -lgv_dt)", mv->times, &nt, &set));
  if (set) mv->ntimes = nt;
  PetscCall(MckOptionsInt("-mv_seed", "McKean-Vlasov model: seed of the particles' initial positions and noise (shared by all members)", mv->seed, &mv->seed, NULL));
  for (PetscInt i = 0; i < 2; i++) {
    PetscCall(McKeanCheckPositive(m->comm, "-mv_prior_median", mv->median[i]));
    PetscCall(McKeanCheckPositive(m->comm, "-mv_prior_log_std", mv->log_std[i]));
  }
  PetscCheck(mv->ntimes >= 1, m->comm, PETSC_ERR_USER_INPUT, "-mv_obs_times: give at least one time");
  for (PetscInt k = 0; k < mv->ntimes; k++) {
    PetscCheck(mv->times[k] > (k ? mv->times[k - 1] : 0), m->comm, PETSC_ERR_USER_INPUT, "-mv_obs_times: %g after %g; the times must be positive and increasing", (double)mv->times[k], (double)(k ? mv->times[k - 1] : 0));
  }
  PetscFunctionReturn(0);
}

/* The particles and their dynamics, from the same options as mckean-langevin. */
static PetscErrorCode CreateParticleSystem(MckModel m, MV *mv)
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGCreate(m->comm, &mv->rng));
  PetscCall(MckRNGSetSeed(mv->rng, mv->seed));
  PetscCall(MckParticlesCreate(m->comm, &mv->p));
  PetscCall(MckParticlesSetFromOptions(mv->p));
  PetscCall(MckParticlesSetUp(mv->p));
  PetscCall(MckLangevinCreate(mv->p, &mv->lgv));
  PetscCall(MckLangevinSetFromOptions(mv->lgv));
  PetscCall(MckLangevinSetRNG(mv->lgv, mv->rng));
  PetscCall(MckLangevinSetUp(mv->lgv));
  PetscCall(MckLangevinGetDrift(mv->lgv, "fourier_meanfield", &mv->interaction));
  PetscCheck(mv->interaction, m->comm, PETSC_ERR_USER_INPUT, "-model_type mckean_vlasov infers the strength of the fourier_meanfield interaction: add it to -lgv_drifts");
  PetscCall(MckDriftFourierMeanFieldGetStrength(mv->interaction, &mv->configured[0]));
  PetscCall(MckLangevinGetTemperature(mv->lgv, 0, &mv->configured[1]));
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
    PetscCheck(PetscAbsReal(s - (PetscReal)mv->steps[k]) < 1e-9 * PetscMax(1, s), m->comm, PETSC_ERR_USER_INPUT, "-mv_obs_times %g is not a multiple of -lgv_dt %g", (double)mv->times[k], (double)dt);
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_MV(MckModel m)
{
  MV             *mv = (MV *)m->data;
  PetscInt64      N;
  PetscInt        dim;
  PetscBool       periodic;
  const PetscReal *L;
  Vec              u;

  PetscFunctionBeginUser;
  PetscCall(CreateParticleSystem(m, mv));
  PetscCall(ObservationSteps(m, mv));
  PetscCall(MckParticlesGetSizes(mv->p, &N, &dim, NULL, NULL));
  PetscCall(MckParticlesGetBox(mv->p, &periodic, &L));
  PetscCall(MckSensorsCreate(m->comm, &mv->sensors));
  PetscCall(MckSensorsSetBox(mv->sensors, dim, L));
  PetscCall(MckSensorsSetFromOptions(mv->sensors));
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

PetscErrorCode MckModelMVGetParameters(MckModel m, const PetscReal u[], PetscReal theta[])
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckType(m, "mckean_vlasov", "MckModelMVGetParameters"));
  for (PetscInt i = 0; i < 2; i++) theta[i] = mv->median[i] * PetscExpReal(mv->log_std[i] * u[i]);
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelMVGetObservations(MckModel m, PetscInt *ntimes, const PetscReal **times, MckSensors *sensors)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckType(m, "mckean_vlasov", "MckModelMVGetObservations"));
  PetscCheck(m->setup, m->comm, PETSC_ERR_ORDER, "MckModelMVGetObservations: call MckModelSetUp() first");
  if (ntimes) *ntimes = mv->ntimes;
  if (times) *times = mv->times;
  if (sensors) *sensors = mv->sensors;
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
  PetscCall(MckModelMVGetParameters(m, ua, theta));
  PetscCall(VecRestoreArrayRead(mv->uall, &ua));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_MV(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  MV          *mv = (MV *)m->data;
  PetscReal    theta[2];
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

static PetscErrorCode Config_MV(MckModel m, MckIO io, PetscBool check)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, "-mv_prior_median", 2, mv->median));
  PetscCall(MckIOConfigReals(io, check, "-mv_prior_log_std", 2, mv->log_std));
  PetscCall(MckIOConfigReals(io, check, "-mv_obs_times", mv->ntimes, mv->times));
  PetscCall(MckIOConfigInt(io, check, "-mv_seed", mv->seed));
  PetscCall(MckSensorsConfig(mv->sensors, io, check));
  PetscCall(MckParticlesConfig(mv->p, io, check));
  PetscCall(MckLangevinConfig(mv->lgv, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_MV(MckModel m, PetscViewer v)
{
  MV *mv = (MV *)m->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v, "mckean_vlasov: theta = (J, T), log-normal prior with medians (%g, %g), log-std (%g, %g); %" PetscInt_FMT " observation times\n", (double)mv->median[0], (double)mv->median[1], (double)mv->log_std[0], (double)mv->log_std[1], mv->ntimes));
  PetscCall(PetscViewerASCIIPushTab(v));
  if (mv->sensors) PetscCall(MckSensorsView(mv->sensors, v));
  if (mv->lgv) PetscCall(MckLangevinView(mv->lgv, v));
  PetscCall(PetscViewerASCIIPopTab(v));
  PetscFunctionReturn(0);
}

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
  m->ops.setfromoptions  = SetFromOptions_MV;
  m->ops.setup           = SetUp_MV;
  m->ops.forward         = Forward_MV;
  m->ops.createstatevec  = CreateStateVec_MV;
  m->ops.createdatavec   = CreateDataVec_MV;
  m->ops.config          = Config_MV;
  m->ops.view            = View_MV;
  m->ops.destroy         = Destroy_MV;
  PetscFunctionReturn(0);
}
