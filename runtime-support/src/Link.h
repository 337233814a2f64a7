/*===- Link.h - Checking imports against their declarations -------*- C -*-===*/

#ifndef WASMAOT_RUNTIME_LINK_H
#define WASMAOT_RUNTIME_LINK_H

#include "Module.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Checks what the host provides for import `index` of module against the
 * import's declaration, as the spec's import matching does. Returns 0, or -1
 * with an error naming the import and saying why ("unknown import",
 * "incompatible import type: ..."). For a host function, *host_type_id
 * receives its canonical type id. */
int wasmaot_link_check(const wasmaot_module *module, size_t index,
                       const wasmaot_extern *provided, uint32_t *host_type_id,
                       char **error);

#ifdef __cplusplus
}
#endif

#endif
