/* MckField type fokker_planck: the nonlocal Fokker-Planck (McKean-Vlasov, aggregation-
 * diffusion) equation  d rho/dt = div(rho grad U) + T Lap rho,  U = V + W * rho,
 * on the periodic box by finite volumes with Scharfetter-Gummel fluxes (docs/field.md).
 *
 * Cell p (centre x_p, the grid's point) holds the cell average rho_p. Across the face between
 * p and q = p + e_a the flux is
 *     J = (T / h_a) [B(z) rho_p - B(-z) rho_q],  z = (U_q - U_p) / T,  B(z) = z / (e^z - 1),
 * which vanishes exactly when rho_q / rho_p = exp(-(U_q - U_p) / T) (the discrete Gibbs state)
 * and reduces to central diffusion for z -> 0 and to upwinding for |z| large. Both cells
 * evaluate each face with the same operands in the same order, so the fluxes cancel exactly
 * and mass changes only by round-off; the matrix of the frozen-U operator has non-negative
 * off-diagonals and zero column sums (an M-matrix after the time-derivative shift), which is
 * what keeps rho >= 0 and the mass fixed in the linearly implicit step.
 *
 * TS: IFunction F = rho_t - A(U(rho)) rho with the nonlocal W * rho by MckGridConvolveSymbol;
 * IJacobian = shift I - A(U) with U frozen (exact when W = 0). Defaults: TSBEULER, SNES
 * ksponly (one linear solve per step: the linearly implicit scheme), GMRES preconditioned by
 * the exact spectral inverse of shift I - T Lap_h (a PCSHELL applied by FFT). That
 * preconditioner has the column sums 1/shift of the operator, so every Krylov iterate keeps the
 * zero sum of the right-hand side and the mass is conserved to round-off even though the
 * linear solve is inexact. */
#include "fieldimpl.h"
#include <petsc/private/petscimpl.h> /* PetscObjectStateGet: is the vector the potential was computed from unchanged? */

#define MCK_FP_MAX_POTENTIALS 8

typedef enum { FP_INIT_UNIFORM, FP_INIT_GAUSSIAN, FP_INIT_COSINE, FP_INIT_GIBBS } FPInit;
typedef enum { FP_JACOBIAN_SHELL, FP_JACOBIAN_AIJ } FPJacobian;
static const char *const FPJacobians[] = {"shell", "aij"};
static const char *const FPInits[]     = {"uniform", "gaussian", "cosine", "gibbs"};

typedef struct {
  PetscReal    T;
  PetscBool    interaction;
  MckKernel    W;
  PetscInt     npot;
  MckPotential pot[MCK_FP_MAX_POTENTIALS];
  PetscInt     init, jacobian;
  PetscReal    init_amplitude, init_width;

  PetscInt         dim;
  PetscReal        h[3], L[3];
  Vec              V, U, Uloc, Xloc;      /* external and total potential; ghosted copies */
  PetscReal       *Wsym, *lapsym, *pcsym; /* kernel symbol, -Lap_h symbol, preconditioner */
  PetscReal        pcshift;
  Mat              J;
  PetscReal       *diag, *up[3], *dn[3];           /* frozen-U operator coefficients per owned cell */
  PetscReal       *Bp[3], *Bm[3];                  /* B(z), B(-z) of the face between local points p, p + e_a */
  PetscInt         nrows, rowlen, *row, stride[3]; /* owned cells: rows of rowlen local points, row q from row[q] */
  PetscObjectId    pot_id;                         /* the vector and state U, Uloc, Xloc were computed from */
  PetscObjectState pot_state;
} FP;

/* "harmonic, double_well": the potential kinds of mckkernel.h, for a message. */
static PetscErrorCode PotentialKindNames(char buf[], size_t len)
{
  PetscInt n = 0;

  PetscFunctionBeginUser;
  while (MckPotentialKinds[n]) n++;
  buf[0] = 0;
  for (PetscInt i = 0; i < n - 2; i++) { /* PetscEnum layout: the names, the enum's name and prefix */
    PetscCall(PetscStrlcat(buf, i ? ", " : "", len));
    PetscCall(PetscStrlcat(buf, MckPotentialKinds[i], len));
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetPotentials(MckField f, PetscInt n, char *names[])
{
  FP         *fp  = (FP *)f->data;
  PetscObject obj = (PetscObject)f;

  PetscFunctionBeginUser;
  fp->npot = 0;
  for (PetscInt i = 0; i < n; i++) {
    MckPotentialKind kind;
    PetscBool        found;
    PetscCall(MckPotentialKindFromName(names[i], &kind, &found));
    if (!found) {
      char bad[64], allowed[256];
      PetscCall(PetscStrncpy(bad, names[i], sizeof(bad)));
      PetscCall(PotentialKindNames(allowed, sizeof(allowed)));
      for (PetscInt j = 0; j < n; j++) PetscCall(PetscFree(names[j]));
      SETERRQ(f->comm, PETSC_ERR_USER_INPUT, "%s %s: unknown potential; allowed: %s",
              McKeanOptionName(obj, "-fp_potentials"), bad, allowed);
    }
    PetscCall(MckPotentialSetDefaults(&fp->pot[fp->npot++], kind));
  }
  for (PetscInt j = 0; j < n; j++) PetscCall(PetscFree(names[j]));
  PetscFunctionReturn(0);
}

/* The type's options, under the field's prefix; then those of its potentials and kernel. */
static PetscErrorCode SetFromOptions_FP(MckField f)
{
  FP         *fp = (FP *)f->data;
  char       *names[MCK_FP_MAX_POTENTIALS];
  PetscInt    n = MCK_FP_MAX_POTENTIALS;
  PetscBool   set;
  PetscObject obj = (PetscObject)f;

  PetscFunctionBeginUser;
  /* a title of its own: -help prints one section per prefix and title */
  PetscOptionsBegin(f->comm, obj->prefix, "Fokker-Planck field (MckField fokker_planck)", NULL);
  MckOptionsCall(MckOptionsReal("-fp_temperature", "Temperature T (diffusion coefficient)", fp->T, &fp->T, NULL));
  MckOptionsCall(MckOptionsBool(
      "-fp_interaction", "Interaction W * rho with the kernel of the -mf_* options (as the fourier_meanfield drift)",
      fp->interaction, &fp->interaction, NULL));
  MckOptionsCall(MckOptionsChoice(
      "-field_init",
      "Initial density: uniform, gaussian (centre of the box, width -field_init_width), cosine (1 + A sum_a cos(2 pi x_a / L_a)), gibbs (exp(-V/T))",
      FPInits, 4, fp->init, &fp->init, NULL));
  MckOptionsCall(MckOptionsReal("-field_init_amplitude", "Amplitude A of the cosine initial density",
                                fp->init_amplitude, &fp->init_amplitude, NULL));
  MckOptionsCall(MckOptionsChoice(
      "-fp_jacobian",
      "Jacobian: shell (matrix-free from stored coefficients, for the spectral preconditioner and -pc_type jacobi/none) or aij (assembled, for any PETSc preconditioner; mass then conserved only to the solver tolerance)",
      FPJacobians, 2, fp->jacobian, &fp->jacobian, NULL));
  MckOptionsCall(MckOptionsReal("-field_init_width", "Width of the gaussian initial density", fp->init_width,
                                &fp->init_width, NULL));
  /* last, and handed over right after the block: a refusal in between would leak the names */
  MckOptionsCall(MckOptionsStringArray(
      "-fp_potentials",
      "Comma-separated external potentials V, summed (harmonic, double_well: the particle drifts' definitions and options)",
      names, &n, &set));
  PetscOptionsEnd();
  if (set) PetscCall(SetPotentials(f, n, names)); /* frees the names, after a refusal too */
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName(obj, "-fp_temperature"), fp->T));
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName(obj, "-field_init_width"), fp->init_width));
  PetscCheck(PetscAbsReal(fp->init_amplitude) <= 1.0 / 3, f->comm, PETSC_ERR_USER_INPUT,
             "%s %g: the cosine density 1 + A sum_a cos(...) needs |A| <= 1/3 (non-negative in 3D)",
             McKeanOptionName(obj, "-field_init_amplitude"), (double)fp->init_amplitude);
  for (PetscInt i = 0; i < fp->npot; i++) PetscCall(MckPotentialSetFromOptions(f->comm, obj->prefix, &fp->pot[i]));
  if (fp->interaction) PetscCall(MckKernelSetFromOptions(f->comm, obj->prefix, &fp->W));
  PetscFunctionReturn(0);
}

/* B(z) = z / (e^z - 1) and B(-z) = B(z) + z, B(0) = 1, from one expm1 of w = |z| >= 0:
 * B(w) = w / expm1(w) in (0, 1] and B(-w) = B(w) + w, a sum of two non-negative numbers, so
 * nothing cancels (B(-z) = B(z) + z for z << 0 would), and for w beyond expm1's range
 * B(w) = 0, B(-w) = w as they should. */
static inline void BernoulliPair(PetscReal z, PetscReal *Bz, PetscReal *Bmz)
{
  const PetscReal w = PetscAbsReal(z), Bw = w == 0 ? 1 : w / expm1(w), Bmw = Bw + w;
  *Bz  = z >= 0 ? Bw : Bmw;
  *Bmz = z >= 0 ? Bmw : Bw;
}

/* Ghosted layout: index of owned point (i, j, k) in the local (ghosted) array, and the strides. */
typedef struct {
  PetscInt xs, ys, zs, xm, ym, zm, gxs, gys, gzs, gxm, gym, stride[3];
} Layout;

static PetscErrorCode GetLayout(MckField f, Layout *l)
{
  DM da;

  PetscFunctionBeginUser;
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(DMDAGetCorners(da, &l->xs, &l->ys, &l->zs, &l->xm, &l->ym, &l->zm));
  PetscCall(DMDAGetGhostCorners(da, &l->gxs, &l->gys, &l->gzs, &l->gxm, &l->gym, NULL));
  l->stride[0] = 1;
  l->stride[1] = l->gxm;
  l->stride[2] = l->gxm * l->gym;
  PetscFunctionReturn(0);
}

static inline PetscInt LocalIndex(const Layout *l, PetscInt i, PetscInt j, PetscInt k)
{
  return ((k - l->gzs) * l->gym + (j - l->gys)) * l->gxm + (i - l->gxs);
}

/* The owned cells in the owned order (x fastest) are nrows rows of rowlen consecutive local
 * points, row q starting at row[q]; neighbours are at +- stride[a]. The stencil loops walk
 * the rows, so the inner loop stays contiguous. */
static PetscErrorCode CreateRowTable(MckField f)
{
  FP      *fp = (FP *)f->data;
  Layout   l;
  PetscInt r = 0;

  PetscFunctionBeginUser;
  PetscCall(GetLayout(f, &l));
  fp->nrows  = l.ym * l.zm;
  fp->rowlen = l.xm;
  PetscCall(PetscMalloc1(fp->nrows, &fp->row));
  for (PetscInt k = l.zs; k < l.zs + l.zm; k++)
    for (PetscInt j = l.ys; j < l.ys + l.ym; j++) fp->row[r++] = LocalIndex(&l, l.xs, j, k);
  for (PetscInt a = 0; a < 3; a++) fp->stride[a] = l.stride[a];
  PetscFunctionReturn(0);
}

/* B(z), B(-z) of every face a cell of this rank uses: between local points p and p + e_a for p
 * owned or one below the owned box along a (a ghost). A face is computed once, and the two
 * cells (possibly on two ranks) read the same numbers, so the fluxes cancel exactly. */
static PetscErrorCode ComputeFaces(MckField f)
{
  FP                *fp = (FP *)f->data;
  Layout             l;
  const PetscScalar *u;

  PetscFunctionBeginUser;
  PetscCall(GetLayout(f, &l));
  PetscCall(VecGetArrayRead(fp->Uloc, &u));
  const PetscReal invT = 1.0 / fp->T;
  for (PetscInt a = 0; a < fp->dim; a++) {
    const PetscInt s       = l.stride[a];
    PetscReal *restrict bp = fp->Bp[a], *restrict bm = fp->Bm[a];
    for (PetscInt k = l.zs - (a == 2); k < l.zs + l.zm; k++)
      for (PetscInt j = l.ys - (a == 1); j < l.ys + l.ym; j++)
        for (PetscInt i = l.xs - (a == 0); i < l.xs + l.xm; i++) {
          const PetscInt p = LocalIndex(&l, i, j, k);
          BernoulliPair((u[p + s] - u[p]) * invT, &bp[p], &bm[p]);
        }
  }
  PetscCall(VecRestoreArrayRead(fp->Uloc, &u));
  PetscFunctionReturn(0);
}

/* U = V + W * X, the ghosted U, X and the faces' Bernoulli values. A linearly implicit step
 * evaluates the residual and the Jacobian at the same X: the second call finds X unchanged
 * (same object, same state) and reuses the first one's convolution and faces, which is one FFT
 * pair and one expm1 per face per step less. V and the kernel are fixed once the field is set up. */
static PetscErrorCode ComputePotential(MckField f, Vec X)
{
  FP              *fp = (FP *)f->data;
  DM               da;
  PetscObjectId    id;
  PetscObjectState state;

  PetscFunctionBeginUser;
  PetscCall(PetscObjectGetId((PetscObject)X, &id));
  PetscCall(PetscObjectStateGet((PetscObject)X, &state));
  if (id == fp->pot_id && state == fp->pot_state) PetscFunctionReturn(0);
  PetscCall(MckGridGetDM(f->grid, &da));
  if (fp->interaction) {
    PetscCall(MckGridConvolveSymbol(f->grid, fp->Wsym, X, fp->U));
    PetscCall(VecAXPY(fp->U, 1.0, fp->V));
  } else PetscCall(VecCopy(fp->V, fp->U));
  PetscCall(DMGlobalToLocal(da, fp->U, INSERT_VALUES, fp->Uloc));
  PetscCall(DMGlobalToLocal(da, X, INSERT_VALUES, fp->Xloc));
  PetscCall(ComputeFaces(f));
  fp->pot_id    = id;
  fp->pot_state = state;
  PetscFunctionReturn(0);
}

/* F = Xdot - A(U) X: the divergence of the Scharfetter-Gummel fluxes. */
static PetscErrorCode IFunction_FP(TS ts, PetscReal t, Vec X, Vec Xdot, Vec F, void *ctx)
{
  MckField           f  = (MckField)ctx;
  FP                *fp = (FP *)f->data;
  const PetscScalar *x, *xdot;
  PetscScalar       *r;

  PetscFunctionBeginUser;
  (void)ts;
  (void)t;
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldResidual, 0, 0, 0, 0));
  PetscCall(ComputePotential(f, X));
  PetscCall(VecGetArrayRead(fp->Xloc, &x));
  PetscCall(VecGetArrayRead(Xdot, &xdot));
  PetscCall(VecGetArrayWrite(F, &r));
  const PetscReal T = fp->T;
  for (PetscInt q = 0, g = 0; q < fp->nrows; q++)
    for (PetscInt p = fp->row[q]; p < fp->row[q] + fp->rowlen; p++, g++) {
      PetscReal acc = 0;
      for (PetscInt a = 0; a < fp->dim; a++) {
        const PetscInt   s  = fp->stride[a];
        const PetscReal *bp = fp->Bp[a], *bm = fp->Bm[a];
        const PetscReal  Jr = bp[p] * x[p] - bm[p] * x[p + s];
        const PetscReal  Jl = bp[p - s] * x[p - s] - bm[p - s] * x[p];
        acc += T / (fp->h[a] * fp->h[a]) * (Jl - Jr);
      }
      r[g] = xdot[g] - acc;
    }
  PetscCall(VecRestoreArrayRead(fp->Xloc, &x));
  PetscCall(VecRestoreArrayRead(Xdot, &xdot));
  PetscCall(VecRestoreArrayWrite(F, &r));
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldResidual, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Coefficients of shift I - A(U) with U frozen, per owned cell g (local point p):
 *   row g = diag[g] x_p - sum_a (up[a][g] x_{p+e_a} + dn[a][g] x_{p-e_a}),
 * up, dn >= 0 (the off-diagonals of an M-matrix). */
static PetscErrorCode ComputeCoefficients(MckField f, PetscReal shift)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  for (PetscInt q = 0, g = 0; q < fp->nrows; q++)
    for (PetscInt p = fp->row[q]; p < fp->row[q] + fp->rowlen; p++, g++) {
      PetscReal d = shift;
      for (PetscInt a = 0; a < fp->dim; a++) {
        const PetscInt   s  = fp->stride[a];
        const PetscReal  c  = fp->T / (fp->h[a] * fp->h[a]);
        const PetscReal *bp = fp->Bp[a], *bm = fp->Bm[a];
        d += c * (bp[p] + bm[p - s]);
        fp->up[a][g] = c * bm[p];
        fp->dn[a][g] = c * bp[p - s];
      }
      fp->diag[g] = d;
    }
  PetscFunctionReturn(0);
}

/* -fp_jacobian aij: the coefficients into the DMDA's matrix (local ghosted numbering, mapped by
 * the DMDA's local-to-global map; ADD: on an axis of 2 points both neighbours are one cell). */
static PetscErrorCode AssembleJacobian(MckField f, Mat P)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCall(MatZeroEntries(P));
  for (PetscInt q = 0, g = 0; q < fp->nrows; q++)
    for (PetscInt p = fp->row[q]; p < fp->row[q] + fp->rowlen; p++, g++) {
      PetscInt    col[1 + 2 * MCK_GRID_MAX_DIM], nc = 1;
      PetscScalar v[1 + 2 * MCK_GRID_MAX_DIM];
      col[0] = p;
      v[0]   = fp->diag[g];
      for (PetscInt a = 0; a < fp->dim; a++) {
        col[nc] = p + fp->stride[a];
        v[nc++] = -fp->up[a][g];
        col[nc] = p - fp->stride[a];
        v[nc++] = -fp->dn[a][g];
      }
      PetscCall(MatSetValuesLocal(P, 1, &p, nc, col, v, ADD_VALUES));
    }
  PetscCall(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

/* -fp_jacobian shell (default): y = (shift I - A(U)) x from the stored coefficients, one ghost
 * exchange, no assembly. */
static PetscErrorCode MatMult_FP(Mat J, Vec x, Vec y)
{
  MckField           f;
  FP                *fp;
  DM                 da;
  const PetscScalar *xl;
  PetscScalar       *yy;

  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(J, &f));
  fp = (FP *)f->data;
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(DMGlobalToLocal(da, x, INSERT_VALUES, fp->Xloc));
  PetscCall(VecGetArrayRead(fp->Xloc, &xl));
  PetscCall(VecGetArrayWrite(y, &yy));
  for (PetscInt q = 0, g = 0; q < fp->nrows; q++)
    for (PetscInt p = fp->row[q]; p < fp->row[q] + fp->rowlen; p++, g++) {
      PetscReal v = fp->diag[g] * xl[p];
      for (PetscInt a = 0; a < fp->dim; a++)
        v -= fp->up[a][g] * xl[p + fp->stride[a]] + fp->dn[a][g] * xl[p - fp->stride[a]];
      yy[g] = v;
    }
  PetscCall(VecRestoreArrayWrite(y, &yy));
  PetscCall(VecRestoreArrayRead(fp->Xloc, &xl));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatGetDiagonal_FP(Mat J, Vec d)
{
  MckField     f;
  PetscScalar *v;
  PetscInt     n;

  PetscFunctionBeginUser;
  PetscCall(MatShellGetContext(J, &f));
  PetscCall(VecGetLocalSize(d, &n));
  PetscCall(VecGetArrayWrite(d, &v));
  PetscCall(PetscArraycpy(v, ((FP *)f->data)->diag, n));
  PetscCall(VecRestoreArrayWrite(d, &v));
  PetscFunctionReturn(0);
}

/* shift I - A(U) with U = U(X) frozen; the preconditioner's symbol follows the shift. */
static PetscErrorCode IJacobian_FP(TS ts, PetscReal t, Vec X, Vec Xdot, PetscReal shift, Mat A, Mat P, void *ctx)
{
  MckField f  = (MckField)ctx;
  FP      *fp = (FP *)f->data;
  PetscInt nmodes;

  PetscFunctionBeginUser;
  (void)ts;
  (void)t;
  (void)Xdot;
  PetscCall(PetscLogEventBegin(MCK_EVENT_FieldJacobian, 0, 0, 0, 0));
  PetscCall(ComputePotential(f, X));
  PetscCall(ComputeCoefficients(f, shift));
  if (fp->jacobian == FP_JACOBIAN_AIJ) PetscCall(AssembleJacobian(f, P));
  else {
    PetscCall(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  }
  if (A != P) {
    PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  }
  if (shift != fp->pcshift) {
    PetscCall(MckGridGetLocalModes(f->grid, &nmodes, NULL));
    for (PetscInt m = 0; m < nmodes; m++) fp->pcsym[m] = 1.0 / (shift + fp->T * fp->lapsym[m]);
    fp->pcshift = shift;
  }
  PetscCall(PetscLogEventEnd(MCK_EVENT_FieldJacobian, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* y = (shift I - T Lap_h)^{-1} x, exactly, by FFT (Lap_h: the 2d+1-point Laplacian). */
static PetscErrorCode ApplyPC_FP(PC pc, Vec x, Vec y)
{
  MckField f;

  PetscFunctionBeginUser;
  PetscCall(PCShellGetContext(pc, &f));
  PetscCall(MckGridConvolveSymbol(f->grid, ((FP *)f->data)->pcsym, x, y));
  PetscFunctionReturn(0);
}

/* Symbol of -Lap_h: sum_a 4 sin^2(k_a h_a / 2) / h_a^2. */
static PetscReal LaplacianSymbol(PetscInt dim, const PetscReal k[], void *ctx)
{
  const PetscReal *h = (const PetscReal *)ctx;
  PetscReal        s = 0;
  for (PetscInt a = 0; a < dim; a++) {
    const PetscReal q = PetscSinReal(0.5 * k[a] * h[a]);
    s += 4 * q * q / (h[a] * h[a]);
  }
  return s;
}

static PetscErrorCode FillExternalPotential(MckField f)
{
  FP          *fp = (FP *)f->data;
  PetscInt     start[3], count[3], g = 0;
  PetscScalar *v;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetOwnedBox(f, start, count));
  PetscCall(VecGetArrayWrite(fp->V, &v));
  for (PetscInt k = start[2]; k < start[2] + count[2]; k++)
    for (PetscInt j = start[1]; j < start[1] + count[1]; j++)
      for (PetscInt i = start[0]; i < start[0] + count[0]; i++, g++) {
        const PetscInt idx[3] = {i, j, k};
        PetscReal      x[3]   = {0, 0, 0};
        for (PetscInt a = 0; a < fp->dim; a++) x[a] = idx[a] * fp->h[a];
        v[g] = 0;
        for (PetscInt q = 0; q < fp->npot; q++) v[g] += MckPotentialValue(&fp->pot[q], fp->dim, x);
      }
  PetscCall(VecRestoreArrayWrite(fp->V, &v));
  PetscFunctionReturn(0);
}

/* The type's vectors, tables, symbols and Jacobian (none of them under -help). */
static PetscErrorCode AllocateFP(MckField f)
{
  FP      *fp = (FP *)f->data;
  DM       da;
  PetscInt n[3];

  PetscFunctionBeginUser;
  /* the Krylov solve's inner products rank-count independent: with the local stencil and the
   * grid's FFTs the whole step is then bitwise the same on any rank count */
  PetscCall(MckGridSetReproducibleReductions(f->grid));
  PetscCall(MckGridGetDM(f->grid, &da));
  PetscCall(MckGridGetSizes(f->grid, &fp->dim, n, fp->L));
  for (PetscInt a = 0; a < fp->dim; a++) fp->h[a] = fp->L[a] / n[a];
  PetscCall(VecDuplicate(f->u, &fp->V));
  PetscCall(VecDuplicate(f->u, &fp->U));
  PetscCall(DMCreateLocalVector(da, &fp->Uloc));
  PetscCall(DMCreateLocalVector(da, &fp->Xloc));
  PetscCall(CreateRowTable(f));
  PetscCall(FillExternalPotential(f));
  if (fp->interaction) {
    PetscCall(MckKernelSetBox(&fp->W, fp->dim, fp->L));
    PetscCall(MckGridCreateSymbol(f->grid, MckKernelSymbol, &fp->W, &fp->Wsym));
  }
  PetscCall(MckGridCreateSymbol(f->grid, LaplacianSymbol, fp->h, &fp->lapsym));
  PetscCall(MckGridCreateSymbol(f->grid, LaplacianSymbol, fp->h, &fp->pcsym));
  fp->pcshift = -1;
  {
    PetscInt nlocal, nghosted, N;
    PetscCall(VecGetLocalSize(f->u, &nlocal));
    PetscCall(VecGetLocalSize(fp->Uloc, &nghosted));
    PetscCall(VecGetSize(f->u, &N));
    PetscCall(PetscMalloc1(nlocal, &fp->diag));
    for (PetscInt a = 0; a < fp->dim; a++) {
      PetscCall(PetscMalloc2(nlocal, &fp->up[a], nlocal, &fp->dn[a]));
      PetscCall(PetscMalloc2(nghosted, &fp->Bp[a], nghosted, &fp->Bm[a]));
    }
    if (fp->jacobian == FP_JACOBIAN_AIJ) PetscCall(DMCreateMatrix(da, &fp->J));
    else {
      PetscCall(MatCreateShell(f->comm, nlocal, nlocal, N, N, f, &fp->J));
      PetscCall(MatShellSetOperation(fp->J, MATOP_MULT, (void (*)(void))MatMult_FP));
      PetscCall(MatShellSetOperation(fp->J, MATOP_GET_DIAGONAL, (void (*)(void))MatGetDiagonal_FP));
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetUp_FP(MckField f)
{
  FP  *fp = (FP *)f->data;
  SNES snes;
  KSP  ksp;
  PC   pc;

  PetscFunctionBeginUser;
  if (!f->help) PetscCall(AllocateFP(f));
  PetscCall(TSSetType(f->ts, TSBEULER));
  PetscCall(TSSetIFunction(f->ts, NULL, IFunction_FP, f));
  PetscCall(TSSetIJacobian(f->ts, fp->J, fp->J, IJacobian_FP, f));
  PetscCall(TSSetTimeStep(f->ts, 0.01));
  PetscCall(TSGetSNES(f->ts, &snes));
  PetscCall(SNESSetType(snes, SNESKSPONLY));
  PetscCall(SNESGetKSP(snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPGMRES));
  PetscCall(KSPSetTolerances(ksp, 1e-10, 1e-50, PETSC_DEFAULT, 1000));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCSHELL));
  PetscCall(PCShellSetContext(pc, f));
  PetscCall(PCShellSetApply(pc, ApplyPC_FP));
  PetscCall(PCShellSetName(pc, "spectral inverse of shift I - T Lap_h"));
  PetscFunctionReturn(0);
}

/* Periodic distance of coordinate x from c on a side L. */
static inline PetscReal PeriodicOffset(PetscReal x, PetscReal c, PetscReal L)
{
  PetscReal d = x - c;
  return d - L * round(d / L);
}

static PetscErrorCode Initial_FP(MckField f, Vec u)
{
  FP                *fp = (FP *)f->data;
  PetscInt           start[3], count[3], g = 0;
  PetscScalar       *r;
  const PetscScalar *v;
  PetscReal          mass;

  PetscFunctionBeginUser;
  PetscCall(MckFieldGetOwnedBox(f, start, count));
  PetscCall(VecGetArrayWrite(u, &r));
  PetscCall(VecGetArrayRead(fp->V, &v));
  for (PetscInt k = start[2]; k < start[2] + count[2]; k++)
    for (PetscInt j = start[1]; j < start[1] + count[1]; j++)
      for (PetscInt i = start[0]; i < start[0] + count[0]; i++, g++) {
        const PetscInt idx[3] = {i, j, k};
        PetscReal      r2     = 0;
        for (PetscInt a = 0; a < fp->dim; a++) {
          const PetscReal d = PeriodicOffset(idx[a] * fp->h[a], 0.5 * fp->L[a], fp->L[a]);
          r2 += d * d;
        }
        switch ((FPInit)fp->init) {
        case FP_INIT_UNIFORM: r[g] = 1; break;
        case FP_INIT_GAUSSIAN: r[g] = PetscExpReal(-0.5 * r2 / (fp->init_width * fp->init_width)); break;
        case FP_INIT_COSINE:
          r[g] = 1;
          for (PetscInt a = 0; a < fp->dim; a++)
            r[g] += fp->init_amplitude * PetscCosReal(2 * PETSC_PI * idx[a] * fp->h[a] / fp->L[a]);
          break;
        case FP_INIT_GIBBS: r[g] = PetscExpReal(-v[g] / fp->T); break;
        }
      }
  PetscCall(VecRestoreArrayRead(fp->V, &v));
  PetscCall(VecRestoreArrayWrite(u, &r));
  PetscCall(MckFieldIntegrateVecs(f, 1, &u, &mass));
  PetscCall(VecScale(u, 1.0 / mass));
  PetscFunctionReturn(0);
}

/* E = h^d sum_p (T rho log rho + V rho + rho (W * rho) / 2). */
static PetscErrorCode Energy_FP(MckField f, PetscReal *E)
{
  FP                *fp = (FP *)f->data;
  const PetscScalar *rho, *v, *w = NULL;
  PetscScalar       *e;
  PetscInt           n;

  PetscFunctionBeginUser;
  if (fp->interaction) PetscCall(MckGridConvolveSymbol(f->grid, fp->Wsym, f->u, f->work));
  PetscCall(VecGetLocalSize(f->u, &n));
  PetscCall(VecGetArrayRead(f->u, &rho));
  PetscCall(VecGetArrayRead(fp->V, &v));
  if (fp->interaction) PetscCall(VecGetArrayRead(f->work, &w));
  PetscCall(VecGetArrayWrite(fp->U, &e));
  for (PetscInt i = 0; i < n; i++) {
    e[i] = (rho[i] > 0 ? fp->T * rho[i] * PetscLogReal(rho[i]) : 0) + v[i] * rho[i];
    if (w) e[i] += 0.5 * rho[i] * w[i];
  }
  PetscCall(VecRestoreArrayWrite(fp->U, &e));
  if (w) PetscCall(VecRestoreArrayRead(f->work, &w));
  PetscCall(VecRestoreArrayRead(fp->V, &v));
  PetscCall(VecRestoreArrayRead(f->u, &rho));
  PetscCall(MckFieldIntegrateVecs(f, 1, &fp->U, E));
  PetscFunctionReturn(0);
}

/* The type-specific functions: the public ones below call these through the methods composed
 * on the object, so a field of another type refuses them. */
static PetscErrorCode GetPotential_FP(MckField f, Vec *U)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(ComputePotential(f, f->u));
  *U = fp->U;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetOrderParameter_FP(MckField f, PetscReal *r)
{
  FP                *fp = (FP *)f->data;
  PetscInt           start[3], count[3], g = 0;
  const PetscScalar *rho;
  PetscScalar       *c, *s;
  PetscReal          integ[3];
  Vec                v[3];

  PetscFunctionBeginUser;
  PetscCheck(f->setup, f->comm, PETSC_ERR_ORDER, "call MckFieldSetUp() first");
  PetscCall(MckFieldGetOwnedBox(f, start, count));
  PetscCall(VecGetArrayRead(f->u, &rho));
  PetscCall(VecGetArrayWrite(f->work, &c));
  PetscCall(VecGetArrayWrite(fp->U, &s));
  for (PetscInt k = 0; k < count[2]; k++)
    for (PetscInt j = 0; j < count[1]; j++)
      for (PetscInt i = start[0]; i < start[0] + count[0]; i++, g++) {
        const PetscReal phase = 2 * PETSC_PI * i * fp->h[0] / fp->L[0];
        c[g]                  = rho[g] * PetscCosReal(phase);
        s[g]                  = rho[g] * PetscSinReal(phase);
      }
  PetscCall(VecRestoreArrayWrite(fp->U, &s));
  PetscCall(VecRestoreArrayWrite(f->work, &c));
  PetscCall(VecRestoreArrayRead(f->u, &rho));
  v[0] = f->u;
  v[1] = f->work;
  v[2] = fp->U;
  PetscCall(MckFieldIntegrateVecs(f, 3, v, integ));
  *r = PetscSqrtReal(integ[1] * integ[1] + integ[2] * integ[2]) / integ[0];
  PetscFunctionReturn(0);
}

static PetscErrorCode SetTemperature_FP(MckField f, PetscReal T)
{
  PetscFunctionBeginUser;
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldFPSetTemperature() after MckFieldSetUp()");
  PetscCall(McKeanCheckPositive(f->comm, McKeanOptionName((PetscObject)f, "-fp_temperature"), T));
  ((FP *)f->data)->T = T;
  PetscFunctionReturn(0);
}

static PetscErrorCode GetTemperature_FP(MckField f, PetscReal *T)
{
  PetscFunctionBeginUser;
  *T = ((FP *)f->data)->T;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetKernel_FP(MckField f, const MckKernel *W)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldFPSetKernel() after MckFieldSetUp()");
  fp->W           = *W;
  fp->interaction = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode AddPotential_FP(MckField f, const MckPotential *V)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCheck(!f->setup, f->comm, PETSC_ERR_ORDER, "MckFieldFPAddPotential() after MckFieldSetUp()");
  PetscCheck(fp->npot < MCK_FP_MAX_POTENTIALS, f->comm, PETSC_ERR_ARG_OUTOFRANGE, "at most %d potentials",
             MCK_FP_MAX_POTENTIALS);
  fp->pot[fp->npot++] = *V;
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPGetPotential - The total potential U = V + W * rho of the current solution.

  Collective

  Input Parameter:
. f - a fokker_planck field, set up

  Output Parameter:
. U - a grid Vec owned by the field, overwritten by the next step, energy or order parameter

  Level: intermediate

.seealso: `MckFieldFPSetKernel()`, `MckFieldFPAddPotential()`
@*/
PetscErrorCode MckFieldFPGetPotential(MckField f, Vec *U)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPGetPotential_C", (MckField, Vec *), (f, U));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPGetOrderParameter - The Kuramoto order parameter |integral rho exp(2 pi i x_0 / L_0)| / mass,
  the diagnostic of the particle drift fourier_meanfield (mode e_1).

  Collective

  Input Parameter:
. f - a fokker_planck field, set up

  Output Parameter:
. r - the order parameter (0 uniform, 1 a point mass), a reproducible sum

  Level: intermediate

.seealso: `MckFieldGetDiagnostic()`
@*/
PetscErrorCode MckFieldFPGetOrderParameter(MckField f, PetscReal *r)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPGetOrderParameter_C", (MckField, PetscReal *), (f, r));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPSetTemperature - Sets the temperature T (the diffusion coefficient).

  Logically Collective

  Input Parameters:
+ f - a fokker_planck field, before `MckFieldSetUp()` (after `MckFieldSetFromOptions()`, which may override it)
- T - the temperature, T > 0

  Options Database Key:
. -fp_temperature <T> - the temperature

  Level: intermediate

.seealso: `MckFieldFPGetTemperature()`
@*/
PetscErrorCode MckFieldFPSetTemperature(MckField f, PetscReal T)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPSetTemperature_C", (MckField, PetscReal), (f, T));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPGetTemperature - The temperature T.

  Not Collective

  Input Parameter:
. f - a fokker_planck field

  Output Parameter:
. T - the temperature

  Level: intermediate

.seealso: `MckFieldFPSetTemperature()`
@*/
PetscErrorCode MckFieldFPGetTemperature(MckField f, PetscReal *T)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPGetTemperature_C", (MckField, PetscReal *), (f, T));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPSetKernel - Replaces the interaction kernel W (copied) and switches the interaction on.

  Logically Collective

  Input Parameters:
+ f - a fokker_planck field, before `MckFieldSetUp()`
- W - the kernel (mckkernel.h)

  Options Database Keys:
+ -fp_interaction - the interaction with the kernel of the options
- -mf_*           - that kernel (`MckKernelSetFromOptions()`, under the field's prefix)

  Level: intermediate

.seealso: `MckFieldFPAddPotential()`, `MckKernelSetFromOptions()`
@*/
PetscErrorCode MckFieldFPSetKernel(MckField f, const MckKernel *W)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPSetKernel_C", (MckField, const MckKernel *), (f, W));
  PetscFunctionReturn(0);
}

/*@C
  MckFieldFPAddPotential - Adds an external potential V (copied) to those of the options.

  Logically Collective

  Input Parameters:
+ f - a fokker_planck field, before `MckFieldSetUp()`
- V - the potential (mckkernel.h)

  Options Database Key:
. -fp_potentials <harmonic,double_well> - potentials from the options (their -harmonic_*, -double_well_* under the field's prefix)

  Level: intermediate

.seealso: `MckFieldFPSetKernel()`, `MckPotentialSetFromOptions()`
@*/
PetscErrorCode MckFieldFPAddPotential(MckField f, const MckPotential *V)
{
  PetscFunctionBeginUser;
  PetscValidHeaderSpecific(f, MCK_FIELD_CLASSID, 1);
  PetscUseMethod(f, "MckFieldFPAddPotential_C", (MckField, const MckPotential *), (f, V));
  PetscFunctionReturn(0);
}

static PetscErrorCode Diagnostic_FP(MckField f, PetscReal *value)
{
  PetscFunctionBeginUser;
  PetscCall(GetOrderParameter_FP(f, value));
  PetscFunctionReturn(0);
}

static PetscErrorCode Config_FP(MckField f, MckIO io, PetscBool check)
{
  FP  *fp         = (FP *)f->data;
  char names[256] = "";

  PetscFunctionBeginUser;
  PetscCall(MckIOConfigReals(io, check, McKeanOptionName((PetscObject)f, "-fp_temperature"), 1, &fp->T));
  for (PetscInt i = 0; i < fp->npot; i++) {
    PetscCall(PetscStrlcat(names, i ? "," : "", sizeof(names)));
    PetscCall(PetscStrlcat(names, MckPotentialKinds[fp->pot[i].kind], sizeof(names)));
  }
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)f, "-fp_potentials"), names));
  for (PetscInt i = 0; i < fp->npot; i++) PetscCall(MckPotentialConfig(&fp->pot[i], fp->dim, io, check));
  PetscCall(MckIOConfigString(io, check, McKeanOptionName((PetscObject)f, "-fp_interaction"),
                              fp->interaction ? "true" : "false"));
  if (fp->interaction) PetscCall(MckKernelConfig(&fp->W, io, check));
  PetscFunctionReturn(0);
}

static PetscErrorCode View_FP(MckField f, PetscViewer viewer)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCall(PetscViewerASCIIPrintf(viewer,
                                   "Fokker-Planck: T = %g, Scharfetter-Gummel finite volumes, initial density %s\n",
                                   (double)fp->T, FPInits[fp->init]));
  for (PetscInt i = 0; i < fp->npot; i++) {
    PetscCall(PetscViewerASCIIPrintf(viewer, "potential %s: ", MckPotentialKinds[fp->pot[i].kind]));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE)); /* the rest of the line */
    PetscCall(MckPotentialView(&fp->pot[i], viewer));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  }
  if (fp->interaction) {
    PetscCall(PetscViewerASCIIPrintf(viewer, "interaction: "));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_FALSE));
    PetscCall(MckKernelView(&fp->W, viewer));
    PetscCall(PetscViewerASCIIPrintf(viewer, "\n"));
    PetscCall(PetscViewerASCIIUseTabs(viewer, PETSC_TRUE));
  } else PetscCall(PetscViewerASCIIPrintf(viewer, "no interaction (W = 0)\n"));
  PetscFunctionReturn(0);
}

/* The type-specific methods, composed by the constructor and removed by destroy. */
static const MckTypedMethod Methods[] = {{"MckFieldFPSetTemperature_C", (PetscVoidFunction)SetTemperature_FP},
                                         {"MckFieldFPGetTemperature_C", (PetscVoidFunction)GetTemperature_FP},
                                         {"MckFieldFPSetKernel_C", (PetscVoidFunction)SetKernel_FP},
                                         {"MckFieldFPAddPotential_C", (PetscVoidFunction)AddPotential_FP},
                                         {"MckFieldFPGetPotential_C", (PetscVoidFunction)GetPotential_FP},
                                         {"MckFieldFPGetOrderParameter_C", (PetscVoidFunction)GetOrderParameter_FP},
                                         {NULL, NULL}};

static PetscErrorCode Destroy_FP(MckField f)
{
  FP *fp = (FP *)f->data;

  PetscFunctionBeginUser;
  PetscCall(VecDestroy(&fp->V));
  PetscCall(VecDestroy(&fp->U));
  PetscCall(VecDestroy(&fp->Uloc));
  PetscCall(VecDestroy(&fp->Xloc));
  PetscCall(MatDestroy(&fp->J));
  PetscCall(PetscFree(fp->diag));
  PetscCall(PetscFree(fp->row));
  for (PetscInt a = 0; a < 3; a++) {
    PetscCall(PetscFree2(fp->up[a], fp->dn[a]));
    PetscCall(PetscFree2(fp->Bp[a], fp->Bm[a]));
  }
  PetscCall(PetscFree(fp->Wsym));
  PetscCall(PetscFree(fp->lapsym));
  PetscCall(PetscFree(fp->pcsym));
  PetscCall(PetscFree(f->data));
  PetscCall(McKeanTypedComposeMethods((PetscObject)f, Methods, PETSC_FALSE));
  PetscFunctionReturn(0);
}

PetscErrorCode MckFieldCreate_FokkerPlanck(MckField f)
{
  FP *fp;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&fp));
  fp->T              = 1.0;
  fp->init           = FP_INIT_UNIFORM;
  fp->init_amplitude = 0.1;
  fp->init_width     = 0.1;
  fp->pot_state      = -1; /* no potential computed yet */
  PetscCall(MckKernelSetDefaults(&fp->W));
  f->data                = fp;
  f->quantity            = "rho";
  f->diagnostic          = "order_parameter";
  f->ops->setfromoptions = SetFromOptions_FP;
  f->ops->setup          = SetUp_FP;
  /* V, U, two ghosted, the diagonal, 4 stencil coefficients per axis (2D), 3 half-size symbols */
  f->nvecs           = 15;
  f->ops->initial    = Initial_FP;
  f->ops->energy     = Energy_FP;
  f->ops->diagnostic = Diagnostic_FP;
  f->ops->config     = Config_FP;
  f->ops->view       = View_FP;
  f->ops->destroy    = Destroy_FP;
  PetscCall(McKeanTypedComposeMethods((PetscObject)f, Methods, PETSC_TRUE));
  PetscFunctionReturn(0);
}
