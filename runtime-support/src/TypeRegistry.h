/*===- TypeRegistry.h - Canonical function types ------------------*- C -*-===*
 *
 * The public functions are in wasmaot.h (wasmaot_type_*); this is what the
 * rest of the runtime needs besides.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_TYPE_REGISTRY_H
#define WASMAOT_RUNTIME_TYPE_REGISTRY_H

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether code is a value type the runtime knows (abi.h's WASMAOT_I32 ..). */
int wasmaot_valtype_known(uint32_t code);

/* The text format's name of a value type ("i32", "funcref"; "?" if
 * unknown). Static storage. */
const char *wasmaot_valtype_name(uint32_t code);

/* Appends "[i32 i64] -> [f32]" for a type to buf (at most size bytes with
 * the terminator); returns buf. */
char *wasmaot_format_func_type(char *buf, size_t size,
                               const wasmaot_func_type *type);

#ifdef __cplusplus
}
#endif

#endif
