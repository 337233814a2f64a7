/*===- Trap.h - Entry frames and trap unwinding -------------------*- C -*-===*
 *
 * Every wasmaot_call_entry is an entry frame on a per-thread chain. A trap
 * (rt->trap, or a fault the signal handler recognises) records its code in
 * the innermost frame and siglongjmps to it; the frame's sigsetjmp saved the
 * signal mask, so a trap raised from the signal handler leaves SIGSEGV
 * unblocked again.
 *
 *===----------------------------------------------------------------------===*/

#ifndef WASMAOT_RUNTIME_TRAP_H
#define WASMAOT_RUNTIME_TRAP_H

#include "wasmaot/wasmaot.h"

#include <setjmp.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasmaot_entry_frame {
  sigjmp_buf jump;
  struct wasmaot_entry_frame *outer;
  /* Written by the trap, read after the siglongjmp: volatile. */
  volatile uint32_t code;
  const void *volatile pc;
  const void *volatile address;
} wasmaot_entry_frame;

/* The calling thread's innermost entry frame, or NULL outside Wasm.
 * Async-signal-safe. */
wasmaot_entry_frame *wasmaot_innermost_entry(void);

/* Unwinds to frame with a trap. pc and address: NULL unless a fault. */
__attribute__((noreturn)) void wasmaot_unwind(wasmaot_entry_frame *frame,
                                              uint32_t code, const void *pc,
                                              const void *address);

/* Unwinds to the innermost entry; outside Wasm, reports and aborts. */
__attribute__((noreturn)) void wasmaot_raise_trap(uint32_t code);

#ifdef __cplusplus
}
#endif

#endif
