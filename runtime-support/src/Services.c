/*===- Services.c - What generated code asks of the runtime ---------------===*
 *
 * The wasmaot_runtime_services table (abi.h). Bounds are checked before any
 * byte is touched; a failed check traps (unwinds to the innermost entry).
 *
 *===----------------------------------------------------------------------===*/

#include "Memory.h"
#include "Trap.h"

#include <string.h>

static void service_trap(wasmaot_context *ctx, uint32_t code) {
  (void)ctx;
  wasmaot_raise_trap(code);
}

static uint64_t service_memory_grow(wasmaot_context *ctx, uint32_t memory,
                                    uint64_t delta_pages) {
  return wasmaot_memory_grow(ctx->memories[memory], delta_pages);
}

/* Whether [offset, offset + n) lies within size bytes. */
static int in_bounds(uint64_t offset, uint64_t n, uint64_t size) {
  return n <= size && offset <= size - n;
}

static void service_memory_fill(wasmaot_context *ctx, uint32_t memory,
                                uint64_t dst, uint32_t value, uint64_t n) {
  wasmaot_memory *m = ctx->memories[memory];
  if (!in_bounds(dst, n, wasmaot_memory_size_bytes(m)))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  memset(m->base + dst, (int)(uint8_t)value, (size_t)n);
}

static void service_memory_copy(wasmaot_context *ctx, uint32_t dst_memory,
                                uint32_t src_memory, uint64_t dst, uint64_t src,
                                uint64_t n) {
  wasmaot_memory *d = ctx->memories[dst_memory];
  wasmaot_memory *s = ctx->memories[src_memory];
  if (!in_bounds(dst, n, wasmaot_memory_size_bytes(d)) ||
      !in_bounds(src, n, wasmaot_memory_size_bytes(s)))
    wasmaot_raise_trap(WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  memmove(d->base + dst, s->base + src, (size_t)n);
}

static const wasmaot_runtime_services services = {
    .trap = service_trap,
    .memory_grow = service_memory_grow,
    .memory_fill = service_memory_fill,
    .memory_copy = service_memory_copy,
};

const wasmaot_runtime_services *wasmaot_runtime_services_get(void) {
  return &services;
}
