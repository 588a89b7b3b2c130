/* MckGrid spectral operators against analytic results, in 1D, 2D and 3D, on anisotropic boxes
 * (different n and L per axis, so that a swapped axis cannot pass):
 *   u = c0 + sum_j a_j cos(k_j.x + phi_j) + b cos(pi n_N x_N / L_N)   (the last term: the
 *   Nyquist mode of the first even axis N), with every other mode strictly below Nyquist. Then
 *   - gradient:  -a_j k_j,a sin(...), and the Nyquist term's derivative is zero by convention;
 *   - Laplacian: -|k_j|^2 a_j cos(...), Nyquist term included (-k_N^2 b cos(...));
 *   - Helmholtz kappa2 = 3: each mode / (|k|^2 + 3), mean c0/3; Poisson (kappa2 = 0): each
 *     mode / |k|^2 and the mean dropped;
 *   - convolution with a Gaussian of width sigma: each mode times exp(-sigma^2 |k|^2 / 2);
 *   - power spectrum: Parseval (sum over bins of average * count = mean u^2), all N modes
 *     counted, bin 0 = c0^2.
 * Tolerance: 1e-12 relative to the largest value of the exact result (the transforms are exact
 * for band-limited fields; what remains is round-off, measured ~1e-15). */
#include <mckean/mckgrid.h>

#define NMODES 3
typedef struct {
  PetscInt  dim, n[3], nyq_axis; /* nyq_axis: the even axis that carries the Nyquist term */
  PetscReal L[3];
  PetscInt  m[NMODES][3];
  PetscReal a[NMODES], phi[NMODES], c0, b;
} Field;

typedef enum { F_VALUE, F_DX, F_DY, F_DZ, F_LAP, F_HELM, F_POISSON, F_GAUSS } Quantity;

static const PetscReal kappa2 = 3.0, sigma = 0.1;

/* The exact value of a quantity at point x. */
static PetscReal Exact(const Field *f, Quantity q, const PetscReal x[])
{
  PetscReal v = 0, kN, cN;

  switch (q) {
  case F_VALUE:
  case F_GAUSS: v = f->c0; break;
  case F_HELM: v = f->c0 / kappa2; break;
  default: v = 0; break;
  }
  for (int j = 0; j < NMODES; j++) {
    PetscReal k[3] = {0, 0, 0}, ph = f->phi[j], k2 = 0;
    for (PetscInt a = 0; a < f->dim; a++) {
      k[a] = 2 * PETSC_PI * f->m[j][a] / f->L[a];
      ph += k[a] * x[a];
      k2 += k[a] * k[a];
    }
    switch (q) {
    case F_VALUE: v += f->a[j] * cos(ph); break;
    case F_DX:
    case F_DY:
    case F_DZ: v += -f->a[j] * k[q - F_DX] * sin(ph); break;
    case F_LAP: v += -k2 * f->a[j] * cos(ph); break;
    case F_HELM: v += f->a[j] * cos(ph) / (k2 + kappa2); break;
    case F_POISSON: v += f->a[j] * cos(ph) / k2; break;
    case F_GAUSS: v += exp(-0.5 * sigma * sigma * k2) * f->a[j] * cos(ph); break;
    }
  }
  /* the Nyquist term: cos(pi i) = (-1)^i on the grid; derivatives of it are zero by convention */
  kN = PETSC_PI * f->n[f->nyq_axis] / f->L[f->nyq_axis];
  cN = f->b * cos(kN * x[f->nyq_axis]);
  switch (q) {
  case F_VALUE: v += cN; break;
  case F_LAP: v += -kN * kN * cN; break;
  case F_HELM: v += cN / (kN * kN + kappa2); break;
  case F_POISSON: v += cN / (kN * kN); break;
  case F_GAUSS: v += exp(-0.5 * sigma * sigma * kN * kN) * cN; break;
  default: break;
  }
  return v;
}

/* Fill v with a quantity at the grid points x_a = i_a L_a / n_a of this rank. */
static PetscErrorCode Fill(MckGrid g, const Field *f, Quantity q, Vec v)
{
  DM           da;
  PetscInt     xs, ys, zs, xm, ym, zm, idx = 0;
  PetscScalar *p;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(g, &da));
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(VecGetArray(v, &p));
  for (PetscInt k = zs; k < zs + zm; k++)
    for (PetscInt j = ys; j < ys + ym; j++)
      for (PetscInt i = xs; i < xs + xm; i++) {
        const PetscReal x[3] = {i * f->L[0] / f->n[0], j * f->L[1] / f->n[1], k * f->L[2] / f->n[2]};
        p[idx++]             = Exact(f, q, x);
      }
  PetscCall(VecRestoreArray(v, &p));
  PetscFunctionReturn(0);
}

/* max |got - exact| / max |exact| */
static PetscErrorCode RelError(MckGrid g, const Field *f, Quantity q, Vec got, PetscReal *err)
{
  Vec       ex;
  PetscReal emax, dmax;

  PetscFunctionBeginUser;
  PetscCall(VecDuplicate(got, &ex));
  PetscCall(Fill(g, f, q, ex));
  PetscCall(VecNorm(ex, NORM_INFINITY, &emax));
  PetscCall(VecAXPY(ex, -1.0, got));
  PetscCall(VecNorm(ex, NORM_INFINITY, &dmax));
  *err = emax > 0 ? dmax / emax : dmax;
  PetscCall(VecDestroy(&ex));
  PetscFunctionReturn(0);
}

static PetscInt failures;

static PetscErrorCode Report(const char *what, PetscInt dim, PetscReal err, PetscReal tol)
{
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s %" PetscInt_FMT "D %-26s rel. error %.2e (tol %.0e)\n",
                        err <= tol ? "ok  " : "FAIL", dim, what, (double)err, (double)tol));
  if (!(err <= tol)) failures++;
  PetscFunctionReturn(0);
}

static PetscReal Gaussian(PetscInt dim, const PetscReal k[], void *ctx)
{
  PetscReal k2 = 0, s = *(const PetscReal *)ctx;
  for (PetscInt a = 0; a < dim; a++) k2 += k[a] * k[a];
  return PetscExpReal(-0.5 * s * s * k2);
}

static PetscErrorCode CheckPowerSpectrum(MckGrid g, const Field *f, Vec u)
{
  PetscInt    nbins = 0;
  PetscReal  *spec, total = 0, mean2, kmax2 = 0, Lmax = 0, err;
  PetscInt64 *counts, ncount = 0, Ntot = 1;
  Vec         u2;

  PetscFunctionBeginUser;
  for (PetscInt a = 0; a < f->dim; a++) {
    PetscReal kN = PETSC_PI * f->n[a] / f->L[a];
    kmax2 += kN * kN;
    Lmax = PetscMax(Lmax, f->L[a]);
    Ntot *= f->n[a];
  }
  nbins = (PetscInt)(PetscSqrtReal(kmax2) / (2 * PETSC_PI / Lmax)) + 2; /* every mode binned */
  PetscCall(PetscMalloc2(nbins, &spec, nbins, &counts));
  PetscCall(MckGridPowerSpectrum(g, u, nbins, spec, counts));
  for (PetscInt b = 0; b < nbins; b++) {
    total += spec[b] * counts[b];
    ncount += counts[b];
  }
  PetscCall(VecDuplicate(u, &u2));
  PetscCall(VecPointwiseMult(u2, u, u));
  PetscCall(VecSum(u2, &mean2));
  mean2 /= (PetscReal)Ntot;
  PetscCall(VecDestroy(&u2));
  PetscCall(Report("power spectrum Parseval", f->dim, PetscAbsReal(total - mean2) / mean2, 1e-12));
  PetscCall(Report("power spectrum bin 0", f->dim, PetscAbsReal(spec[0] - f->c0 * f->c0) / (f->c0 * f->c0), 1e-12));
  err = (ncount == Ntot && counts[0] == 1) ? 0 : 1;
  PetscCall(Report("power spectrum mode count", f->dim, err, 0));
  PetscCall(PetscFree2(spec, counts));
  PetscFunctionReturn(0);
}

static PetscErrorCode CheckField(const Field *f)
{
  MckGrid        g;
  Vec            u, out, grad[3];
  PetscReal      err, s = sigma;
  const Quantity dq[3]    = {F_DX, F_DY, F_DZ};
  const char    *dname[3] = {"gradient x", "gradient y", "gradient z"};

  PetscFunctionBeginUser;
  PetscCall(MckGridCreate(PETSC_COMM_WORLD, &g));
  PetscCall(MckGridSetSizes(g, f->dim, f->n));
  PetscCall(MckGridSetBox(g, f->L));
  PetscCall(MckGridSetUp(g));
  PetscCall(MckGridView(g, PETSC_VIEWER_STDOUT_WORLD));
  PetscCall(MckGridCreateVec(g, &u));
  PetscCall(VecDuplicate(u, &out));
  for (PetscInt a = 0; a < f->dim; a++) PetscCall(VecDuplicate(u, &grad[a]));
  PetscCall(Fill(g, f, F_VALUE, u));

  PetscCall(MckGridGradient(g, u, grad));
  for (PetscInt a = 0; a < f->dim; a++) {
    PetscCall(RelError(g, f, dq[a], grad[a], &err));
    PetscCall(Report(dname[a], f->dim, err, 1e-12));
  }
  PetscCall(MckGridLaplacian(g, u, out));
  PetscCall(RelError(g, f, F_LAP, out, &err));
  PetscCall(Report("Laplacian", f->dim, err, 1e-12));
  PetscCall(MckGridSolveHelmholtz(g, kappa2, u, out));
  PetscCall(RelError(g, f, F_HELM, out, &err));
  PetscCall(Report("Helmholtz kappa^2=3", f->dim, err, 1e-12));
  PetscCall(MckGridSolveHelmholtz(g, 0.0, u, out));
  PetscCall(RelError(g, f, F_POISSON, out, &err));
  PetscCall(Report("Poisson (mean dropped)", f->dim, err, 1e-12));
  PetscCall(MckGridConvolve(g, Gaussian, &s, u, out));
  PetscCall(RelError(g, f, F_GAUSS, out, &err));
  PetscCall(Report("Gaussian convolution", f->dim, err, 1e-12));
  /* in place: u and out the same Vec */
  PetscCall(VecCopy(u, out));
  PetscCall(MckGridSolveHelmholtz(g, kappa2, out, out));
  PetscCall(RelError(g, f, F_HELM, out, &err));
  PetscCall(Report("Helmholtz in place", f->dim, err, 1e-12));
  PetscCall(CheckPowerSpectrum(g, f, u));

  for (PetscInt a = 0; a < f->dim; a++) PetscCall(VecDestroy(&grad[a]));
  PetscCall(VecDestroy(&out));
  PetscCall(VecDestroy(&u));
  PetscCall(MckGridDestroy(&g));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  /* sizes splittable on 1-4 ranks; the slowest axis (x in 1D, y in 2D, z in 3D) is distributed */
  const Field f1 = {
      1, {48, 1, 1}, 0, {2.0, 1, 1}, {{1, 0, 0}, {3, 0, 0}, {-7, 0, 0}}, {1.0, 0.5, 0.25}, {0.3, 1.1, -0.7}, 0.4, 0.2};
  const Field f2 = {
      2,   {15, 12, 1}, 1, {1.0, 1.5, 1}, {{1, 2, 0}, {-3, 1, 0}, {2, -4, 0}}, {1.0, 0.5, 0.25}, {0.3, 1.1, -0.7},
      0.4, 0.2};
  const Field f3 = {
      3,   {12, 9, 10}, 0, {1.0, 2.0, 1.25}, {{1, 0, 2}, {-2, 3, 1}, {4, -1, -3}}, {1.0, 0.5, 0.25}, {0.3, 1.1, -0.7},
      0.4, 0.2};

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(CheckField(&f1));
  PetscCall(CheckField(&f2));
  PetscCall(CheckField(&f3));
  PetscCheck(failures == 0, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " checks failed", failures);
  PetscCall(McKeanFinalize());
  return 0;
}
