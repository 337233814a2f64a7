/*===- Segments.c - Element and data segments -----------------------------===*/

#include "Segments.h"

#include "Memory.h"
#include "Table.h"

#include <stdlib.h>
#include <string.h>

int wasmaot_segments_init(wasmaot_instance *inst) {
  const wasmaot_module_descriptor *d = inst->desc;
  size_t ne = d->num_elem_segments, nd = d->num_data_segments;
  inst->elems = calloc(ne ? ne : 1, sizeof *inst->elems);
  inst->data_live = calloc(nd ? nd : 1, sizeof *inst->data_live);
  inst->elem_offsets = calloc(ne ? ne : 1, sizeof(uint64_t));
  inst->data_offsets = calloc(nd ? nd : 1, sizeof(uint64_t));
  if (!inst->elems || !inst->data_live || !inst->elem_offsets ||
      !inst->data_offsets)
    return -1;
  for (size_t s = 0; s < ne; ++s) {
    uint32_t count = d->elem_segments[s].count;
    if (!count)
      continue;
    inst->elems[s].items = calloc(count, sizeof(void *));
    if (!inst->elems[s].items)
      return -1;
    inst->elems[s].count = count;
  }
  for (size_t s = 0; s < nd; ++s)
    atomic_init(&inst->data_live[s], 1);
  return 0;
}

void wasmaot_segments_free(wasmaot_instance *inst) {
  if (inst->elems)
    for (size_t s = 0; s < inst->desc->num_elem_segments; ++s)
      free(inst->elems[s].items);
  free(inst->elems);
  free((void *)inst->data_live);
  free(inst->elem_offsets);
  free(inst->data_offsets);
  inst->elems = NULL;
  inst->data_live = NULL;
  inst->elem_offsets = inst->data_offsets = NULL;
}

uint32_t wasmaot_segments_table_init(wasmaot_instance *inst, uint32_t table,
                                     uint32_t segment, uint64_t dst,
                                     uint64_t src, uint64_t n) {
  wasmaot_table *t = inst->tables[table];
  wasmaot_elem_state *seg = &inst->elems[segment];
  if (!wasmaot_in_bounds(src, n, seg->count) ||
      !wasmaot_in_bounds(dst, n, t->size))
    return WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE;
  if (n)
    memmove(t->elements + dst, seg->items + src, (size_t)n * sizeof(void *));
  return WASMAOT_TRAP_NONE;
}

uint32_t wasmaot_segments_memory_init(wasmaot_instance *inst, uint32_t memory,
                                      uint32_t segment, uint64_t dst,
                                      uint64_t src, uint64_t n) {
  wasmaot_memory *m = inst->memories[memory];
  const wasmaot_data_desc *seg = &inst->desc->data_segments[segment];
  uint64_t size =
      atomic_load_explicit(&inst->data_live[segment], memory_order_relaxed)
          ? seg->size
          : 0;
  if (!wasmaot_in_bounds(src, n, size) ||
      !wasmaot_in_bounds(dst, n, wasmaot_memory_size_bytes(m)))
    return WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY;
  if (n)
    memcpy(m->base + dst, seg->bytes + src, (size_t)n);
  return WASMAOT_TRAP_NONE;
}

void wasmaot_segments_elem_drop(wasmaot_instance *inst, uint32_t segment) {
  wasmaot_elem_state *seg = &inst->elems[segment];
  void **items = seg->items;
  seg->count = 0;
  seg->items = NULL;
  free(items);
}

void wasmaot_segments_data_drop(wasmaot_instance *inst, uint32_t segment) {
  atomic_store_explicit(&inst->data_live[segment], 0, memory_order_relaxed);
}
