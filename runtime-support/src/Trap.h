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
  /* Code addresses of the frames in generated code at the trap, innermost
   * first (wasmaot_capture_backtrace); symbolized after the unwind, since
   * the symbol tables take a lock. */
  volatile uint32_t num_frames;
  volatile uint32_t truncated;
  const void *volatile frames[WASMAOT_TRAP_MAX_FRAMES * 2];
} wasmaot_entry_frame;

/* The calling thread's innermost entry frame, or NULL outside Wasm.
 * Async-signal-safe. */
wasmaot_entry_frame *wasmaot_innermost_entry(void);

/* Records in frame the generated-code frames of the stack, walking the
 * frame-pointer chain from fp (a frame record: saved frame pointer, return
 * address) up to frame itself; pc, if not NULL, is the innermost address (a
 * faulting instruction). Reads only the stack between fp and frame.
 * Async-signal-safe. */
void wasmaot_capture_backtrace(wasmaot_entry_frame *frame, const void *pc,
                               uintptr_t fp);

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
