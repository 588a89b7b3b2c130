/* Darcy flow inverse model: -div(exp(u(x)) grad p) = f on the unit square, p = 0 on the
 * boundary, observed at a regular S x S grid of sensors.
 *
 * Discretisation: vertex-centred finite volumes on (N+1)^2 nodes x_ij = (i h, j h), h = 1/N,
 * a DMDA (distributed over the member's ranks). Each interior node balances the fluxes through
 * the four faces of its control volume,
 *   sum_faces k_f (p_c - p_nb) / h^2 = f(x_c),  k_f = 2 k_c k_nb / (k_c + k_nb),
 * the harmonic mean being exact for a coefficient piecewise constant across the face and
 * second order for a smooth one. Boundary nodes carry p = 0 as a scaled identity row, and
 * interior rows drop their boundary neighbours, so the matrix is symmetric positive definite
 * (CG + GAMG by default; -darcy_ksp_type, -darcy_pc_type hypre, ... select others).
 * The log-permeability u(x) is a truncated Karhunen-Loeve expansion (kl.c) whose coefficients
 * are the whitened parameter. The matrix structure, source, sensor scatter and KL tables are
 * built once at SetUp; a forward solve assembles values and solves. */
#include "modelimpl.h"
#include "kl.h"
#include <petscksp.h>
#include <ctype.h>

typedef struct {
  PetscInt         N;       /* -darcy_n: cells per side */
  PetscInt         S;       /* -darcy_sensors: sensors per side */
  PetscReal        fconst;  /* -darcy_source */
  MckDarcySourceFn fsource; /* or a user source */
  void            *fctx;
  MckKL            kl;
  DM               da;
  Mat              A;
  Vec              b, p, logk, logkl; /* rhs, pressure, log-permeability (global, ghosted) */
  Vec              uall;              /* all KL coefficients on every rank */
  VecScatter       ugather, sensors;
  KSP              ksp;
} Darcy;

static PetscErrorCode SetFromOptions_Darcy(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-darcy_n", "Darcy: grid cells per side (N+1 nodes)", d->N, &d->N, NULL));
  PetscCall(MckOptionsInt("-darcy_kl_modes", "Darcy: Karhunen-Loeve modes (the parameter length)", d->kl.nmodes,
                          &d->kl.nmodes, NULL));
  PetscCall(MckOptionsReal("-darcy_kl_alpha", "Darcy: KL covariance (-Laplace + tau^2)^-alpha: smoothness alpha",
                           d->kl.alpha, &d->kl.alpha, NULL));
  PetscCall(MckOptionsReal("-darcy_kl_tau", "Darcy: KL inverse correlation length tau", d->kl.tau, &d->kl.tau, NULL));
  PetscCall(MckOptionsReal("-darcy_kl_sigma", "Darcy: rms pointwise standard deviation of the log-permeability",
                           d->kl.sigma, &d->kl.sigma, NULL));
  PetscCall(MckOptionsReal("-darcy_kl_mean", "Darcy: mean log-permeability", d->kl.mean, &d->kl.mean, NULL));
  PetscCall(
      MckOptionsInt("-darcy_sensors", "Darcy: pressure sensors per side (a regular S x S grid)", d->S, &d->S, NULL));
  PetscCall(MckOptionsReal("-darcy_source", "Darcy: constant source f", d->fconst, &d->fconst, NULL));
  PetscCheck(d->N >= 4, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": needs at least 4 cells per side",
             MckOptName("-darcy_n"), d->N);
  PetscCheck(d->kl.nmodes >= 1, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-darcy_kl_modes"), d->kl.nmodes);
  PetscCheck(d->kl.nmodes <= 4096, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": at most 4096",
             MckOptName("-darcy_kl_modes"), d->kl.nmodes);
  PetscCheck(d->S >= 1 && d->S < d->N, m->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": must be between 1 and %s - 1 = %" PetscInt_FMT, MckOptName("-darcy_sensors"), d->S,
             MckOptName("-darcy_n"), d->N - 1);
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-darcy_kl_alpha"), d->kl.alpha));
  PetscCall(McKeanCheckPositive(m->comm, MckOptName("-darcy_kl_tau"), d->kl.tau));
  PetscCall(McKeanCheckNonNegative(m->comm, MckOptName("-darcy_kl_sigma"), d->kl.sigma));
  PetscCheck(!PetscIsInfOrNanReal(d->kl.mean), m->comm, PETSC_ERR_USER_INPUT, "%s: must be a finite number",
             MckOptName("-darcy_kl_mean"));
  PetscCheck(!PetscIsInfOrNanReal(d->fconst), m->comm, PETSC_ERR_USER_INPUT, "%s: must be a finite number",
             MckOptName("-darcy_source"));
  PetscFunctionReturn(0);
}

/* Sensor (a, b) sits at the node nearest to ((a+1)/(S+1), (b+1)/(S+1)); datum b S + a. */
static PetscInt SensorNode(PetscInt a, PetscInt S, PetscInt N)
{
  return (PetscInt)((2 * (a + 1) * N + (S + 1)) / (2 * (S + 1))); /* round((a+1) N / (S+1)) */
}

static PetscErrorCode CreateDataVec_Darcy(MckModel m, Vec *g)
{
  PetscFunctionBeginUser;
  PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->ndata, g));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpSensors(MckModel m, Darcy *d)
{
  AO       ao;
  IS       from, to;
  Vec      g;
  PetscInt lo, hi, *idx;

  PetscFunctionBeginUser;
  PetscCall(CreateDataVec_Darcy(m, &g));
  PetscCall(VecGetOwnershipRange(g, &lo, &hi));
  PetscCall(PetscMalloc1(hi - lo, &idx));
  for (PetscInt s = lo; s < hi; s++)
    idx[s - lo] = SensorNode(s / d->S, d->S, d->N) * (d->N + 1) + SensorNode(s % d->S, d->S, d->N);
  PetscCall(DMDAGetAO(d->da, &ao));
  PetscCall(AOApplicationToPetsc(ao, hi - lo, idx));
  PetscCall(ISCreateGeneral(PETSC_COMM_SELF, hi - lo, idx, PETSC_OWN_POINTER, &from));
  PetscCall(ISCreateStride(PETSC_COMM_SELF, hi - lo, lo, 1, &to));
  PetscCall(VecScatterCreate(d->p, from, g, to, &d->sensors));
  PetscCall(ISDestroy(&from));
  PetscCall(ISDestroy(&to));
  PetscCall(VecDestroy(&g));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpSource(Darcy *d)
{
  PetscReal **b, h = 1.0 / d->N;
  PetscInt    xs, ys, xm, ym;

  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(d->da, &xs, &ys, NULL, &xm, &ym, NULL));
  PetscCall(DMDAVecGetArray(d->da, d->b, &b));
  for (PetscInt j = ys; j < ys + ym; j++)
    for (PetscInt i = xs; i < xs + xm; i++) {
      const PetscBool boundary = (i == 0 || j == 0 || i == d->N || j == d->N) ? PETSC_TRUE : PETSC_FALSE;
      b[j][i]                  = boundary ? 0.0 : d->fsource ? d->fsource(i * h, j * h, d->fctx) : d->fconst;
    }
  PetscCall(DMDAVecRestoreArray(d->da, d->b, &b));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUpSolver(MckModel m, Darcy *d)
{
  const char *prefix;
  PC          pc;

  PetscFunctionBeginUser;
  PetscCall(KSPCreate(m->comm, &d->ksp));
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)m, &prefix));
  PetscCall(KSPSetOptionsPrefix(d->ksp, prefix));
  PetscCall(KSPAppendOptionsPrefix(d->ksp, "darcy_"));
  PetscCall(KSPSetType(d->ksp, KSPCG));
  PetscCall(KSPGetPC(d->ksp, &pc));
  PetscCall(PCSetType(pc, PCGAMG));
  PetscCall(KSPSetTolerances(d->ksp, 1e-10, 1e-50, PETSC_DEFAULT, 1000));
  PetscCall(KSPSetFromOptions(d->ksp));
  PetscFunctionReturn(0);
}

static PetscErrorCode ReadSolveOptions(MckModel);
static PetscErrorCode SetUpGrid(MckModel, Darcy *);

/* Cells per side of the grid -help sets up instead of the deck's: it reads every option a run's
 * solve reads, in a fraction of a second, whatever the grid a deck asks for. */
#define MCK_DARCY_HELP_N 64

/* Refuses a grid the node cannot hold, before any of it is made. An estimate of the largest parts
 * per node of the grid: the 5-point matrix and as much again for the multigrid hierarchy
 * (prolongators, coarse operators), and a dozen vectors (the model's four, the Krylov method's
 * and the smoothers' work vectors). */
static PetscErrorCode CheckMemory(MckModel m, Darcy *d, PetscMPIInt size)
{
  const PetscLogDouble nodes   = (PetscLogDouble)(d->N + 1) * (d->N + 1) / size;
  const PetscLogDouble per_row = 2 * 5 * (sizeof(PetscScalar) + sizeof(PetscInt)) + 12 * sizeof(PetscScalar);
  char                 value[32];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, d->N));
  PetscCall(McKeanCheckMemory(m->memcomm, McKeanOptionName((PetscObject)m, "-darcy_n"), value, nodes * per_row));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Darcy(MckModel m)
{
  Darcy      *d = (Darcy *)m->data;
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(m->comm, &size));
  PetscCheck((d->N + 1) * (d->N + 1) >= size, m->comm, PETSC_ERR_USER_INPUT,
             "%s %" PetscInt_FMT ": too few nodes for %d ranks per member",
             McKeanOptionName((PetscObject)m, "-darcy_n"), d->N, size);
  if (m->help) { /* nothing of the job's size; room for the sensors and the ranks */
    const PetscInt N = d->N, small = PetscMax(MCK_DARCY_HELP_N, PetscMax(d->S + 1, 2 * (PetscInt)PetscSqrtReal(size)));

    d->N = PetscMin(N, small);
    PetscCall(SetUpGrid(m, d));
    d->N = N; /* the deck's, for the view */
  } else {
    PetscCall(CheckMemory(m, d, size));
    PetscCall(SetUpGrid(m, d));
  }
  PetscFunctionReturn(0);
}

/* The DMDA of (N+1)^2 nodes and everything on it; under -help one solve reads the solver's options. */
static PetscErrorCode SetUpGrid(MckModel m, Darcy *d)
{
  PetscFunctionBeginUser;
  PetscCall(DMDACreate2d(m->comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, d->N + 1, d->N + 1,
                         PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, &d->da));
  PetscCall(DMSetUp(d->da));
  PetscCall(DMDASetUniformCoordinates(d->da, 0, 1, 0, 1, 0, 0));
  PetscCall(PetscObjectSetName((PetscObject)d->da, "darcy"));
  PetscCall(DMCreateMatrix(d->da, &d->A));
  PetscCall(DMCreateGlobalVector(d->da, &d->b));
  PetscCall(VecDuplicate(d->b, &d->p));
  PetscCall(VecDuplicate(d->b, &d->logk));
  PetscCall(PetscObjectSetName((PetscObject)d->logk, "log_permeability"));
  PetscCall(PetscObjectSetName((PetscObject)d->p, "pressure"));
  PetscCall(DMCreateLocalVector(d->da, &d->logkl));
  PetscCall(MckKLSetUp(&d->kl, d->da));
  m->n     = d->kl.nmodes;
  m->ndata = d->S * d->S;
  {
    Vec u;
    PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->n, &u));
    PetscCall(VecScatterCreateToAll(u, &d->ugather, &d->uall));
    PetscCall(VecDestroy(&u));
  }
  PetscCall(SetUpSource(d));
  PetscCall(SetUpSensors(m, d));
  PetscCall(SetUpSolver(m, d));
  if (m->help) PetscCall(ReadSolveOptions(m)); /* as the truth's forward solve of a run does */
  PetscFunctionReturn(0);
}

/* The 5-point finite-volume operator for the log-permeability in d->logkl (ghosted).
 * *bad = TRUE on every rank if a permeability is not a positive finite number. */
static PetscErrorCode Assemble(MPI_Comm comm, Darcy *d, PetscBool *bad)
{
  const PetscReal **L, ih2 = (PetscReal)d->N * d->N;
  PetscInt          xs, ys, xm, ym;
  PetscBool         lbad = PETSC_FALSE;

  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(d->da, &xs, &ys, NULL, &xm, &ym, NULL));
  PetscCall(DMDAVecGetArrayRead(d->da, d->logkl, &L));
  for (PetscInt j = ys; j < ys + ym; j++)
    for (PetscInt i = xs; i < xs + xm; i++) {
      MatStencil      row = {.i = i, .j = j}, col[5];
      PetscScalar     v[5];
      PetscInt        nc    = 1;
      const PetscInt  di[4] = {-1, 1, 0, 0}, dj[4] = {0, 0, -1, 1};
      const PetscReal kc = PetscExpReal(L[j][i]);

      col[0] = row;
      v[0]   = ih2; /* boundary: p = 0, scaled like the interior rows */
      if (!(kc > 0 && kc < PETSC_MAX_REAL)) lbad = PETSC_TRUE;
      if (!(i == 0 || j == 0 || i == d->N || j == d->N)) {
        v[0] = 0;
        for (int f = 0; f < 4; f++) {
          const PetscInt  ni = i + di[f], nj = j + dj[f];
          const PetscReal kn = PetscExpReal(L[nj][ni]), kf = 2 * kc * kn / (kc + kn);
          v[0] += kf * ih2;
          if (ni == 0 || nj == 0 || ni == d->N || nj == d->N) continue; /* p = 0 there */
          col[nc].i = ni;
          col[nc].j = nj;
          v[nc++]   = -kf * ih2;
        }
      }
      PetscCall(MatSetValuesStencil(d->A, 1, &row, nc, col, v, INSERT_VALUES));
    }
  PetscCall(DMDAVecRestoreArrayRead(d->da, d->logkl, &L));
  PetscCall(MatAssemblyBegin(d->A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(d->A, MAT_FINAL_ASSEMBLY));
  PetscCall(MPIU_Allreduce(&lbad, bad, 1, MPIU_BOOL, MPI_LOR, comm));
  PetscFunctionReturn(0);
}

static PetscErrorCode DarcySolve_Darcy(MckModel m, Vec logk, Vec p, PetscBool *failed)
{
  Darcy             *d = (Darcy *)m->data;
  KSPConvergedReason reason;
  PetscBool          bad;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelDarcySolve"));
  PetscCall(DMGlobalToLocalBegin(d->da, logk, INSERT_VALUES, d->logkl));
  PetscCall(DMGlobalToLocalEnd(d->da, logk, INSERT_VALUES, d->logkl));
  PetscCall(Assemble(m->comm, d, &bad));
  *failed = bad;
  if (bad) PetscFunctionReturn(0); /* an infinite or NaN permeability: no solve */
  PetscCall(KSPSetOperators(d->ksp, d->A, d->A));
  PetscCall(KSPSolve(d->ksp, d->b, p));
  PetscCall(KSPGetConvergedReason(d->ksp, &reason));
  *failed = reason < 0 ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

/*@C
  MckModelDarcySolve - Solves -div(exp(logk) grad p) = f for a given log-permeability on the
  Darcy model's grid.

  Collective

  Input Parameters:
+ m    - a darcy model, set up
- logk - the log-permeability, a global Vec of the DM `MckModelGetPhysicalField()` returns

  Output Parameters:
+ p      - the pressure, a Vec of that DM
- failed - `PETSC_TRUE` (not an error) for a non-finite permeability or a solver that did not
           converge

  Level: intermediate

.seealso: `MckModelForward()`, `MckModelDarcySetSource()`
@*/
PetscErrorCode MckModelDarcySolve(MckModel m, Vec logk, Vec p, PetscBool *failed)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelDarcySolve_C", (MckModel, Vec, Vec, PetscBool *), (m, logk, p, failed));
  PetscFunctionReturn(0);
}

static PetscErrorCode LogPermeability(MckModel m, Vec u)
{
  Darcy           *d = (Darcy *)m->data;
  const PetscReal *ua;

  PetscFunctionBeginUser;
  PetscCall(VecScatterBegin(d->ugather, u, d->uall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(d->ugather, u, d->uall, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecGetArrayRead(d->uall, &ua));
  PetscCall(MckKLEvaluate(&d->kl, ua, d->da, d->logk));
  PetscCall(VecRestoreArrayRead(d->uall, &ua));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_Darcy(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  PetscCall(LogPermeability(m, u));
  PetscCall(DarcySolve_Darcy(m, d->logk, d->p, failed));
  if (*failed) PetscCall(VecSet(d->p, NAN)); /* never hand back a stale solution */
  PetscCall(VecScatterBegin(d->sensors, d->p, g, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(d->sensors, d->p, g, INSERT_VALUES, SCATTER_FORWARD));
  PetscFunctionReturn(0);
}

/* Marks as read the options given for multigrid levels the small grid of -help does not have,
 * -<prefix>darcy_mg_levels_<k>_... with k at or beyond its level count: the deck's grid may have
 * them (a misspelt one is caught when the job starts, after its first solve). The options of the
 * levels it has, and those of every level (-darcy_mg_levels_...), were read by its solve. */
static PetscErrorCode ReadLevelOptions(MckModel m, Darcy *d)
{
  PetscOptions options = ((PetscObject)m)->options;
  const char  *prefix;
  char         levels[256], **names, **values;
  size_t       len;
  PetscInt     n, nlevels = 0;
  PetscBool    mg, flg;
  PC           pc;

  PetscFunctionBeginUser;
  PetscCall(KSPGetPC(d->ksp, &pc));
  PetscCall(PetscObjectTypeCompareAny((PetscObject)pc, &mg, PCMG, PCGAMG, ""));
  if (!mg) PetscFunctionReturn(0); /* no levels: their options are unused, as in a run */
  PetscCall(PCMGGetLevels(pc, &nlevels));
  PetscCall(PetscObjectGetOptionsPrefix((PetscObject)m, &prefix));
  PetscCall(PetscSNPrintf(levels, sizeof(levels), "%sdarcy_mg_levels_", prefix ? prefix : ""));
  PetscCall(PetscStrlen(levels, &len));
  PetscCall(PetscOptionsLeftGet(options, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) {
    const char *level = names[i] + len;
    char       *end, dashed[PETSC_MAX_OPTION_NAME + 2];
    long        k;

    if (strncmp(names[i], levels, len) || !isdigit((unsigned char)level[0])) continue;
    k = strtol(level, &end, 10);
    if (*end != '_' || k < nlevels) continue;
    PetscCall(PetscSNPrintf(dashed, sizeof(dashed), "-%s", names[i]));
    PetscCall(PetscOptionsHasName(options, NULL, dashed, &flg)); /* a query marks it used */
  }
  PetscCall(PetscOptionsLeftRestore(options, &n, &names, &values));
  PetscFunctionReturn(0);
}

/* -help: one forward solve at the prior mean on the small grid, so that the solver's options read
 * only by a solve (-darcy_ksp_converged_reason, the multigrid levels' -darcy_mg_levels_*) are read
 * as in a run. */
static PetscErrorCode ReadSolveOptions(MckModel m)
{
  Vec       u, g;
  PetscBool failed;

  PetscFunctionBeginUser;
  PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->n, &u));
  PetscCall(VecCreateMPI(m->comm, PETSC_DECIDE, m->ndata, &g));
  m->setup = PETSC_TRUE; /* inside MckModelSetUp(), which sets it next */
  PetscCall(Forward_Darcy(m, u, g, &failed));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&g));
  PetscCall(ReadLevelOptions(m, (Darcy *)m->data));
  PetscFunctionReturn(0);
}

static PetscErrorCode PhysicalField_Darcy(MckModel m, Vec u, Vec *field, DM *dm)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  PetscCall(LogPermeability(m, u));
  *field = d->logk;
  if (dm) *dm = d->da;
  PetscFunctionReturn(0);
}

static PetscErrorCode DarcySetSource_Darcy(MckModel m, MckDarcySourceFn f, void *ctx)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  PetscCheck(!m->setup, m->comm, PETSC_ERR_ORDER, "MckModelDarcySetSource: call before MckModelSetUp()");
  d->fsource = f;
  d->fctx    = ctx;
  PetscFunctionReturn(0);
}

/*@C
  MckModelDarcySetSource - Replaces the constant source (-darcy_source) by a function f(x, y).

  Logically Collective

  Input Parameters:
+ m   - a darcy model, not yet set up
. f   - the source
- ctx - its context

  Level: intermediate

.seealso: `MckModelDarcySolve()`
@*/
PetscErrorCode MckModelDarcySetSource(MckModel m, MckDarcySourceFn f, void *ctx)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelDarcySetSource_C", (MckModel, MckDarcySourceFn, void *), (m, f, ctx));
  PetscFunctionReturn(0);
}

static PetscErrorCode DarcyGetKLMode_Darcy(MckModel m, PetscInt k, PetscReal *lambda, PetscInt *k1, PetscInt *k2)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelDarcyGetKLMode"));
  PetscCheck(k >= 0 && k < d->kl.nmodes, m->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "MckModelDarcyGetKLMode: mode %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", k, d->kl.nmodes);
  if (lambda) *lambda = d->kl.sqrtlam[k] * d->kl.sqrtlam[k];
  if (k1) *k1 = d->kl.k1[k];
  if (k2) *k2 = d->kl.k2[k];
  PetscFunctionReturn(0);
}

/*@C
  MckModelDarcyGetKLMode - The eigenvalue and wave numbers of a Karhunen-Loeve mode of the Darcy
  prior: mode k is sqrt(lambda_k) c(k1) c(k2) cos(pi k1 x) cos(pi k2 y), c(0) = 1, c(j > 0) = sqrt(2).

  Not Collective

  Input Parameters:
+ m - a darcy model, set up
- k - the mode, 0 <= k < -darcy_kl_modes

  Output Parameters:
+ lambda - its eigenvalue (may be NULL)
. k1     - wave number in x (may be NULL)
- k2     - wave number in y (may be NULL)

  Level: intermediate

.seealso: `MckModelGetPhysicalField()`
@*/
PetscErrorCode MckModelDarcyGetKLMode(MckModel m, PetscInt k, PetscReal *lambda, PetscInt *k1, PetscInt *k2)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelDarcyGetKLMode_C", (MckModel, PetscInt, PetscReal *, PetscInt *, PetscInt *),
                 (m, k, lambda, k1, k2));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Darcy(MckModel m, MckIO io, PetscBool check)
{
  Darcy          *d     = (Darcy *)m->data;
  PetscObject     obj   = (PetscObject)m;
  const PetscReal kl[4] = {d->kl.alpha, d->kl.tau, d->kl.sigma, d->kl.mean};

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-darcy_n"), d->N));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-darcy_kl_modes"), d->kl.nmodes));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-darcy_kl_alpha,tau,sigma,mean"), 4, kl));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-darcy_sensors"), d->S));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-darcy_source"), 1, &d->fconst));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Darcy(MckModel m, PetscViewer v)
{
  Darcy *d = (Darcy *)m->data;
  char   t[32], a[32], sg[32], mu[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(v,
                                   "Darcy -div(exp(u) grad p) = f on [0,1]^2, p = 0 on the boundary: %" PetscInt_FMT
                                   "^2 cells, %" PetscInt_FMT "^2 sensors, f = %s\n",
                                   d->N, d->S, d->fsource ? "user function" : "constant"));
  PetscCall(PetscViewerASCIIPrintf(
      v, "KL prior: %" PetscInt_FMT " modes of (-Laplace + %s^2)^-%s (Neumann), rms std %s, mean %s\n", d->kl.nmodes,
      McKeanFormatReal(d->kl.tau, t, sizeof(t)), McKeanFormatReal(d->kl.alpha, a, sizeof(a)),
      McKeanFormatReal(d->kl.sigma, sg, sizeof(sg)), McKeanFormatReal(d->kl.mean, mu, sizeof(mu))));
  if (d->ksp) PetscCall(KSPView(d->ksp, v));
  PetscFunctionReturn(0);
}

/* The Darcy model's own methods (MckModelDarcySolve, ...). */
static const MckTypedMethod DarcyMethods[] = {{"MckModelDarcySolve_C", (PetscVoidFunction)DarcySolve_Darcy},
                                              {"MckModelDarcySetSource_C", (PetscVoidFunction)DarcySetSource_Darcy},
                                              {"MckModelDarcyGetKLMode_C", (PetscVoidFunction)DarcyGetKLMode_Darcy},
                                              {NULL, NULL}};

static PetscErrorCode Destroy_Darcy(MckModel m)
{
  Darcy *d = (Darcy *)m->data;

  PetscFunctionBeginUser;
  if (m->setup) PetscCall(MckKLDestroy(&d->kl));
  PetscCall(KSPDestroy(&d->ksp));
  PetscCall(VecScatterDestroy(&d->sensors));
  PetscCall(VecScatterDestroy(&d->ugather));
  PetscCall(VecDestroy(&d->uall));
  PetscCall(VecDestroy(&d->b));
  PetscCall(VecDestroy(&d->p));
  PetscCall(VecDestroy(&d->logk));
  PetscCall(VecDestroy(&d->logkl));
  PetscCall(MatDestroy(&d->A));
  PetscCall(DMDestroy(&d->da));
  PetscCall(PetscFree(m->data));
  PetscCall(McKeanTypedComposeMethods((PetscObject)m, DarcyMethods, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_Darcy(MckModel m)
{
  Darcy *d;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&d));
  d->N                   = 32;
  d->S                   = 5;
  d->fconst              = 1.0;
  d->kl.nmodes           = 16;
  d->kl.alpha            = 2.0;
  d->kl.tau              = 3.0;
  d->kl.sigma            = 1.0;
  d->kl.mean             = 0.0;
  m->data                = d;
  m->kind                = MCK_MODEL_INVERSE;
  m->ops->setfromoptions = SetFromOptions_Darcy;
  m->ops->setup          = SetUp_Darcy;
  m->ops->forward        = Forward_Darcy;
  m->ops->createdatavec  = CreateDataVec_Darcy;
  m->ops->physicalfield  = PhysicalField_Darcy;
  m->ops->config         = Config_Darcy;
  m->ops->view           = View_Darcy;
  m->ops->destroy        = Destroy_Darcy;
  PetscCall(McKeanTypedComposeMethods((PetscObject)m, DarcyMethods, PETSC_TRUE));
  PetscFunctionReturn(0);
}
