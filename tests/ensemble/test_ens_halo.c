/* The observation halos of the local analyses (src/ensemble/analysis/localobs.c), on 1-4 ranks:
 *  - letkf and lnetf with the halo exchange give the same bits as with the all-gather
 *    (-ens_loc_exchange allgather), for the selection and for interp at real coordinates, on
 *    Lorenz-96 (n = 40, J = 12, 5 cycles, blocks of 8 components) with radii whose halo reaches the neighbouring
 *    block only (c = 1.3: R = floor(2c) + 1 = 3), several blocks (c = 6.2: R = 13 anchors on
 *    either side of a block of 8) and the whole ring (c = 9.4: 8 + 2R >= 40, the window is every
 *    observation); 2c is not an integer, so the outermost anchors of a halo carry weight; the
 *    bit patterns of the analysis means go to the output file, which must be identical on 1, 2,
 *    3 and 4 ranks;
 *  - the bytes per analysis of MckEnsembleGetExchangeBytes() equal the count of the halo's
 *    observations owned elsewhere: with every component of n = 400 observed (blocks of 64-
 *    component chunks, c = 2, so R = floor(2c) + 1 = 5), each of the P ranks receives the 2R
 *    observations beside its block, J values each: halo = P 2R J sizeof(PetscReal), all-gather
 *    = (P - 1) n J sizeof(PetscReal), halo < all-gather from P = 2 on (both 0 on one rank), and
 *    the analysis at n = 400 is again the same bits either way. */
#include "enstest.h"

#define N 40

/* halo == allgather, bit for bit, for each analysis, operator and radius. */
static PetscErrorCode HaloEqualsAllgather(FILE *fp)
{
  const char *analyses[2] = {"letkf", "lnetf"}, *radii[3] = {"1.3", "6.2", "9.4"};
  PetscReal   whole[N / 2], frac[2 * N - 3], halo[N], all[N];
  char        opts[256];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < N / 2; l++) whole[l] = 2 * l;
  for (PetscInt l = 0; l < 2 * N - 3; l++) { /* about two per grid interval, the last ones across the periodic end */
    frac[l] = 0.5 * l + 0.25 * (l % 3) + 2.2;
    if (frac[l] >= N) frac[l] -= N;
  }
  PetscCall(PetscSortReal(2 * N - 3, frac));
  for (PetscInt a = 0; a < 2; a++)
    for (PetscInt op = 0; op < 2; op++)
      for (PetscInt c = 0; c < 3; c++) {
        const PetscInt   nobs = op ? 2 * N - 3 : N / 2;
        const PetscReal *s    = op ? frac : whole;
        PetscCall(PetscSNPrintf(
            opts, sizeof(opts),
            "-ens_layout blocks -ens_inflation 1.05 -ens_analysis %s -ens_obs_operator %s -ens_loc_radius %s",
            analyses[a], op ? "interp" : "selection", radii[c]));
        PetscCall(EnsTestL96Filter(fp, opts, nobs, s, halo));
        PetscCall(PetscSNPrintf(
            opts, sizeof(opts),
            "-ens_layout blocks -ens_inflation 1.05 -ens_analysis %s -ens_obs_operator %s -ens_loc_radius %s "
            "-ens_loc_exchange allgather",
            analyses[a], op ? "interp" : "selection", radii[c]));
        PetscCall(EnsTestL96Filter(NULL, opts, nobs, s, all));
        PetscCheck(!memcmp(halo, all, sizeof(halo)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
                   "%s %s, radius %s: the halo exchange differs from the all-gather", analyses[a],
                   op ? "interp" : "selection", radii[c]);
      }
  PetscCall(PetscPrintf(
      PETSC_COMM_WORLD,
      "letkf, lnetf x selection, interp x radius 1.3, 6.2, 9.4: halo exchange == all-gather, bit for bit\n"));
  PetscFunctionReturn(0);
}

/* n = 400, every component observed, one letkf analysis; its bytes and mean. */
static PetscErrorCode LargeAnalysis(const char exchange[], PetscInt64 bytes[2], PetscReal mean[])
{
  const PetscInt n = 400;
  MckEnsemble    ens;
  PetscReal      center[400], s[400], y[400], r[400];
  char           opts[256];

  PetscFunctionBeginUser;
  PetscCall(PetscSNPrintf(opts, sizeof(opts),
                          "-ens_size 8 -ens_layout blocks -ens_seed 3 -ens_divergence_ratio 0 -ens_analysis letkf "
                          "-ens_loc_radius 2 -ens_loc_exchange %s",
                          exchange));
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, n, 0));
  PetscCall(MckEnsembleSetAdvance(ens, EnsTestIdentity, NULL));
  PetscCall(MckEnsembleSetUp(ens));
  for (PetscInt i = 0; i < n; i++) {
    center[i] = PetscSinReal(0.1 * i);
    s[i]      = i;
    y[i]      = PetscCosReal(0.07 * i);
    r[i]      = 0.3;
  }
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  PetscCall(MckEnsembleForecast(ens, 0, 0));
  PetscCall(MckEnsembleSetObservationsAt(ens, n, s, y, r));
  PetscCall(MckEnsembleGetExchangeBytes(ens, &bytes[0], &bytes[1]));
  PetscCall(MckEnsembleAnalyze(ens));
  PetscCall(MckEnsembleGetMean(ens, mean, NULL, NULL, NULL));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscFunctionReturn(0);
}

/* The byte counts against the formula, and the n = 400 analysis the same bits either way. */
static PetscErrorCode Bytes(FILE *fp)
{
  const PetscInt64 J = 8, n = 400, R = 5, real = sizeof(PetscReal);
  PetscInt64       halo[2], all[2], want_halo, want_all;
  PetscReal        mh[400], ma[400];
  PetscMPIInt      P;

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &P));
  PetscCall(LargeAnalysis("halo", halo, mh));
  PetscCall(LargeAnalysis("allgather", all, ma));
  want_halo = P > 1 ? P * 2 * R * J * real : 0; /* 400 components in 64-chunks: every block has > R */
  want_all  = (P - 1) * n * J * real;
  PetscCheck(halo[0] == want_halo && halo[1] == want_all && all[0] == halo[0] && all[1] == halo[1], PETSC_COMM_WORLD,
             PETSC_ERR_PLIB,
             "exchange bytes: halo %" PetscInt64_FMT " (expected %" PetscInt64_FMT "), all-gather %" PetscInt64_FMT
             " (expected %" PetscInt64_FMT "); with -ens_loc_exchange allgather %" PetscInt64_FMT ", %" PetscInt64_FMT,
             halo[0], want_halo, halo[1], want_all, all[0], all[1]);
  PetscCheck(P == 1 || halo[0] < halo[1], PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "the halo moves no less than the all-gather");
  PetscCheck(!memcmp(mh, ma, sizeof(mh)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "n = 400: the halo exchange differs from the all-gather");
  PetscCall(EnsTestRecord(fp, "letkf n = 400", 400, mh));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "n = 400, c = 2, J = 8 on %d rank(s): %" PetscInt64_FMT
                        " bytes per analysis by halo exchange, %" PetscInt64_FMT
                        " by all-gather (= P 2R J 8 and (P - 1) n J 8); the same bits\n",
                        P, halo[0], halo[1]));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE *fp;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestOpenRecord(argc, argv, &fp));
  PetscCall(HaloEqualsAllgather(fp));
  PetscCall(Bytes(fp));
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
