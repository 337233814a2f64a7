/*===- Registry.c - Address ranges the fault handler may query ------------===*/

#include "Registry.h"

#include "wasmaot/wasmaot.h"

#include <pthread.h>
#include <stdatomic.h>

typedef struct range_slot {
  /* Odd while a writer changes the slot. */
  _Atomic uint64_t seq;
  _Atomic uintptr_t begin; /* 0: free */
  _Atomic uintptr_t end;
} range_slot;

typedef struct range_set {
  pthread_mutex_t lock;  /* writers only */
  _Atomic uint32_t used; /* slots [0, used) may hold ranges */
  uint32_t capacity;
  range_slot *slots;
} range_set;

static range_slot code_slots[WASMAOT_MAX_CODE_RANGES];
static range_slot memory_slots[WASMAOT_MAX_LIVE_MEMORIES];
static range_set sets[2] = {
    {PTHREAD_MUTEX_INITIALIZER, 0, WASMAOT_MAX_CODE_RANGES, code_slots},
    {PTHREAD_MUTEX_INITIALIZER, 0, WASMAOT_MAX_LIVE_MEMORIES, memory_slots},
};

/* The seqlock write side; the caller holds the set's lock. */
static void slot_write(range_slot *slot, uintptr_t begin, uintptr_t end) {
  uint64_t seq = atomic_load_explicit(&slot->seq, memory_order_relaxed);
  atomic_store_explicit(&slot->seq, seq + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&slot->begin, begin, memory_order_relaxed);
  atomic_store_explicit(&slot->end, end, memory_order_relaxed);
  atomic_store_explicit(&slot->seq, seq + 2, memory_order_release);
}

int32_t wasmaot_ranges_add(wasmaot_range_set_id id, uintptr_t begin,
                           uintptr_t end) {
  if (begin >= end)
    return -1;
  range_set *set = &sets[id];
  pthread_mutex_lock(&set->lock);
  uint32_t used = atomic_load_explicit(&set->used, memory_order_relaxed);
  uint32_t i = 0;
  while (i < used &&
         atomic_load_explicit(&set->slots[i].begin, memory_order_relaxed) != 0)
    ++i;
  int32_t slot = -1;
  if (i < set->capacity) {
    slot_write(&set->slots[i], begin, end);
    if (i == used) /* publish the slot after its contents */
      atomic_store_explicit(&set->used, used + 1, memory_order_release);
    slot = (int32_t)i;
  }
  pthread_mutex_unlock(&set->lock);
  return slot;
}

void wasmaot_ranges_update(wasmaot_range_set_id id, int32_t slot,
                           uintptr_t begin, uintptr_t end) {
  range_set *set = &sets[id];
  if (slot < 0 || (uint32_t)slot >= set->capacity)
    return;
  pthread_mutex_lock(&set->lock);
  slot_write(&set->slots[slot], begin, end);
  pthread_mutex_unlock(&set->lock);
}

/* Lowers `used` past free slots at the end, so that readers scan only as
 * far as the highest live range. (A reader that loaded the old value scans
 * free slots, or slots being reused, which the seqlock covers.) */
static void trim(range_set *set) {
  uint32_t used = atomic_load_explicit(&set->used, memory_order_relaxed);
  while (used > 0 && atomic_load_explicit(&set->slots[used - 1].begin,
                                          memory_order_relaxed) == 0)
    --used;
  atomic_store_explicit(&set->used, used, memory_order_release);
}

void wasmaot_ranges_remove(wasmaot_range_set_id id, int32_t slot) {
  range_set *set = &sets[id];
  if (slot < 0 || (uint32_t)slot >= set->capacity)
    return;
  pthread_mutex_lock(&set->lock);
  slot_write(&set->slots[slot], 0, 0);
  trim(set);
  pthread_mutex_unlock(&set->lock);
}

int wasmaot_ranges_remove_at(wasmaot_range_set_id id, uintptr_t begin) {
  if (begin == 0)
    return -1;
  range_set *set = &sets[id];
  int result = -1;
  pthread_mutex_lock(&set->lock);
  uint32_t used = atomic_load_explicit(&set->used, memory_order_relaxed);
  for (uint32_t i = 0; i < used; ++i) {
    if (atomic_load_explicit(&set->slots[i].begin, memory_order_relaxed) ==
        begin) {
      slot_write(&set->slots[i], 0, 0);
      trim(set);
      result = 0;
      break;
    }
  }
  pthread_mutex_unlock(&set->lock);
  return result;
}

int wasmaot_ranges_contain(wasmaot_range_set_id id, uintptr_t address) {
  range_set *set = &sets[id];
  uint32_t used = atomic_load_explicit(&set->used, memory_order_acquire);
  for (uint32_t i = 0; i < used; ++i) {
    range_slot *slot = &set->slots[i];
    /* A few attempts against a concurrent writer, then skip the slot. */
    for (int attempt = 0; attempt < 4; ++attempt) {
      uint64_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
      if (seq & 1)
        break;
      uintptr_t begin =
          atomic_load_explicit(&slot->begin, memory_order_relaxed);
      uintptr_t end = atomic_load_explicit(&slot->end, memory_order_relaxed);
      atomic_thread_fence(memory_order_acquire);
      if (atomic_load_explicit(&slot->seq, memory_order_relaxed) != seq)
        continue;
      if (begin != 0 && address >= begin && address < end)
        return 1;
      break;
    }
  }
  return 0;
}

/* ---- The public code-range API. ---- */

int wasmaot_code_range_register(const void *begin, size_t size) {
  uintptr_t b = (uintptr_t)begin;
  if (b == 0 || size == 0 || b + size < b)
    return -1;
  return wasmaot_ranges_add(WASMAOT_RANGES_CODE, b, b + size) < 0 ? -1 : 0;
}

int wasmaot_code_range_unregister(const void *begin) {
  return wasmaot_ranges_remove_at(WASMAOT_RANGES_CODE, (uintptr_t)begin);
}
