/*===- wasmaot.h - The WasmAOT runtime C API ----------------------*- C -*-===*
 *
 * The host-facing API of runtime-support: small, stable, free of LLVM, usable
 * from C, C++ and Swift. The generated-code ABI (contexts, memories, trap
 * codes, the module descriptor) is in wasmaot/abi.h, included here.
 *
 * A host loads a library the compiler produced (wasmaot_module_load),
 * instantiates it with its imports (wasmaot_instance_new), looks up exports
 * (wasmaot_instance_export) and calls functions (wasmaot_func_call). Below
 * that: linear memories, tables, the canonical function-type registry, traps
 * (the call-into-Wasm helper, the signal handler that turns faults of
 * generated code into traps) and the per-thread stack limit.
 *
 * Lifetimes. Modules, instances, memories and tables are reference counted;
 * each *_new or *_load returns one reference for the caller, *_retain adds
 * one, and *_release (or *_delete, the same) drops one. An instance holds
 * references to its module, to every memory and table it uses (its own and
 * imported ones) and to every instance it imports from, so the host may
 * release its own references in any order. Function references (funcref
 * values) are not tracked: one stored in a table, a global or by the host
 * does not keep its instance alive, so a table holding another instance's
 * functions must not be used after that instance is freed; hosts that link
 * instances through shared tables keep them alive together (as spec-test
 * runners do).
 *
 * Errors. Functions that can fail say so in their result and never crash on
 * bad arguments. Those that take `char **error` store, on failure and when
 * error is not NULL, a message the caller releases with wasmaot_error_free
 * (*error is NULL if even the message could not be allocated).
 *
 * Signals. The first call into Wasm (or wasmaot_install_signal_handlers)
 * installs a SIGSEGV and a SIGBUS handler for the whole process, and every
 * thread that calls into Wasm gets an alternate signal stack. The handler
 * acts only on faults of registered generated code touching a memory
 * reservation (or its own thread's stack guard) while that thread is inside
 * Wasm; everything else goes to the handler that was installed before it.
 * A host that installs its own SIGSEGV/SIGBUS handler afterwards must chain
 * to the one it replaces, or traps become crashes.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_WASMAOT_H
#define WASMAOT_WASMAOT_H

#include <stddef.h>
#include <stdint.h>

#include "wasmaot/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime's version, "MAJOR.MINOR.PATCH". */
const char *wasmaot_version(void);

/* Releases an error message returned through a `char **error` argument.
 * NULL is allowed. */
void wasmaot_error_free(char *error);

/* ---- Linear memories ------------------------------------------------------
 *
 * A wasmaot_memory (abi.h) is a fixed reservation of address space of which
 * the first `size` bytes are readable and writable; grow commits more of it
 * and never moves base.
 *
 *   32-bit memories reserve 8 GiB + 64 KiB whatever their maximum: the 4 GiB
 *   an i32 address reaches, plus room for any static offset (< 4 GiB) and
 *   access size, so generated code needs no bounds checks: an access beyond
 *   `size` hits the inaccessible rest and traps (out of bounds memory access).
 *
 *   64-bit memories reserve max(min, min(max, 64 GiB)) bytes. Generated code
 *   checks their bounds explicitly. Growing beyond the reservation tries to
 *   extend it in place and fails (returns -1) if the address space right
 *   after it is taken: the memory is never moved.
 *
 *   Shared memories (WASMAOT_MEMORY_SHARED) are the same, need a maximum, and
 *   may be grown from several threads at once (grow is always serialised;
 *   `size` is published with release semantics after the pages are
 *   committed).
 */

#define WASMAOT_PAGE_SIZE 65536u
/* max_pages value meaning "no maximum" (the index type's limit applies). */
#define WASMAOT_NO_MAXIMUM UINT64_MAX
/* Page limits of the index types: 2^16 pages (4 GiB) and 2^48 pages. */
#define WASMAOT_MAX_PAGES_32 65536ull
#define WASMAOT_MAX_PAGES_64 (1ull << 48)

/* Creates a memory of min_pages pages (zero-filled) that may grow to
 * max_pages (WASMAOT_NO_MAXIMUM: the index type's limit). flags:
 * WASMAOT_MEMORY_64, WASMAOT_MEMORY_SHARED. Returns NULL on failure: limits
 * out of range or min > max, a shared memory without maximum, unknown flags,
 * address space or memory exhausted, too many live memories (see
 * WASMAOT_MAX_LIVE_MEMORIES). */
wasmaot_memory *wasmaot_memory_new(uint64_t min_pages, uint64_t max_pages,
                                   uint32_t flags, char **error);

/* memory.grow: adds delta_pages zero-filled pages. Returns the old size in
 * pages, or UINT64_MAX (-1) when the result would pass max_pages or the
 * index type's limit, or the system refuses the memory. delta 0 returns the
 * current size. NULL memory: UINT64_MAX. */
uint64_t wasmaot_memory_grow(wasmaot_memory *memory, uint64_t delta_pages);

/* The current size in pages (0 for NULL). */
uint64_t wasmaot_memory_pages(const wasmaot_memory *memory);

/* Memories are reference counted (instances hold a reference to each memory
 * they use). retain adds a reference and returns memory; release drops one
 * and, with the last, frees the memory and its reservation (no thread may
 * still be using it). wasmaot_memory_delete is release. NULL is allowed. */
wasmaot_memory *wasmaot_memory_retain(wasmaot_memory *memory);
void wasmaot_memory_release(wasmaot_memory *memory);
void wasmaot_memory_delete(wasmaot_memory *memory);

/* The memory's type, as import matching sees it: min is the current size in
 * pages, max and has_max the maximum given to wasmaot_memory_new (has_max 0
 * for WASMAOT_NO_MAXIMUM), flags its WASMAOT_MEMORY_* flags. A NULL memory
 * gives all zeros. */
void wasmaot_memory_limits(const wasmaot_memory *memory,
                           wasmaot_limits_desc *limits);

/* How many memories may be alive at once: the size of the reservation
 * registry the signal handler reads. (8 GiB each: 16384 of them fill the
 * 128 TiB of a 47-bit address space.) */
#define WASMAOT_MAX_LIVE_MEMORIES 16384u

/* ---- Tables ----------------------------------------------------------------
 *
 * A wasmaot_table (abi.h) is an array of references: const wasmaot_func *
 * for funcref tables, host pointers for externref ones, NULL for null. Its
 * elements array is reallocated as it grows (generated code reloads it at
 * every access), so pointers into it do not survive a grow. Tables are not
 * safe to grow while another thread uses them.
 */

/* The most elements a table may have, whatever its maximum: an
 * implementation limit (80 MB of elements), as other engines have. */
#define WASMAOT_TABLE_MAX_ELEMENTS 10000000ull

/* Creates a table of min elements, all init, that may grow to max
 * (WASMAOT_NO_MAXIMUM: none; the index type's limit, 2^32 - 1 or 2^64 - 1,
 * applies). elem_type: WASMAOT_FUNCREF, WASMAOT_EXTERNREF or WASMAOT_EXNREF;
 * flags: WASMAOT_TABLE_64. Returns NULL on failure: bad type or flags,
 * min > max, min beyond the limits above, out of memory. */
wasmaot_table *wasmaot_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                                 uint32_t flags, void *init, char **error);

/* table.grow: adds delta elements set to init. Returns the old size, or
 * UINT64_MAX (-1) past the maximum, the limits above, or out of memory.
 * NULL table: UINT64_MAX. */
uint64_t wasmaot_table_grow(wasmaot_table *table, uint64_t delta, void *init);

/* The current size (0 for NULL). */
uint64_t wasmaot_table_size(const wasmaot_table *table);

/* Reads or writes one element: 0, or -1 if index is out of bounds. */
int wasmaot_table_get(const wasmaot_table *table, uint64_t index, void **value);
int wasmaot_table_set(wasmaot_table *table, uint64_t index, void *value);

/* The table's type for import matching: min the current size, max and
 * has_max the maximum given to wasmaot_table_new, flags WASMAOT_TABLE_*. */
void wasmaot_table_limits(const wasmaot_table *table,
                          wasmaot_limits_desc *limits);

/* Reference counting, as for memories. NULL is allowed. */
wasmaot_table *wasmaot_table_retain(wasmaot_table *table);
void wasmaot_table_release(wasmaot_table *table);

/* ---- Canonical function types ---------------------------------------------
 *
 * A process-wide registry gives each distinct function type (params,
 * results) a small id, the same for every module: wasmaot_func.type_id and
 * wasmaot_context.type_ids hold these ids, so call_indirect and import
 * matching compare one word. Ids are never 0 and never reused; the registry
 * is thread-safe and lookups take no lock.
 */

/* The id of (params, results): value type codes (abi.h). Returns 0 if a
 * code is unknown, a count is implausible, or memory is exhausted. */
uint32_t wasmaot_type_intern(const uint8_t *params, uint32_t num_params,
                             const uint8_t *results, uint32_t num_results);

/* The type of an id: 0, or -1 for an id the registry never gave. The arrays
 * live as long as the process. */
int wasmaot_type_lookup(uint32_t id, wasmaot_func_type *type);

/* ---- Traps and calls into Wasm ------------------------------------------- */

#define WASMAOT_TRAP_MAX_FRAMES 32u

/* How a call into Wasm ended. */
typedef struct wasmaot_trap {
  uint32_t code; /* wasmaot_trap_code; WASMAOT_TRAP_NONE: returned */
  uint32_t padding;
  const char *message; /* wasmaot_trap_message(code): static */
  /* For traps raised by a fault (signal): the faulting instruction and the
   * address it touched. NULL for traps raised by rt->trap. */
  const void *pc;
  const void *address;
  /* The Wasm functions active at the trap, innermost first: the address of
   * the faulting instruction or of the call each frame was making (inside
   * the instruction, so wasmaot_symbolize maps it to the right function).
   * Only frames of generated Wasm functions since the innermost entry from
   * the host; at most WASMAOT_TRAP_MAX_FRAMES, truncated set if there were
   * more. Functions inlined by the optimiser have no frame of their own. */
  uint32_t num_frames;
  uint32_t truncated;
  const void *frames[WASMAOT_TRAP_MAX_FRAMES];
} wasmaot_trap;

/* The message of a trap code, as the spec tests spell it ("out of bounds
 * memory access", "call stack exhausted", ...); "unknown trap" for codes
 * abi.h does not define. Static storage, never NULL. */
const char *wasmaot_trap_message(uint32_t code);

/* Calls generated code: entry(callee, code, args, results), where entry is a
 * module's trampoline for code's type (abi.h). Returns WASMAOT_TRAP_NONE when
 * the call returned (results stored), or the code of the trap that ended it
 * (results untouched or partly written). When trap is not NULL it receives
 * the details either way.
 *
 * Each call is an "entry frame": rt->trap and the fault handler unwind to the
 * innermost one, so a trap in a nested call (host -> Wasm -> host -> Wasm)
 * returns from the inner wasmaot_call_entry only, and the host frames between
 * two entries are never skipped. The outermost entry of a thread sets the
 * thread's stack limit (abi.h) and restores it on return; nested entries
 * keep it. Also installs the signal handlers (once) and this thread's
 * alternate signal stack (once per thread, freed at thread exit).
 *
 * Wasm must be entered on the thread's own stack (the one pthread reports):
 * on another stack (coroutines, fibres) no stack limit is set and stack
 * overflow is not recognised as a trap.
 *
 * A NULL entry returns WASMAOT_TRAP_HOST without calling anything. */
uint32_t wasmaot_call_entry(wasmaot_entry_fn entry, void *callee,
                            const void *code, const wasmaot_val *args,
                            wasmaot_val *results, wasmaot_trap *trap);

/* Runs fn(arg) the way wasmaot_call_entry runs generated code: under an
 * entry frame (traps unwind to it) with the thread's stack limit set.
 * Returns WASMAOT_TRAP_NONE or the trap's code (details in trap). For
 * running generated code that is not a function entry (the module's
 * constant expressions). NULL fn: WASMAOT_TRAP_HOST. */
uint32_t wasmaot_call_protected(void (*fn)(void *arg), void *arg,
                                wasmaot_trap *trap);

/* Where a code address lies, for backtraces. */
typedef struct wasmaot_frame_info {
  const struct wasmaot_module *module;
  const char *module_name; /* from the name section, or NULL */
  const char *func_name;   /* from the name section, or NULL */
  uint32_t func_index;     /* in the module's function index space */
  uint32_t offset;         /* bytes into the function's native code */
} wasmaot_frame_info;

/* The Wasm function that code address pc lies in: 0 with *info filled (if
 * info is not NULL), or -1 when pc is not in a Wasm function of a loaded
 * module (trampolines and adapters are not). The names are valid while the
 * module stays loaded. */
int wasmaot_symbolize(const void *pc, wasmaot_frame_info *info);

/* Installs the SIGSEGV/SIGBUS handlers now rather than at the first call
 * into Wasm: for hosts that install their own handlers afterwards and chain
 * to ours. Idempotent. Returns 0, or -1 if sigaction failed. */
int wasmaot_install_signal_handlers(void);

/* ---- Modules ---------------------------------------------------------------
 *
 * A wasmaot_module is a library the compiler produced, loaded with
 * dlopen(RTLD_NOW | RTLD_LOCAL): its descriptor (abi.h) checked, its types
 * registered, its executable segments registered as generated code (faults
 * there become traps). One module serves any number of instances.
 */

typedef struct wasmaot_module wasmaot_module;

/* Loads the library at path. Returns NULL on failure (with *error): not
 * loadable, no WasmAOT descriptor, another ABI version, a malformed
 * descriptor (never trusted blindly), too many code ranges. */
wasmaot_module *wasmaot_module_load(const char *path, char **error);

/* Reference counting: instances hold a reference to their module; the last
 * release unregisters the code and dlcloses the library. NULL is allowed. */
wasmaot_module *wasmaot_module_retain(wasmaot_module *module);
void wasmaot_module_release(wasmaot_module *module);

/* The descriptor, read-only (NULL for NULL). */
const wasmaot_module_descriptor *
wasmaot_module_get_descriptor(const wasmaot_module *module);

/* The type of an import or export. For a function, of.func is its type (the
 * arrays are the library's: valid while the module is loaded). */
typedef struct wasmaot_extern_type {
  uint32_t kind; /* WASMAOT_EXTERN_FUNC, _TABLE, _MEMORY, _GLOBAL */
  uint32_t padding;
  union {
    wasmaot_func_type func;
    wasmaot_table_desc table;
    wasmaot_limits_desc memory;
    wasmaot_global_desc global;
  } of;
} wasmaot_extern_type;

/* Names are UTF-8 with a length (they may hold NUL bytes) and are also
 * NUL-terminated. Valid while the module is loaded. */
typedef struct wasmaot_import_info {
  const char *module;
  const char *name;
  size_t module_len;
  size_t name_len;
  wasmaot_extern_type type;
} wasmaot_import_info;

typedef struct wasmaot_export_info {
  const char *name;
  size_t name_len;
  wasmaot_extern_type type;
} wasmaot_export_info;

size_t wasmaot_module_num_imports(const wasmaot_module *module);
size_t wasmaot_module_num_exports(const wasmaot_module *module);
/* Describe import or export index: 0, or -1 if out of range. */
int wasmaot_module_import(const wasmaot_module *module, size_t index,
                          wasmaot_import_info *info);
int wasmaot_module_export(const wasmaot_module *module, size_t index,
                          wasmaot_export_info *info);

/* ---- Instances -------------------------------------------------------------
 */

typedef struct wasmaot_instance wasmaot_instance;

/* What the host provides for one import, or what an export is. kind is one
 * of abi.h's WASMAOT_EXTERN_FUNC/_TABLE/_MEMORY/_GLOBAL, or one of: */
enum {
  WASMAOT_EXTERN_HOST_FUNC = 0x80, /* a function implemented by the host */
  WASMAOT_EXTERN_NONE = 0xFF       /* nothing: an "unknown import" */
};

/* A host function: callback(env, caller, args, results) (abi.h) with the
 * given type (value type codes; the arrays need only live during
 * wasmaot_instance_new). caller is the importing instance's context
 * (wasmaot_context_instance finds the instance). A non-zero return value
 * traps with that code (e.g. WASMAOT_TRAP_HOST); results are read only when
 * it returns 0. The callback may call into Wasm again. */
typedef struct wasmaot_host_func {
  wasmaot_host_callback callback;
  void *env;
  const uint8_t *params;
  const uint8_t *results;
  uint32_t num_params;
  uint32_t num_results;
} wasmaot_host_func;

/* A global: its storage (one 16-byte slot, the value in the member of its
 * type) with its type. The storage must outlive every instance using it. */
typedef struct wasmaot_global_ref {
  wasmaot_val *storage;
  uint32_t type; /* value type code */
  uint32_t is_mutable;
} wasmaot_global_ref;

typedef struct wasmaot_extern {
  uint32_t kind;
  uint32_t padding;
  union {
    const wasmaot_func *func; /* WASMAOT_EXTERN_FUNC */
    wasmaot_host_func host_func;
    wasmaot_memory *memory;
    wasmaot_table *table;
    wasmaot_global_ref global;
  } of;
  /* The instance the function record or global storage belongs to
   * (wasmaot_instance_export sets it; borrowed, not retained). An instance
   * importing the extern keeps its owner alive. NULL: the host keeps the
   * object alive as long as instances use it. Memories and tables are
   * reference counted themselves and need no owner. */
  wasmaot_instance *owner;
} wasmaot_extern;

/* Instantiates module with imports[i] for the module's import i (in the
 * order of wasmaot_module_import; num_imports may be smaller, the missing
 * ones being unknown imports). Follows the spec:
 *
 *   1. Each import is matched against its declaration; on a mismatch
 *      nothing else happens and *error names the import and the reason:
 *      "unknown import" (WASMAOT_EXTERN_NONE, a NULL object, a missing
 *      entry) or "incompatible import type: ..." (another kind; a function
 *      type whose canonical id differs; a table or memory whose current
 *      size is below the declared minimum, without a maximum where one is
 *      declared or with a larger one, with another index type, sharing or
 *      element type; a global of another type or mutability).
 *   2. The module's own memories, tables and globals are created, the
 *      globals initialised, the segments' offsets and references evaluated.
 *   3. Active element segments are written in order, each after a bounds
 *      check ("out of bounds table access" stops instantiation; writes of
 *      earlier segments stay), active and declarative ones then dropped;
 *      then the active data segments likewise ("out of bounds memory
 *      access").
 *   4. The start function runs.
 *
 * Returns the instance, or NULL with *error and, when the failure was a trap
 * (steps 2-4), the trap in *trap (code WASMAOT_TRAP_NONE otherwise). Traps
 * never crash the process.
 *
 * A failed instantiation whose functions may already be referenced from
 * outside (an element segment wrote into an imported table, or the start
 * function ran with imported functions, tables or mutable reference globals
 * at hand) is not freed: the spec keeps those functions callable. Such
 * instances stay allocated for the life of the process. */
wasmaot_instance *wasmaot_instance_new(wasmaot_module *module,
                                       const wasmaot_extern *imports,
                                       size_t num_imports, wasmaot_trap *trap,
                                       char **error);

/* Reference counting: delete drops the caller's reference; the instance
 * goes when no other instance imports from it. NULL is allowed. */
wasmaot_instance *wasmaot_instance_retain(wasmaot_instance *instance);
void wasmaot_instance_delete(wasmaot_instance *instance);

/* The export called name: 0 and *out filled, or -1 if there is none.
 * export takes a NUL-terminated name, export_n a name of name_len bytes
 * (names may hold NUL bytes), export_at the export's index (as in
 * wasmaot_module_export). A function export is the instance's wasmaot_func
 * record (the same pointer ref.func and tables hold), a memory or table
 * export the object (retain it to keep it beyond the instance), a global
 * export its storage and type. out->owner is the instance. Lookups by name
 * are a binary search. */
int wasmaot_instance_export(wasmaot_instance *instance, const char *name,
                            wasmaot_extern *out);
int wasmaot_instance_export_n(wasmaot_instance *instance, const char *name,
                              size_t name_len, wasmaot_extern *out);
int wasmaot_instance_export_at(wasmaot_instance *instance, size_t index,
                               wasmaot_extern *out);

wasmaot_module *wasmaot_instance_module(const wasmaot_instance *instance);
/* The instance's context (abi.h), and back: for host callbacks, which get
 * the caller's context. */
wasmaot_context *wasmaot_instance_context(const wasmaot_instance *instance);
wasmaot_instance *wasmaot_context_instance(const wasmaot_context *ctx);

/* Calls func with num_args arguments and room for num_results results
 * (each a wasmaot_val in the member of its type; funcref: a const
 * wasmaot_func *). Returns WASMAOT_TRAP_NONE with the results stored, or the
 * trap that ended the call (trap, if not NULL, gets the details). The
 * counts must match the function's type (from the registry, by type_id):
 * otherwise, and for a NULL func or missing arrays, nothing is called and
 * the result is WASMAOT_TRAP_HOST, trap->message saying why. Argument types
 * are not checked. Any thread may call; calls may nest (host -> Wasm ->
 * host -> Wasm). */
uint32_t wasmaot_func_call(const wasmaot_func *func, const wasmaot_val *args,
                           size_t num_args, wasmaot_val *results,
                           size_t num_results, wasmaot_trap *trap);

/* ---- Low level: for the loader, hosts that place generated code themselves,
 *      and tests ----------------------------------------------------------- */

/* Declares [begin, begin + size) as generated code: faults there may become
 * traps. The loader registers each library's executable segments. Returns 0,
 * or -1 for an empty range or a full registry (WASMAOT_MAX_CODE_RANGES).
 * Safe to call from any thread; the fault handler reads the registry without
 * locks. */
int wasmaot_code_range_register(const void *begin, size_t size);
/* Removes the range registered at begin. Returns 0, or -1 if none was. */
int wasmaot_code_range_unregister(const void *begin);
#define WASMAOT_MAX_CODE_RANGES 4096u

/* The runtime's services table, for contexts (wasmaot_context.rt). trap,
 * memory_grow, memory_fill and memory_copy work for any context whose
 * memories are set; the segment services (memory_init, data_drop,
 * table_init, elem_drop) need an instance's context (ctx->instance). */
const wasmaot_runtime_services *wasmaot_runtime_services_get(void);

/* The value for wasmaot_context.stack_limit_tls_offset: the calling thread's
 * stack limit lives at thread pointer + this offset (the same on every
 * thread). */
intptr_t wasmaot_stack_limit_tls_offset(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMAOT_WASMAOT_H */
