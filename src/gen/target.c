/* MckGenTarget: creation, type, options, and the calls every sampler makes (the types:
 * src/gen/targets/). */
#include "gen/genimpl.h"

/* A target's normalising constant is unknown unless its type says otherwise. */
static PetscErrorCode TargetTypeDefaults(MckGenTarget t)
{
  PetscFunctionBeginUser;
  t->logz_known = PETSC_FALSE;
  PetscFunctionReturn(0);
}
MCK_TYPED_RETYPE(TargetRetype, MckGenTarget, TargetTypeDefaults, MckGenTargetCreateFn, (x, x->ops, &x->data))
static const MckTypedClass TargetClass = {"MckGenTarget",        &MckGenTargetList, "-target_type", "target",
                                          "Target distribution", MCKGENTARGET_GMM,  TargetRetype};

/*@C
  MckGenTargetCreate - Creates a target distribution (a 2D Gaussian ring until set otherwise).

  Collective

  Input Parameter:
. comm - the communicator of the sampler that uses it

  Output Parameter:
. t - the target

  Level: beginner

.seealso: `MckGenTargetSetFromOptions()`, `MckGenTargetSample()`, `MckGenSamplerSetTarget()`
@*/
PetscErrorCode MckGenTargetCreate(MPI_Comm comm, MckGenTarget *t)
{
  PetscFunctionBeginUser;
  PetscValidPointer(t, 2);
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscHeaderCreate(*t, MCK_GENTARGET_CLASSID, "MckGenTarget", "Target distribution", "MckGenTarget", comm,
                              MckGenTargetDestroy, MckGenTargetView));
  (*t)->comm = comm;
  (*t)->dim  = 2;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetType - Sets the kind of target.

  Collective

  Input Parameters:
+ t    - the target
- type - `MCKGENTARGET_GMM`, `MCKGENTARGET_CHECKERBOARD`, `MCKGENTARGET_MOONS`, `MCKGENTARGET_FUNNEL`, `MCKGENTARGET_DATA`, `MCKGENTARGET_ENERGY` or one added with `MckGenTargetRegister()`

  Options Database Key:
. -target_type <type> - the target

  Level: intermediate

.seealso: `MckGenTargetRegister()`
@*/
PetscErrorCode MckGenTargetSetType(MckGenTarget t, MckGenTargetType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(t, MCK_GENTARGET_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)t, &TargetClass, t->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetGetType - The target's type name.

  Not Collective

  Input Parameter:
. t - the target

  Output Parameter:
. type - its name

  Level: intermediate

.seealso: `MckGenTargetSetType()`
@*/
PetscErrorCode MckGenTargetGetType(MckGenTarget t, MckGenTargetType *type)
{
  PetscFunctionBeginUser;
  *type = ((PetscObject)t)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetOptionsPrefix - Sets the prefix of the target's options (-<prefix>target_type).

  Logically Collective

  Input Parameters:
+ t      - the target
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckGenTargetSetFromOptions()`
@*/
PetscErrorCode MckGenTargetSetOptionsPrefix(MckGenTarget t, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)t, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetDimension - Sets the dimension (types with a fixed dimension ignore it).

  Logically Collective

  Input Parameters:
+ t   - the target
- dim - 1 to `MCK_GEN_MAX_DIM`

  Level: intermediate

.seealso: `MckGenTargetGetDimension()`
@*/
PetscErrorCode MckGenTargetSetDimension(MckGenTarget t, PetscInt dim)
{
  PetscFunctionBeginUser;
  PetscCheck(dim >= 1 && dim <= MCK_GEN_MAX_DIM, t->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": allowed 1 to %d",
             McKeanOptionName((PetscObject)t, "-target_dim"), dim, MCK_GEN_MAX_DIM);
  t->dim = dim;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetGetDimension - The target's dimension.

  Not Collective

  Input Parameter:
. t - the target

  Output Parameter:
. dim - its dimension

  Level: beginner

.seealso: `MckGenTargetSetDimension()`
@*/
PetscErrorCode MckGenTargetGetDimension(MckGenTarget t, PetscInt *dim)
{
  PetscFunctionBeginUser;
  *dim = t->dim;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetFromOptions - Sets the target from the options database.

  Collective

  Input Parameter:
. t - the target

  Options Database Keys:
+ -target_type <gmm|checkerboard|moons|funnel|data|energy> - the target
. -target_dim <d>   - dimension (gmm, funnel, energy)
. -target_log_z <c> - log of the normaliser of exp(-U) (gmm, funnel)
- -target_view      - view the target at set-up

  Level: beginner

.seealso: `MckGenTargetCreate()`, `MckGenTargetSetUp()`
@*/
PetscErrorCode MckGenTargetSetFromOptions(MckGenTarget t)
{
  PetscInt  dim  = t->dim;
  PetscReal logz = t->logz;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(t, MCK_GENTARGET_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)t);
  MckOptionsCall(MckOptionsTyped(t, &TargetClass, t->setup));
  MckOptionsCall(MckOptionsInt("-target_dim", "Dimension of the target (gmm, funnel, energy)", dim, &dim, NULL));
  if (t->ops->setfromoptions) MckOptionsCall((*t->ops->setfromoptions)(t, PetscOptionsObject));
  if (t->logz_known)
    MckOptionsCall(
        MckOptionsReal("-target_log_z", "log Z: the energy is U = -log p - log Z, exp(-U) = Z p", logz, &logz, NULL));
  PetscOptionsEnd();
  PetscCall(MckGenTargetSetDimension(t, dim));
  if (t->logz_known) t->logz = logz;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetUp - Sets up the target (means of a mixture, rows of a data file).

  Collective

  Input Parameter:
. t - the target

  Level: beginner

.seealso: `MckGenTargetSetFromOptions()`
@*/
PetscErrorCode MckGenTargetSetUp(MckGenTarget t)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(t, MCK_GENTARGET_CLASSID, 1);
  if (t->setup) PetscFunctionReturn(0);
  if (!((PetscObject)t)->type_name) PetscCall(MckGenTargetSetType(t, MCKGENTARGET_GMM));
  PetscCall((*t->ops->setup)(t));
  t->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)t, NULL, "-target_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSample - Draws samples keyed by their global ids and a step.

  Not Collective

  Input Parameters:
+ t      - the target (set up)
. rng    - the generator
. gstart - the global id of the first sample
. n      - the number of samples
- step   - the counter step of the draws

  Output Parameter:
. x - x[a][i], a < dim, i < n

  Level: intermediate

.seealso: `MckGenTargetHas()`
@*/
PetscErrorCode MckGenTargetSample(MckGenTarget t, MckRNG rng, PetscInt64 gstart, PetscInt n, PetscInt64 step,
                                  PetscReal *const x[])
{
  PetscFunctionBeginUser;
  PetscCheck(
      t->ops->sample, t->comm, PETSC_ERR_USER_INPUT,
      "target %s gives no samples (a sampler that learns from data needs -target_type gmm, checkerboard, moons, funnel or data)",
      ((PetscObject)t)->type_name);
  PetscCall((*t->ops->sample)(t, rng, gstart, n, step, x));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetEnergy - The energy U (exp(-U) proportional to the density) and its gradient.

  Not Collective

  Input Parameters:
+ t - the target (set up)
. n - the number of points
- x - the points, x[a][i]

  Output Parameters:
+ U    - U(x_i)
- grad - grad[a][i] = dU/dx_a at x_i (may be NULL)

  Level: intermediate

.seealso: `MckGenTargetHas()`, `MckGenTargetGetLogNormalizer()`
@*/
PetscErrorCode MckGenTargetEnergy(MckGenTarget t, PetscInt n, const PetscReal *const x[], PetscReal U[],
                                  PetscReal *const grad[])
{
  PetscFunctionBeginUser;
  PetscCheck(t->ops->energy, t->comm, PETSC_ERR_USER_INPUT,
             "target %s has no energy (SMC needs -target_type gmm, funnel or energy)", ((PetscObject)t)->type_name);
  PetscCall((*t->ops->energy)(t, n, x, U, grad));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetDenoise - The exact posterior mean E[x1 | beta x1 + sigma zeta = x] of the target
  x1 under Gaussian noise zeta ~ N(0, I): the exact drift of the Gaussian paths.

  Not Collective

  Input Parameters:
+ t     - the target (set up)
. beta  - the data coefficient
. sigma - the noise level, > 0
. n     - the number of points
- x     - the points, x[a][i]

  Output Parameter:
. m - m[a][i]

  Level: advanced

.seealso: `MckGenTargetHas()`
@*/
PetscErrorCode MckGenTargetDenoise(MckGenTarget t, PetscReal beta, PetscReal sigma, PetscInt n,
                                   const PetscReal *const x[], PetscReal *const m[])
{
  PetscFunctionBeginUser;
  PetscCheck(t->ops->denoise, t->comm, PETSC_ERR_USER_INPUT,
             "target %s has no exact denoiser (the exact drift needs -target_type gmm)", ((PetscObject)t)->type_name);
  PetscCall((*t->ops->denoise)(t, beta, sigma, n, x, m));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetHas - What the target provides.

  Not Collective

  Input Parameter:
. t - the target

  Output Parameters:
+ sample  - samples
. energy  - an energy
. denoise - the exact denoiser
- moments - the exact mean and covariance

  Any output may be NULL.

  Level: intermediate

.seealso: `MckGenTargetSample()`, `MckGenTargetEnergy()`, `MckGenTargetDenoise()`, `MckGenTargetGetMoments()`
@*/
PetscErrorCode MckGenTargetHas(MckGenTarget t, PetscBool *sample, PetscBool *energy, PetscBool *denoise,
                               PetscBool *moments)
{
  PetscFunctionBeginUser;
  if (sample) *sample = (PetscBool) !!t->ops->sample;
  if (energy) *energy = (PetscBool) !!t->ops->energy;
  if (denoise) *denoise = (PetscBool) !!t->ops->denoise;
  if (moments) *moments = (PetscBool) !!t->ops->moments;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetGetMoments - The exact mean and covariance.

  Not Collective

  Input Parameter:
. t - the target (set up)

  Output Parameters:
+ mean - dim values
- cov  - dim x dim, row-major

  Level: intermediate

.seealso: `MckGenTargetHas()`
@*/
PetscErrorCode MckGenTargetGetMoments(MckGenTarget t, PetscReal mean[], PetscReal cov[])
{
  PetscFunctionBeginUser;
  PetscCheck(t->ops->moments, t->comm, PETSC_ERR_SUP, "target %s has no known moments", ((PetscObject)t)->type_name);
  PetscCall((*t->ops->moments)(t, mean, cov));
  PetscFunctionReturn(0);
}

/* The mean and covariance (divided by n) of n points of D coordinates, X row-major (n x D): the
 * moments of the data target, and the spread of the centres in those of the mixture. */
PetscErrorCode MckGenRowMoments(PetscInt64 n, PetscInt D, const PetscReal X[], PetscReal mean[], PetscReal cov[])
{
  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < D; a++) {
    mean[a] = 0;
    for (PetscInt64 r = 0; r < n; r++) mean[a] += X[r * D + a];
    mean[a] /= (PetscReal)n;
  }
  for (PetscInt a = 0; a < D; a++)
    for (PetscInt b = 0; b < D; b++) {
      PetscReal s = 0;
      for (PetscInt64 r = 0; r < n; r++) s += (X[r * D + a] - mean[a]) * (X[r * D + b] - mean[b]);
      cov[a * D + b] = s / (PetscReal)n;
    }
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetGetLogNormalizer - log Z = log of the integral of exp(-U), when known.

  Not Collective

  Input Parameter:
. t - the target

  Output Parameters:
+ logz  - the value
- known - whether it is known

  Level: intermediate

.seealso: `MckGenTargetEnergy()`
@*/
PetscErrorCode MckGenTargetGetLogNormalizer(MckGenTarget t, PetscReal *logz, PetscBool *known)
{
  PetscFunctionBeginUser;
  *logz  = t->logz;
  *known = t->logz_known;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetSetLogNormalizer - For types: declares log Z known (and its default; -target_log_z may change it).

  Not Collective

  Input Parameters:
+ t    - the target
- logz - the value

  Level: developer

.seealso: `MckGenTargetGetLogNormalizer()`
@*/
PetscErrorCode MckGenTargetSetLogNormalizer(MckGenTarget t, PetscReal logz)
{
  PetscFunctionBeginUser;
  t->logz       = logz;
  t->logz_known = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetGetTypeData - For types: the type's own state.

  Not Collective

  Input Parameter:
. t - the target

  Output Parameter:
. data - the state its constructor set

  Level: developer

.seealso: `MckGenTargetRegister()`
@*/
PetscErrorCode MckGenTargetGetTypeData(MckGenTarget t, void **data)
{
  PetscFunctionBeginUser;
  *data = t->data;
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetConfig - Records or compares the settings a checkpoint depends on.

  Collective

  Input Parameters:
+ t     - the target
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckIOConfigString()`
@*/
PetscErrorCode MckGenTargetConfig(MckGenTarget t, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName((PetscObject)t, "-target_type"), ((PetscObject)t)->type_name));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName((PetscObject)t, "-target_dim"), t->dim));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)t, "-target_log_z"), 1, &t->logz));
  if (t->ops->config) PetscCall((*t->ops->config)(t, io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetView - Prints the target.

  Collective

  Input Parameters:
+ t      - the target
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -target_view - view at set-up

  Level: intermediate

.seealso: `MckGenTargetSetUp()`
@*/
PetscErrorCode MckGenTargetView(MckGenTarget t, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanObjectViewBegin((PetscObject)t, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  dimension %" PetscInt_FMT "%s\n", t->dim,
                                   t->logz_known ? ", log Z known" : ""));
  if (t->ops->view) PetscCall((*t->ops->view)(t, viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode MckGenTargetFreeData(MckGenTarget t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(t->data));
  PetscFunctionReturn(0);
}

/*@C
  MckGenTargetDestroy - Drops a reference to the target, freeing it with the last.

  Collective

  Input Parameter:
. t - the target

  Level: beginner

.seealso: `MckGenTargetCreate()`
@*/
PetscErrorCode MckGenTargetDestroy(MckGenTarget *t)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)t, MCK_GENTARGET_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*t)->ops->destroy) PetscCall((*(*t)->ops->destroy)(*t));
  PetscCall(PetscHeaderDestroy(t));
  PetscFunctionReturn(0);
}
