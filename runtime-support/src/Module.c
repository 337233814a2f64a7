/*===- Module.c - Loading compiled libraries ------------------------------===*
 *
 * A wasmaot_module is one dlopen'ed library: its descriptor, checked before
 * anything trusts it (a bad library is an error, never a crash), the
 * canonical ids of its types, and its executable segments registered as
 * generated code so that the fault handler turns their faults into traps.
 * Reference counted: instances hold a reference; the last release
 * unregisters the code and dlcloses.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "Module.h"

#include "Error.h"
#include "Symbols.h"
#include "TypeRegistry.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- Checking the descriptor ---- */

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      wasmaot_set_error(error, __VA_ARGS__);                                   \
      return -1;                                                               \
    }                                                                          \
  } while (0)

static int check_limits(const wasmaot_limits_desc *l, int is_table,
                        char **error, const char *what, uint32_t index) {
  uint32_t known =
      is_table ? WASMAOT_TABLE_64 : (WASMAOT_MEMORY_64 | WASMAOT_MEMORY_SHARED);
  CHECK(!(l->flags & ~known), "%s %u: unknown flags 0x%x", what, index,
        l->flags);
  CHECK(!l->has_max || l->min <= l->max, "%s %u: minimum exceeds maximum", what,
        index);
  return 0;
}

/* Everything instantiation relies on, so that a damaged or foreign library
 * is rejected at load time. */
static int check_descriptor(const wasmaot_module_descriptor *d, char **error) {
  CHECK(d->context_size >= sizeof(wasmaot_context) &&
            d->context_size <= (1u << 20),
        "implausible context size %llu", (unsigned long long)d->context_size);
  CHECK(!d->num_types || d->types, "types missing");
  for (uint32_t t = 0; t < d->num_types; ++t) {
    const wasmaot_func_type *ft = &d->types[t];
    CHECK((!ft->num_params || ft->params) && (!ft->num_results || ft->results),
          "type %u: value types missing", t);
    for (uint32_t i = 0; i < ft->num_params; ++i)
      CHECK(wasmaot_valtype_known(ft->params[i]),
            "type %u: unknown value type 0x%x", t, ft->params[i]);
    for (uint32_t i = 0; i < ft->num_results; ++i)
      CHECK(wasmaot_valtype_known(ft->results[i]),
            "type %u: unknown value type 0x%x", t, ft->results[i]);
  }
  CHECK(!d->num_types || (d->entries && d->host_adapters),
        "entry trampolines or host adapters missing");

  CHECK(d->num_imported_funcs <= d->num_funcs &&
            d->num_imported_tables <= d->num_tables &&
            d->num_imported_memories <= d->num_memories &&
            d->num_imported_globals <= d->num_globals,
        "more imports than definitions");
  CHECK(!d->num_funcs || d->func_type_indices, "function types missing");
  CHECK(d->num_funcs == d->num_imported_funcs || d->code,
        "function code missing");
  for (uint32_t f = 0; f < d->num_funcs; ++f) {
    CHECK(d->func_type_indices[f] < d->num_types,
          "function %u: type index out of range", f);
    CHECK(f < d->num_imported_funcs || d->code[f - d->num_imported_funcs],
          "function %u: code missing", f);
  }
  CHECK(!d->num_tables || d->tables, "tables missing");
  for (uint32_t t = 0; t < d->num_tables; ++t) {
    uint32_t e = d->tables[t].elem_type;
    CHECK(e == WASMAOT_FUNCREF || e == WASMAOT_EXTERNREF || e == WASMAOT_EXNREF,
          "table %u: unknown element type 0x%x", t, e);
    if (check_limits(&d->tables[t].limits, 1, error, "table", t))
      return -1;
  }
  CHECK(!d->num_memories || d->memories, "memories missing");
  for (uint32_t m = 0; m < d->num_memories; ++m)
    if (check_limits(&d->memories[m], 0, error, "memory", m))
      return -1;
  CHECK(!d->num_globals || d->globals, "globals missing");
  for (uint32_t g = 0; g < d->num_globals; ++g)
    CHECK(wasmaot_valtype_known(d->globals[g].type),
          "global %u: unknown value type 0x%x", g, d->globals[g].type);

  CHECK(!d->num_imports || d->imports, "imports missing");
  uint32_t seen[4] = {0, 0, 0, 0};
  const uint32_t declared[4] = {d->num_imported_funcs, d->num_imported_tables,
                                d->num_imported_memories,
                                d->num_imported_globals};
  for (uint32_t i = 0; i < d->num_imports; ++i) {
    const wasmaot_import_desc *imp = &d->imports[i];
    CHECK(imp->module && imp->name, "import %u: name missing", i);
    CHECK(imp->kind <= WASMAOT_EXTERN_GLOBAL,
          "import %u: unsupported import kind %u", i, imp->kind);
    CHECK(seen[imp->kind] < declared[imp->kind], "import counts disagree");
    if (imp->kind == WASMAOT_EXTERN_FUNC) {
      CHECK(imp->index < d->num_types, "import %u: type index out of range", i);
      /* Imported function n has the n-th function import's type. */
      CHECK(d->func_type_indices[seen[0]] == imp->index,
            "import %u: type disagrees with the function's", i);
      CHECK(d->host_adapters[imp->index],
            "import %u: no host adapter for its type", i);
    } else {
      CHECK(imp->index == seen[imp->kind], "import %u: index %u out of order",
            i, imp->index);
    }
    ++seen[imp->kind];
  }
  for (int k = 0; k < 4; ++k)
    CHECK(seen[k] == declared[k], "import counts disagree");

  CHECK(!d->num_exports || d->exports, "exports missing");
  for (uint32_t e = 0; e < d->num_exports; ++e) {
    const wasmaot_export_desc *ex = &d->exports[e];
    CHECK(ex->name, "export %u: name missing", e);
    uint32_t bound = ex->kind == WASMAOT_EXTERN_FUNC     ? d->num_funcs
                     : ex->kind == WASMAOT_EXTERN_TABLE  ? d->num_tables
                     : ex->kind == WASMAOT_EXTERN_MEMORY ? d->num_memories
                     : ex->kind == WASMAOT_EXTERN_GLOBAL ? d->num_globals
                                                         : 0;
    CHECK(ex->index < bound, "export %u: unsupported kind or index", e);
  }

  CHECK(!d->num_elem_segments || d->elem_segments, "element segments missing");
  for (uint32_t s = 0; s < d->num_elem_segments; ++s) {
    const wasmaot_elem_desc *seg = &d->elem_segments[s];
    CHECK(seg->mode <= WASMAOT_SEGMENT_DECLARATIVE,
          "element segment %u: unknown mode", s);
    CHECK(seg->mode != WASMAOT_SEGMENT_ACTIVE || seg->table < d->num_tables,
          "element segment %u: table out of range", s);
  }
  CHECK(!d->num_data_segments || d->data_segments, "data segments missing");
  for (uint32_t s = 0; s < d->num_data_segments; ++s) {
    const wasmaot_data_desc *seg = &d->data_segments[s];
    CHECK(seg->mode <= WASMAOT_SEGMENT_PASSIVE, "data segment %u: unknown mode",
          s);
    CHECK(seg->mode != WASMAOT_SEGMENT_ACTIVE || seg->memory < d->num_memories,
          "data segment %u: memory out of range", s);
    CHECK(!seg->size || seg->bytes, "data segment %u: bytes missing", s);
    CHECK(seg->size <= UINT32_MAX, "data segment %u: too large", s);
  }
  if (d->start_func != -1) {
    CHECK(d->start_func >= 0 && (uint32_t)d->start_func < d->num_funcs,
          "start function out of range");
    const wasmaot_func_type *st =
        &d->types[d->func_type_indices[d->start_func]];
    CHECK(!st->num_params && !st->num_results,
          "start function has parameters or results");
  }
  CHECK(d->init_globals && d->eval_offsets && d->eval_elem_items,
        "constant-expression functions missing");
  CHECK(!d->num_helpers || d->helpers, "helper functions missing");
  return 0;
}

#undef CHECK

/* ---- Code segments ---- */

typedef struct phdr_search {
  ElfW(Addr) base;
  const char *name;
  wasmaot_module *module;
  int found;
  int failed;
} phdr_search;

static int register_segments(struct dl_phdr_info *info, size_t size,
                             void *data) {
  (void)size;
  phdr_search *search = data;
  if (info->dlpi_addr != search->base || !info->dlpi_name ||
      strcmp(info->dlpi_name, search->name) != 0)
    return 0;
  search->found = 1;
  wasmaot_module *m = search->module;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X) || !ph->p_memsz)
      continue;
    const void *begin = (const void *)(info->dlpi_addr + ph->p_vaddr);
    if (m->num_code_segments == WASMAOT_MAX_CODE_SEGMENTS ||
        wasmaot_code_range_register(begin, ph->p_memsz) != 0) {
      search->failed = 1;
      return 1;
    }
    m->code_segment_sizes[m->num_code_segments] = ph->p_memsz;
    m->code_segments[m->num_code_segments++] = begin;
  }
  return 1;
}

static void unregister_segments(wasmaot_module *m) {
  for (uint32_t i = 0; i < m->num_code_segments; ++i)
    wasmaot_code_range_unregister(m->code_segments[i]);
  m->num_code_segments = 0;
}

/* ---- Exports by name ---- */

static int compare_names(const char *a, size_t alen, const char *b,
                         size_t blen) {
  size_t n = alen < blen ? alen : blen;
  int c = n ? memcmp(a, b, n) : 0;
  if (c)
    return c;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int compare_exports(const void *a, const void *b, void *desc) {
  const wasmaot_module_descriptor *d = desc;
  const wasmaot_export_desc *x = &d->exports[*(const uint32_t *)a];
  const wasmaot_export_desc *y = &d->exports[*(const uint32_t *)b];
  return compare_names(x->name, x->name_len, y->name, y->name_len);
}

int64_t wasmaot_module_find_export(const wasmaot_module *module,
                                   const char *name, size_t len) {
  const wasmaot_module_descriptor *d = module->desc;
  size_t lo = 0, hi = d->num_exports;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const wasmaot_export_desc *e = &d->exports[module->export_order[mid]];
    int c = compare_names(e->name, e->name_len, name, len);
    if (c == 0)
      return module->export_order[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

/* ---- Loading ---- */

static void destroy(wasmaot_module *m) {
  wasmaot_symbols_remove(m);
  unregister_segments(m);
  if (m->handle)
    dlclose(m->handle);
  if (m->owned_fd >= 0)
    close(m->owned_fd);
  free(m->type_ids);
  free(m->export_order);
  free(m->import_index);
  free(m->path);
  free(m);
}

wasmaot_module *wasmaot_module_load(const char *path, char **error) {
  if (error)
    *error = NULL;
  if (!path) {
    wasmaot_set_error(error, "load: no path");
    return NULL;
  }
  wasmaot_module *m = calloc(1, sizeof *m);
  if (!m || !(m->path = strdup(path))) {
    free(m);
    wasmaot_set_error(error, "%s: out of memory", path);
    return NULL;
  }
  atomic_init(&m->refs, 1);
  m->owned_fd = -1;
  dlerror();
  m->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!m->handle) {
    const char *why = dlerror();
    wasmaot_set_error(error, "%s: cannot load: %s", path,
                      why ? why : "dlopen failed");
    destroy(m);
    return NULL;
  }
  const wasmaot_module_descriptor *d =
      dlsym(m->handle, WASMAOT_DESCRIPTOR_SYMBOL);
  if (!d) {
    wasmaot_set_error(
        error,
        "%s: not a WasmAOT library (no symbol " WASMAOT_DESCRIPTOR_SYMBOL ")",
        path);
    destroy(m);
    return NULL;
  }
  if (d->magic != WASMAOT_DESCRIPTOR_MAGIC) {
    wasmaot_set_error(error,
                      "%s: bad descriptor magic 0x%08x (expected 0x%08x)", path,
                      d->magic, WASMAOT_DESCRIPTOR_MAGIC);
    destroy(m);
    return NULL;
  }
  if (d->abi_version != WASMAOT_ABI_VERSION) {
    wasmaot_set_error(error,
                      "%s: compiled for ABI version %u, the runtime has "
                      "version %u: recompile it",
                      path, d->abi_version, WASMAOT_ABI_VERSION);
    destroy(m);
    return NULL;
  }
  char *why = NULL;
  if (check_descriptor(d, &why) != 0) {
    wasmaot_set_error(error, "%s: malformed descriptor: %s", path,
                      why ? why : "out of memory");
    wasmaot_error_free(why);
    destroy(m);
    return NULL;
  }
  m->desc = d;

  m->type_ids = calloc(d->num_types ? d->num_types : 1, sizeof(uint32_t));
  m->export_order =
      calloc(d->num_exports ? d->num_exports : 1, sizeof(uint32_t));
  m->import_index =
      calloc(d->num_imports ? d->num_imports : 1, sizeof(uint32_t));
  if (!m->type_ids || !m->export_order || !m->import_index) {
    wasmaot_set_error(error, "%s: out of memory", path);
    destroy(m);
    return NULL;
  }
  for (uint32_t t = 0; t < d->num_types; ++t) {
    const wasmaot_func_type *ft = &d->types[t];
    m->type_ids[t] = wasmaot_type_intern(ft->params, ft->num_params,
                                         ft->results, ft->num_results);
    if (!m->type_ids[t]) {
      wasmaot_set_error(error, "%s: cannot register type %u", path, t);
      destroy(m);
      return NULL;
    }
  }
  uint32_t taken[4] = {0, 0, 0, 0};
  for (uint32_t i = 0; i < d->num_imports; ++i)
    m->import_index[i] = taken[d->imports[i].kind]++;
  for (uint32_t e = 0; e < d->num_exports; ++e)
    m->export_order[e] = e;
  qsort_r(m->export_order, d->num_exports, sizeof(uint32_t), compare_exports,
          (void *)d);

  /* The library's executable segments: where its code lives. */
  struct link_map *map = NULL;
  if (dlinfo(m->handle, RTLD_DI_LINKMAP, &map) != 0 || !map) {
    wasmaot_set_error(error, "%s: cannot find the loaded object", path);
    destroy(m);
    return NULL;
  }
  phdr_search search = {map->l_addr, map->l_name, m, 0, 0};
  dl_iterate_phdr(register_segments, &search);
  if (!search.found || search.failed || m->num_code_segments == 0) {
    wasmaot_set_error(error,
                      search.failed
                          ? "%s: cannot register its code (too many loaded "
                            "libraries?)"
                          : "%s: no executable segment found",
                      path);
    destroy(m);
    return NULL;
  }
  if (wasmaot_symbols_add(m) != 0) {
    wasmaot_set_error(error, "%s: out of memory", path);
    destroy(m);
    return NULL;
  }
  return m;
}

wasmaot_module *wasmaot_module_retain(wasmaot_module *module) {
  if (module)
    atomic_fetch_add_explicit(&module->refs, 1, memory_order_relaxed);
  return module;
}

void wasmaot_module_release(wasmaot_module *module) {
  if (!module)
    return;
  if (atomic_fetch_sub_explicit(&module->refs, 1, memory_order_acq_rel) != 1)
    return;
  destroy(module);
}

const wasmaot_module_descriptor *
wasmaot_module_get_descriptor(const wasmaot_module *module) {
  return module ? module->desc : NULL;
}

/* ---- Imports and exports ---- */

static void describe(const wasmaot_module_descriptor *d, uint32_t kind,
                     uint32_t index, wasmaot_extern_type *type) {
  memset(type, 0, sizeof *type);
  type->kind = kind;
  switch (kind) {
  case WASMAOT_EXTERN_FUNC:
    type->of.func = d->types[d->func_type_indices[index]];
    break;
  case WASMAOT_EXTERN_TABLE:
    type->of.table = d->tables[index];
    break;
  case WASMAOT_EXTERN_MEMORY:
    type->of.memory = d->memories[index];
    break;
  case WASMAOT_EXTERN_GLOBAL:
    type->of.global = d->globals[index];
    break;
  }
}

size_t wasmaot_module_num_imports(const wasmaot_module *module) {
  return module ? module->desc->num_imports : 0;
}

size_t wasmaot_module_num_exports(const wasmaot_module *module) {
  return module ? module->desc->num_exports : 0;
}

int wasmaot_module_import(const wasmaot_module *module, size_t index,
                          wasmaot_import_info *info) {
  if (!module || index >= module->desc->num_imports || !info)
    return -1;
  const wasmaot_module_descriptor *d = module->desc;
  const wasmaot_import_desc *imp = &d->imports[index];
  info->module = imp->module;
  info->module_len = imp->module_len;
  info->name = imp->name;
  info->name_len = imp->name_len;
  describe(d, imp->kind, module->import_index[index], &info->type);
  return 0;
}

int wasmaot_module_export(const wasmaot_module *module, size_t index,
                          wasmaot_export_info *info) {
  if (!module || index >= module->desc->num_exports || !info)
    return -1;
  const wasmaot_export_desc *e = &module->desc->exports[index];
  info->name = e->name;
  info->name_len = e->name_len;
  describe(module->desc, e->kind, e->index, &info->type);
  return 0;
}
