/* The particles layer's package: its classes, log events, and the registries of integrator
 * and drift types (a new one is one file plus one register call). */
#include "langevinimpl.h"
#include <mckean/mckresample.h>
#include <mckean/mckdeposit.h>

PetscClassId MCK_PARTICLES_CLASSID, MCK_LANGEVIN_CLASSID, MCK_DRIFT_CLASSID, MCK_RESAMPLER_CLASSID, MCK_DEPOSIT_CLASSID;
PetscLogEvent MCK_EVENT_DriftForce, MCK_EVENT_Integrate, MCK_EVENT_ResampleWeights, MCK_EVENT_Resample,
    MCK_EVENT_ResampleMove;
PetscLogEvent               MCK_EVENT_DepositAdd, MCK_EVENT_DepositReduce;
PetscFunctionList           MckLangevinList = NULL, MckDriftList = NULL, MckResamplerList = NULL;
PETSC_INTERN PetscErrorCode MckResamplerCreate_Systematic(MckResampler, MckResamplerOps *);
PETSC_INTERN PetscErrorCode MckResamplerCreate_Stratified(MckResampler, MckResamplerOps *);
PETSC_INTERN PetscErrorCode MckResamplerCreate_Residual(MckResampler, MckResamplerOps *);
static PetscBool            registered = PETSC_FALSE;

/*@C
  MckLangevinRegister - Adds an integrator type of `MckLangevin`, chosen by -lgv_integrator.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the `MckIntegratorOps` and sets the type's data

  Level: advanced

.seealso: `MckLangevinSetType()`, `MckIntegratorOps`, `MckDriftRegister()`
@*/
PetscErrorCode MckLangevinRegister(const char name[], MckLangevinCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckLangevinList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckDriftRegister - Adds a drift type of `MckLangevin`, named in -lgv_drifts.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills d->ops and d->data (include/mckean/mckdriftimpl.h)

  Level: advanced

.seealso: `MckLangevinRegister()`, `MckDriftRegisterPotential()`
@*/
PetscErrorCode MckDriftRegister(const char name[], MckDriftCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckDriftList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckDriftGetList - The registry of drift types: the built-in ones and those added with
  `MckDriftRegister()`, to check or list names against.

  Not Collective

  Output Parameter:
. list - the registry (McKean's: read it with `PetscFunctionListFind()` or `McKeanFunctionListNames()`)

  Level: developer

.seealso: `MckDriftRegister()`
@*/
PetscErrorCode MckDriftGetList(PetscFunctionList *list)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesInitializePackage());
  *list = MckDriftList;
  PetscFunctionReturn(0);
}

/*@C
  MckResamplerRegister - Adds a resampling scheme of `MckResampler`, chosen by -resample_type.

  Not Collective

  Input Parameters:
+ name   - the scheme's name
- create - its constructor, which fills the `MckResamplerOps`

  Level: advanced

.seealso: `MckResamplerSetType()`, `MckResamplerOps`
@*/
PetscErrorCode MckResamplerRegister(const char name[], MckResamplerCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckResamplerList, name, create));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckParticlesFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckResamplerList));
  PetscCall(PetscFunctionListDestroy(&MckLangevinList));
  PetscCall(PetscFunctionListDestroy(&MckDriftList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckParticlesInitializePackage - Registers the particles layer's classes, log events and
  built-in types; called by the layer's constructors.

  Not Collective

  Level: developer

.seealso: `MckParticlesCreate()`, `MckLangevinCreate()`, `MckDepositCreate()`
@*/
PetscErrorCode MckParticlesInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean particles", &MCK_PARTICLES_CLASSID));
  PetscCall(PetscClassIdRegister("McKean Langevin", &MCK_LANGEVIN_CLASSID));
  PetscCall(PetscClassIdRegister("McKean drift", &MCK_DRIFT_CLASSID));
  PetscCall(PetscClassIdRegister("McKean deposit", &MCK_DEPOSIT_CLASSID));
  PetscCall(PetscLogEventRegister("MckDriftForce", MCK_LANGEVIN_CLASSID, &MCK_EVENT_DriftForce));
  PetscCall(PetscLogEventRegister("MckIntegrate", MCK_LANGEVIN_CLASSID, &MCK_EVENT_Integrate));
  PetscCall(PetscClassIdRegister("McKean resampler", &MCK_RESAMPLER_CLASSID));
  PetscCall(PetscLogEventRegister("MckResampleWeights", MCK_RESAMPLER_CLASSID, &MCK_EVENT_ResampleWeights));
  PetscCall(PetscLogEventRegister("MckResample", MCK_RESAMPLER_CLASSID, &MCK_EVENT_Resample));
  PetscCall(PetscLogEventRegister("MckResampleMove", MCK_RESAMPLER_CLASSID, &MCK_EVENT_ResampleMove));
  PetscCall(PetscFunctionListAdd(&MckResamplerList, MCKRESAMPLER_SYSTEMATIC, MckResamplerCreate_Systematic));
  PetscCall(PetscFunctionListAdd(&MckResamplerList, MCKRESAMPLER_STRATIFIED, MckResamplerCreate_Stratified));
  PetscCall(PetscFunctionListAdd(&MckResamplerList, MCKRESAMPLER_RESIDUAL, MckResamplerCreate_Residual));
  PetscCall(PetscLogEventRegister("MckDepositAdd", MCK_DEPOSIT_CLASSID, &MCK_EVENT_DepositAdd));
  PetscCall(PetscLogEventRegister("MckDepositReduce", MCK_DEPOSIT_CLASSID, &MCK_EVENT_DepositReduce));
  PetscCall(PetscFunctionListAdd(&MckLangevinList, MCKLANGEVIN_EULER_MARUYAMA, MckIntegratorCreate_EulerMaruyama));
  PetscCall(PetscFunctionListAdd(&MckLangevinList, MCKLANGEVIN_BAOAB, MckIntegratorCreate_BAOAB));
  PetscCall(PetscFunctionListAdd(&MckDriftList, MCKDRIFT_HARMONIC, MckDriftCreate_Harmonic));
  PetscCall(PetscFunctionListAdd(&MckDriftList, MCKDRIFT_DOUBLE_WELL, MckDriftCreate_DoubleWell));
  PetscCall(PetscFunctionListAdd(&MckDriftList, MCKDRIFT_FOURIER_MEANFIELD, MckDriftCreate_FourierMeanField));
  PetscCall(PetscFunctionListAdd(&MckDriftList, MCKDRIFT_QUADRATIC_MEANFIELD, MckDriftCreate_QuadraticMeanField));
  PetscCall(PetscFunctionListAdd(&MckDriftList, MCKDRIFT_CHEMOTAXIS, MckDriftCreate_Chemotaxis));
  PetscCall(PetscRegisterFinalize(MckParticlesFinalizePackage));
  PetscFunctionReturn(0);
}
