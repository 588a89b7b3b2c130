/* Grid Vecs in run files: the grid's DMDA is split along its slowest axis only, so the owned
 * points of every rank are a contiguous block of the natural order (x fastest), and a grid Vec
 * is written as rows (N, 1) of one dataset, or as one more snapshot of a series (nsnap, N, 1). */
#include "gridimpl.h"

typedef enum { ROWS_WRITE, ROWS_APPEND, ROWS_READ } RowsMode;

static PetscErrorCode VecRows(MckGrid g, MckIO io, const char dset[], Vec v, RowsMode mode)
{
  PetscInt     lo, hi, size;
  PetscScalar *x;

  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(g, MCK_GRID_CLASSID, 1);
  PetscCheck(g->setup, g->comm, PETSC_ERR_ORDER, "call MckGridSetUp() first");
  PetscCall(VecGetOwnershipRange(v, &lo, &hi));
  PetscCall(VecGetSize(v, &size));
  PetscCall(VecGetArray(v, &x));
  switch (mode) {
  case ROWS_WRITE: PetscCall(MckIOWriteRows(io, dset, size, lo, hi - lo, 1, &x)); break;
  case ROWS_APPEND: PetscCall(MckIOAppendRows(io, dset, size, lo, hi - lo, 1, &x)); break;
  case ROWS_READ: PetscCall(MckIOReadRows(io, dset, size, lo, hi - lo, 1, &x)); break;
  }
  PetscCall(VecRestoreArray(v, &x));
  PetscFunctionReturn(0);
}

/*@C
  MckGridWriteVec - Writes a grid Vec as dataset dset, shape (N, 1), points in natural order (x fastest).

  Collective

  Input Parameters:
+ g    - the grid, set up
. io   - a file open for writing
. dset - the dataset path
- v    - a grid Vec

  Level: intermediate

.seealso: `MckGridAppendVec()`, `MckGridReadVec()`, `MckIOWriteRows()`
@*/
PetscErrorCode MckGridWriteVec(MckGrid g, MckIO io, const char dset[], Vec v)
{
  PetscFunctionBeginUser;
  PetscCall(VecRows(g, io, dset, v, ROWS_WRITE));
  PetscFunctionReturn(0);
}

/*@C
  MckGridAppendVec - Appends a grid Vec as one snapshot to the series dset, shape (nsnap, N, 1).

  Collective

  Input Parameters:
+ g    - the grid, set up
. io   - a file open for writing
. dset - the dataset path
- v    - a grid Vec

  Level: intermediate

.seealso: `MckGridWriteVec()`, `MckIOAppendRows()`, `MckIOWriteXDMF()`
@*/
PetscErrorCode MckGridAppendVec(MckGrid g, MckIO io, const char dset[], Vec v)
{
  PetscFunctionBeginUser;
  PetscCall(VecRows(g, io, dset, v, ROWS_APPEND));
  PetscFunctionReturn(0);
}

/*@C
  MckGridReadVec - Reads what `MckGridWriteVec()` wrote, on any rank count.

  Collective

  Input Parameters:
+ g    - the grid, set up, of the same sizes
. io   - a file open for reading
- dset - the dataset path

  Output Parameter:
. v - a grid Vec

  Level: intermediate

.seealso: `MckGridWriteVec()`
@*/
PetscErrorCode MckGridReadVec(MckGrid g, MckIO io, const char dset[], Vec v)
{
  PetscFunctionBeginUser;
  PetscCall(VecRows(g, io, dset, v, ROWS_READ));
  PetscFunctionReturn(0);
}
