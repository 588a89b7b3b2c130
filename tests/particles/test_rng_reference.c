/* Objects that keep a generator hold a reference to it: the caller may destroy its own as soon as
 * it has handed it over. A Langevin run whose caller destroys the generator right after
 * MckLangevinSetRNG, and then makes another generator with another seed (which the allocator
 * places where the freed one was, were it freed), must give bitwise the trajectory of a run that
 * keeps its generator; and after every object is destroyed, no memory is left allocated. */
#include "particlestest.h"

static const char help[] = "Objects keep a reference to their generator.\n";

/* The trajectory of TestTrajectory(seed 7), with the caller's reference dropped early. */
static PetscErrorCode TrajectoryDroppingTheGenerator(PetscInt nsteps, PetscReal **out, PetscInt *nout)
{
  MckParticles p;
  MckLangevin  l;
  MckRNG       rng, other;

  PetscFunctionBeginUser;
  PetscCall(MckParticlesCreate(PETSC_COMM_WORLD, &p));
  PetscCall(MckParticlesSetFromOptions(p));
  PetscCall(MckLangevinCreate(p, &l));
  PetscCall(MckLangevinSetFromOptions(l));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(MckRNGSetSeed(rng, 7));
  PetscCall(MckLangevinSetRNG(l, rng));
  PetscCall(MckLangevinSetRNG(l, rng)); /* setting the same generator again keeps one reference */
  PetscCall(MckLangevinSetUp(l));
  PetscCall(MckParticlesInitialize(p, rng));
  PetscCall(MckRNGDestroy(&rng));
  PetscCall(MckRNGCreate(PETSC_COMM_WORLD, &other));
  PetscCall(MckRNGSetSeed(other, 8));
  PetscCall(MckLangevinPrepare(l, PETSC_TRUE));
  for (PetscInt s = 0; s < nsteps; s++) PetscCall(MckLangevinStep(l));
  PetscCall(TestCopyPositions(p, out, nout));
  PetscCall(MckLangevinDestroy(&l));
  PetscCall(MckParticlesDestroy(&p));
  PetscCall(MckRNGDestroy(&other));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  PetscReal     *kept, *dropped;
  PetscInt       n1 = 0, n2 = 0, differ;
  PetscLogDouble before, after;

  PetscFunctionBeginUser;
  PetscCall(PetscMallocGetCurrentUsage(&before));
  PetscCall(TestTrajectory("-lgv_integrator", "baoab", 7, 20, &kept, &n1));
  PetscCall(TrajectoryDroppingTheGenerator(20, &dropped, &n2));
  PetscCheck(n1 == n2, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "trajectories of %" PetscInt_FMT " and %" PetscInt_FMT " coordinates", n1, n2);
  PetscCall(TestCountDiffering(n1, kept, dropped, &differ));
  PetscCheck(!differ, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%" PetscInt_FMT " coordinates differ when the caller destroys its generator after MckLangevinSetRNG",
             differ);
  PetscCall(PetscFree(kept));
  PetscCall(PetscFree(dropped));
  PetscCall(PetscMallocGetCurrentUsage(&after));
  PetscCheck(after == before, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "%.0f bytes left allocated after every object was destroyed", after - before);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "rng reference: trajectories bitwise the same, nothing left allocated\n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(Run());
  PetscCall(McKeanFinalize());
  return 0;
}
