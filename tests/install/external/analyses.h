/* A user's ensemble analyses (analyses.c): denkf and user_etkf, registered for -ens_analysis. */
#pragma once
#include <mckean/mckensemble.h>

PetscErrorCode UserAnalysesRegister(void);
