/* Shared helpers for the rng unit tests: a pass/fail counter that prints what was measured, and
 * an independent source of test inputs (SplitMix64, not Philox, so inputs do not depend on the
 * code under test). */
#pragma once
#include <mckean/mckrng.h>
#include <stdarg.h>
#include <stdio.h>

static int rngtest_failures = 0;

/* Print "PASS|FAIL  <message>" on rank 0 and count failures. */
static inline void RngTestCheck(int ok, const char *fmt, ...)
{
  char    msg[512];
  va_list ap;

  va_start(ap, fmt);
  (void)vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (!ok) rngtest_failures++;
  (void)PetscPrintf(PETSC_COMM_WORLD, "%s  %s\n", ok ? "PASS" : "FAIL", msg);
}

static inline uint64_t RngTestSplitMix64(uint64_t *state)
{
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z          = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z          = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* A double uniform on [0, 1) with 53 bits, from SplitMix64. */
static inline double RngTestUnit(uint64_t *state) { return (double)(RngTestSplitMix64(state) >> 11) * 0x1p-53; }
