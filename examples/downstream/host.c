// A host program: loads a precompiled artifact with the runtime's C API,
// calls one export with integer arguments and prints the result.
//   host [ARTIFACT EXPORT [ARGS...]]   (default: fib.wasmaot's fib 50)
#include <stdio.h>
#include <stdlib.h>

#include <wasmaot/artifact.h>
#include <wasmaot/wasmaot.h>

#include "downstream_modules_artifacts.h" // wasm_aot_library's header

int main(int argc, char **argv) {
  const char *path =
      argc > 1 ? argv[1] : WASMAOT_DOWNSTREAM_MODULES_FIB_ARTIFACT;
  const char *name = argc > 2 ? argv[2] : "fib";
  char *error = NULL;
  wasmaot_module *module = wasmaot_module_load_artifact(path, &error);
  if (!module) {
    fprintf(stderr, "host: %s: %s\n", path, error ? error : "cannot load");
    return 1;
  }
  wasmaot_trap trap;
  wasmaot_instance *instance =
      wasmaot_instance_new(module, NULL, 0, &trap, &error);
  if (!instance) {
    fprintf(stderr, "host: instantiating %s: %s\n", path, error ? error : "?");
    return 1;
  }
  wasmaot_extern func;
  if (wasmaot_instance_export(instance, name, &func) != 0 ||
      func.kind != WASMAOT_EXTERN_FUNC) {
    fprintf(stderr, "host: %s exports no function %s\n", path, name);
    return 1;
  }
  // The function's type says how many i32 arguments it takes and whether
  // its result is an i32 or an i64 (the example's exports are such).
  wasmaot_func_type type;
  if (wasmaot_type_lookup(func.of.func->type_id, &type) != 0 ||
      type.num_params > 8 || type.num_results != 1) {
    fprintf(stderr, "host: %s has a type this host cannot call\n", name);
    return 1;
  }
  wasmaot_val args[8] = {{0}};
  for (uint32_t i = 0; i < type.num_params; ++i)
    args[i].i32 = 3 + (int)i < argc ? atoi(argv[3 + i]) : 50;
  wasmaot_val result = {0};
  uint32_t code =
      wasmaot_func_call(func.of.func, args, type.num_params, &result, 1, &trap);
  if (code != WASMAOT_TRAP_NONE) {
    fprintf(stderr, "host: trap: %s\n", trap.message ? trap.message : "?");
    return 1;
  }
  long long value = type.results[0] == WASMAOT_I64 ? (long long)result.i64
                                                   : (long long)result.i32;
  printf("%s = %lld\n", name, value);
  wasmaot_instance_delete(instance);
  wasmaot_module_release(module);
  return 0;
}
