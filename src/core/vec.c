/* A Vec that works on memory it does not own: what VecDuplicate() makes, without the array. */
#include <mckean/mckean.h>
#include <petsc/private/vecimpl.h>

/*@C
  McKeanVecDuplicateWithoutArray - What `VecDuplicate()` makes of proto (the same type, layout
  with its block size and local-to-global mapping, operations, composed objects such as the DM,
  stash settings), without an array: `VecPlaceArray()` gives it one.

  Collective

  Input Parameter:
. proto - the vector to imitate

  Output Parameter:
. v - the new vector

  Notes:
  Only the standard types can be made so (`VecCreateSeqWithArray()`, `VecCreateMPIWithArray()`
  with no array); a Vec of another type or with ghosts is duplicated with an array of its own.
  A Vec that wraps memory owned elsewhere (an ensemble's member rows, a caller's NumPy array)
  then costs no state-sized allocation.

  Level: developer

.seealso: `VecPlaceArray()`, `VecResetArray()`
@*/
PetscErrorCode McKeanVecDuplicateWithoutArray(Vec proto, Vec *v)
{
  MPI_Comm  comm = PetscObjectComm((PetscObject)proto);
  PetscBool seq, mpi;
  Vec       ghost;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectTypeCompare((PetscObject)proto, VECSEQ, &seq));
  PetscCall(PetscObjectTypeCompare((PetscObject)proto, VECMPI, &mpi));
  PetscCall(VecGhostGetLocalForm(proto, &ghost)); /* a VECSEQ is its own local form */
  PetscCall(VecGhostRestoreLocalForm(proto, &ghost));
  if ((!seq && !mpi) || (mpi && ghost)) {
    PetscCall(VecDuplicate(proto, v));
    PetscFunctionReturn(0);
  }
  if (seq) PetscCall(VecCreateSeqWithArray(comm, proto->map->bs, proto->map->n, NULL, v));
  else PetscCall(VecCreateMPIWithArray(comm, proto->map->bs, proto->map->n, proto->map->N, NULL, v));
  PetscCall(PetscLayoutReference(proto->map, &(*v)->map));
  PetscCall(PetscMemcpy((*v)->ops, proto->ops, sizeof(struct _VecOps)));
  PetscCall(PetscObjectListDuplicate(((PetscObject)proto)->olist, &((PetscObject)*v)->olist));
  PetscCall(PetscFunctionListDuplicate(((PetscObject)proto)->qlist, &((PetscObject)*v)->qlist));
  (*v)->stash.donotstash   = proto->stash.donotstash;
  (*v)->stash.ignorenegidx = proto->stash.ignorenegidx;
  PetscFunctionReturn(0);
}
