/*===- Instance.c - Instantiation, exports and instance lifetime ----------===*
 *
 * wasmaot_instance_new follows the spec's instantiation: match the imports,
 * allocate the context and the module's own memories, tables and globals,
 * bind the function records, run the compiled constant expressions (global
 * initialisers, segment offsets, element items), apply the active element
 * segments then the active data segments in order (each bounds-checked
 * before it writes; a failure stops instantiation and earlier writes stay),
 * and run the start function. Generated code runs under an entry frame, so a
 * trap anywhere becomes an instantiation failure, never a crash.
 *
 * Lifetime. An instance is reference counted. It holds a reference to its
 * module, to every memory and table it uses (own or imported), and to every
 * instance it imports something from (wasmaot_extern.owner). The host's
 * reference is dropped by wasmaot_instance_delete; the instance is freed when
 * nothing imports from it any more.
 *
 *===----------------------------------------------------------------------===*/

#include "Instance.h"

#include "Error.h"
#include "Link.h"
#include "Module.h"
#include "Segments.h"
#include "TypeRegistry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static wasmaot_instance *kept;

static void destroy(wasmaot_instance *inst) {
  const wasmaot_module_descriptor *d = inst->desc;
  if (inst->memories)
    for (uint32_t i = 0; i < d->num_memories; ++i)
      wasmaot_memory_release(inst->memories[i]);
  if (inst->tables)
    for (uint32_t i = 0; i < d->num_tables; ++i)
      wasmaot_table_release(inst->tables[i]);
  for (uint32_t i = 0; i < inst->num_owners; ++i)
    wasmaot_instance_delete(inst->owners[i]);
  wasmaot_segments_free(inst);
  free(inst->memories);
  free(inst->tables);
  free(inst->globals);
  free(inst->own_globals);
  free(inst->funcs);
  free(inst->records);
  free(inst->bindings);
  free(inst->owners);
  free(inst->ctx);
  wasmaot_module_release(inst->module);
  free(inst);
}

wasmaot_instance *wasmaot_instance_retain(wasmaot_instance *instance) {
  if (instance)
    atomic_fetch_add_explicit(&instance->refs, 1, memory_order_relaxed);
  return instance;
}

void wasmaot_instance_delete(wasmaot_instance *instance) {
  if (!instance)
    return;
  if (atomic_fetch_sub_explicit(&instance->refs, 1, memory_order_acq_rel) != 1)
    return;
  destroy(instance);
}

/* Allocates everything whose size the descriptor gives; no side effects. */
static int allocate(wasmaot_instance *inst) {
  const wasmaot_module_descriptor *d = inst->desc;
  size_t ctx_size = (d->context_size + 63) & ~(size_t)63;
  inst->ctx = aligned_alloc(64, ctx_size);
  if (inst->ctx)
    memset(inst->ctx, 0, ctx_size);
#define ALLOC(field, n)                                                        \
  (inst->field = calloc((n) ? (n) : 1, sizeof *inst->field))
  uint32_t defined_funcs = d->num_funcs - d->num_imported_funcs;
  uint32_t own_globals = d->num_globals - d->num_imported_globals;
  if (!inst->ctx || !ALLOC(memories, d->num_memories) ||
      !ALLOC(tables, d->num_tables) || !ALLOC(globals, d->num_globals) ||
      !ALLOC(own_globals, own_globals) || !ALLOC(funcs, d->num_funcs) ||
      !ALLOC(records, (size_t)defined_funcs + d->num_imported_funcs) ||
      !ALLOC(bindings, d->num_imported_funcs) || !ALLOC(owners, d->num_imports))
    return -1;
#undef ALLOC
  return wasmaot_segments_init(inst);
}

/* Binds the (checked) imports, in order. */
static void bind_imports(wasmaot_instance *inst, const wasmaot_extern *imports,
                         const uint32_t *host_type_ids) {
  const wasmaot_module_descriptor *d = inst->desc;
  uint32_t next[4] = {0, 0, 0, 0};
  uint32_t defined_funcs = d->num_funcs - d->num_imported_funcs;
  for (uint32_t i = 0; i < d->num_imports; ++i) {
    const wasmaot_import_desc *imp = &d->imports[i];
    const wasmaot_extern *ext = &imports[i];
    uint32_t index = next[imp->kind]++;
    switch (ext->kind) {
    case WASMAOT_EXTERN_FUNC:
      inst->funcs[index] = ext->of.func;
      break;
    case WASMAOT_EXTERN_HOST_FUNC: {
      wasmaot_host_binding *binding = &inst->bindings[index];
      binding->callback = ext->of.host_func.callback;
      binding->env = ext->of.host_func.env;
      binding->caller = inst->ctx;
      wasmaot_func *record = &inst->records[defined_funcs + index];
      record->code = d->host_adapters[imp->index];
      record->callee = binding;
      record->entry = d->entries[imp->index];
      record->type_id = host_type_ids[index];
      record->flags = 0;
      inst->funcs[index] = record;
      break;
    }
    case WASMAOT_EXTERN_TABLE:
      inst->tables[index] = wasmaot_table_retain(ext->of.table);
      break;
    case WASMAOT_EXTERN_MEMORY:
      inst->memories[index] = wasmaot_memory_retain(ext->of.memory);
      break;
    case WASMAOT_EXTERN_GLOBAL:
      inst->globals[index] = ext->of.global.storage;
      break;
    }
    if (ext->owner && ext->owner != inst)
      inst->owners[inst->num_owners++] = wasmaot_instance_retain(ext->owner);
  }
}

/* The module's own memories, tables, globals and functions. */
static int define(wasmaot_instance *inst, char **error) {
  const wasmaot_module_descriptor *d = inst->desc;
  for (uint32_t i = d->num_imported_memories; i < d->num_memories; ++i) {
    const wasmaot_limits_desc *l = &d->memories[i];
    char *why = NULL;
    inst->memories[i] = wasmaot_memory_new(
        l->min, l->has_max ? l->max : WASMAOT_NO_MAXIMUM, l->flags, &why);
    if (!inst->memories[i]) {
      wasmaot_set_error(error, "memory %u: %s", i, why ? why : "out of memory");
      wasmaot_error_free(why);
      return -1;
    }
  }
  for (uint32_t i = d->num_imported_tables; i < d->num_tables; ++i) {
    const wasmaot_table_desc *t = &d->tables[i];
    char *why = NULL;
    inst->tables[i] = wasmaot_table_new(t->elem_type, t->limits.min,
                                        t->limits.has_max ? t->limits.max
                                                          : WASMAOT_NO_MAXIMUM,
                                        t->limits.flags, NULL, &why);
    if (!inst->tables[i]) {
      wasmaot_set_error(error, "table %u: %s", i, why ? why : "out of memory");
      wasmaot_error_free(why);
      return -1;
    }
  }
  for (uint32_t i = d->num_imported_globals; i < d->num_globals; ++i)
    inst->globals[i] = &inst->own_globals[i - d->num_imported_globals];
  for (uint32_t i = d->num_imported_funcs; i < d->num_funcs; ++i) {
    uint32_t type = d->func_type_indices[i];
    wasmaot_func *record = &inst->records[i - d->num_imported_funcs];
    record->code = d->code[i - d->num_imported_funcs];
    record->callee = inst->ctx;
    record->entry = d->entries[type];
    record->type_id = inst->module->type_ids[type];
    record->flags = 0;
    inst->funcs[i] = record;
  }

  wasmaot_context *ctx = inst->ctx;
  ctx->rt = wasmaot_runtime_services_get();
  ctx->instance = inst;
  ctx->memory0_base = d->num_memories ? inst->memories[0]->base : NULL;
  ctx->memories = inst->memories;
  ctx->tables = inst->tables;
  ctx->funcs = inst->funcs;
  ctx->type_ids = inst->module->type_ids;
  ctx->globals = inst->globals;
  ctx->stack_limit_tls_offset = wasmaot_stack_limit_tls_offset();
  return 0;
}

/* The compiled constant expressions, run under an entry frame. */
static void evaluate_constants(void *arg) {
  wasmaot_instance *inst = arg;
  const wasmaot_module_descriptor *d = inst->desc;
  d->init_globals(inst->ctx);
  d->eval_offsets(inst->ctx, inst->elem_offsets, inst->data_offsets);
  for (uint32_t s = 0; s < d->num_elem_segments; ++s)
    if (inst->elems[s].count)
      d->eval_elem_items(inst->ctx, s, inst->elems[s].items);
}

/* Whether references to the instance's functions may have escaped into
 * objects that outlive a failed instantiation: element segments written to
 * imported tables, or (once the start function ran) anything it can reach. */
static int may_have_escaped(const wasmaot_instance *inst, int wrote_imported,
                            int ran_start) {
  if (wrote_imported)
    return 1;
  if (!ran_start)
    return 0;
  const wasmaot_module_descriptor *d = inst->desc;
  if (d->num_imported_funcs || d->num_imported_tables)
    return 1;
  for (uint32_t g = 0; g < d->num_imported_globals; ++g) {
    uint32_t type = d->globals[g].type;
    if (d->globals[g].is_mutable &&
        (type == WASMAOT_FUNCREF || type == WASMAOT_EXTERNREF))
      return 1;
  }
  return 0;
}

static void keep_forever(wasmaot_instance *inst) {
  pthread_mutex_lock(&kept_lock);
  inst->next_kept = kept;
  kept = inst;
  pthread_mutex_unlock(&kept_lock);
}

static void set_trap(wasmaot_trap *trap, uint32_t code) {
  if (!trap)
    return;
  memset(trap, 0, sizeof *trap);
  trap->code = code;
  trap->message = wasmaot_trap_message(code);
}

/* A segment trapped while instantiating: report it, and free the instance
 * unless its functions may already be reachable from outside. */
static wasmaot_instance *fail_segment(wasmaot_instance *inst,
                                      int wrote_imported, uint32_t code,
                                      const char *kind, uint32_t segment,
                                      wasmaot_trap *trap, char **error) {
  set_trap(trap, code);
  wasmaot_set_error(error, "instantiate: %s segment %u: %s", kind, segment,
                    wasmaot_trap_message(code));
  if (may_have_escaped(inst, wrote_imported, 0))
    keep_forever(inst);
  else
    destroy(inst);
  return NULL;
}

wasmaot_instance *wasmaot_instance_new(wasmaot_module *module,
                                       const wasmaot_extern *imports,
                                       size_t num_imports, wasmaot_trap *trap,
                                       char **error) {
  if (error)
    *error = NULL;
  set_trap(trap, WASMAOT_TRAP_NONE);
  if (!module) {
    wasmaot_set_error(error, "instantiate: no module");
    return NULL;
  }
  const wasmaot_module_descriptor *d = module->desc;
  if (num_imports && !imports) {
    wasmaot_set_error(error, "instantiate: %zu imports but no array",
                      num_imports);
    return NULL;
  }
  if (num_imports > d->num_imports) {
    wasmaot_set_error(error,
                      "instantiate: %zu imports given, the module has %u",
                      num_imports, d->num_imports);
    return NULL;
  }

  /* 1. Match the imports: no effects before they all match. */
  uint32_t *host_type_ids = calloc(
      d->num_imported_funcs ? d->num_imported_funcs : 1, sizeof(uint32_t));
  if (!host_type_ids) {
    wasmaot_set_error(error, "instantiate: out of memory");
    return NULL;
  }
  for (size_t i = 0, func = 0; i < d->num_imports; ++i) {
    uint32_t host_id = 0;
    const wasmaot_extern *ext = i < num_imports ? &imports[i] : NULL;
    if (wasmaot_link_check(module, i, ext, &host_id, error) != 0) {
      free(host_type_ids);
      return NULL;
    }
    if (d->imports[i].kind == WASMAOT_EXTERN_FUNC)
      host_type_ids[func++] = host_id;
  }

  /* 2. Allocate, bind, define. */
  wasmaot_instance *inst = calloc(1, sizeof *inst);
  if (!inst) {
    free(host_type_ids);
    wasmaot_set_error(error, "instantiate: out of memory");
    return NULL;
  }
  atomic_init(&inst->refs, 1);
  inst->module = wasmaot_module_retain(module);
  inst->desc = d;
  if (allocate(inst) != 0) {
    free(host_type_ids);
    destroy(inst);
    wasmaot_set_error(error, "instantiate: out of memory");
    return NULL;
  }
  bind_imports(inst, imports, host_type_ids);
  free(host_type_ids);
  if (define(inst, error) != 0) {
    destroy(inst);
    return NULL;
  }

  /* 3. Constant expressions. */
  wasmaot_trap t;
  if (wasmaot_call_protected(evaluate_constants, inst, &t) !=
      WASMAOT_TRAP_NONE) {
    if (trap)
      *trap = t;
    wasmaot_set_error(error, "instantiate: trap in a constant expression: %s",
                      t.message);
    destroy(inst);
    return NULL;
  }

  /* 4. Element segments, then data segments, in order. */
  int wrote_imported = 0;
  for (uint32_t s = 0; s < d->num_elem_segments; ++s) {
    const wasmaot_elem_desc *seg = &d->elem_segments[s];
    if (seg->mode == WASMAOT_SEGMENT_ACTIVE) {
      uint32_t code = wasmaot_segments_table_init(
          inst, seg->table, s, inst->elem_offsets[s], 0, inst->elems[s].count);
      if (code != WASMAOT_TRAP_NONE)
        return fail_segment(inst, wrote_imported, code, "element", s, trap,
                            error);
      if (seg->table < d->num_imported_tables && seg->count)
        wrote_imported = 1;
    }
    if (seg->mode != WASMAOT_SEGMENT_PASSIVE)
      wasmaot_segments_elem_drop(inst, s);
  }
  for (uint32_t s = 0; s < d->num_data_segments; ++s) {
    const wasmaot_data_desc *seg = &d->data_segments[s];
    if (seg->mode != WASMAOT_SEGMENT_ACTIVE)
      continue;
    uint32_t code = wasmaot_segments_memory_init(
        inst, seg->memory, s, inst->data_offsets[s], 0, seg->size);
    if (code != WASMAOT_TRAP_NONE)
      return fail_segment(inst, wrote_imported, code, "data", s, trap, error);
    wasmaot_segments_data_drop(inst, s);
  }

  /* 5. The start function. */
  if (d->start_func >= 0) {
    const wasmaot_func *start = inst->funcs[d->start_func];
    wasmaot_val scratch[1];
    uint32_t code = wasmaot_call_entry(start->entry, start->callee, start->code,
                                       scratch, scratch, &t);
    if (code != WASMAOT_TRAP_NONE) {
      if (trap)
        *trap = t;
      wasmaot_set_error(error, "instantiate: the start function trapped: %s",
                        t.message);
      if (may_have_escaped(inst, wrote_imported, 1))
        keep_forever(inst);
      else
        destroy(inst);
      return NULL;
    }
  }
  return inst;
}

/* ---- Exports and accessors ---- */

int wasmaot_instance_export_at(wasmaot_instance *instance, size_t index,
                               wasmaot_extern *out) {
  if (!instance || !out || index >= instance->desc->num_exports)
    return -1;
  const wasmaot_export_desc *e = &instance->desc->exports[index];
  memset(out, 0, sizeof *out);
  out->kind = e->kind;
  out->owner = instance;
  switch (e->kind) {
  case WASMAOT_EXTERN_FUNC:
    out->of.func = instance->funcs[e->index];
    break;
  case WASMAOT_EXTERN_TABLE:
    out->of.table = instance->tables[e->index];
    break;
  case WASMAOT_EXTERN_MEMORY:
    out->of.memory = instance->memories[e->index];
    break;
  case WASMAOT_EXTERN_GLOBAL:
    out->of.global.storage = instance->globals[e->index];
    out->of.global.type = instance->desc->globals[e->index].type;
    out->of.global.is_mutable = instance->desc->globals[e->index].is_mutable;
    break;
  default:
    return -1;
  }
  return 0;
}

int wasmaot_instance_export_n(wasmaot_instance *instance, const char *name,
                              size_t name_len, wasmaot_extern *out) {
  if (!instance || (!name && name_len))
    return -1;
  int64_t index =
      wasmaot_module_find_export(instance->module, name ? name : "", name_len);
  if (index < 0)
    return -1;
  return wasmaot_instance_export_at(instance, (size_t)index, out);
}

int wasmaot_instance_export(wasmaot_instance *instance, const char *name,
                            wasmaot_extern *out) {
  if (!name)
    return -1;
  return wasmaot_instance_export_n(instance, name, strlen(name), out);
}

wasmaot_module *wasmaot_instance_module(const wasmaot_instance *instance) {
  return instance ? instance->module : NULL;
}

wasmaot_context *wasmaot_instance_context(const wasmaot_instance *instance) {
  return instance ? instance->ctx : NULL;
}

wasmaot_instance *wasmaot_context_instance(const wasmaot_context *ctx) {
  return ctx ? (wasmaot_instance *)ctx->instance : NULL;
}
