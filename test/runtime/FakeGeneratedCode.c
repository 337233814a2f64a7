// FakeGeneratedCode.c - Stand-ins for compiled Wasm functions (see the
// header). Built without sanitizers and without hot/cold splitting, so that
// every instruction of a fake_* function is inside wasmaot_test_code.

#include "FakeGeneratedCode.h"

#define GENERATED __attribute__((section("wasmaot_test_code"), noinline, used))

// Provided by the linker (GNU ld, gold, lld) for a section whose name is a
// C identifier.
extern const char __start_wasmaot_test_code[];
extern const char __stop_wasmaot_test_code[];

const void *fake_code_begin(void) { return __start_wasmaot_test_code; }
size_t fake_code_size(void) {
  return (size_t)(__stop_wasmaot_test_code - __start_wasmaot_test_code);
}

static _Thread_local uintptr_t lowest_frame;
static _Thread_local uint64_t deepest;
uintptr_t fake_lowest_frame(void) { return lowest_frame; }
uint64_t fake_deepest(void) { return deepest; }

static uint8_t *memory0(void *callee) {
  return ((wasmaot_context *)callee)->memory0_base;
}

GENERATED void fake_load8(void *callee, const void *code,
                          const wasmaot_val *args, wasmaot_val *results) {
  (void)code;
  results[0].i32 =
      *(volatile uint8_t *)(memory0(callee) + (uint64_t)(uint32_t)args[0].i32);
}

GENERATED void fake_load64_max_offset(void *callee, const void *code,
                                      const wasmaot_val *args,
                                      wasmaot_val *results) {
  (void)code;
  results[0].i64 =
      *(volatile int64_t *)(memory0(callee) + (uint64_t)(uint32_t)args[0].i32 +
                            0xFFFFFFFFull);
}

GENERATED void fake_store8(void *callee, const void *code,
                           const wasmaot_val *args, wasmaot_val *results) {
  (void)code;
  (void)results;
  *(volatile uint8_t *)(memory0(callee) + (uint64_t)(uint32_t)args[0].i32) =
      (uint8_t)args[1].i32;
}

GENERATED void fake_load_absolute(void *callee, const void *code,
                                  const wasmaot_val *args,
                                  wasmaot_val *results) {
  (void)callee;
  (void)code;
  results[0].i32 = *(volatile uint8_t *)args[0].ref;
}

GENERATED void fake_trap(void *callee, const void *code,
                         const wasmaot_val *args, wasmaot_val *results) {
  (void)code;
  (void)results;
  wasmaot_context *ctx = (wasmaot_context *)callee;
  ctx->rt->trap(ctx, (uint32_t)args[0].i32);
}

GENERATED static uint64_t recurse_unchecked(uint64_t depth, uint64_t stop) {
  volatile uint8_t frame[512];
  frame[depth & 511] = (uint8_t)depth;
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (here < lowest_frame)
    lowest_frame = here;
  deepest = depth;
  if (depth == stop)
    return frame[0];
  return recurse_unchecked(depth + 1, stop) + frame[(depth * 7) & 511];
}

GENERATED void fake_recurse_unchecked(void *callee, const void *code,
                                      const wasmaot_val *args,
                                      wasmaot_val *results) {
  (void)callee;
  (void)code;
  lowest_frame = UINTPTR_MAX;
  deepest = 0;
  results[0].i64 = (int64_t)recurse_unchecked(0, (uint64_t)args[0].i64);
}

GENERATED static uint64_t recurse_checked(wasmaot_context *ctx, uint64_t depth,
                                          uint64_t stop) {
  // The prologue check generated code does (abi.h).
  uintptr_t limit =
      *(const uintptr_t *)((const char *)__builtin_thread_pointer() +
                           ctx->stack_limit_tls_offset);
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (here < limit)
    ctx->rt->trap(ctx, WASMAOT_TRAP_STACK_EXHAUSTED);
  volatile uint8_t frame[512];
  frame[depth & 511] = (uint8_t)depth;
  if (here < lowest_frame)
    lowest_frame = here;
  deepest = depth;
  if (depth == stop)
    return frame[0];
  return recurse_checked(ctx, depth + 1, stop) + frame[(depth * 7) & 511];
}

GENERATED void fake_recurse_checked(void *callee, const void *code,
                                    const wasmaot_val *args,
                                    wasmaot_val *results) {
  (void)code;
  lowest_frame = UINTPTR_MAX;
  deepest = 0;
  results[0].i64 = (int64_t)recurse_checked((wasmaot_context *)callee, 0,
                                            (uint64_t)args[0].i64);
}

__attribute__((noinline)) void host_load8(void *callee, const void *code,
                                          const wasmaot_val *args,
                                          wasmaot_val *results) {
  (void)code;
  results[0].i32 =
      *(volatile uint8_t *)(memory0(callee) + (uint64_t)(uint32_t)args[0].i32);
}
