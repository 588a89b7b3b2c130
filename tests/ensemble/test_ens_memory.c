/* Wrapped members hold no arrays of their own. Where every rank holds its members whole and all
 * their components in the analysis layout (one rank; replicated and redundant layouts), the member
 * Vecs work on their rows of the analysis storage, so setting up the ensemble allocates the J x n
 * storage and its J x n scratch (two copies of the members) and O(n + J^2) besides: measured as
 * the growth of this rank's PetscMalloc() usage across MckEnsembleSetUp() (run with -malloc_debug,
 * which counts it), the test requires at most 2.5 copies where Vecs with arrays of their own (or
 * move buffers the wrapped members never use) would add at least one more. The bound is exact
 * arithmetic of allocation sizes, not a statistical one.
 *
 * Cases: Lorenz-96 (the model's DMDA Vecs), Allen-Cahn on a 2D DMDA, and callbacks (a standard
 * Vec on the member communicator), in each wrapped layout the rank count allows. Every wrapped
 * member keeps what VecDuplicate() gives a model's Vec: its type, block size, sizes and DM (and
 * its duplicate is again a Vec of that DM). On 2 or more ranks the blocks layout, whose members
 * keep their own arrays, checks that the measurement sees them: its growth is at least the
 * rank's members plus its storage block and scratch. */
#include "enstest.h"
#include <petscdm.h>

#define NCOPY_MAX 2.5

typedef struct {
  const char *name, *opts;
  const char *size_opt; /* the model's size option (a format of one int), or NULL: callbacks of n = size */
  PetscInt    size[2];  /* two values of the size, the second giving twice the components */
  PetscInt    J;
  PetscBool   ranks; /* run on 2 or more ranks only (on one rank every layout wraps) */
} Case;

/* Member Vecs laid out as the model's own (the wrapped ones are not VecDuplicate()s of it). */
static PetscErrorCode CheckLikeModel(MckEnsemble ens, MckModel model, const char name[])
{
  Vec        proto, x, dup;
  VecType    tp, tx;
  DM         dp, dx, dd;
  PetscInt   bp, bx, np, nx;
  PetscInt64 m0;
  PetscInt   nl;
  PetscBool  same;

  PetscFunctionBeginUser;
  PetscCall(MckEnsembleGetLocalMembers(ens, &m0, &nl));
  if (!nl) PetscFunctionReturn(0);
  PetscCall(MckModelCreateStateVec(model, &proto));
  PetscCall(MckEnsembleGetMember(ens, m0 + nl - 1, &x));
  PetscCall(VecGetType(proto, &tp));
  PetscCall(VecGetType(x, &tx));
  PetscCall(PetscStrcmp(tp, tx, &same));
  PetscCheck(same, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s: member Vec of type %s, the model's %s", name, tx, tp);
  PetscCall(VecGetBlockSize(proto, &bp));
  PetscCall(VecGetBlockSize(x, &bx));
  PetscCall(VecGetLocalSize(proto, &np));
  PetscCall(VecGetLocalSize(x, &nx));
  PetscCheck(bp == bx && np == nx, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "%s: member block size %" PetscInt_FMT ", local size %" PetscInt_FMT "; the model's %" PetscInt_FMT
             ", %" PetscInt_FMT,
             name, bx, nx, bp, np);
  PetscCall(VecGetDM(proto, &dp));
  PetscCall(VecGetDM(x, &dx));
  PetscCheck(dp == dx, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s: the member Vec lost the model's DM", name);
  PetscCall(VecDuplicate(x, &dup));
  PetscCall(VecGetDM(dup, &dd));
  PetscCheck(dd == dp, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%s: a duplicate of a member lost the model's DM", name);
  PetscCall(VecDestroy(&dup));
  PetscCall(VecDestroy(&proto));
  PetscFunctionReturn(0);
}

/* This rank's PetscMalloc() growth across MckEnsembleSetUp() (bytes) for the case at size k;
 * its J and n, whether the members are wrapped (every rank holds them whole) and the part of
 * the J members this rank holds (nlocal / J). */
static PetscErrorCode Grow(const Case *c, PetscInt k, PetscLogDouble *bytes, PetscInt *J, PetscInt *n,
                           PetscBool *wrapped, PetscReal *own)
{
  MckEnsemble    ens;
  MckModel       model = NULL;
  MPI_Comm       mcomm;
  PetscLogDouble before, after;
  PetscInt       nd, nlocal;
  PetscInt64     m0;
  PetscMPIInt    size;
  char           opts[256], size_opt[64] = "", layout[32];

  PetscFunctionBeginUser;
  if (c->size_opt) PetscCall(PetscSNPrintf(size_opt, sizeof(size_opt), c->size_opt, c->size[k]));
  PetscCall(PetscSNPrintf(opts, sizeof(opts), "-ens_size %d %s %s", (int)c->J, c->opts, size_opt));
  PetscCall(EnsTestOptions(opts));
  PetscCall(MckEnsembleCreate(PETSC_COMM_WORLD, &ens));
  PetscCall(MckEnsembleSetFromOptions(ens));
  PetscCall(MckEnsembleGetMemberComm(ens, &mcomm));
  if (c->size_opt) {
    PetscCall(MckModelCreate(mcomm, &model));
    PetscCall(MckModelSetFromOptions(model));
    PetscCall(MckModelSetUp(model));
    PetscCall(MckEnsembleSetModel(ens, model));
  } else {
    PetscCall(MckEnsembleSetSizes(ens, c->size[k], 0));
    PetscCall(MckEnsembleSetAdvance(ens, EnsTestIdentity, NULL));
  }
  PetscCall(PetscMallocGetCurrentUsage(&before));
  PetscCall(MckEnsembleSetUp(ens));
  PetscCall(PetscMallocGetCurrentUsage(&after));
  *bytes = after - before;
  PetscCall(MckEnsembleGetSizes(ens, J, n, &nd));
  PetscCall(MckEnsembleGetLocalMembers(ens, &m0, &nlocal));
  PetscCall(MckEnsembleGetLayout(ens, layout, sizeof(layout)));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  *wrapped = (PetscBool)(size == 1 || strcmp(layout, "blocks"));
  *own     = (PetscReal)nlocal / *J;
  if (model) PetscCall(CheckLikeModel(ens, model, c->name));
  PetscCall(MckEnsembleDestroy(&ens));
  PetscCall(MckModelDestroy(&model));
  PetscFunctionReturn(0);
}

/* The growth per state component, in copies of the members (J reals): the slope between the two
 * sizes, so that what does not grow with n (J x J work, the grid) drops out. */
static PetscErrorCode RunCase(const Case *c)
{
  PetscLogDouble bytes[2];
  PetscInt       J       = 0, n[2];
  PetscBool      wrapped = PETSC_FALSE;
  PetscReal      own     = 0, copies;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < 2; k++) PetscCall(Grow(c, k, &bytes[k], &J, &n[k], &wrapped, &own));
  copies = (PetscReal)((bytes[1] - bytes[0]) / ((PetscLogDouble)J * (n[1] - n[0]) * sizeof(PetscReal)));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "%-22s J %2" PetscInt_FMT " n %5" PetscInt_FMT " to %5" PetscInt_FMT
                        ": set-up allocates %.3f copies of the members per component (rank 0)\n",
                        c->name, J, n[0], n[1], (double)copies));
  if (wrapped)
    PetscCheck(copies >= 2 && copies <= NCOPY_MAX, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "%s: set-up allocated %.3f copies of the members (the storage and its scratch are 2, at most %g "
               "allowed): wrapped members must not allocate arrays or buffers of their own",
               c->name, (double)copies, (double)NCOPY_MAX);
  else /* the rank's members with arrays of their own, besides its block of the storage */
    PetscCheck(copies >= own, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "%s: set-up allocated %.3f copies, less than the rank's members with arrays of their own (%.3f)",
               c->name, (double)copies, (double)own);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  /* J n <= 2^16 for the redundant layout (its limit) */
  const Case cases[] = {
      {"lorenz96 replicated",
       "-ens_layout replicated -model_type lorenz96",
       "-l96_n %d",
       {8192, 16384},
       32,
       PETSC_FALSE},
      {"lorenz96 redundant", "-ens_layout redundant -model_type lorenz96", "-l96_n %d", {1024, 2048}, 32, PETSC_FALSE},
      {"allen_cahn replicated",
       "-ens_layout replicated -model_type allen_cahn -ac_length 64",
       "-ac_n 64,%d",
       {64, 128},
       32,
       PETSC_FALSE},
      {"callbacks replicated", "-ens_layout replicated", NULL, {8192, 16384}, 32, PETSC_FALSE},
      {"lorenz96 blocks", "-ens_layout blocks -model_type lorenz96", "-l96_n %d", {8192, 16384}, 32, PETSC_TRUE},
  };
  PetscMPIInt size;

  PetscFunctionBeginUser;
  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(EnsTestRequireMallocDebug());
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
    if (size > 1 || !cases[k].ranks) PetscCall(RunCase(&cases[k]));
  PetscCall(McKeanFinalize());
  return 0;
}
