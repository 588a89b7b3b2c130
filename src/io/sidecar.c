/* The name of a run file's XDMF sidecar (mckio.h). */
#include <mckean/mckio.h>

PetscErrorCode MckIOSidecarPath(const char run_path[], char xmf[], size_t len, const char **base)
{
  char *dot, *slash;

  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(xmf, run_path, len));
  PetscCall(PetscStrrchr(xmf, '/', &slash));
  PetscCall(PetscStrrchr(slash, '.', &dot));
  if (dot != slash) dot[-1] = 0;
  PetscCall(PetscStrlcat(xmf, ".xmf", len));
  PetscCall(PetscStrrchr(run_path, '/', (char **)base));
  PetscFunctionReturn(0);
}
