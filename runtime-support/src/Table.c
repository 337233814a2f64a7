/*===- Table.c - Tables ---------------------------------------------------===*
 *
 * A table is the ABI record (elements, size, max) plus a reference count and
 * the capacity of the elements array, which grows by doubling (capped at the
 * maximum) and is reallocated on grow: generated code reloads `elements`
 * and `size` at every access, so moving the array is safe as long as no
 * other thread uses the table meanwhile (tables are not shared between
 * threads yet).
 *
 *===----------------------------------------------------------------------===*/

#include "Table.h"

#include "Error.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct table_impl {
  wasmaot_table table; /* first: a wasmaot_table * is a table_impl * */
  _Atomic uint32_t refs;
  uint32_t has_max;
  uint64_t declared_max; /* as given to wasmaot_table_new */
  uint64_t capacity;     /* elements allocated */
} table_impl;

static table_impl *impl_of(wasmaot_table *table) { return (table_impl *)table; }
static const table_impl *const_impl_of(const wasmaot_table *table) {
  return (const table_impl *)table;
}

/* The most elements a table may have: the index type's limit and the
 * implementation's. */
static uint64_t size_limit(uint32_t flags) {
  uint64_t index_limit =
      (flags & WASMAOT_TABLE_64) ? UINT64_MAX : (uint64_t)UINT32_MAX;
  return index_limit < WASMAOT_TABLE_MAX_ELEMENTS ? index_limit
                                                  : WASMAOT_TABLE_MAX_ELEMENTS;
}

wasmaot_table *wasmaot_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                                 uint32_t flags, void *init, char **error) {
  if (error)
    *error = NULL;
  if (elem_type != WASMAOT_FUNCREF && elem_type != WASMAOT_EXTERNREF &&
      elem_type != WASMAOT_EXNREF) {
    wasmaot_set_error(error, "table: unknown element type 0x%x", elem_type);
    return NULL;
  }
  if (flags & ~(uint32_t)WASMAOT_TABLE_64) {
    wasmaot_set_error(error, "table: unknown flags 0x%x", flags);
    return NULL;
  }
  int has_max = max != WASMAOT_NO_MAXIMUM;
  uint64_t index_limit =
      (flags & WASMAOT_TABLE_64) ? UINT64_MAX : (uint64_t)UINT32_MAX;
  if (min > index_limit || (has_max && max > index_limit)) {
    wasmaot_set_error(error, "table: size %llu exceeds the index type's limit",
                      (unsigned long long)(min > index_limit ? min : max));
    return NULL;
  }
  if (has_max && min > max) {
    wasmaot_set_error(error, "table: minimum %llu exceeds maximum %llu",
                      (unsigned long long)min, (unsigned long long)max);
    return NULL;
  }
  if (min > WASMAOT_TABLE_MAX_ELEMENTS) {
    wasmaot_set_error(error,
                      "table: %llu elements exceed the implementation limit "
                      "of %llu",
                      (unsigned long long)min,
                      (unsigned long long)WASMAOT_TABLE_MAX_ELEMENTS);
    return NULL;
  }
  table_impl *t = calloc(1, sizeof *t);
  if (!t) {
    wasmaot_set_error(error, "table: out of memory");
    return NULL;
  }
  uint64_t capacity = min ? min : 1;
  t->table.elements = calloc((size_t)capacity, sizeof(void *));
  if (!t->table.elements) {
    free(t);
    wasmaot_set_error(error, "table: out of memory for %llu elements",
                      (unsigned long long)min);
    return NULL;
  }
  for (uint64_t i = 0; init && i < min; ++i)
    t->table.elements[i] = init;
  t->table.size = min;
  t->table.max = has_max ? max : index_limit;
  t->table.elem_type = elem_type;
  t->table.flags = flags;
  t->has_max = (uint32_t)has_max;
  t->declared_max = max;
  t->capacity = capacity;
  atomic_init(&t->refs, 1);
  return &t->table;
}

uint64_t wasmaot_table_grow(wasmaot_table *table, uint64_t delta, void *init) {
  if (!table)
    return UINT64_MAX;
  table_impl *t = impl_of(table);
  uint64_t old = table->size;
  uint64_t limit = size_limit(table->flags);
  if (table->max < limit)
    limit = table->max;
  if (old > limit || delta > limit - old)
    return UINT64_MAX;
  uint64_t size = old + delta;
  if (size > t->capacity) {
    uint64_t capacity = t->capacity * 2;
    if (capacity < size)
      capacity = size;
    if (capacity > limit)
      capacity = limit;
    void **elements =
        realloc(table->elements, (size_t)capacity * sizeof(void *));
    if (!elements)
      return UINT64_MAX;
    table->elements = elements;
    t->capacity = capacity;
  }
  for (uint64_t i = old; i < size; ++i)
    table->elements[i] = init;
  table->size = size;
  return old;
}

uint64_t wasmaot_table_size(const wasmaot_table *table) {
  return table ? table->size : 0;
}

int wasmaot_table_get(const wasmaot_table *table, uint64_t index,
                      void **value) {
  if (!table || index >= table->size)
    return -1;
  if (value)
    *value = table->elements[index];
  return 0;
}

int wasmaot_table_set(wasmaot_table *table, uint64_t index, void *value) {
  if (!table || index >= table->size)
    return -1;
  table->elements[index] = value;
  return 0;
}

void wasmaot_table_limits(const wasmaot_table *table,
                          wasmaot_limits_desc *limits) {
  if (!limits)
    return;
  memset(limits, 0, sizeof *limits);
  if (!table)
    return;
  const table_impl *t = const_impl_of(table);
  limits->min = table->size;
  limits->has_max = t->has_max;
  limits->max = t->has_max ? t->declared_max : 0;
  limits->flags = table->flags;
}

wasmaot_table *wasmaot_table_retain(wasmaot_table *table) {
  if (table)
    atomic_fetch_add_explicit(&impl_of(table)->refs, 1, memory_order_relaxed);
  return table;
}

void wasmaot_table_release(wasmaot_table *table) {
  if (!table)
    return;
  table_impl *t = impl_of(table);
  if (atomic_fetch_sub_explicit(&t->refs, 1, memory_order_acq_rel) != 1)
    return;
  free(table->elements);
  free(t);
}
