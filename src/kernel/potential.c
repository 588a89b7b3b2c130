/* External potentials V shared by the particle drifts and the Fokker-Planck field (mckkernel.h). */
#include <mckean/mckkernel.h>

const char *const MckPotentialKinds[] = {"harmonic", "double_well", "MckPotentialKind", "MCK_POTENTIAL_", NULL};

/*@C
  MckPotentialSetDefaults - Sets an external potential of a given kind to its defaults: harmonic
  k = 1, c = 0; double_well h = 1, w = 1; no options prefix.

  Not Collective

  Input Parameter:
. kind - `MCK_POTENTIAL_HARMONIC` or `MCK_POTENTIAL_DOUBLE_WELL`

  Output Parameter:
. V - the potential

  Level: intermediate

.seealso: `MckPotentialSetFromOptions()`, `MckPotentialKindFromName()`
@*/
PetscErrorCode MckPotentialSetDefaults(MckPotential *V, MckPotentialKind kind)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(V, sizeof(*V)));
  V->kind   = kind;
  V->k      = 1.0;
  V->height = 1.0;
  V->width  = 1.0;
  PetscFunctionReturn(0);
}

/*@C
  MckPotentialKindFromName - Finds a potential kind by its name.

  Not Collective

  Input Parameter:
. name - "harmonic" or "double_well" (case-sensitive)

  Output Parameters:
+ kind  - the kind (unchanged when not found)
- found - `PETSC_FALSE` if name is not one of `MckPotentialKinds`

  Level: developer

.seealso: `MckPotentialSetDefaults()`
@*/
PetscErrorCode MckPotentialKindFromName(const char name[], MckPotentialKind *kind, PetscBool *found)
{
  PetscFunctionBeginUser;
  *found = PETSC_FALSE;
  for (PetscInt i = 0; i < 2; i++) {
    PetscBool match;
    PetscCall(PetscStrcmp(name, MckPotentialKinds[i], &match));
    if (match) {
      *kind  = (MckPotentialKind)i;
      *found = PETSC_TRUE;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_Harmonic(MPI_Comm comm, const char prefix[], MckPotential *V)
{
  PetscInt n = MCK_KERNEL_MAX_DIM;

  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, prefix, "Harmonic trap V = k/2 |x - c|^2", NULL);
  MckOptionsCall(MckOptionsReal("-harmonic_k", "Stiffness k", V->k, &V->k, NULL));
  MckOptionsCall(
      MckOptionsRealArray("-harmonic_center", "Centre c (one value or one per dimension)", V->center, &n, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-harmonic_k"), V->k));
  if (n == 1)
    for (PetscInt a = 1; a < MCK_KERNEL_MAX_DIM; a++) V->center[a] = V->center[0];
  PetscFunctionReturn(0);
}

static PetscErrorCode SetFromOptions_DoubleWell(MPI_Comm comm, const char prefix[], MckPotential *V)
{
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, prefix, "Double well V = h sum_a ((x_a/w)^2 - 1)^2", NULL);
  MckOptionsCall(MckOptionsReal("-double_well_height", "Barrier height h", V->height, &V->height, NULL));
  MckOptionsCall(MckOptionsReal("-double_well_width", "Position w of the minima", V->width, &V->width, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-double_well_height"), V->height));
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-double_well_width"), V->width));
  PetscFunctionReturn(0);
}

/*@C
  MckPotentialSetFromOptions - Reads the options of the potential's kind under the options prefix
  of the object that owns it.

  Collective

  Input Parameters:
+ comm   - the owner's communicator
. prefix - the owner's options prefix, or NULL for none; kept in V for `MckPotentialConfig()`
- V      - the potential, with its kind and current values (e.g. from `MckPotentialSetDefaults()`)

  Output Parameter:
. V - the potential with the options applied

  Options Database Keys:
+ -harmonic_k <k>              - stiffness of V = k/2 |x - c|^2, > 0 (harmonic)
. -harmonic_center <c1,c2,...> - centre c: one value for every axis, or one per axis, at most 3 (harmonic)
. -double_well_height <h>      - barrier height of V = h sum_a ((x_a/w)^2 - 1)^2, > 0 (double_well)
- -double_well_width <w>       - position of the minima, > 0 (double_well)

  Notes:
  Only the options of V's kind are read. A value out of range is a `PETSC_ERR_USER_INPUT` error
  naming the option with the prefix.

  Level: intermediate

.seealso: `MckPotentialSetDefaults()`, `MckPotentialConfig()`, `MckPotentialAddForce()`
@*/
PetscErrorCode MckPotentialSetFromOptions(MPI_Comm comm, const char prefix[], MckPotential *V)
{
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(V->prefix, prefix ? prefix : "", sizeof(V->prefix)));
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC: PetscCall(SetFromOptions_Harmonic(comm, prefix, V)); break;
  case MCK_POTENTIAL_DOUBLE_WELL: PetscCall(SetFromOptions_DoubleWell(comm, prefix, V)); break;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckPotentialValue - The potential V(x) at one point.

  Not Collective

  Input Parameters:
+ V   - the potential
. dim - the dimension
- x   - the point, dim coordinates (as given: on a periodic box, in [0, L))

  Notes:
  Returns the value, no error code.

  Level: developer

.seealso: `MckPotentialAddForce()`
@*/
PetscReal MckPotentialValue(const MckPotential *V, PetscInt dim, const PetscReal x[])
{
  PetscReal value = 0;

  for (PetscInt a = 0; a < dim; a++) {
    switch (V->kind) {
    case MCK_POTENTIAL_HARMONIC: {
      const PetscReal d = x[a] - V->center[a];
      value += 0.5 * V->k * d * d;
    } break;
    case MCK_POTENTIAL_DOUBLE_WELL: {
      const PetscReal y = x[a] / V->width, q = y * y - 1;
      value += V->height * q * q;
    } break;
    }
  }
  return value;
}

/* The force loops are the particles' hot path: one plain loop per axis, vectorisable. */
static void AddForce_Harmonic(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[],
                              PetscReal *const F[])
{
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal *restrict xa = x[a];
    PetscReal *restrict f        = F[a];
    const PetscReal k = V->k, x0 = V->center[a];
    for (PetscInt i = 0; i < n; i++) f[i] -= k * (xa[i] - x0);
  }
}

static void AddForce_DoubleWell(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[],
                                PetscReal *const F[])
{
  const PetscReal inv = 1.0 / V->width, scale = 4.0 * V->height * inv;
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal *restrict xa = x[a];
    PetscReal *restrict f        = F[a];
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal y = xa[i] * inv;
      f[i] -= scale * y * (y * y - 1);
    }
  }
}

/*@C
  MckPotentialAddForce - Adds the force -grad V at n points: F[a][i] -= dV/dx_a (x[.][i]).

  Not Collective

  Input Parameters:
+ V   - the potential
. dim - the dimension
. n   - the number of points
- x   - the points, structure of arrays: dim arrays of length n

  Output Parameter:
. F - the forces, added to (dim arrays of length n)

  Notes:
  The particles' hot path: one vectorisable loop per axis, no allocation. Returns no error code
  and checks no argument.

  Level: developer

.seealso: `MckPotentialValue()`, `MckPotentialSetFromOptions()`
@*/
void MckPotentialAddForce(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[],
                          PetscReal *const F[])
{
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC: AddForce_Harmonic(V, dim, n, x, F); break;
  case MCK_POTENTIAL_DOUBLE_WELL: AddForce_DoubleWell(V, dim, n, x, F); break;
  }
}

/*@C
  MckPotentialConfig - Writes the potential's options into a checkpoint's configuration, or
  checks them against it on restart.

  Collective

  Input Parameters:
+ V     - the potential
. dim   - the dimension (the number of centre coordinates recorded)
. io    - the checkpoint file
- check - `PETSC_TRUE` to compare with the stored values, `PETSC_FALSE` to write them

  Notes:
  Records the options of V's kind with the prefix given to `MckPotentialSetFromOptions()`. On
  check, a value that differs (or a checkpoint that lacks it) is a `PETSC_ERR_USER_INPUT` error
  naming the option.

  Level: developer

.seealso: `MckIOConfigReals()`, `MckKernelConfig()`
@*/
PetscErrorCode MckPotentialConfig(const MckPotential *V, PetscInt dim, MckIO io, PetscBool check)
{
  PetscFunctionBeginUser;
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC:
    PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(V->prefix, "-harmonic_k"), 1, &V->k));
    PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(V->prefix, "-harmonic_center"), dim, V->center));
    break;
  case MCK_POTENTIAL_DOUBLE_WELL:
    PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(V->prefix, "-double_well_height"), 1, &V->height));
    PetscCall(MckIOConfigReals(io, check, McKeanOptionNamePrefix(V->prefix, "-double_well_width"), 1, &V->width));
    break;
  }
  PetscFunctionReturn(0);
}

/*@C
  MckPotentialView - Prints the potential's parameters on one line.

  Collective

  Input Parameters:
+ V      - the potential
- viewer - an ASCII viewer

  Level: developer

.seealso: `MckPotentialSetFromOptions()`, `MckKernelView()`
@*/
PetscErrorCode MckPotentialView(const MckPotential *V, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC:
    PetscCall(PetscViewerASCIIPrintf(viewer, "k = %g, centre (%g, %g, %g)\n", (double)V->k, (double)V->center[0],
                                     (double)V->center[1], (double)V->center[2]));
    break;
  case MCK_POTENTIAL_DOUBLE_WELL:
    PetscCall(PetscViewerASCIIPrintf(viewer, "height %g, width %g\n", (double)V->height, (double)V->width));
    break;
  }
  PetscFunctionReturn(0);
}
