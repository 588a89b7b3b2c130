/* The MPI reduction of 128-bit fixed-point accumulators: datatype and commutative sum op. */
#include "stats/fixedpoint.h"
#include <string.h>

/* inout[i] = in[i] + inout[i] for each element, with the sticky overflow marker.
 * memcpy instead of dereferencing: MPI may hand the op its own temporary buffers, whose
 * alignment to 16 bytes (what __int128 loads may assume) nobody promises. */
static void MckFixedSumOp(void *in, void *inout, int *len, MPI_Datatype *type)
{
  const unsigned char *a = (const unsigned char *)in;
  unsigned char       *b = (unsigned char *)inout;

  (void)type; /* only ever called with the type created below */
  for (int i = 0; i < *len; i++) {
    MckFixed x, y;
    memcpy(&x, a + (size_t)i * sizeof(MckFixed), sizeof(MckFixed));
    memcpy(&y, b + (size_t)i * sizeof(MckFixed), sizeof(MckFixed));
    y = MckFixedAdd(x, y);
    memcpy(b + (size_t)i * sizeof(MckFixed), &y, sizeof(MckFixed));
  }
}

PetscErrorCode MckFixedMPICreate(MPI_Datatype *type, MPI_Op *op)
{
  PetscFunctionBeginUser;
  PetscCheck(sizeof(MckFixed) == 2 * sizeof(uint64_t), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "MckFixed must be two 64-bit words");
  PetscCallMPI(MPI_Type_contiguous(2, MPI_UINT64_T, type));
  PetscCallMPI(MPI_Type_commit(type));
  PetscCallMPI(MPI_Op_create(MckFixedSumOp, 1 /* commutative: integer addition */, op));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFixedMPIDestroy(MPI_Datatype *type, MPI_Op *op)
{
  PetscFunctionBeginUser;
  if (*op != MPI_OP_NULL) PetscCallMPI(MPI_Op_free(op));
  if (*type != MPI_DATATYPE_NULL) PetscCallMPI(MPI_Type_free(type));
  PetscFunctionReturn(0);
}
