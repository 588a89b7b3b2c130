/* A field type can be added from outside the library through mckfieldimpl.h alone: this file
 * registers "heat", du/dt = D Lap u stepped exactly in Fourier space (u_k *= exp(-D |k|^2 dt))
 * by the library's mck_semi_implicit TS, with its own option -heat_diffusivity read under the
 * field's prefix. Asserted, on a 2D grid from u0 = 1 + A (cos(2 pi x/L) + cos(2 pi y/L)):
 * after MckFieldSolve to T every grid value equals 1 + A exp(-D (2 pi/L)^2 T) (cos + cos) to
 * 1e-12 (the step is exact, only rounding remains), with D = 0.5 from -ext_heat_diffusivity;
 * the mass L^2 is kept to 1e-13 relative; the energy (1/2) int u^2 falls; a function of another
 * type (MckFieldFPGetTemperature) is refused on this field. */
static const char help[] = "A field type added from outside the library.\n";

#include "fieldtest.h"
#include <mckean/mckfieldimpl.h>

typedef struct {
  PetscReal D;  /* -heat_diffusivity */
  PetscReal dt; /* the step being taken, for the symbol */
} Heat;

static PetscReal HeatSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const Heat *h  = (const Heat *)ctx;
  PetscReal   k2 = 0;

  for (PetscInt a = 0; a < dim; a++) k2 += k[a] * k[a];
  return PetscExpReal(-h->D * k2 * h->dt);
}

static PetscErrorCode Step_Heat(TS ts, PetscReal t, PetscReal dt, Vec u, void *ctx)
{
  MckField f = (MckField)ctx;
  Heat    *h = (Heat *)f->data;

  PetscFunctionBeginUser;
  (void)ts;
  (void)t;
  h->dt = dt;
  PetscCall(MckGridConvolve(f->grid, HeatSymbol, h, u, u));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Heat(MckField f)
{
  Heat *h = (Heat *)f->data;

  PetscFunctionBeginUser;
  PetscOptionsBegin(f->comm, ((PetscObject)f)->prefix, "Heat equation (test field type)", NULL);
  PetscCall(MckOptionsReal("-heat_diffusivity", "Diffusivity D", h->D, &h->D, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Heat(MckField f)
{
  PetscFunctionBeginUser;
  PetscCall(TSSetType(f->ts, TSMCKSEMIIMPLICIT));
  PetscCall(TSMckSemiImplicitSetStepper(f->ts, Step_Heat, f));
  PetscCall(TSSetTimeStep(f->ts, 0.01));
  PetscFunctionReturn(0);
}

/* 1 + A (cos(2 pi x/L) + cos(2 pi y/L)) sampled at the owned grid points, x_i = i L/n. */
static PetscErrorCode Exact(MckField f, PetscReal A, Vec u)
{
  PetscInt     start[3], count[3], n[3], i = 0;
  PetscReal    L[3];
  PetscScalar *x;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetSizes(f->grid, NULL, n, L));
  PetscCall(MckFieldGetOwnedBox(f, start, count));
  PetscCall(VecGetArray(u, &x));
  for (PetscInt j = start[1]; j < start[1] + count[1]; j++)
    for (PetscInt k = start[0]; k < start[0] + count[0]; k++)
      x[i++] = 1 + A * (PetscCosReal(2 * PETSC_PI * k / n[0]) + PetscCosReal(2 * PETSC_PI * j / n[1]));
  PetscCall(VecRestoreArray(u, &x));
  PetscFunctionReturn(0);
}

static PetscErrorCode Initial_Heat(MckField f, Vec u)
{
  PetscFunctionBeginUser;
  PetscCall(Exact(f, 0.3, u));
  PetscFunctionReturn(0);
}

static PetscErrorCode Energy_Heat(MckField f, PetscReal *E)
{
  PetscFunctionBeginUser;
  PetscCall(VecPointwiseMult(f->work, f->u, f->u));
  PetscCall(MckFieldIntegrateVecs(f, 1, &f->work, E));
  *E *= 0.5;
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Heat(MckField f)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(f->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_Heat(MckField f)
{
  Heat *h;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&h));
  h->D                   = 1;
  f->data                = h;
  f->quantity            = "u";
  f->ops->setfromoptions = SetFromOptions_Heat;
  f->ops->setup          = SetUp_Heat;
  f->ops->initial        = Initial_Heat;
  f->ops->energy         = Energy_Heat;
  f->ops->destroy        = Destroy_Heat;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckHeat(void)
{
  const PetscReal T = 0.25, L = 1, A = 0.3, D = 0.5;
  MckGrid         g;
  MckField        f;
  Vec             u, exact;
  PetscReal       m0, m, E0, E, err, Tfp, decay;
  PetscErrorCode  ierr;

  PetscFunctionBeginUser;
  PetscCall(MckFieldRegister("heat", Create_Heat));
  PetscCall(PetscOptionsSetValue(NULL, "-ext_heat_diffusivity", "0.5"));
  PetscCall(TestGrid(2, 32, L, &g));
  PetscCall(MckFieldCreate(PETSC_COMM_WORLD, &f));
  PetscCall(MckFieldSetOptionsPrefix(f, "ext_"));
  PetscCall(MckFieldSetGrid(f, g));
  PetscCall(MckFieldSetType(f, "heat"));
  PetscCall(MckFieldSetFromOptions(f));
  PetscCall(MckFieldSetUp(f));
  PetscCall(MckFieldGetMass(f, &m0));
  PetscCall(MckFieldGetEnergy(f, &E0));
  PetscCall(MckFieldSolve(f, T));
  PetscCall(MckFieldGetMass(f, &m));
  PetscCall(MckFieldGetEnergy(f, &E));
  PetscCall(MckFieldGetSolution(f, &u));
  PetscCall(VecDuplicate(u, &exact));
  decay = A * PetscExpReal(-D * PetscSqr(2 * PETSC_PI / L) * T);
  PetscCall(Exact(f, decay, exact));
  PetscCall(VecAXPY(exact, -1, u));
  PetscCall(VecNorm(exact, NORM_INFINITY, &err));
  CHECK_TEST(err < 1e-12, "heat: max |u - exact| = %g at t = %g (D = %g from -ext_heat_diffusivity)", (double)err,
             (double)T, (double)D);
  CHECK_TEST(PetscAbsReal(m - m0) < 1e-13 * m0, "heat: mass %.17g, initially %.17g", (double)m, (double)m0);
  CHECK_TEST(E < E0, "heat: energy %.17g did not fall from %.17g", (double)E, (double)E0);
  /* a function of the fokker_planck type is not this type's */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckFieldFPGetTemperature(f, &Tfp);
  PetscCall(PetscPopErrorHandler());
  CHECK_TEST(ierr != 0, "MckFieldFPGetTemperature() accepted a field of type heat");
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "heat: max error %.2e after t = %g, mass %.17g, energy %.6f -> %.6f\n",
                        (double)err, (double)T, (double)m, (double)E0, (double)E));
  PetscCall(VecDestroy(&exact));
  PetscCall(MckFieldDestroy(&f));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscCall(McKeanInitialize(&argc, &argv, NULL, help));
  PetscCall(CheckHeat());
  PetscCall(McKeanFinalize());
  return 0;
}
