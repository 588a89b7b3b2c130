/* MckEnsemble: creation, type (the analysis), options, member groups, set-up, accessors, view,
 * destroy. The registry: registry.c; members and the cycle: members.c; failures: failures.c. */
#include "ensemble/ensimpl.h"
#include <mckean/mckmodel.h>

/* An analysis type's properties start from a global filter's: no localisation, no ensemble
 * transform, no type state in checkpoints. */
static PetscErrorCode EnsembleTypeDefaults(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  ens->kind      = MCK_ENSEMBLE_FILTER;
  ens->local     = PETSC_FALSE;
  ens->transform = PETSC_FALSE;
  ens->nmats = ens->nvecs = ens->nscal = 0;
  PetscFunctionReturn(0);
}
MCK_TYPED_RETYPE(EnsembleRetype, MckEnsemble, EnsembleTypeDefaults, MckEnsembleAnalysisCreateFn, (x))
static const MckTypedClass EnsembleClass = {"MckEnsemble",   &MckEnsembleList, "-ens_analysis", "analysis",
                                            "Analysis type", MCKENSEMBLE_ETKF, EnsembleRetype};

static const char *const FailedNames[] = {"drop", "replace", "MckEnsembleFailed", "MCK_ENS_FAILED_", NULL};
static const char *const LayoutNames[] = {"auto",         "blocks",          "replicated", "redundant",
                                          "MckEnsLayout", "MCK_ENS_LAYOUT_", NULL};

MCK_CONFIG_METHOD(Config_Ensemble, MckEnsemble, MckEnsembleConfig)
MCK_GROUP_METHOD(Write_Ensemble, MckEnsemble, MckEnsembleWrite)
MCK_GROUP_METHOD(Read_Ensemble, MckEnsemble, MckEnsembleRead)

/*@C
  MckEnsembleCreate - Creates an ensemble of J members on the ranks of comm.

  Collective

  Input Parameter:
. comm - the communicator of all ranks that hold members

  Output Parameter:
. ens - the ensemble: 20 members, one rank per member, no type until `MckEnsembleSetType()` or
        `MckEnsembleSetFromOptions()` (etkf by default)

  Note:
  The ensemble takes part in the checkpoints of an `MckRun` it is added to (members, activity,
  cycle); its members are initialized by the caller (`MckEnsembleInitializeMembers()`, `MckTwin`).

  Level: beginner

.seealso: `MckEnsembleSetFromOptions()`, `MckEnsembleSetModel()`, `MckEnsembleSetUp()`, `MckTwinCreate()`
@*/
PetscErrorCode MckEnsembleCreate(MPI_Comm comm, MckEnsemble *ens)
{
  const MckCheckpointOps ops = {Config_Ensemble, Write_Ensemble, Read_Ensemble, NULL};
  MckEnsemble            e;

  PetscFunctionBeginUser;
  PetscValidPointer(ens, 2);
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscHeaderCreate(e, MCK_ENSEMBLE_CLASSID, "MckEnsemble", "Ensemble Kalman methods", "MckEnsemble", comm,
                              MckEnsembleDestroy, MckEnsembleView));
  PetscCall(MckObjectComposeCheckpoint((PetscObject)e, &ops));
  e->comm = PetscObjectComm((PetscObject)e);
  PetscCallMPI(MPI_Comm_rank(e->comm, &e->rank));
  PetscCallMPI(MPI_Comm_size(e->comm, &e->size));
  e->mcomm               = MPI_COMM_NULL;
  e->xcomm               = MPI_COMM_NULL;
  e->J                   = 20;
  e->rpm                 = 1;
  e->min_members         = 2;
  e->failed_replace      = PETSC_TRUE;
  e->outlier_factor      = 100;
  e->scalapack_threshold = 1024;
  e->chunk               = 64;
  e->seed                = -1;
  e->blacs               = -1;
  e->app_seed            = 1;
  e->div_ratio           = 4;
  PetscCall(MckEnsObsOperatorFind(comm, "-ens_obs_operator", MCKOBS_SELECTION, &e->obsop));
  *ens = e;
  PetscFunctionReturn(0);
}

/* The largest J with 2 J^2 + 6 J + 1 <= PETSC_MAX_INT (32766 for 32-bit PetscInt). */
static PetscInt MaxMembers(void)
{
  PetscInt64 J = (PetscInt64)sqrt(PETSC_MAX_INT / 2.0);

  while (2 * J * J + 6 * J + 1 > PETSC_MAX_INT) J--;
  return (PetscInt)J;
}

/*@C
  MckEnsembleSetSize - Sets the number of members.

  Logically Collective

  Input Parameters:
+ ens - the ensemble, before its member groups are formed
- J   - the number of members, at least 2 and at most 32766 (the sizes of its J x J arrays are PetscInts)

  Options Database Key:
. -ens_size <J> - the number of members

  Level: intermediate

.seealso: `MckEnsembleSetFromOptions()`, `MckEnsembleGetSizes()`
@*/
PetscErrorCode MckEnsembleSetSize(MckEnsemble ens, PetscInt J)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(ens->mcomm == MPI_COMM_NULL || J == ens->J, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleSetSize() must come before the member groups are formed");
  PetscCheck(J >= 2, ens->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": an ensemble needs at least 2 members",
             McKeanOptionName((PetscObject)ens, "-ens_size"), J);
  /* the analysis's work arrays are J x J, the eigensolver's 2 J^2 + 6 J + 1 entries: their sizes must be PetscInts */
  PetscCheck(J <= MaxMembers(), ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT
             ": the analysis's J x J arrays would have more entries than a PetscInt counts; allowed: "
             "at most %" PetscInt_FMT " members",
             McKeanOptionName((PetscObject)ens, "-ens_size"), J, MaxMembers());
  ens->J = J;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetType - Sets the analysis.

  Collective

  Input Parameters:
+ ens  - the ensemble, not yet set up
- type - `MCKENSEMBLE_ENKF`, `MCKENSEMBLE_ETKF`, `MCKENSEMBLE_LETKF`, `MCKENSEMBLE_EKI`,
         `MCKENSEMBLE_EKS`, or a type added with `MckEnsembleRegister()`

  Options Database Key:
. -ens_analysis <type> - the analysis

  Level: intermediate

.seealso: `MckEnsembleRegister()`, `MckEnsembleGetType()`, `MckEnsembleGetKind()`
@*/
PetscErrorCode MckEnsembleSetType(MckEnsemble ens, MckEnsembleType type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(McKeanTypedSetType((PetscObject)ens, &EnsembleClass, ens->setup, type));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetType - The analysis type's name.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. type - the type name (NULL before a type is set)

  Level: intermediate

.seealso: `MckEnsembleSetType()`
@*/
PetscErrorCode MckEnsembleGetType(MckEnsemble ens, MckEnsembleType *type)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *type = ((PetscObject)ens)->type_name;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetKind - Whether the analysis is a filter (`MckEnsembleForecast()`,
  `MckEnsembleAnalyze()`), an inversion or a sampler (`MckEnsembleIterate()`).

  Not Collective

  Input Parameter:
. ens - the ensemble, with its type set

  Output Parameter:
. kind - `MCK_ENSEMBLE_FILTER`, `MCK_ENSEMBLE_INVERSION` or `MCK_ENSEMBLE_SAMPLER`

  Level: intermediate

.seealso: `MckEnsembleTypesOfKind()`, `MckEnsembleSetType()`
@*/
PetscErrorCode MckEnsembleGetKind(MckEnsemble ens, MckEnsembleKind *kind)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(((PetscObject)ens)->type_name, ens->comm, PETSC_ERR_ORDER, "MckEnsembleGetKind: set the type first");
  *kind = ens->kind;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetOptionsPrefix - Sets the prefix of the ensemble's options (-<prefix>ens_size,
  -<prefix>eki_dt, ...), so that two ensembles in one run read their own.

  Logically Collective

  Input Parameters:
+ ens    - the ensemble
- prefix - the prefix, without the leading dash

  Level: intermediate

.seealso: `MckEnsembleSetFromOptions()`
@*/
PetscErrorCode MckEnsembleSetOptionsPrefix(MckEnsemble ens, const char prefix[])
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)ens, prefix));
  PetscFunctionReturn(0);
}

/* Groups of rpm consecutive ranks; each group owns a chunk of consecutive member ids. */
static PetscErrorCode FormGroups(MckEnsemble ens)
{
  PetscMPIInt color, sub;
  PetscInt    nch;

  PetscFunctionBeginUser;
  if (ens->mcomm != MPI_COMM_NULL) PetscFunctionReturn(0);
  PetscCheck(ens->rpm >= 1 && ens->size % ens->rpm == 0, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must divide the number of ranks (%d)",
             McKeanOptionName((PetscObject)ens, "-ens_ranks_per_member"), ens->rpm, ens->size);
  color = (PetscMPIInt)(ens->rank / ens->rpm);
  sub   = (PetscMPIInt)(ens->rank % ens->rpm);
  PetscCallMPI(MPI_Comm_split(ens->comm, color, sub, &ens->mcomm));
  PetscCallMPI(MPI_Comm_split(ens->comm, sub, color, &ens->xcomm));
  ens->ngroups = ens->size / ens->rpm;
  PetscCall(MckStatsChunkOwnership(ens->xcomm, ens->J, 1, &ens->m0, &ens->nlocal, &nch));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSettings(MckEnsemble ens, PetscBool seed_set)
{
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscCheck(ens->min_members >= 2 && ens->min_members <= ens->J, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be between 2 and %s %" PetscInt_FMT, McKeanOptionName(obj, "-ens_min_members"),
             ens->min_members, McKeanOptionName(obj, "-ens_size"), ens->J);
  PetscCheck(ens->outlier_factor > 1, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %g: must be above 1 (a member as far from the ensemble as the median member is no outlier)",
             McKeanOptionName(obj, "-ens_outlier_factor"), (double)ens->outlier_factor);
  PetscCheck(ens->scalapack_threshold >= 1, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive number of members",
             McKeanOptionName(obj, "-ens_scalapack_threshold"), ens->scalapack_threshold);
  PetscCheck(ens->chunk >= 1, ens->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be positive",
             McKeanOptionName(obj, "-ens_chunk"), ens->chunk);
  PetscCheck(!seed_set || ens->seed >= -1, ens->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be -1 (the app's seed) or >= 0", McKeanOptionName(obj, "-ens_seed"),
             ens->seed);
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetFromOptions - Sets the ensemble, its analysis type and the type's options from
  the options database, and forms the member groups.

  Collective

  Input Parameter:
. ens - the ensemble

  Options Database Keys:
+ -ens_size <J>                  - members (>= 2)
. -ens_ranks_per_member <r>      - ranks per member (divides the rank count)
. -ens_analysis <type>           - the analysis (etkf by default); each type reads its own options
. -ens_failed <drop|replace>     - what happens to a failed member
. -ens_outlier_factor <f>        - a member further than f times the median member from the
                                   component-wise median of the ensemble fails (default 100)
. -ens_min_members <m>           - fewer active members end the run (ensemble diverged)
. -ens_scalapack_threshold <J_a> - active members from which the eigenproblem uses ScaLAPACK
. -ens_chunk <c>                 - components per chunk of the reproducible sums
. -ens_layout <auto|blocks|replicated|redundant> - the layout (auto: from n, J and the rank
                                   count, `MckEnsembleGetLayout()`)
. -ens_seed <s>                  - seed of the ensemble's random numbers (-1: the app's -seed)
. -ens_inflation <rho>           - filters: multiplicative covariance inflation (>= 1)
. -ens_additive_inflation <s>    - filters: standard deviation of additive noise
. -ens_rtps <alpha>              - filters: relaxation to prior spread in [0, 1]
. -ens_divergence_ratio <f>      - filters: warn when the innovations run f times above
                                   H P H^T + R with a small spread (default 4; 0: never)
. -ens_obs_operator <selection>  - filters: the observation operator (selection, interp, abs,
                                   square, or one added by `MckEnsembleRegisterObsOperator()`)
- -ens_view                      - view the ensemble at set-up

  Note:
  Call before `MckEnsembleGetMemberComm()`. An option of an analysis type that was not chosen
  (e.g. -ens_loc_radius with etkf) is unused, and refused.

  Level: beginner

.seealso: `MckEnsembleCreate()`, `MckEnsembleSetType()`, `MckEnsembleSetOptionsPrefix()`
@*/
PetscErrorCode MckEnsembleSetFromOptions(MckEnsemble ens)
{
  PetscObject obj    = (PetscObject)ens;
  PetscInt    failed = ens->failed_replace ? 1 : 0, layout = (PetscInt)ens->layout;
  PetscBool   seed_set;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscObjectOptionsBegin(obj);
  MckOptionsCall(MckOptionsInt("-ens_size", "Number of ensemble members J", ens->J, &ens->J, NULL));
  MckOptionsCall(MckOptionsInt("-ens_ranks_per_member",
                               "Ranks per member (members as distributed Vecs on sub-communicators)", ens->rpm,
                               &ens->rpm, NULL));
  MckOptionsCall(MckOptionsTyped(ens, &EnsembleClass, ens->setup));
  MckOptionsCall(MckOptionsChoice(
      "-ens_failed", "Failed members: drop (inactive from then on) or replace (resampled from the analysis)",
      FailedNames, 2, failed, &failed, NULL));
  MckOptionsCall(
      MckOptionsReal("-ens_outlier_factor",
                     "A member further than this many times the median member from the component-wise median fails",
                     ens->outlier_factor, &ens->outlier_factor, NULL));
  MckOptionsCall(MckOptionsInt("-ens_min_members", "Fewer active members end the run (ensemble diverged)",
                               ens->min_members, &ens->min_members, NULL));
  MckOptionsCall(MckOptionsInt("-ens_scalapack_threshold",
                               "Active members from which the ensemble-space eigenproblem uses ScaLAPACK",
                               ens->scalapack_threshold, &ens->scalapack_threshold, NULL));
  MckOptionsCall(MckOptionsInt("-ens_chunk", "State/data components per chunk of the reproducible sums", ens->chunk,
                               &ens->chunk, NULL));
  MckOptionsCall(MckOptionsChoice(
      "-ens_layout",
      "Layout: auto (from n, J and the ranks), blocks of components, replicated analysis, or redundant (every rank runs the whole ensemble)",
      LayoutNames, 4, layout, &layout, NULL));
  MckOptionsCall(MckOptionsInt("-ens_seed", "Seed of the ensemble's random numbers (-1: the app's -seed)", ens->seed,
                               &ens->seed, &seed_set));
  if (ens->ops->setfromoptions) MckOptionsCall((*ens->ops->setfromoptions)(ens, PetscOptionsObject));
  if (ens->kind == MCK_ENSEMBLE_FILTER) {
    MckOptionsCall(MckEnsInflationsCreate(ens, PetscOptionsObject));
    MckOptionsCall(MckEnsInnovationsSetFromOptions(ens, PetscOptionsObject));
    MckOptionsCall(MckEnsSmootherSetFromOptions(ens, PetscOptionsObject));
    MckOptionsCall(MckEnsObsSetFromOptions(ens, PetscOptionsObject));
  }
  PetscOptionsEnd();
  ens->failed_replace = failed == 1 ? PETSC_TRUE : PETSC_FALSE;
  ens->layout         = (MckEnsLayout)layout;
  PetscCall(MckEnsembleSetSize(ens, ens->J));
  PetscCall(CheckSettings(ens, seed_set));
  PetscCall(FormGroups(ens));
  ens->setfromoptions = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetMemberComm - The communicator of this rank's member group: create the model,
  or the callbacks' objects, on it.

  Collective (the first call forms the groups)

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. mcomm - the group's communicator (owned by the ensemble)

  Level: beginner

.seealso: `MckEnsembleSetFromOptions()`, `MckModelCreate()`
@*/
PetscErrorCode MckEnsembleGetMemberComm(MckEnsemble ens, MPI_Comm *mcomm)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(FormGroups(ens));
  *mcomm = ens->mcomm;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetLocalMembers - The members this rank's group holds: global ids
  [first, first + nlocal).

  Collective (the first call forms the groups)

  Input Parameter:
. ens - the ensemble

  Output Parameters:
+ first  - the first member (may be NULL)
- nlocal - the number of members (may be NULL)

  Level: intermediate

.seealso: `MckEnsembleGetMember()`
@*/
PetscErrorCode MckEnsembleGetLocalMembers(MckEnsemble ens, PetscInt64 *first, PetscInt *nlocal)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(FormGroups(ens));
  if (first) *first = ens->m0;
  if (nlocal) *nlocal = ens->nlocal;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetSizes - The member sizes when callbacks drive the members.

  Logically Collective

  Input Parameters:
+ ens   - the ensemble, not yet set up
. n     - state or parameter length (>= 1)
- ndata - data length (0 for data assimilation)

  Level: intermediate

.seealso: `MckEnsembleSetAdvance()`, `MckEnsembleSetForward()`, `MckEnsembleSetModel()`
@*/
PetscErrorCode MckEnsembleSetSizes(MckEnsemble ens, PetscInt n, PetscInt ndata)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(n >= 1 && ndata >= 0, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckEnsembleSetSizes: n = %" PetscInt_FMT " must be >= 1 and ndata = %" PetscInt_FMT " >= 0", n, ndata);
  ens->n     = n;
  ens->ndata = ndata;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetAdvance - Drives dynamical members with a callback instead of a model.

  Logically Collective

  Input Parameters:
+ ens - the ensemble
. fn  - advances member x (a Vec on the member communicator) in place; sets *failed (not an error)
- ctx - its context

  Level: intermediate

.seealso: `MckEnsembleSetSizes()`, `MckEnsembleForecast()`
@*/
PetscErrorCode MckEnsembleSetAdvance(MckEnsemble ens, MckEnsembleAdvanceFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  ens->advance = fn;
  ens->actx    = ctx;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetForward - Evaluates G on the members with a callback instead of a model.

  Logically Collective

  Input Parameters:
+ ens - the ensemble
. fn  - g = G(u) for one member; sets *failed (not an error)
- ctx - its context

  Level: intermediate

.seealso: `MckEnsembleSetSizes()`, `MckEnsembleIterate()`
@*/
PetscErrorCode MckEnsembleSetForward(MckEnsemble ens, MckEnsembleForwardFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  ens->forward = fn;
  ens->fctx    = ctx;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetRNG - Takes the seed of rng (the run's -seed) unless -ens_seed is given; the
  ensemble draws from a generator of its own.

  Logically Collective

  Input Parameters:
+ ens - the ensemble
- rng - the generator whose seed to take (e.g. `MckRunGetRNG()`)

  Level: intermediate

.seealso: `MckEnsembleSetFromOptions()`
@*/
PetscErrorCode MckEnsembleSetRNG(MckEnsemble ens, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(MckRNGGetSeed(rng, &ens->app_seed));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetSizes - The number of members and the member sizes.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameters:
+ J     - members (may be NULL)
. n     - state or parameter length (may be NULL)
- ndata - data length, 0 for data assimilation (may be NULL)

  Level: intermediate

.seealso: `MckEnsembleSetSizes()`
@*/
PetscErrorCode MckEnsembleGetSizes(MckEnsemble ens, PetscInt *J, PetscInt *n, PetscInt *ndata)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  if (J) *J = ens->J;
  if (n) *n = ens->n;
  if (ndata) *ndata = ens->ndata;
  PetscFunctionReturn(0);
}

/* Ensemble-space work arrays and the statistics the type needs (registered once). */
static PetscErrorCode SetUpWork(MckEnsemble ens)
{
  const PetscInt J = ens->J, JJ = J * J;
  PetscInt       nsums;

  PetscFunctionBeginUser;
  ens->nlwork = 1 + 6 * J + 2 * J * J; /* dsyevd */
  PetscCall(PetscMalloc1(3 + 5 * J, &ens->iwork));
  PetscCall(PetscMalloc6(JJ, &ens->T, JJ, &ens->M1, JJ, &ens->M2, JJ, &ens->M3, JJ, &ens->evec, J, &ens->eval));
  PetscCall(PetscMalloc5(ens->nlwork, &ens->lwork, JJ, &ens->rnd, J, &ens->rndp, J, &ens->rowp, JJ, &ens->part));
  PetscCall(PetscMalloc1(ens->chunk, &ens->cwork));
  PetscCall(PetscMalloc3(3 * J, &ens->fbuf, J, &ens->fvals, (J + 1) * MCK_ENS_FAILURE_TILE, &ens->ftile));
  for (PetscInt d = 0; d < J; d++) ens->rndp[d] = ens->rnd + (size_t)d * J;
  PetscCall(PetscMalloc3(J, &ens->active, J, &ens->failed, J, &ens->act));
  for (PetscInt j = 0; j < J; j++) {
    ens->active[j] = PETSC_TRUE;
    ens->failed[j] = 0;
  }
  PetscCheck(ens->nmats <= MCK_ENS_MAX_MATS, ens->comm, PETSC_ERR_SUP, "at most %d matrix statistics",
             MCK_ENS_MAX_MATS);
  PetscCall(MckStatsCreate(ens->replicated ? PETSC_COMM_SELF : ens->comm, &ens->stats));
  PetscCall(MckStatsRegister(ens->stats, "ens_matrices", ens->nmats ? ens->nmats * JJ : 1, &ens->omat));
  PetscCall(MckStatsRegister(ens->stats, "ens_vectors", PetscMax(1, ens->nvecs) * J, &ens->ovec));
  PetscCall(MckStatsRegister(ens->stats, "ens_scalars", PetscMax(1, ens->nscal), &ens->oscal));
  PetscCall(MckStatsSetUp(ens->stats));
  PetscCall(MckStatsGetSize(ens->stats, &nsums));
  PetscCall(PetscMalloc1(nsums, &ens->sums));
  for (PetscInt m = 0; m < MCK_ENS_MAX_MATS; m++) ens->mscale[m] = 1;
  PetscCall(MckStatsCreate(ens->replicated ? PETSC_COMM_SELF : ens->comm, &ens->dstats));
  PetscCall(MckStatsRegister(ens->dstats, "ens_spread_error", 2, NULL));
  PetscCall(MckStatsRegister(ens->dstats, "ens_rank_histogram", J + 1, NULL));
  PetscCall(MckStatsRegister(ens->dstats, "ens_innovations", 4, NULL));
  PetscCall(MckStatsSetUp(ens->dstats));
  PetscFunctionReturn(0);
}

/* Refuse before allocating what the node cannot hold: the analysis's J x J work arrays (about a
 * dozen) and, per field (state, and data of an inverse process), the members' rows of this rank's
 * columns twice (store and work) and the local members with the buffers that move them (twice). */
static PetscErrorCode CheckMemory(MckEnsemble ens)
{
  const PetscLogDouble J = (PetscLogDouble)ens->J, cols = ens->replicated ? 1 : ens->size;
  const PetscLogDouble N       = (PetscLogDouble)ens->n + (PetscLogDouble)ens->ndata;
  const PetscLogDouble doubles = 12 * J * J + 2 * J * N / cols + 2 * (PetscLogDouble)ens->nlocal * N / ens->rpm;
  char                 value[64];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT " (members of %" PetscInt_FMT " values)", ens->J,
                          ens->n + ens->ndata));
  PetscCall(McKeanCheckMemory(ens->comm, McKeanOptionName((PetscObject)ens, "-ens_size"), value, 8 * doubles));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckMembers(MckEnsemble ens)
{
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscCheck(ens->n > 0, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleSetUp: give a model (MckEnsembleSetModel) or sizes (MckEnsembleSetSizes) first");
  if (ens->kind != MCK_ENSEMBLE_FILTER) {
    PetscCheck(ens->ndata > 0, ens->comm, PETSC_ERR_USER_INPUT,
               "%s %s: an inverse process needs a forward model with data (an inverse model, or MckEnsembleSetForward)",
               McKeanOptionName(obj, "-ens_analysis"), obj->type_name);
    PetscCheck(ens->model || ens->forward, ens->comm, PETSC_ERR_ORDER, "%s %s: set a model or a forward callback",
               McKeanOptionName(obj, "-ens_analysis"), obj->type_name);
  } else {
    PetscCheck(ens->ndata == 0, ens->comm, PETSC_ERR_USER_INPUT,
               "%s %s: data assimilation needs a dynamical model; use an inverse process for an inverse model",
               McKeanOptionName(obj, "-ens_analysis"), obj->type_name);
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetUp - Sets up the layouts of the members, the statistics and the work space of
  the analysis.

  Collective

  Input Parameter:
. ens - the ensemble, with a model (`MckEnsembleSetModel()`) or sizes and callbacks

  Notes:
  An ensemble the node's memory cannot hold is refused before anything is allocated
  (`McKeanCheckMemory()`, naming -ens_size). With -help the sizes are checked and nothing is
  allocated: the ensemble is not set up.

  Level: beginner

.seealso: `MckEnsembleSetFromOptions()`, `MckEnsembleSetObservations()`, `MckEnsembleInitializeMembers()`
@*/
PetscErrorCode MckEnsembleSetUp(MckEnsemble ens)
{
  PetscBool help;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  if (ens->setup) PetscFunctionReturn(0);
  /* A failed set-up leaves what it made to MckEnsembleDestroy(); a second attempt would make it again
   * over the first (a leak), and the options that failed are still the ensemble's, so it is refused. */
  PetscCheck(!ens->setup_failed, ens->comm, PETSC_ERR_ORDER,
             "MckEnsembleSetUp: an earlier set-up of this ensemble failed; destroy it and create a new one");
  ens->setup_failed = PETSC_TRUE;
  if (!((PetscObject)ens)->type_name) PetscCall(MckEnsembleSetType(ens, MCKENSEMBLE_ETKF));
  PetscCall(FormGroups(ens));
  PetscCall(CheckMembers(ens));
  PetscCall(MckRNGCreate(ens->comm, &ens->rng));
  PetscCall(MckRNGSetSeed(ens->rng, ens->seed >= 0 ? ens->seed : ens->app_seed));
  PetscCall(MckEnsGridSetUp(ens));
  PetscCall(MckEnsChooseLayout(ens));
  /* -help lists the options and runs nothing: members meant for many nodes, checked on a login
   * node (mckean-submit), are neither allocated nor refused for their size */
  PetscCall(PetscOptionsHasHelp(((PetscObject)ens)->options, &help));
  if (help) {
    ens->setup_failed = PETSC_FALSE;
    PetscCall(McKeanObjectViewOptionRead((PetscObject)ens, "-ens_view"));
    PetscFunctionReturn(0);
  }
  PetscCall(CheckMemory(ens));
  PetscCall(SetUpWork(ens));
  PetscCall(MckEnsFieldSetUp(ens, &ens->x, ens->n, PETSC_FALSE));
  if (ens->ndata) PetscCall(MckEnsFieldSetUp(ens, &ens->g, ens->ndata, PETSC_TRUE));
  if (ens->ops->setup) PetscCall((*ens->ops->setup)(ens));
  PetscCall(MckEnsInflationsSetUp(ens));
  PetscCall(MckEnsSmootherSetUp(ens));
  ens->setup        = PETSC_TRUE;
  ens->setup_failed = PETSC_FALSE;
  PetscCall(PetscObjectViewFromOptions((PetscObject)ens, NULL, "-ens_view"));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetCycle - The number of analyses (filters) or iterations (inverse processes) done.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. cycle - the count

  Level: intermediate

.seealso: `MckEnsembleSetCycle()`, `MckEnsembleGetInfo()`
@*/
PetscErrorCode MckEnsembleGetCycle(MckEnsemble ens, PetscInt64 *cycle)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *cycle = ens->cycle;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleSetCycle - Sets the cycle count (the counter steps of the ensemble's random numbers
  follow it).

  Logically Collective

  Input Parameters:
+ ens   - the ensemble
- cycle - the count

  Level: developer

.seealso: `MckEnsembleGetCycle()`
@*/
PetscErrorCode MckEnsembleSetCycle(MckEnsemble ens, PetscInt64 cycle)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  ens->cycle = cycle;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetInfo - Diagnostics of the last analysis or iteration, replicated on every rank.

  Not Collective

  Input Parameter:
. ens - the ensemble

  Output Parameter:
. info - cycle, members used and failed, misfits, step and pseudo-time

  Level: beginner

.seealso: `MckEnsembleInfo`, `MckEnsembleGetMean()`
@*/
PetscErrorCode MckEnsembleGetInfo(MckEnsemble ens, MckEnsembleInfo *info)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  *info       = ens->info;
  info->cycle = ens->cycle;
  info->done  = ens->done;
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetMember - The Vec of a member this rank's group holds.

  Not Collective

  Input Parameters:
+ ens    - the ensemble, set up
- member - a global member id in [first, first + nlocal) of `MckEnsembleGetLocalMembers()`

  Output Parameter:
. x - the member's state or parameter, on the member communicator (owned by the ensemble; the
      caller may change it)

  Note:
  Where the member's Vec wraps its row of the ensemble's own storage (one rank, the replicated
  and redundant layouts: docs/ensemble.md), its values are that row; change them in place
  (`VecGetArray()`, `VecCopy()`, ...), never by `VecReplaceArray()` or `VecPlaceArray()`, which
  would cut the Vec from the ensemble.

  Level: intermediate

.seealso: `MckEnsembleGetLocalMembers()`
@*/
PetscErrorCode MckEnsembleGetMember(MckEnsemble ens, PetscInt64 member, Vec *x)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(member >= ens->m0 && member < ens->m0 + ens->nlocal, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "member %" PetscInt64_FMT " is not held by this rank's group [%" PetscInt64_FMT ", %" PetscInt64_FMT ")",
             member, ens->m0, ens->m0 + ens->nlocal);
  *x         = ens->x.vecs[member - ens->m0];
  ens->fresh = PETSC_FALSE; /* the caller may change it */
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleGetMemberActive - Whether a member is active (not dropped).

  Not Collective

  Input Parameters:
+ ens    - the ensemble, set up
- member - a global member id

  Output Parameter:
. active - `PETSC_TRUE` for an active member (replicated on every rank)

  Level: intermediate

.seealso: `MckEnsembleGetInfo()`
@*/
PetscErrorCode MckEnsembleGetMemberActive(MckEnsemble ens, PetscInt64 member, PetscBool *active)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCheck(member >= 0 && member < ens->J, ens->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "member %" PetscInt64_FMT " is not in [0, %" PetscInt_FMT ")", member, ens->J);
  *active = ens->active[member];
  PetscFunctionReturn(0);
}

/* "40 x 25": the grid's sizes. */
static PetscErrorCode GridShapeString(MckEnsemble ens, char buf[], size_t len)
{
  char part[32];

  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt a = 0; a < ens->dim; a++) {
    PetscCall(PetscSNPrintf(part, sizeof(part), "%s%" PetscInt_FMT, a ? " x " : "", ens->gsize[a]));
    PetscCall(PetscStrlcat(buf, part, len));
  }
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleConfig - Records or compares the settings a checkpoint depends on: the analysis,
  the size, the chunking, the seed, the failure rule, the inflation of a filter and the
  analysis type's own settings.

  Collective

  Input Parameters:
+ ens   - the ensemble
. io    - the checkpoint
- check - `PETSC_FALSE` to record, `PETSC_TRUE` to compare

  Level: developer

.seealso: `MckRunAddObject()`, `MckIOConfigString()`
@*/
PetscErrorCode MckEnsembleConfig(MckEnsemble ens, MckIO io, PetscBool check)
{
  PetscObject obj = (PetscObject)ens;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-ens_analysis"), obj->type_name));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-ens_size"), ens->J));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-ens_chunk"), ens->chunk));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-ens_seed"), ens->seed >= 0 ? ens->seed : ens->app_seed));
  PetscCall(
      MckIOConfigString(io, check, McKeanOptionName(obj, "-ens_failed"), FailedNames[ens->failed_replace ? 1 : 0]));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-ens_outlier_factor"), 1, &ens->outlier_factor));
  PetscCall(MckEnsInflationsConfig(ens, io, check));
  if (ens->kind == MCK_ENSEMBLE_FILTER) {
    PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-ens_smoother_lag"), ens->smoother.lag));
    PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-ens_obs_operator"), ens->obsop->name));
  }
  if (ens->dim > 1) {
    char shape[64];
    PetscCall(GridShapeString(ens, shape, sizeof(shape)));
    PetscCall(MckIOConfigString(io, check, "grid shape (MckEnsembleSetGridShape)", shape));
  }
  if (ens->ops->config) PetscCall((*ens->ops->config)(ens, io, check));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleView - Prints the ensemble: analysis, sizes, groups, failure rule, inflation and
  the analysis type's settings.

  Collective

  Input Parameters:
+ ens    - the ensemble
- viewer - an ASCII viewer (NULL: standard output)

  Options Database Key:
. -ens_view - view the ensemble at set-up

  Level: intermediate

.seealso: `MckEnsembleSetUp()`
@*/
PetscErrorCode MckEnsembleView(MckEnsemble ens, PetscViewer viewer)
{
  char b[32];

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(ens, MCK_ENSEMBLE_CLASSID, 1);
  PetscCall(McKeanObjectViewBegin((PetscObject)ens, &viewer, NULL));
  PetscCall(PetscViewerASCIIPushTab(viewer));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "%s, J = %" PetscInt_FMT " members, n = %" PetscInt_FMT ", ndata = %" PetscInt_FMT "\n",
      MckEnsembleKinds[ens->kind], ens->J, ens->n, ens->ndata));
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "%" PetscInt_FMT " group(s) of %" PetscInt_FMT
                                   " rank(s); analysis layout chunks of %" PetscInt_FMT
                                   " components; ScaLAPACK from %" PetscInt_FMT " active members\n",
                                   ens->ngroups, ens->rpm, ens->chunk, ens->scalapack_threshold));
  if (ens->setup)
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "layout: %s (%s)\n",
        LayoutNames[ens->redundant    ? 3
                    : ens->replicated ? 2
                                      : 1],
        ens->redundant    ? "every rank advances and analyses the whole ensemble: no communication in a cycle"
        : ens->replicated ? "every rank analyses all components; one gather per cycle"
        : ens->size > 1   ? "each rank analyses a block of components"
                          : "one rank"));
  PetscCall(PetscViewerASCIIPrintf(
      viewer,
      "failed members: %s (outliers beyond %s times the median member's distance; at least %" PetscInt_FMT " active)\n",
      FailedNames[ens->failed_replace ? 1 : 0], McKeanFormatReal(ens->outlier_factor, b, sizeof(b)), ens->min_members));
  PetscCall(MckEnsInflationsView(ens, viewer));
  if (ens->smoother.lag)
    PetscCall(PetscViewerASCIIPrintf(viewer, "fixed-lag ensemble Kalman smoother: lag %" PetscInt_FMT " cycles\n",
                                     ens->smoother.lag));
  if (ens->setup && ens->dim > 1) {
    char shape[64];
    PetscCall(GridShapeString(ens, shape, sizeof(shape)));
    PetscCall(PetscViewerASCIIPrintf(viewer, "periodic grid of the state: %s (first index fastest)\n", shape));
  }
  if (ens->kind == MCK_ENSEMBLE_FILTER)
    PetscCall(PetscViewerASCIIPrintf(viewer, "observation operator: %s (stencil of %" PetscInt_FMT " component(s))\n",
                                     ens->obsop->name, ens->obsop->width > 1 ? (PetscInt)1 << ens->dim : 1));
  if (ens->ops->view) PetscCall((*ens->ops->view)(ens, viewer));
  PetscCall(PetscViewerASCIIPopTab(viewer));
  PetscFunctionReturn(0);
}

/*@C
  MckEnsembleDestroy - Drops a reference to the ensemble, freeing it with the last.

  Collective

  Input Parameter:
. ens - the ensemble

  Level: beginner

.seealso: `MckEnsembleCreate()`
@*/
PetscErrorCode MckEnsembleDestroy(MckEnsemble *ens)
{
  MckEnsemble e = *ens;
  PetscBool   last;

  PetscFunctionBeginUser;
  PetscCall(McKeanObjectRelease((PetscObject *)ens, MCK_ENSEMBLE_CLASSID, &last));
  if (!last) PetscFunctionReturn(0);
  if (e->ops->destroy) PetscCall((*e->ops->destroy)(e));
  PetscCall(MckEnsInflationsDestroy(e));
  /* whatever MckEnsembleSetUp() made, all of it or (a set-up that failed partway) a part: every
   * release below is a no-op on what was never made */
  PetscCall(MckEnsFieldDestroy(e, &e->x));
  PetscCall(MckEnsFieldDestroy(e, &e->g));
  PetscCall(PetscFree6(e->T, e->M1, e->M2, e->M3, e->evec, e->eval));
  PetscCall(PetscFree5(e->lwork, e->rnd, e->rndp, e->rowp, e->part));
  PetscCall(PetscFree(e->cwork));
  PetscCall(PetscFree3(e->fbuf, e->fvals, e->ftile));
  PetscCall(PetscFree(e->iwork));
  PetscCall(MckEnsDenseDestroy(e));
  PetscCall(MckEnsSmootherDestroy(e));
  PetscCall(PetscFree3(e->active, e->failed, e->act));
  PetscCall(MckStatsDestroy(&e->stats));
  PetscCall(PetscFree(e->sums));
  PetscCall(MckStatsDestroy(&e->dstats));
  PetscCall(MckEnsObsDestroy(e));
  PetscCall(MckEnsObsHaloDestroy(e));
  PetscCall(PetscFree3(e->blockvecs, e->blockrows, e->blockfailed));
  PetscCall(PetscFree(e->weight));
  PetscCall(MckRNGDestroy(&e->rng));
  PetscCall(MckModelDestroy(&e->model));
  if (e->mcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&e->mcomm));
  if (e->xcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&e->xcomm));
  PetscCall(PetscHeaderDestroy(ens));
  PetscFunctionReturn(0);
}
