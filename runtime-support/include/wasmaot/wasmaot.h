/*===- wasmaot.h - The WasmAOT runtime C API ----------------------*- C -*-===*
 *
 * The host-facing API of runtime-support: small, stable, free of LLVM, usable
 * from C, C++ and Swift. The generated-code ABI (contexts, memories, trap
 * codes, the module descriptor) is in wasmaot/abi.h, included here.
 *
 * What exists so far: linear memories, traps (the call-into-Wasm helper, the
 * signal handler that turns faults of generated code into traps) and the
 * per-thread stack limit. Loading and instantiation come with code
 * generation.
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

/* Releases the memory and its reservation. NULL is allowed. No thread may
 * be using it. */
void wasmaot_memory_delete(wasmaot_memory *memory);

/* How many memories may be alive at once: the size of the reservation
 * registry the signal handler reads. (8 GiB each: 16384 of them fill the
 * 128 TiB of a 47-bit address space.) */
#define WASMAOT_MAX_LIVE_MEMORIES 16384u

/* ---- Traps and calls into Wasm ------------------------------------------- */

/* How a call into Wasm ended. */
typedef struct wasmaot_trap {
  uint32_t code; /* wasmaot_trap_code; WASMAOT_TRAP_NONE: returned */
  uint32_t padding;
  const char *message; /* wasmaot_trap_message(code): static */
  /* For traps raised by a fault (signal): the faulting instruction and the
   * address it touched. NULL for traps raised by rt->trap. */
  const void *pc;
  const void *address;
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

/* Installs the SIGSEGV/SIGBUS handlers now rather than at the first call
 * into Wasm: for hosts that install their own handlers afterwards and chain
 * to ours. Idempotent. Returns 0, or -1 if sigaction failed. */
int wasmaot_install_signal_handlers(void);

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

/* The runtime's services table, for contexts (wasmaot_context.rt). It
 * provides trap, memory_grow, memory_fill and memory_copy so far; the other
 * entries are NULL until instances exist. */
const wasmaot_runtime_services *wasmaot_runtime_services_get(void);

/* The value for wasmaot_context.stack_limit_tls_offset: the calling thread's
 * stack limit lives at thread pointer + this offset (the same on every
 * thread). */
intptr_t wasmaot_stack_limit_tls_offset(void);

#ifdef __cplusplus
}
#endif

#endif /* WASMAOT_WASMAOT_H */
