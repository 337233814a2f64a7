/*===- TypeRegistry.c - Canonical function types --------------------------===*
 *
 * A process-wide set of function types, each with a small id: two modules
 * that declare the same (params, results) get the same id, so that
 * call_indirect compares one word (ctx->type_ids[t] with the callee's
 * wasmaot_func.type_id) and imports are checked the same way.
 *
 * Interning takes a mutex and looks the type up in an open-addressing hash
 * table. Lookup by id takes no lock: the types live in fixed-size chunks
 * reached from a fixed directory, are never moved or freed, and an id is
 * published (release) only after its entry is written. Ids start at 1: 0 is
 * never a valid id, so a zeroed wasmaot_func matches no type.
 *
 *===----------------------------------------------------------------------===*/

#include "TypeRegistry.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BITS 10u
#define CHUNK_SIZE (1u << CHUNK_BITS)
#define MAX_CHUNKS 4096u /* 4 Mi types */
/* The most parameters or results a type may have (the spec's limit on
 * function parameters and results is 1000 each in the JS API). */
#define MAX_ARITY 100000u

typedef struct type_entry {
  wasmaot_func_type type; /* params/results point into the same malloc */
  uint64_t hash;
} type_entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static type_entry *_Atomic chunks[MAX_CHUNKS];
static _Atomic uint32_t count = 1; /* ids [1, count) exist */
/* Hash table of ids (0: empty), under lock. */
static uint32_t *table;
static uint32_t table_capacity; /* a power of two, or 0 */

int wasmaot_valtype_known(uint32_t code) {
  switch (code) {
  case WASMAOT_I32:
  case WASMAOT_I64:
  case WASMAOT_F32:
  case WASMAOT_F64:
  case WASMAOT_V128:
  case WASMAOT_FUNCREF:
  case WASMAOT_EXTERNREF:
  case WASMAOT_EXNREF:
    return 1;
  }
  return 0;
}

const char *wasmaot_valtype_name(uint32_t code) {
  switch (code) {
  case WASMAOT_I32:
    return "i32";
  case WASMAOT_I64:
    return "i64";
  case WASMAOT_F32:
    return "f32";
  case WASMAOT_F64:
    return "f64";
  case WASMAOT_V128:
    return "v128";
  case WASMAOT_FUNCREF:
    return "funcref";
  case WASMAOT_EXTERNREF:
    return "externref";
  case WASMAOT_EXNREF:
    return "exnref";
  }
  return "?";
}

static void append(char *buf, size_t size, size_t *used, const char *s) {
  size_t n = strlen(s);
  if (*used + 1 >= size)
    return;
  if (n > size - 1 - *used)
    n = size - 1 - *used;
  memcpy(buf + *used, s, n);
  *used += n;
  buf[*used] = 0;
}

char *wasmaot_format_func_type(char *buf, size_t size,
                               const wasmaot_func_type *type) {
  size_t used = 0;
  if (!size)
    return buf;
  buf[0] = 0;
  append(buf, size, &used, "[");
  for (uint32_t i = 0; i < type->num_params; ++i) {
    if (i)
      append(buf, size, &used, " ");
    append(buf, size, &used, wasmaot_valtype_name(type->params[i]));
  }
  append(buf, size, &used, "] -> [");
  for (uint32_t i = 0; i < type->num_results; ++i) {
    if (i)
      append(buf, size, &used, " ");
    append(buf, size, &used, wasmaot_valtype_name(type->results[i]));
  }
  append(buf, size, &used, "]");
  return buf;
}

static uint64_t hash_type(const uint8_t *params, uint32_t num_params,
                          const uint8_t *results, uint32_t num_results) {
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
#define MIX(byte)                                                              \
  do {                                                                         \
    h ^= (uint8_t)(byte);                                                      \
    h *= 0x100000001b3ull;                                                     \
  } while (0)
  for (int i = 0; i < 4; ++i)
    MIX(num_params >> (8 * i));
  for (uint32_t i = 0; i < num_params; ++i)
    MIX(params[i]);
  for (int i = 0; i < 4; ++i)
    MIX(num_results >> (8 * i));
  for (uint32_t i = 0; i < num_results; ++i)
    MIX(results[i]);
#undef MIX
  return h;
}

static type_entry *entry_of(uint32_t id) {
  type_entry *chunk =
      atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
  return chunk ? &chunk[id & (CHUNK_SIZE - 1)] : NULL;
}

static int same(const type_entry *e, uint64_t hash, const uint8_t *params,
                uint32_t num_params, const uint8_t *results,
                uint32_t num_results) {
  return e->hash == hash && e->type.num_params == num_params &&
         e->type.num_results == num_results &&
         (num_params == 0 || memcmp(e->type.params, params, num_params) == 0) &&
         (num_results == 0 ||
          memcmp(e->type.results, results, num_results) == 0);
}

/* Rebuilds the hash table with twice the room; the caller holds lock. */
static int grow_table(void) {
  uint32_t capacity = table_capacity ? table_capacity * 2 : 64;
  uint32_t *fresh = calloc(capacity, sizeof *fresh);
  if (!fresh)
    return -1;
  uint32_t n = atomic_load_explicit(&count, memory_order_relaxed);
  for (uint32_t id = 1; id < n; ++id) {
    uint32_t slot = (uint32_t)entry_of(id)->hash & (capacity - 1);
    while (fresh[slot])
      slot = (slot + 1) & (capacity - 1);
    fresh[slot] = id;
  }
  free(table);
  table = fresh;
  table_capacity = capacity;
  return 0;
}

uint32_t wasmaot_type_intern(const uint8_t *params, uint32_t num_params,
                             const uint8_t *results, uint32_t num_results) {
  if ((num_params && !params) || (num_results && !results) ||
      num_params > MAX_ARITY || num_results > MAX_ARITY)
    return 0;
  for (uint32_t i = 0; i < num_params; ++i)
    if (!wasmaot_valtype_known(params[i]))
      return 0;
  for (uint32_t i = 0; i < num_results; ++i)
    if (!wasmaot_valtype_known(results[i]))
      return 0;
  uint64_t hash = hash_type(params, num_params, results, num_results);
  uint32_t id = 0;
  pthread_mutex_lock(&lock);
  uint32_t n = atomic_load_explicit(&count, memory_order_relaxed);
  /* Keep the load factor at most 1/2. */
  if ((uint64_t)n * 2 >= table_capacity && grow_table() != 0)
    goto done;
  uint32_t slot = (uint32_t)hash & (table_capacity - 1);
  for (; table[slot]; slot = (slot + 1) & (table_capacity - 1)) {
    if (same(entry_of(table[slot]), hash, params, num_params, results,
             num_results)) {
      id = table[slot];
      goto done;
    }
  }
  if (n >= MAX_CHUNKS * CHUNK_SIZE)
    goto done;
  if (!chunks[n >> CHUNK_BITS]) {
    type_entry *chunk = calloc(CHUNK_SIZE, sizeof *chunk);
    if (!chunk)
      goto done;
    atomic_store_explicit(&chunks[n >> CHUNK_BITS], chunk,
                          memory_order_release);
  }
  uint8_t *codes = malloc((size_t)num_params + num_results + 1);
  if (!codes)
    goto done;
  if (num_params)
    memcpy(codes, params, num_params);
  if (num_results)
    memcpy(codes + num_params, results, num_results);
  type_entry *e = entry_of(n);
  e->type.num_params = num_params;
  e->type.num_results = num_results;
  e->type.params = codes;
  e->type.results = codes + num_params;
  e->hash = hash;
  table[slot] = n;
  id = n;
  atomic_store_explicit(&count, n + 1, memory_order_release);
done:
  pthread_mutex_unlock(&lock);
  return id;
}

int wasmaot_type_lookup(uint32_t id, wasmaot_func_type *type) {
  if (id == 0 || id >= atomic_load_explicit(&count, memory_order_acquire))
    return -1;
  if (type)
    *type = entry_of(id)->type;
  return 0;
}
