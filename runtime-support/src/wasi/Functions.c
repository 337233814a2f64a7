/*===- Functions.c - Binding WASI imports by name and type --------*- C -*-===*/

#include "WasiInternal.h"

#include "../Error.h"

#include <stdio.h>

#define WASI_ENTRY(name, params, results) {#name, params, results, wasi_##name},
static const wasi_function functions[] = {WASI_FUNCTIONS(WASI_ENTRY)};
#undef WASI_ENTRY
enum { NUM_FUNCTIONS = sizeof functions / sizeof functions[0] };

const wasi_function *wasi_function_find(const char *name, size_t len) {
  for (size_t i = 0; i < NUM_FUNCTIONS; ++i)
    if (strlen(functions[i].name) == len &&
        memcmp(functions[i].name, name, len) == 0)
      return &functions[i];
  return NULL;
}

/* Whether the value types types[0..n) spell spec ('i' i32, 'I' i64). */
static int types_match(const uint8_t *types, uint32_t n, const char *spec) {
  if (n != strlen(spec))
    return 0;
  for (uint32_t i = 0; i < n; ++i)
    if (types[i] != (spec[i] == 'I' ? WASMAOT_I64 : WASMAOT_I32))
      return 0;
  return 1;
}

/* Writes spec as "(i32 i64) -> (i32)" into buf. */
static void format_type(char *buf, size_t size, const char *params,
                        const char *results) {
  size_t used = 0;
  const char *parts[2] = {params, results};
  for (int p = 0; p < 2; ++p) {
    used += (size_t)snprintf(buf + used, size - used, "%s(", p ? " -> " : "");
    for (const char *c = parts[p]; *c && used < size; ++c)
      used +=
          (size_t)snprintf(buf + used, size - used, "%s%s",
                           c == parts[p] ? "" : " ", *c == 'I' ? "i64" : "i32");
    if (used < size)
      used += (size_t)snprintf(buf + used, size - used, ")");
  }
}

int wasmaot_wasi_resolve(wasmaot_wasi *wasi, const wasmaot_import_info *import,
                         wasmaot_extern *out, char **error) {
  if (!wasi || !import || !out) {
    wasmaot_set_error(error, "wasi: missing argument");
    return -1;
  }
  memset(out, 0, sizeof *out);
  out->kind = WASMAOT_EXTERN_NONE;
  if (import->module_len != strlen(WASMAOT_WASI_MODULE) ||
      memcmp(import->module, WASMAOT_WASI_MODULE, import->module_len) != 0) {
    wasmaot_set_error(error, "wasi: '%.*s' is not the WASI module",
                      (int)import->module_len, import->module);
    return -1;
  }
  const wasi_function *f = wasi_function_find(import->name, import->name_len);
  if (!f) {
    wasmaot_set_error(error, "wasi: unknown function %s.%.*s",
                      WASMAOT_WASI_MODULE, (int)import->name_len, import->name);
    return -1;
  }
  const wasmaot_func_type *type = &import->type.of.func;
  if (import->type.kind != WASMAOT_EXTERN_FUNC ||
      !types_match(type->params, type->num_params, f->params) ||
      !types_match(type->results, type->num_results, f->results)) {
    char want[128];
    format_type(want, sizeof want, f->params, f->results);
    wasmaot_set_error(error,
                      "wasi: %s.%s is imported with another type than WASI's "
                      "%s",
                      WASMAOT_WASI_MODULE, f->name, want);
    return -1;
  }
  /* The import's own type arrays are the module's: they outlive
   * instantiation, which is all wasmaot_host_func asks. */
  out->kind = WASMAOT_EXTERN_HOST_FUNC;
  out->of.host_func.callback = f->callback;
  out->of.host_func.env = wasi;
  out->of.host_func.params = type->params;
  out->of.host_func.results = type->results;
  out->of.host_func.num_params = type->num_params;
  out->of.host_func.num_results = type->num_results;
  out->owner = NULL;
  return 0;
}

int wasmaot_wasi_bind_imports(wasmaot_wasi *wasi, const wasmaot_module *module,
                              wasmaot_extern *imports, char **error) {
  size_t n = wasmaot_module_num_imports(module);
  for (size_t i = 0; i < n; ++i) {
    memset(&imports[i], 0, sizeof imports[i]);
    imports[i].kind = WASMAOT_EXTERN_NONE;
  }
  for (size_t i = 0; i < n; ++i) {
    wasmaot_import_info info;
    if (wasmaot_module_import(module, i, &info) != 0)
      continue;
    if (info.module_len != strlen(WASMAOT_WASI_MODULE) ||
        memcmp(info.module, WASMAOT_WASI_MODULE, info.module_len) != 0)
      continue;
    if (wasmaot_wasi_resolve(wasi, &info, &imports[i], error) != 0)
      return -1;
  }
  return 0;
}
