/* An integrator can be added from outside the library through the public header alone: this
 * file registers Euler-Maruyama written against mcklangevin.h's accessors only, and requires
 * its trajectories to be bitwise identical to the built-in euler_maruyama type (same
 * arithmetic, same noise) with a summary-statistic drift and an external potential, on any
 * rank count. It also checks that the type's own option is read by the type (an option of a
 * type that was not chosen would be left unused, and refused by the options check).
 * The built-in baoab and euler_maruyama generate their noise in sub-blocks of
 * MCK_LANGEVIN_NOISE_BLOCK particles inside their pass over a chunk; bench/chunk_noise_integrators.h
 * has them as they were, with the noise of the whole chunk first: both must give the same bits,
 * in the two-pass step (a drift with statistics) and in the one-pass step (external potential
 * only), with a chunk that is not a multiple of the sub-block and a partial last chunk. */
#include "particlestest.h"
#include "chunk_noise_integrators.h"

typedef struct {
  PetscReal scale; /* -outside_noise_scale: 1 reproduces Euler-Maruyama */
} Outside;

static PetscErrorCode Move_Outside(MckLangevin l, const MckChunk *c, PetscInt64 step)
{
  Outside          *o;
  PetscReal         dt, gamma, T;
  PetscReal *const *xi, *const *F;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, (void **)&o));
  PetscCall(MckLangevinGetParameters(l, &dt, &gamma, NULL));
  PetscCall(MckLangevinGetTemperature(l, (PetscReal)step * dt, &T));
  PetscCall(MckLangevinChunkNoise(l, c, step, &xi));
  PetscCall(MckLangevinGetForces(l, &F));
  const PetscReal h = dt / gamma, sigma = o->scale * PetscSqrtReal(2 * T * dt / gamma);
  for (PetscInt a = 0; a < c->dim; a++) {
    PetscReal       *x = c->x[a] + c->offset;
    const PetscReal *f = F[a] + c->offset;
    for (PetscInt i = 0; i < c->n; i++) x[i] += h * f[i] + sigma * xi[a][i];
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Outside(MckLangevin l, PetscOptionItems *PetscOptionsObject)
{
  Outside *o;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, (void **)&o));
  PetscCall(MckOptionsReal("-outside_noise_scale", "Factor on the noise", o->scale, &o->scale, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Outside(MckLangevin l)
{
  void *o;

  PetscFunctionBeginUser;
  PetscCall(MckLangevinGetTypeData(l, &o));
  PetscCall(PetscFree(o));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Outside(MckLangevin l, MckIntegratorOps *ops, void **data)
{
  Outside *o;

  PetscFunctionBeginUser;
  (void)l;
  PetscCall(PetscNew(&o));
  o->scale            = 1;
  ops->move           = Move_Outside;
  ops->setfromoptions = SetFromOptions_Outside;
  ops->destroy        = Destroy_Outside;
  *data               = o;
  PetscFunctionReturn(0);
}

/* Trajectories of 40 steps with two integrator types, compared coordinate by coordinate. */
static PetscErrorCode CompareTrajectories(const char a[], const char b[], const char when[])
{
  PetscReal *ta, *tb;
  PetscInt   n1, n2, differ;

  PetscFunctionBeginUser;
  PetscCall(TestTrajectory("-lgv_integrator", a, 11, 40, &ta, &n1));
  PetscCall(TestTrajectory("-lgv_integrator", b, 11, 40, &tb, &n2));
  PetscCheck(n1 == n2, PETSC_COMM_SELF, PETSC_ERR_PLIB, "sizes differ: %" PetscInt_FMT " vs %" PetscInt_FMT, n1, n2);
  PetscCall(TestCountDiffering(n1, ta, tb, &differ));
  PetscCheck(differ == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s differs from %s in %" PetscInt_FMT " coordinates (%s)",
             b, a, differ, when);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s == %s on %" PetscInt_FMT " local coordinates, bit for bit (%s)\n", b, a,
                        n1, when));
  PetscCall(PetscFree(ta));
  PetscCall(PetscFree(tb));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt nunused;
  char   **names, **values;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(MckLangevinRegister("outside", Create_Outside));
  PetscCall(ChunkNoiseIntegratorsRegister());
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-particles_n 1001 -particles_dim 2 -particles_box 6.283185307179586 -lgv_dt 0.02 -lgv_drifts fourier_meanfield,harmonic -mf_strength 3 -harmonic_k 0.5"));
  PetscCall(PetscOptionsSetValue(NULL, "-outside_noise_scale", "1"));
  PetscCall(CompareTrajectories("euler_maruyama", "outside", "two-pass step"));
  PetscCall(CompareTrajectories("euler_maruyama", "euler_maruyama_chunk_noise", "two-pass step"));
  PetscCall(CompareTrajectories("baoab", "baoab_chunk_noise", "two-pass step"));
  PetscCall(PetscOptionsLeftGet(NULL, &nunused, &names, &values));
  PetscCheck(nunused == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the type's option was not read by the type (%" PetscInt_FMT " unused, first %s)", nunused,
             nunused ? names[0] : "");
  PetscCall(PetscOptionsLeftRestore(NULL, &nunused, &names, &values));
  /* external potential only: the one-pass step; chunks of 200 particles, 3 sub-blocks and a part */
  PetscCall(PetscOptionsInsertString(NULL, "-lgv_drifts harmonic -particles_chunk_size 200 -particles_dim 3"));
  PetscCall(PetscOptionsClearValue(NULL, "-mf_strength"));
  PetscCall(CompareTrajectories("euler_maruyama", "euler_maruyama_chunk_noise", "one-pass step"));
  PetscCall(CompareTrajectories("baoab", "baoab_chunk_noise", "one-pass step"));
  PetscCall(McKeanFinalize());
  return 0;
}
