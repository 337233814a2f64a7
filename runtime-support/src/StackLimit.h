/*===- StackLimit.h - The per-thread stack limit -------------------*- C -*-===*
 *
 * abi.h: generated prologues compare the stack pointer with a thread-local
 * limit found at thread pointer + wasmaot_context.stack_limit_tls_offset,
 * and trap (call stack exhausted) below it. The limit is an initial-exec TLS
 * variable of the runtime, so the offset is fixed once the runtime is loaded
 * and the same on every thread. It is 0 (no limit) outside Wasm; the
 * outermost entry of a thread sets it to the bottom of the thread's usable
 * stack plus WASMAOT_STACK_RESERVE, the room left for host functions called
 * from Wasm near the limit, for the trap path, and for the one small frame
 * of a leaf function (which has no check of its own).
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_STACK_LIMIT_H
#define WASMAOT_RUNTIME_STACK_LIMIT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMAOT_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WASMAOT_ASAN 1
#endif

#ifdef WASMAOT_ASAN
#define WASMAOT_STACK_RESERVE (256u * 1024u) /* ASan frames are fat */
#else
#define WASMAOT_STACK_RESERVE (64u * 1024u)
#endif

/* The main thread's usable stack when RLIMIT_STACK is unlimited. */
#define WASMAOT_UNLIMITED_MAIN_STACK (1ull << 30)

/* The thread pointer (x86-64: the %fs base; aarch64: TPIDR_EL0). */
void *wasmaot_thread_pointer(void);

/* Reads and writes the calling thread's limit directly. */
uintptr_t wasmaot_stack_limit_get(void);
void wasmaot_stack_limit_set(uintptr_t limit);

/* Finds the calling thread's stack bounds, once per thread (cached). Returns
 * 0, or -1 if pthread cannot tell (then no limit is ever set). */
int wasmaot_stack_bounds_init(void);

/* The calling thread's usable stack, [low, high), as cached by
 * wasmaot_stack_bounds_init (0, 0 before). */
void wasmaot_stack_bounds(uintptr_t *low, uintptr_t *high);

/* For the outermost entry: sets the limit for the current stack pointer and
 * returns the previous one (to restore with wasmaot_stack_limit_set). */
uintptr_t wasmaot_stack_limit_enter(void);

/* Whether a fault at address looks like this thread's stack overflowing: at
 * most 1 MiB below its usable stack, or in its lowest 64 KiB. Async-signal-
 * safe. */
int wasmaot_stack_guard_contains(uintptr_t address);

#ifdef __cplusplus
}
#endif

#endif
