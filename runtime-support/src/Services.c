/*===- Services.c - What generated code asks of the runtime ---------------===*
 *
 * The wasmaot_runtime_services table (abi.h). Bounds are checked before any
 * byte or element is touched; a failed check traps (unwinds to the innermost
 * entry). Every service finds the instance through ctx->instance.
 *
 *===----------------------------------------------------------------------===*/

#include "Instance.h"
#include "Memory.h"
#include "Segments.h"
#include "Table.h"
#include "Trap.h"

#include <string.h>

static void service_trap(wasmaot_context *ctx, uint32_t code) {
  (void)ctx;
  wasmaot_raise_trap(code);
}

/* 32-bit and 64-bit memories never move (wasmaot.h), so memory0_base stays
 * valid across grow and the context needs no update. */
static uint64_t service_memory_grow(wasmaot_context *ctx, uint32_t memory,
                                    uint64_t delta_pages) {
  return wasmaot_memory_grow(ctx->memories[memory], delta_pages);
}

static void service_memory_fill(wasmaot_context *ctx, uint32_t memory,
                                uint64_t dst, uint32_t value, uint64_t n) {
  wasmaot_memory *m = ctx->memories[memory];
  if (!wasmaot_in_bounds(dst, n, wasmaot_memory_size_bytes(m)))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  memset(m->base + dst, (int)(uint8_t)value, (size_t)n);
}

static void service_memory_copy(wasmaot_context *ctx, uint32_t dst_memory,
                                uint32_t src_memory, uint64_t dst, uint64_t src,
                                uint64_t n) {
  wasmaot_memory *d = ctx->memories[dst_memory];
  wasmaot_memory *s = ctx->memories[src_memory];
  if (!wasmaot_in_bounds(dst, n, wasmaot_memory_size_bytes(d)) ||
      !wasmaot_in_bounds(src, n, wasmaot_memory_size_bytes(s)))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  memmove(d->base + dst, s->base + src, (size_t)n);
}

static void service_memory_init(wasmaot_context *ctx, uint32_t memory,
                                uint32_t segment, uint64_t dst, uint32_t src,
                                uint32_t n) {
  uint32_t code = wasmaot_segments_memory_init(wasmaot_instance_of(ctx), memory,
                                               segment, dst, src, n);
  if (code != WASMAOT_TRAP_NONE)
    wasmaot_raise_trap(code);
}

static void service_data_drop(wasmaot_context *ctx, uint32_t segment) {
  wasmaot_segments_data_drop(wasmaot_instance_of(ctx), segment);
}

static uint64_t service_table_grow(wasmaot_context *ctx, uint32_t table,
                                   void *init, uint64_t delta) {
  return wasmaot_table_grow(ctx->tables[table], delta, init);
}

static void service_table_fill(wasmaot_context *ctx, uint32_t table,
                               uint64_t dst, void *value, uint64_t n) {
  wasmaot_table *t = ctx->tables[table];
  if (!wasmaot_in_bounds(dst, n, t->size))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  for (uint64_t i = 0; i < n; ++i)
    t->elements[dst + i] = value;
}

static void service_table_copy(wasmaot_context *ctx, uint32_t dst_table,
                               uint32_t src_table, uint64_t dst, uint64_t src,
                               uint64_t n) {
  wasmaot_table *d = ctx->tables[dst_table];
  wasmaot_table *s = ctx->tables[src_table];
  if (!wasmaot_in_bounds(dst, n, d->size) ||
      !wasmaot_in_bounds(src, n, s->size))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE);
  if (n) /* the ranges may overlap (same table) */
    memmove(d->elements + dst, s->elements + src, (size_t)n * sizeof(void *));
}

static void service_table_init(wasmaot_context *ctx, uint32_t table,
                               uint32_t segment, uint64_t dst, uint32_t src,
                               uint32_t n) {
  uint32_t code = wasmaot_segments_table_init(wasmaot_instance_of(ctx), table,
                                              segment, dst, src, n);
  if (code != WASMAOT_TRAP_NONE)
    wasmaot_raise_trap(code);
}

static void service_elem_drop(wasmaot_context *ctx, uint32_t segment) {
  wasmaot_segments_elem_drop(wasmaot_instance_of(ctx), segment);
}

static const wasmaot_runtime_services services = {
    .trap = service_trap,
    .memory_grow = service_memory_grow,
    .memory_fill = service_memory_fill,
    .memory_copy = service_memory_copy,
    .memory_init = service_memory_init,
    .data_drop = service_data_drop,
    .table_grow = service_table_grow,
    .table_fill = service_table_fill,
    .table_copy = service_table_copy,
    .table_init = service_table_init,
    .elem_drop = service_elem_drop,
};

const wasmaot_runtime_services *wasmaot_runtime_services_get(void) {
  return &services;
}
