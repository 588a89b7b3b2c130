/* MckMFNet state I/O and umfld's initial velocities.
 * 1. Maxwell velocities: umfld at tau = 0.5 starts with v ~ N(0, tau) on every component; over
 *    N D = 10000 values (written by MckMFNetWrite, read back replicated) the sample mean is within
 *    4 standard errors (sqrt(tau / n)) of 0 and the sample variance within 4 standard errors
 *    (tau sqrt(2 / n)) of tau. At tau = 0 the velocities are exactly 0.
 * 2. Round trip: after 5 steps, MckMFNetWrite, 5 more steps, MckMFNetRead and MckMFNetSetStep back
 *    to 5, then 5 steps again: the particles are bitwise those of the first continuation. */
#include "mfnet_testutil.h"
#include <string.h>

#define UMFLD \
  "-mfnet_dynamics umfld -mfnet_n 2000 -mfnet_chunk_size 64 -mfnet_dim 3 -mfnet_batch 20 -mfnet_seed 8 -mfnet_dt 0.05 "

static PetscErrorCode Velocities(const char file[], PetscInt n, PetscReal v[])
{
  MckIO      io;
  PetscInt   nd;
  PetscInt64 dims[4];

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenRead(io, file, "test"));
  PetscCall(MckIOReadArray(io, "/state/velocity", &nd, dims, NULL));
  PetscCheck(nd == 2 && dims[0] * dims[1] == n, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "unexpected /state/velocity shape");
  PetscCall(MckIOReadArray(io, "/state/velocity", &nd, dims, v));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteState(MckMFNet net, const char file[])
{
  MckIO io;

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenWrite(io, file, "test"));
  PetscCall(MckMFNetWrite(net, io, "/state"));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

static PetscErrorCode Maxwell(PetscInt *bad)
{
  const PetscReal tau = 0.5;
  const PetscInt  n   = 2000 * 5;
  MckMFNet        net;
  PetscReal      *v, s = 0, s2 = 0, mean, var, zmax = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(n, &v));
  PetscCall(MfnetTestMake(UMFLD "-mfnet_temperature 0.5", &net));
  PetscCall(WriteState(net, "mfnet_state_hot.h5"));
  PetscCall(MckMFNetDestroy(&net));
  PetscCall(Velocities("mfnet_state_hot.h5", n, v));
  for (PetscInt i = 0; i < n; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  mean = s / n;
  var  = s2 / n - mean * mean;
  PetscCall(MfnetTestMake(UMFLD "-mfnet_temperature 0", &net));
  PetscCall(WriteState(net, "mfnet_state_cold.h5"));
  PetscCall(MckMFNetDestroy(&net));
  PetscCall(Velocities("mfnet_state_cold.h5", n, v));
  for (PetscInt i = 0; i < n; i++) zmax = PetscMax(zmax, PetscAbsReal(v[i]));
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "umfld initial velocities at tau = %g: mean %.4f (se %.4f), variance %.4f (expected %g, se %.4f); at tau = 0: max |v| = %g\n",
      (double)tau, (double)mean, (double)PetscSqrtReal(tau / n), (double)var, (double)tau,
      (double)(tau * PetscSqrtReal(2.0 / n)), (double)zmax));
  *bad += !(PetscAbsReal(mean) < 4 * PetscSqrtReal(tau / n) &&
            PetscAbsReal(var - tau) < 4 * tau * PetscSqrtReal(2.0 / n) && zmax == 0);
  PetscCall(PetscFree(v));
  PetscFunctionReturn(0);
}

static PetscErrorCode RoundTrip(PetscInt *bad)
{
  MckMFNet   net;
  MckIO      io;
  PetscReal *theta, *first;
  PetscInt   D, nlocal, differ = 0;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(UMFLD "-mfnet_temperature 0.01 -mfnet_minibatch 7", &net));
  for (PetscInt s = 0; s < 5; s++) PetscCall(MckMFNetStep(net));
  PetscCall(WriteState(net, "mfnet_state_step5.h5"));
  for (PetscInt s = 0; s < 5; s++) PetscCall(MckMFNetStep(net));
  PetscCall(MckMFNetGetParticles(net, NULL, &D, &nlocal, NULL, &theta));
  PetscCall(PetscMalloc1((size_t)nlocal * D + 1, &first));
  PetscCall(PetscArraycpy(first, theta, (size_t)nlocal * D));
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenRead(io, "mfnet_state_step5.h5", "test"));
  PetscCall(MckMFNetRead(net, io, "/state"));
  PetscCall(MckIODestroy(&io));
  PetscCall(MckMFNetSetStep(net, 5));
  for (PetscInt s = 0; s < 5; s++) PetscCall(MckMFNetStep(net));
  differ = memcmp(first, theta, (size_t)nlocal * D * sizeof(PetscReal)) != 0;
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &differ, 1, MPIU_INT, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "write at step 5, read back after step 10, 5 steps again: %s\n",
                        differ ? "DIFFERENT" : "bitwise identical"));
  *bad += differ;
  PetscCall(PetscFree(first));
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const MfnetTestCheck checks[] = {Maxwell, RoundTrip};

  return MfnetTestMain(argc, argv, "state", 2, checks);
}
