/* Darcy model (src/model/darcy.c) on PETSC_COMM_WORLD (a member spread over the
 * ranks when run on 2):
 *  - the finite-volume solver converges at second order (observed order in [1.8, 2.2] for
 *    N = 16, 32, 64) to the manufactured solution p = sin(pi x) sin(pi y) with the variable
 *    coefficient k = exp(0.5 sin(2 pi x) cos(3 pi y) + 0.3 x);
 *  - Forward on the distributed member equals Forward on a one-rank member (PETSC_COMM_SELF)
 *    to the solver tolerance (1e-8 relative, KSP rtol 1e-12);
 *  - CG + GAMG and CG + hypre BoomerAMG give the same data to the solver tolerance (1e-8);
 *  - Forward is a pure function of u: the same u gives bitwise the same data after solving
 *    another u in between;
 *  - failed = TRUE when the KSP diverges (2 iterations allowed) and for a NaN parameter. */
#include "modeltest.h"
#include <petscdmda.h>

static PetscReal Coef(PetscReal x, PetscReal y)
{
  return 0.5 * PetscSinReal(2 * PETSC_PI * x) * PetscCosReal(3 * PETSC_PI * y) + 0.3 * x;
}

/* f = -div(k grad p) = -k (Laplace p + grad a . grad p) for p = sin(pi x) sin(pi y), k = e^a */
static PetscReal ManufacturedSource(PetscReal x, PetscReal y, void *ctx)
{
  const PetscReal pi = PETSC_PI, sx = PetscSinReal(pi * x), sy = PetscSinReal(pi * y);
  const PetscReal px = pi * PetscCosReal(pi * x) * sy, py = pi * sx * PetscCosReal(pi * y);
  const PetscReal ax = pi * PetscCosReal(2 * pi * x) * PetscCosReal(3 * pi * y) + 0.3;
  const PetscReal ay = -1.5 * pi * PetscSinReal(2 * pi * x) * PetscSinReal(3 * pi * y);

  (void)ctx;
  return -PetscExpReal(Coef(x, y)) * (-2 * pi * pi * sx * sy + ax * px + ay * py);
}

static PetscErrorCode NewDarcy(MPI_Comm comm, PetscInt N, PetscBool manufactured, MckModel *m)
{
  char buf[16];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%" PetscInt_FMT, N));
  PetscCall(PetscOptionsSetValue(NULL, "-darcy_n", buf));
  PetscCall(MckModelCreate(comm, m));
  PetscCall(MckModelSetType(*m, "darcy"));
  PetscCall(MckModelSetFromOptions(*m));
  if (manufactured) PetscCall(MckModelDarcySetSource(*m, ManufacturedSource, NULL));
  PetscCall(MckModelSetUp(*m));
  PetscFunctionReturn(0);
}

static PetscErrorCode ManufacturedError(PetscInt N, PetscReal *err)
{
  MckModel        m;
  Vec             u, field, logk, p, exact;
  DM              da;
  PetscReal     **L, **E;
  PetscInt        xs, ys, xm, ym;
  PetscBool       failed;
  const PetscReal h = 1.0 / N;

  PetscFunctionBeginUser;
  PetscCall(NewDarcy(PETSC_COMM_WORLD, N, PETSC_TRUE, &m));
  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckModelGetPhysicalField(m, u, &field, &da));
  PetscCall(DMCreateGlobalVector(da, &logk));
  PetscCall(VecDuplicate(logk, &p));
  PetscCall(VecDuplicate(logk, &exact));
  PetscCall(DMDAGetCorners(da, &xs, &ys, NULL, &xm, &ym, NULL));
  PetscCall(DMDAVecGetArray(da, logk, &L));
  PetscCall(DMDAVecGetArray(da, exact, &E));
  for (PetscInt j = ys; j < ys + ym; j++)
    for (PetscInt i = xs; i < xs + xm; i++) {
      L[j][i] = Coef(i * h, j * h);
      E[j][i] = PetscSinReal(PETSC_PI * i * h) * PetscSinReal(PETSC_PI * j * h);
    }
  PetscCall(DMDAVecRestoreArray(da, logk, &L));
  PetscCall(DMDAVecRestoreArray(da, exact, &E));
  PetscCall(MckModelDarcySolve(m, logk, p, &failed));
  PetscCheck(!failed, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "manufactured solve failed at N = %" PetscInt_FMT, N);
  PetscCall(VecAXPY(p, -1.0, exact));
  PetscCall(VecNorm(p, NORM_INFINITY, err));
  PetscCall(VecDestroy(&exact));
  PetscCall(VecDestroy(&p));
  PetscCall(VecDestroy(&logk));
  PetscCall(VecDestroy(&u));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestOrder(PetscInt *fails)
{
  PetscReal e[3];

  PetscFunctionBeginUser;
  for (int k = 0; k < 3; k++) PetscCall(ManufacturedError(16 << k, &e[k]));
  for (int k = 0; k < 2; k++) {
    const PetscReal order = PetscLog2Real(e[k] / e[k + 1]);
    const PetscBool ok    = (order > 1.8 && order < 2.2) ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(ok, fails, "manufactured solution: max error %.3e (N %d) -> %.3e: order %.3f\n",
                             (double)e[k], 16 << k, (double)e[k + 1], (double)order));
  }
  PetscFunctionReturn(0);
}

/* u_k = sin(k + shift): a fixed, O(1) parameter */
static PetscErrorCode FillParameter(Vec u, PetscReal shift)
{
  PetscInt lo, hi;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(u, &lo, &hi));
  for (PetscInt k = lo; k < hi; k++) PetscCall(VecSetValue(u, k, PetscSinReal(k + shift), INSERT_VALUES));
  PetscCall(VecAssemblyBegin(u));
  PetscCall(VecAssemblyEnd(u));
  PetscFunctionReturn(0);
}

/* g = G(sin(k + shift)) gathered on every rank */
static PetscErrorCode ForwardAll(MckModel m, PetscReal shift, Vec *gall, PetscBool *failed)
{
  Vec        u, g;
  VecScatter sc;

  PetscFunctionBeginUser;
  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckModelCreateDataVec(m, &g));
  PetscCall(FillParameter(u, shift));
  PetscCall(MckModelForward(m, u, g, failed));
  PetscCall(VecScatterCreateToAll(g, &sc, gall));
  PetscCall(VecScatterBegin(sc, g, *gall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sc, g, *gall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterDestroy(&sc));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestRanksAndPurity(PetscInt *fails)
{
  MckModel  mw, ms;
  Vec       gw, gs, gw2, gother;
  PetscReal diff, nrm;
  PetscBool f1, f2, f3, f4, same, ok;

  PetscFunctionBeginUser;
  PetscCall(NewDarcy(PETSC_COMM_WORLD, 32, PETSC_FALSE, &mw));
  PetscCall(NewDarcy(PETSC_COMM_SELF, 32, PETSC_FALSE, &ms));
  PetscCall(ForwardAll(mw, 0.0, &gw, &f1));
  PetscCall(ForwardAll(ms, 0.0, &gs, &f2));
  PetscCall(VecNorm(gs, NORM_INFINITY, &nrm));
  PetscCall(VecAXPY(gs, -1.0, gw));
  PetscCall(VecNorm(gs, NORM_INFINITY, &diff));
  ok = (!f1 && !f2 && diff <= 1e-8 * nrm) ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &ok, 1, MPIU_BOOL, MPI_LAND, PETSC_COMM_WORLD));
  PetscCall(ModelTestCheck(ok, fails, "distributed member = one-rank member: max |dg| %.2e of |g| %.2e\n", (double)diff,
                           (double)nrm));

  { /* an independent preconditioner: BoomerAMG */
    MckModel  mh;
    Vec       gh;
    PetscBool fh;
    PetscCall(PetscOptionsSetValue(NULL, "-darcy_pc_type", "hypre"));
    PetscCall(NewDarcy(PETSC_COMM_WORLD, 32, PETSC_FALSE, &mh));
    PetscCall(PetscOptionsClearValue(NULL, "-darcy_pc_type"));
    PetscCall(ForwardAll(mh, 0.0, &gh, &fh));
    PetscCall(VecAXPY(gh, -1.0, gw));
    PetscCall(VecNorm(gh, NORM_INFINITY, &diff));
    ok = (!fh && diff <= 1e-8 * nrm) ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(ModelTestCheck(ok, fails, "GAMG and BoomerAMG agree: max |dg| %.2e\n", (double)diff));
    PetscCall(VecDestroy(&gh));
    PetscCall(MckModelDestroy(&mh));
  }

  PetscCall(ForwardAll(mw, 1.0, &gother, &f3));
  PetscCall(ForwardAll(mw, 0.0, &gw2, &f4));
  PetscCall(VecEqual(gw, gw2, &same));
  ok = (PetscBool)(same && !f3 && !f4);
  PetscCall(ModelTestCheck(ok, fails, "Forward is a pure function of u (bitwise after another solve)\n"));
  PetscCall(VecDestroy(&gw));
  PetscCall(VecDestroy(&gw2));
  PetscCall(VecDestroy(&gs));
  PetscCall(VecDestroy(&gother));
  PetscCall(MckModelDestroy(&mw));
  PetscCall(MckModelDestroy(&ms));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestFailed(PetscInt *fails)
{
  MckModel  m;
  Vec       g, u, gv;
  PetscBool diverged, nanfailed, ok;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsSetValue(NULL, "-darcy_ksp_max_it", "2"));
  PetscCall(NewDarcy(PETSC_COMM_WORLD, 32, PETSC_FALSE, &m));
  PetscCall(PetscOptionsClearValue(NULL, "-darcy_ksp_max_it"));
  PetscCall(ForwardAll(m, 0.0, &g, &diverged));
  PetscCall(VecDestroy(&g));
  PetscCall(MckModelDestroy(&m));

  PetscCall(NewDarcy(PETSC_COMM_WORLD, 16, PETSC_FALSE, &m));
  PetscCall(MckModelCreateStateVec(m, &u));
  PetscCall(MckModelCreateDataVec(m, &gv));
  PetscCall(VecSet(u, NAN));
  PetscCall(MckModelForward(m, u, gv, &nanfailed));
  ok = (PetscBool)(diverged && nanfailed);
  PetscCall(ModelTestCheck(ok, fails, "failed = TRUE for a diverged KSP (%d) and a NaN parameter (%d)\n", (int)diverged,
                           (int)nanfailed));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&gv));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt fails = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsSetValue(NULL, "-darcy_ksp_rtol", "1e-12"));
  PetscCall(TestOrder(&fails));
  PetscCall(TestRanksAndPurity(&fails));
  PetscCall(TestFailed(&fails));
  PetscCall(PetscOptionsClearValue(NULL, "-darcy_n"));
  PetscCall(PetscOptionsClearValue(NULL, "-darcy_ksp_rtol"));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " check(s) failed", fails);
  PetscCall(McKeanFinalize());
  return 0;
}
