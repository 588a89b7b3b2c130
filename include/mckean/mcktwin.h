/* MckTwin: a twin experiment of the ensemble layer, the one object mckean-da, mckean-eki and
 * mckean-twin build on. It owns what such an experiment makes up -- a synthetic truth, noisy data
 * at the observation points, the prior ensemble -- and advances the ensemble against them; it is
 * a solver an MckRun advances and an object it checkpoints (MckRunSetSolver, MckRunAddObject).
 *
 * Types (MckTwinSetType):
 *   filter  the truth is a run of the ensemble's dynamical model from the model's initial state
 *           (MckModelGetInitialState) after a spin-up; each cycle the truth and the members are
 *           advanced, every k-th component of the truth is observed with noise and the ensemble
 *           analysed; the prior ensemble is centred on the truth plus an offset. Options
 *           (after the object's prefix): cycles, obs_every, obs_steps, obs_var, spinup,
 *           init_spread, burnin.
 *   inverse the truth is a parameter drawn from the (whitened) prior, or clean data given by
 *           the caller (MckTwinSetTruthFunction: e.g. a PDE); the data are G(truth) plus noise,
 *           the ensemble starts from the prior and iterates until the process is done, the
 *           discrepancy principle |y - G(mean u)| <= tau noise_std sqrt(ndata) holds, or the
 *           iteration limit. Options: truth_seed, noise_std, max_iterations, discrepancy_tau.
 * The options have no stem of their own: the prefix names them (mckean-da sets "da_", so
 * -da_obs_var; mckean-eki "eki_", so -eki_noise_std), and -<prefix>view views the experiment.
 *
 * Random numbers: the filter's offset of the prior centre and its observation noise come from
 * the run's generator (MckTwinSetRNG) at the counter steps MCK_TWIN_RNG_STEP_OFFSET and
 * 8 cycle + MCK_ENS_RNG_APP (stream = observation); the inverse experiment's truth parameter and
 * noise from a generator seeded by truth_seed (steps 0 and 1, stream = component or datum), or,
 * for the caller's truth, from the run's generator at MCK_TWIN_RNG_STEP_DATA. */
#pragma once
#include <mckean/mckensemble.h>

typedef struct _p_MckTwin *MckTwin;
typedef const char        *MckTwinType;
#define MCKTWIN_FILTER  "filter"
#define MCKTWIN_INVERSE "inverse"

/* Counter steps of the run's generator reserved by the twin experiments (mckrng.h lists them all) */
#define MCK_TWIN_RNG_STEP_OFFSET MCK_RNG_STEP_TWIN_OFFSET
#define MCK_TWIN_RNG_STEP_DATA   MCK_RNG_STEP_TWIN_DATA

PETSC_EXTERN PetscClassId MCK_TWIN_CLASSID;

/* The caller's truth of an inverse experiment: clean[0..ndata) = the noise-free data (the same
 * on every rank). */
typedef PetscErrorCode (*MckTwinTruthFn)(MckTwin tw, PetscReal clean[], void *ctx);
typedef PetscErrorCode (*MckTwinCreateFn)(MckTwin);

PETSC_EXTERN PetscErrorCode MckTwinRegister(const char name[], MckTwinCreateFn create);
PETSC_EXTERN PetscErrorCode MckTwinCreate(MckEnsemble ens, MckTwin *tw);
PETSC_EXTERN PetscErrorCode MckTwinSetType(MckTwin tw, MckTwinType type);
PETSC_EXTERN PetscErrorCode MckTwinGetType(MckTwin tw, MckTwinType *type);
PETSC_EXTERN PetscErrorCode MckTwinSetOptionsPrefix(MckTwin tw, const char prefix[]);
PETSC_EXTERN PetscErrorCode MckTwinSetRNG(MckTwin tw, MckRNG rng);
PETSC_EXTERN PetscErrorCode MckTwinSetTruthFunction(MckTwin tw, MckTwinTruthFn truth, void *ctx);
PETSC_EXTERN PetscErrorCode MckTwinSetMaxSteps(MckTwin tw, PetscInt64 nsteps);
PETSC_EXTERN PetscErrorCode MckTwinInverseSetNoise(MckTwin tw, PetscReal std);
PETSC_EXTERN PetscErrorCode MckTwinSetFromOptions(MckTwin tw);
PETSC_EXTERN PetscErrorCode MckTwinSetUp(MckTwin tw);
PETSC_EXTERN PetscErrorCode MckTwinGetEnsemble(MckTwin tw, MckEnsemble *ens);
PETSC_EXTERN PetscErrorCode MckTwinGetSeries(MckTwin tw, MckSeries *series);
PETSC_EXTERN PetscErrorCode MckTwinGetSmootherSeries(MckTwin tw, MckSeries *series);
PETSC_EXTERN PetscErrorCode MckTwinGetHeadline(MckTwin tw, const char **name, PetscReal *value);
PETSC_EXTERN PetscErrorCode MckTwinGetData(MckTwin tw, PetscInt *ndata, const PetscReal **y, const PetscReal **clean);
PETSC_EXTERN PetscErrorCode MckTwinWriteResults(MckTwin tw, MckIO io, const char group[]);
PETSC_EXTERN PetscErrorCode MckTwinViewSummary(MckTwin tw, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckTwinView(MckTwin tw, PetscViewer viewer);
PETSC_EXTERN PetscErrorCode MckTwinDestroy(MckTwin *tw);
