/* Helpers shared by the ensemble tests: dense linear algebra on tiny matrices (the reference
 * Kalman filter and Gaussian posterior are computed independently of the ensemble layer) and
 * an ensemble built from options given as a string. */
#pragma once
#include <mckean/mckensemble.h>
#include <mckean/mckmodel.h>

/* X <- A^-1 B for an SPD m x m A (row-major, overwritten), B m x k; Gauss-Jordan, pivoting. */
static inline void EnsTestSolve(PetscInt m, PetscReal A[], PetscInt k, PetscReal B[])
{
  for (PetscInt c = 0; c < m; c++) {
    PetscInt p = c;
    for (PetscInt r = c + 1; r < m; r++)
      if (PetscAbsReal(A[r * m + c]) > PetscAbsReal(A[p * m + c])) p = r;
    for (PetscInt j = 0; j < m; j++) {
      PetscReal t  = A[c * m + j];
      A[c * m + j] = A[p * m + j];
      A[p * m + j] = t;
    }
    for (PetscInt j = 0; j < k; j++) {
      PetscReal t  = B[c * k + j];
      B[c * k + j] = B[p * k + j];
      B[p * k + j] = t;
    }
    const PetscReal d = A[c * m + c];
    for (PetscInt j = 0; j < m; j++) A[c * m + j] /= d;
    for (PetscInt j = 0; j < k; j++) B[c * k + j] /= d;
    for (PetscInt r = 0; r < m; r++) {
      const PetscReal f = A[r * m + c];
      if (r == c || f == 0) continue;
      for (PetscInt j = 0; j < m; j++) A[r * m + j] -= f * A[c * m + j];
      for (PetscInt j = 0; j < k; j++) B[r * k + j] -= f * B[c * k + j];
    }
  }
}

/* C = A B (row-major; A m x k, B k x n). */
static inline void EnsTestMatMult(PetscInt m, PetscInt k, PetscInt n, const PetscReal A[], const PetscReal B[],
                                  PetscReal C[])
{
  for (PetscInt i = 0; i < m; i++)
    for (PetscInt j = 0; j < n; j++) {
      PetscReal s = 0;
      for (PetscInt l = 0; l < k; l++) s += A[i * k + l] * B[l * n + j];
      C[i * n + j] = s;
    }
}

/* A forecast that leaves every member as it is (MckEnsembleSetAdvance): the analysis alone is tested. */
static inline PetscErrorCode EnsTestIdentity(MckEnsemble ens, PetscInt64 member, PetscReal t, PetscInt nsteps, Vec x,
                                             PetscBool *failed, void *ctx)
{
  (void)ens;
  (void)member;
  (void)t;
  (void)nsteps;
  (void)x;
  (void)ctx;
  *failed = PETSC_FALSE;
  return 0;
}

/* The record file of a bitwise rank-count test, named by the last argument: opened on rank 0,
 * NULL on the others (EnsTestRecord writes only where it is open). */
static inline PetscErrorCode EnsTestOpenRecord(int argc, char **argv, FILE **fp)
{
  PetscMPIInt rank;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: %s OUTFILE", argv[0]);
  *fp = NULL;
  if (!rank) {
    *fp = fopen(argv[argc - 1], "w");
    PetscCheck(*fp, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot write %s", argv[argc - 1]);
  }
  PetscFunctionReturn(0);
}

/* One line "what v0 v1 ..." of bit patterns (%a) on the rank that holds fp (others pass NULL):
 * the output of the bitwise rank-count tests. */
static inline PetscErrorCode EnsTestRecord(FILE *fp, const char what[], PetscInt n, const PetscReal v[])
{
  PetscFunctionBeginUser;
  if (fp) {
    fprintf(fp, "%s", what);
    for (PetscInt i = 0; i < n; i++) fprintf(fp, " %a", (double)v[i]);
    fprintf(fp, "\n");
  }
  PetscFunctionReturn(0);
}

/* The memory tests measure PetscMalloc() usage, which PETSc counts only under -malloc_debug. */
static inline PetscErrorCode EnsTestRequireMallocDebug(void)
{
  PetscBool debug;

  PetscFunctionBeginUser;
  PetscCall(PetscMallocGetDebug(&debug, NULL, NULL));
  PetscCheck(debug, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "run with -malloc_debug (PetscMalloc() usage is counted then)");
  PetscFunctionReturn(0);
}

/* Set the options in opts ("-name value -flag ..."), after removing those the previous call
 * set, so that each case of a test sees only its own options. */
static inline PetscErrorCode EnsTestOptions(const char opts[])
{
  static char prev[1024] = "";
  char        buf[1024], *tok, *save;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(buf, prev, sizeof(buf)));
  for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
    if (tok[0] == '-' && ((tok[1] >= 'a' && tok[1] <= 'z') || (tok[1] >= 'A' && tok[1] <= 'Z')))
      PetscCall(PetscOptionsClearValue(NULL, tok));
  PetscCall(PetscStrncpy(prev, opts, sizeof(prev)));
  PetscCall(PetscOptionsInsertString(NULL, opts));
  PetscFunctionReturn(0);
}

/* How a test gives the observations (MckEnsembleSetObservationsAt(), or in parts with
 * MckEnsembleSetObservationsAtLocal() on other ranks than those that evaluate them). */
typedef enum {
  ENS_TEST_REPLICATED, /* the whole list on every rank */
  ENS_TEST_LAST_RANK,  /* the whole list on the last rank, none elsewhere */
  ENS_TEST_REVERSED    /* rank q the (P - 1 - q)-th of P pieces (ties kept in one piece), reversed within it */
} EnsTestGiving;

/* Rank q's piece of the sorted list s[0, nobs) under giving: [*l0, *l1), given from l1 - 1 down
 * to l0 (ENS_TEST_REVERSED) or up. Reversed within a piece, equal coordinates would swap: the
 * piece ends are moved past ties and ties must not be inside a piece given reversed, so the
 * lists given reversed have distinct coordinates (or the piece is given in order). */
static inline void EnsTestPiece(EnsTestGiving giving, PetscMPIInt q, PetscMPIInt P, PetscInt nobs, const PetscReal s[],
                                PetscInt *l0, PetscInt *l1)
{
  PetscInt cut[2];

  if (giving == ENS_TEST_LAST_RANK) {
    *l0 = 0;
    *l1 = q == P - 1 ? nobs : 0;
    return;
  }
  for (PetscInt k = 0; k < 2; k++) { /* piece P - 1 - q, its ends moved past equal coordinates */
    cut[k] = (PetscInt)(((PetscInt64)nobs * (P - 1 - q + k)) / P);
    while (cut[k] > 0 && cut[k] < nobs && s[cut[k]] == s[cut[k] - 1]) cut[k]++;
  }
  *l0 = cut[0];
  *l1 = cut[1];
}

/* The observations s, y, r (nobs, sorted by s) given as giving says. */
static inline PetscErrorCode EnsTestGive(MckEnsemble ens, EnsTestGiving giving, PetscInt nobs, const PetscReal s[],
                                         const PetscReal y[], const PetscReal r[])
{
  PetscReal   ps[128], py[128], pr[128];
  PetscInt    l0, l1, m = 0;
  PetscBool   ties = PETSC_FALSE;
  PetscMPIInt q, P;

  PetscFunctionBeginUser;
  if (giving == ENS_TEST_REPLICATED) {
    PetscCall(MckEnsembleSetObservationsAt(ens, nobs, s, y, r));
    PetscFunctionReturn(0);
  }
  PetscCheck(nobs <= 128, PETSC_COMM_WORLD, PETSC_ERR_ARG_SIZ, "at most 128 observations");
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &q));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &P));
  EnsTestPiece(giving, q, P, nobs, s, &l0, &l1);
  for (PetscInt l = l0 + 1; l < l1; l++) ties = (PetscBool)(ties || s[l] == s[l - 1]);
  for (PetscInt k = 0; k < l1 - l0; k++) {
    const PetscInt l = giving == ENS_TEST_REVERSED && !ties ? l1 - 1 - k : l0 + k;
    ps[m]            = s[l];
    py[m]            = y[l];
    pr[m++]          = r[l];
  }
  PetscCall(MckEnsembleSetObservationsAtLocal(ens, m, ps, py, pr));
  PetscFunctionReturn(0);
}

/* Lorenz-96 (n = 40, J = 12, chunks of 8 components), 5 cycles with nobs <= 128 observations at
 * coordinates s_l, values 2 sin(0.3 l + cycle), and the options opts, given as giving says;
 * every analysis mean is recorded to fp, mean[] (40) receives the last. */
static inline PetscErrorCode EnsTestL96FilterGiven(FILE *fp, const char opts[], EnsTestGiving giving, PetscInt nobs,
                                                   const PetscReal s[], PetscReal mean[])
{
  MckEnsemble ens;
  MckModel    model;
  MPI_Comm    mcomm;
  PetscReal   y[128], r[128], center[40];
  char        all[512];

  PetscFunctionBeginUser;
  PetscCheck(nobs <= 128, PETSC_COMM_WORLD, PETSC_ERR_ARG_SIZ, "at most 128 observations");
  PetscCall(PetscSNPrintf(
      all, sizeof(all),
      "-ens_size 12 -ens_chunk 8 -ens_seed 5 -ens_divergence_ratio 0 -model_type lorenz96 -l96_n 40 %s", opts));
  PetscCall(EnsTestOptions(all));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  PetscCall(MckModelCreate(mcomm, &model));
  PetscCall(MckModelSetFromOptions(model));
  PetscCall(MckModelSetUp(model));
  PetscCall(MckEnsembleSetModel(ens, model));
  PetscCall(MckEnsembleSetUp(ens));
  for (PetscInt i = 0; i < 40; i++) center[i] = 2 + PetscSinReal(i);
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  for (PetscInt k = 0; k < 5; k++) {
    for (PetscInt l = 0; l < nobs; l++) {
      y[l] = 2 * PetscSinReal(0.3 * l + k);
      r[l] = 0.5;
    }
    PetscCall(MckEnsembleForecast(ens, 0.05 * k, 1));
    PetscCall(EnsTestGive(ens, giving, nobs, s, y, r));
    PetscCall(MckEnsembleAnalyze(ens));
    PetscCall(MckEnsembleGetMean(ens, mean, NULL, NULL, NULL));
    PetscCall(EnsTestRecord(fp, opts, 40, mean));
  }
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&model));
  PetscFunctionReturn(0);
}

/* EnsTestL96FilterGiven() with the list given replicated. */
static inline PetscErrorCode EnsTestL96Filter(FILE *fp, const char opts[], PetscInt nobs, const PetscReal s[],
                                              PetscReal mean[])
{
  PetscFunctionBeginUser;
  PetscCall(EnsTestL96FilterGiven(fp, opts, ENS_TEST_REPLICATED, nobs, s, mean));
  PetscFunctionReturn(0);
}

/* Every local member j set to x_j[i] = value(j, i). */
static inline PetscErrorCode EnsTestSetMembers(MckEnsemble ens, PetscReal (*value)(PetscInt j, PetscInt i))
{
  PetscInt64 m0;
  PetscInt   nl;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetLocalMembers(ens, &m0, &nl));
  for (PetscInt jj = 0; jj < nl; jj++) {
    Vec        x;
    PetscInt   lo, hi;
    PetscReal *a;
    PetscCall(MckEnsembleGetMember(ens, m0 + jj, &x));
    PetscCall(VecGetOwnershipRange(x, &lo, &hi));
    PetscCall(VecGetArray(x, &a));
    for (PetscInt i = lo; i < hi; i++) a[i - lo] = value((PetscInt)m0 + jj, i);
    PetscCall(VecRestoreArray(x, &a));
  }
  PetscFunctionReturn(0);
}

/* One analysis of members whose H(x_j) the test knows exactly: y = their mean makes every
 * innovation exactly 0, and H P H^T must be var (the ensemble variance of H(x_j), to 1e-12);
 * what names the case in the messages. */
static inline PetscErrorCode EnsTestExactInnovations(MckEnsemble ens, PetscInt nobs, const PetscReal s[],
                                                     const PetscReal y[], const PetscReal r[], PetscReal var,
                                                     const char what[], PetscReal *hpht)
{
  MckEnsembleInfo info;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleForecast(ens, 0, 0));
  PetscCall(MckEnsembleSetObservationsAt(ens, nobs, s, y, r));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetInfo(ens, &info));
  PetscCheck(info.omf_mean == 0 && info.omf_var == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s: innovation mean %g, mean square %g (exactly 0 expected)", what, (double)info.omf_mean,
             (double)info.omf_var);
  PetscCheck(PetscAbsReal(info.hpht - var) < 1e-12 * var, PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s: H P H^T %.17g, expected %.17g", what, (double)info.hpht, (double)var);
  *hpht = info.hpht;
  PetscFunctionReturn(0);
}
