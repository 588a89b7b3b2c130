/* A 2D grid's transforms (its row plans and own transposes, src/grid/slabfft.c) give exactly
 * FFTW-MPI's bits: the forward transform of a field through MckGridForwardWork is compared
 * bit for bit with FFTW-MPI's 2D plan (in place, FFTW_ESTIMATE, spectrum transposed) on the same
 * input, and MckGridBackwardWork of that spectrum with FFTW-MPI's backward plan. Sizes: square
 * and anisotropic, even and odd, powers of two and not, and small ones that leave a rank without
 * spectral rows on 3-4 ranks (the x-modes split n/2 + 1 over the ranks). With -grid_transpose fftw
 * the grid runs FFTW-MPI's plans themselves, and so it does on one rank; the comparison then
 * checks the test. Which transform ran is told by the grid's own transposes (the log event
 * MckGridTranspose): one per transform with alltoallv on several ranks, none otherwise. The
 * grid's memory check covers at least the FFT buffers it allocates (FFTW's two, and with its
 * own transposes their shared send and receive buffers): a node limit just below them
 * (SLURM_MEM_PER_NODE) refuses the grid. */
#include <mckean/mckgrid.h>
#include <fftw3-mpi.h>

static PetscInt    fails, checks;
static PetscMPIInt rank;
static PetscBool   own_transposes; /* alltoallv (no -grid_transpose fftw) on more than one rank */

static void Expect(PetscBool ok, const char what[], PetscInt nx, PetscInt ny)
{
  checks++;
  if (ok) return;
  fails++;
  (void)PetscPrintf(PETSC_COMM_SELF, "[%d] FAIL %" PetscInt_FMT " x %" PetscInt_FMT ": %s\n", rank, nx, ny, what);
}

/* A value of global point (x, y) with no pattern a transform would leave exact. */
static double Value(PetscInt x, PetscInt y)
{
  return PetscSinReal(0.37 * (PetscReal)x + 1.1 * (PetscReal)(y * y)) + 0.01 * (PetscReal)x;
}

/* FFTW-MPI's own plans on their own buffer: forward of the field, then backward of the spectrum. */
typedef struct {
  double   *a;
  fftw_plan fwd, bwd;
  ptrdiff_t ln0, l0, ln1, l1;
} Reference;

static PetscErrorCode ReferenceCreate(PetscInt nx, PetscInt ny, Reference *r)
{
  const ptrdiff_t nf[2] = {ny, nx};
  ptrdiff_t       alloc =
      fftw_mpi_local_size_2d_transposed(ny, nx / 2 + 1, PETSC_COMM_WORLD, &r->ln0, &r->l0, &r->ln1, &r->l1);

  PetscFunctionBeginUser;
  r->a   = fftw_alloc_real(2 * (size_t)PetscMax(alloc, 1));
  r->fwd = fftw_mpi_plan_dft_r2c(2, nf, r->a, (fftw_complex *)r->a, PETSC_COMM_WORLD,
                                 FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_OUT);
  r->bwd = fftw_mpi_plan_dft_c2r(2, nf, (fftw_complex *)r->a, r->a, PETSC_COMM_WORLD,
                                 FFTW_ESTIMATE | FFTW_MPI_TRANSPOSED_IN);
  PetscCheck(r->a && r->fwd && r->bwd, PETSC_COMM_SELF, PETSC_ERR_LIB, "no FFTW-MPI plan for the reference");
  PetscFunctionReturn(0);
}

static void ReferenceDestroy(Reference *r)
{
  fftw_destroy_plan(r->fwd);
  fftw_destroy_plan(r->bwd);
  fftw_free(r->a);
}

/* The number of the grid's own transposes so far on this rank. */
static PetscErrorCode Transposes(PetscInt *count)
{
  PetscLogEvent      event;
  PetscEventPerfInfo info;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventGetId("MckGridTranspose", &event));
  PetscCall(PetscLogEventGetPerfInfo(PETSC_DETERMINE, event, &info));
  *count = info.count;
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckSize(PetscInt nx, PetscInt ny)
{
  const PetscInt n[2] = {nx, ny}, nh = nx / 2 + 1;
  MckGrid        g;
  Reference      ref;
  PetscReal     *work, *hat, *data;
  PetscInt       rnx, stride, nrows, nmodes, t0, t1;
  PetscBool      same = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, &g));
  PetscCall(MckGridSetSizes(g, 2, n));
  PetscCall(MckGridSetFromOptions(g)); /* -grid_transpose */
  PetscCall(MckGridSetUp(g));
  PetscCall(ReferenceCreate(nx, ny, &ref));
  PetscCall(MckGridGetRealWork(g, &work, &rnx, &stride, &nrows));
  Expect((PetscBool)(rnx == nx && stride == 2 * nh && nrows == ref.ln0), "the work array has FFTW's real layout", nx,
         ny);
  for (PetscInt i = 0; i < nrows; i++)
    for (PetscInt x = 0; x < nx; x++) work[i * stride + x] = ref.a[i * 2 * nh + x] = Value(x, ref.l0 + i);

  PetscCall(Transposes(&t0));
  PetscCall(MckGridForwardWork(g, &hat));
  PetscCall(Transposes(&t1));
  Expect((PetscBool)(t1 - t0 == (own_transposes ? 1 : 0)),
         own_transposes ? "one transpose a transform" : "FFTW-MPI's plans, not the grid's transpose", nx, ny);
  fftw_execute(ref.fwd);
  PetscCall(MckGridGetLocalModes(g, &nmodes, NULL));
  Expect((PetscBool)(nmodes == ref.ln1 * ny), "the spectrum has FFTW's transposed layout", nx, ny);
  Expect((PetscBool)!memcmp(hat, ref.a, sizeof(double) * 2 * (size_t)(ref.ln1 * ny)), "forward: FFTW-MPI's bits", nx,
         ny);

  PetscCall(MckGridBackwardWork(g, &data));
  fftw_execute(ref.bwd);
  for (PetscInt i = 0; i < nrows; i++)
    if (memcmp(data + i * stride, ref.a + i * 2 * nh, sizeof(double) * (size_t)nx)) same = PETSC_FALSE;
  Expect(same, "backward: FFTW-MPI's bits", nx, ny);

  ReferenceDestroy(&ref);
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

/* The FFT buffers of an n x n grid on this rank (complex numbers): FFTW's work array and saved
 * spectrum, and with the grid's own transposes their send and receive buffers. */
static PetscLogDouble FFTBuffers(PetscInt n)
{
  ptrdiff_t ln0, l0, ln1, l1,
      alloc              = fftw_mpi_local_size_2d_transposed(n, n / 2 + 1, PETSC_COMM_WORLD, &ln0, &l0, &ln1, &l1);
  PetscLogDouble numbers = 2.0 * alloc;

  if (own_transposes) numbers += 2.0 * PetscMax((PetscLogDouble)ln0 * (n / 2 + 1), (PetscLogDouble)ln1 * n);
  return 16.0 * numbers;
}

/* A node limit (MB) just below the FFT buffers of every rank refuses the grid before it allocates. */
static PetscErrorCode CheckMemoryCovers(PetscInt n)
{
  const PetscInt size[2] = {n, n};
  PetscLogDouble mine    = FFTBuffers(n), total;
  MckGrid        g;
  PetscErrorCode ierr;
  char           mb[32];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&mine, &total, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscSNPrintf(mb, sizeof(mb), "%.0f", PetscFloorReal(total / 1048576.0) - 1));
  setenv("SLURM_MEM_PER_NODE", mb, 1);
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, &g));
  PetscCall(MckGridSetSizes(g, 2, size));
  PetscCall(MckGridSetFromOptions(g));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = MckGridSetUp(g);
  PetscCall(PetscPopErrorHandler());
  unsetenv("SLURM_MEM_PER_NODE");
  Expect((PetscBool)(ierr == PETSC_ERR_USER_INPUT), "the memory check covers the grid's FFT buffers", n, n);
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  static const PetscInt sizes[][2] = {{256, 256}, {64, 48}, {48, 64}, {30, 26}, {27, 33}, {100, 96}, {16, 16}, {8, 12}};
  PetscInt              allfails;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscLogDefaultBegin());
  {
    char        name[32] = "";
    PetscBool   set, fftw_plans;
    PetscMPIInt size;
    PetscCall(PetscOptionsGetString(NULL, NULL, "-grid_transpose", name, sizeof(name), &set));
    PetscCall(PetscStrcmp(name, "fftw", &fftw_plans));
    PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
    own_transposes = (PetscBool)(!fftw_plans && size > 1);
  }
  fftw_mpi_init();
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) PetscCall(CheckSize(sizes[k][0], sizes[k][1]));
  PetscCall(CheckMemoryCovers(1024));
  PetscCallMPI(MPI_Allreduce(&fails, &allfails, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "grid.slabfft: %" PetscInt_FMT " checks per rank, %" PetscInt_FMT " failures\n", checks,
                        allfails));
  PetscCall(PetscFinalize());
  return allfails ? 1 : 0;
}
