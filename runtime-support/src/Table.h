/*===- Table.h - Tables -------------------------------------------*- C -*-===*
 *
 * The public functions are in wasmaot.h (wasmaot_table_*); this is what the
 * rest of the runtime needs besides.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_TABLE_H
#define WASMAOT_RUNTIME_TABLE_H

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether [offset, offset + n) lies within size elements (or bytes). */
static inline int wasmaot_in_bounds(uint64_t offset, uint64_t n,
                                    uint64_t size) {
  return n <= size && offset <= size - n;
}

#ifdef __cplusplus
}
#endif

#endif
