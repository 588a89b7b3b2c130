/* The reference-count step every McKean object's Destroy starts with, as PETSc's objects do: one
 * place checks the header, drops a reference and says whether the data must go. */
#include <mckean/mckean.h>
#include <petsc/private/petscimpl.h>

/*@C
  McKeanObjectRelease - Drops one reference to an object and says whether it was the last: the
  first step of an object's Destroy, after which the caller frees the object's data and its header
  (`PetscHeaderDestroy()`) when last is true.

  Not Collective

  Input Parameters:
+ obj     - the object (a pointer to it; NULL or a pointer to NULL does nothing)
- classid - the class the object must belong to

  Output Parameter:
. last - whether that was the last reference (then *obj is left as it was); otherwise *obj is set
         to NULL, as Destroy functions do for the caller's handle

  Level: developer

.seealso: `PetscObjectDereference()`, `PetscHeaderDestroy()`
@*/
PetscErrorCode McKeanObjectRelease(PetscObject *obj, PetscClassId classid, PetscBool *last)
{
  PetscFunctionBeginUser;
  *last = PETSC_FALSE;
  if (!obj || !*obj) PetscFunctionReturn(0);
  /* checked in every build (PetscValidHeaderSpecific() is empty in an optimised PETSc) */
  PetscCheck((*obj)->classid == classid, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG,
             "Destroy given an object of class %s, not of its own class", (*obj)->class_name);
  if (--(*obj)->refct > 0) {
    *obj = NULL;
    PetscFunctionReturn(0);
  }
  *last = PETSC_TRUE;
  PetscFunctionReturn(0);
}
