/* MckEnsemble object: registry of analysis types, options, set-up, accessors, destroy. */
#include "ensemble/ensimpl.h"

static PetscFunctionList MckEnsembleList = NULL;
static PetscBool         registered      = PETSC_FALSE;
PetscLogEvent            MCK_EVENT_EnsForecast, MCK_EVENT_EnsTranspose, MCK_EVENT_EnsStats, MCK_EVENT_EnsDense, MCK_EVENT_EnsTransform;

static const char *const FailedNames[] = {"drop", "replace"};

static PetscErrorCode MckEnsembleFinalizePackage(void)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFunctionListDestroy(&MckEnsembleList));
  registered = PETSC_FALSE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleInitializePackage(void)
{
  PetscFunctionBeginUser;
  if (registered) PetscFunctionReturn(0);
  registered = PETSC_TRUE;
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, "enkf", MckEnsembleCreate_EnKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, "etkf", MckEnsembleCreate_ETKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, "letkf", MckEnsembleCreate_LETKF));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, "eki", MckEnsembleCreate_EKI));
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, "eks", MckEnsembleCreate_EKS));
  PetscCall(PetscLogEventRegister("EnsForecast", MCK_CLASSID, &MCK_EVENT_EnsForecast));
  PetscCall(PetscLogEventRegister("EnsTranspose", MCK_CLASSID, &MCK_EVENT_EnsTranspose));
  PetscCall(PetscLogEventRegister("EnsStats", MCK_CLASSID, &MCK_EVENT_EnsStats));
  PetscCall(PetscLogEventRegister("EnsDense", MCK_CLASSID, &MCK_EVENT_EnsDense));
  PetscCall(PetscLogEventRegister("EnsTransform", MCK_CLASSID, &MCK_EVENT_EnsTransform));
  PetscCall(PetscRegisterFinalize(MckEnsembleFinalizePackage));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleRegister(const char name[], MckEnsembleAnalysisCreateFn create)
{
  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscFunctionListAdd(&MckEnsembleList, name, create));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleCreate(MPI_Comm comm, MckEnsemble *ens)
{
  MckEnsemble e;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleInitializePackage());
  PetscCall(PetscNew(&e));
  PetscCall(PetscCommDuplicate(comm, &e->comm, NULL));
  PetscCallMPI(MPI_Comm_rank(comm, &e->rank));
  PetscCallMPI(MPI_Comm_size(comm, &e->size));
  e->mcomm               = MPI_COMM_NULL;
  e->xcomm               = MPI_COMM_NULL;
  e->J                   = 20;
  e->rpm                 = 1;
  e->inflation           = 1.0;
  e->min_members         = 2;
  e->failed_replace      = PETSC_TRUE;
  e->scalapack_threshold = 1024;
  e->chunk               = 64;
  e->seed                = -1;
  e->blacs               = -1;
  e->app_seed            = 1;
  e->eki_dt              = 1.0;
  e->eks_dt              = 0.01;
  e->eks_correction      = PETSC_TRUE;
  *ens                   = e;
  PetscCall(MckEnsembleSetType(e, "etkf"));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetSize(MckEnsemble ens, PetscInt J)
{
  PetscFunctionBeginUser;
  PetscCheck(ens->mcomm == MPI_COMM_NULL || J == ens->J, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetSize() must come before the member groups are formed");
  PetscCheck(J >= 2, ens->comm, PETSC_ERR_USER_INPUT, "-ens_size %" PetscInt_FMT ": an ensemble needs at least 2 members", J);
  ens->J = J;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetType(MckEnsemble ens, const char type[])
{
  MckEnsembleAnalysisCreateFn create;

  PetscFunctionBeginUser;
  PetscCheck(!ens->setup, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetType() must come before MckEnsembleSetUp()");
  PetscCall(PetscFunctionListFind(MckEnsembleList, type, &create));
  PetscCheck(create, ens->comm, PETSC_ERR_USER_INPUT, "-ens_analysis %s: unknown; choose enkf, etkf, letkf, eki or eks", type);
  if (ens->ops.destroy) PetscCall(ens->ops.destroy(ens));
  PetscCall(PetscMemzero(&ens->ops, sizeof(ens->ops)));
  ens->data = NULL;
  PetscCall(PetscStrncpy(ens->type, type, sizeof(ens->type)));
  PetscCall(create(ens));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetType(MckEnsemble ens, const char **type)
{
  PetscFunctionBeginUser;
  *type = ens->type;
  PetscFunctionReturn(0);
}

/* Groups of rpm consecutive ranks; each group owns a chunk of consecutive member ids. */
static PetscErrorCode FormGroups(MckEnsemble ens)
{
  PetscMPIInt color, sub;
  PetscInt    nch;

  PetscFunctionBeginUser;
  if (ens->mcomm != MPI_COMM_NULL) PetscFunctionReturn(0);
  PetscCheck(ens->rpm >= 1 && ens->size % ens->rpm == 0, ens->comm, PETSC_ERR_USER_INPUT, "-ens_ranks_per_member %" PetscInt_FMT ": must divide the number of ranks (%d)", ens->rpm, ens->size);
  color = (PetscMPIInt)(ens->rank / ens->rpm);
  sub   = (PetscMPIInt)(ens->rank % ens->rpm);
  PetscCallMPI(MPI_Comm_split(ens->comm, color, sub, &ens->mcomm));
  PetscCallMPI(MPI_Comm_split(ens->comm, sub, color, &ens->xcomm));
  ens->ngroups = ens->size / ens->rpm;
  PetscCall(MckStatsChunkOwnership(ens->xcomm, ens->J, 1, &ens->m0, &ens->nlocal, &nch));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetFromOptions(MckEnsemble ens)
{
  char      type[MCK_ENS_NAME_LEN];
  PetscInt  failed = ens->failed_replace ? 1 : 0;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(type, ens->type, sizeof(type)));
  PetscOptionsBegin(ens->comm, NULL, "Ensemble (MckEnsemble) options", NULL);
  PetscCall(MckOptionsInt("-ens_size", "Number of ensemble members J", ens->J, &ens->J, NULL));
  PetscCall(MckOptionsInt("-ens_ranks_per_member", "Ranks per member (members as distributed Vecs on sub-communicators)", ens->rpm, &ens->rpm, NULL));
  PetscCall(MckOptionsFList("-ens_analysis", "Analysis: enkf, etkf, letkf (data assimilation); eki, eks (inverse problems)", MckEnsembleList, type, type, sizeof(type), NULL));
  PetscCall(MckOptionsReal("-ens_inflation", "Multiplicative prior inflation rho (anomalies times sqrt(rho)); 1: none", ens->inflation, &ens->inflation, NULL));
  PetscCall(MckOptionsReal("-ens_additive_inflation", "Additive inflation: standard deviation of N(0, s^2) added to every prior component", ens->additive, &ens->additive, NULL));
  PetscCall(MckOptionsReal("-ens_rtps", "Relaxation to prior spread alpha in [0, 1] (Whitaker & Hamill 2012); 0: none", ens->rtps, &ens->rtps, NULL));
  PetscCall(MckOptionsReal("-ens_loc_radius", "LETKF: Gaspari-Cohn half-width c in state-index units (support 2c)", ens->loc_radius, &ens->loc_radius, NULL));
  PetscCall(MckOptionsChoice("-ens_failed", "Failed members: drop (inactive from then on) or replace (resampled from the analysis)", FailedNames, 2, failed, &failed, NULL));
  PetscCall(MckOptionsInt("-ens_min_members", "Error when fewer active members remain", ens->min_members, &ens->min_members, NULL));
  PetscCall(MckOptionsInt("-ens_scalapack_threshold", "Active members from which the ensemble-space eigenproblem uses ScaLAPACK", ens->scalapack_threshold, &ens->scalapack_threshold, NULL));
  PetscCall(MckOptionsInt("-ens_chunk", "State/data components per chunk of the reproducible sums", ens->chunk, &ens->chunk, NULL));
  PetscCall(MckOptionsInt("-ens_seed", "Seed of the ensemble's random numbers (-1: the app's -seed)", ens->seed, &ens->seed, &set));
  PetscOptionsEnd();
  PetscCall(MckEnsembleSetSize(ens, ens->J));
  PetscCheck(ens->inflation >= 1.0, ens->comm, PETSC_ERR_USER_INPUT, "-ens_inflation %g: must be >= 1 (1: no inflation)", (double)ens->inflation);
  PetscCall(McKeanCheckNonNegative(ens->comm, "-ens_additive_inflation", ens->additive));
  PetscCheck(ens->rtps >= 0 && ens->rtps <= 1, ens->comm, PETSC_ERR_USER_INPUT, "-ens_rtps %g: must be in [0, 1]", (double)ens->rtps);
  PetscCall(McKeanCheckNonNegative(ens->comm, "-ens_loc_radius", ens->loc_radius));
  PetscCheck(ens->min_members >= 2 && ens->min_members <= ens->J, ens->comm, PETSC_ERR_USER_INPUT, "-ens_min_members %" PetscInt_FMT ": must be between 2 and -ens_size %" PetscInt_FMT, ens->min_members, ens->J);
  PetscCheck(ens->scalapack_threshold >= 1, ens->comm, PETSC_ERR_USER_INPUT, "-ens_scalapack_threshold %" PetscInt_FMT ": must be a positive number of members", ens->scalapack_threshold);
  PetscCheck(ens->chunk >= 1, ens->comm, PETSC_ERR_USER_INPUT, "-ens_chunk %" PetscInt_FMT ": must be positive", ens->chunk);
  PetscCheck(!set || ens->seed >= -1, ens->comm, PETSC_ERR_USER_INPUT, "-ens_seed %" PetscInt_FMT ": must be -1 (the app's seed) or >= 0", ens->seed);
  ens->failed_replace = failed == 1 ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(MckEnsembleSetType(ens, type));
  PetscCall(FormGroups(ens));
  ens->setfromoptions = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetMemberComm(MckEnsemble ens, MPI_Comm *mcomm)
{
  PetscFunctionBeginUser;
  PetscCall(FormGroups(ens));
  *mcomm = ens->mcomm;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetLocalMembers(MckEnsemble ens, PetscInt64 *first, PetscInt *nlocal)
{
  PetscFunctionBeginUser;
  PetscCall(FormGroups(ens));
  if (first) *first = ens->m0;
  if (nlocal) *nlocal = ens->nlocal;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetSizes(MckEnsemble ens, PetscInt n, PetscInt ndata)
{
  PetscFunctionBeginUser;
  PetscCheck(n >= 1 && ndata >= 0, ens->comm, PETSC_ERR_ARG_OUTOFRANGE, "MckEnsembleSetSizes: n = %" PetscInt_FMT " must be >= 1 and ndata = %" PetscInt_FMT " >= 0", n, ndata);
  ens->n     = n;
  ens->ndata = ndata;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetAdvance(MckEnsemble ens, MckEnsembleAdvanceFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  ens->advance = fn;
  ens->actx    = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetForward(MckEnsemble ens, MckEnsembleForwardFn fn, void *ctx)
{
  PetscFunctionBeginUser;
  ens->forward = fn;
  ens->fctx    = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetRNG(MckEnsemble ens, MckRNG rng)
{
  PetscFunctionBeginUser;
  PetscCall(MckRNGGetSeed(rng, &ens->app_seed)); /* the ensemble draws from its own generator */
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetSizes(MckEnsemble ens, PetscInt *J, PetscInt *n, PetscInt *ndata)
{
  PetscFunctionBeginUser;
  if (J) *J = ens->J;
  if (n) *n = ens->n;
  if (ndata) *ndata = ens->ndata;
  PetscFunctionReturn(0);
}

/* Ensemble-space work arrays and the statistics the type needs (registered once). */
static PetscErrorCode SetUpWork(MckEnsemble ens)
{
  const PetscInt J = ens->J, JJ = J * J;

  PetscFunctionBeginUser;
  ens->nlwork = 1 + 6 * J + 2 * J * J; /* dsyevd */
  PetscCall(PetscMalloc1(3 + 5 * J, &ens->iwork));
  PetscCall(PetscMalloc6(JJ, &ens->T, JJ, &ens->M1, JJ, &ens->M2, JJ, &ens->M3, JJ, &ens->evec, J, &ens->eval));
  PetscCall(PetscMalloc5(ens->nlwork, &ens->lwork, JJ, &ens->rnd, J, &ens->rndp, J, &ens->rowp, JJ, &ens->part));
  PetscCall(PetscMalloc1(ens->chunk, &ens->cwork));
  for (PetscInt d = 0; d < J; d++) ens->rndp[d] = ens->rnd + (size_t)d * J;
  PetscCall(PetscMalloc3(J, &ens->active, J, &ens->failed, J, &ens->act));
  for (PetscInt j = 0; j < J; j++) {
    ens->active[j] = PETSC_TRUE;
    ens->failed[j] = 0;
  }
  PetscCall(MckStatsCreate(ens->comm, &ens->stats));
  PetscCall(MckStatsRegister(ens->stats, "ens_matrices", PetscMax(1, ens->ops.nmats) * JJ, &ens->omat));
  PetscCall(MckStatsRegister(ens->stats, "ens_vectors", PetscMax(1, ens->ops.nvecs) * J, &ens->ovec));
  PetscCall(MckStatsRegister(ens->stats, "ens_scalars", PetscMax(1, ens->ops.nscal), &ens->oscal));
  PetscCall(MckStatsSetUp(ens->stats));
  {
    PetscInt n;
    PetscCall(MckStatsGetSize(ens->stats, &n));
    PetscCall(PetscMalloc1(n, &ens->sums));
  }
  PetscCheck(ens->ops.nmats <= MCK_ENS_MAX_MATS, ens->comm, PETSC_ERR_SUP, "at most %d matrix statistics", MCK_ENS_MAX_MATS);
  for (PetscInt m = 0; m < MCK_ENS_MAX_MATS; m++) ens->mscale[m] = 1;
  PetscCall(MckStatsCreate(ens->comm, &ens->dstats));
  PetscCall(MckStatsRegister(ens->dstats, "ens_spread_error", 2, NULL));
  PetscCall(MckStatsRegister(ens->dstats, "ens_rank_histogram", J + 1, NULL));
  PetscCall(MckStatsSetUp(ens->dstats));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetUp(MckEnsemble ens)
{
  PetscFunctionBeginUser;
  if (ens->setup) PetscFunctionReturn(0);
  PetscCall(FormGroups(ens));
  PetscCheck(ens->n > 0, ens->comm, PETSC_ERR_ORDER, "MckEnsembleSetUp: give a model (MckEnsembleSetModel) or sizes (MckEnsembleSetSizes) first");
  PetscCheck(!ens->ops.local || ens->loc_radius > 0, ens->comm, PETSC_ERR_USER_INPUT, "-ens_loc_radius %g: -ens_analysis %s needs a positive localisation radius", (double)ens->loc_radius, ens->type);
  if (ens->ops.inverse) {
    PetscCheck(ens->ndata > 0, ens->comm, PETSC_ERR_USER_INPUT, "-ens_analysis %s: an inverse process needs a forward model with data (an inverse model, or MckEnsembleSetForward)", ens->type);
    PetscCheck(ens->model || ens->forward, ens->comm, PETSC_ERR_ORDER, "-ens_analysis %s: set a model or a forward callback", ens->type);
  } else {
    PetscCheck(ens->ndata == 0, ens->comm, PETSC_ERR_USER_INPUT, "-ens_analysis %s: data assimilation needs a dynamical model; use eki or eks for an inverse model", ens->type);
  }
  PetscCall(MckRNGCreate(ens->comm, &ens->rng));
  PetscCall(MckRNGSetSeed(ens->rng, ens->seed >= 0 ? ens->seed : ens->app_seed));
  PetscCall(SetUpWork(ens));
  PetscCall(MckEnsFieldSetUp(ens, &ens->x, ens->n, PETSC_FALSE));
  if (ens->ndata) PetscCall(MckEnsFieldSetUp(ens, &ens->g, ens->ndata, PETSC_TRUE));
  ens->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetCycle(MckEnsemble ens, PetscInt64 *cycle)
{
  PetscFunctionBeginUser;
  *cycle = ens->cycle;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleSetCycle(MckEnsemble ens, PetscInt64 cycle)
{
  PetscFunctionBeginUser;
  ens->cycle = cycle;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetInfo(MckEnsemble ens, MckEnsembleInfo *info)
{
  PetscFunctionBeginUser;
  *info       = ens->info;
  info->cycle = ens->cycle;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetMember(MckEnsemble ens, PetscInt64 member, Vec *x)
{
  PetscFunctionBeginUser;
  PetscCheck(member >= ens->m0 && member < ens->m0 + ens->nlocal, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "member %" PetscInt64_FMT " is not held by this rank's group [%" PetscInt64_FMT ", %" PetscInt64_FMT ")", member, ens->m0, ens->m0 + ens->nlocal);
  *x          = ens->x.vecs[member - ens->m0];
  ens->fresh  = PETSC_FALSE; /* the caller may change it */
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleGetMemberActive(MckEnsemble ens, PetscInt64 member, PetscBool *active)
{
  PetscFunctionBeginUser;
  *active = ens->active[member];
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleConfig(MckEnsemble ens, MckIO io, PetscBool check)
{
  const char *const rname[] = {"-ens_inflation", "-ens_additive_inflation", "-ens_rtps", "-ens_loc_radius", "-eki_dt", "-eki_tikhonov", "-eks_dt"};
  const PetscReal   rval[]  = {ens->inflation, ens->additive, ens->rtps, ens->loc_radius, ens->eki_dt, ens->eki_tikhonov, ens->eks_dt};
  const char *const bname[] = {"-eki_adaptive", "-eki_perturb", "-eks_adaptive", "-eks_correction"};
  const PetscBool   bval[]  = {ens->eki_dmc, ens->eki_perturb, ens->eks_adaptive, ens->eks_correction};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigString(io, check, "-ens_analysis", ens->type));
  PetscCall(MckIOConfigInt(io, check, "-ens_size", ens->J));
  PetscCall(MckIOConfigInt(io, check, "-ens_chunk", ens->chunk));
  PetscCall(MckIOConfigInt(io, check, "-ens_seed", ens->seed >= 0 ? ens->seed : ens->app_seed));
  PetscCall(MckIOConfigString(io, check, "-ens_failed", FailedNames[ens->failed_replace ? 1 : 0]));
  for (size_t k = 0; k < sizeof(rval) / sizeof(rval[0]); k++) PetscCall(MckIOConfigReals(io, check, rname[k], 1, &rval[k]));
  for (size_t k = 0; k < sizeof(bval) / sizeof(bval[0]); k++) PetscCall(MckIOConfigInt(io, check, bname[k], bval[k]));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleView(MckEnsemble ens, PetscViewer viewer)
{
  char b[4][32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer, "MckEnsemble: %s, J = %" PetscInt_FMT " members, n = %" PetscInt_FMT ", ndata = %" PetscInt_FMT "\n", ens->type, ens->J, ens->n, ens->ndata));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %" PetscInt_FMT " group(s) of %" PetscInt_FMT " rank(s); analysis layout chunks of %" PetscInt_FMT " components\n", ens->ngroups, ens->rpm, ens->chunk));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  inflation %s, additive %s, RTPS %s, localisation radius %s; failed members: %s (min %" PetscInt_FMT ")\n", McKeanFormatReal(ens->inflation, b[0], 32), McKeanFormatReal(ens->additive, b[1], 32), McKeanFormatReal(ens->rtps, b[2], 32), McKeanFormatReal(ens->loc_radius, b[3], 32), FailedNames[ens->failed_replace ? 1 : 0], ens->min_members));
  if (ens->ops.inverse) PetscCall(PetscViewerASCIIPrintf(viewer, "  eki: dt %s, %s step, Tikhonov %s%s; eks: dt %s%s%s\n", McKeanFormatReal(ens->eki_dt, b[0], 32), ens->eki_dmc ? "data-misfit controlled" : "fixed", McKeanFormatReal(ens->eki_tikhonov, b[1], 32), ens->eki_perturb ? ", perturbed data" : "", McKeanFormatReal(ens->eks_dt, b[2], 32), ens->eks_adaptive ? " (adaptive)" : "", ens->eks_correction ? ", finite-ensemble correction" : ""));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  ScaLAPACK from %" PetscInt_FMT " active members\n", ens->scalapack_threshold));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsembleDestroy(MckEnsemble *ens)
{
  MckEnsemble e = *ens;

  PetscFunctionBeginUser;
  if (!e) PetscFunctionReturn(0);
  if (e->ops.destroy) PetscCall(e->ops.destroy(e));
  if (e->setup) {
    PetscCall(MckEnsFieldDestroy(e, &e->x));
    if (e->ndata) PetscCall(MckEnsFieldDestroy(e, &e->g));
    PetscCall(PetscFree6(e->T, e->M1, e->M2, e->M3, e->evec, e->eval));
    PetscCall(PetscFree5(e->lwork, e->rnd, e->rndp, e->rowp, e->part));
    PetscCall(PetscFree(e->cwork));
    PetscCall(PetscFree(e->iwork));
    PetscCall(MckEnsDenseDestroy(e));
    PetscCall(PetscFree3(e->active, e->failed, e->act));
    PetscCall(MckStatsDestroy(&e->stats));
    PetscCall(PetscFree(e->sums));
    PetscCall(MckStatsDestroy(&e->dstats));
  }
  PetscCall(PetscFree3(e->oidx, e->oy, e->or_));
  PetscCall(PetscFree4(e->hx, e->hxall, e->ocount, e->odispl));
  PetscCall(PetscFree(e->ochunk));
  PetscCall(PetscFree3(e->pert, e->pertp, e->obsw));
  PetscCall(MckRNGDestroy(&e->rng));
  if (e->mcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&e->mcomm));
  if (e->xcomm != MPI_COMM_NULL) PetscCallMPI(MPI_Comm_free(&e->xcomm));
  PetscCall(PetscCommDestroy(&e->comm));
  PetscCall(PetscFree(e));
  *ens = NULL;
  PetscFunctionReturn(0);
}
