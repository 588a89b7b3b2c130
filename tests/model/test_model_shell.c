/* User models through the shell interface (src/model/shell.c), on PETSC_COMM_WORLD:
 *  - a registered dynamical model dx/dt = -x ("decay", selected by -model_type) stepped by the
 *    library's RK4 gives x_n = R(h)^n x_0 with R(h) = 1 - h + h^2/2 - h^3/6 + h^4/24, the RK4
 *    stability polynomial (1e-14 relative), and -model_dt overrides the shell's default step;
 *  - an inverse shell whose callback multiplies by the built-in linear model's matrix gives
 *    bitwise the built-in model's data. */
#include "modeltest.h"

static PetscErrorCode DecayRHS(MckModel m, PetscReal t, Vec x, Vec f, void *ctx)
{
  PetscFunctionBeginUser;
  (void)m;
  (void)t;
  (void)ctx;
  PetscCall(VecAXPBY(f, -1.0, 0.0, x));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateDecay(MckModel m)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelShellSetDynamical(m, 5, 0.5, DecayRHS, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatrixForward(MckModel m, Vec u, Vec g, PetscBool *failed, void *ctx)
{
  PetscFunctionBeginUser;
  (void)m;
  *failed = PETSC_FALSE;
  PetscCall(MatMult((Mat)ctx, u, g));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestDecay(PetscInt *fails)
{
  MckModel  m;
  Vec       x;
  PetscReal h, R, err, nrm;
  PetscBool failed, ok;

  PetscFunctionBeginUser;
  PetscCall(MckModelRegister("decay", CreateDecay));
  PetscCall(PetscOptionsSetValue(NULL, "-model_type", "decay"));
  PetscCall(PetscOptionsSetValue(NULL, "-model_dt", "0.1"));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &m));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(MckModelSetUp(m));
  PetscCall(MckModelGetTimeStep(m, &h));
  PetscCall(MckModelCreateStateVec(m, &x));
  PetscCall(VecSet(x, 3.0));
  PetscCall(MckModelAdvance(m, 0, 10, x, &failed));
  R = 1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24;
  PetscCall(VecShift(x, -3.0 * PetscPowReal(R, 10)));
  PetscCall(VecNorm(x, NORM_INFINITY, &err));
  nrm = 3.0 * PetscPowReal(R, 10);
  ok  = (h == 0.1 && !failed && err <= 1e-14 * nrm) ? PETSC_TRUE : PETSC_FALSE;
  PetscCall(ModelTestCheck(ok, fails, "registered shell dx/dt = -x: RK4 gives R(h)^n x0 (dt %g, error %.1e)\n",
                           (double)h, (double)(err / nrm)));
  PetscCall(PetscOptionsClearValue(NULL, "-model_type"));
  PetscCall(PetscOptionsClearValue(NULL, "-model_dt"));
  PetscCall(VecDestroy(&x));
  PetscCall(MckModelDestroy(&m));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestInverseShell(PetscInt *fails)
{
  MckModel  lin, sh;
  Mat       A;
  Vec       u, g1, g2;
  PetscInt  n, nd;
  PetscBool f1, f2, same;

  PetscFunctionBeginUser;
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &lin));
  PetscCall(MckModelSetType(lin, "linear"));
  PetscCall(MckModelSetUp(lin));
  PetscCall(MckModelLinearGetMatrix(lin, &A));
  PetscCall(MckModelGetSizes(lin, &n, &nd));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &sh));
  PetscCall(MckModelShellSetInverse(sh, n, nd, MatrixForward, A));
  PetscCall(MckModelSetFromOptions(sh));
  PetscCall(MckModelSetUp(sh));
  PetscCall(MckModelCreateStateVec(lin, &u));
  PetscCall(MckModelCreateDataVec(lin, &g1));
  PetscCall(MckModelCreateDataVec(sh, &g2));
  PetscCall(VecSetRandom(u, NULL));
  PetscCall(MckModelForward(lin, u, g1, &f1));
  PetscCall(MckModelForward(sh, u, g2, &f2));
  PetscCall(VecEqual(g1, g2, &same));
  same = (PetscBool)(same && !f1 && !f2);
  PetscCall(ModelTestCheck(same, fails, "inverse shell around the linear model's matrix gives bitwise its data\n"));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&g1));
  PetscCall(VecDestroy(&g2));
  PetscCall(MckModelDestroy(&sh));
  PetscCall(MckModelDestroy(&lin));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt fails = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestDecay(&fails));
  PetscCall(TestInverseShell(&fails));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " check(s) failed", fails);
  PetscCall(McKeanFinalize());
  return 0;
}
