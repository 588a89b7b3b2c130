/* White-box test of the stats layer's number system (src/stats/fixedpoint.h):
 *  - double -> fixed is exactly rne(x * 2^64), checked against a reference that uses integer
 *    arithmetic on the mantissa only;
 *  - fixed -> double is the correctly rounded value (nearest, ties to even), checked by exact
 *    integer arithmetic on the residual, not by another conversion routine;
 *  - round trip is the identity for 2^-12 <= |x| < 2^62;
 *  - the sticky overflow marker.
 * Prints the cost of both conversions next to libgcc's (information, not asserted). */
#include <mckean/mckean.h>
#include "stats/fixedpoint.h"

static uint64_t mix64(uint64_t z)
{
  z += UINT64_C(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A double with a random 53-bit mantissa, random sign and exponent in [emin, emax]. */
static double random_double(uint64_t i, int emin, int emax)
{
  uint64_t h = mix64(i), g = mix64(h);
  double   m = (double)((h >> 11) | (UINT64_C(1) << 52)) * 0x1p-52; /* [1, 2) */
  int      e = emin + (int)(g % (uint64_t)(emax - emin + 1));
  return ((g >> 63) ? -1.0 : 1.0) * ldexp(m, e);
}

/* The reference for rne(x * 2^64), with integer arithmetic only, independent of the code under
 * test: |x| = M 2^(e-53) with an integer mantissa M < 2^53, so |x| 2^64 = M 2^sh, sh = e + 11;
 * shift left exactly, or shift right and round half to even on the integer bits. */
static MckFixed reference_fixed(double x)
{
  unsigned __int128 u = 0;
  int               e;

  if (x == 0) return 0;
  const uint64_t M  = (uint64_t)ldexp(frexp(fabs(x), &e), 53); /* exact, also for subnormals */
  const int      sh = e - 53 + 64;
  if (sh >= 0) u = (unsigned __int128)M << sh;
  else if (-sh <= 60) {
    const int      k = -sh;
    const uint64_t q = M >> k, rem = M & ((UINT64_C(1) << k) - 1), half = UINT64_C(1) << (k - 1);
    u = q + ((rem > half) || (rem == half && (q & 1)));
  } /* else M 2^sh < 2^53 2^-61 < 1/2: rounds to 0 */
  return x < 0 ? -(MckFixed)u : (MckFixed)u;
}

/* Is d the double nearest to v * 2^-64 (ties to even)? Decided with exact integer arithmetic on
 * the residual, not by another conversion routine. In units of 2^-64, |d| = M 2^k with a 53-bit
 * mantissa M; for k <= 0 the value must be exact; otherwise the residual |v| - |d| must be at
 * most half the spacing (which halves just below a power of two), a tie landing on an even M. */
static PetscBool correctly_rounded(MckFixed v, double d)
{
  if (v == 0) return (PetscBool)(d == 0);
  if ((v < 0) != (d < 0)) return PETSC_FALSE;
  const unsigned __int128 a  = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  const double            ad = fabs(d) * 0x1p64; /* exact */
  int                     e;
  const double            m = frexp(ad, &e); /* ad = m 2^e, m in [0.5, 1) */
  const uint64_t          M = (uint64_t)ldexp(m, 53);
  const int               k = e - 53;
  if (k <= 0) return (PetscBool)(ad == floor(ad) && (unsigned __int128)ad == a);
  const unsigned __int128 A    = (unsigned __int128)ad; /* exact: an integer */
  const unsigned __int128 r    = a > A ? a - A : A - a;
  unsigned __int128       half = (unsigned __int128)1 << (k - 1);
  if (M == (UINT64_C(1) << 52) && a < A) half >>= 1;
  if (r != half) return (PetscBool)(r < half);
  return (PetscBool)((M & 1) == 0);
}

static PetscErrorCode TestFromDouble(PetscInt n, PetscInt *fails)
{
  const double special[] = {0.0,
                            -0.0,
                            0x1p-65,
                            3 * 0x1p-65,
                            5 * 0x1p-65,
                            -0x1p-65,
                            -3 * 0x1p-65,
                            0x1p-66,
                            0x1p-1074,
                            -0x1p-1074,
                            0x1p-12,
                            0x1p-12 * (1 + 0x1p-52),
                            nextafter(0x1p-12, 0),
                            -nextafter(0x1p-12, 0),
                            nextafter(0x1p62, 0),
                            -nextafter(0x1p62, 0),
                            1.0,
                            -1.0,
                            0.1,
                            -0.1,
                            1e-30,
                            -1e-30,
                            0.5 - 0x1p-54,
                            -(1 - 0x1p-53)};
  MckFixed     v         = 0;

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
    if (!MckFixedFromDouble(special[i], &v) || v != reference_fixed(special[i])) {
      if (*fails < 10) PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL from_double(%a)\n", special[i]));
      (*fails)++;
    }
  }
  for (PetscInt i = 0; i < n; i++) {
    double x = random_double((uint64_t)i, -90, 61);
    if (!MckFixedFromDouble(x, &v) || v != reference_fixed(x)) {
      if (*fails < 10) PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL from_double(%a)\n", x));
      (*fails)++;
    }
    if (fabs(x) >= 0x1p-12 && MckFixedToDouble(v) != x) {
      if (*fails < 10)
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL round trip of %a gives %a\n", x, MckFixedToDouble(v)));
      (*fails)++;
    }
  }
  /* refused: out of range, NaN, Inf */
  const double refused[] = {0x1p62, -0x1p62, 0x1p63, 1e300, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
    if (MckFixedFromDouble(refused[i], &v)) {
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL from_double(%g) accepted\n", refused[i]));
      (*fails)++;
    }
  }
  PetscFunctionReturn(0);
}

/* A random int128 with a random bit length in [0, 126] and random sign; every 4th value is a
 * rounding tie (54 significant bits ending in ...1 followed by zeros) or just off one. */
static MckFixed random_fixed(uint64_t i)
{
  uint64_t          h = mix64(i ^ UINT64_C(0xABCDEF)), g = mix64(h), k = mix64(g);
  int               bits = (int)(g % 127);
  unsigned __int128 u    = (((unsigned __int128)h << 64) | k);
  u                      = bits ? u >> (128 - bits) : 0;
  if ((i & 3) == 0 && bits >= 60) {
    int s = bits - 54; /* keep 54 bits, then force ...1 000..0 (tie), or +-1 around it */
    u     = ((u >> s) | 1) << s;
    if (i & 4) u += (i & 8) ? 1 : (unsigned __int128)-1;
  }
  return (g >> 63) ? -(MckFixed)u : (MckFixed)u;
}

static PetscErrorCode TestToDouble(PetscInt n, PetscInt *fails)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < n; i++) {
    MckFixed v = random_fixed((uint64_t)i);
    double   d = MckFixedToDouble(v);
    if (!correctly_rounded(v, d) || d != (double)v * 0x1p-64) {
      if (*fails < 10)
        PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL to_double(hi=%llx lo=%llx) = %a, libgcc %a\n",
                              (unsigned long long)((unsigned __int128)v >> 64), (unsigned long long)v, d,
                              (double)v * 0x1p-64));
      (*fails)++;
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode TestAdd(PetscInt *fails)
{
  const MckFixed max = (MckFixed)(((unsigned __int128)1 << 127) - 1);
  const MckFixed P   = MCK_FIXED_POISON;
  struct {
    MckFixed a, b, want;
  } cases[] = {
      {1, 2, 3},     {max, 1, P},    {-max, -1, P}, /* lands exactly on -2^127: not a legal sum */
      {-max, -2, P}, {P, 5, P},                     /* sticky: adding a positive number must not revive it */
      {7, P, P},     {max, -max, 0}, {P, (MckFixed)1 << 126, P},
  };

  PetscFunctionBeginUser;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    if (MckFixedAdd(cases[i].a, cases[i].b) != cases[i].want) {
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "FAIL add case %zu\n", i));
      (*fails)++;
    }
  }
  PetscFunctionReturn(0);
}

/* Information only: ns per conversion, ours against libgcc's __fixdfti / __floattidf. */
static PetscErrorCode TimeConversions(void)
{
  enum { M = 4096, REPS = 1000 };
  static double   x[M];
  static MckFixed v[M];
  MckFixed        acc  = 0;
  double          dacc = 0, t0, t1, t2, t3, t4;

  PetscFunctionBeginUser;
  for (int i = 0; i < M; i++) x[i] = random_double((uint64_t)i + 77, -40, 40);
  t0 = MPI_Wtime();
  /* the empty asm with a memory clobber stops the compiler from hoisting the r-invariant sums */
  for (int r = 0; r < REPS; r++) {
    __asm__ __volatile__("" ::: "memory");
    for (int i = 0; i < M; i++) {
      MckFixed t = 0;
      (void)MckFixedFromDouble(x[i], &t);
      acc += t;
    }
  }
  t1 = MPI_Wtime();
  for (int r = 0; r < REPS; r++) {
    __asm__ __volatile__("" ::: "memory");
    for (int i = 0; i < M; i++) acc += (MckFixed)(x[i] * 0x1p64);
  }
  t2 = MPI_Wtime();
  for (int i = 0; i < M; i++) (void)MckFixedFromDouble(x[i], &v[i]);
  for (int r = 0; r < REPS; r++)
    for (int i = 0; i < M; i++) dacc += MckFixedToDouble(v[i] + r);
  t3 = MPI_Wtime();
  for (int r = 0; r < REPS; r++)
    for (int i = 0; i < M; i++) dacc += (double)(v[i] + r) * 0x1p-64;
  t4 = MPI_Wtime();
  PetscCall(PetscPrintf(
      PETSC_COMM_SELF,
      "double->fixed: %.2f ns (libgcc truncating cast %.2f ns); fixed->double: %.2f ns (libgcc %.2f ns)  [checksums %g %g]\n",
      1e9 * (t1 - t0) / (M * (double)REPS), 1e9 * (t2 - t1) / (M * (double)REPS), 1e9 * (t3 - t2) / (M * (double)REPS),
      1e9 * (t4 - t3) / (M * (double)REPS), (double)acc, dacc));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt fails = 0;

  PetscCall(McKeanInitialize(&argc, &argv, NULL, "Exactness of the stats layer's 128-bit fixed-point conversions.\n"));
  PetscCall(TestFromDouble(1000000, &fails));
  PetscCall(TestToDouble(1000000, &fails));
  PetscCall(TestAdd(&fails));
  PetscCall(TimeConversions());
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s: %" PetscInt_FMT " failure(s)\n", fails ? "FAIL" : "PASS", fails));
  PetscCheck(!fails, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " fixed-point conversion check(s) failed",
             fails);
  PetscCall(McKeanFinalize());
  return 0;
}
