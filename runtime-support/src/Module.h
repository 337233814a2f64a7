/*===- Module.h - Loaded libraries --------------------------------*- C -*-===*
 *
 * The public functions are in wasmaot.h (wasmaot_module_*); this is what the
 * rest of the runtime needs besides.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_MODULE_H
#define WASMAOT_RUNTIME_MODULE_H

#include "wasmaot/wasmaot.h"

#include <stdatomic.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WASMAOT_MAX_CODE_SEGMENTS 8u

struct wasmaot_module {
  _Atomic uint32_t refs;
  uint32_t num_code_segments;
  void *handle; /* dlopen's */
  const wasmaot_module_descriptor *desc;
  /* Canonical type id of each type index (TypeRegistry). */
  uint32_t *type_ids;
  /* Export indices sorted by name, for wasmaot_module_find_export. */
  uint32_t *export_order;
  /* Per import, the index it takes in its kind's index space. */
  uint32_t *import_index;
  const void *code_segments[WASMAOT_MAX_CODE_SEGMENTS]; /* registered */
  size_t code_segment_sizes[WASMAOT_MAX_CODE_SEGMENTS];
  /* Function starts for backtraces (Symbols.h); NULL if not registered. */
  struct wasmaot_symbol_table *symbols;
  char *path;
  /* The memfd an artifact's library was loaded from (Artifact.c), closed
   * after dlclose: while it is open, no other library gets its
   * /proc/self/fd path. -1: none. */
  int owned_fd;
};

/* The export named (name, len), or -1. */
int64_t wasmaot_module_find_export(const wasmaot_module *module,
                                   const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif
