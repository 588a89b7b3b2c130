/* Bitwise reproducibility of MckMFNet on any rank count: mean-field Langevin (tanh, tau > 0,
 * lambda > 0, all parameters trained), mini-batch mfld (relu), underdamped mean-field Langevin (erf), CBO (Rastrigin, isotropic and anisotropic) and
 * federated-averaging Langevin. Rank 0
 * writes the bit patterns of every step's loss, the final network output and every final
 * parameter in global-id order to the file given as argv[1]; ctest compares the files of 1, 2,
 * 3 and 4 ranks. Also CBO on the network objective (one neuron per particle). N = 203 in chunks of 16 (13 chunks, the last one short) so that the ranks own
 * unequal numbers of chunks. */
#include <mckean/mckmfnet.h>
#include "../mckbits.h"

static void Hex(FILE *fp, PetscReal v)
{
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  if (fp) fprintf(fp, "%016llx\n", (unsigned long long)bits);
}

/* The particles (rows of D) in global-id order. */
static PetscErrorCode WriteParticles(MckMFNet net, FILE *fp)
{
  PetscInt64 N;
  PetscInt   D, nlocal;
  PetscReal *theta;

  PetscFunctionBeginUser;
  PetscCall(MckMFNetGetParticles(net, &N, &D, &nlocal, NULL, &theta));
  PetscCall(MckTestWriteBits(PETSC_COMM_WORLD, fp, N * D, nlocal * D, 1, &theta));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(const char opts[], PetscInt steps, FILE *fp)
{
  MckMFNet  net;
  PetscReal loss;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetSetUp(net));
  PetscCall(MckMFNetView(net, NULL));
  for (PetscInt s = 0; s < steps; s++) {
    PetscCall(MckMFNetStep(net));
    PetscCall(MckMFNetGetLoss(net, &loss));
    Hex(fp, loss);
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s\n  final loss %.6e\n", opts, (double)loss));
  PetscCall(WriteParticles(net, fp));
  PetscCall(McKeanOptionsCheckUnused(PETSC_COMM_WORLD)); /* every option was read */
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscMPIInt rank;
  FILE       *fp = NULL;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_mfnet_reproducible OUTPUT");
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  if (!rank) fp = fopen(argv[1], "w");
  PetscCheck(rank || fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", argv[1]);
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 7 -mfnet_batch 50 -mfnet_alpha 3 -mfnet_activation tanh -mfnet_teacher he3 -mfnet_dynamics mfld -mfnet_dt 0.05 -mfnet_temperature 0.01 -mfnet_lambda 0.01 -mfnet_seed 11",
      40, fp));
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 7 -mfnet_batch 50 -mfnet_minibatch 15 -mfnet_alpha 3 -mfnet_activation relu -mfnet_teacher tanh -mfnet_dynamics mfld -mfnet_dt 0.05 -mfnet_temperature 0.01 -mfnet_seed 16",
      40, fp));
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 7 -mfnet_batch 50 -mfnet_alpha 3 -mfnet_activation erf_sqrt2 -mfnet_teacher he2 -mfnet_dynamics umfld -mfnet_gamma 2 -mfnet_dt 0.05 -mfnet_temperature 0.01 -mfnet_lambda 0.01 -mfnet_seed 15",
      40, fp));
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 6 -mfnet_dynamics cbo -mfnet_objective rastrigin -mfnet_objective_shift 0.5 -mfnet_init uniform -mfnet_init_range 3 -mfnet_dt 0.05 -mfnet_seed 12",
      40, fp));
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 6 -mfnet_dynamics cbo -mfnet_objective rastrigin -mfnet_cbo_anisotropic -mfnet_init uniform -mfnet_init_range 3 -mfnet_dt 0.05 -mfnet_seed 13",
      40, fp));
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 5 -mfnet_batch 40 -mfnet_dynamics cbo -mfnet_objective network -mfnet_activation tanh -mfnet_teacher tanh -mfnet_cbo_anisotropic -mfnet_cbo_sigma 2 -mfnet_dt 0.05 -mfnet_seed 14",
      40, fp));
  /* fedavg: 3 clients, so 4 ranks leave one rank without a client; rounds of 3 steps */
  PetscCall(Run(
      "-mfnet_n 203 -mfnet_chunk_size 16 -mfnet_dim 7 -mfnet_batch 50 -mfnet_alpha 3 -mfnet_activation tanh -mfnet_teacher he2 -mfnet_dynamics fedavg -mfnet_fedavg_clients 3 -mfnet_fedavg_local_steps 3 -mfnet_dt 0.05 -mfnet_temperature 0.01 -mfnet_lambda 0.01 -mfnet_seed 17",
      40, fp));
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
