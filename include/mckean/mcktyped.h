/* What every McKean class with types shares: the registry of its types (a PETSc function list),
 * the type option (-<prefix>lgv_integrator, -<prefix>ens_analysis, ...) read against it, and
 * SetType (look the constructor up, let the old type go, build the new one, set the type name).
 * A class describes itself once in an MckTypedClass; its public SetType and SetFromOptions call
 * the functions below. */
#pragma once
#include <mckean/mckean.h>

/* The description of a class with types:
 *   name     the class name, for the order message "<name>SetType() must come before <name>SetUp()"
 *   list     the registry of types (constructors by name)
 *   option   the type option without prefix, e.g. "-lgv_integrator"
 *   kind     what a type is called in messages: "-lgv_integrator foo: unknown integrator; allowed: ..."
 *   help     the type option's help text
 *   fallback the type a SetFromOptions starts from when none is set yet
 *   retype   lets the object's old type go (its destroy, zeroed ops, the class's defaults of a
 *            type's properties) and calls the new type's constructor create, which the class casts
 *            to its own constructor signature */
typedef struct {
  const char        *name;
  PetscFunctionList *list;
  const char        *option, *kind, *help, *fallback;
  PetscErrorCode (*retype)(PetscObject obj, void (*create)(void));
} MckTypedClass;

PETSC_EXTERN PetscErrorCode McKeanTypedSetType(PetscObject obj, const MckTypedClass *cls, PetscBool setup,
                                               const char type[]);
PETSC_EXTERN PetscErrorCode McKeanTypedOptionsType_Private(PetscOptionItems *, PetscObject obj,
                                                           const MckTypedClass *cls, PetscBool setup);
/* Inside PetscObjectOptionsBegin/End: reads cls->option and sets the type it names. */
#define MckOptionsTyped(obj, cls, setup) \
  McKeanTypedOptionsType_Private(PetscOptionsObject, (PetscObject)(obj), cls, setup)
/* The names in a registry for which keep(name, ctx, &flg) says yes, as "a, b" (registration
 * order), for a message that says what is allowed. */
PETSC_EXTERN PetscErrorCode McKeanFunctionListNamesIf(PetscFunctionList list,
                                                      PetscErrorCode (*keep)(const char name[], void *ctx, PetscBool *),
                                                      void *ctx, char buf[], size_t len);

/* A type's own public methods (e.g. MckDMFTPSpinGetGrid_C), composed on the object under their
 * names by the type's constructor (on) and removed by its destroy (off): a table ended by
 * {NULL, NULL}, so that the two calls cannot disagree on which methods a type has. */
typedef struct {
  const char       *name;
  PetscVoidFunction fn;
} MckTypedMethod;
PETSC_EXTERN PetscErrorCode McKeanTypedComposeMethods(PetscObject obj, const MckTypedMethod methods[], PetscBool on);

/* MCK_TYPED_RETYPE(name, Type, defaults, CreateFn, args) defines the retype of a class whose ops
 * may hold a destroy(x) of the type's data: the old type's destroy, zeroed ops, data NULL, then
 * defaults(x) (the class's defaults of a type's properties; NULL for none), then the constructor
 * cast to CreateFn and called with args, in which the object is x: (x) or (x, x->ops, &x->data). */
#define MCK_TYPED_RETYPE(name, Type, defaults, CreateFn, args)      \
  static PetscErrorCode name(PetscObject obj, void (*create)(void)) \
  {                                                                 \
    Type x                            = (Type)obj;                  \
    PetscErrorCode (*defaults_)(Type) = defaults;                   \
                                                                    \
    PetscFunctionBeginUser;                                         \
    if (x->ops->destroy) PetscCall((*x->ops->destroy)(x));          \
    PetscCall(PetscMemzero(x->ops, sizeof(*x->ops)));               \
    x->data = NULL;                                                 \
    if (defaults_) PetscCall((*defaults_)(x));                      \
    PetscCall((*(CreateFn)create)args);                             \
    PetscFunctionReturn(0);                                         \
  }

/* MCK_TYPED_IS_OF_KIND(name, Type, Kind, Create, SetType, Destroy) defines the keep() of
 * McKeanFunctionListNamesIf(name, ctx, &flg) for a class whose types have a kind (x->kind): it
 * builds the type on a scratch object (constructors only set defaults) and says whether its kind
 * is *(Kind *)ctx, so a list of the types of one kind follows the registry, user types included. */
#define MCK_TYPED_IS_OF_KIND(name, Type, Kind, Create, SetType, Destroy)   \
  static PetscErrorCode name(const char type[], void *ctx, PetscBool *flg) \
  {                                                                        \
    Type x;                                                                \
                                                                           \
    PetscFunctionBeginUser;                                                \
    PetscCall(Create(PETSC_COMM_SELF, &x));                                \
    PetscCall(SetType(x, type));                                           \
    *flg = (PetscBool)(x->kind == *(Kind *)ctx);                           \
    PetscCall(Destroy(&x));                                                \
    PetscFunctionReturn(0);                                                \
  }
