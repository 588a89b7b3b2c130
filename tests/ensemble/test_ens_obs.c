/* Observation operators (src/ensemble/obs/), on 1-4 ranks with the analysis layout cut into
 * blocks of 8 components, so that interpolation stencils cross blocks (the one-point halo):
 *  - interp is exact on members linear between grid points: members x_j[i] = a_j + b_j i with
 *    dyadic a_j, b_j and 159 observations at s = 0.25, 0.5, .., 39.75 (three between each pair
 *    of grid points: more observations than components; the last three between the last and
 *    the first component of the periodic state), observed values y = mean_j H(x_j) computed
 *    here (exact in floating point): every innovation y - mean_j H(x_j) of the analysis is
 *    exactly 0, so the innovation mean and mean square are exactly 0, and H P H^T equals the
 *    ensemble variance of a_j + b_j s computed here (to 1e-12);
 *  - interp at integer coordinates (f = 0) is the selection, bit for bit, through the analysis
 *    (etkf and letkf on Lorenz-96);
 *  - abs, square and a user operator (x^3, registered here) give |x|, x^2, x^3 of a state, and
 *    an analysis with each of them is recorded;
 *  - the bit patterns of every analysis mean go to the output file, which must be identical on
 *    1, 2, 3 and 4 ranks (interp at fractional coordinates with etkf and letkf included). */
#include "enstest.h"

#define N 40
#define J 4
#define M (4 * N - 1) /* interp observations at s = 0.25, 0.5, .., 39.75 */

static PetscErrorCode Cube(PetscInt nobs, const PetscReal coord[], const PetscReal *const x[], PetscReal hx[],
                           void *ctx)
{
  (void)coord;
  (void)ctx;
  for (PetscInt l = 0; l < nobs; l++) hx[l] = x[0][l] * x[0][l] * x[0][l];
  return 0;
}

/* An ensemble of N components whose members do not move (the identity as the forecast). */
static PetscErrorCode StillEnsemble(const char opts[], MckEnsemble *ens)
{
  PetscFunctionBeginUser;
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, ens));
  PetscCall(MckEnsembleSetFromOptions(*ens));
  PetscCall(MckEnsembleSetSizes(*ens, N, 0));
  PetscCall(MckEnsembleSetAdvance(*ens, EnsTestIdentity, NULL));
  PetscCall(MckEnsembleSetUp(*ens));
  PetscFunctionReturn(0);
}

static PetscReal A(PetscInt j) { return (PetscReal)j; }
static PetscReal B(PetscInt j) { return 0.5 + 0.25 * j; }
static PetscReal Linear(PetscInt j, PetscInt i) { return A(j) + B(j) * i; }

/* Members linear between grid points; interp observations with exact values: zero innovations. */
static PetscErrorCode InterpExact(void)
{
  MckEnsemble ens;
  PetscReal   s[M], y[M], r[M], var = 0, hpht = 0;

  PetscFunctionBeginUser;
  PetscCall(
      StillEnsemble("-ens_size 4 -ens_chunk 8 -ens_layout blocks -ens_analysis etkf -ens_obs_operator interp", &ens));
  PetscCall(EnsTestSetMembers(ens, Linear));
  for (PetscInt l = 0; l < M; l++) {
    PetscReal mean = 0, sq = 0;
    s[l] = 0.25 * (l + 1); /* three between each pair of grid points (more observations than components) */
    r[l] = 1;
    for (PetscInt j = 0; j < J; j++) { /* the exact interpolant; across the end: between x[39] and x[0] */
      const PetscReal f = s[l] - (N - 1),
                      h = s[l] < N - 1 ? A(j) + B(j) * s[l] : (1 - f) * (A(j) + B(j) * (N - 1)) + f * A(j);
      mean += h / J;
      sq += h * h;
    }
    y[l] = mean;
    var += (sq - J * mean * mean) / (J - 1) / M;
  }
  PetscCall(EnsTestExactInnovations(ens, M, s, y, r, var, "interp on linear members", &hpht));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "interp exact on linear members (halo across blocks and the periodic end): innovations 0, "
                        "HPH^T %.6g\n",
                        (double)hpht));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* interp at integer coordinates == selection, bit for bit; the other operators recorded. */
static PetscErrorCode Operators(FILE *fp)
{
  const char *analyses[2] = {"-ens_analysis etkf -ens_inflation 1.1", "-ens_analysis letkf -ens_loc_radius 3"};
  PetscReal   whole[N / 2], frac[N / 2], sel[N], itp[N], other[N];
  char        opts[256];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < N / 2; l++) {
    whole[l] = 2 * l;
    frac[l]  = 2 * l + 0.5 + 0.25 * (l % 3) + 1.0; /* 1.5 .. 40.0: the last wraps */
    if (frac[l] >= N) frac[l] -= N;
  }
  PetscCall(PetscSortReal(N / 2, frac));
  for (PetscInt a = 0; a < 2; a++) {
    PetscCall(PetscSNPrintf(opts, sizeof(opts), "%s -ens_obs_operator selection", analyses[a]));
    PetscCall(EnsTestL96Filter(fp, opts, N / 2, whole, sel));
    PetscCall(PetscSNPrintf(opts, sizeof(opts), "%s -ens_obs_operator interp", analyses[a]));
    PetscCall(EnsTestL96Filter(NULL, opts, N / 2, whole, itp));
    PetscCheck(!memcmp(sel, itp, sizeof(sel)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
               "%s: interp at integer coordinates differs from the selection", analyses[a]);
    PetscCall(EnsTestL96Filter(fp, opts, N / 2, frac, other));
    for (PetscInt i = 0; i < N; i++)
      PetscCheck(PetscIsNormalReal(other[i]), PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s interp: non-finite mean", opts);
    PetscCall(
        PetscPrintf(PETSC_COMM_WORLD, "%s: interp at integer coordinates == selection, bit for bit\n", analyses[a]));
  }
  PetscCall(EnsTestL96Filter(fp, "-ens_analysis etkf -ens_obs_operator abs", N / 2, whole, other));
  PetscCall(EnsTestL96Filter(fp, "-ens_analysis enkf -ens_obs_operator square", N / 2, whole, other));
  PetscCall(EnsTestL96Filter(fp, "-ens_analysis etkf -ens_obs_operator cube", N / 2, whole, other));
  PetscFunctionReturn(0);
}

/* |x|, x^2 and the user's x^3 of a whole state. */
static PetscErrorCode Pointwise(void)
{
  const char *names[3] = {MCKOBS_ABS, MCKOBS_SQUARE, "cube"};
  MckEnsemble ens;
  PetscReal   x[N], s[3] = {0, 17, 39.5}, hx[3];

  PetscFunctionBeginUser;
  PetscCall(StillEnsemble("-ens_size 4", &ens));
  for (PetscInt i = 0; i < N; i++) x[i] = 0.5 * i - 7;
  for (PetscInt k = 0; k < 3; k++) {
    PetscCall(MckEnsembleSetObsOperator(ens, names[k]));
    PetscCall(MckEnsembleApplyObsOperator(ens, x, 3, s, hx));
    for (PetscInt l = 0; l < 3; l++) {
      const PetscReal v = x[(PetscInt)s[l]], want = k == 0 ? PetscAbsReal(v) : k == 1 ? v * v : v * v * v;
      PetscCheck(hx[l] == want, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%s at %g: %g, expected %g", names[k], (double)s[l],
                 (double)hx[l], (double)want);
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "abs, square and the registered cube evaluate |x|, x^2, x^3\n"));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE *fp;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCall(MckEnsembleRegisterObsOperator("cube", 1, Cube, NULL));
  PetscCall(InterpExact());
  PetscCall(Pointwise());
  PetscCall(Operators(fp));
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
