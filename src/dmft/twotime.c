/* The two-time summary statistic: C_x(t, t') = <x(t) x(t')> and C_phi(t, t') over a population
 * of paths (single sites or neurons). Each chunk of paths contributes its Gram matrices (one
 * SYRK each, a function of the chunk's global ids only) packed to their upper triangles,
 * T(T+1)/2 components each, to ONE MckStats reduction: the result is bitwise identical on any
 * rank count. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

PetscInt MckDMFTPackedSize(PetscInt T) { return T * (T + 1) / 2; }

/* packed[j (j+1)/2 + i] = full[i + j T], i <= j (upper triangle, column by column) */
void MckDMFTPack(PetscInt T, const PetscReal full[], PetscReal packed[])
{
  for (PetscInt j = 0; j < T; j++)
    for (PetscInt i = 0; i <= j; i++) packed[j * (j + 1) / 2 + i] = full[i + (size_t)j * T];
}

void MckDMFTUnpack(PetscInt T, const PetscReal packed[], PetscReal full[])
{
  for (PetscInt j = 0; j < T; j++)
    for (PetscInt i = 0; i <= j; i++) full[i + (size_t)j * T] = full[j + (size_t)i * T] = packed[j * (j + 1) / 2 + i];
}

PetscInt MckSCSBurnInSteps(MckSCS s) { return (PetscInt)PetscCeilReal(s->burn_in / s->dt - 1e-9); }

PetscErrorCode MckSCSTwoTimeSetUp(MckSCS s, PetscInt64 N, PetscInt B, MckSCSTwoTime *tt)
{
  const PetscInt P = MckDMFTPackedSize(s->T);

  PetscFunctionBeginUser;
  tt->B = B;
  PetscCall(MckStatsChunkOwnership(s->comm, N, B, &tt->gstart, &tt->nlocal, &tt->nchunks));
  PetscCall(MckStatsCreate(s->comm, &tt->stats));
  PetscCall(MckStatsRegister(tt->stats, "C_x", P, &tt->off_x));
  PetscCall(MckStatsRegister(tt->stats, "C_phi", P, &tt->off_phi));
  PetscCall(MckStatsSetUp(tt->stats));
  PetscCall(MckStatsCreate(s->comm, &tt->stats_phi));
  PetscCall(MckStatsRegister(tt->stats_phi, "C_phi", P, NULL));
  PetscCall(MckStatsSetUp(tt->stats_phi));
  PetscCall(PetscMalloc2((size_t)s->T * s->T, &tt->gram, P, &tt->packed));
  PetscCall(PetscMalloc1((size_t)PetscMax((PetscInt64)s->T, N), &tt->cols)); /* column pointers for MckRNGNormals */
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSTwoTimeDestroy(MckSCSTwoTime *tt)
{
  PetscFunctionBeginUser;
  PetscCall(MckStatsDestroy(&tt->stats));
  PetscCall(MckStatsDestroy(&tt->stats_phi));
  PetscCall(PetscFree2(tt->gram, tt->packed));
  PetscCall(PetscFree(tt->cols));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSTwoTimeZero(MckSCSTwoTime *tt, PetscBool with_x)
{
  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(with_x ? tt->stats : tt->stats_phi));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddGram(MckSCS s, MckSCSTwoTime *tt, MckStats stats, PetscInt n, PetscInt ld, const PetscReal Y[],
                              PetscReal scale, PetscInt offset)
{
  PetscBLASInt bT, bn, bld;
  PetscReal    zero = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(s->T, &bT));
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscBLASIntCast(ld, &bld));
  PetscCallBLAS("BLASsyrk", BLASsyrk_("U", "T", &bT, &bn, &scale, Y, &bld, &zero, tt->gram, &bT));
  PetscCall(PetscLogFlops((PetscLogDouble)n * s->T * (s->T + 1)));
  MckDMFTPack(s->T, tt->gram, tt->packed);
  PetscCall(MckStatsAdd(stats, offset, MckDMFTPackedSize(s->T), tt->packed));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSTwoTimeAccumulate(MckSCS s, MckSCSTwoTime *tt, PetscBool with_x, PetscInt n, PetscInt ld,
                                       const PetscReal X[], const PetscReal Phi[], PetscInt64 N)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTAccumulate, 0, 0, 0, 0));
  if (with_x) {
    PetscCall(AddGram(s, tt, tt->stats, n, ld, X, 1.0 / (PetscReal)N, tt->off_x));
    PetscCall(AddGram(s, tt, tt->stats, n, ld, Phi, 1.0 / (PetscReal)N, tt->off_phi));
  } else PetscCall(AddGram(s, tt, tt->stats_phi, n, ld, Phi, 1.0 / (PetscReal)N, 0));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTAccumulate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSTwoTimeReduce(MckSCS s, MckSCSTwoTime *tt, PetscBool with_x)
{
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTReduce, 0, 0, 0, 0));
  PetscCall(MckStatsReduce(with_x ? tt->stats : tt->stats_phi));
  PetscCall(MckStatsGetSums(with_x ? tt->stats : tt->stats_phi, &sums));
  if (with_x) MckDMFTUnpack(s->T, sums + tt->off_x, s->cx);
  MckDMFTUnpack(s->T, sums + (with_x ? tt->off_phi : 0), s->cphi);
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTReduce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckSCSStationaryAverage(MckSCS s)
{
  const PetscInt b = MckSCSBurnInSteps(s), T = s->T;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < s->lags; k++) {
    PetscReal sum = 0;
    for (PetscInt i = b; i + k < T; i++) sum += s->cx[i + (size_t)(i + k) * T];
    s->delta[k] = sum / (PetscReal)(T - b - k);
  }
  PetscCall(MckSCSCheckTransient(s, PETSC_TRUE));
  PetscFunctionReturn(0);
}
