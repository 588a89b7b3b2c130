/* MckLangevinCreateFromOptions: particles and their Langevin dynamics as the options describe them. */
#include <mckean/mcklangevin.h>

/*@C
  MckLangevinCreateFromOptions - Creates particles and their Langevin dynamics from the options
  database, set up and drawing their noise from rng.

  Collective

  Input Parameters:
+ comm - the communicator of the particles
- rng  - the generator of the noise (and, through `MckParticlesInitialize()`, of the initial positions)

  Output Parameters:
+ p - the particles (-particles_* options)
- l - their dynamics (-lgv_* options and those of its drifts), set up

  Notes:
  The positions are not drawn: `MckParticlesInitialize()`, or the run's fresh start, does that.

  Level: beginner

.seealso: `MckParticlesCreate()`, `MckParticlesSetFromOptions()`, `MckLangevinCreate()`, `MckLangevinSetFromOptions()`,
          `MckLangevinSetRNG()`, `MckLangevinSetUp()`
@*/
PetscErrorCode MckLangevinCreateFromOptions(MPI_Comm comm, MckRNG rng, MckParticles *p, MckLangevin *l)
{
  PetscFunctionBeginUser;
  PetscCall(MckParticlesCreate(comm, p));
  PetscCall(MckParticlesSetFromOptions(*p));
  PetscCall(MckLangevinCreate(*p, l));
  PetscCall(MckLangevinSetFromOptions(*l));
  PetscCall(MckLangevinSetRNG(*l, rng));
  PetscCall(MckLangevinSetUp(*l));
  PetscFunctionReturn(0);
}
