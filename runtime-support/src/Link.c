/*===- Link.c - Checking imports against their declarations ---------------===*
 *
 * The spec's import matching (external types and subtyping): functions by
 * canonical type id, tables and memories by limits (the actual minimum, i.e.
 * the current size, at least the declared one; a declared maximum needs an
 * actual one no larger), with equal index types, sharing and element types,
 * and globals by equal type and mutability. Errors use the spec tests'
 * wording: "unknown import", "incompatible import type".
 *
 *===----------------------------------------------------------------------===*/

#include "Link.h"

#include "Error.h"
#include "TypeRegistry.h"

#include <stdio.h>
#include <string.h>

static const char *kind_name(uint32_t kind) {
  switch (kind) {
  case WASMAOT_EXTERN_FUNC:
  case WASMAOT_EXTERN_HOST_FUNC:
    return "function";
  case WASMAOT_EXTERN_TABLE:
    return "table";
  case WASMAOT_EXTERN_MEMORY:
    return "memory";
  case WASMAOT_EXTERN_GLOBAL:
    return "global";
  case WASMAOT_EXTERN_TAG:
    return "tag";
  }
  return "nothing";
}

static void format_limits(char *buf, size_t size, uint64_t min, int has_max,
                          uint64_t max, uint32_t flags, int is_table) {
  int n;
  if (has_max)
    n = snprintf(buf, size, "%llu..%llu", (unsigned long long)min,
                 (unsigned long long)max);
  else
    n = snprintf(buf, size, "%llu..", (unsigned long long)min);
  if (n < 0 || (size_t)n >= size)
    return;
  if (flags & (is_table ? WASMAOT_TABLE_64 : WASMAOT_MEMORY_64))
    n += snprintf(buf + n, size - (size_t)n, " i64");
  if (!is_table && (flags & WASMAOT_MEMORY_SHARED) && (size_t)n < size)
    snprintf(buf + n, size - (size_t)n, " shared");
}

/* The import's name, for messages. */
#define IMPORT_FMT "import %zu \"%.*s\".\"%.*s\": "
#define IMPORT_ARGS                                                            \
  index, (int)imp->module_len, imp->module, (int)imp->name_len, imp->name

static int check_limits(const wasmaot_limits_desc *declared,
                        const wasmaot_limits_desc *actual, int is_table,
                        const char **why) {
  uint32_t flag_mask =
      is_table ? WASMAOT_TABLE_64 : (WASMAOT_MEMORY_64 | WASMAOT_MEMORY_SHARED);
  if ((declared->flags & flag_mask) != (actual->flags & flag_mask)) {
    *why = is_table ? "index types differ" : "index types or sharing differ";
    return -1;
  }
  if (actual->min < declared->min) {
    *why = "the minimum is too small";
    return -1;
  }
  if (declared->has_max && (!actual->has_max || actual->max > declared->max)) {
    *why = actual->has_max ? "the maximum is too large" : "no maximum";
    return -1;
  }
  return 0;
}

int wasmaot_link_check(const wasmaot_module *module, size_t index,
                       const wasmaot_extern *provided, uint32_t *host_type_id,
                       char **error) {
  const wasmaot_module_descriptor *d = module->desc;
  const wasmaot_import_desc *imp = &d->imports[index];
  wasmaot_import_info info;
  wasmaot_module_import(module, index, &info);

  if (!provided || provided->kind == WASMAOT_EXTERN_NONE) {
    wasmaot_set_error(error, IMPORT_FMT "unknown import", IMPORT_ARGS);
    return -1;
  }
  uint32_t kind = provided->kind;
  int same_kind = kind == imp->kind || (kind == WASMAOT_EXTERN_HOST_FUNC &&
                                        imp->kind == WASMAOT_EXTERN_FUNC);
  if (!same_kind) {
    wasmaot_set_error(error,
                      IMPORT_FMT "incompatible import type: expected a %s, "
                                 "got a %s",
                      IMPORT_ARGS, kind_name(imp->kind), kind_name(kind));
    return -1;
  }

  char expected[256], got[256];
  switch (kind) {
  case WASMAOT_EXTERN_FUNC:
  case WASMAOT_EXTERN_HOST_FUNC: {
    uint32_t want = module->type_ids[imp->index];
    uint32_t have;
    if (kind == WASMAOT_EXTERN_FUNC) {
      if (!provided->of.func) {
        wasmaot_set_error(error, IMPORT_FMT "unknown import (NULL function)",
                          IMPORT_ARGS);
        return -1;
      }
      have = provided->of.func->type_id;
    } else {
      const wasmaot_host_func *h = &provided->of.host_func;
      if (!h->callback) {
        wasmaot_set_error(error, IMPORT_FMT "unknown import (NULL callback)",
                          IMPORT_ARGS);
        return -1;
      }
      have = wasmaot_type_intern(h->params, h->num_params, h->results,
                                 h->num_results);
      if (!have) {
        wasmaot_set_error(error,
                          IMPORT_FMT "incompatible import type: the host "
                                     "function's type is malformed",
                          IMPORT_ARGS);
        return -1;
      }
      *host_type_id = have;
    }
    if (have != want) {
      wasmaot_format_func_type(expected, sizeof expected, &info.type.of.func);
      wasmaot_func_type actual;
      if (wasmaot_type_lookup(have, &actual) == 0)
        wasmaot_format_func_type(got, sizeof got, &actual);
      else
        snprintf(got, sizeof got, "an unknown type (id %u)", have);
      wasmaot_set_error(error,
                        IMPORT_FMT "incompatible import type: expected "
                                   "function %s, got %s",
                        IMPORT_ARGS, expected, got);
      return -1;
    }
    return 0;
  }

  case WASMAOT_EXTERN_TABLE: {
    const wasmaot_table *t = provided->of.table;
    if (!t) {
      wasmaot_set_error(error, IMPORT_FMT "unknown import (NULL table)",
                        IMPORT_ARGS);
      return -1;
    }
    const wasmaot_table_desc *want = &info.type.of.table;
    wasmaot_limits_desc have;
    wasmaot_table_limits(t, &have);
    const char *why = NULL;
    if (t->elem_type != want->elem_type)
      why = "element types differ";
    else
      check_limits(&want->limits, &have, 1, &why);
    if (why) {
      format_limits(expected, sizeof expected, want->limits.min,
                    want->limits.has_max, want->limits.max, want->limits.flags,
                    1);
      format_limits(got, sizeof got, have.min, have.has_max, have.max,
                    have.flags, 1);
      wasmaot_set_error(error,
                        IMPORT_FMT "incompatible import type: %s (expected "
                                   "table %s %s, got table %s %s)",
                        IMPORT_ARGS, why, expected,
                        wasmaot_valtype_name(want->elem_type), got,
                        wasmaot_valtype_name(t->elem_type));
      return -1;
    }
    return 0;
  }

  case WASMAOT_EXTERN_MEMORY: {
    const wasmaot_memory *m = provided->of.memory;
    if (!m) {
      wasmaot_set_error(error, IMPORT_FMT "unknown import (NULL memory)",
                        IMPORT_ARGS);
      return -1;
    }
    const wasmaot_limits_desc *want = &info.type.of.memory;
    wasmaot_limits_desc have;
    wasmaot_memory_limits(m, &have);
    const char *why = NULL;
    if (check_limits(want, &have, 0, &why)) {
      format_limits(expected, sizeof expected, want->min, want->has_max,
                    want->max, want->flags, 0);
      format_limits(got, sizeof got, have.min, have.has_max, have.max,
                    have.flags, 0);
      wasmaot_set_error(error,
                        IMPORT_FMT "incompatible import type: %s (expected "
                                   "memory %s, got memory %s)",
                        IMPORT_ARGS, why, expected, got);
      return -1;
    }
    return 0;
  }

  case WASMAOT_EXTERN_GLOBAL: {
    const wasmaot_global_ref *g = &provided->of.global;
    if (!g->storage) {
      wasmaot_set_error(error, IMPORT_FMT "unknown import (NULL storage)",
                        IMPORT_ARGS);
      return -1;
    }
    const wasmaot_global_desc *want = &info.type.of.global;
    if (g->type != want->type || !g->is_mutable != !want->is_mutable) {
      wasmaot_set_error(error,
                        IMPORT_FMT "incompatible import type: expected global "
                                   "%s%s, got global %s%s",
                        IMPORT_ARGS, want->is_mutable ? "mut " : "",
                        wasmaot_valtype_name(want->type),
                        g->is_mutable ? "mut " : "",
                        wasmaot_valtype_name(g->type));
      return -1;
    }
    return 0;
  }
  }
  wasmaot_set_error(error, IMPORT_FMT "unknown import", IMPORT_ARGS);
  return -1;
}
