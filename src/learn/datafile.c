/* Real data from an HDF5 file (-mfnet_data FILE): datasets /X (rows x d) and /y (rows), read
 * collectively through MckIO (parallel HDF5; every rank holds the whole, replicated data set,
 * as for teacher data). The last -mfnet_test_size rows are held out as the test set, the others
 * are the P training samples. Shapes are checked before anything is read: a missing dataset, a
 * rank other than 2 (X) or 1 (y), rows that disagree, or a -mfnet_batch / -mfnet_dim that
 * contradicts the file are user-input errors naming the file, the dataset and the shapes. */
#include "learn/mfnetimpl.h"
#include <mckean/mckio.h>

static PetscErrorCode Shape(MckMFNet net, MckIO io, const char dset[], PetscInt want, PetscInt64 dims[])
{
  PetscBool has;
  PetscInt  nd;

  PetscFunctionBeginUser;
  PetscCall(MckIOHasObject(io, dset, &has));
  PetscCheck(has, net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_data %s: no dataset %s (expected /X of shape (P, d) and /y of shape (P))", net->datafile, dset);
  PetscCall(MckIOReadArray(io, dset, &nd, dims, NULL));
  PetscCheck(nd == want, net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_data %s: dataset %s has %" PetscInt_FMT " dimensions, expected %" PetscInt_FMT
             " (/X: (P, d), /y: (P))",
             net->datafile, dset, nd, want);
  PetscFunctionReturn(0);
}

/* Before allocation: P and d from the file, checked against the options. */
PetscErrorCode MckMFNetDataFileShape(MckMFNet net, MckIO io)
{
  PetscInt64 xd[4], yd[4];

  PetscFunctionBeginUser;
  PetscCall(Shape(net, io, "/X", 2, xd));
  PetscCall(Shape(net, io, "/y", 1, yd));
  PetscCheck(xd[0] == yd[0], net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_data %s: /X has shape (%" PetscInt64_FMT ", %" PetscInt64_FMT
             ") but /y has shape (%" PetscInt64_FMT "): the numbers of rows differ",
             net->datafile, xd[0], xd[1], yd[0]);
  PetscCheck(xd[1] >= 1, net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_data %s: /X has shape (%" PetscInt64_FMT ", %" PetscInt64_FMT "): no input coordinates",
             net->datafile, xd[0], xd[1]);
  PetscCheck(xd[0] > net->Pt, net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_test_size %" PetscInt_FMT ": -mfnet_data %s has only %" PetscInt64_FMT
             " rows; at least one must remain for training",
             net->Pt, net->datafile, xd[0]);
  PetscCheck(!net->P_set || net->P == xd[0] - net->Pt, net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_batch %" PetscInt_FMT ": -mfnet_data %s has %" PetscInt64_FMT
             " rows in /X, of which %" PetscInt_FMT " are held out (-mfnet_test_size): %" PetscInt64_FMT
             " training samples",
             net->P, net->datafile, xd[0], net->Pt, xd[0] - net->Pt);
  PetscCheck(!net->d_set || net->d == xd[1], net->comm, PETSC_ERR_USER_INPUT,
             "-mfnet_dim %" PetscInt_FMT ": -mfnet_data %s has /X of shape (%" PetscInt64_FMT ", %" PetscInt64_FMT
             "), i.e. d = %" PetscInt64_FMT,
             net->d, net->datafile, xd[0], xd[1], xd[1]);
  net->P = (PetscInt)(xd[0] - net->Pt);
  net->d = (PetscInt)xd[1];
  PetscFunctionReturn(0);
}

/* After allocation: the rows into Xa/y (training) and Xt/yt (test). */
PetscErrorCode MckMFNetDataFileRead(MckMFNet net, MckIO io)
{
  const PetscInt d = net->d, rows = net->P + net->Pt;
  PetscInt64     dims[4];
  PetscInt       nd;
  PetscReal     *X, *y;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2((size_t)rows * d, &X, rows, &y));
  PetscCall(MckIOReadArray(io, "/X", &nd, dims, X));
  PetscCall(MckIOReadArray(io, "/y", &nd, dims, y));
  for (PetscInt mu = 0; mu < rows; mu++) {
    PetscReal *row = mu < net->P ? net->Xa + (size_t)mu * (d + 1) : net->Xt + (size_t)(mu - net->P) * (d + 1);
    PetscCall(PetscArraycpy(row, X + (size_t)mu * d, d));
    row[d] = 1.0;
    if (mu < net->P) net->y[mu] = y[mu];
    else net->yt[mu - net->P] = y[mu];
  }
  PetscCall(PetscFree2(X, y));
  for (PetscInt k = 0; k < rows * (d + 1); k++) {
    const PetscReal v = k < net->P * (d + 1) ? net->Xa[k] : net->Xt[k - net->P * (d + 1)];
    PetscCheck(!PetscIsInfOrNanReal(v), net->comm, PETSC_ERR_USER_INPUT,
               "-mfnet_data %s: /X holds a NaN or Inf (row %" PetscInt_FMT ")", net->datafile, k / (d + 1));
  }
  for (PetscInt mu = 0; mu < rows; mu++)
    PetscCheck(!PetscIsInfOrNanReal(mu < net->P ? net->y[mu] : net->yt[mu - net->P]), net->comm, PETSC_ERR_USER_INPUT,
               "-mfnet_data %s: /y holds a NaN or Inf (row %" PetscInt_FMT ")", net->datafile, mu);
  PetscFunctionReturn(0);
}
