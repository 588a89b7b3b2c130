/* sigma' recomputed from sigma in the gradient (activations whose derivative is a function of
 * their value: tanh, relu, identity) gives bitwise the network of sigma' kept from the forward
 * pass. Each activation is also registered a second time without its phi'-from-phi entry
 * ("<name>_kept": the network then stores sigma' for the gradient), and the two networks, same
 * options and seed, must agree bit for bit: the gradient after one evaluation, and every
 * particle after a few mfld steps with all parameters trained (full batch and a mini-batch), and
 * with only the output weights trained. */
#include <mckean/mckmfnet.h>
#include <mckean/mckactivation.h>
#include <string.h>

static const char *const acts[] = {MCKACTIVATION_TANH, MCKACTIVATION_RELU, MCKACTIVATION_IDENTITY};

/* The table of acts[k] without phi' from phi. */
static PetscErrorCode CreateKept(PetscInt k, MckActivation *a)
{
  PetscFunctionList     list;
  MckActivationCreateFn create;

  PetscFunctionBeginUser;
  PetscCall(MckActivationGetList(&list));
  PetscCall(PetscFunctionListFind(list, acts[k], &create));
  PetscCall((*create)(a));
  a->dphi_of_phi = NULL;
  PetscFunctionReturn(0);
}
static PetscErrorCode CreateTanhKept(MckActivation *a) { return CreateKept(0, a); }
static PetscErrorCode CreateReLUKept(MckActivation *a) { return CreateKept(1, a); }
static PetscErrorCode CreateIdentityKept(MckActivation *a) { return CreateKept(2, a); }

/* The gradient after one evaluation and the particles after steps mfld steps. */
static PetscErrorCode Run(const char act[], const char opts[], PetscInt steps, PetscReal **grad, PetscReal **theta,
                          PetscInt *len)
{
  MckMFNet         net;
  PetscInt64       N;
  PetscInt         D, nlocal;
  PetscReal       *th;
  const PetscReal *g;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsClear(NULL));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscCall(PetscOptionsSetValue(NULL, "-mfnet_activation", act));
  PetscCall(MckMFNetCreate(PETSC_COMM_WORLD, &net));
  PetscCall(MckMFNetSetFromOptions(net));
  PetscCall(MckMFNetSetUp(net));
  PetscCall(MckMFNetEvaluate(net, PETSC_TRUE));
  PetscCall(MckMFNetGetParticles(net, &N, &D, &nlocal, NULL, &th));
  PetscCall(MckMFNetGetGradient(net, &g));
  *len = nlocal * D;
  PetscCall(PetscMalloc2(*len + 1, grad, *len + 1, theta));
  PetscCall(PetscArraycpy(*grad, g, *len));
  for (PetscInt s = 0; s < steps; s++) PetscCall(MckMFNetStep(net));
  PetscCall(PetscArraycpy(*theta, th, *len));
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char *const opts[] = {
      "-mfnet_n 70 -mfnet_dim 6 -mfnet_batch 37 -mfnet_chunk_size 16 -mfnet_lambda 0.01 -mfnet_temperature 1e-3 -mfnet_seed 5",
      "-mfnet_n 70 -mfnet_dim 6 -mfnet_batch 37 -mfnet_chunk_size 16 -mfnet_minibatch 13 -mfnet_seed 6",
      "-mfnet_n 70 -mfnet_dim 6 -mfnet_batch 37 -mfnet_chunk_size 16 -mfnet_train_features 0 -mfnet_seed 7"};
  PetscInt bad = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(MckActivationRegister("tanh_kept", CreateTanhKept));
  PetscCall(MckActivationRegister("relu_kept", CreateReLUKept));
  PetscCall(MckActivationRegister("identity_kept", CreateIdentityKept));
  for (PetscInt k = 0; k < 3; k++)
    for (PetscInt o = 0; o < 3; o++) {
      PetscReal *g0, *t0, *g1, *t1;
      PetscInt   n0, n1, differ;
      char       kept[64];

      PetscCall(PetscSNPrintf(kept, sizeof(kept), "%s_kept", acts[k]));
      PetscCall(Run(acts[k], opts[o], 4, &g0, &t0, &n0));
      PetscCall(Run(kept, opts[o], 4, &g1, &t1, &n1));
      differ = n0 != n1 || memcmp(g0, g1, n0 * sizeof(PetscReal)) || memcmp(t0, t1, n0 * sizeof(PetscReal));
      PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &differ, 1, MPIU_INT, MPI_MAX, PETSC_COMM_WORLD));
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%-8s sigma' from sigma vs kept, %s: %s\n", acts[k], opts[o],
                            differ ? "DIFFER" : "same bits"));
      bad += differ;
      PetscCall(PetscFree2(g0, t0));
      PetscCall(PetscFree2(g1, t1));
    }
  PetscCall(PetscOptionsClear(NULL));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " network(s) differ", bad);
  PetscCall(McKeanFinalize());
  return 0;
}
