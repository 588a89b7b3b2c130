/* Darcy flow model (in progress). */
#include "../modelimpl.h"

PetscErrorCode MckModelCreate_Darcy(MckModel m)
{
  PetscFunctionBeginUser;
  SETERRQ(m->comm, PETSC_ERR_SUP, "-model_type darcy: not available yet");
}
