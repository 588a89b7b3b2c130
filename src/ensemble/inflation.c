/* The inflation schemes of a filter: one instance of every registered scheme (registry.c),
 * each reading its own options and acting only where they switch it on, called in
 * registration order before (prior) and after (posterior) the analysis. */
#include "ensemble/ensimpl.h"

PetscErrorCode MckEnsInflationsCreate(MckEnsemble ens, PetscOptionItems *PetscOptionsObject)
{
  char  names[512], *save = NULL;
  char *tok;

  PetscFunctionBeginUser;
  PetscCall(MckEnsInflationsDestroy(ens));
  PetscCall(McKeanFunctionListNames(MckEnsInflationList, names, sizeof(names)));
  for (tok = strtok_r(names, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
    MckEnsInflationCreateFn create;
    MckEnsInflation         s;
    PetscCheck(ens->ninflations < MCK_ENS_MAX_INFLATIONS, ens->comm, PETSC_ERR_SUP, "at most %d inflation schemes",
               MCK_ENS_MAX_INFLATIONS);
    PetscCall(PetscFunctionListFind(MckEnsInflationList, tok, &create));
    PetscCall(PetscNew(&s));
    PetscCall(PetscStrallocpy(tok, (char **)&s->name));
    PetscCall((*create)(s));
    ens->inflations[ens->ninflations++] = s;
    if (s->ops.setfromoptions) PetscCall((*s->ops.setfromoptions)(ens, s, PetscOptionsObject));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsSetUp(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.setup) PetscCall((*ens->inflations[k]->ops.setup)(ens, ens->inflations[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsPrior(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.prior) PetscCall((*ens->inflations[k]->ops.prior)(ens, ens->inflations[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsPosterior(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.posterior) PetscCall((*ens->inflations[k]->ops.posterior)(ens, ens->inflations[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsConfig(MckEnsemble ens, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.config)
      PetscCall((*ens->inflations[k]->ops.config)(ens, ens->inflations[k], io, check));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsWrite(MckEnsemble ens, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.write) PetscCall((*ens->inflations[k]->ops.write)(ens, ens->inflations[k], io, group));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsRead(MckEnsemble ens, MckIO io, const char group[])
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.read) PetscCall((*ens->inflations[k]->ops.read)(ens, ens->inflations[k], io, group));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsView(MckEnsemble ens, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.view) PetscCall((*ens->inflations[k]->ops.view)(ens, ens->inflations[k], viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsDestroy(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++) {
    MckEnsInflation s = ens->inflations[k];
    if (s->ops.destroy) PetscCall((*s->ops.destroy)(s));
    PetscCall(PetscFree(s->name));
    PetscCall(PetscFree(s));
    ens->inflations[k] = NULL;
  }
  ens->ninflations = 0;
  PetscFunctionReturn(0);
}
