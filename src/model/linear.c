/* Linear inverse problem G(u) = A u with a fixed dense A (ndata x n):
 *   A_ij = Z_ij (j + 1)^(-decay) / sqrt(n),  Z_ij = normal draw j of stream i (MckRNG, -linear_seed),
 * so each entry is a function of (seed, i, j) only, whatever the member's rank layout. With
 * decay > 0 the columns shrink like j^-decay and the singular values of A decay accordingly
 * (an ill-posed problem whose later parameters the data barely see). The prior N(0, I), A and
 * the noise covariance give the Gaussian posterior in closed form (MckModelGaussianPosterior). */
#include "modelimpl.h"
#include <mckean/mckrng.h>
#include <petscblaslapack.h>

typedef struct {
  PetscInt  n, ndata, seed;
  PetscReal decay;
  Mat       A;
} Linear;

static PetscErrorCode SetFromOptions_Linear(MckModel m, PetscOptionItems *PetscOptionsObject)
{
  Linear *l = (Linear *)m->data;

  PetscFunctionBeginUser;
  PetscCall(MckOptionsInt("-linear_n", "Linear model: number of parameters", l->n, &l->n, NULL));
  PetscCall(MckOptionsInt("-linear_ndata", "Linear model: number of data", l->ndata, &l->ndata, NULL));
  PetscCall(MckOptionsInt("-linear_seed", "Linear model: seed of the random matrix A", l->seed, &l->seed, NULL));
  PetscCall(MckOptionsReal("-linear_decay", "Linear model: column j of A scaled by (j+1)^-decay (singular-value decay)",
                           l->decay, &l->decay, NULL));
  PetscCheck(l->n >= 1, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-linear_n"), l->n);
  PetscCheck(l->ndata >= 1, m->comm, PETSC_ERR_USER_INPUT, "%s %" PetscInt_FMT ": must be at least 1",
             MckOptName("-linear_ndata"), l->ndata);
  PetscCall(McKeanCheckNonNegative(m->comm, MckOptName("-linear_decay"), l->decay));
  PetscFunctionReturn(0);
}

static PetscErrorCode FillMatrix(MckModel m, Linear *l)
{
  MckRNG       rng;
  PetscScalar *a;
  PetscReal  **col;
  PetscInt     rstart, rend, lda;

  PetscFunctionBeginUser;
  PetscCall(MatGetOwnershipRange(l->A, &rstart, &rend));
  PetscCall(MatDenseGetLDA(l->A, &lda));
  PetscCall(MatDenseGetArrayWrite(l->A, &a));
  PetscCall(PetscMalloc1(l->n, &col));
  for (PetscInt j = 0; j < l->n; j++) col[j] = a + j * lda;
  PetscCall(MckRNGCreate(m->comm, &rng));
  PetscCall(MckRNGSetSeed(rng, l->seed));
  PetscCall(MckRNGNormals(rng, rstart, rend - rstart, 0, 0, l->n, col));
  PetscCall(MckRNGDestroy(&rng));
  for (PetscInt j = 0; j < l->n; j++) {
    const PetscReal s = PetscPowReal((PetscReal)(j + 1), -l->decay) / PetscSqrtReal((PetscReal)l->n);
    for (PetscInt i = 0; i < rend - rstart; i++) col[j][i] *= s;
  }
  PetscCall(PetscFree(col));
  PetscCall(MatDenseRestoreArrayWrite(l->A, &a));
  PetscCall(MatAssemblyBegin(l->A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(l->A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_Linear(MckModel m)
{
  Linear *l = (Linear *)m->data;

  PetscFunctionBeginUser;
  m->n     = l->n;
  m->ndata = l->ndata;
  if (m->help) PetscFunctionReturn(0); /* -help: no matrix (ndata x n, sized for the job's nodes) */
  PetscCall(MatCreateDense(m->comm, PETSC_DECIDE, PETSC_DECIDE, l->ndata, l->n, NULL, &l->A));
  PetscCall(FillMatrix(m, l));
  PetscFunctionReturn(0);
}

static PetscErrorCode Forward_Linear(MckModel m, Vec u, Vec g, PetscBool *failed)
{
  PetscFunctionBeginUser;
  PetscCall(MatMult(((Linear *)m->data)->A, u, g));
  *failed = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateStateVec_Linear(MckModel m, Vec *u)
{
  PetscFunctionBeginUser;
  PetscCall(MatCreateVecs(((Linear *)m->data)->A, u, NULL));
  PetscFunctionReturn(0);
}

static PetscErrorCode CreateDataVec_Linear(MckModel m, Vec *g)
{
  PetscFunctionBeginUser;
  PetscCall(MatCreateVecs(((Linear *)m->data)->A, NULL, g));
  PetscFunctionReturn(0);
}

static PetscErrorCode LinearGetMatrix_Linear(MckModel m, Mat *A)
{
  PetscFunctionBeginUser;
  PetscCall(MckModelCheckSetUp(m, "MckModelLinearGetMatrix"));
  *A = ((Linear *)m->data)->A;
  PetscFunctionReturn(0);
}

/*@C
  MckModelLinearGetMatrix - The forward matrix A of the linear model, G(u) = A u.

  Not Collective

  Input Parameter:
. m - a linear model, set up

  Output Parameter:
. A - the ndata x n dense matrix on the model's communicator (owned by the model)

  Level: intermediate

.seealso: `MckModelGaussianPosterior()`, `MckModelForward()`
@*/
PetscErrorCode MckModelLinearGetMatrix(MckModel m, Mat *A)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(m, MCK_MODEL_CLASSID, 1);
  PetscUseMethod(m, "MckModelLinearGetMatrix_C", (MckModel, Mat *), (m, A));
  PetscFunctionReturn(0);
}

/* H = A^T Gamma^-1 A + I and b = A^T Gamma^-1 y from this rank's rows of A, summed over the comm. */
static PetscErrorCode NormalEquations(MckModel m, const PetscReal gamma[], const PetscReal y[], PetscReal H[],
                                      PetscReal b[])
{
  Linear            *l = (Linear *)m->data;
  const PetscScalar *a;
  PetscInt           rstart, rend, lda, n = l->n;

  PetscFunctionBeginUser;
  PetscCall(MatGetOwnershipRange(l->A, &rstart, &rend));
  PetscCall(MatDenseGetLDA(l->A, &lda));
  PetscCall(MatDenseGetArrayRead(l->A, &a));
  PetscCall(PetscArrayzero(H, n * n));
  PetscCall(PetscArrayzero(b, n));
  for (PetscInt i = rstart; i < rend; i++) {
    const PetscScalar *row = a + (i - rstart); /* column-major: A_ij = row[j lda] */
    for (PetscInt j = 0; j < n; j++) {
      b[j] += row[j * lda] * y[i] / gamma[i];
      for (PetscInt k = 0; k < n; k++) H[j * n + k] += row[j * lda] * row[k * lda] / gamma[i];
    }
  }
  PetscCall(MatDenseRestoreArrayRead(l->A, &a));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, H, (PetscMPIInt)(n * n), MPIU_REAL, MPIU_SUM, m->comm));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, b, (PetscMPIInt)n, MPIU_REAL, MPIU_SUM, m->comm));
  for (PetscInt j = 0; j < n; j++) H[j * n + j] += 1.0;
  PetscFunctionReturn(0);
}

/* cov = (A^T Gamma^-1 A + I)^-1 by Cholesky, mean = cov A^T Gamma^-1 y. */
static PetscErrorCode GaussianPosterior_Linear(MckModel m, const PetscReal gamma[], const PetscReal y[],
                                               PetscReal mean[], PetscReal cov[])
{
  PetscInt     n = m->n;
  PetscBLASInt bn, info;
  PetscReal   *b;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscMalloc1(n, &b));
  PetscCall(NormalEquations(m, gamma, y, cov, b));
  /* H is symmetric positive definite (>= I): Cholesky, then its inverse (one triangle) */
  PetscCallBLAS("LAPACKpotrf", LAPACKpotrf_("L", &bn, cov, &bn, &info));
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK potrf: info %d", (int)info);
  PetscCallBLAS("LAPACKpotri", LAPACKpotri_("L", &bn, cov, &bn, &info));
  PetscCheck(!info, PETSC_COMM_SELF, PETSC_ERR_LIB, "LAPACK potri: info %d", (int)info);
  for (PetscInt j = 0; j < n; j++) /* LAPACK's lower triangle is the upper one in row-major */
    for (PetscInt k = 0; k < j; k++) cov[j * n + k] = cov[k * n + j];
  for (PetscInt j = 0; j < n; j++) {
    mean[j] = 0;
    for (PetscInt k = 0; k < n; k++) mean[j] += cov[j * n + k] * b[k];
  }
  PetscCall(PetscFree(b));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_Linear(MckModel m, MckIO io, PetscBool check)
{
  Linear     *l   = (Linear *)m->data;
  PetscObject obj = (PetscObject)m;

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-linear_n"), l->n));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-linear_ndata"), l->ndata));
  PetscCall(MckIOConfigInt(io, check, McKeanOptionName(obj, "-linear_seed"), l->seed));
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName(obj, "-linear_decay"), 1, &l->decay));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_Linear(MckModel m, PetscViewer v)
{
  Linear *l = (Linear *)m->data;
  char    d[32];

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(
      v, "linear G(u) = A u: A %" PetscInt_FMT " x %" PetscInt_FMT " dense, seed %" PetscInt_FMT ", column decay %s\n",
      l->ndata, l->n, l->seed, McKeanFormatReal(l->decay, d, sizeof(d))));
  PetscFunctionReturn(0);
}

static PetscErrorCode Destroy_Linear(MckModel m)
{
  PetscFunctionBeginUser;
  PetscCall(MatDestroy(&((Linear *)m->data)->A));
  PetscCall(PetscFree(m->data));
  PetscCall(PetscObjectComposeFunction((PetscObject)m, "MckModelLinearGetMatrix_C", NULL));
  PetscFunctionReturn(0);
}

PetscErrorCode MckModelCreate_Linear(MckModel m)
{
  Linear *l;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&l));
  l->n                      = 10;
  l->ndata                  = 20;
  l->seed                   = 1;
  m->data                   = l;
  m->kind                   = MCK_MODEL_INVERSE;
  m->ops->setfromoptions    = SetFromOptions_Linear;
  m->ops->setup             = SetUp_Linear;
  m->ops->forward           = Forward_Linear;
  m->ops->createstatevec    = CreateStateVec_Linear;
  m->ops->createdatavec     = CreateDataVec_Linear;
  m->ops->gaussianposterior = GaussianPosterior_Linear;
  m->ops->config            = Config_Linear;
  m->ops->view              = View_Linear;
  m->ops->destroy           = Destroy_Linear;
  PetscCall(PetscObjectComposeFunction((PetscObject)m, "MckModelLinearGetMatrix_C", LinearGetMatrix_Linear));
  PetscFunctionReturn(0);
}
