/* Private to the core layer. */
#pragma once
#include <mckean/mckean.h>

/* deck.c: 1 and a one-line message when an -options_file(_yaml) deck on the command line is
 * missing, unreadable, empty or (YAML) malformed; 0 otherwise. Plain C: runs before PETSc. */
PETSC_INTERN int McKeanCheckDecks(int argc, char **argv, char msg[], size_t len);
/* A -log_view value PETSc could not use at PetscFinalize() is a user error now (optionvalues.c). */
PETSC_INTERN PetscErrorCode McKeanCheckLogView(void);
PETSC_INTERN PetscErrorCode McKeanOptionsMarkReadAtFinalize(void);
PETSC_INTERN PetscErrorCode McKeanOptionsCheckArray_Private(PetscOptionItems *items, const char opt[],
                                                            PetscBool integer);
