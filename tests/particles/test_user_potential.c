/* A user-registered external potential is a first-class drift: registering the harmonic force
 * -k (x - c) through MckDriftRegisterPotential gives trajectories bitwise identical to the
 * built-in "harmonic" drift with the same k and c (same arithmetic, same noise). */
#include "particlestest.h"

typedef struct {
  PetscReal k, c;
} Trap;

static PetscErrorCode UserTrapForce(PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal *const F[],
                                    void *ctx)
{
  const Trap *t = (const Trap *)ctx;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < dim; a++)
    for (PetscInt i = 0; i < n; i++) F[a][i] -= t->k * (x[a][i] - t->c);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  Trap       trap = {2.5, 0.75};
  PetscReal *builtin, *user, spread = 0;
  PetscInt   n1, n2, differ;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsInsertString(
      NULL,
      "-particles_n 999 -particles_dim 3 -lgv_integrator baoab -lgv_dt 0.05 -harmonic_k 2.5 -harmonic_center 0.75"));
  PetscCall(MckDriftRegisterPotential("user_trap", UserTrapForce, &trap));
  /* 50 BAOAB steps with each drift, from the same particles and noise */
  PetscCall(TestTrajectory("-lgv_drifts", "harmonic", 5, 50, &builtin, &n1));
  PetscCall(TestTrajectory("-lgv_drifts", "user_trap", 5, 50, &user, &n2));
  PetscCheck(n1 == n2, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "sizes differ");
  PetscCall(TestCountDiffering(n1, builtin, user, &differ));
  for (PetscInt i = 0; i < n1; i++) spread += PetscAbsReal(builtin[i] - trap.c);
  /* the control: the particles did move away from the trap centre (the comparison is not of
   * two untouched initial states) */
  PetscCheck(spread > 0.1 * n1, PETSC_COMM_SELF, PETSC_ERR_PLIB, "particles did not move");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "user-registered trap vs built-in harmonic: %" PetscInt_FMT " differing coordinates\n",
                        differ));
  PetscCheck(differ == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "a user-registered potential must act exactly like the built-in one");
  PetscCall(PetscFree(builtin));
  PetscCall(PetscFree(user));
  PetscCall(McKeanFinalize());
  return 0;
}
