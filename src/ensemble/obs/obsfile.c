/* Observation lists and the observation file (docs/ensemble.md "Observation file"). The file is
 * any HDF5 file with a group (by default /observations) holding, for nobs observations,
 *   value      (nobs)  the observed values y
 *   variance   (nobs)  their error variances r > 0 (R diagonal)
 *   coordinate (nobs)  where they are, in state-index units, 0 <= s < n (periodic)
 *   time       (nobs)  when, in model time units, >= 0
 * and the attributes operator (a registered observation operator, one for the file) and
 * state_size (n of the state it observes). mckean-da -da_obs_save writes the observations it
 * draws in this form into its run file, -da_obs_file reads it: a file round-trips bit for bit.
 * In the blocks layout -da_obs_file is read by slices: each of P ranks reads a contiguous 1/P of
 * every dataset (MckIOReadRows, parallel HDF5) and hands its observations to
 * MckEnsembleSetObservationsAtLocal() cycle by cycle, so no rank holds the whole file (in the
 * replicated layouts every rank stores every observation and reads the whole file). The synthetic observations are drawn from
 * the replicated truth and written whole by rank 0 (MckIOWriteArray), as is their copy read
 * back at a restart. */
#include "ensemble/ensimpl.h"
#include "ensemble/obs/obsfile.h"

static const char *const Fields[4] = {"value", "variance", "coordinate", "time"};

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
    PetscReal *grown;
    PetscCall(PetscMalloc1(cap, &grown));
    if (o->nobs) PetscCall(PetscArraycpy(grown, *a[k], o->nobs));
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
  PetscCall(PetscArraycpy(o->coord + o->nobs, coord, m));
  for (PetscInt l = 0; l < m; l++) o->time[o->nobs + l] = t;
  o->nobs += m;
  PetscFunctionReturn(0);
}

PetscErrorCode MckEnsObsListWrite(MckIO io, const char group[], PetscInt n, const MckEnsObsList *o)
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscInt64 len = o->nobs;
  PetscReal *a[4];

  PetscFunctionBeginUser;
  a[0] = o->value;
  a[1] = o->variance;
  a[2] = o->coord;
  a[3] = o->time;
  for (PetscInt k = 0; k < 4; k++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, Fields[k]));
    PetscCall(MckIOWriteArray(io, path, 1, &len, a[k]));
  }
  PetscCall(MckIOWriteAttributeString(io, group, "operator", o->op));
  PetscCall(MckIOWriteAttributeInt(io, group, "state_size", n));
  PetscFunctionReturn(0);
}

/* The length of group/field, which must be a non-empty 1-D dataset of nobs values (nobs < 0: any). */
static PetscErrorCode FieldLength(MPI_Comm comm, MckIO io, const char group[], const char field[], const char what[],
                                  PetscInt64 *nobs)
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
  PetscCheck(nd == 1 && dims[0] >= 1, comm, PETSC_ERR_USER_INPUT,
             "%s: dataset %s must have shape (nobs) with nobs >= 1 (it has %" PetscInt_FMT " dimension(s))", what, path,
             nd);
  PetscCheck(*nobs < 0 || dims[0] == *nobs, comm, PETSC_ERR_USER_INPUT,
             "%s: dataset %s has shape (%" PetscInt64_FMT "), %s/value (%" PetscInt64_FMT ")", what, path, dims[0],
             group, *nobs);
  *nobs = dims[0];
  PetscFunctionReturn(0);
}

/* Values finite, variances positive, coordinates inside the state, times not negative: the
 * first failure over the ranks, raised on every rank with its index in the file (this rank's
 * list starts at row pos0 of the file). */
static PetscErrorCode CheckValues(MPI_Comm comm, const char group[], const char what[], PetscInt n, PetscInt64 pos0,
                                  const MckEnsObsList *o)
{
  PetscInt64 key   = INT64_MAX;
  PetscReal  value = 0;

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < o->nobs && key == INT64_MAX; l++) {
    const PetscReal v[4]  = {o->value[l], o->variance[l], o->coord[l], o->time[l]};
    const PetscBool ok[4] = {(PetscBool)!PetscIsInfOrNanReal(v[0]), (PetscBool)(v[1] > 0 && !PetscIsInfOrNanReal(v[1])),
                             (PetscBool)(v[2] >= 0 && v[2] < n), (PetscBool)(v[3] >= 0 && !PetscIsInfOrNanReal(v[3]))};
    for (PetscInt k = 0; k < 4 && key == INT64_MAX; k++)
      if (!ok[k]) {
        key   = 4 * (pos0 + l) + k;
        value = v[k];
      }
  }
  PetscCall(MckEnsObsFirstFailure(comm, &key, &value));
  PetscCheck(key == INT64_MAX || key % 4 != 0, comm, PETSC_ERR_USER_INPUT,
             "%s: %s/value[%" PetscInt64_FMT "] is not finite", what, group, key / 4);
  PetscCheck(key == INT64_MAX || key % 4 != 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s/variance[%" PetscInt64_FMT "] = %g must be a positive error variance", what, group, key / 4,
             (double)value);
  PetscCheck(key == INT64_MAX || key % 4 != 2, comm, PETSC_ERR_USER_INPUT,
             "%s: %s/coordinate[%" PetscInt64_FMT "] = %g is outside the state [0, %" PetscInt_FMT ")", what, group,
             key / 4, (double)value, n);
  PetscCheck(key == INT64_MAX, comm, PETSC_ERR_USER_INPUT, "%s: %s/time[%" PetscInt64_FMT "] = %g must be a time >= 0",
             what, group, key / 4, (double)value);
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
                                 PetscBool slice, MckEnsObsList *o)
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
  PetscCall(MckIOReadAttributeInt(io, group, "state_size", &size, &found));
  PetscCheck(!found || size == n, comm, PETSC_ERR_USER_INPUT,
             "%s: %s observes a state of %" PetscInt64_FMT " components, this one has %" PetscInt_FMT, what, group,
             size, n);
  for (PetscInt k = 0; k < 4; k++) PetscCall(FieldLength(comm, io, group, Fields[k], what, &nobs));
  PetscCall(Rows(comm, slice, nobs, &pos0, &m));
  PetscCall(Reserve(o, m + 1));
  FieldArrays(o, a);
  for (PetscInt k = 0; k < 4; k++) {
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s", group, Fields[k]));
    if (slice) PetscCall(MckIOReadRows(io, path, nobs, pos0, m, 1, a[k]));
    else PetscCall(MckIOReadArray(io, path, &nd, dims, *a[k]));
  }
  o->nobs = m;
  PetscCall(CheckValues(comm, group, what, n, pos0, o));
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
