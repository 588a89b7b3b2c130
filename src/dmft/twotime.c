/* The two-time summary statistic: C_x(t, t') = <x(t) x(t')> and C_phi(t, t') over a population
 * of paths (single sites or neurons). Each chunk of paths contributes its Gram matrices (one
 * SYRK each, a function of the chunk's global ids only) packed to their upper triangles,
 * T(T+1)/2 components each, to ONE MckStats reduction: the result is bitwise identical on any
 * rank count. */
#include "dmft/dmftimpl.h"
#include <petscblaslapack.h>

PetscInt MckDMFTPackedSize(PetscInt T)
{
  return T * (T + 1) / 2;
}

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

PetscInt MckDMFTBurnInSteps(MckDMFT d)
{
  return (PetscInt)PetscCeilReal(d->burn_in / d->dt - 1e-9);
}

PetscErrorCode MckDMFTTwoTimeRegister(MckDMFT d, PetscInt64 N, PetscInt B)
{
  const PetscInt P = MckDMFTPackedSize(d->T);

  PetscFunctionBeginUser;
  PetscCall(MckStatsChunkOwnership(d->comm, N, B, &d->gstart, &d->nlocal, &d->nchunks));
  PetscCall(MckStatsCreate(d->comm, &d->stats));
  PetscCall(MckStatsRegister(d->stats, "C_x", P, &d->off_x));
  PetscCall(MckStatsRegister(d->stats, "C_phi", P, &d->off_phi));
  PetscCall(MckStatsSetUp(d->stats));
  PetscCall(MckStatsCreate(d->comm, &d->stats_phi));
  PetscCall(MckStatsRegister(d->stats_phi, "C_phi", P, NULL));
  PetscCall(MckStatsSetUp(d->stats_phi));
  PetscCall(PetscMalloc2((size_t)d->T * d->T, &d->gram, P, &d->packed));
  PetscCall(PetscMalloc1((size_t)PetscMax((PetscInt64)d->T, N), &d->cols)); /* column pointers for MckRNGNormals */
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTTwoTimeZero(MckDMFT d, PetscBool with_x)
{
  PetscFunctionBeginUser;
  PetscCall(MckStatsZero(with_x ? d->stats : d->stats_phi));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddGram(MckDMFT d, MckStats stats, PetscInt n, PetscInt ld, const PetscReal Y[], PetscReal scale, PetscInt offset)
{
  PetscBLASInt bT, bn, bld;
  PetscReal    zero = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscBLASIntCast(d->T, &bT));
  PetscCall(PetscBLASIntCast(n, &bn));
  PetscCall(PetscBLASIntCast(ld, &bld));
  PetscCallBLAS("BLASsyrk", BLASsyrk_("U", "T", &bT, &bn, &scale, Y, &bld, &zero, d->gram, &bT));
  PetscCall(PetscLogFlops((PetscLogDouble)n * d->T * (d->T + 1)));
  MckDMFTPack(d->T, d->gram, d->packed);
  PetscCall(MckStatsAdd(stats, offset, MckDMFTPackedSize(d->T), d->packed));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTTwoTimeAccumulate(MckDMFT d, PetscBool with_x, PetscInt n, PetscInt ld, const PetscReal X[], const PetscReal Phi[], PetscInt64 N)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTAccumulate, 0, 0, 0, 0));
  if (with_x) {
    PetscCall(AddGram(d, d->stats, n, ld, X, 1.0 / (PetscReal)N, d->off_x));
    PetscCall(AddGram(d, d->stats, n, ld, Phi, 1.0 / (PetscReal)N, d->off_phi));
  } else PetscCall(AddGram(d, d->stats_phi, n, ld, Phi, 1.0 / (PetscReal)N, 0));
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTAccumulate, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTTwoTimeReduce(MckDMFT d, PetscBool with_x)
{
  const PetscReal *sums;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(MCK_EVENT_DMFTReduce, 0, 0, 0, 0));
  PetscCall(MckStatsReduce(with_x ? d->stats : d->stats_phi));
  PetscCall(MckStatsGetSums(with_x ? d->stats : d->stats_phi, &sums));
  if (with_x) MckDMFTUnpack(d->T, sums + d->off_x, d->cx);
  MckDMFTUnpack(d->T, sums + (with_x ? d->off_phi : 0), d->cphi);
  PetscCall(PetscLogEventEnd(MCK_EVENT_DMFTReduce, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode MckDMFTStationaryAverage(MckDMFT d)
{
  const PetscInt b = MckDMFTBurnInSteps(d), T = d->T;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < d->lags; k++) {
    PetscReal s = 0;
    for (PetscInt i = b; i + k < T; i++) s += d->cx[i + (size_t)(i + k) * T];
    d->delta[k] = s / (PetscReal)(T - b - k);
  }
  PetscFunctionReturn(0);
}
