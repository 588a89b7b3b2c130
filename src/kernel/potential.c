/* External potentials V shared by the particle drifts and the Fokker-Planck field (mckkernel.h). */
#include <mckean/mckkernel.h>

const char *const MckPotentialKinds[] = {"harmonic", "double_well", "MckPotentialKind", "MCK_POTENTIAL_", NULL};

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
  PetscCall(MckOptionsReal("-harmonic_k", "Stiffness k", V->k, &V->k, NULL));
  PetscCall(MckOptionsRealArray("-harmonic_center", "Centre c (one value or one per dimension)", V->center, &n, NULL));
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
  PetscCall(MckOptionsReal("-double_well_height", "Barrier height h", V->height, &V->height, NULL));
  PetscCall(MckOptionsReal("-double_well_width", "Position w of the minima", V->width, &V->width, NULL));
  PetscOptionsEnd();
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-double_well_height"), V->height));
  PetscCall(McKeanCheckPositive(comm, McKeanOptionNamePrefix(prefix, "-double_well_width"), V->width));
  PetscFunctionReturn(0);
}

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
static void AddForce_Harmonic(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal *const F[])
{
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal *restrict xa = x[a];
    PetscReal *restrict       f  = F[a];
    const PetscReal           k = V->k, x0 = V->center[a];
    for (PetscInt i = 0; i < n; i++) f[i] -= k * (xa[i] - x0);
  }
}

static void AddForce_DoubleWell(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal *const F[])
{
  const PetscReal inv = 1.0 / V->width, scale = 4.0 * V->height * inv;
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal *restrict xa = x[a];
    PetscReal *restrict       f  = F[a];
    for (PetscInt i = 0; i < n; i++) {
      const PetscReal y = xa[i] * inv;
      f[i] -= scale * y * (y * y - 1);
    }
  }
}

void MckPotentialAddForce(const MckPotential *V, PetscInt dim, PetscInt n, const PetscReal *const x[], PetscReal *const F[])
{
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC: AddForce_Harmonic(V, dim, n, x, F); break;
  case MCK_POTENTIAL_DOUBLE_WELL: AddForce_DoubleWell(V, dim, n, x, F); break;
  }
}

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

PetscErrorCode MckPotentialView(const MckPotential *V, PetscViewer viewer)
{
  PetscFunctionBeginUser;
  switch (V->kind) {
  case MCK_POTENTIAL_HARMONIC: PetscCall(PetscViewerASCIIPrintf(viewer, "k = %g, centre (%g, %g, %g)\n", (double)V->k, (double)V->center[0], (double)V->center[1], (double)V->center[2])); break;
  case MCK_POTENTIAL_DOUBLE_WELL: PetscCall(PetscViewerASCIIPrintf(viewer, "height %g, width %g\n", (double)V->height, (double)V->width)); break;
  }
  PetscFunctionReturn(0);
}
