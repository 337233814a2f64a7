/*===- Segments.h - Element and data segments ---------------------*- C -*-===*
 *
 * The segments of an instance: the references of its element segments (held
 * until dropped, for table.init), whether its data segments are dropped, and
 * the bounds-checked copies into tables and memories that both instantiation
 * and the runtime services (memory.init, table.init) use. The operations
 * return a trap code (WASMAOT_TRAP_NONE when done) rather than trapping, so
 * that instantiation can report it.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_SEGMENTS_H
#define WASMAOT_RUNTIME_SEGMENTS_H

#include "Instance.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Allocates the segment state and takes ownership of the items of each
 * element segment: items[s] (count desc->elem_segments[s].count, malloc'd
 * or NULL when empty). Returns 0, or -1 out of memory. */
int wasmaot_segments_init(wasmaot_instance *inst);
void wasmaot_segments_free(wasmaot_instance *inst);

/* table[dst .. dst+n) = elem segment[src .. src+n), after checking both
 * ranges (out of bounds table access). */
uint32_t wasmaot_segments_table_init(wasmaot_instance *inst, uint32_t table,
                                     uint32_t segment, uint64_t dst,
                                     uint64_t src, uint64_t n);
/* memory[dst .. dst+n) = data segment[src .. src+n), after checking both
 * ranges (out of bounds memory access). */
uint32_t wasmaot_segments_memory_init(wasmaot_instance *inst, uint32_t memory,
                                      uint32_t segment, uint64_t dst,
                                      uint64_t src, uint64_t n);
void wasmaot_segments_elem_drop(wasmaot_instance *inst, uint32_t segment);
void wasmaot_segments_data_drop(wasmaot_instance *inst, uint32_t segment);

#ifdef __cplusplus
}
#endif

#endif
