/*===- AbiLayout.c - The runtime's side of the layout checks --------------===*
 *
 * Generated code reads these fields at offsets the compiler computed from
 * abi.h; if either side's compiler laid them out differently, fail here.
 * (LP64 targets: x86-64, aarch64.)
 *
 *===----------------------------------------------------------------------===*/

#include "wasmaot/abi.h"

#include <stddef.h>

_Static_assert(sizeof(void *) == 8, "WasmAOT supports 64-bit hosts only");
_Static_assert(sizeof(wasmaot_val) == 16, "wasmaot_val");
_Static_assert(offsetof(wasmaot_memory, base) == 0, "wasmaot_memory.base");
_Static_assert(offsetof(wasmaot_memory, size) == 8, "wasmaot_memory.size");
_Static_assert(offsetof(wasmaot_memory, max_pages) == 16, "max_pages");
_Static_assert(offsetof(wasmaot_memory, reserved) == 24, "reserved");
_Static_assert(sizeof(wasmaot_memory) == 40, "wasmaot_memory");
_Static_assert(offsetof(wasmaot_context, rt) == 0, "wasmaot_context.rt");
_Static_assert(offsetof(wasmaot_context, memory0_base) == 16, "memory0_base");
_Static_assert(offsetof(wasmaot_context, stack_limit_tls_offset) == 64,
               "stack_limit_tls_offset");
_Static_assert(offsetof(wasmaot_runtime_services, trap) == 0, "rt->trap");
_Static_assert(sizeof(wasmaot_runtime_services) == 32 * sizeof(void *),
               "wasmaot_runtime_services");
