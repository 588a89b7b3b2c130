/* bench-darcy: wall time of one Darcy forward solve (KL field, assembly, KSP setup and solve,
 * sensor scatter) against the grid size, on the ranks it is started on (one member spread over
 * all of them). Prints one JSON line per grid: best and median of -bench_reps solves (slowest
 * rank) and the nodes. The solver is chosen with -darcy_ksp_type,
 * -darcy_pc_type (default CG + GAMG), e.g. -darcy_pc_type hypre for BoomerAMG. */
#include "benchutil.h"
#include <mckean/mckmodel.h>

typedef struct {
  MckModel  m;
  Vec       u, g;
  PetscBool failed;
} ForwardCtx;

static PetscErrorCode Forward(void *ctx)
{
  ForwardCtx *fw = (ForwardCtx *)ctx;

  PetscFunctionBeginUser;
  PetscCall(MckModelForward(fw->m, fw->u, fw->g, &fw->failed));
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchGrid(MPI_Comm comm, PetscInt N, PetscInt reps)
{
  MckModel    m;
  Vec         u, g;
  PetscInt    lo, hi;
  ForwardCtx  fw;
  double      t[64];
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(BenchSetOptionInt("-darcy_n", N));
  PetscCall(MckModelCreate(comm, &m));
  PetscCall(MckModelSetType(m, "darcy"));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(MckModelSetUp(m));
  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckModelCreateDataVec(m, &g));
  PetscCall(VecGetOwnershipRange(u, &lo, &hi));
  for (PetscInt k = lo; k < hi; k++) PetscCall(VecSetValue(u, k, PetscSinReal((PetscReal)k), INSERT_VALUES));
  PetscCall(VecAssemblyBegin(u));
  PetscCall(VecAssemblyEnd(u));
  fw = (ForwardCtx){m, u, g, PETSC_FALSE};
  PetscCall(Forward(&fw)); /* warm-up */
  for (PetscInt r = 0; r < reps; r++) PetscCall(BenchTimeCalls(comm, 1, Forward, &fw, &t[r]));
  BenchSortTimes(t, reps);
  PetscCall(BenchJSON(
      comm,
      "\"bench\": \"darcy_forward\", \"n\": %d, \"nodes\": %d, \"ranks\": %d, \"reps\": %d, \"best_s\": %.4e, \"median_s\": %.4e, \"failed\": %d",
      (int)N, (int)((N + 1) * (N + 1)), size, (int)reps, t[0], t[reps / 2], (int)fw.failed));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&g));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode Run(void)
{
  PetscInt  sizes[16] = {32, 64, 128, 256}, nsizes = 16, reps = 7;
  PetscBool set;

  PetscFunctionBeginUser;
  PetscOptionsBegin(PETSC_COMM_WORLD, NULL, "bench-darcy options", NULL);
  PetscCall(MckOptionsIntArray("-bench_sizes", "Grid cells per side to time", sizes, &nsizes, &set));
  PetscCall(MckOptionsInt("-bench_reps", "Timed solves per grid (at most 64)", reps, &reps, NULL));
  PetscOptionsEnd();
  if (!set) nsizes = 4;
  PetscCheck(reps >= 1 && reps <= 64, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "-bench_reps %" PetscInt_FMT ": must be in [1, 64]", reps);
  for (PetscInt i = 0; i < nsizes; i++) PetscCall(BenchGrid(PETSC_COMM_WORLD, sizes[i], reps));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  return BenchMain(&argc, &argv, "bench-darcy", "bench-darcy: time per Darcy forward solve against grid size", Run);
}
