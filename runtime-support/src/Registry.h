/*===- Registry.h - Address ranges the fault handler may query ----*- C -*-===*
 *
 * Two process-wide sets of address ranges: the code ranges of generated code
 * and the reservations of linear memories. Writers (register, unregister,
 * update) take a mutex; the reader, the fault handler, takes no lock and
 * allocates nothing: each set is a fixed array of slots, each slot a
 * seqlock-protected [begin, end) pair. A slot being written is skipped, not
 * waited for (a range in the middle of being added or removed is no place
 * for a legitimate trap), so readers never spin on a writer, not even one
 * interrupted on the same thread.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_REGISTRY_H
#define WASMAOT_RUNTIME_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wasmaot_range_set_id {
  WASMAOT_RANGES_CODE = 0,   /* generated code */
  WASMAOT_RANGES_MEMORY = 1, /* linear-memory reservations */
} wasmaot_range_set_id;

/* Adds [begin, end); returns its slot (a handle for update and remove), or
 * -1 if begin >= end or the set is full. */
int32_t wasmaot_ranges_add(wasmaot_range_set_id set, uintptr_t begin,
                           uintptr_t end);
/* Replaces the range of a slot returned by add. */
void wasmaot_ranges_update(wasmaot_range_set_id set, int32_t slot,
                           uintptr_t begin, uintptr_t end);
/* Removes a slot returned by add. */
void wasmaot_ranges_remove(wasmaot_range_set_id set, int32_t slot);
/* Removes the range that starts at begin; returns 0, or -1 if none does. */
int wasmaot_ranges_remove_at(wasmaot_range_set_id set, uintptr_t begin);
/* Whether some range of the set contains address. Async-signal-safe,
 * lock-free, allocation-free. */
int wasmaot_ranges_contain(wasmaot_range_set_id set, uintptr_t address);

#ifdef __cplusplus
}
#endif

#endif
