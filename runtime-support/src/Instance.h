/*===- Instance.h - Instances -------------------------------------*- C -*-===*
 *
 * The runtime's side of an instance: everything its context points to, and
 * what it holds on to. The public functions are in wasmaot.h.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_INSTANCE_H
#define WASMAOT_RUNTIME_INSTANCE_H

#include "wasmaot/wasmaot.h"

#include <stdatomic.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An element segment's references, evaluated at instantiation; count is 0
 * (and items NULL) once dropped. */
typedef struct wasmaot_elem_state {
  void **items;
  uint32_t count;
} wasmaot_elem_state;

struct wasmaot_instance {
  _Atomic uint32_t refs;
  uint32_t num_owners;
  wasmaot_module *module; /* retained */
  const wasmaot_module_descriptor *desc;
  wasmaot_context *ctx; /* desc->context_size bytes; ctx->instance = this */

  wasmaot_memory **memories; /* all retained (imported and own) */
  wasmaot_table **tables;    /* all retained */
  wasmaot_val **globals;     /* storage by global index */
  wasmaot_val *own_globals;  /* the defined globals' slots */
  const wasmaot_func **funcs;
  /* Records this instance owns: defined functions, then one per host
   * function import (num_imported_funcs, the unused ones zero). */
  wasmaot_func *records;
  wasmaot_host_binding *bindings; /* per function import */
  /* Instances this one imports from (each retained once per import). */
  wasmaot_instance **owners;

  wasmaot_elem_state *elems;
  /* Per data segment: its bytes are still available (not dropped). */
  _Atomic uint8_t *data_live;
  uint64_t *elem_offsets, *data_offsets;

  /* Failed instantiations whose functions may still be reachable (see
   * wasmaot_instance_new) are kept on a process-wide list. */
  wasmaot_instance *next_kept;
};

static inline wasmaot_instance *wasmaot_instance_of(wasmaot_context *ctx) {
  return (wasmaot_instance *)ctx->instance;
}

#ifdef __cplusplus
}
#endif

#endif
