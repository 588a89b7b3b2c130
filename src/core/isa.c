/* The instruction set of the vector kernels: detected once, overridable by MCKEAN_ISA.
 *
 * Why run-time selection: a binary built on a cluster's login node (often a different CPU from the
 * compute nodes) must run everywhere, so the library is compiled for the x86-64 baseline and its
 * hot kernels are compiled three times (core/simd.h) and chosen here. The kernels use only IEEE
 * operations in a fixed order (no contraction, no reassociation), so every choice gives the same
 * bits; MCKEAN_ISA forces one, which is how the tests pin that promise. */
#include <mckean/mckean.h>
#include <stdlib.h>

static const char *const isa_names[] = {"generic", "avx2", "avx512"};
static int               isa_cached  = -1; /* McKeanISA once resolved */

static McKeanISA BestSupported(void)
{
#if defined(__x86_64__) && defined(__GNUC__) && \
    !defined(__clang__) /* as core/simd.h: the compilers that build the AVX kernels */
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return MCK_ISA_AVX512;
  if (__builtin_cpu_supports("x86-64-v3")) return MCK_ISA_AVX2;
#endif
  return MCK_ISA_GENERIC;
}

/* MCKEAN_ISA as an ISA, or -1 for unset/"auto", or -2 for a value that names none. */
static int RequestedISA(void)
{
  const char *env = getenv("MCKEAN_ISA");

  if (!env || !env[0] || !strcmp(env, "auto")) return -1;
  for (int i = 0; i < 3; i++)
    if (!strcmp(env, isa_names[i])) return i;
  return -2;
}

/*@C
  McKeanGetISA - the instruction set the vector kernels run with

  Not Collective

  Notes:
  The widest instruction set the CPU supports (`MCK_ISA_AVX512`, `MCK_ISA_AVX2`, else `MCK_ISA_GENERIC`),
  unless the environment variable `MCKEAN_ISA` names one (generic, avx2, avx512; auto selects). A request
  the CPU cannot run, or an unknown name, falls back to the detected one here and is refused by
  `McKeanInitialize()`. Every instruction set gives bitwise the same results.

  Level: intermediate

.seealso: `McKeanISAName()`, `McKeanGetCPUModel()`
@*/
McKeanISA McKeanGetISA(void)
{
  if (isa_cached < 0) {
    const int best = (int)BestSupported(), req = RequestedISA();
    isa_cached = req >= 0 && req <= best ? req : best;
  }
  return (McKeanISA)isa_cached;
}

/*@C
  McKeanSetISA - run the vector kernels with the given instruction set from now on

  Not Collective

  Input Parameter:
. isa - `MCK_ISA_GENERIC`, `MCK_ISA_AVX2` or `MCK_ISA_AVX512`; it must be one this CPU supports

  Notes:
  For tests and benchmarks that compare the instruction sets within one process; results do not
  change, only their speed. The environment variable `MCKEAN_ISA` does the same for a whole run.

  Level: developer

.seealso: `McKeanGetISA()`
@*/
PetscErrorCode McKeanSetISA(McKeanISA isa)
{
  PetscFunctionBeginUser;
  PetscCheck((int)isa >= 0 && (int)isa <= (int)BestSupported(), PETSC_COMM_SELF, PETSC_ERR_SUP,
             "McKeanSetISA: instruction set %s is not supported by this CPU (best: %s)", McKeanISAName(isa),
             isa_names[BestSupported()]);
  isa_cached = (int)isa;
  PetscFunctionReturn(0);
}

/*@C
  McKeanGetBestISA - the widest instruction set this CPU supports (whatever `MCKEAN_ISA` asks for)

  Not Collective

  Level: developer

.seealso: `McKeanGetISA()`, `McKeanSetISA()`
@*/
McKeanISA McKeanGetBestISA(void) { return BestSupported(); }

/*@C
  McKeanISAName - the name of an instruction set ("generic", "avx2", "avx512"), as `MCKEAN_ISA` spells it

  Not Collective

  Input Parameter:
. isa - the instruction set

  Level: intermediate

.seealso: `McKeanGetISA()`
@*/
const char *McKeanISAName(McKeanISA isa) { return (int)isa >= 0 && (int)isa < 3 ? isa_names[isa] : "unknown"; }

/* Refuses an MCKEAN_ISA that names no instruction set or one this CPU lacks (called by
 * McKeanInitialize: a benchmark or test must never silently run another path than it asked for). */
PETSC_INTERN PetscErrorCode McKeanCheckISA(void);
PetscErrorCode              McKeanCheckISA(void)
{
  const int req = RequestedISA(), best = (int)BestSupported();

  PetscFunctionBeginUser;
  PetscCheck(req != -2, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "MCKEAN_ISA=%s: unknown instruction set; allowed: auto, generic, avx2, avx512", getenv("MCKEAN_ISA"));
  PetscCheck(req <= best, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT,
             "MCKEAN_ISA=%s: this CPU does not support it; allowed here: auto, generic%s", isa_names[req],
             best == MCK_ISA_AVX512 ? ", avx2, avx512"
             : best == MCK_ISA_AVX2 ? ", avx2"
                                    : "");
  PetscFunctionReturn(0);
}

/*@C
  McKeanGetCPUModel - the CPU's model name, vendor family and model numbers, for benchmark reports

  Not Collective

  Input Parameter:
. len - the size of model

  Output Parameter:
. model - for example "AMD EPYC (family 26, model 2)"; "unknown" where /proc/cpuinfo is not readable

  Level: developer

.seealso: `McKeanGetISA()`
@*/
PetscErrorCode McKeanGetCPUModel(char model[], size_t len)
{
  FILE *f = fopen("/proc/cpuinfo", "r");
  char  line[512], name[256] = "unknown";
  int   family = -1, number = -1;

  PetscFunctionBeginUser;
  while (f && fgets(line, sizeof(line), f)) {
    char *colon = strchr(line, ':');
    if (!colon) continue;
    if (!strncmp(line, "model name", 10) && !strcmp(name, "unknown")) {
      (void)PetscStrncpy(name, colon + 2, sizeof(name));
      name[strcspn(name, "\n")] = 0;
    } else if (!strncmp(line, "cpu family", 10) && family < 0) family = atoi(colon + 1);
    else if (!strncmp(line, "model\t", 6) && number < 0) number = atoi(colon + 1);
    if (strcmp(name, "unknown") && family >= 0 && number >= 0) break;
  }
  if (f) fclose(f);
  if (family >= 0) PetscCall(PetscSNPrintf(model, len, "%s (family %d, model %d)", name, family, number));
  else PetscCall(PetscStrncpy(model, name, len));
  PetscFunctionReturn(0);
}
