/* MckGenFeatures: the object, the time basis and the tensor product with the space features of
 * the type (src/gen/features/). */
#include "gen/genimpl.h"

MCK_TYPED_RETYPE(FeaturesRetype, MckGenFeatures, NULL, MckGenFeaturesCreateFn, (x, x->ops, &x->data))
static const MckTypedClass FeaturesClass = {
    "MckGenFeatures",   &MckGenFeaturesList, "-features_type", "feature model", "Space features of the learned drift",
    MCKGENFEATURES_RFF, FeaturesRetype};

typedef enum { MCK_TIME_HAT, MCK_TIME_LEGENDRE } MckTimeBasis;
static const char *const MckTimeBases[] = {"hat", "legendre", "MckTimeBasis", "MCK_TIME_", NULL};

/*@C
  MckGenFeaturesCreate - Creates a feature model (random Fourier features, 8 hat functions in t, until set otherwise).

  Collective

  Input Parameter:
. comm - the communicator

  Output Parameter:
. f - the features

  Level: beginner

.seealso: `MckGenFeaturesSetFromOptions()`, `MckGenFeaturesEvaluate()`
@*/
PetscErrorCode MckGenFeaturesCreate(MPI_Comm comm, MckGenFeatures *f)
{
  PetscFunctionBeginUser;
  PetscValidPointer(f, 2);
  PetscCall(MckGenInitializePackage());
  PetscCall(PetscHeaderCreate(*f, MCK_GENFEATURES_CLASSID, "MckGenFeatures", "Feature model", "MckGenFeatures", comm,
                              MckGenFeaturesDestroy, MckGenFeaturesView));
  (*f)->comm       = comm;
  (*f)->dim        = 2;
  (*f)->nt         = 8;
  (*f)->time_basis = MCK_TIME_HAT;
  (*f)->seed       = 7;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetType - Sets the space features.

  Collective

  Input Parameters:
+ f    - the features
- type - `MCKGENFEATURES_RFF`, `MCKGENFEATURES_HERMITE`, `MCKGENFEATURES_FOURIER` or one added with `MckGenFeaturesRegister()`

  Options Database Key:
. -features_type <type> - the space features

  Level: intermediate

.seealso: `MckGenFeaturesRegister()`
@*/
PetscErrorCode MckGenFeaturesSetType(MckGenFeatures f, MckGenFeaturesType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_GENFEATURES_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)f, &FeaturesClass, f->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesGetType - The type name of the space features.

  Not Collective

  Input Parameter:
. f - the features

  Output Parameter:
. type - the name

  Level: intermediate

.seealso: `MckGenFeaturesSetType()`
@*/
PetscErrorCode MckGenFeaturesGetType(MckGenFeatures f, MckGenFeaturesType *type)
{
  PetscFunctionBeginUser;
  *type = ((PetscObject)f)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetOptionsPrefix - Sets the prefix of the features' options.

  Logically Collective

  Input Parameters:
+ f      - the features
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckGenFeaturesSetFromOptions()`
@*/
PetscErrorCode MckGenFeaturesSetOptionsPrefix(MckGenFeatures f, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)f, prefix));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetFromOptions - Sets the features from the options database.

  Collective

  Input Parameter:
. f - the features

  Options Database Keys:
+ -features_type <rff|hermite|fourier> - the space features
. -features_time_basis <hat|legendre>  - the time basis
. -features_time_size <nt>             - the number of time functions
. -features_seed <s>                   - seed of random features
- -features_view                       - view at set-up

  Level: beginner

.seealso: `MckGenFeaturesCreate()`
@*/
PetscErrorCode MckGenFeaturesSetFromOptions(MckGenFeatures f)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_GENFEATURES_CLASSID, 1);
  PetscObjectOptionsBegin((PetscObject)f);
  MckOptionsCall(MckOptionsTyped(f, &FeaturesClass, f->setup));
  MckOptionsCall(MckOptionsChoice("-features_time_basis",
                                  "Time basis: hat (piecewise linear on equispaced nodes) or legendre", MckTimeBases, 2,
                                  f->time_basis, &f->time_basis, NULL));
  MckOptionsCall(MckOptionsInt("-features_time_size", "Number of time basis functions", f->nt, &f->nt, NULL));
  MckOptionsCall(MckOptionsInt("-features_seed", "Seed of random features", f->seed, &f->seed, NULL));
  if (f->ops->setfromoptions) MckOptionsCall((*f->ops->setfromoptions)(f, PetscOptionsObject));
  PetscOptionsEnd();
  PetscCheck(f->nt >= 1 && (f->nt >= 2 || f->time_basis == MCK_TIME_LEGENDRE), f->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": at least 1 (legendre) or 2 (hat)",
             McKeanOptionName((PetscObject)f, "-features_time_size"), f->nt);
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetDimension - Sets the dimension of the points.

  Logically Collective

  Input Parameters:
+ f   - the features (before set-up)
- dim - the dimension

  Level: intermediate

.seealso: `MckGenFeaturesSetUp()`
@*/
PetscErrorCode MckGenFeaturesSetDimension(MckGenFeatures f, PetscInt dim)
{
  PetscFunctionBeginUser;
  f->dim = dim;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesGetDimension - The dimension of the points.

  Not Collective

  Input Parameter:
. f - the features

  Output Parameter:
. dim - the dimension

  Level: developer

.seealso: `MckGenFeaturesSetDimension()`
@*/
PetscErrorCode MckGenFeaturesGetDimension(MckGenFeatures f, PetscInt *dim)
{
  PetscFunctionBeginUser;
  *dim = f->dim;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesGetSeed - The seed of random features (-features_seed).

  Not Collective

  Input Parameter:
. f - the features

  Output Parameter:
. seed - the seed

  Level: developer

.seealso: `MckGenFeaturesSetFromOptions()`
@*/
PetscErrorCode MckGenFeaturesGetSeed(MckGenFeatures f, PetscInt *seed)
{
  PetscFunctionBeginUser;
  *seed = f->seed;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetSpaceSize - For types, at set-up: the number of space features.

  Not Collective

  Input Parameters:
+ f  - the features
- px - the number

  Level: developer

.seealso: `MckGenFeaturesOps`
@*/
PetscErrorCode MckGenFeaturesSetSpaceSize(MckGenFeatures f, PetscInt px)
{
  PetscFunctionBeginUser;
  f->px = px;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesGetTypeData - For types: the type's own state.

  Not Collective

  Input Parameter:
. f - the features

  Output Parameter:
. data - the state its constructor set

  Level: developer

.seealso: `MckGenFeaturesRegister()`
@*/
PetscErrorCode MckGenFeaturesGetTypeData(MckGenFeatures f, void **data)
{
  PetscFunctionBeginUser;
  *data = f->data;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSetUp - Builds the features (draws random frequencies, enumerates multi-indices).

  Collective

  Input Parameter:
. f - the features

  Level: beginner

.seealso: `MckGenFeaturesGetSizes()`
@*/
PetscErrorCode MckGenFeaturesSetUp(MckGenFeatures f)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_GENFEATURES_CLASSID, 1);
  if (f->setup) PetscFunctionReturn(0);
  if (!((PetscObject)f)->type_name) PetscCall(MckGenFeaturesSetType(f, MCKGENFEATURES_RFF));
  PetscCall((*f->ops->setup)(f));
  f->setup = PETSC_TRUE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)f, NULL, "-features_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesGetSizes - The numbers of features.

  Not Collective

  Input Parameter:
. f - the features (set up)

  Output Parameters:
+ p  - all features, nt px
. px - space features
- nt - time functions

  Level: beginner

.seealso: `MckGenFeaturesEvaluate()`
@*/
PetscErrorCode MckGenFeaturesGetSizes(MckGenFeatures f, PetscInt *p, PetscInt *px, PetscInt *nt)
{
  PetscFunctionBeginUser;
  if (p) *p = f->nt * f->px;
  if (px) *px = f->px;
  if (nt) *nt = f->nt;
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesSpace - The space features psi(x) of n points.

  Not Collective

  Input Parameters:
+ f - the features (set up)
. n - the number of points
- X - the points, row-major n x dim

  Output Parameter:
. Psi - row-major n x px

  Level: intermediate

.seealso: `MckGenFeaturesEvaluate()`
@*/
PetscErrorCode MckGenFeaturesSpace(MckGenFeatures f, PetscInt n, const PetscReal X[], PetscReal Psi[])
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenFeatures, f, 0, 0, 0));
  PetscCall((*f->ops->space)(f, n, X, Psi));
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenFeatures, f, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesTimeBasis - The time functions T_k(t), k < nt.

  Not Collective

  Input Parameters:
+ f - the features
- t - the time, in [0, 1]

  Output Parameter:
. T - nt values

  Level: intermediate

.seealso: `MckGenFeaturesEvaluate()`
@*/
PetscErrorCode MckGenFeaturesTimeBasis(MckGenFeatures f, PetscReal t, PetscReal T[])
{
  PetscFunctionBeginUser;
  if (f->time_basis == MCK_TIME_HAT) {
    const PetscReal h = 1.0 / (f->nt - 1), s = PetscMin(PetscMax(t, 0), 1) / h;
    const PetscInt  k = PetscMin((PetscInt)s, f->nt - 2);
    PetscCall(PetscArrayzero(T, f->nt));
    T[k]     = k + 1 - s;
    T[k + 1] = s - k;
  } else {
    const PetscReal y = 2 * t - 1;
    T[0]              = 1;
    if (f->nt > 1) T[1] = y;
    for (PetscInt k = 2; k < f->nt; k++) T[k] = ((2 * k - 1) * y * T[k - 1] - (k - 1) * T[k - 2]) / k;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesEvaluate - The features phi(t_i, x_i) = T(t_i) ⊗ psi(x_i) of n points.

  Not Collective

  Input Parameters:
+ f   - the features (set up)
. n   - the number of points
. t   - their times
. X   - the points, row-major n x dim
- Psi - workspace of n px values

  Output Parameter:
. Phi - row-major n x p, p = nt px

  Level: intermediate

.seealso: `MckGenFeaturesSpace()`, `MckGenFeaturesTimeBasis()`
@*/
PetscErrorCode MckGenFeaturesEvaluate(MckGenFeatures f, PetscInt n, const PetscReal t[], const PetscReal X[],
                                      PetscReal Psi[], PetscReal Phi[])
{
  const PetscInt px = f->px, nt = f->nt, p = nt * px;
  PetscReal      T[256];

  PetscFunctionBeginUser;
  PetscCheck(nt <= 256, f->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": at most 256",
             McKeanOptionName((PetscObject)f, "-features_time_size"), nt);
  PetscCall(MckGenFeaturesSpace(f, n, X, Psi));
  PetscCall(PetscLogEventBegin(MCK_EVENT_GenFeatures, f, 0, 0, 0));
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal *psi = Psi + (size_t)i * px;
    PetscReal       *phi = Phi + (size_t)i * p;
    PetscCall(MckGenFeaturesTimeBasis(f, t[i], T));
    for (PetscInt k = 0; k < nt; k++)
      for (PetscInt j = 0; j < px; j++) phi[k * px + j] = T[k] * psi[j];
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_GenFeatures, f, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesConfig - Records or compares the settings a checkpoint depends on.

  Collective

  Input Parameters:
+ f     - the features
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckIOConfigString()`
@*/
PetscErrorCode MckGenFeaturesConfig(MckGenFeatures f, MckIO io, PetscBool check)
{
  PetscObject obj = (PetscObject)f;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-features_type"), obj->type_name));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-features_time_basis"), MckTimeBases[f->time_basis]));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-features_time_size"), f->nt));
  /* the type's own settings first, so that a refusal names the option that differs */
  if (f->ops->config) PetscCall((*f->ops->config)(f, io, check));
  PetscCall(MckIOConfigInt(io, check, "space features", f->px));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-features_seed"), f->seed));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesView - Prints the features.

  Collective

  Input Parameters:
+ f      - the features
- viewer - an ASCII viewer (NULL: standard output)

  Level: intermediate

.seealso: `MckGenFeaturesSetUp()`
@*/
PetscErrorCode MckGenFeaturesView(MckGenFeatures f, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  PetscCall(McKeanObjectViewBegin((PetscObject)f, &viewer, NULL));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "  %" PetscInt_FMT " space features x %" PetscInt_FMT " %s functions of t = %" PetscInt_FMT " features\n",
      f->px, f->nt, MckTimeBases[f->time_basis], f->px * f->nt));
  if (f->ops->view) PetscCall((*f->ops->view)(f, viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckGenFeaturesDestroy - Drops a reference to the features, freeing them with the last.

  Collective

  Input Parameter:
. f - the features

  Level: beginner

.seealso: `MckGenFeaturesCreate()`
@*/
PetscErrorCode MckGenFeaturesDestroy(MckGenFeatures *f)
{
  PetscBool last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)f, MCK_GENFEATURES_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if ((*f)->ops->destroy) PetscCall((*(*f)->ops->destroy)(*f));
  PetscCall(PetscHeaderDestroy(f));
  PetscFunctionReturn(0);
}
