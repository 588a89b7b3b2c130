/* Target energy: an unnormalised density exp(-U) with U registered by name
 * (MckGenTargetRegisterEnergy, chosen by -target_energy), for the samplers that need no data. */
#include "gen/genimpl.h"

typedef struct {
  char           name[64];
  MckGenEnergyFn U;
} Energy;

static PetscErrorCode SetFromOptions_Energy(MckGenTarget t, PetscOptionItems *PetscOptionsObject)
{
  Energy *e = (Energy *)t->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsFList("-target_energy", "Registered energy U of the target exp(-U)", MckGenEnergyList, e->name,
                            e->name, sizeof(e->name), NULL));
  PetscFunctionReturn(0);
}

/* The energy's name: a restart with another U is refused. */
static PetscErrorCode Config_Energy(MckGenTarget t, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName((PetscObject)t, "-target_energy"), ((Energy *)t->data)->name));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Energy(MckGenTarget t)
{
  Energy *e = (Energy *)t->data;

  PetscFunctionBeginUser;
  PetscCall(McKeanFunctionListFind(t, MckGenEnergyList, "-target_energy", "energy", e->name, &e->U));
  PetscFunctionReturn(0);
}

static PetscErrorCode Energy_Energy(MckGenTarget t, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                    PetscReal *const grad[])
{
  Energy *e = (Energy *)t->data;

  PetscFunctionBeginUser;
  PetscCall((*e->U)(t->dim, n, x, U, grad));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Energy(MckGenTarget t, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "  energy %s\n", ((Energy *)t->data)->name));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetCreate_Energy(MckGenTarget t, MckGenTargetOps *ops, void **data)
{
  Energy *e;

  PetscFunctionBeginUser;
  (void)t;
  PetscCall(PetscNew(&e));
  PetscCall(PetscStrncpy(e->name, "double_well", sizeof(e->name)));
  ops->setfromoptions = SetFromOptions_Energy;
  ops->setup          = SetUp_Energy;
  ops->energy         = Energy_Energy;
  ops->view           = View_Energy;
  ops->config         = Config_Energy;
  ops->destroy        = MckGenTargetFreeData;
  *data               = e;
  PetscFunctionReturn(0);
}

/* U = sum_a (x_a^2 - 1)^2: two wells per coordinate at +-1. */
PetscErrorCode MckGenEnergy_DoubleWell(PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                       PetscReal *const grad[])
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    PetscReal u = 0;
    for (PetscInt a = 0; a < dim; a++) {
      const PetscReal y = x[a][i] * x[a][i] - 1;
      u += y * y;
      if (grad) grad[a][i] = 4 * x[a][i] * y;
    }
    U[i] = u;
  }
  PetscFunctionReturn(0);
}
