/* Observation lists and the observation file (docs/ensemble.md "Observation file"). The file is
 * any HDF5 file with a group (by default /observations) holding, for nobs observations,
 *   value      (nobs)  the observed values y
 *   variance   (nobs)  their error variances r > 0 (R diagonal)
 *   coordinate (nobs)  where they are, in state-index units, 0 <= s < n (periodic);
 *              (nobs, d) on a grid of d > 1 axes: row l the d grid coordinates 0 <= s_a < n_a
 *   time       (nobs)  when, in model time units, >= 0
 * and the attributes operator (a registered observation operator, one for the file),
 * state_size (n of the state it observes) and, on a grid, grid (its sizes n_0 .. n_{d-1} as a
 * string of d integers, e.g. "32 32"), which must be the reading model's grid. mckean-da
 * -da_obs_save writes the observations it draws in this form into its run file, -da_obs_file
 * reads it: a file round-trips bit for bit.
 * In the blocks layout -da_obs_file is read by slices: each of P ranks reads a contiguous 1/P of
 * every dataset (MckIOReadRows, parallel HDF5) and hands its observations to
 * MckEnsembleSetObservationsAtLocal() cycle by cycle, so no rank holds the whole file (in the
 * replicated layouts every rank stores every observation and reads the whole file). The synthetic observations are drawn from
 * the replicated truth and written whole by rank 0 (MckIOWriteArray), as is their copy read
 * back at a restart. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

static const char *const Fields[4] = {"value", "variance", "coordinate", "time"};

/* Coordinates per observation: 1 on the 1D state. */
static PetscInt Dim(const MckEnsObsList *o) { return o->dim > 1 ? o->dim : 1; }

static void FieldArrays(MckEnsObsList *o, PetscReal **a[4])
{
  a[0] = &o->value;
  a[1] = &o->variance;
  a[2] = &o->coord;
  a[3] = &o->time;
}

static PetscErrorCode Reserve(MckEnsObsList *o, PetscInt cap)
{
  PetscReal **a[4];

  PetscFunctionBeginUser;
  if (cap <= o->cap) PetscFunctionReturn(0);
  cap = PetscMax(cap, 2 * o->cap);
  FieldArrays(o, a);
  for (PetscInt k = 0; k < 4; k++) {
    PetscReal     *grown;
    const PetscInt width = k == 2 ? Dim(o) : 1; /* coord: dim per observation */
    PetscCall(PetscMalloc1((size_t)cap * width, &grown));
    if (o->nobs) PetscCall(PetscArraycpy(grown, *a[k], (size_t)o->nobs * width));
    PetscCall(PetscFree(*a[k]));
    *a[k] = grown;
  }
  o->cap = cap;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListAppend(MckEnsObsList *o, PetscInt m, const PetscReal value[], const PetscReal variance[],
                                   const PetscReal coord[], PetscReal t)
{
  PetscFunctionBeginUser;
  PetscCall(Reserve(o, o->nobs + m));
  PetscCall(PetscArraycpy(o->value + o->nobs, value, m));
  PetscCall(PetscArraycpy(o->variance + o->nobs, variance, m));
  PetscCall(PetscArraycpy(o->coord + (size_t)o->nobs * Dim(o), coord, (size_t)m * Dim(o)));
  for (PetscInt l = 0; l < m; l++) o->time[o->nobs + l] = t;
  o->nobs += m;
  PetscFunctionReturn(0);
}

/* The grid's sizes for messages: "n_0 n_1 ..". */
static PetscErrorCode GridString(PetscInt dim, const PetscInt sizes[], char buf[], size_t len)
{
  size_t used = 0;

  PetscFunctionBeginUser;
  buf[0] = 0;
  for (PetscInt a = 0; a < dim; a++) {
    PetscCall(PetscSNPrintf(buf + used, len - used, a ? " %" PetscInt_FMT : "%" PetscInt_FMT, sizes[a]));
    PetscCall(PetscStrlen(buf, &used));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListWrite(MckIO io, const char group[], PetscInt n, PetscInt dim, const PetscInt sizes[],
                                  const MckEnsObsList *o)
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 len[2] = {o->nobs, dim}, grid[MCK_ENS_MAX_DIM];
  PetscReal *a[4];

  PetscFunctionBeginUser;
  a[0] = o->value;
  a[1] = o->variance;
  a[2] = o->coord;
  a[3] = o->time;
  for (PetscInt k = 0; k < 4; k++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, Fields[k]));
    PetscCall(MckIOWriteArray(io, path, k == 2 && dim > 1 ? 2 : 1, len, a[k]));
  }
  PetscCall(MckIOWriteAttributeString(io, group, "operator", o->op));
  PetscCall(MckIOWriteAttributeInt(io, group, "state_size", n));
  for (PetscInt a = 0; a < dim; a++) grid[a] = sizes[a];
  if (dim > 1) PetscCall(MckIOWriteAttributeInts(io, group, "grid", dim, grid));
  PetscFunctionReturn(0);
}

/* The length of group/field, which must be a non-empty dataset of nobs values (nobs < 0: any),
 * of shape (nobs) for width 1, else (nobs, width). */
static PetscErrorCode FieldLength(MPI_Comm comm, MckIO io, const char group[], const char field[], const char what[],
                                  PetscInt width, PetscInt64 *nobs)
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 dims[4];
  PetscInt   nd;
  PetscBool  has;

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, field));
  PetscCall(MckIOHasObject(io, path, &has));
  PetscCheck(has, comm, PETSC_ERR_USER_INPUT,
             "%s: no dataset %s (an observation file holds value, variance, coordinate and time)", what, path);
  PetscCall(MckIOReadArray(io, path, &nd, dims, NULL));
  PetscCheck(width > 1 || (nd == 1 && dims[0] >= 1), comm, PETSC_ERR_USER_INPUT,
             "%s: dataset %s must have shape (nobs) with nobs >= 1 (it has %" PetscInt_FMT " dimension(s))", what, path,
             nd);
  PetscCheck(width == 1 || (nd == 2 && dims[0] >= 1 && dims[1] == width), comm, PETSC_ERR_USER_INPUT,
             "%s: dataset %s must have shape (nobs, %" PetscInt_FMT ") with nobs >= 1 on this grid of %" PetscInt_FMT
             " axes (it has %" PetscInt_FMT " dimension(s), the last of length %" PetscInt64_FMT ")",
             what, path, width, width, nd, dims[nd > 0 ? nd - 1 : 0]);
  PetscCheck(*nobs < 0 || dims[0] == *nobs, comm, PETSC_ERR_USER_INPUT,
             "%s: dataset %s has shape (%" PetscInt64_FMT "), %s/value (%" PetscInt64_FMT ")", what, path, dims[0],
             group, *nobs);
  *nobs = dims[0];
  PetscFunctionReturn(0);
}

/* Values finite, variances positive, coordinates inside the state (on a grid: each inside its
 * axis, 0 <= s_a < sizes[a]), times not negative: the first failure over the ranks, raised on
 * every rank with its index in the file (this rank's list starts at row pos0 of the file). A
 * failure's key is K (pos0 + l) + k for the K = 3 + d checks of an observation: value,
 * variance, one per axis, time. */
static PetscErrorCode CheckValues(MPI_Comm comm, const char group[], const char what[], PetscInt n,
                                  const PetscInt sizes[], PetscInt64 pos0, const MckEnsObsList *o)
{
  const PetscInt d = Dim(o), K = 3 + d;
  PetscInt64     key   = INT64_MAX, row, k;
  PetscReal      value = 0;

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < o->nobs && key == INT64_MAX; l++) {
    PetscReal v[3 + MCK_ENS_MAX_DIM];
    PetscBool ok[3 + MCK_ENS_MAX_DIM];
    v[0]      = o->value[l];
    v[1]      = o->variance[l];
    v[K - 1]  = o->time[l];
    ok[0]     = (PetscBool)!PetscIsInfOrNanReal(v[0]);
    ok[1]     = (PetscBool)(v[1] > 0 && !PetscIsInfOrNanReal(v[1]));
    ok[K - 1] = (PetscBool)(v[K - 1] >= 0 && !PetscIsInfOrNanReal(v[K - 1]));
    for (PetscInt a = 0; a < d; a++) {
      v[2 + a]  = o->coord[(size_t)l * d + a];
      ok[2 + a] = (PetscBool)(v[2 + a] >= 0 && v[2 + a] < (d > 1 ? sizes[a] : n));
    }
    for (PetscInt c = 0; c < K && key == INT64_MAX; c++)
      if (!ok[c]) {
        key   = K * (pos0 + l) + c;
        value = v[c];
      }
  }
  PetscCall(MckEnsObsFirstFailure(comm, &key, &value));
  if (key == INT64_MAX) PetscFunctionReturn(0);
  row = key / K;
  k   = key % K;
  PetscCheck(k != 0, comm, PETSC_ERR_USER_INPUT, "%s: %s/value[%" PetscInt64_FMT "] is not finite", what, group, row);
  PetscCheck(k != 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s/variance[%" PetscInt64_FMT "] = %g must be a positive error variance", what, group, row,
             (double)value);
  PetscCheck(k != K - 1, comm, PETSC_ERR_USER_INPUT, "%s: %s/time[%" PetscInt64_FMT "] = %g must be a time >= 0", what,
             group, row, (double)value);
  PetscCheck(d > 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s/coordinate[%" PetscInt64_FMT "] = %g is outside the state [0, %" PetscInt_FMT ")", what, group,
             row, (double)value, n);
  SETERRQ(comm, PETSC_ERR_USER_INPUT,
          "%s: %s/coordinate[%" PetscInt64_FMT ", %" PetscInt64_FMT "] = %g is outside axis %" PetscInt64_FMT
          " of the grid [0, %" PetscInt_FMT ")",
          what, group, row, k - 2, (double)value, k - 2, sizes[k - 2]);
}

/* The file's grid attribute against the reading state's grid (none on the 1D state). */
static PetscErrorCode CheckGrid(MPI_Comm comm, MckIO io, const char group[], const char what[], PetscInt dim,
                                const PetscInt sizes[])
{
  char       mine[128], theirs[128] = "";
  PetscInt64 grid[MCK_ENS_MAX_DIM + 1];
  PetscInt   gdim = 0, gsizes[MCK_ENS_MAX_DIM + 1];
  PetscBool  found, same;

  PetscFunctionBeginUser;
  PetscCall(GridString(dim, sizes, mine, sizeof(mine)));
  PetscCall(MckIOReadAttributeInts(io, group, "grid", MCK_ENS_MAX_DIM + 1, grid, &gdim, &found));
  same = (PetscBool)(gdim == dim);
  for (PetscInt a = 0; a < gdim; a++) {
    gsizes[a] = (PetscInt)grid[a];
    same      = (PetscBool)(same && grid[a] == sizes[a]);
  }
  PetscCall(GridString(gdim, gsizes, theirs, sizeof(theirs)));
  PetscCheck(found || dim == 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s has no attribute grid: its coordinates are on the 1D state, this model's state is the grid %s",
             what, group, mine);
  PetscCheck(!found || dim > 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s observes the grid %s (attribute grid); this model's state is 1D", what, group, theirs);
  PetscCheck(!found || same, comm, PETSC_ERR_USER_INPUT,
             "%s: %s observes the grid %s (attribute grid); this model's grid is %s", what, group, theirs, mine);
  PetscFunctionReturn(0);
}

/* Rows [pos0, pos0 + m) of the (nobs, d) dataset path into coord (m rows of d): by columns, then
 * interleaved. Collective. */
static PetscErrorCode ReadCoordinateRows(MckIO io, const char path[], PetscInt64 nobs, PetscInt64 pos0, PetscInt m,
                                         PetscInt d, PetscReal coord[])
{
  PetscReal *col[MCK_ENS_MAX_DIM], *buf;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1((size_t)m * d + 1, &buf));
  for (PetscInt a = 0; a < d; a++) col[a] = buf + (size_t)a * m;
  PetscCall(MckIOReadRows(io, path, nobs, pos0, m, d, col));
  for (PetscInt l = 0; l < m; l++)
    for (PetscInt a = 0; a < d; a++) coord[(size_t)l * d + a] = col[a][l];
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(0);
}

/* This rank's rows [*pos0, *pos0 + m) of a list of nobs: the whole, or its 1/P slice. */
static PetscErrorCode Rows(MPI_Comm comm, PetscBool slice, PetscInt64 nobs, PetscInt64 *pos0, PetscInt *m)
{
  PetscMPIInt rank, size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  *pos0 = slice ? nobs * rank / size : 0;
  *m    = (PetscInt)(slice ? nobs * (rank + 1) / size - *pos0 : nobs);
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListRead(MPI_Comm comm, MckIO io, const char group[], const char what[], PetscInt n,
                                 PetscInt dim, const PetscInt sizes[], PetscBool slice, MckEnsObsList *o)
{
  char              path[PETSC_MAX_PATH_LEN];
  PetscInt64        nobs = -1, dims[4], size, pos0 = 0;
  PetscInt          nd, m = 0;
  PetscBool         has, found;
  MckEnsObsOperator op;
  PetscReal       **a[4];

  PetscFunctionBeginUser;
  PetscCall(MckIOHasObject(io, group, &has));
  PetscCheck(has, comm, PETSC_ERR_USER_INPUT, "%s: no group %s of observations", what, group);
  PetscCall(MckIOReadAttributeString(io, group, "operator", sizeof(o->op), o->op, &found));
  PetscCheck(found, comm, PETSC_ERR_USER_INPUT, "%s: %s has no attribute operator (the observation operator's name)",
             what, group);
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s: attribute %s/operator", what, group));
  PetscCall(MckEnsObsOperatorFind(comm, path, o->op, &op));
  PetscCall(CheckGrid(comm, io, group, what, dim, sizes));
  PetscCall(MckIOReadAttributeInt(io, group, "state_size", &size, &found));
  PetscCheck(!found || size == n, comm, PETSC_ERR_USER_INPUT,
             "%s: %s observes a state of %" PetscInt64_FMT " components, this one has %" PetscInt_FMT, what, group,
             size, n);
  PetscCheck(o->nobs == 0, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "reading into a list that is not empty");
  if (o->dim != dim) { /* coord's width changes: start afresh */
    PetscCall(MckEnsObsListDestroy(o));
    o->dim = dim;
  }
  for (PetscInt k = 0; k < 4; k++) PetscCall(FieldLength(comm, io, group, Fields[k], what, k == 2 ? dim : 1, &nobs));
  PetscCall(Rows(comm, slice, nobs, &pos0, &m));
  PetscCall(Reserve(o, m + 1));
  FieldArrays(o, a);
  for (PetscInt k = 0; k < 4; k++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, Fields[k]));
    if (slice && k == 2 && dim > 1) PetscCall(ReadCoordinateRows(io, path, nobs, pos0, m, dim, o->coord));
    else if (slice) PetscCall(MckIOReadRows(io, path, nobs, pos0, m, 1, a[k]));
    else PetscCall(MckIOReadArray(io, path, &nd, dims, *a[k]));
  }
  o->nobs = m;
  PetscCall(CheckValues(comm, group, what, n, sizes, pos0, o));
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListDestroy(MckEnsObsList *o)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(o->value));
  PetscCall(PetscFree(o->variance));
  PetscCall(PetscFree(o->coord));
  PetscCall(PetscFree(o->time));
  o->nobs = o->cap = 0;
  PetscFunctionReturn(0);
}
