/* Registries of the learn layer: activations, teacher links, dynamics and cbo objectives. A new
 * variant is one function plus one register call (DESIGN.md §3). */
#include "learn/mfnetimpl.h"

PetscFunctionList MckMFNetActivationList = NULL, MckMFNetTeacherList = NULL, MckMFNetDynamicsList = NULL;

#define MCK_MFNET_MAX_OBJECTIVES 32
/* Objectives are pairs of functions, so they live in a small table rather than a function list. */
static struct {
  char              name[MCK_MFNET_NAME_LEN];
  MckMFNetObjective obj;
} objectives[MCK_MFNET_MAX_OBJECTIVES];
static PetscInt  nobjectives = 0;
static PetscBool registered  = PETSC_FALSE;
PetscLogEvent    MCK_EVENT_MFNetForce, MCK_EVENT_MFNetIntegrate;

static PetscErrorCode MckMFNetFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckMFNetActivationList));
  PetscCall(PetscFunctionListDestroy(&MckMFNetTeacherList));
  PetscCall(PetscFunctionListDestroy(&MckMFNetDynamicsList));
  nobjectives = 0;
  registered  = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode AddObjective(const char name[], const MckMFNetObjective *obj)
{
  PetscFunctionBeginUser;
  PetscCheck(obj && obj->dim && obj->eval, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "MckMFNetRegisterObjective('%s'): dim and eval are required", name);
  PetscCheck(strlen(name) < MCK_MFNET_NAME_LEN, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "objective name '%s' longer than %d characters", name, MCK_MFNET_NAME_LEN - 1);
  for (PetscInt i = 0; i < nobjectives; i++)
    if (!strcmp(objectives[i].name, name)) { /* re-registering replaces, as PetscFunctionListAdd does */
      objectives[i].obj = *obj;
      PetscFunctionReturn(0);
    }
  PetscCheck(nobjectives < MCK_MFNET_MAX_OBJECTIVES, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "at most %d objectives", MCK_MFNET_MAX_OBJECTIVES);
  PetscCall(PetscStrncpy(objectives[nobjectives].name, name, MCK_MFNET_NAME_LEN));
  objectives[nobjectives++].obj = *obj;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscLogEventRegister("MckMFNetForce", MCK_CLASSID, &MCK_EVENT_MFNetForce));
  PetscCall(PetscLogEventRegister("MckMFNetIntegrate", MCK_CLASSID, &MCK_EVENT_MFNetIntegrate));
  PetscCall(PetscFunctionListAdd(&MckMFNetActivationList, "tanh", MckMFNetAct_Tanh));
  PetscCall(PetscFunctionListAdd(&MckMFNetActivationList, "relu", MckMFNetAct_ReLU));
  PetscCall(PetscFunctionListAdd(&MckMFNetActivationList, "erf", MckMFNetAct_Erf));
  PetscCall(PetscFunctionListAdd(&MckMFNetActivationList, "identity", MckMFNetAct_Identity));
  PetscCall(PetscFunctionListAdd(&MckMFNetTeacherList, "tanh", MckMFNetAct_Tanh));
  PetscCall(PetscFunctionListAdd(&MckMFNetTeacherList, "he2", MckMFNetTeacher_He2));
  PetscCall(PetscFunctionListAdd(&MckMFNetTeacherList, "he3", MckMFNetTeacher_He3));
  PetscCall(PetscFunctionListAdd(&MckMFNetTeacherList, "linear", MckMFNetAct_Identity));
  PetscCall(PetscFunctionListAdd(&MckMFNetDynamicsList, "mfld", MckMFNetDynamicsCreate_MFLD));
  PetscCall(PetscFunctionListAdd(&MckMFNetDynamicsList, "umfld", MckMFNetDynamicsCreate_UMFLD));
  PetscCall(PetscFunctionListAdd(&MckMFNetDynamicsList, "cbo", MckMFNetDynamicsCreate_CBO));
  PetscCall(PetscFunctionListAdd(&MckMFNetDynamicsList, "fedavg", MckMFNetDynamicsCreate_FedAvg));
  PetscCall(AddObjective("quadratic", &MckMFNetObjective_Quadratic));
  PetscCall(AddObjective("rastrigin", &MckMFNetObjective_Rastrigin));
  PetscCall(AddObjective("network", &MckMFNetObjective_Network));
  PetscCall(PetscRegisterFinalize(MckMFNetFinalizePackage));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRegisterActivation(const char name[], MckMFNetActivationFn fn)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckMFNetActivationList, name, fn));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRegisterTeacher(const char name[], MckMFNetActivationFn fn)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckMFNetTeacherList, name, fn));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRegisterDynamics(const char name[], MckMFNetDynamicsCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckMFNetDynamicsList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetRegisterObjective(const char name[], const MckMFNetObjective *obj)
{
  PetscFunctionBeginUser;
  PetscCall(MckMFNetInitializePackage());
  PetscCall(AddObjective(name, obj));
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetFindObjective(const char name[], const MckMFNetObjective **obj)
{
  PetscFunctionBeginUser;
  *obj = NULL;
  for (PetscInt i = 0; i < nobjectives; i++)
    if (!strcmp(objectives[i].name, name)) *obj = &objectives[i].obj;
  PetscFunctionReturn(0);
}

PetscErrorCode MckMFNetObjectiveNames(char buf[], size_t len)
{
  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt i = 0; i < nobjectives; i++) {
    if (i) PetscCall(PetscStrlcat(buf, ", ", len));
    PetscCall(PetscStrlcat(buf, objectives[i].name, len));
  }
  PetscFunctionReturn(0);
}
