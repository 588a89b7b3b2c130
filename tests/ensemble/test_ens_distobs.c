/* Observations given distributed (MckEnsembleSetObservationsAtLocal(), src/ensemble/obs/
 * distribute.c), on 1-4 ranks:
 *  - every analysis (etkf, enkf, letkf with the halo exchange and with the all-gather, lnetf,
 *    pf) in the blocks layout, and two each in the replicated (etkf, letkf) and redundant (enkf,
 *    pf) layouts, gives the same bits as with the list given replicated
 *    (MckEnsembleSetObservationsAt()), the whole list given on the last rank or rank q giving
 *    the (P - 1 - q)-th piece of it in reverse order (in turn): Lorenz-96 (n = 40, J = 12, 5
 *    cycles, blocks of 8 components), 77 interp observations at fractional coordinates (several
 *    per block, some equal: ties keep the order of the list) and, for etkf and letkf in blocks,
 *    20 selection observations; the bit patterns of the analysis means go to the output file,
 *    which must be identical on 1, 2, 3 and 4 ranks;
 *  - an error variance that is not positive, or a coordinate outside the state, given on the
 *    last rank only, is an error on every rank (PETSC_ERR_USER_INPUT, resp.
 *    PETSC_ERR_ARG_OUTOFRANGE), not a hang. */
#include "enstest.h"

#define N 40

/* Distributed (as giving says) == replicated for one analysis, layout and list. */
static PetscErrorCode Compare(FILE *fp, const char opts[], EnsTestGiving giving, PetscInt nobs, const PetscReal s[])
{
  PetscReal rep[N], dist[N];

  PetscFunctionBeginUser;
  PetscCall(EnsTestL96FilterGiven(fp, opts, ENS_TEST_REPLICATED, nobs, s, rep));
  PetscCall(EnsTestL96FilterGiven(NULL, opts, giving, nobs, s, dist));
  PetscCheck(!memcmp(rep, dist, sizeof(rep)), PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "%s: the observations given %s differ from the list given replicated", opts,
             giving == ENS_TEST_REVERSED ? "in reversed pieces" : "on the last rank");
  PetscFunctionReturn(0);
}

/* Every analysis in the blocks layout, two in each of the layouts where every rank evaluates
 * every observation (the same path: the observations are gathered on every rank); the two
 * ways of giving them in turn. */
static PetscErrorCode DistributedEqualsReplicated(FILE *fp)
{
  const char *cases[10][2] = {{"etkf", "blocks"},     {"enkf", "blocks"},
                              {"letkf", "blocks"},    {"letkf -ens_loc_exchange allgather", "blocks"},
                              {"lnetf", "blocks"},    {"pf", "blocks"},
                              {"etkf", "replicated"}, {"letkf", "replicated"},
                              {"enkf", "redundant"},  {"pf", "redundant"}};
  PetscReal   whole[N / 2], frac[2 * N - 3];
  char        opts[256];

  PetscFunctionBeginUser;
  for (PetscInt l = 0; l < N / 2; l++) whole[l] = 2 * l;
  for (PetscInt l = 0; l < 2 * N - 3; l++) { /* about two per grid interval, some equal, across the periodic end */
    frac[l] = 0.5 * l + 0.25 * (l % 3) + 2.2;
    if (frac[l] >= N) frac[l] -= N;
  }
  PetscCall(PetscSortReal(2 * N - 3, frac));
  for (PetscInt k = 0; k < 10; k++) {
    const EnsTestGiving giving = k % 2 ? ENS_TEST_REVERSED : ENS_TEST_LAST_RANK;

    PetscCall(PetscSNPrintf(opts, sizeof(opts),
                            "-ens_layout %s -ens_inflation 1.05 -ens_analysis %s -ens_loc_radius 2.3 "
                            "-ens_obs_operator interp",
                            cases[k][1], cases[k][0]));
    PetscCall(Compare(fp, opts, giving, 2 * N - 3, frac));
    if (k != 0 && k != 2) continue; /* the selection: etkf and letkf, blocks, given the other way */
    PetscCall(PetscSNPrintf(opts, sizeof(opts),
                            "-ens_layout %s -ens_inflation 1.05 -ens_analysis %s -ens_loc_radius 2.3", cases[k][1],
                            cases[k][0]));
    PetscCall(Compare(fp, opts, ENS_TEST_REVERSED, N / 2, whole));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "etkf, enkf, letkf (halo, allgather), lnetf, pf in blocks; etkf, letkf "
                                          "replicated; enkf, pf redundant: distributed == replicated, bit for bit\n"));
  PetscFunctionReturn(0);
}

/* A bad observation given on the last rank only: the same error on every rank. */
static PetscErrorCode BadOnLastRank(void)
{
  MckEnsemble    ens;
  PetscReal      center[N], s[4] = {1, 2, 3, 4}, y[4] = {0, 0, 0, 0}, r[4] = {1, 1, 1, 1};
  PetscMPIInt    rank, P;
  PetscErrorCode ierr[2], want[2] = {PETSC_ERR_USER_INPUT, PETSC_ERR_ARG_OUTOFRANGE};
  PetscInt       all[2];

  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &P));
  PetscCall(EnsTestOptions("-ens_size 4 -ens_chunk 8 -ens_layout blocks -ens_divergence_ratio 0 -ens_analysis etkf"));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleSetSizes(ens, N, 0));
  PetscCall(MckEnsembleSetAdvance(ens, EnsTestIdentity, NULL));
  PetscCall(MckEnsembleSetUp(ens));
  for (PetscInt i = 0; i < N; i++) center[i] = i;
  PetscCall(MckEnsembleInitializeMembers(ens, center, 1.0));
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  if (rank == P - 1) r[2] = -1; /* observation 4 (P - 1) + 2 of the list */
  ierr[0] = MckEnsembleSetObservationsAtLocal(ens, 4, s, y, r);
  r[2]    = 1;
  if (rank == P - 1) s[3] = N; /* outside */
  ierr[1] = MckEnsembleSetObservationsAtLocal(ens, 4, s, y, r);
  PetscCall(PetscPopErrorHandler());
  for (PetscInt k = 0; k < 2; k++) all[k] = ierr[k] == want[k];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, all, 2, MPIU_INT, MPI_MIN, PETSC_COMM_WORLD));
  PetscCheck(all[0] && all[1], PETSC_COMM_WORLD, PETSC_ERR_PLIB,
             "a bad observation on the last rank: not the same error on every rank (%d, %d here)", (int)ierr[0],
             (int)ierr[1]);
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(
      PetscPrintf(PETSC_COMM_WORLD, "a bad variance or coordinate given on the last rank: an error on every rank\n"));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  FILE       *fp = NULL;
  PetscMPIInt rank;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCheck(argc >= 2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "usage: test_ens_distobs OUTFILE");
  if (!rank) fp = fopen(argv[argc - 1], "w");
  PetscCall(DistributedEqualsReplicated(fp));
  PetscCall(BadOnLastRank());
  if (fp) fclose(fp);
  PetscCall(McKeanFinalize());
  return 0;
}
