/* Exact signed 128-bit fixed point with 64 fractional bits: the number system behind MckStats.
 *
 * A value x is represented by the integer v = rne(x * 2^64) (rne: round to nearest, ties to
 * even), so the resolution is 2^-64 and the conversion is exact whenever |x| >= 2^-12 (a
 * double's last bit is then worth at least 2^-64). Sums of such integers are exact and
 * associative, which is what makes a reduction independent of the number of ranks.
 *
 * Range: a value given to MckFixedFromDouble() must be finite and below 2^62 in magnitude; a
 * sum must stay below 2^63 (|v| < 2^127). A sum that leaves the range becomes POISON (the one
 * int128 value no legal sum can take, -2^127), and POISON absorbs everything added to it, so
 * an overflow anywhere — in a rank's accumulator or inside the MPI reduction — survives to the
 * end of the reduction and is seen identically on every rank.
 *
 * Private to the stats layer; the tests include it for white-box checks of the rounding. */
#pragma once
#include <petscsys.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef __int128 MckFixed;

/* -2^127, the out-of-range marker (GCC and Clang define the unsigned-to-signed conversion
 * modulo 2^128). */
#define MCK_FIXED_POISON ((MckFixed)(((unsigned __int128)1) << 127))
/* Largest magnitude (exclusive) of one value given to MckFixedFromDouble(). */
#define MCK_FIXED_VALUE_LIMIT 0x1p62

/* 2^k as a double, exactly, for -1022 <= k <= 1023: built from its bits (ldexp is a libm call). */
static inline double MckFixedPow2(int k)
{
  const uint64_t bits = (uint64_t)(1023 + k) << 52;
  double         d;
  memcpy(&d, &bits, sizeof(d));
  return d;
}

/* v = rne(x * 2^64), exactly, with 64-bit conversions only (libgcc's __fixdfti, the compiler's
 * cast to __int128, truncates and is 2-3 times slower). Returns PETSC_FALSE, leaving *v alone,
 * if x is NaN, infinite or |x| >= 2^62.
 *
 * Why it is exact. With a = |x| < 2^62, ip = trunc(a) fits in 64 bits and (double)ip is exact;
 * a - ip is exact (Sterbenz for a >= 1, trivially for a < 1), and so is scaling by 2^64; so f
 * is the fractional part of a in units of 2^-64, exactly, in [0, 2^64). rint() rounds f to an
 * integer (to nearest, ties to even, in the default rounding mode McKean assumes throughout;
 * one roundsd instruction with SSE4.1). f has a fraction at all only if x has bits below 2^-64,
 * which needs |x| < 2^-12, and then f < 2^52, so the rounded value still fits the low word.
 * The sign is applied to the integer, not to the double: x - floor(x) = 1 + x would be inexact
 * for a tiny negative x. */
static inline PetscBool MckFixedFromDouble(double x, MckFixed *v)
{
  const double a = fabs(x);
  if (PetscUnlikely(!(a < MCK_FIXED_VALUE_LIMIT))) return PETSC_FALSE;
  const int64_t           ip = (int64_t)a;
  const uint64_t          fp = (uint64_t)rint((a - (double)ip) * 0x1p64);
  const unsigned __int128 u  = ((unsigned __int128)(uint64_t)ip << 64) | fp;
  *v                         = (x < 0) ? -(MckFixed)u : (MckFixed)u;
  return PETSC_TRUE;
}

/* The double nearest (ties to even) to v * 2^-64: one correct rounding of the exact integer,
 * hence the same on every rank count. The integer is first rounded to odd at 64 bits (top 64
 * bits, with a sticky bit for everything below); one hardware conversion of that 64-bit word
 * then rounds to nearest correctly, since round-to-odd with >= 2 extra bits followed by
 * round-to-nearest equals a single round-to-nearest (Boldo & Melquiond, IEEE TC 2008). Scaling
 * by a power of two is exact (the result is never below 2^-64). Assumes the default rounding
 * mode (to nearest), as all of McKean does. v must not be POISON. Cost: ~2 ns, against ~5 ns
 * for libgcc's __floattidf (the compiler's cast). */
static inline double MckFixedToDouble(MckFixed v)
{
  const unsigned __int128 u  = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  const uint64_t          hi = (uint64_t)(u >> 64), lo = (uint64_t)u;
  double                  d;

  if (!hi) d = (double)lo * 0x1p-64;
  else {
    const int      s      = 64 - __builtin_clzll(hi); /* bits above the low word, 1..63 */
    const uint64_t sticky = (lo << (64 - s)) != 0;    /* the s bits shifted out */
    d                     = (double)((uint64_t)(u >> s) | sticky) * MckFixedPow2(s - 64);
  }
  return v < 0 ? -d : d;
}

/* a + b, or POISON if either is POISON or the exact sum leaves (-2^127, 2^127). */
static inline MckFixed MckFixedAdd(MckFixed a, MckFixed b)
{
  MckFixed  r;
  const int ovf = __builtin_add_overflow(a, b, &r);
  if (PetscUnlikely(ovf | (a == MCK_FIXED_POISON) | (b == MCK_FIXED_POISON) | (r == MCK_FIXED_POISON)))
    return MCK_FIXED_POISON;
  return r;
}

/* The MPI side: a contiguous datatype of two 64-bit words (one MckFixed, 16 bytes, low word
 * first as in memory) and a commutative MPI_Op applying MckFixedAdd element-wise. The op is
 * purely element-wise, so it stays correct when MPI splits the buffer into segments. */
PETSC_INTERN PetscErrorCode MckFixedMPICreate(MPI_Datatype *type, MPI_Op *op);
PETSC_INTERN PetscErrorCode MckFixedMPIDestroy(MPI_Datatype *type, MPI_Op *op);
