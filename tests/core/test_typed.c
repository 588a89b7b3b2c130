/* A toy class with two types, built on the typed-object helper (mcktyped.h) as the library's
 * classes are: checks what McKeanTypedSetType() and the type option do for every class. */
#include <mckean/mcktyped.h>
#include <petsc/private/petscimpl.h>

typedef struct _p_Toy *Toy;
typedef struct {
  PetscErrorCode (*destroy)(Toy);
  PetscInt mark; /* set by type a only: must not survive a change to b */
} ToyOps;
struct _p_Toy {
  PETSCHEADER(ToyOps);
  void    *data;
  PetscInt built, destroyed; /* constructor and destroy calls */
};
typedef PetscErrorCode (*ToyCreateFn)(Toy, ToyOps *, void **);

static PetscClassId      TOY_CLASSID;
static PetscFunctionList ToyList;

static PetscErrorCode Destroy_Toy(Toy t)
{
  PetscFunctionBeginUser;
  t->destroyed++;
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_A(Toy t, ToyOps *ops, void **data)
{
  PetscFunctionBeginUser;
  t->built++;
  ops->destroy = Destroy_Toy;
  ops->mark    = 7;
  *data        = t;
  PetscFunctionReturn(0);
}

static PetscErrorCode Create_B(Toy t, ToyOps *ops, void **data)
{
  PetscFunctionBeginUser;
  (void)ops;
  t->built++;
  *data = NULL;
  PetscFunctionReturn(0);
}

MCK_TYPED_RETYPE(ToyRetype, Toy, NULL, ToyCreateFn, (x, x->ops, &x->data))
static const MckTypedClass ToyClass = {"Toy", &ToyList, "-toy_type", "toy", "Toy type", "a", ToyRetype};

static PetscErrorCode ToyDestroy(Toy *t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscHeaderDestroy(t));
  PetscFunctionReturn(0);
}

static PetscErrorCode ToyCreate(const char prefix[], Toy *t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscHeaderCreate(*t, TOY_CLASSID, "Toy", "Toy", "Toy", PETSC_COMM_WORLD, ToyDestroy, NULL));
  PetscCall(PetscObjectSetOptionsPrefix((PetscObject)*t, prefix));
  PetscFunctionReturn(0);
}

static PetscErrorCode ToySetFromOptions(Toy t)
{
  PetscFunctionBeginUser;
  PetscObjectOptionsBegin((PetscObject)t);
  PetscCall(MckOptionsTyped(t, &ToyClass, PETSC_FALSE));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/* Count a failure unless code is want and the error message contains text. */
static PetscErrorCode ExpectError(PetscErrorCode code, PetscErrorCode want, const char text[], PetscInt *bad)
{
  const char *generic;
  char       *msg = NULL, *hit = NULL;

  PetscFunctionBeginUser;
  if (code) PetscCall(PetscErrorMessage(code, &generic, &msg));
  if (msg) PetscCall(PetscStrstr(msg, text, &hit));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "refused: %s\n", msg ? msg : "(accepted)"));
  if (code != want || !hit) (*bad)++;
  PetscFunctionReturn(0);
}

static PetscErrorCode KeepB(const char name[], void *ctx, PetscBool *flg)
{
  PetscFunctionBeginUser;
  (void)ctx;
  *flg = (PetscBool)(name[0] == 'b');
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  Toy            t, u;
  PetscInt       bad = 0;
  PetscErrorCode code;
  PetscBool      same;
  char           names[64];

  PetscCall(McKeanInitialize(&argc, &argv, NULL, NULL));
  PetscCall(PetscClassIdRegister("Toy", &TOY_CLASSID));
  PetscCall(PetscFunctionListAdd(&ToyList, "a", Create_A));
  PetscCall(PetscFunctionListAdd(&ToyList, "b", Create_B));
  PetscCall(PetscFunctionListAdd(&ToyList, "bb", Create_B));

  /* the same type twice builds it once; a new type lets the old one go and clears its ops */
  PetscCall(ToyCreate("x_", &t));
  PetscCall(McKeanTypedSetType((PetscObject)t, &ToyClass, PETSC_FALSE, "a"));
  PetscCall(McKeanTypedSetType((PetscObject)t, &ToyClass, PETSC_FALSE, "a"));
  if (t->built != 1 || t->ops->mark != 7 || t->data != t) bad++;
  PetscCall(McKeanTypedSetType((PetscObject)t, &ToyClass, PETSC_FALSE, "b"));
  PetscCall(PetscObjectTypeCompare((PetscObject)t, "b", &same));
  if (t->built != 2 || t->destroyed != 1 || t->ops->mark != 0 || t->ops->destroy || t->data || !same) bad++;

  /* an unknown name names the option with the prefix and the registered types; a set-up object keeps its type */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  code = McKeanTypedSetType((PetscObject)t, &ToyClass, PETSC_FALSE, "c");
  PetscCall(ExpectError(code, PETSC_ERR_USER_INPUT, "-x_toy_type c: unknown toy; allowed: a, b, bb", &bad));
  code = McKeanTypedSetType((PetscObject)t, &ToyClass, PETSC_TRUE, "a");
  PetscCall(ExpectError(code, PETSC_ERR_ORDER, "ToySetType() must come before ToySetUp()", &bad));
  PetscCall(PetscPopErrorHandler());
  PetscCall(PetscObjectTypeCompare((PetscObject)t, "b", &same));
  if (t->built != 2 || !same) bad++;

  /* the option, with the object's prefix; without it a new object gets the fallback */
  PetscCall(PetscOptionsSetValue(NULL, "-x_toy_type", "bb"));
  PetscCall(ToySetFromOptions(t));
  PetscCall(PetscObjectTypeCompare((PetscObject)t, "bb", &same));
  if (t->built != 3 || !same) bad++;
  PetscCall(ToyCreate("y_", &u));
  PetscCall(ToySetFromOptions(u));
  PetscCall(PetscObjectTypeCompare((PetscObject)u, "a", &same));
  if (u->built != 1 || !same) bad++;

  PetscCall(McKeanFunctionListNamesIf(ToyList, KeepB, NULL, names, sizeof(names)));
  PetscCall(PetscStrcmp(names, "b, bb", &same));
  if (!same) bad++;

  PetscCall(ToyDestroy(&t));
  PetscCall(ToyDestroy(&u));
  PetscCall(PetscFunctionListDestroy(&ToyList));
  PetscCheck(!bad, PETSC_COMM_WORLD, PETSC_ERR_PLIB, "%" PetscInt_FMT " typed-object check(s) failed", bad);
  PetscCall(McKeanFinalize());
  return 0;
}
