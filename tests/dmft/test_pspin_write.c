/* MckDMFTWrite of the pspin model: the run file holds /dmft/C and /dmft/R equal bit for bit to the solver's
 * matrices, /dmft/times t_i = i h, /dmft/mu, /dmft/energy = (T - mu)/p and the parameters as
 * attributes of /dmft; C is symmetric with unit diagonal, R vanishes above the diagonal and is
 * 1 on it. Run on 2 ranks (rows written in parallel). */
#include "pspintest.h"

static PetscErrorCode Check(PetscBool ok, const char what[])
{
  PetscFunctionBeginUser;
  PetscCheck(ok, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "run file: %s", what);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  MckDMFT    ps;
  MckIO      io;
  Mat        C, R;
  PetscInt   n, nd;
  PetscInt64 dims[4], p;
  PetscReal  h, T, *Cf, *Rf, *Cw, *Rw, *times, *mu, *energy;
  char       model[32];
  PetscBool  found;
  const char path[] = "pspin_write.h5";

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscOptionsInsertString(NULL, "-pspin_p 4 -pspin_temperature 0.8 -pspin_tmax 3 -pspin_steps 30"));
  PetscCall(MckDMFTCreate(PETSC_COMM_WORLD, &ps));
  PetscCall(MckDMFTSetType(ps, MCKDMFT_PSPIN));
  PetscCall(MckDMFTSetFromOptions(ps));
  PetscCall(MckDMFTSetUp(ps));
  PetscCall(MckDMFTView(ps, NULL));
  PetscCall(MckDMFTSolve(ps));
  PetscCall(MckIOCreate(PETSC_COMM_WORLD, &io));
  PetscCall(MckIOOpenWrite(io, path, "-output"));
  PetscCall(MckDMFTWrite(ps, io, "/dmft"));
  PetscCall(MckIOClose(io));
  PetscCall(MckDMFTPSpinGetGrid(ps, &n, &h));
  PetscCall(MckDMFTPSpinGetCorrelation(ps, &C, &R));
  const PetscInt M = n + 1;
  PetscCall(PetscMalloc7(M * M, &Cf, M * M, &Rf, M * M, &Cw, M * M, &Rw, M, &times, M, &mu, M, &energy));
  PetscCall(PSpinGatherDense(C, M, Cf));
  PetscCall(PSpinGatherDense(R, M, Rf));
  PetscCall(MckIOOpenRead(io, path, "-output"));
  PetscCall(MckIOReadArray(io, "/dmft/C", &nd, dims, Cw));
  PetscCall(Check(nd == 2 && dims[0] == M && dims[1] == M, "/dmft/C shape"));
  PetscCall(MckIOReadArray(io, "/dmft/R", &nd, dims, Rw));
  PetscCall(MckIOReadArray(io, "/dmft/times", &nd, dims, times));
  PetscCall(MckIOReadArray(io, "/dmft/mu", &nd, dims, mu));
  PetscCall(MckIOReadArray(io, "/dmft/energy", &nd, dims, energy));
  PetscCall(MckIOReadAttributeString(io, "/dmft", "model", sizeof model, model, &found));
  PetscCall(Check(found && !strcmp(model, "pspin"), "/dmft model attribute"));
  PetscCall(MckIOReadAttributeInt(io, "/dmft", "p", &p, &found));
  PetscCall(Check(found && p == 4, "/dmft p attribute"));
  PetscCall(MckIOReadAttributeReal(io, "/dmft", "temperature", &T, &found));
  PetscCall(Check(found && T == 0.8, "/dmft temperature attribute"));
  PetscCall(MckIODestroy(&io));
  PetscCall(Check(!memcmp(Cf, Cw, sizeof(PetscReal) * M * M) && !memcmp(Rf, Rw, sizeof(PetscReal) * M * M),
                  "/dmft/C, /dmft/R differ from the solver's matrices"));
  for (PetscInt i = 0; i < M; i++) {
    PetscCall(Check(times[i] == i * h, "/dmft/times"));
    PetscCall(Check(PetscAbsReal(energy[i] - (T - mu[i]) / 4) < 1e-15, "/dmft/energy"));
    PetscCall(Check(Cw[i * M + i] == 1 && Rw[i * M + i] == 1, "unit diagonals"));
    for (PetscInt j = 0; j < M; j++) {
      PetscCall(Check(Cw[i * M + j] == Cw[j * M + i], "C symmetric"));
      if (j > i) PetscCall(Check(Rw[i * M + j] == 0, "R causal (zero above the diagonal)"));
    }
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "run file %s: /dmft/C, /dmft/R (%" PetscInt_FMT " x %" PetscInt_FMT
                        "), times, mu, energy and attributes as solved\n",
                        path, M, M));
  PetscCall(PetscFree7(Cf, Rf, Cw, Rw, times, mu, energy));
  PetscCall(MckDMFTDestroy(&ps));
  PetscCall(McKeanFinalize());
  return 0;
}
