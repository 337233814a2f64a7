// FakeGeneratedCode.h - Stand-ins for compiled Wasm functions.
//
// Each fake_* function has the shape of a generated entry trampoline
// (wasmaot_entry_fn) and does what generated code does: it uses
// ctx->memory0_base without bounds checks, calls ctx->rt->trap, checks the
// stack limit through the thread pointer. They live in their own section,
// wasmaot_test_code, whose bounds the linker provides, so a test can register
// exactly that range as generated code. host_load8 is fake_load8 outside it.

#ifndef WASMAOT_TEST_RUNTIME_FAKE_GENERATED_CODE_H
#define WASMAOT_TEST_RUNTIME_FAKE_GENERATED_CODE_H

#include "wasmaot/abi.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

const void *fake_code_begin(void);
size_t fake_code_size(void);

// All take callee = a wasmaot_context *.
// results[0].i32 = memory0[(uint32_t)args[0].i32] (an i32.load8_u).
void fake_load8(void *callee, const void *code, const wasmaot_val *args,
                wasmaot_val *results);
// results[0].i64 = i64.load offset=0xFFFFFFFF at (uint32_t)args[0].i32.
void fake_load64_max_offset(void *callee, const void *code,
                            const wasmaot_val *args, wasmaot_val *results);
// memory0[(uint32_t)args[0].i32] = (uint8_t)args[1].i32.
void fake_store8(void *callee, const void *code, const wasmaot_val *args,
                 wasmaot_val *results);
// results[0].i32 = *(uint8_t *)args[0].ref: an absolute address.
void fake_load_absolute(void *callee, const void *code, const wasmaot_val *args,
                        wasmaot_val *results);
// ctx->rt->trap(ctx, args[0].i32).
void fake_trap(void *callee, const void *code, const wasmaot_val *args,
               wasmaot_val *results);
// Recursion with a 512-byte frame and no stack check: runs into the guard
// page. results[0].i64 = never (it does not return).
void fake_recurse_unchecked(void *callee, const void *code,
                            const wasmaot_val *args, wasmaot_val *results);
// Recursion whose "prologue" compares the frame address with the limit at
// thread pointer + ctx->stack_limit_tls_offset and calls rt->trap below it.
void fake_recurse_checked(void *callee, const void *code,
                          const wasmaot_val *args, wasmaot_val *results);
// The lowest frame address and the deepest depth the last recursion reached
// (on the calling thread).
uintptr_t fake_lowest_frame(void);
uint64_t fake_deepest(void);

// Like fake_load8, but outside the generated-code section.
void host_load8(void *callee, const void *code, const wasmaot_val *args,
                wasmaot_val *results);

#ifdef __cplusplus
}
#endif

#endif
