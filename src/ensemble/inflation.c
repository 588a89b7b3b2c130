/* The inflation schemes of a filter: one instance of every registered scheme (registry.c),
 * each reading its own options and acting only where they switch it on, called in
 * registration order before (prior) and after (posterior) the analysis. */
#include "ensemble/ensimpl.h"

/* The value of a scheme set by one real option: the first member of its data. */
static PetscReal *RealValue(MckEnsInflation s) { return (PetscReal *)s->data; }

/* Whether the scheme acts: a scheme set by one real option does nothing at its off value, so it
 * is neither set up nor applied then (nor viewed); any other scheme decides for itself. */
static PetscBool Acts(MckEnsInflation s) { return (PetscBool)(!s->real || *RealValue(s) != s->real->off); }

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
    if (ens->inflations[k]->ops.setup && Acts(ens->inflations[k]))
      PetscCall((*ens->inflations[k]->ops.setup)(ens, ens->inflations[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsPrior(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.prior && Acts(ens->inflations[k]))
      PetscCall((*ens->inflations[k]->ops.prior)(ens, ens->inflations[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsInflationsPosterior(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < ens->ninflations; k++)
    if (ens->inflations[k]->ops.posterior && Acts(ens->inflations[k]))
      PetscCall((*ens->inflations[k]->ops.posterior)(ens, ens->inflations[k]));
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
    PetscCall(PetscFree(s->data));
    PetscCall(PetscFree(s->name));
    PetscCall(PetscFree(s));
    ens->inflations[k] = NULL;
  }
  ens->ninflations = 0;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Real(MckEnsemble ens, MckEnsInflation s, PetscOptionItems *PetscOptionsObject)
{
  const MckEnsInflationReal *r = s->real;
  PetscReal                 *v = RealValue(s);

  PetscFunctionBeginUser;
  PetscCall(MckOptionsReal(r->option, r->help, *v, v, NULL));
  PetscCheck(*v >= r->lo && *v <= r->hi, ens->comm, PETSC_ERR_USER_INPUT, "%s %g: must be %s", MckOptName(r->option),
             (double)*v, r->allowed);
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Real(MckEnsemble ens, MckEnsInflation s, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)ens, s->real->option), 1, RealValue(s)));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Real(MckEnsemble ens, MckEnsInflation s, PetscViewer viewer)
{
  char b[32];

  PetscFunctionBeginUser;
  (void)ens;
  if (Acts(s))
    PetscCall(PetscViewerASCIIPrintf(viewer, "%s: %s\n", s->real->view, McKeanFormatReal(*RealValue(s), b, sizeof(b))));
  PetscFunctionReturn(0);
}

/* Makes s the scheme set by one real option that real describes: its data (real->size bytes, the
 * value first, set to real->off) and its own operations are real's; its options, checkpoint
 * settings and view those of the value. */
PetscErrorCode MckEnsInflationSetReal(MckEnsInflation s, const MckEnsInflationReal *real)
{
  PetscFunctionBeginUser;
  PetscCall(PetscCalloc(real->size, &s->data));
  *RealValue(s)         = real->off;
  s->real               = real;
  s->ops                = real->ops;
  s->ops.setfromoptions = SetFromOptions_Real;
  s->ops.config         = Config_Real;
  s->ops.view           = View_Real;
  PetscFunctionReturn(0);
}
