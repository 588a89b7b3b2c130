/* The gen layer's package: classes, log events and the registries of targets, energies, feature
 * models and samplers (a new one is one file plus one register call). */
#include "gen/genimpl.h"

PetscClassId  MCK_GENTARGET_CLASSID, MCK_GENFEATURES_CLASSID, MCK_GENSAMPLER_CLASSID;
PetscLogEvent MCK_EVENT_GenFitAccumulate, MCK_EVENT_GenFitSolve, MCK_EVENT_GenFeatures, MCK_EVENT_GenStep,
    MCK_EVENT_GenMetrics;
PetscFunctionList MckGenTargetList = NULL, MckGenFeaturesList = NULL, MckGenSamplerList = NULL, MckGenEnergyList = NULL;
static PetscBool  registered = PETSC_FALSE;

/*@C
  MckGenTargetRegister - Adds a target type, chosen by -target_type.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the `MckGenTargetOps` and sets the type's data

  Level: advanced

.seealso: `MckGenTargetSetType()`, `MckGenTargetRegisterEnergy()`
@*/
PetscErrorCode MckGenTargetRegister(const char name[], MckGenTargetCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetRegisterEnergy - Adds an energy U for the energy target (-target_type energy -target_energy name).

  Not Collective

  Input Parameters:
+ name - the energy's name
- U    - U and its gradient at n points

  Level: intermediate

.seealso: `MckGenEnergyFn`, `MckGenTargetRegister()`
@*/
PetscErrorCode MckGenTargetRegisterEnergy(const char name[], MckGenEnergyFn U)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckGenEnergyList, name, U));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesRegister - Adds a feature model, chosen by -features_type.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the `MckGenFeaturesOps`

  Level: advanced

.seealso: `MckGenFeaturesSetType()`
@*/
PetscErrorCode MckGenFeaturesRegister(const char name[], MckGenFeaturesCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckGenFeaturesList, name, create));
  PetscFunctionReturn(0);
}

/*@C
  MckGenSamplerRegister - Adds a sampler type, chosen by -gen_type.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor, which fills the `MckGenSamplerOps`

  Level: advanced

.seealso: `MckGenSamplerSetType()`
@*/
PetscErrorCode MckGenSamplerRegister(const char name[], MckGenSamplerCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckGenSamplerList, name, create));
  PetscFunctionReturn(0);
}

static PetscErrorCode MckGenFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckGenTargetList));
  PetscCall(PetscFunctionListDestroy(&MckGenFeaturesList));
  PetscCall(PetscFunctionListDestroy(&MckGenSamplerList));
  PetscCall(PetscFunctionListDestroy(&MckGenEnergyList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckGenInitializePackage - Registers the gen layer's classes, log events and built-in types;
  called by the layer's constructors.

  Not Collective

  Level: developer

.seealso: `MckGenSamplerCreate()`
@*/
PetscErrorCode MckGenInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean gen target", &MCK_GENTARGET_CLASSID));
  PetscCall(PetscClassIdRegister("McKean gen features", &MCK_GENFEATURES_CLASSID));
  PetscCall(PetscClassIdRegister("McKean gen sampler", &MCK_GENSAMPLER_CLASSID));
  PetscCall(PetscLogEventRegister("MckGenFitAccum", MCK_GENSAMPLER_CLASSID, &MCK_EVENT_GenFitAccumulate));
  PetscCall(PetscLogEventRegister("MckGenFitSolve", MCK_GENSAMPLER_CLASSID, &MCK_EVENT_GenFitSolve));
  PetscCall(PetscLogEventRegister("MckGenFeatures", MCK_GENFEATURES_CLASSID, &MCK_EVENT_GenFeatures));
  PetscCall(PetscLogEventRegister("MckGenStep", MCK_GENSAMPLER_CLASSID, &MCK_EVENT_GenStep));
  PetscCall(PetscLogEventRegister("MckGenMetrics", MCK_GENSAMPLER_CLASSID, &MCK_EVENT_GenMetrics));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_GMM, MckGenTargetCreate_GMM));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_CHECKERBOARD, MckGenTargetCreate_Checkerboard));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_MOONS, MckGenTargetCreate_Moons));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_FUNNEL, MckGenTargetCreate_Funnel));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_DATA, MckGenTargetCreate_Data));
  PetscCall(PetscFunctionListAdd(&MckGenTargetList, MCKGENTARGET_ENERGY, MckGenTargetCreate_Energy));
  PetscCall(PetscFunctionListAdd(&MckGenEnergyList, "double_well", MckGenEnergy_DoubleWell));
  PetscCall(PetscFunctionListAdd(&MckGenFeaturesList, MCKGENFEATURES_RFF, MckGenFeaturesCreate_RFF));
  PetscCall(PetscFunctionListAdd(&MckGenFeaturesList, MCKGENFEATURES_HERMITE, MckGenFeaturesCreate_Hermite));
  PetscCall(PetscFunctionListAdd(&MckGenFeaturesList, MCKGENFEATURES_FOURIER, MckGenFeaturesCreate_Fourier));
  PetscCall(PetscFunctionListAdd(&MckGenSamplerList, MCKGENSAMPLER_INTERPOLANT, MckGenSamplerCreate_Interpolant));
  PetscCall(PetscFunctionListAdd(&MckGenSamplerList, MCKGENSAMPLER_DIFFUSION, MckGenSamplerCreate_Diffusion));
  PetscCall(PetscFunctionListAdd(&MckGenSamplerList, MCKGENSAMPLER_SMC, MckGenSamplerCreate_SMC));
  PetscCall(PetscFunctionListAdd(&MckGenSamplerList, MCKGENSAMPLER_GUIDED, MckGenSamplerCreate_Guided));
  PetscCall(PetscRegisterFinalize(MckGenFinalizePackage));
  PetscFunctionReturn(0);
}
