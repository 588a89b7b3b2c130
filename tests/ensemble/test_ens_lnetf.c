/* The localised NETF's transform is exact: with a localisation radius far beyond the state
 * (Gaspari-Cohn weight 1 - O(1e-16) for every observation) one analysis of J = 12 members of
 * n = 4 components, components 0, 1 and 3 observed, must give
 *  - the importance-weighted mean of the forecast members, m = sum_j w_j x_j with
 *    w_j proportional to exp(-1/2 sum_l (y_l - x_j,idx_l)^2 / r_l), computed here from the members;
 *  - the weighted covariance sum_j w_j (x_j - m)(x_j - m)^T as the analysis sample covariance
 *    with the 1/J normalisation (MckEnsembleGetCovariance's 1/(J - 1) times (J - 1)/J);
 *  - the ESS 1 / sum_j w_j^2 (info.ess, the mean of the equal local ones);
 * all to 1e-10 (relative). And the rotation is mean preserving and orthogonal: a second analysis
 * seed changes the members but neither the mean nor the covariance. One rank (the test reads
 * every member); the rank-count reproducibility of lnetf is part of ensemble.reproducible. */
#include "enstest.h"

#define N    4
#define J    12
#define NOBS 3
static const PetscInt  obs_idx[NOBS] = {0, 1, 3};
static const PetscReal obs_y[NOBS]   = {1.2, 0.4, 2.5};
static const PetscReal obs_r[NOBS]   = {0.6, 0.9, 0.4};

typedef struct {
  PetscReal mean[N], cov[N * N], ess;
} Result;

static PetscErrorCode Members(MckEnsemble ens, PetscReal x[J][N])
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < J; j++) {
    Vec                v;
    const PetscScalar *a;
    PetscCall(MckEnsembleGetMember(ens, j, &v));
    PetscCall(VecGetArrayRead(v, &a));
    for (PetscInt i = 0; i < N; i++) x[j][i] = a[i];
    PetscCall(VecRestoreArrayRead(v, &a));
  }
  PetscFunctionReturn(0);
}

/* The importance-weighted moments of the members (the reference). */
static void Weighted(PetscReal x[J][N], Result *ref)
{
  PetscReal lw[J], w[J], mx = PETSC_MIN_REAL, sum = 0, sq = 0;

  for (PetscInt j = 0; j < J; j++) {
    lw[j] = 0;
    for (PetscInt l = 0; l < NOBS; l++) lw[j] -= 0.5 * PetscSqr(obs_y[l] - x[j][obs_idx[l]]) / obs_r[l];
    mx = PetscMax(mx, lw[j]);
  }
  for (PetscInt j = 0; j < J; j++) sum += (w[j] = PetscExpReal(lw[j] - mx));
  for (PetscInt j = 0; j < J; j++) {
    w[j] /= sum;
    sq += w[j] * w[j];
  }
  ref->ess = 1 / sq;
  for (PetscInt i = 0; i < N; i++) {
    ref->mean[i] = 0;
    for (PetscInt j = 0; j < J; j++) ref->mean[i] += w[j] * x[j][i];
  }
  for (PetscInt i = 0; i < N; i++)
    for (PetscInt k = 0; k < N; k++) {
      ref->cov[i * N + k] = 0;
      for (PetscInt j = 0; j < J; j++)
        ref->cov[i * N + k] += w[j] * (x[j][i] - ref->mean[i]) * (x[j][k] - ref->mean[k]);
    }
}

static PetscErrorCode Analysis(PetscInt seed, Result *ref, Result *got, PetscReal *first)
{
  MckEnsemble     ens;
  MckEnsembleInfo info;
  PetscReal       x[J][N], center[N] = {1.0, 0.0, -1.0, 2.0};
  char            opts[256];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_analysis lnetf -ens_size %d -ens_loc_radius 1e8 -ens_seed %" PetscInt_FMT, J, seed));
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, N, 0));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  PetscCall(Members(ens, x));
  Weighted(x, ref);
  PetscCall(MckEnsembleSetObservations(ens, NOBS, obs_idx, obs_y, obs_r));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetInfo(ens, &info));
  PetscCall(MckEnsembleGetMean(ens, got->mean, NULL, NULL, NULL));
  PetscCall(MckEnsembleGetCovariance(ens, got->cov));
  for (PetscInt i = 0; i < N * N; i++) got->cov[i] *= (J - 1.0) / J;
  got->ess = info.ess;
  PetscCall(Members(ens, x));
  *first = x[0][0];
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

static PetscReal RelativeError(const Result *a, const Result *b)
{
  PetscReal e = PetscAbsReal(a->ess - b->ess) / b->ess, sc = 0;
  for (PetscInt i = 0; i < N * N; i++) sc = PetscMax(sc, PetscAbsReal(b->cov[i]));
  for (PetscInt i = 0; i < N; i++)
    e = PetscMax(e, PetscAbsReal(a->mean[i] - b->mean[i]) / PetscMax(1, PetscAbsReal(b->mean[i])));
  for (PetscInt i = 0; i < N * N; i++) e = PetscMax(e, PetscAbsReal(a->cov[i] - b->cov[i]) / sc);
  return e;
}

int main(int argc, char **argv)
{
  Result      ref, got, ref2, got2;
  PetscReal   e, e2, x0, x0b;
  PetscMPIInt size;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  PetscCheck(size == 1, PETSC_COMM_WORLD, PETSC_ERR_SUP, "one rank: the test reads every member");
  PetscCall(Analysis(3, &ref, &got, &x0));
  e = RelativeError(&got, &ref);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "lnetf (radius 1e8) vs importance weights: ESS %.4f (reference %.4f), largest relative error "
                        "of mean, 1/J covariance and ESS %.2e (tolerance 1e-10)\n",
                        (double)got.ess, (double)ref.ess, (double)e));
  PetscCheck(e < 1e-10, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "the NETF analysis differs from the weighted moments");
  PetscCall(Analysis(4, &ref2, &got2, &x0b)); /* another seed: other members, other rotation */
  e2 = RelativeError(&got2, &ref2);
  PetscCheck(e2 < 1e-10 && x0 != x0b, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "seed 4: error %g", (double)e2);
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "seed 4: largest relative error %.2e\n", (double)e2));
  PetscCall(McKeanFinalize());
  return 0;
}
