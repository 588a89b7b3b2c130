/* Data of MckMFNet: multi-index teachers, HDF5 data sets and the held-out test set.
 * 1. Multi-index teacher, k = 3 directions in d = 8: U U^T = d I to 1e-12 (orthogonal, |u_j|^2 = d);
 *    y = k^-1/2 sum_j He2(u_j.x) has E[y] = 0 and E[y^2] = 2, and y = He1(z_1) He1(z_2)
 *    (product, k = 2) has E[y^2] = 1: sample means within 4 standard errors (estimated from the
 *    same samples) over P = 4000 samples.
 * 2. HDF5 round trip: the teacher data of one network (training rows, then test rows) written as
 *    /X, /y and read back with -mfnet_data and -mfnet_test_size give bitwise the same training
 *    and test losses along 20 mfld steps as the generated data; training lowers the test loss.
 * 3. Bad files: /y with another number of rows, a missing /y, and -mfnet_dim contradicting /X
 *    are user-input errors naming the file, the dataset and the shapes. */
#include "mfnet_testutil.h"
#include <mckean/mckio.h>

/* |mean(v) - m| within 4 standard errors */
static PetscBool MeanWithin(PetscInt n, const PetscReal v[], PetscReal m, const char what[])
{
  PetscReal s = 0, s2 = 0, mean, se;

  for (PetscInt i = 0; i < n; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  mean = s / n;
  se   = PetscSqrtReal((s2 / n - mean * mean) / n);
  PetscCallAbort(PETSC_COMM_WORLD, PetscPrintf(PETSC_COMM_WORLD, "%s: %.4f, expected %.4f (se %.4f)\n", what,
                                               (double)mean, (double)m, (double)se));
  return (PetscBool)(PetscAbsReal(mean - m) < 4 * se);
}

static PetscErrorCode MultiIndex(PetscInt *bad)
{
  MckMFNet         net;
  const PetscReal *U, *y;
  PetscReal        y2[4000], err = 0;
  PetscInt         k, P, d;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(
      "-mfnet_n 8 -mfnet_dim 8 -mfnet_batch 4000 -mfnet_teacher he2 -mfnet_teacher_directions 3 -mfnet_seed 4", &net));
  PetscCall(MckMFNetGetTeacher(net, &k, &U));
  PetscCall(MckMFNetGetData(net, &P, &d, NULL, &y, NULL));
  for (PetscInt i = 0; i < k; i++)
    for (PetscInt j = 0; j < k; j++) {
      PetscReal dot = 0;
      for (PetscInt c = 0; c < d; c++) dot += U[i * d + c] * U[j * d + c];
      err = PetscMax(err, PetscAbsReal(dot - (i == j ? d : 0)));
    }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "k = %" PetscInt_FMT " teacher directions: max |U U^T - d I| = %.2e\n", k,
                        (double)err));
  *bad += !(k == 3 && err < 1e-12 * d);
  for (PetscInt mu = 0; mu < P; mu++) y2[mu] = y[mu] * y[mu];
  *bad += !MeanWithin(P, y, 0.0, "sum of He2, E[y]");
  *bad += !MeanWithin(P, y2, 2.0, "sum of He2, E[y^2]");
  PetscCall(MckMFNetDestroy(&net));
  PetscCall(MfnetTestMake(
      "-mfnet_n 8 -mfnet_dim 8 -mfnet_batch 4000 -mfnet_teacher linear -mfnet_teacher_directions 2 -mfnet_teacher_combine product -mfnet_seed 5",
      &net));
  PetscCall(MckMFNetGetData(net, &P, NULL, NULL, &y, NULL));
  for (PetscInt mu = 0; mu < P; mu++) y2[mu] = y[mu] * y[mu];
  *bad += !MeanWithin(P, y2, 1.0, "product z1 z2, E[y^2]");
  PetscCall(MckMFNetDestroy(&net));
  PetscFunctionReturn(0);
}

/* /X (rows x d) and /y (rows) into path (collective). */
static PetscErrorCode WriteData(const char path[], PetscInt rows, PetscInt d, PetscInt yrows, const PetscReal X[],
                                const PetscReal y[])
{
  MckIO      io;
  PetscInt64 xd[2] = {rows, d}, yd[1] = {yrows};

  PetscFunctionBeginUser;
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenWrite(io, path, "test"));
  PetscCall(MckIOWriteArray(io, "/X", 2, xd, X));
  if (yrows >= 0) PetscCall(MckIOWriteArray(io, "/y", 1, yd, y));
  PetscCall(MckIOClose(io));
  PetscCall(MckIODestroy(&io));
  PetscFunctionReturn(0);
}

#define NET \
  "-mfnet_n 64 -mfnet_chunk_size 16 -mfnet_alpha 2 -mfnet_dt 0.5 -mfnet_seed 6 -mfnet_temperature 1e-4 -mfnet_test_size 30 "

static PetscErrorCode RoundTrip(PetscInt *bad)
{
  MckMFNet         gen, file;
  const PetscReal *X, *y;
  PetscReal       *Xall, *yall, T0 = 0, Lg, Lf, Tg, Tf;
  PetscInt         P = 80, d = 5, Pt = 30, same = 1;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestMake(NET "-mfnet_dim 5 -mfnet_batch 80", &gen));
  PetscCall(MckMFNetGetData(gen, NULL, NULL, &X, &y, NULL));
  PetscCall(PetscMalloc2((size_t)(P + Pt) * d, &Xall, P + Pt, &yall));
  PetscCall(PetscArraycpy(Xall, X, (size_t)P * d));
  PetscCall(PetscArraycpy(yall, y, P));
  PetscCall(MckMFNetGetTestData(gen, &X, &y));
  PetscCall(PetscArraycpy(Xall + (size_t)P * d, X, (size_t)Pt * d));
  PetscCall(PetscArraycpy(yall + P, y, Pt));
  PetscCall(WriteData("mfnet_data.h5", P + Pt, d, P + Pt, Xall, yall));
  PetscCall(MfnetTestMake(NET "-mfnet_data mfnet_data.h5", &file));
  PetscCall(MckMFNetEvaluateTest(gen, &T0));
  for (PetscInt s = 0; s < 20; s++) {
    PetscCall(MckMFNetStep(gen));
    PetscCall(MckMFNetStep(file));
    PetscCall(MckMFNetGetLoss(gen, &Lg));
    PetscCall(MckMFNetGetLoss(file, &Lf));
    PetscCall(MckMFNetEvaluateTest(gen, &Tg));
    PetscCall(MckMFNetEvaluateTest(file, &Tf));
    same &= Lg == Lf && Tg == Tf;
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "HDF5 round trip: training loss %.6e / %.6e, test loss %.6e -> %.6e / %.6e, %s\n", (double)Lg,
                        (double)Lf, (double)T0, (double)Tg, (double)Tf, same ? "bitwise identical" : "DIFFERENT"));
  *bad += !same || !(Tg < T0);
  PetscCall(MckMFNetDestroy(&gen));
  PetscCall(MckMFNetDestroy(&file));
  PetscCall(PetscFree2(Xall, yall));
  PetscFunctionReturn(0);
}

static PetscErrorCode ExpectError(const char opts[], const char *const expect[], PetscInt *bad)
{
  PetscErrorCode code = 0;
  char           msg[1024], *hit;
  PetscInt       missing = 0;

  PetscFunctionBeginUser;
  PetscCall(MfnetTestTrySetUp(opts, &code, msg, sizeof(msg)));
  for (PetscInt i = 0; expect[i]; i++) {
    PetscCall(PetscStrstr(msg, expect[i], &hit));
    missing += !hit;
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s -> %s\n", opts, code ? msg : "(no error)"));
  *bad += code != PETSC_ERR_USER_INPUT || missing;
  PetscFunctionReturn(0);
}

static PetscErrorCode BadFiles(PetscInt *bad)
{
  PetscReal   X[120] = {0}, y[30] = {0};
  const char *rows[] = {"bad_rows.h5", "/X", "(30, 4)", "/y", "(29)", NULL};
  const char *noy[]  = {"no_y.h5", "/y", NULL};
  const char *dim[]  = {"-mfnet_dim 5", "bad_dim.h5", "(30, 4)", NULL};

  PetscFunctionBeginUser;
  PetscCall(WriteData("bad_rows.h5", 30, 4, 29, X, y));
  PetscCall(WriteData("no_y.h5", 30, 4, -1, X, y));
  PetscCall(WriteData("bad_dim.h5", 30, 4, 30, X, y));
  PetscCall(ExpectError("-mfnet_data bad_rows.h5", rows, bad));
  PetscCall(ExpectError("-mfnet_data no_y.h5", noy, bad));
  PetscCall(ExpectError("-mfnet_data bad_dim.h5 -mfnet_dim 5", dim, bad));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const MfnetTestCheck checks[] = {MultiIndex, RoundTrip, BadFiles};

  return MfnetTestMain(argc, argv, "data", 3, checks);
}
