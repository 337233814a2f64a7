/*===- Memory.c - Linear memories -----------------------------------------===*
 *
 * A memory is one PROT_NONE, MAP_NORESERVE reservation whose first `size`
 * bytes are made readable and writable with mprotect as it grows. The
 * reservation is registered with the fault handler (Registry.h), which turns
 * faults of generated code inside it into out-of-bounds traps.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "Memory.h"

#include "Error.h"
#include "Registry.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* The runtime's view of a memory: the ABI record first, so that the
 * wasmaot_memory * handed out is also a memory_impl *. */
typedef struct memory_impl {
  wasmaot_memory memory;
  pthread_mutex_t grow_lock; /* serialises grow */
  int32_t registry_slot;
  uint32_t has_max;      /* a maximum was given to wasmaot_memory_new */
  _Atomic uint32_t refs; /* wasmaot_memory_retain/release */
  uint64_t declared_max; /* the maximum as given, in pages */
} memory_impl;

static memory_impl *impl_of(wasmaot_memory *memory) {
  return (memory_impl *)memory;
}

static uint8_t *reserve(uint64_t bytes) {
  if (bytes > SIZE_MAX)
    return NULL;
  void *p = mmap(NULL, (size_t)bytes, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : (uint8_t *)p;
}

/* Extends a 64-bit memory's reservation in place so that it holds at least
 * `needed` bytes; the caller holds the grow lock. */
static int extend_reservation(memory_impl *m, uint64_t needed) {
  wasmaot_memory *mem = &m->memory;
  uint64_t max_bytes = mem->max_pages * WASMAOT_PAGE_SIZE;
  uint64_t target = mem->reserved * 2; /* amortise: at least double */
  if (target < needed)
    target = needed;
  if (target > max_bytes)
    target = max_bytes;
  uint64_t extra = target - mem->reserved;
  uint8_t *want = mem->base + mem->reserved;
  if ((uintptr_t)want + extra < (uintptr_t)want || extra > SIZE_MAX)
    return -1;
  void *p = mmap(
      want, (size_t)extra, PROT_NONE,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (p == MAP_FAILED)
    return -1;
  if (p != want) { /* a kernel before 4.17 took it as a hint */
    munmap(p, (size_t)extra);
    return -1;
  }
  mem->reserved = target;
  wasmaot_ranges_update(WASMAOT_RANGES_MEMORY, m->registry_slot,
                        (uintptr_t)mem->base, (uintptr_t)want + extra);
  return 0;
}

/* Makes [from, to) of the reservation accessible; the caller holds the grow
 * lock (or owns the memory exclusively). */
static int commit(memory_impl *m, uint64_t from, uint64_t to) {
  if (to <= from)
    return 0;
  if (to > m->memory.reserved) {
    if (!(m->memory.flags & WASMAOT_MEMORY_64) || extend_reservation(m, to))
      return -1;
  }
  return mprotect(m->memory.base + from, (size_t)(to - from),
                  PROT_READ | PROT_WRITE);
}

wasmaot_memory *wasmaot_memory_new(uint64_t min_pages, uint64_t max_pages,
                                   uint32_t flags, char **error) {
  if (error)
    *error = NULL;
  if (flags & ~(uint32_t)(WASMAOT_MEMORY_64 | WASMAOT_MEMORY_SHARED)) {
    wasmaot_set_error(error, "memory: unknown flags 0x%x", flags);
    return NULL;
  }
  int is64 = (flags & WASMAOT_MEMORY_64) != 0;
  uint64_t limit = is64 ? WASMAOT_MAX_PAGES_64 : WASMAOT_MAX_PAGES_32;
  const char *index_type = is64 ? "i64" : "i32";
  int has_max = max_pages != WASMAOT_NO_MAXIMUM;
  uint64_t declared_max = max_pages;
  if (max_pages == WASMAOT_NO_MAXIMUM) {
    if (flags & WASMAOT_MEMORY_SHARED) {
      wasmaot_set_error(error, "memory: a shared memory needs a maximum");
      return NULL;
    }
    max_pages = limit;
  }
  if (min_pages > limit || max_pages > limit) {
    wasmaot_set_error(
        error, "memory: %llu pages exceed the %s memory limit of %llu",
        (unsigned long long)(min_pages > limit ? min_pages : max_pages),
        index_type, (unsigned long long)limit);
    return NULL;
  }
  if (min_pages > max_pages) {
    wasmaot_set_error(error, "memory: minimum %llu pages exceeds maximum %llu",
                      (unsigned long long)min_pages,
                      (unsigned long long)max_pages);
    return NULL;
  }
  /* 2^48 pages are 2^64 bytes: keep byte counts representable. */
  uint64_t byte_limit_pages = UINT64_MAX / WASMAOT_PAGE_SIZE;
  if (max_pages > byte_limit_pages)
    max_pages = byte_limit_pages;
  if (min_pages > max_pages) {
    wasmaot_set_error(error,
                      "memory: %llu pages do not fit in the address space",
                      (unsigned long long)min_pages);
    return NULL;
  }

  uint64_t min_bytes = min_pages * WASMAOT_PAGE_SIZE;
  uint64_t reserved;
  if (is64) {
    uint64_t max_bytes = max_pages * WASMAOT_PAGE_SIZE;
    reserved = max_bytes < WASMAOT_RESERVATION_64_BOUND
                   ? max_bytes
                   : WASMAOT_RESERVATION_64_BOUND;
    if (reserved < min_bytes)
      reserved = min_bytes;
    if (reserved == 0) /* mmap cannot map nothing */
      reserved = WASMAOT_PAGE_SIZE;
  } else {
    reserved = WASMAOT_RESERVATION_32;
  }

  memory_impl *m = calloc(1, sizeof *m);
  if (!m) {
    wasmaot_set_error(error, "memory: out of memory");
    return NULL;
  }
  uint8_t *base = reserve(reserved);
  if (!base) {
    int e = errno;
    free(m);
    wasmaot_set_error(error,
                      "memory: cannot reserve %llu bytes of address space: %s",
                      (unsigned long long)reserved, strerror(e));
    return NULL;
  }
  m->memory.base = base;
  m->memory.size = 0;
  m->memory.max_pages = max_pages;
  m->memory.reserved = reserved;
  m->memory.flags = flags;
  m->has_max = (uint32_t)has_max;
  m->declared_max = has_max ? declared_max : 0;
  atomic_init(&m->refs, 1);
  pthread_mutex_init(&m->grow_lock, NULL);
  m->registry_slot = wasmaot_ranges_add(WASMAOT_RANGES_MEMORY, (uintptr_t)base,
                                        (uintptr_t)base + reserved);
  if (m->registry_slot < 0) {
    wasmaot_set_error(error, "memory: too many live memories (at most %u)",
                      WASMAOT_MAX_LIVE_MEMORIES);
    goto fail;
  }
  if (commit(m, 0, min_bytes) != 0) {
    wasmaot_set_error(error, "memory: cannot commit %llu bytes: %s",
                      (unsigned long long)min_bytes, strerror(errno));
    goto fail;
  }
  m->memory.size = min_bytes;
  return &m->memory;

fail:
  if (m->registry_slot >= 0)
    wasmaot_ranges_remove(WASMAOT_RANGES_MEMORY, m->registry_slot);
  munmap(base, (size_t)reserved);
  pthread_mutex_destroy(&m->grow_lock);
  free(m);
  return NULL;
}

uint64_t wasmaot_memory_grow(wasmaot_memory *memory, uint64_t delta_pages) {
  if (!memory)
    return UINT64_MAX;
  memory_impl *m = impl_of(memory);
  pthread_mutex_lock(&m->grow_lock);
  uint64_t old_bytes = memory->size;
  uint64_t old_pages = old_bytes / WASMAOT_PAGE_SIZE;
  uint64_t result = UINT64_MAX;
  if (delta_pages <= memory->max_pages - old_pages) {
    uint64_t new_bytes = (old_pages + delta_pages) * WASMAOT_PAGE_SIZE;
    if (commit(m, old_bytes, new_bytes) == 0) {
      /* Publish the size only once the pages are accessible. */
      __atomic_store_n(&memory->size, new_bytes, __ATOMIC_RELEASE);
      result = old_pages;
    }
  }
  pthread_mutex_unlock(&m->grow_lock);
  return result;
}

uint64_t wasmaot_memory_pages(const wasmaot_memory *memory) {
  return memory ? wasmaot_memory_size_bytes(memory) / WASMAOT_PAGE_SIZE : 0;
}

void wasmaot_memory_limits(const wasmaot_memory *memory,
                           wasmaot_limits_desc *limits) {
  if (!limits)
    return;
  memset(limits, 0, sizeof *limits);
  if (!memory)
    return;
  const memory_impl *m = (const memory_impl *)memory;
  limits->min = wasmaot_memory_pages(memory);
  limits->has_max = m->has_max;
  limits->max = m->declared_max;
  limits->flags = memory->flags;
}

wasmaot_memory *wasmaot_memory_retain(wasmaot_memory *memory) {
  if (memory)
    atomic_fetch_add_explicit(&impl_of(memory)->refs, 1, memory_order_relaxed);
  return memory;
}

void wasmaot_memory_release(wasmaot_memory *memory) {
  if (!memory)
    return;
  memory_impl *m = impl_of(memory);
  if (atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) != 1)
    return;
  /* Unregister first: once unmapped, the addresses may be reused. */
  wasmaot_ranges_remove(WASMAOT_RANGES_MEMORY, m->registry_slot);
  munmap(memory->base, (size_t)memory->reserved);
  pthread_mutex_destroy(&m->grow_lock);
  free(m);
}

void wasmaot_memory_delete(wasmaot_memory *memory) {
  wasmaot_memory_release(memory);
}
