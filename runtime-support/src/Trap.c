/*===- Trap.c - Entry frames, trap unwinding and calls into Wasm ----------===*/

#include "Trap.h"

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

__attribute__((noreturn)) void wasmaot_raise_trap(uint32_t code) {
  wasmaot_entry_frame *frame = innermost;
  if (!frame) {
    fprintf(stderr, "wasmaot: trap \"%s\" outside any call into Wasm\n",
            wasmaot_trap_message(code));
    abort();
  }
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
