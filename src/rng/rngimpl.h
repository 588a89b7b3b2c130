/* The MckRNG object, shared by rng.c (creation, seed, MckRNGNormals, MckRNGUniforms) and
 * packed.c (MckRNGNormalsPacked). */
#pragma once
#include <mckean/mckrng.h>

struct _p_MckRNG {
  MPI_Comm comm;
  PetscInt refct; /* the creator's reference and one per object that keeps the generator */
  PetscInt seed;  /* as given by the user */
  uint32_t key1;  /* the seed as Philox key word 1 */
};
