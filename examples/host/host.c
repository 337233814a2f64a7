/* host.c - A host program on the runtime's C API: loads a compiled artifact
 * (wasm-aot compile guest.wasm -o guest.wasmaot), gives it WASI and a host
 * function of its own, writes into its memory, calls its exports and reads
 * a trap.
 *
 *   host guest.wasmaot "some text to count"
 */
#include "wasmaot/artifact.h"
#include "wasmaot/wasi.h"
#include "wasmaot/wasmaot.h"

#include <stdio.h>
#include <string.h>

/* env.report(words, bytes): the guest calls back into the host. */
static int32_t report(void *env, wasmaot_context *caller,
                      const wasmaot_val *args, wasmaot_val *results) {
  (void)caller;
  (void)results;
  int *reports = env;
  ++*reports;
  printf("host: the guest reports %d words, %d bytes\n", args[0].i32,
         args[1].i32);
  return 0; /* not a trap */
}

static int fail(const char *what, char *error) {
  fprintf(stderr, "host: %s: %s\n", what, error ? error : "?");
  wasmaot_error_free(error);
  return 1;
}

/* Calls export name; prints a trap and returns -1 if it traps. */
static int call(wasmaot_instance *instance, const char *name,
                const wasmaot_val *args, size_t num_args, wasmaot_val *result,
                size_t num_results) {
  wasmaot_extern export;
  if (wasmaot_instance_export(instance, name, &export) != 0 ||
      export.kind != WASMAOT_EXTERN_FUNC) {
    fprintf(stderr, "host: no function export '%s'\n", name);
    return -1;
  }
  wasmaot_trap trap;
  if (wasmaot_func_call(export.of.func, args, num_args, result, num_results,
                        &trap) != WASMAOT_TRAP_NONE) {
    printf("host: %s trapped: %s\n", name, trap.message);
    for (uint32_t i = 0; i < trap.num_frames; ++i) {
      wasmaot_frame_info frame;
      if (wasmaot_symbolize(trap.frames[i], &frame) == 0)
        printf("host:   in function %u\n", frame.func_index);
    }
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: host guest.wasmaot TEXT\n");
    return 2;
  }
  /* The guest writes to fd 1 directly: keep our lines in order with its. */
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *text = argv[2];
  char *error = NULL;
  wasmaot_module *module = wasmaot_module_load_artifact(argv[1], &error);
  if (!module)
    return fail(argv[1], error);

  /* WASI: arguments and stdio; no directories. */
  wasmaot_wasi_config config;
  wasmaot_wasi_config_init(&config);
  const char *args[] = {"guest"};
  config.args = args;
  config.num_args = 1;
  wasmaot_wasi *wasi = wasmaot_wasi_new(&config, &error);
  if (!wasi)
    return fail("wasi", error);

  /* The WASI imports from wasi, env.report from us. */
  size_t num_imports = wasmaot_module_num_imports(module);
  wasmaot_extern imports[64];
  if (num_imports > sizeof imports / sizeof imports[0]) {
    fprintf(stderr, "host: too many imports\n");
    return 1;
  }
  if (wasmaot_wasi_bind_imports(wasi, module, imports, &error) != 0)
    return fail("wasi imports", error);
  int reports = 0;
  static const uint8_t report_params[] = {WASMAOT_I32, WASMAOT_I32};
  for (size_t i = 0; i < num_imports; ++i) {
    wasmaot_import_info info;
    wasmaot_module_import(module, i, &info);
    if (strcmp(info.module, "env") == 0 && strcmp(info.name, "report") == 0) {
      memset(&imports[i], 0, sizeof imports[i]);
      imports[i].kind = WASMAOT_EXTERN_HOST_FUNC;
      imports[i].of.host_func.callback = report;
      imports[i].of.host_func.env = &reports;
      imports[i].of.host_func.params = report_params;
      imports[i].of.host_func.num_params = 2;
    }
  }

  wasmaot_trap trap;
  wasmaot_instance *instance =
      wasmaot_instance_new(module, imports, num_imports, &trap, &error);
  if (!instance)
    return fail("instantiate", error);
  if (call(instance, "_initialize", NULL, 0, NULL, 0) != 0)
    return 1;

  /* Copy the text into the guest's memory, at memory it allocated. */
  int32_t size = (int32_t)strlen(text);
  wasmaot_val arg = {.i32 = size}, result;
  if (call(instance, "alloc", &arg, 1, &result, 1) != 0 || !result.i32)
    return 1;
  int32_t address = result.i32;
  wasmaot_extern memory;
  if (wasmaot_instance_export(instance, "memory", &memory) != 0 ||
      memory.kind != WASMAOT_EXTERN_MEMORY ||
      (uint64_t)address + (uint64_t)size > memory.of.memory->size) {
    fprintf(stderr, "host: no room in the guest's memory\n");
    return 1;
  }
  memcpy(memory.of.memory->base + address, text, (size_t)size);

  wasmaot_val count_args[2] = {{.i32 = address}, {.i32 = size}};
  if (call(instance, "word_count", count_args, 2, &result, 1) != 0)
    return 1;
  printf("host: word_count returned %d after %d report(s)\n", result.i32,
         reports);

  /* A trap is an error code for the host; the instance stays usable. */
  call(instance, "overrun", NULL, 0, &result, 1);
  if (call(instance, "word_count", count_args, 2, &result, 1) != 0)
    return 1;

  wasmaot_instance_delete(instance);
  wasmaot_wasi_delete(wasi);
  wasmaot_module_release(module);
  return 0;
}
