/*===- Trap.c - Entry frames, trap unwinding and calls into Wasm ----------===*/

#include "Trap.h"

#include "Registry.h"
#include "Signals.h"
#include "StackLimit.h"

#include <stdio.h>
#include <stdlib.h>

static _Thread_local __attribute__((tls_model("initial-exec")))
wasmaot_entry_frame *innermost;

wasmaot_entry_frame *wasmaot_innermost_entry(void) { return innermost; }

__attribute__((noreturn)) void wasmaot_unwind(wasmaot_entry_frame *frame,
                                              uint32_t code, const void *pc,
                                              const void *address) {
  frame->code = code;
  frame->pc = pc;
  frame->address = address;
  siglongjmp(frame->jump, 1);
}

/* Frame records to follow at most: deep recursion has millions. */
#define MAX_FRAME_RECORDS 4096u

void wasmaot_capture_backtrace(wasmaot_entry_frame *frame, const void *pc,
                               uintptr_t fp) {
  const uint32_t capacity = sizeof frame->frames / sizeof frame->frames[0];
  uint32_t n = 0;
  frame->truncated = 0;
  if (pc)
    frame->frames[n++] = pc;
  /* Frame records lie at increasing addresses below the entry frame. A
   * record that breaks this (code without frame pointers clobbered the
   * register) ends the walk rather than sending it elsewhere. */
  uintptr_t high = (uintptr_t)frame;
  for (uint32_t records = 0; fp && fp % sizeof(uintptr_t) == 0 &&
                             fp + 2 * sizeof(uintptr_t) <= high;
       ++records) {
    const uintptr_t *record = (const uintptr_t *)fp;
    uintptr_t return_address = record[1];
    if (records == MAX_FRAME_RECORDS) {
      frame->truncated = 1;
      break;
    }
    if (wasmaot_ranges_contain(WASMAOT_RANGES_CODE, return_address)) {
      if (n == capacity) {
        frame->truncated = 1;
        break;
      }
      /* Inside the call instruction, so that a call ending a function maps
       * to that function and not the next. */
      frame->frames[n++] = (const void *)(return_address - 1);
    }
    if (record[0] <= fp)
      break;
    fp = record[0];
  }
  frame->num_frames = n;
}

__attribute__((noreturn)) void wasmaot_raise_trap(uint32_t code) {
  wasmaot_entry_frame *frame = innermost;
  if (!frame) {
    fprintf(stderr, "wasmaot: trap \"%s\" outside any call into Wasm\n",
            wasmaot_trap_message(code));
    abort();
  }
  wasmaot_capture_backtrace(frame, NULL,
                            (uintptr_t)__builtin_frame_address(0));
  wasmaot_unwind(frame, code, NULL, NULL);
}

const char *wasmaot_trap_message(uint32_t code) {
  switch ((wasmaot_trap_code)code) {
  case WASMAOT_TRAP_NONE:
    return "no trap";
  case WASMAOT_TRAP_UNREACHABLE:
    return "unreachable";
  case WASMAOT_TRAP_INT_DIVIDE_BY_ZERO:
    return "integer divide by zero";
  case WASMAOT_TRAP_INT_OVERFLOW:
    return "integer overflow";
  case WASMAOT_TRAP_INVALID_CONVERSION:
    return "invalid conversion to integer";
  case WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY:
    return "out of bounds memory access";
  case WASMAOT_TRAP_OUT_OF_BOUNDS_TABLE:
    return "out of bounds table access";
  case WASMAOT_TRAP_UNDEFINED_ELEMENT:
    return "undefined element";
  case WASMAOT_TRAP_UNINITIALIZED_ELEMENT:
    return "uninitialized element";
  case WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH:
    return "indirect call type mismatch";
  case WASMAOT_TRAP_STACK_EXHAUSTED:
    return "call stack exhausted";
  case WASMAOT_TRAP_NULL_REFERENCE:
    return "null reference";
  case WASMAOT_TRAP_UNALIGNED_ATOMIC:
    return "unaligned atomic";
  case WASMAOT_TRAP_UNCAUGHT_EXCEPTION:
    return "uncaught exception";
  case WASMAOT_TRAP_HOST:
    return "host function failed";
  case WASMAOT_TRAP_EXIT:
    return "exit";
  }
  return "unknown trap";
}

static void fill(wasmaot_trap *trap, uint32_t code, const void *pc,
                 const void *address) {
  if (!trap)
    return;
  trap->code = code;
  trap->padding = 0;
  trap->message = wasmaot_trap_message(code);
  trap->pc = pc;
  trap->address = address;
  trap->num_frames = 0;
  trap->truncated = 0;
}

/* The Wasm functions among the frames an entry frame captured. */
static void fill_backtrace(wasmaot_trap *trap,
                           const wasmaot_entry_frame *frame) {
  if (!trap)
    return;
  uint32_t n = 0;
  for (uint32_t i = 0; i < frame->num_frames; ++i) {
    if (wasmaot_symbolize(frame->frames[i], NULL) != 0)
      continue; /* a trampoline, an adapter, the trap path */
    if (n == WASMAOT_TRAP_MAX_FRAMES) {
      trap->truncated = 1;
      break;
    }
    trap->frames[n++] = frame->frames[i];
  }
  trap->num_frames = n;
  trap->truncated |= frame->truncated;
}

/* The first entry on a thread: the process-wide handlers, this thread's
 * alternate signal stack and stack bounds. Failures are not fatal: without
 * them faults stay crashes and no stack limit is set. */
static void prepare_thread(void) {
  static _Thread_local __attribute__((tls_model("initial-exec"))) int prepared;
  if (prepared)
    return;
  prepared = 1;
  wasmaot_install_signal_handlers();
  wasmaot_thread_signal_stack_init();
  wasmaot_stack_bounds_init();
}

/* The body of one entry frame: what runs between sigsetjmp and return. */
typedef struct entry_call {
  wasmaot_entry_fn entry;
  void *callee;
  const void *code;
  const wasmaot_val *args;
  wasmaot_val *results;
} entry_call;

/* Generated code carries no UBSan function-type signature: do not check
 * indirect calls into it in sanitizer builds. */
#if defined(__clang__)
#define WASMAOT_NO_SANITIZE_FUNCTION __attribute__((no_sanitize("function")))
#else
#define WASMAOT_NO_SANITIZE_FUNCTION
#endif

WASMAOT_NO_SANITIZE_FUNCTION static void invoke_entry(void *arg) {
  entry_call *call = arg;
  call->entry(call->callee, call->code, call->args, call->results);
}

/* Runs body(arg) under a new entry frame. */
WASMAOT_NO_SANITIZE_FUNCTION static uint32_t
run_in_frame(void (*body)(void *), void *arg, wasmaot_trap *trap) {
  prepare_thread();
  wasmaot_entry_frame frame;
  frame.outer = innermost;
  frame.code = WASMAOT_TRAP_NONE;
  frame.pc = NULL;
  frame.address = NULL;
  frame.num_frames = 0;
  frame.truncated = 0;
  /* Outermost entry: set the limit; nested ones keep it. Both restore. */
  uintptr_t saved_limit =
      frame.outer ? wasmaot_stack_limit_get() : wasmaot_stack_limit_enter();
  if (sigsetjmp(frame.jump, 1) == 0) {
    innermost = &frame;
    body(arg);
  }
  innermost = frame.outer;
  wasmaot_stack_limit_set(saved_limit);
  uint32_t result = frame.code;
  fill(trap, result, frame.pc, frame.address);
  if (result != WASMAOT_TRAP_NONE)
    fill_backtrace(trap, &frame);
  return result;
}

uint32_t wasmaot_call_entry(wasmaot_entry_fn entry, void *callee,
                            const void *code, const wasmaot_val *args,
                            wasmaot_val *results, wasmaot_trap *trap) {
  if (!entry) {
    fill(trap, WASMAOT_TRAP_HOST, NULL, NULL);
    return WASMAOT_TRAP_HOST;
  }
  entry_call call = {entry, callee, code, args, results};
  return run_in_frame(invoke_entry, &call, trap);
}

uint32_t wasmaot_call_protected(void (*fn)(void *arg), void *arg,
                                wasmaot_trap *trap) {
  if (!fn) {
    fill(trap, WASMAOT_TRAP_HOST, NULL, NULL);
    return WASMAOT_TRAP_HOST;
  }
  return run_in_frame(fn, arg, trap);
}
