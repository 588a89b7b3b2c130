/* The pspin model of MckDMFT (MCKDMFT_PSPIN, -dmft_model pspin): Langevin dynamics of the
 * spherical p-spin glass in the N -> infinity limit, solved as the Cugliandolo-Kurchan equations
 * for the two-time correlation C(t,t') and response R(t,t') (dmft layer, DESIGN.md §2;
 * equations, factors and references in docs/pspin.md).
 *
 * With f(q) = q^p / 2 (the covariance of the Hamiltonian per spin), t >= t' >= 0:
 *   d_t C(t,t') = -mu(t) C(t,t') + int_0^t' ds f'(C(t,s)) R(t',s) + int_0^t ds f''(C(t,s)) R(t,s) C(s,t')
 *   d_t R(t,t') = -mu(t) R(t,t') + int_t'^t ds f''(C(t,s)) R(t,s) R(s,t')
 *   mu(t)       = T + int_0^t ds [f'(C(t,s)) + f''(C(t,s)) C(t,s)] R(t,s)   (keeps C(t,t) = 1)
 * with C(t,t) = 1, R(t,t^-) = 1, R(t,t') = 0 for t' > t. An initial condition in equilibrium
 * at temperature T' (-pspin_init equilibrium) adds (1/T') f'(C(t,0)) C(t',0) to d_t C and
 * (1/T') f'(C(t,0)) C(t,0) to mu(t).
 *
 * Discretisation: uniform grid t_i = i h, i = 0..n; Heun predictor-corrector in t on each new
 * row t_{i+1}, trapezoidal rule for the memory integrals; O(i) work per entry, O(i^2) per row.
 * A step of the MckDMFT is one row: step i -> i + 1, n steps in all (an MckRun checkpoints the
 * rows computed so far and restarts from them on any rank count, bitwise).
 *
 * State: C and R are n+1 by n+1 MATMPIDENSE matrices whose rows are the earlier time t'. During
 * the solve the times are dealt out cyclically (rank r holds t_j, j = r mod P, so that every
 * step's work is balanced) and a rank computes the entries C(t_{i+1}, t_j), R(t_{i+1}, t_j) of
 * its rows j from its own rows only (C is stored symmetric, R keeps its transpose in the unused
 * upper triangle); one MPI_Allgatherv per stage replicates the new row. At the end the result
 * is moved to natural row order. No floating-point reduction crosses ranks, so the result is
 * bitwise identical for any rank count. */
#pragma once
#include <mckean/mckdmft.h>

/* -pspin_init */
typedef enum { MCK_PSPIN_INIT_RANDOM, MCK_PSPIN_INIT_EQUILIBRIUM } MckPSpinInit;

/* Options of the type (defaults in -help):
 *   -pspin_p P               interaction order, P >= 3
 *   -pspin_temperature T     bath temperature, T > 0
 *   -pspin_tmax TMAX         last time of the grid
 *   -pspin_dt H | -pspin_steps N   grid step (N = round(TMAX / H)) or number of steps (H = TMAX / N)
 *   -pspin_init random|equilibrium  initial condition: uncorrelated with the couplings, or drawn
 *                            from the Boltzmann measure at -pspin_init_temperature T' > 0
 *   -pspin_max_memory BYTES  refuse a grid whose matrices need more on one rank (peak: three
 *                            local blocks while the result is reordered; default 4 GiB)
 * Result (MckDMFTWrite into /dmft of a run file): /dmft/C, /dmft/R ((n+1) x (n+1), row i = time
 * t_i), /dmft/times (n+1), /dmft/mu (n+1), /dmft/energy (n+1, energy per spin e(t) = (T - mu(t))
 * / p) and the parameters as attributes of /dmft (model = "pspin", p, temperature, dt, steps,
 * tmax, init, init_temperature, Td, plateau_equilibrium, plateau_aging). An unfinished solve
 * writes its state instead: the (i+1) x (i+1) leading blocks of the working C and R in time
 * order (C(t_j, t_s), and R(t_j, t_s) for s <= j and R(t_s, t_j) for s > j), the current row and
 * mu(t_0..t_i), with the attribute step = i. */

/* The solution on the grid (after the solve): C(t_i, t_j) (symmetric) and R(t_i, t_j) (zero for
 * j > i), (n+1) by (n+1) MATMPIDENSE owned by d; the grid; mu(t_i), i = 0..n, replicated. */
PETSC_EXTERN PetscErrorCode MckDMFTPSpinGetCorrelation(MckDMFT d, Mat *C, Mat *R);
PETSC_EXTERN PetscErrorCode MckDMFTPSpinGetGrid(MckDMFT d, PetscInt *n, PetscReal *h);
PETSC_EXTERN PetscErrorCode MckDMFTPSpinGetMultiplier(MckDMFT d, const PetscReal *mu[]);

/* Theory for p-spin (docs/pspin.md): the dynamical transition T_d = sqrt(p (p-2)^(p-2) /
 * (2 (p-1)^(p-1))), where a non-zero plateau q of the equilibrium (mode-coupling) equation
 * T^2 q = (1 - q) f'(q) first appears; that plateau q(T) for T <= T_d (0 above T_d); and the
 * aging plateau q_EA(T) of a random start below T_d, f''(q)(1-q)^2 = T^2 (0 above T_d). */
PETSC_EXTERN PetscErrorCode MckPSpinDynamicalTemperature(PetscInt p, PetscReal *Td);
PETSC_EXTERN PetscErrorCode MckPSpinPlateau(PetscInt p, PetscReal T, PetscReal *q);
PETSC_EXTERN PetscErrorCode MckPSpinAgingPlateau(PetscInt p, PetscReal T, PetscReal *q);
