/* MckModel as a PETSc object (1 and 2 ranks):
 *  - options prefixes: a model with prefix "truth_" reads -truth_l96_forcing, the other
 *    -l96_forcing (seen through their initial states);
 *  - the initial state: Lorenz-96 x_i = F, x_0 = F + 0.01 for the given -l96_forcing;
 *    Lorenz-63 (0, 1, 0); zero for an inverse model;
 *  - model-defined limits: a Lorenz-96 component just beyond 10 |F| sqrt(n) fails the state,
 *    just inside does not; Lorenz-63 likewise for V = x^2 + y^2 + (z - sigma - rho)^2 against
 *    100 R^2, R^2 = (sigma + rho)^2 (1 + beta/4 + beta/(4 sigma));
 *  - the registry lists the types of each kind; a type-specific call on another type is
 *    refused (PETSC_ERR_SUP);
 *  - an option of a model type that was not chosen is unused, hence a user-input error. */
#include <mckean/mckmodel.h>

static PetscInt fails;

static void Report(PetscBool ok, const char what[])
{
  if (!ok) fails++;
  (void)PetscPrintf(PETSC_COMM_WORLD, "%s  %s\n", ok ? "ok  " : "FAIL", what);
}

static PetscErrorCode NewModel(const char type[], const char prefix[], MckModel *m)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, m));
  if (prefix) PetscCall(MckModelSetOptionsPrefix(*m, prefix));
  PetscCall(MckModelSetType(*m, type));
  PetscCall(MckModelSetFromOptions(*m));
  PetscCall(MckModelSetUp(*m));
  PetscFunctionReturn(0);
}

/* x[i] of a distributed state, on every rank. */
static PetscErrorCode Entry(Vec x, PetscInt i, PetscReal *v)
{
  PetscInt         lo, hi;
  const PetscReal *a;
  PetscReal        mine = 0;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  PetscCall(VecGetArrayRead(x, &a));
  if (i >= lo && i < hi) mine = a[i - lo];
  PetscCall(VecRestoreArrayRead(x, &a));
  PetscCall(MPIU_Allreduce(&mine, v, 1, MPIU_REAL, MPIU_SUM, PETSC_COMM_WORLD));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestPrefixAndInitialState(void)
{
  MckModel  plain, truth, l63, lin;
  Vec       x, y, z, u;
  PetscReal x0, x1, t0, t1, a, b, c, unorm;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInsertString(NULL, "-l96_forcing 8 -truth_l96_forcing 5 -truth_l96_n 12"));
  PetscCall(NewModel(MCKMODEL_LORENZ96, NULL, &plain));
  PetscCall(NewModel(MCKMODEL_LORENZ96, "truth_", &truth));
  PetscCall(MckModelCreateStateVec(plain, &x));
  PetscCall(MckModelCreateStateVec(truth, &y));
  PetscCall(MckModelGetInitialState(plain, x));
  PetscCall(MckModelGetInitialState(truth, y));
  PetscCall(Entry(x, 0, &x0));
  PetscCall(Entry(x, 1, &x1));
  PetscCall(Entry(y, 0, &t0));
  PetscCall(Entry(y, 11, &t1));
  Report(
      (PetscBool)(x0 == 8.0 + 0.01 && x1 == 8.0 && t0 == 5.0 + 0.01 && t1 == 5.0),
      "prefixes: -l96_forcing 8 and -truth_l96_forcing 5 reach their own models; initial state x_i = F, x_0 = F + 0.01");
  PetscCall(NewModel(MCKMODEL_LORENZ63, NULL, &l63));
  PetscCall(MckModelCreateStateVec(l63, &z));
  PetscCall(MckModelGetInitialState(l63, z));
  PetscCall(Entry(z, 0, &a));
  PetscCall(Entry(z, 1, &b));
  PetscCall(Entry(z, 2, &c));
  Report((PetscBool)(a == 0 && b == 1 && c == 0), "Lorenz-63 starts at (0, 1, 0)");
  PetscCall(NewModel(MCKMODEL_LINEAR, NULL, &lin));
  PetscCall(MckModelCreateStateVec(lin, &u));
  PetscCall(VecSet(u, 3.0));
  PetscCall(MckModelGetInitialState(lin, u));
  PetscCall(VecNorm(u, NORM_INFINITY, &unorm));
  Report((PetscBool)(unorm == 0), "an inverse model starts at its prior mean 0");
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&y));
  PetscCall(VecDestroy(&z));
  PetscCall(VecDestroy(&u));
  PetscCall(MckModelDestroy(&plain));
  PetscCall(MckModelDestroy(&truth));
  PetscCall(MckModelDestroy(&l63));
  PetscCall(MckModelDestroy(&lin));
  PetscCall(PetscOptionsClearValue(NULL, "-l96_forcing"));
  PetscCall(PetscOptionsClearValue(NULL, "-truth_l96_forcing"));
  PetscCall(PetscOptionsClearValue(NULL, "-truth_l96_n"));
  PetscFunctionReturn(0);
}

/* Set component i of x to v (collective). */
static PetscErrorCode SetEntry(Vec x, PetscInt i, PetscReal v)
{
  PetscInt lo, hi;

  PetscFunctionBeginUser;
  PetscCall(VecGetOwnershipRange(x, &lo, &hi));
  if (i >= lo && i < hi) PetscCall(VecSetValue(x, i, v, INSERT_VALUES));
  PetscCall(VecAssemblyBegin(x));
  PetscCall(VecAssemblyEnd(x));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestLimits(void)
{
  MckModel        l96, l63;
  Vec             x, z;
  const PetscReal limit = 10 * 8.0 * PetscSqrtReal(40.0), sr = 38, R2 = sr * sr * (1 + (8.0 / 3) / 4 + (8.0 / 3) / 40);
  PetscBool       in, out, zin, zout;

  PetscFunctionBeginUser;
  PetscCall(NewModel(MCKMODEL_LORENZ96, NULL, &l96));
  PetscCall(MckModelCreateStateVec(l96, &x));
  PetscCall(MckModelGetInitialState(l96, x));
  PetscCall(SetEntry(x, 17, -0.99 * limit));
  PetscCall(MckModelCheckState(l96, x, &in));
  PetscCall(SetEntry(x, 17, -1.01 * limit));
  PetscCall(MckModelCheckState(l96, x, &out));
  Report((PetscBool)(!in && out), "Lorenz-96 limit 10 |F| sqrt(n): 0.99 of it passes, 1.01 of it fails the state");
  PetscCall(NewModel(MCKMODEL_LORENZ63, NULL, &l63));
  PetscCall(MckModelCreateStateVec(l63, &z));
  PetscCall(MckModelGetInitialState(l63, z));
  PetscCall(SetEntry(z, 2, sr + 0.99 * 10 * PetscSqrtReal(R2)));
  PetscCall(MckModelCheckState(l63, z, &zin));
  PetscCall(SetEntry(z, 1, 0));
  PetscCall(SetEntry(z, 2, sr - 1.01 * 10 * PetscSqrtReal(R2)));
  PetscCall(MckModelCheckState(l63, z, &zout));
  Report((PetscBool)(!zin && zout), "Lorenz-63 limit 10 R around (0, 0, sigma + rho): 0.99 of it passes, 1.01 fails");
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&z));
  PetscCall(MckModelDestroy(&l96));
  PetscCall(MckModelDestroy(&l63));
  PetscFunctionReturn(0);
}

static PetscErrorCode TestRegistry(void)
{
  char           dyn[256], inv[256];
  MckModel       l96;
  Mat            A;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(MckModelTypesOfKind(MCK_MODEL_DYNAMICAL, dyn, sizeof(dyn)));
  PetscCall(MckModelTypesOfKind(MCK_MODEL_INVERSE, inv, sizeof(inv)));
  Report((PetscBool)(!strcmp(dyn, "lorenz96, lorenz63, allen_cahn") && !strcmp(inv, "linear, darcy, mckean_vlasov")),
         "registry by kind: dynamical \"lorenz96, lorenz63, allen_cahn\", inverse \"linear, darcy, mckean_vlasov\"");
  PetscCall(NewModel(MCKMODEL_LORENZ96, NULL, &l96));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckModelLinearGetMatrix(l96, &A);
  PetscCall(PetscPopErrorHandler());
  Report((PetscBool)(ierr == PETSC_ERR_SUP), "MckModelLinearGetMatrix on a lorenz96 model is refused (not supported)");
  PetscCall(MckModelDestroy(&l96));
  PetscFunctionReturn(0);
}

/* -l96_n given with -model_type lorenz63: nobody reads it, so the options check refuses it. */
static PetscErrorCode TestUnusedTypeOption(void)
{
  MckModel       m;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  PetscCall(PetscOptionsInsertString(NULL, "-model_type lorenz63 -l96_n 12"));
  PetscCall(MckModelCreate(PETSC_COMM_WORLD, &m));
  PetscCall(MckModelSetFromOptions(m));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = McKeanOptionsCheckUnused(PETSC_COMM_WORLD);
  PetscCall(PetscPopErrorHandler());
  Report((PetscBool)(ierr == PETSC_ERR_USER_INPUT),
         "-model_type lorenz63 -l96_n 12: -l96_n is an unused option, refused");
  PetscCall(MckModelDestroy(&m));
  PetscCall(PetscOptionsClearValue(NULL, "-model_type"));
  PetscCall(PetscOptionsClearValue(NULL, "-l96_n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestPrefixAndInitialState());
  PetscCall(TestLimits());
  PetscCall(TestRegistry());
  PetscCall(TestUnusedTypeOption());
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%" PetscInt_FMT " failure(s)\n", fails));
  PetscCall(McKeanFinalize());
  return fails ? 1 : 0;
}
