/*===- Memory.h - Linear memories ---------------------------------*- C -*-===*
 *
 * The public functions are in wasmaot.h (wasmaot_memory_*); this is what the
 * rest of the runtime needs besides.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_MEMORY_H
#define WASMAOT_RUNTIME_MEMORY_H

#include "wasmaot/wasmaot.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Address space a 32-bit memory reserves: 4 GiB of i32 addresses, 4 GiB of
 * static offsets (an offset is at most 2^32 - 1), and 64 KiB for the access
 * size (at most 16 bytes) and slack. */
#define WASMAOT_RESERVATION_32 ((8ull << 30) + 65536ull)
/* Most address space a 64-bit memory reserves up front. */
#define WASMAOT_RESERVATION_64_BOUND (64ull << 30)

/* The current size in bytes (acquire: the bytes below it are committed). */
static inline uint64_t wasmaot_memory_size_bytes(const wasmaot_memory *m) {
  return __atomic_load_n(&m->size, __ATOMIC_ACQUIRE);
}

#ifdef __cplusplus
}
#endif

#endif
