/* The ensemble layer's package: its classes, log events, and the registries of analysis types,
 * inflation schemes and observation operators (a new one of either is one file plus one register line here). */
#include "ensemble/ensimpl.h"

PetscClassId  MCK_ENSEMBLE_CLASSID;
PetscLogEvent MCK_EVENT_EnsForecast, MCK_EVENT_EnsTranspose, MCK_EVENT_EnsStats, MCK_EVENT_EnsDense,
    MCK_EVENT_EnsTransform, MCK_EVENT_EnsFailures, MCK_EVENT_EnsObserve, MCK_EVENT_EnsAnalysis;
PetscFunctionList MckEnsembleList = NULL, MckEnsInflationList = NULL;
static PetscBool  registered = PETSC_FALSE;

const char *const MckEnsembleKinds[] = {"filter", "inversion", "sampler", "MckEnsembleKind", "MCK_ENSEMBLE_", NULL};

PETSC_INTERN PetscErrorCode MckTwinRegisterAll(void);

static PetscErrorCode MckEnsembleFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckEnsembleList));
  PetscCall(PetscFunctionListDestroy(&MckEnsInflationList));
  PetscCall(MckEnsObsOperatorsDestroy());
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleInitializePackage - Registers the ensemble layer's classes, log events, analysis
  types and inflation schemes; called by `MckEnsembleCreate()`.

  Not Collective

  Level: developer

.seealso: `MckEnsembleCreate()`, `MckEnsembleRegister()`
@*/
PetscErrorCode MckEnsembleInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscClassIdRegister("McKean ensemble", &MCK_ENSEMBLE_CLASSID));
  PetscCall(PetscLogEventRegister("EnsForecast", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsForecast));
  PetscCall(PetscLogEventRegister("EnsTranspose", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsTranspose));
  PetscCall(PetscLogEventRegister("EnsFailures", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsFailures));
  PetscCall(PetscLogEventRegister("EnsStats", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsStats));
  PetscCall(PetscLogEventRegister("EnsDense", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsDense));
  PetscCall(PetscLogEventRegister("EnsTransform", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsTransform));
  PetscCall(PetscLogEventRegister("EnsObserve", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsObserve));
  PetscCall(PetscLogEventRegister("EnsAnalysis", MCK_ENSEMBLE_CLASSID, &MCK_EVENT_EnsAnalysis));
  /* analysis types */
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_ENKF, MckEnsembleCreate_EnKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_ETKF, MckEnsembleCreate_ETKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_LETKF, MckEnsembleCreate_LETKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_EKI, MckEnsembleCreate_EKI));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_EKS, MckEnsembleCreate_EKS));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_PF, MckEnsembleCreate_PF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, MCKENSEMBLE_LNETF, MckEnsembleCreate_LNETF));
  /* inflation schemes of the filters, applied in this order */
  PetscCall(PetscFunctionListAdd(&MckEnsInflationList, "multiplicative", MckEnsInflationCreate_Multiplicative));
  PetscCall(PetscFunctionListAdd(&MckEnsInflationList, "adaptive", MckEnsInflationCreate_Adaptive));
  PetscCall(PetscFunctionListAdd(&MckEnsInflationList, "additive", MckEnsInflationCreate_Additive));
  PetscCall(PetscFunctionListAdd(&MckEnsInflationList, "rtps", MckEnsInflationCreate_RTPS));
  PetscCall(PetscFunctionListAdd(&MckEnsInflationList, "rtpp", MckEnsInflationCreate_RTPP));
  /* observation operators (obs/operators.c) */
  PetscCall(MckEnsObsOperatorsRegisterAll());
  PetscCall(MckTwinRegisterAll());
  PetscCall(PetscRegisterFinalize(MckEnsembleFinalizePackage));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleRegister - Adds an analysis type, chosen by -ens_analysis.

  Not Collective

  Input Parameters:
+ name   - the type name
- create - its constructor: fills the object's operations and data (`MckEnsembleGetOps()`,
           `MckEnsembleSetTypeData()`) and declares its family (`MckEnsembleSetTransformFilter()`;
           include/mckean/mckensembleimpl.h)

  Note:
  Register before the ensemble that may choose the type is created; the type then reads its own
  options, views and checkpoints as the built-in ones do.

  Level: advanced

.seealso: `MckEnsembleSetType()`, `MckEnsembleTypesOfKind()`, `MckEnsembleGetOps()`
@*/
PetscErrorCode MckEnsembleRegister(const char name[], MckEnsembleAnalysisCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, name, create));
  PetscFunctionReturn(0);
}

MCK_TYPED_IS_OF_KIND(IsOfKind, MckEnsemble, MckEnsembleKind, MckEnsembleCreate, MckEnsembleSetType, MckEnsembleDestroy)

/*@C
  MckEnsembleTypesOfKind - The registered analysis types of one kind, as "a, b" for a message
  that says what is allowed.

  Not Collective

  Input Parameters:
+ kind - `MCK_ENSEMBLE_FILTER`, `MCK_ENSEMBLE_INVERSION` or `MCK_ENSEMBLE_SAMPLER`
- len  - the size of buf

  Output Parameter:
. buf - the names, in registration order

  Note:
  Each registered constructor runs on a scratch ensemble (constructors only set defaults), so
  the list follows the registry.

  Level: developer

.seealso: `MckEnsembleRegister()`, `MckEnsembleGetKind()`
@*/
PetscErrorCode MckEnsembleTypesOfKind(MckEnsembleKind kind, char buf[], size_t len)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(McKeanFunctionListNamesIf(MckEnsembleList, IsOfKind, &kind, buf, len));
  PetscFunctionReturn(0);
}
