/*===- abi.h - The contract between generated code and the runtime -*- C -*-===*
 *
 * Everything the compiler and runtime-support agree on, in one place: the
 * per-instance context that every generated function receives, the records
 * for functions, memories and tables, the services the runtime lends to
 * generated code, the trap codes, and the module descriptor a compiled
 * library exports. Both sides include this header; the compiler computes the
 * offsets it emits from these definitions (static_asserts on both sides keep
 * them from drifting). A change to anything here bumps WASMAOT_ABI_VERSION.
 *
 * Calling convention. A defined Wasm function of type [p*] -> [r*] becomes a
 * native function (C calling convention of the target)
 *
 *     R f(void *callee, P...)
 *
 * where callee is the wasmaot_context of its instance, P the native types of
 * the parameters (i32/i64/f32/f64 as int32_t/int64_t/float/double, v128 as a
 * 16-byte vector, references as pointers), and R is void, the one result, or
 * a struct of the results in order. Calls between functions of a module are
 * direct. A call through a wasmaot_func record passes record->callee as the
 * first argument: another instance's context, or a host binding.
 *
 * The loaded library is code and read-only data only: all mutable state is
 * reached from the context, so one library serves many instances.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_ABI_H
#define WASMAOT_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WASMAOT_ABI_VERSION 2u
/* The one symbol a compiled library exports: a wasmaot_module_descriptor. */
#define WASMAOT_DESCRIPTOR_SYMBOL "wasmaot_module_descriptor_v1"
#define WASMAOT_DESCRIPTOR_MAGIC 0x54414f57u /* "WOAT" */

/* Value type codes: the binary format's encodings. */
enum {
  WASMAOT_I32 = 0x7F,
  WASMAOT_I64 = 0x7E,
  WASMAOT_F32 = 0x7D,
  WASMAOT_F64 = 0x7C,
  WASMAOT_V128 = 0x7B,
  WASMAOT_FUNCREF = 0x70,
  WASMAOT_EXTERNREF = 0x6F,
  WASMAOT_EXNREF = 0x69
};

/* Extern kinds, as in the binary format. */
enum {
  WASMAOT_EXTERN_FUNC = 0,
  WASMAOT_EXTERN_TABLE = 1,
  WASMAOT_EXTERN_MEMORY = 2,
  WASMAOT_EXTERN_GLOBAL = 3,
  WASMAOT_EXTERN_TAG = 4
};

/* Why Wasm code stopped. */
typedef enum wasmaot_trap_code {
  WASMAOT_TRAP_NONE = 0,
  WASMAOT_TRAP_UNREACHABLE = 1,
  WASMAOT_TRAP_INT_DIVIDE_BY_ZERO = 2,
  WASMAOT_TRAP_INT_OVERFLOW = 3,
  WASMAOT_TRAP_INVALID_CONVERSION = 4,
  WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY = 5,
  WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE = 6,
  WASMAOT_TRAP_UNDEFINED_ELEMENT = 7, /* call_indirect beyond the table */
  WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH = 8,
  WASMAOT_TRAP_STACK_EXHAUSTED = 9,
  WASMAOT_TRAP_NULL_REFERENCE = 10,
  WASMAOT_TRAP_UNALIGNED_ATOMIC = 11,
  WASMAOT_TRAP_UNCAUGHT_EXCEPTION = 12,
  WASMAOT_TRAP_HOST = 13, /* a host function failed */
  WASMAOT_TRAP_EXIT = 14, /* WASI proc_exit: not an error */
  WASMAOT_TRAP_UNINITIALIZED_ELEMENT = 15 /* call_indirect of a null entry */
} wasmaot_trap_code;

/* One value in the generic (untyped) calling interface: 16 bytes, so that a
 * v128 fits. Integers are stored in the low bytes (little-endian hosts). */
typedef union wasmaot_val {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  uint8_t v128[16];
  void *ref; /* funcref: const wasmaot_func *; externref: host pointer */
} wasmaot_val;

typedef struct wasmaot_context wasmaot_context;

/* Calls code(callee, args...) for one function type and stores its results:
 * one generated trampoline per distinct type a module needs. */
typedef void (*wasmaot_entry_fn)(void *callee, const void *code,
                                 const wasmaot_val *args,
                                 wasmaot_val *results);

/* A function's identity: what funcref values and table entries point to. */
typedef struct wasmaot_func {
  const void *code;       /* native entry, Wasm calling convention */
  void *callee;           /* first argument of code */
  wasmaot_entry_fn entry; /* generic entry for the function's type */
  uint32_t type_id;       /* canonical type id, unique within the process */
  uint32_t flags;
} wasmaot_func;

/* A host function bound to an import of one instance. Generated code calls
 * the import through a compiler-generated adapter that boxes the arguments,
 * calls callback, and traps with its result if that is not zero. */
typedef int32_t (*wasmaot_host_callback)(void *env, wasmaot_context *caller,
                                         const wasmaot_val *args,
                                         wasmaot_val *results);
typedef struct wasmaot_host_binding {
  wasmaot_host_callback callback;
  void *env;
  wasmaot_context *caller; /* the importing instance */
} wasmaot_host_binding;

/* A linear memory. 32-bit memories are a reservation of 4 GiB plus a guard
 * region larger than any offset, committed as they grow and never moved, so
 * base is fixed for the memory's life and accesses need no bounds check. */
typedef struct wasmaot_memory {
  uint8_t *base;
  uint64_t size;      /* bytes now accessible; changes on grow */
  uint64_t max_pages; /* the limit grow may not pass */
  uint64_t reserved;  /* bytes of address space reserved at base */
  uint32_t flags;     /* WASMAOT_MEMORY_* */
  uint32_t padding;
} wasmaot_memory;
enum { WASMAOT_MEMORY_64 = 1u, WASMAOT_MEMORY_SHARED = 2u };

/* A table: elements are const wasmaot_func * (funcref) or host pointers
 * (externref); NULL is the null reference. */
typedef struct wasmaot_table {
  void **elements;
  uint64_t size;
  uint64_t max;
  uint32_t elem_type; /* WASMAOT_FUNCREF, WASMAOT_EXTERNREF */
  uint32_t flags;     /* WASMAOT_TABLE_64 */
} wasmaot_table;
enum { WASMAOT_TABLE_64 = 1u };

/* What generated code asks of the runtime. Function pointers, not symbols:
 * a compiled library has no undefined symbols (it is linked with -z defs).
 * Bounds are checked before any byte is touched, as the spec requires. */
typedef struct wasmaot_runtime_services {
  /* Unwinds to the innermost host entry with the trap. Never returns. */
  void (*trap)(wasmaot_context *ctx, uint32_t code);
  /* Returns the old size in pages, or -1 (as uint64) when it cannot grow. */
  uint64_t (*memory_grow)(wasmaot_context *ctx, uint32_t memory,
                          uint64_t delta_pages);
  void (*memory_fill)(wasmaot_context *ctx, uint32_t memory, uint64_t dst,
                      uint32_t value, uint64_t n);
  void (*memory_copy)(wasmaot_context *ctx, uint32_t dst_memory,
                      uint32_t src_memory, uint64_t dst, uint64_t src,
                      uint64_t n);
  void (*memory_init)(wasmaot_context *ctx, uint32_t memory, uint32_t segment,
                      uint64_t dst, uint32_t src, uint32_t n);
  void (*data_drop)(wasmaot_context *ctx, uint32_t segment);
  uint64_t (*table_grow)(wasmaot_context *ctx, uint32_t table, void *init,
                         uint64_t delta);
  void (*table_fill)(wasmaot_context *ctx, uint32_t table, uint64_t dst,
                     void *value, uint64_t n);
  void (*table_copy)(wasmaot_context *ctx, uint32_t dst_table,
                     uint32_t src_table, uint64_t dst, uint64_t src,
                     uint64_t n);
  void (*table_init)(wasmaot_context *ctx, uint32_t table, uint32_t segment,
                     uint64_t dst, uint32_t src, uint32_t n);
  void (*elem_drop)(wasmaot_context *ctx, uint32_t segment);
  void *reserved[21]; /* room for threads and exceptions services */
} wasmaot_runtime_services;

/* The per-instance context: every generated function's first argument. The
 * runtime owns it; generated code reads these fields at fixed offsets. */
struct wasmaot_context {
  const wasmaot_runtime_services *rt;
  void *instance;        /* the runtime's wasmaot_instance */
  uint8_t *memory0_base; /* memories[0]->base, the hot case, or NULL */
  wasmaot_memory *const *memories;  /* by memory index */
  wasmaot_table *const *tables;     /* by table index */
  const wasmaot_func *const *funcs; /* by function index */
  const uint32_t *type_ids;         /* canonical id by type index */
  wasmaot_val *const *globals;      /* storage by global index */
  /* The calling thread's stack limit is at thread pointer + this offset:
   * generated prologues compare the stack pointer with it, and the runtime
   * sets it at each host-to-Wasm entry. Per thread, since one instance may
   * be entered from several threads. A function that calls no function and
   * has a small frame (under 4 KiB) has no check: it adds at most that much
   * below a caller that checked, within the reserve below the limit. The
   * check uses a frame size estimated from the Wasm body; a frame larger
   * than that (the -O0 code generator's, at -O1 for functions over the size
   * limit, spills every value) is still safe: prologues of frames over a
   * page probe each page, so they fault on the guard page below the reserve,
   * which the runtime's signal handler turns into the same trap. */
  intptr_t stack_limit_tls_offset;
  void *reserved[7];
};

/* ---- The module descriptor a compiled library exports. ---- */

typedef struct wasmaot_func_type {
  uint32_t num_params;
  uint32_t num_results;
  const uint8_t *params; /* value type codes */
  const uint8_t *results;
} wasmaot_func_type;

typedef struct wasmaot_import_desc {
  const char *module;
  const char *name;
  uint32_t module_len;
  uint32_t name_len;
  uint32_t kind;  /* WASMAOT_EXTERN_* */
  uint32_t index; /* func/tag: type index; else the index it takes */
} wasmaot_import_desc;

typedef struct wasmaot_export_desc {
  const char *name;
  uint32_t name_len;
  uint32_t kind;
  uint32_t index;
  uint32_t padding;
} wasmaot_export_desc;

typedef struct wasmaot_limits_desc {
  uint64_t min;
  uint64_t max;
  uint32_t has_max;
  uint32_t flags; /* WASMAOT_MEMORY_* or WASMAOT_TABLE_* */
} wasmaot_limits_desc;

typedef struct wasmaot_table_desc {
  wasmaot_limits_desc limits;
  uint32_t elem_type;
  uint32_t padding;
} wasmaot_table_desc;

typedef struct wasmaot_global_desc {
  uint32_t type;
  uint32_t is_mutable;
} wasmaot_global_desc;

enum {
  WASMAOT_SEGMENT_ACTIVE = 0,
  WASMAOT_SEGMENT_PASSIVE = 1,
  WASMAOT_SEGMENT_DECLARATIVE = 2
};

typedef struct wasmaot_elem_desc {
  uint32_t mode;
  uint32_t table;
  uint32_t elem_type;
  uint32_t count;
} wasmaot_elem_desc;

typedef struct wasmaot_data_desc {
  uint32_t mode;
  uint32_t memory;
  const uint8_t *bytes;
  uint64_t size;
} wasmaot_data_desc;

typedef struct wasmaot_module_descriptor {
  uint32_t magic;       /* WASMAOT_DESCRIPTOR_MAGIC */
  uint32_t abi_version; /* WASMAOT_ABI_VERSION */
  uint64_t context_size; /* bytes the runtime allocates for a context */

  uint32_t num_types;
  uint32_t num_imports;
  const wasmaot_func_type *types;
  const wasmaot_import_desc *imports;

  /* Functions: imported first. code[i] is defined function
   * num_imported_funcs + i; entries[t] is the trampoline of type t (NULL
   * for types no function needs); host_adapters[t] the adapter that calls
   * a host binding of type t. */
  uint32_t num_funcs;
  uint32_t num_imported_funcs;
  const uint32_t *func_type_indices;
  const void *const *code;
  const wasmaot_entry_fn *entries;
  const void *const *host_adapters;

  uint32_t num_tables, num_imported_tables;
  uint32_t num_memories, num_imported_memories;
  uint32_t num_globals, num_imported_globals;
  uint32_t num_exports;
  uint32_t num_elem_segments;
  uint32_t num_data_segments;
  int32_t start_func; /* -1: none */
  const wasmaot_table_desc *tables;
  const wasmaot_limits_desc *memories;
  const wasmaot_global_desc *globals;
  const wasmaot_export_desc *exports;
  const wasmaot_elem_desc *elem_segments;
  const wasmaot_data_desc *data_segments;

  /* Constant expressions, compiled: after imports are bound, init_globals
   * stores the defined globals' initial values; eval_offsets the active
   * segments' offsets (indexed by segment; passive ones untouched); and
   * eval_elem_items one segment's references. */
  void (*init_globals)(wasmaot_context *ctx);
  void (*eval_offsets)(wasmaot_context *ctx, uint64_t *elem_offsets,
                       uint64_t *data_offsets);
  void (*eval_elem_items)(wasmaot_context *ctx, uint32_t segment,
                          void **items);

  /* Names for diagnostics and backtraces (NULL entries: unnamed). */
  const char *module_name;
  const char *const *func_names;

  /* Generated functions that are not Wasm functions, trampolines, adapters
   * or constant-expression functions (the trap path): with those, every
   * function of the library, so that a backtrace maps a code address to the
   * function it lies in by the nearest start below it. */
  uint32_t num_helpers;
  uint32_t padding;
  const void *const *helpers;
} wasmaot_module_descriptor;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMAOT_ABI_H */
