/* MckGrid's layout and its refusals, through the options a user gives:
 *  - for many sizes of the distributed (slowest) axis, including sizes not divisible by the
 *    rank count, the DMDA's ownership equals FFTW's own answer (fftw_mpi_local_size_2d/3d,
 *    asked here independently of the library) on every rank, and the other axes are whole;
 *  - exactly the sizes for which FFTW would leave a rank with fewer planes than the stencil
 *    width (or an axis below 2 points) are refused with PETSC_ERR_USER_INPUT naming -grid_n and
 *    the value (and the rank count when the split is the reason); with -grid_stencil_width 2 too;
 *  - the copy between the DMDA Vec and FFTW's padded slab loses nothing: a field of global
 *    indices survives forward + backward (convolution with the symbol 1) to 1e-14 relative;
 *  - -grid_fftw_plan measure and patient work; a bad plan name, a wrong count of -grid_n values
 *    and a negative -grid_L are user-input errors. */
#include <mckean/mckgrid.h>
#include <fftw3-mpi.h>

typedef struct {
  PetscErrorCode code;
  char           msg[4096];
} Caught;

static Caught      caught;
static PetscInt    fails, checks;
static PetscMPIInt rank, size;

static PetscErrorCode CatchError(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n,
                                 PetscErrorType p, const char *mess, void *ctx)
{
  (void)comm, (void)line, (void)fun, (void)file, (void)ctx;
  if (p == PETSC_ERROR_INITIAL) {
    caught.code = n;
    (void)PetscStrncpy(caught.msg, mess ? mess : "", sizeof(caught.msg));
  }
  return n;
}

static void Expect(PetscBool good, const char *what, const char *detail)
{
  checks++;
  if (!good) {
    fails++;
    printf("[rank %d] FAIL %s: %s\n", rank, what, detail);
  }
}

/* Only the grid's options: command-line ones such as -malloc_dump must survive. */
static PetscErrorCode ClearGridOptions(void)
{
  const char *names[] = {"-grid_dim", "-grid_n", "-grid_L", "-grid_stencil_width", "-grid_fftw_plan"};

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) PetscCall(PetscOptionsClearValue(NULL, names[i]));
  PetscFunctionReturn(0);
}

/* Build a grid from an options string; returns the error code (grid destroyed on error). */
static PetscErrorCode TryGrid(const char options[], MckGrid *g, PetscErrorCode *code)
{
  PetscFunctionBeginUser;
  PetscCall(ClearGridOptions());
  PetscCall(PetscOptionsInsertString(NULL, options));
  caught.code   = 0;
  caught.msg[0] = 0;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, g));
  PetscCall(PetscPushErrorHandler(CatchError, NULL));
  *code = MckGridSetFromOptions(*g);
  if (!*code) *code = MckGridSetUp(*g);
  PetscCall(PetscPopErrorHandler());
  if (*code) PetscCall(MckGridDestroy(g));
  PetscFunctionReturn(0);
}

/* A field of global indices must come back from forward + backward unchanged. */
static PetscReal One(PetscInt dim, const PetscReal k[], void *ctx)
{
  (void)dim, (void)k, (void)ctx;
  return 1.0;
}

static PetscErrorCode RoundTrip(MckGrid g, PetscReal *err)
{
  DM           da;
  Vec          u, v;
  PetscInt     xs, ys, zs, xm, ym, zm, M, N, idx = 0;
  PetscScalar *p;
  PetscReal    umax;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(DMDAGetInfo(da, NULL, &M, &N, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(MckGridCreateVec(g, &u));
  PetscCall(VecDuplicate(u, &v));
  PetscCall(VecGetArray(u, &p));
  for (PetscInt k = zs; k < zs + zm; k++)
    for (PetscInt j = ys; j < ys + ym; j++)
      for (PetscInt i = xs; i < xs + xm; i++) p[idx++] = (PetscReal)(i + M * (j + N * k));
  PetscCall(VecRestoreArray(u, &p));
  PetscCall(MckGridConvolve(g, One, NULL, u, v));
  PetscCall(VecNorm(u, NORM_INFINITY, &umax));
  PetscCall(VecAXPY(v, -1.0, u));
  PetscCall(VecNorm(v, NORM_INFINITY, err));
  *err /= umax;
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&v));
  PetscFunctionReturn(0);
}

/* FFTW's slab for an r2c grid of FFTW dims (n0, n1[, n2]), asked through the 2d/3d calls. */
static void FFTWSlab(PetscInt dim, const PetscInt n[], ptrdiff_t *ln0, ptrdiff_t *l0s)
{
  if (dim == 2) (void)fftw_mpi_local_size_2d(n[1], n[0] / 2 + 1, PETSC_COMM_WORLD, ln0, l0s);
  else (void)fftw_mpi_local_size_3d(n[2], n[1], n[0] / 2 + 1, PETSC_COMM_WORLD, ln0, l0s);
}

/* One size: grid n[] (axis order x, y, z) with stencil width s. */
static PetscErrorCode CheckSize(PetscInt dim, const PetscInt n[], PetscInt s, PetscInt *nvalid)
{
  char           opts[256], value[64], detail[4600];
  ptrdiff_t      ln0 = 0, l0s   = 0;
  PetscInt       fewest, below2 = 0;
  PetscErrorCode code;
  MckGrid        g;

  PetscFunctionBeginUser;
  if (dim == 1) PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT, n[0]));
  else if (dim == 2) PetscCall(PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT ",%" PetscInt_FMT, n[0], n[1]));
  else
    PetscCall(
        PetscSNPrintf(value, sizeof(value), "%" PetscInt_FMT ",%" PetscInt_FMT ",%" PetscInt_FMT, n[0], n[1], n[2]));
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-grid_dim %" PetscInt_FMT " -grid_n %s -grid_stencil_width %" PetscInt_FMT, dim, value, s));
  for (PetscInt a = 0; a < dim; a++) below2 |= n[a] < PetscMax(2, s);
  if (dim == 1) fewest = n[0] / size; /* PETSc's balanced split */
  else {
    PetscInt mine;
    FFTWSlab(dim, n, &ln0, &l0s);
    mine = (PetscInt)ln0;
    PetscCallMPI(MPIU_Allreduce(&mine, &fewest, 1, MPIU_INT, MPI_MIN, PETSC_COMM_WORLD));
  }
  PetscCall(TryGrid(opts, &g, &code));
  if (below2 || fewest < s) {
    PetscBool named = (PetscBool)(strstr(caught.msg, "-grid_n") && strstr(caught.msg, value));
    char      ranks[32];
    PetscCall(PetscSNPrintf(ranks, sizeof(ranks), "%d ranks", size));
    if (!below2) named = (PetscBool)(named && strstr(caught.msg, ranks));
    PetscCall(PetscSNPrintf(detail, sizeof(detail), "%s: wanted a user-input error naming -grid_n %s%s, got %d: %s",
                            opts, value, below2 ? "" : " and the rank count", (int)code, caught.msg));
    Expect((PetscBool)(code == PETSC_ERR_USER_INPUT && named), "bad size refused", detail);
    if (!rank && code == PETSC_ERR_USER_INPUT && s == 1 && dim == 2 && n[1] > 2)
      printf("refused as expected: %s\n", caught.msg);
    PetscFunctionReturn(0);
  }
  PetscCall(PetscSNPrintf(detail, sizeof(detail), "%s: unexpected error %d: %s", opts, (int)code, caught.msg));
  Expect((PetscBool)(code == 0), "good size accepted", detail);
  if (code) PetscFunctionReturn(0);
  {
    DM        da;
    PetscInt  xs, ys, zs, xm, ym, zm, st[3], wd[3];
    PetscBool same = PETSC_TRUE;
    PetscReal err;

    PetscCall(MckGridGetDM(g, &da));
    PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
    st[0] = xs, st[1] = ys, st[2] = zs, wd[0] = xm, wd[1] = ym, wd[2] = zm;
    /* the slowest axis is FFTW's first: same slab; every other axis whole */
    for (PetscInt a = 0; a < dim - 1; a++) same = (PetscBool)(same && st[a] == 0 && wd[a] == n[a]);
    if (dim > 1) same = (PetscBool)(same && st[dim - 1] == (PetscInt)l0s && wd[dim - 1] == (PetscInt)ln0);
    PetscCall(PetscSNPrintf(detail, sizeof(detail),
                            "%s: DMDA corners (%" PetscInt_FMT ",%" PetscInt_FMT ",%" PetscInt_FMT ")+(%" PetscInt_FMT
                            ",%" PetscInt_FMT ",%" PetscInt_FMT "), FFTW slab %td+%td",
                            opts, xs, ys, zs, xm, ym, zm, l0s, ln0));
    Expect(same, "DMDA ownership = FFTW slab", detail);
    PetscCall(RoundTrip(g, &err));
    PetscCall(PetscSNPrintf(detail, sizeof(detail), "%s: round trip error %.3e", opts, (double)err));
    Expect((PetscBool)(err <= 1e-14), "round trip", detail);
    PetscCall(MckGridDestroy(&g));
    (*nvalid)++;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode ExpectUserError(const char options[], const char needle[])
{
  MckGrid        g;
  PetscErrorCode code;
  char           detail[4600];

  PetscFunctionBeginUser;
  PetscCall(TryGrid(options, &g, &code));
  PetscCall(PetscSNPrintf(detail, sizeof(detail), "%s: wanted a user-input error mentioning '%s', got %d: %s", options,
                          needle, (int)code, caught.msg));
  Expect((PetscBool)(code == PETSC_ERR_USER_INPUT && strstr(caught.msg, needle)), "bad option refused", detail);
  if (!code) PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt nvalid = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  for (PetscInt s = 1; s <= 2; s++) {
    for (PetscInt n0 = 1; n0 <= 13; n0++) {
      const PetscInt n1[1] = {n0}, n2[2] = {6, n0}, n3[3] = {5, 4, n0};
      PetscCall(CheckSize(1, n1, s, &nvalid));
      PetscCall(CheckSize(2, n2, s, &nvalid));
      PetscCall(CheckSize(3, n3, s, &nvalid));
    }
  }
  {
    const PetscInt odd[3] = {7, 5, 11}, big[2] = {33, 17};
    PetscCall(CheckSize(3, odd, 1, &nvalid));
    PetscCall(CheckSize(2, big, 1, &nvalid));
  }
  /* planning effort: measure and patient plans give the same round trip */
  for (int p = 0; p < 2; p++) {
    MckGrid        g;
    PetscErrorCode code;
    PetscReal      err = 1;
    char           detail[256];

    PetscCall(TryGrid(p ? "-grid_n 12,8 -grid_fftw_plan patient" : "-grid_n 12,8 -grid_fftw_plan measure", &g, &code));
    if (!code) {
      PetscCall(RoundTrip(g, &err));
      PetscCall(MckGridDestroy(&g));
    }
    PetscCall(PetscSNPrintf(detail, sizeof(detail), "plan %s: code %d, round trip error %.3e",
                            p ? "patient" : "measure", (int)code, (double)err));
    Expect((PetscBool)(!code && err <= 1e-14), "planning effort", detail);
  }
  PetscCall(ExpectUserError("-grid_n 8 -grid_dim 1 -grid_fftw_plan quick", "estimate, measure, patient"));
  PetscCall(ExpectUserError("-grid_dim 2 -grid_n 8,8,8", "-grid_n"));
  PetscCall(ExpectUserError("-grid_dim 3 -grid_n 8,8,8,8", "-grid_n"));
  PetscCall(ExpectUserError("-grid_dim 3 -grid_n 8 -grid_L 1,1,1,1", "-grid_L"));
  PetscCall(ExpectUserError("-grid_dim 2 -grid_n 8 -grid_L 1,-2", "-grid_L -2"));
  PetscCall(ExpectUserError("-grid_dim 4", "-grid_dim 4"));
  PetscCall(ClearGridOptions());
  PetscCallMPI(MPIU_Allreduce(MPI_IN_PLACE, &fails, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%" PetscInt_FMT " checks on %d ranks (%" PetscInt_FMT " grids accepted), %" PetscInt_FMT
                        " failed\n",
                        checks, size, nvalid, fails));
  PetscCheck(fails == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "layout checks failed");
  PetscCall(McKeanFinalize());
  return 0;
}
