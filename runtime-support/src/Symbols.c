/*===- Symbols.c - Code addresses to Wasm functions -----------------------===*/

#include "Symbols.h"

#include "Module.h"

#include <pthread.h>
#include <stdlib.h>

/* A function start; func is its Wasm function index, or -1 for generated
 * code that is not a Wasm function. */
typedef struct code_symbol {
  uintptr_t start;
  int64_t func;
} code_symbol;

typedef struct wasmaot_symbol_table {
  struct wasmaot_symbol_table *next;
  wasmaot_module *module;
  size_t count;
  code_symbol symbols[];
} wasmaot_symbol_table;

static pthread_rwlock_t tables_lock = PTHREAD_RWLOCK_INITIALIZER;
static wasmaot_symbol_table *tables;

static int compare_starts(const void *a, const void *b) {
  uintptr_t x = ((const code_symbol *)a)->start;
  uintptr_t y = ((const code_symbol *)b)->start;
  return x < y ? -1 : x > y;
}

static void add(wasmaot_symbol_table *t, const void *start, int64_t func) {
  if (start)
    t->symbols[t->count++] = (code_symbol){(uintptr_t)start, func};
}

int wasmaot_symbols_add(wasmaot_module *m) {
  const wasmaot_module_descriptor *d = m->desc;
  uint32_t defined = d->num_funcs - d->num_imported_funcs;
  size_t capacity = (size_t)defined + 2 * (size_t)d->num_types + 3 +
                    d->num_helpers;
  wasmaot_symbol_table *t =
      malloc(sizeof *t + capacity * sizeof(code_symbol));
  if (!t)
    return -1;
  t->module = m;
  t->count = 0;
  for (uint32_t i = 0; i < defined; ++i)
    add(t, d->code[i], (int64_t)d->num_imported_funcs + i);
  for (uint32_t i = 0; i < d->num_types; ++i) {
    add(t, (const void *)d->entries[i], -1);
    add(t, d->host_adapters[i], -1);
  }
  add(t, (const void *)d->init_globals, -1);
  add(t, (const void *)d->eval_offsets, -1);
  add(t, (const void *)d->eval_elem_items, -1);
  for (uint32_t i = 0; i < d->num_helpers; ++i)
    add(t, d->helpers[i], -1);
  qsort(t->symbols, t->count, sizeof(code_symbol), compare_starts);

  pthread_rwlock_wrlock(&tables_lock);
  t->next = tables;
  tables = t;
  m->symbols = t;
  pthread_rwlock_unlock(&tables_lock);
  return 0;
}

void wasmaot_symbols_remove(wasmaot_module *m) {
  if (!m->symbols)
    return;
  pthread_rwlock_wrlock(&tables_lock);
  for (wasmaot_symbol_table **link = &tables; *link; link = &(*link)->next) {
    if (*link == m->symbols) {
      *link = m->symbols->next;
      break;
    }
  }
  pthread_rwlock_unlock(&tables_lock);
  free(m->symbols);
  m->symbols = NULL;
}

static int in_code(const wasmaot_module *m, uintptr_t pc) {
  for (uint32_t i = 0; i < m->num_code_segments; ++i) {
    uintptr_t begin = (uintptr_t)m->code_segments[i];
    if (pc >= begin && pc - begin < m->code_segment_sizes[i])
      return 1;
  }
  return 0;
}

/* The symbol with the greatest start <= pc, or NULL. */
static const code_symbol *nearest_below(const wasmaot_symbol_table *t,
                                        uintptr_t pc) {
  size_t lo = 0, hi = t->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->symbols[mid].start <= pc)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo ? &t->symbols[lo - 1] : NULL;
}

int wasmaot_symbolize(const void *pc, wasmaot_frame_info *info) {
  uintptr_t address = (uintptr_t)pc;
  int result = -1;
  pthread_rwlock_rdlock(&tables_lock);
  for (const wasmaot_symbol_table *t = tables; t; t = t->next) {
    if (!in_code(t->module, address))
      continue;
    const code_symbol *s = nearest_below(t, address);
    if (s && s->func >= 0) {
      const wasmaot_module_descriptor *d = t->module->desc;
      if (info) {
        info->module = t->module;
        info->module_name = d->module_name;
        info->func_name = d->func_names ? d->func_names[s->func] : NULL;
        info->func_index = (uint32_t)s->func;
        info->offset = (uint32_t)(address - s->start);
      }
      result = 0;
    }
    break;
  }
  pthread_rwlock_unlock(&tables_lock);
  return result;
}
