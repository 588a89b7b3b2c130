/* The filter twin experiment (data assimilation): a truth run of the ensemble's dynamical model,
 * observed with noise each cycle at every k-th coordinate (plus -obs_offset; every k_a-th point of
 * axis a, plus s_a, when the model's state is a grid of d > 1 axes, MckModelGetGridShape: one
 * stride and offset for every axis, or one per axis) by the ensemble's
 * observation operator (-ens_obs_operator), or observations read from a file (-obs_file, at
 * irregular times: obs/schedule.c), the ensemble forecast and analysed. -obs_save writes the
 * observations drawn to the run file (/ensemble/observations, in the file's form: obs/obsfile.c),
 * so a run that reads them (-obs_file run.h5: /observations, or else /ensemble/observations)
 * repeats this run's analyses bit for bit (on a grid the coordinates are rows of d and the file
 * carries the grid, which the reading model's must equal). A cycle without observations
 * (irregular times) is a forecast only: its analysis columns repeat the forecast's and its
 * innovation statistics are NaN.
 *
 * Fresh start: the truth starts from the model's initial state (MckModelGetInitialState) and is
 * spun up by -spinup steps onto the attractor; the prior ensemble is truth + s xi0 + s xi_j
 * (s = -init_spread: a common offset xi0 from the run's generator at MCK_TWIN_RNG_STEP_OFFSET,
 * then the members' spread). A cycle: forecast the members and the truth by -obs_steps model
 * steps, diagnose the forecast (RMSE of the mean against the truth, spread, rank histogram after
 * -burnin cycles), observe y_l = truth[l k] + sqrt(r) eps_l (eps keyed by (l, cycle), purpose
 * MCK_ENS_RNG_APP), analyse, diagnose the analysis. The truth, the rank histogram and the sums of
 * the summary are the state beside the ensemble's (checkpointed, so a restart continues bit for
 * bit). Every member group advances its own copy of the truth: the same bits everywhere. */
#include "twinimpl.h"
#include "ensemble/obs/obsfile.h"

#define NCOLS 13
static const char *const Columns[NCOLS] = {
    "cycle",   "t",   "rmse_forecast", "spread_forecast", "rmse_analysis", "spread_analysis", "nactive",
    "nfailed", "ess", "omf_mean",      "omf_var",         "hpht",          "obs_var"};

typedef struct {
  PetscInt        cycles, obs_steps, spinup, burnin;
  PetscInt        obs_every[MCK_MODEL_MAX_DIM], nevery; /* as given: one stride for every axis, or one per axis */
  PetscReal       obs_offset[MCK_MODEL_MAX_DIM];
  PetscInt        noffset;
  PetscReal       obs_var, init_spread;
  PetscInt        n, J, nobs;
  PetscInt        dim, sizes[MCK_MODEL_MAX_DIM]; /* the model's grid (MckModelGetGridShape) */
  Vec             truth, tfull;                  /* the truth on the member comm; gathered on every rank */
  VecScatter      gather;
  PetscReal      *x; /* the gathered truth */
  char            obs_file[PETSC_MAX_PATH_LEN];
  PetscBool       obs_save;
  MckEnsObsList   file; /* -obs_file: this rank's slice of the observations, by cycle from first[cycle] */
  PetscInt       *first;
  PetscInt       *incycle; /* -obs_file: the observations of each cycle, over the ranks */
  PetscInt        file_nobs;
  PetscBool       sliced; /* -obs_file read by slices (the blocks layout), else whole */
  MckEnsObsList   saved;  /* -obs_save: the observations drawn so far */
  PetscReal      *coord;
  PetscReal      *y, *r, *clean;
  PetscReal       t, dt, sum_rmse, sum_spread, last_rmse;
  PetscInt64     *hist, nsum;
  MckTwinSmoothed smoothed;
} Filter;

/* Axis a's stride and offset: the one given for every axis, or axis a's own. */
static PetscInt  Stride(const Filter *f, PetscInt a) { return f->obs_every[f->nevery == 1 ? 0 : a]; }
static PetscReal Offset(const Filter *f, PetscInt a) { return f->obs_offset[f->noffset == 1 ? 0 : a]; }

/* Whether the n values of size bytes are all equal. */
static PetscBool AllEqual(PetscInt n, const void *values, size_t size)
{
  for (PetscInt a = 1; a < n; a++)
    if (memcmp((const char *)values + a * size, values, size)) return PETSC_FALSE;
  return PETSC_TRUE;
}

/* How many strides (or offsets) describe the lattice: 1 when they are all equal (the same
 * lattice as one value for every axis, recorded as such in a checkpoint), else one per axis. */
static PetscInt Distinct(const Filter *f, PetscBool strides)
{
  if (strides) return AllEqual(f->nevery, f->obs_every, sizeof(PetscInt)) ? 1 : f->nevery;
  return AllEqual(f->noffset, f->obs_offset, sizeof(PetscReal)) ? 1 : f->noffset;
}

/* The first n strides or offsets ("3" or "3,2"; "0.5,0"), for messages, views and checkpoints. */
static PetscErrorCode FormatPerAxis(const Filter *f, PetscBool strides, PetscInt n, char buf[], size_t len)
{
  char one[32];

  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt a = 0; a < n; a++) {
    if (strides) PetscCall(PetscSNPrintf(one, sizeof(one), "%" PetscInt_FMT, f->obs_every[a]));
    else McKeanFormatReal(f->obs_offset[a], one, sizeof(one));
    if (a) PetscCall(PetscStrlcat(buf, ",", len));
    PetscCall(PetscStrlcat(buf, one, len));
  }
  PetscFunctionReturn(0);
}

/* -obs_every and -obs_offset: one value for every axis or one per axis (counts checked against the
 * grid at set-up), positive strides, every offset in [0, its axis's stride). */
static PetscErrorCode SetFromOptionsLattice(MckTwin tw, Filter *f, PetscOptionItems *PetscOptionsObject,
                                            PetscBool set[])
{
  PetscInt nevery = MCK_MODEL_MAX_DIM, noffset = MCK_MODEL_MAX_DIM;
  char     every[128], offset[128];

  PetscFunctionBeginUser;
  PetscCall(MckOptionsIntArray("-obs_every",
                               "Observe every k-th state component (1: all); on a grid one stride for every axis or "
                               "one per axis (k0,k1)",
                               f->obs_every, &nevery, &set[0]));
  PetscCall(MckOptionsRealArray("-obs_offset",
                                "Coordinate of the first observation (state-index units, 0 <= s < k); on a grid one "
                                "for every axis or one per axis (s0,s1)",
                                f->obs_offset, &noffset, &set[1]));
  if (set[0]) f->nevery = nevery;
  if (set[1]) f->noffset = noffset;
  PetscCall(FormatPerAxis(f, PETSC_TRUE, f->nevery, every, sizeof(every)));
  PetscCall(FormatPerAxis(f, PETSC_FALSE, f->noffset, offset, sizeof(offset)));
  PetscCheck(f->nevery > 0 && f->noffset > 0, tw->comm, PETSC_ERR_USER_INPUT,
             "%s: give a value (one for every axis or one per axis)",
             MckOptName(f->nevery ? "-obs_offset" : "-obs_every"));
  PetscCheck(f->nevery == 1 || f->noffset == 1 || f->nevery == f->noffset, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %s: %" PetscInt_FMT " values beside the %" PetscInt_FMT
             " of %s %s; allowed: one for every axis or one per axis",
             MckOptName("-obs_offset"), offset, f->noffset, f->nevery, MckOptName("-obs_every"), every);
  for (PetscInt a = 0; a < PetscMax(f->nevery, f->noffset); a++) {
    PetscCheck(Stride(f, a) > 0, tw->comm, PETSC_ERR_USER_INPUT, "%s %s: must be a positive stride%s",
               MckOptName("-obs_every"), every, f->nevery > 1 ? " on every axis" : "");
    PetscCheck(Offset(f, a) >= 0 && Offset(f, a) < Stride(f, a), tw->comm, PETSC_ERR_USER_INPUT,
               "%s %s: must lie in [0, %s) = [0, %" PetscInt_FMT ")%s", MckOptName("-obs_offset"), offset,
               MckOptName("-obs_every"), Stride(f, a), f->nevery > 1 || f->noffset > 1 ? " on every axis" : "");
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Filter(MckTwin tw, PetscOptionItems *PetscOptionsObject)
{
  Filter           *f        = (Filter *)tw->data;
  const char *const drawn[4] = {"-obs_every", "-obs_offset", "-obs_var", "-obs_save"};
  PetscBool         set[4];

  PetscFunctionBeginUser;
  if (tw->maxsteps) f->cycles = (PetscInt)tw->maxsteps;
  else PetscCall(MckOptionsInt("-cycles", "Number of analysis cycles", f->cycles, &f->cycles, NULL));
  PetscCall(MckOptionsString("-obs_file", "Read the observations from this HDF5 file (group /observations)",
                             f->obs_file, f->obs_file, sizeof(f->obs_file), NULL));
  PetscCall(SetFromOptionsLattice(tw, f, PetscOptionsObject, set));
  PetscCall(MckOptionsReal("-obs_var", "Observation error variance", f->obs_var, &f->obs_var, &set[2]));
  PetscCall(MckOptionsBool("-obs_save", "Write the observations drawn to /ensemble/observations of the run file",
                           f->obs_save, &f->obs_save, &set[3]));
  for (PetscInt k = 0; k < 4 && f->obs_file[0]; k++) {
    char given[64] = "";
    if (!set[k]) continue;
    PetscCall(PetscOptionsGetString(NULL, PetscOptionsObject->prefix, drawn[k], given, sizeof(given), NULL));
    SETERRQ(tw->comm, PETSC_ERR_USER_INPUT,
            "%s %s: the observations come from %s %s (their coordinates, variances and times); remove the option",
            MckOptName(drawn[k]), given, MckOptName("-obs_file"), f->obs_file);
  }
  PetscCall(
      MckOptionsInt("-obs_steps", "Model steps between observations (analyses)", f->obs_steps, &f->obs_steps, NULL));
  PetscCall(
      MckOptionsInt("-spinup", "Model steps of the truth run before the first cycle", f->spinup, &f->spinup, NULL));
  PetscCall(MckOptionsReal("-init_spread", "Initial ensemble: truth + offset and spread of this standard deviation",
                           f->init_spread, &f->init_spread, NULL));
  PetscCall(MckOptionsInt("-burnin", "Cycles left out of the summary RMSE and the rank histogram (-1: cycles / 10)",
                          f->burnin, &f->burnin, NULL));
  PetscCheck(f->cycles > 0, tw->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be a positive number of cycles",
             MckOptName("-cycles"), f->cycles);
  PetscCheck(f->obs_steps > 0, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be a positive number of model steps", MckOptName("-obs_steps"), f->obs_steps);
  PetscCall(McKeanCheckPositive(tw->comm, MckOptName("-obs_var"), f->obs_var));
  PetscCheck(f->spinup >= 0, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be zero or a positive number of steps", MckOptName("-spinup"), f->spinup);
  PetscCall(McKeanCheckNonNegative(tw->comm, MckOptName("-init_spread"), f->init_spread));
  if (f->burnin < 0) f->burnin = f->cycles / 10;
  PetscCheck(f->burnin < f->cycles, tw->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be below %s %" PetscInt_FMT, MckOptName("-burnin"), f->burnin,
             MckOptName("-cycles"), f->cycles);
  PetscFunctionReturn(0);
}

/* The observation list of the file f->obs_file, opened on io (which the caller closes). */
static PetscErrorCode ReadObservations(MckTwin tw, Filter *f, MckIO io, const char what[], const char msg[])
{
  PetscBool set, run = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(MckIOOpenRead(io, f->obs_file, what));
  PetscCall(MckIOHasObject(io, "/observations", &set));
  if (!set) PetscCall(MckIOHasObject(io, "/ensemble/observations", &run));
  PetscCheck(set || run, tw->comm, PETSC_ERR_USER_INPUT,
             "%s: no group /observations (nor /ensemble/observations of a run file written with %s)", msg,
             McKeanOptionName((PetscObject)tw, "-obs_save"));
  PetscCall(MckEnsObsListRead(tw->comm, io, set ? "/observations" : "/ensemble/observations", msg, f->n, f->dim,
                              f->sizes, f->sliced, &f->file));
  PetscFunctionReturn(0);
}

/* The observations of a file, by cycle; the operator is the file's (an -ens_obs_operator that
 * says otherwise is refused). In the blocks layout each rank reads a slice and gives it to the
 * ensemble, which routes the observations to their owners; in the replicated and redundant
 * layouts every rank stores every observation anyway and reads the whole file, so that a cycle
 * needs no collective. */
static PetscErrorCode ReadObservationFile(MckTwin tw, Filter *f)
{
  const char    *what = McKeanOptionName((PetscObject)tw, "-obs_file"), *name;
  char           msg[PETSC_MAX_PATH_LEN + 64], layout[32];
  MckIO          io;
  PetscBool      set;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(msg, sizeof(msg), "%s %s", what, f->obs_file));
  PetscCall(MckEnsembleGetLayout(tw->ens, layout, sizeof(layout)));
  f->sliced = (PetscBool)!strcmp(layout, "blocks");
  PetscCall(MckIOCreate(tw->comm, &io));
  ierr = ReadObservations(tw, f, io, what, msg);
  if (McKeanErrorIsCollective(ierr)) PetscCall(MckIODestroy(&io)); /* a refused file is not left open */
  PetscCall(ierr);
  PetscCall(MckEnsembleGetObsOperator(tw->ens, &name));
  PetscCall(
      PetscOptionsHasName(((PetscObject)tw->ens)->options, ((PetscObject)tw->ens)->prefix, "-ens_obs_operator", &set));
  PetscCheck(!set || !strcmp(name, f->file.op), tw->comm, PETSC_ERR_USER_INPUT,
             "%s %s: the observations of %s are of operator %s",
             McKeanOptionName((PetscObject)tw->ens, "-ens_obs_operator"), name, msg, f->file.op);
  PetscCall(MckEnsembleSetObsOperator(tw->ens, f->file.op));
  PetscCall(MckEnsObsListSchedule(&f->file, f->obs_steps * f->dt, f->cycles, &f->first));
  PetscCall(PetscMalloc1(f->cycles + 1, &f->incycle));
  for (PetscInt k = 0; k < f->cycles; k++) f->incycle[k] = f->first[k + 1] - f->first[k];
  if (f->sliced)
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, f->incycle, (PetscMPIInt)f->cycles, MPIU_INT, MPI_SUM, tw->comm));
  f->file_nobs = 0;
  for (PetscInt k = 0; k < f->cycles; k++) f->file_nobs += f->incycle[k];
  PetscFunctionReturn(0);
}

/* A count of per-axis values other than 1 or the grid's d. */
static PetscErrorCode CheckAxisCount(MckTwin tw, const Filter *f, PetscBool strides)
{
  const char    *opt = strides ? "-obs_every" : "-obs_offset";
  const PetscInt n   = strides ? f->nevery : f->noffset;
  char           given[128];

  PetscFunctionBeginUser;
  if (n == 1 || n == f->dim) PetscFunctionReturn(0);
  PetscCall(FormatPerAxis(f, strides, n, given, sizeof(given)));
  if (f->dim == 1)
    SETERRQ(tw->comm, PETSC_ERR_USER_INPUT,
            "%s %s: %" PetscInt_FMT " values for a state that is not a grid; allowed: one",
            McKeanOptionName((PetscObject)tw, opt), given, n);
  SETERRQ(tw->comm, PETSC_ERR_USER_INPUT,
          "%s %s: %" PetscInt_FMT " values for a grid of %" PetscInt_FMT
          " axes; allowed: one for every axis or %" PetscInt_FMT ", one per axis",
          McKeanOptionName((PetscObject)tw, opt), given, n, f->dim, f->dim);
}

/* The lattice of the points s_a + l_a k_a on every axis a of the model's grid (offset s_a, stride
 * k_a; in 1D the components s + l k), first axis fastest. */
static PetscErrorCode SetUpLattice(MckTwin tw, Filter *f)
{
  PetscInt count[MCK_MODEL_MAX_DIM];
  char     given[128];

  PetscFunctionBeginUser;
  PetscCall(CheckAxisCount(tw, f, PETSC_TRUE));
  PetscCall(CheckAxisCount(tw, f, PETSC_FALSE));
  PetscCall(FormatPerAxis(f, PETSC_TRUE, f->nevery, given, sizeof(given)));
  f->nobs = 1;
  for (PetscInt a = 0; a < f->dim; a++) {
    PetscCheck(f->dim > 1 || Stride(f, a) <= f->sizes[a], tw->comm, PETSC_ERR_USER_INPUT,
               "%s %s: larger than the state (%" PetscInt_FMT " components)",
               McKeanOptionName((PetscObject)tw, "-obs_every"), given, f->sizes[a]);
    PetscCheck(Stride(f, a) <= f->sizes[a], tw->comm, PETSC_ERR_USER_INPUT,
               "%s %s: larger than axis %" PetscInt_FMT " of the grid (%" PetscInt_FMT " points)",
               McKeanOptionName((PetscObject)tw, "-obs_every"), given, a, f->sizes[a]);
    count[a] = 0;
    while (Offset(f, a) + count[a] * Stride(f, a) < f->sizes[a]) count[a]++;
    f->nobs *= count[a];
  }
  PetscCall(PetscMalloc4((size_t)f->nobs * f->dim, &f->coord, f->nobs, &f->y, f->nobs, &f->r, f->nobs, &f->clean));
  for (PetscInt l = 0; l < f->nobs; l++) {
    PetscInt rest = l;
    for (PetscInt a = 0; a < f->dim; a++) {
      f->coord[(size_t)l * f->dim + a] = Offset(f, a) + (rest % count[a]) * Stride(f, a);
      rest /= count[a];
    }
    f->r[l] = f->obs_var;
  }
  PetscFunctionReturn(0);
}

/* Synthetic observations on the lattice of -obs_every and -obs_offset (SetUpLattice), error
 * variance obs_var; or those of -obs_file. */
static PetscErrorCode SetUpObservations(MckTwin tw, Filter *f)
{
  const char *name;

  PetscFunctionBeginUser;
  if (f->obs_file[0]) {
    PetscCall(ReadObservationFile(tw, f));
    PetscFunctionReturn(0);
  }
  f->saved.dim = f->dim;
  PetscCall(MckEnsembleGetObsOperator(tw->ens, &name));
  PetscCall(PetscStrncpy(f->saved.op, name, sizeof(f->saved.op)));
  PetscCall(SetUpLattice(tw, f));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Filter(MckTwin tw)
{
  Filter *f = (Filter *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(MckTwinRequireKinds(tw, MCK_MODEL_DYNAMICAL, PETSC_TRUE));
  PetscCall(MckModelGetGridShape(tw->model, &f->dim, f->sizes));
  if (f->dim > 1) PetscCall(MckEnsembleSetGridShape(tw->ens, f->dim, f->sizes));
  PetscCall(MckEnsembleSetUp(tw->ens));
  if (tw->help) PetscFunctionReturn(0); /* -help: the sizes checked, nothing allocated */
  PetscCall(MckEnsembleGetSizes(tw->ens, &f->J, &f->n, NULL));
  PetscCall(MckModelGetTimeStep(tw->model, &f->dt));
  PetscCall(SetUpObservations(tw, f));
  PetscCall(PetscCalloc1(f->J + 1, &f->hist));
  PetscCall(PetscMalloc1(f->n, &f->x));
  PetscCall(MckModelCreateStateVec(tw->model, &f->truth));
  PetscCall(VecScatterCreateToAll(f->truth, &f->gather, &f->tfull));
  PetscCall(MckSeriesCreate(tw->comm, "da", NCOLS, Columns, &tw->series));
  PetscCall(MckTwinSmoothedCreate(tw, f->n, &f->smoothed));
  PetscFunctionReturn(0);
}

static PetscErrorCode GatherTruth(Filter *f)
{
  PetscFunctionBeginUser;
  PetscCall(MckTwinGatherVec(f->gather, f->truth, f->tfull, f->x));
  PetscFunctionReturn(0);
}

/* Truth: the model's initial state spun up onto the attractor; ensemble: truth + offset + spread. */
static PetscErrorCode Initialize_Filter(MckTwin tw)
{
  Filter    *f = (Filter *)tw->data;
  PetscReal *offset, *center;
  PetscBool  failed;

  PetscFunctionBeginUser;
  PetscCall(MckModelGetInitialState(tw->model, f->truth));
  PetscCall(MckModelAdvance(tw->model, 0, f->spinup, f->truth, &failed));
  PetscCheck(!failed, tw->comm, MCK_ERR_DIVERGED,
             "%s %" PetscInt_FMT
             ": the truth run failed during the spin-up (not finite or beyond the model's limits); reduce %s",
             McKeanOptionName((PetscObject)tw, "-spinup"), f->spinup,
             McKeanOptionName((PetscObject)tw->model, "-model_dt"));
  PetscCall(PetscMalloc2(f->n, &offset, f->n, &center));
  PetscCall(MckRNGNormals(tw->rng, 0, f->n, MCK_TWIN_RNG_STEP_OFFSET, 0, 1, &offset));
  PetscCall(GatherTruth(f));
  for (PetscInt i = 0; i < f->n; i++) center[i] = f->x[i] + f->init_spread * offset[i];
  PetscCall(MckEnsembleInitializeMembers(tw->ens, center, f->init_spread));
  PetscCall(PetscFree2(offset, center));
  f->t = 0;
  PetscFunctionReturn(0);
}

/* y_l = H(truth)_l + sqrt(r) eps_l, eps keyed by (observation l, cycle), apart from the
 * ensemble's own counters (purpose MCK_ENS_RNG_APP), given replicated (the truth is); or the
 * file's observations of the cycle (read by slices: each rank gives those of its slice). *nobs
 * = 0: none this cycle. */
static PetscErrorCode Observe(MckTwin tw, Filter *f, PetscInt64 cycle, PetscInt *nobs)
{
  PetscFunctionBeginUser;
  if (f->obs_file[0]) {
    const PetscInt   l0    = f->first[cycle];
    const PetscReal *coord = f->file.coord + (size_t)l0 * f->dim; /* rows of d on a grid */
    *nobs                  = f->incycle[cycle];
    if (*nobs && f->sliced)
      PetscCall(MckEnsembleSetObservationsAtLocal(tw->ens, f->first[cycle + 1] - l0, coord, f->file.value + l0,
                                                  f->file.variance + l0));
    else if (*nobs)
      PetscCall(MckEnsembleSetObservationsAt(tw->ens, *nobs, coord, f->file.value + l0, f->file.variance + l0));
    PetscFunctionReturn(0);
  }
  PetscCall(GatherTruth(f));
  PetscCall(MckEnsembleApplyObsOperator(tw->ens, f->x, f->nobs, f->coord, f->clean));
  PetscCall(MckTwinNoisyData(tw->rng, 8 * cycle + MCK_ENS_RNG_APP, f->nobs, PetscSqrtReal(f->obs_var), f->clean, f->y));
  PetscCall(MckEnsembleSetObservationsAt(tw->ens, f->nobs, f->coord, f->y, f->r));
  if (f->obs_save) PetscCall(MckEnsObsListAppend(&f->saved, f->nobs, f->y, f->r, f->coord, f->t));
  *nobs = f->nobs;
  PetscFunctionReturn(0);
}

/* The analysis, or with no observations a forecast-only cycle. */
static PetscErrorCode Analyze(MckTwin tw, PetscInt64 cycle, PetscInt nobs, MckEnsembleInfo *info)
{
  PetscFunctionBeginUser;
  if (nobs) {
    PetscCall(MckEnsembleAnalyze(tw->ens));
    PetscCall(MckEnsembleGetInfo(tw->ens, info));
    PetscFunctionReturn(0);
  }
  PetscCall(MckEnsembleSetCycle(tw->ens, cycle + 1));
  PetscCall(MckEnsembleGetInfo(tw->ens, info));
  info->cycle    = cycle + 1;
  info->omf_mean = info->omf_var = info->hpht = info->obs_var = NAN;
  PetscFunctionReturn(0);
}

static PetscErrorCode Diagnose(MckTwin tw, Filter *f, PetscReal *rmse, PetscReal *spread)
{
  PetscFunctionBeginUser;
  PetscCall(GatherTruth(f));
  PetscCall(MckEnsembleGetMean(tw->ens, NULL, spread, f->x, rmse));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReportFailures(MckTwin tw, const MckEnsembleInfo *info)
{
  PetscFunctionBeginUser;
  if (!info->nfailed) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(tw->comm,
                        "cycle %" PetscInt64_FMT ": %" PetscInt_FMT " member(s) failed (%" PetscInt_FMT
                        " of them outliers) and were left out of the analysis (%" PetscInt64_FMT " so far)\n",
                        info->cycle, info->nfailed, info->noutliers, info->nfailed_total));
  PetscFunctionReturn(0);
}

/* One cycle: forecast (ensemble and truth), observe, analyse, record. */
static PetscErrorCode Step_Filter(MckTwin tw)
{
  Filter         *f = (Filter *)tw->data;
  PetscReal       row[NCOLS], rmse_f, spread_f, rmse_a, spread_a;
  PetscInt64      cycle;
  PetscInt        nobs = 0;
  PetscBool       failed;
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetCycle(tw->ens, &cycle));
  PetscCall(MckEnsembleForecast(tw->ens, f->t, f->obs_steps));
  PetscCall(MckModelAdvance(tw->model, f->t, f->obs_steps, f->truth, &failed));
  PetscCheck(!failed, tw->comm, MCK_ERR_DIVERGED,
             "the truth run failed at t = %g (not finite or beyond the model's limits); reduce %s", (double)f->t,
             McKeanOptionName((PetscObject)tw->model, "-model_dt"));
  f->t += f->obs_steps * f->dt;
  PetscCall(Diagnose(tw, f, &rmse_f, &spread_f));
  if (cycle >= f->burnin) PetscCall(MckEnsembleAccumulateRankHistogram(tw->ens, f->x, f->hist));
  PetscCall(Observe(tw, f, cycle, &nobs));
  PetscCall(Analyze(tw, cycle, nobs, &info));
  PetscCall(Diagnose(tw, f, &rmse_a, &spread_a));
  if (info.cycle > f->burnin) {
    f->sum_rmse += rmse_a;
    f->sum_spread += spread_a;
    f->nsum++;
  }
  f->last_rmse = rmse_a;
  PetscCall(MckTwinSmoothedRecord(tw, f->smoothed, cycle, f->t, f->x, f->burnin));
  row[0]  = info.cycle;
  row[1]  = f->t;
  row[2]  = rmse_f;
  row[3]  = spread_f;
  row[4]  = rmse_a;
  row[5]  = spread_a;
  row[6]  = info.nactive;
  row[7]  = info.nfailed;
  row[8]  = info.ess;
  row[9]  = info.omf_mean;
  row[10] = info.omf_var;
  row[11] = info.hpht;
  row[12] = info.obs_var;
  PetscCall(MckSeriesAppend(tw->series, row));
  PetscCall(ReportFailures(tw, &info));
  PetscFunctionReturn(0);
}

static PetscErrorCode GetStep_Filter(MckTwin tw, PetscInt64 *step, PetscInt64 *nsteps, PetscReal *time)
{
  Filter *f = (Filter *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetCycle(tw->ens, step));
  *nsteps = f->cycles;
  *time   = f->t;
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Filter(MckTwin tw, MckIO io, PetscBool check)
{
  Filter     *f   = (Filter *)tw->data;
  PetscObject obj = (PetscObject)tw;
  char        every[128];

  PetscFunctionBeginUser;
  /* one stride is the decimal MckIOConfigInt() records */
  PetscCall(FormatPerAxis(f, PETSC_TRUE, Distinct(f, PETSC_TRUE), every, sizeof(every)));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-obs_every"), every));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-obs_offset"), Distinct(f, PETSC_FALSE), f->obs_offset));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName(obj, "-obs_file"), f->obs_file));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-obs_save"), f->obs_save));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-obs_steps"), f->obs_steps));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-spinup"), f->spinup));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-burnin"), f->burnin));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-obs_var"), 1, &f->obs_var));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-init_spread"), 1, &f->init_spread));
  PetscFunctionReturn(0);
}

static PetscErrorCode Write_Filter(MckTwin tw, MckIO io, const char group[])
{
  Filter    *f = (Filter *)tw->data;
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 n = f->n, J1 = f->J + 1, three = 3;
  PetscReal  sums[3] = {f->sum_rmse, f->sum_spread, (PetscReal)f->nsum};

  PetscFunctionBeginUser;
  PetscCall(GatherTruth(f));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/truth", group));
  PetscCall(MckIOWriteArray(io, path, 1, &n, f->x));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/rank_histogram", group));
  PetscCall(MckIOWriteArrayInt(io, path, 1, &J1, f->hist));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/summary_sums", group));
  PetscCall(MckIOWriteArray(io, path, 1, &three, sums));
  PetscCall(MckIOWriteAttributeReal(io, group, "t", f->t));
  PetscCall(MckTwinSmoothedWriteRead(f->smoothed, io, group, PETSC_TRUE));
  if (f->obs_save) { /* the observations drawn so far: in the run file, and for a restart */
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/observations", group));
    PetscCall(MckEnsObsListWrite(io, path, f->n, f->dim, f->sizes, &f->saved));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Read_Filter(MckTwin tw, MckIO io, const char group[])
{
  Filter    *f = (Filter *)tw->data;
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4];
  PetscInt   nd, lo, hi;
  PetscReal *x, sums[3];
  PetscBool  found;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/truth", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, f->x));
  PetscCall(VecGetOwnershipRange(f->truth, &lo, &hi));
  PetscCall(VecGetArray(f->truth, &x));
  for (PetscInt i = lo; i < hi; i++) x[i - lo] = f->x[i];
  PetscCall(VecRestoreArray(f->truth, &x));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/rank_histogram", group));
  PetscCall(MckIOReadArrayInt(io, path, &nd, dims, f->hist));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/summary_sums", group));
  PetscCall(MckIOReadArray(io, path, &nd, dims, sums));
  f->sum_rmse   = sums[0];
  f->sum_spread = sums[1];
  f->nsum       = (PetscInt64)sums[2];
  PetscCall(MckIOReadAttributeReal(io, group, "t", &f->t, &found));
  PetscCheck(found, tw->comm, PETSC_ERR_FILE_UNEXPECTED, "%s: no time attribute t", group);
  PetscCall(MckTwinSmoothedWriteRead(f->smoothed, io, group, PETSC_FALSE));
  if (f->obs_save) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/observations", group));
    f->saved.nobs = 0;
    PetscCall(MckEnsObsListRead(tw->comm, io, path, "-restart", f->n, f->dim, f->sizes, PETSC_FALSE, &f->saved));
  }
  PetscFunctionReturn(0);
}

static void MeanSummary(const Filter *f, PetscReal *rmse, PetscReal *spread)
{
  *rmse   = f->nsum ? f->sum_rmse / f->nsum : 0;
  *spread = f->nsum ? f->sum_spread / f->nsum : 0;
}

static PetscErrorCode Results_Filter(MckTwin tw, MckIO io, const char group[])
{
  PetscReal rmse, spread;

  PetscFunctionBeginUser;
  MeanSummary((Filter *)tw->data, &rmse, &spread);
  PetscCall(MckIOWriteAttributeReal(io, group, "mean_rmse_analysis", rmse));
  PetscCall(MckIOWriteAttributeReal(io, group, "mean_spread_analysis", spread));
  if (((Filter *)tw->data)->smoothed) {
    PetscInt64 count;
    MckTwinSmoothedSummary(((Filter *)tw->data)->smoothed, &rmse, &spread, &count);
    PetscCall(MckIOWriteAttributeReal(io, group, "mean_rmse_smoothed", rmse));
    PetscCall(MckIOWriteAttributeReal(io, group, "mean_spread_smoothed", spread));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Summary_Filter(MckTwin tw, PetscViewer viewer)
{
  Filter   *f = (Filter *)tw->data;
  PetscReal rmse, spread;

  PetscFunctionBeginUser;
  MeanSummary(f, &rmse, &spread);
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "mean analysis RMSE %.4f, spread %.4f over %" PetscInt64_FMT " cycles after burn-in\n", (double)rmse,
      (double)spread, f->nsum));
  if (f->smoothed) {
    PetscInt64 count;
    PetscInt   lag;
    MckTwinSmoothedSummary(f->smoothed, &rmse, &spread, &count);
    PetscCall(MckEnsembleGetSmootherLag(tw->ens, &lag));
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "mean smoothed RMSE %.4f, spread %.4f over %" PetscInt64_FMT
                                     " cycles after burn-in (lag %" PetscInt_FMT " cycles)\n",
                                     (double)rmse, (double)spread, count, lag));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode Headline_Filter(MckTwin tw, const char **name, PetscReal *value)
{
  PetscFunctionBeginUser;
  *name  = "rmse_a";
  *value = ((Filter *)tw->data)->last_rmse;
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Filter(MckTwin tw, PetscViewer viewer)
{
  Filter *f = (Filter *)tw->data;
  char    v[2][32], every[128], offset[128], at[300];

  PetscFunctionBeginUser;
  PetscCall(FormatPerAxis(f, PETSC_TRUE, Distinct(f, PETSC_TRUE), every, sizeof(every)));
  PetscCall(FormatPerAxis(f, PETSC_FALSE, Distinct(f, PETSC_FALSE), offset, sizeof(offset)));
  if (Distinct(f, PETSC_TRUE) == 1 && Distinct(f, PETSC_FALSE) == 1)
    PetscCall(PetscSNPrintf(at, sizeof(at), "%s + %s l", offset, every));
  else PetscCall(PetscSNPrintf(at, sizeof(at), "s_a + k_a l on axis a (s = %s, k = %s)", offset, every));
  if (f->obs_file[0])
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "%" PetscInt_FMT " cycles of %" PetscInt_FMT " model step(s); %" PetscInt_FMT
                                     " observations from %s (operator %s)\n",
                                     f->cycles, f->obs_steps, f->file_nobs, f->obs_file, f->file.op));
  else
    PetscCall(PetscViewerASCIIPrintf(
        viewer, "%" PetscInt_FMT " cycles of %" PetscInt_FMT " model step(s); observed at %s, error variance %s%s\n",
        f->cycles, f->obs_steps, at, McKeanFormatReal(f->obs_var, v[0], 32),
        f->obs_save ? "; saved to the run file" : ""));
  PetscCall(PetscViewerASCIIPrintf(
      viewer, "truth spun up %" PetscInt_FMT " steps; prior spread %s; burn-in %" PetscInt_FMT " cycles\n", f->spinup,
      McKeanFormatReal(f->init_spread, v[1], 32), f->burnin));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Filter(MckTwin tw)
{
  Filter *f = (Filter *)tw->data;

  PetscFunctionBeginUser;
  PetscCall(VecScatterDestroy(&f->gather));
  PetscCall(VecDestroy(&f->tfull));
  PetscCall(VecDestroy(&f->truth));
  PetscCall(PetscFree4(f->coord, f->y, f->r, f->clean));
  PetscCall(MckEnsObsListDestroy(&f->file));
  PetscCall(MckEnsObsListDestroy(&f->saved));
  PetscCall(PetscFree(f->first));
  PetscCall(PetscFree(f->incycle));
  PetscCall(PetscFree(f->hist));
  PetscCall(PetscFree(f->x));
  PetscCall(MckTwinSmoothedDestroy(&f->smoothed));
  PetscCall(PetscFree(tw->data));
  PetscFunctionReturn(0);
}

PetscErrorCode MckTwinCreate_Filter(MckTwin tw)
{
  Filter *f;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&f));
  f->cycles = 1000;
  for (PetscInt a = 0; a < MCK_MODEL_MAX_DIM; a++) f->obs_every[a] = 1;
  f->nevery               = 1;
  f->noffset              = 1;
  f->obs_steps            = 1;
  f->obs_var              = 1.0;
  f->spinup               = 1000;
  f->init_spread          = 1.0;
  f->burnin               = -1;
  tw->data                = f;
  tw->ops->setfromoptions = SetFromOptions_Filter;
  tw->ops->setup          = SetUp_Filter;
  tw->ops->initialize     = Initialize_Filter;
  tw->ops->step           = Step_Filter;
  tw->ops->getstep        = GetStep_Filter;
  tw->ops->config         = Config_Filter;
  tw->ops->write          = Write_Filter;
  tw->ops->read           = Read_Filter;
  tw->ops->results        = Results_Filter;
  tw->ops->summary        = Summary_Filter;
  tw->ops->headline       = Headline_Filter;
  tw->ops->view           = View_Filter;
  tw->ops->destroy        = Destroy_Filter;
  PetscFunctionReturn(0);
}
