//===- workload.h - A freestanding C program run as Wasm and natively -----===//
//
// The same sources build to wasm32 (run through wasm-aot run --invoke) and
// natively (run through workload-native), so any difference in a result is a
// code-generation bug. Nothing here may depend on pointer size, on `long`, or
// on undefined behaviour, and the module must import nothing.
//
//===----------------------------------------------------------------------===//
#ifndef WORKLOAD_H
#define WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t wl_i32;
typedef int64_t wl_i64;
typedef float wl_f32;
typedef double wl_f64;

#define W0(R, Name) wl_##R Name(void);
#define W1(R, Name, A) wl_##R Name(wl_##A);
#define W2(R, Name, A, B) wl_##R Name(wl_##A, wl_##B);
#define W3(R, Name, A, B, C) wl_##R Name(wl_##A, wl_##B, wl_##C);
#include "exports.def"
#undef W0
#undef W1
#undef W2
#undef W3

// Memory helpers: no libc in the module.
void wl_move(void *Dst, const void *Src, uint32_t N);
void wl_fill(void *Dst, uint8_t Byte, uint32_t N);
int wl_compare(const void *A, const void *B, uint32_t N);
uint32_t wl_strlen(const char *S);
// Writes V in decimal, without a terminator; returns the length.
uint32_t wl_format_u64(char *Out, uint64_t V);

// Signed division as a total function: 0 for division by zero, and
// INT64_MIN / -1 wraps to INT64_MIN.
int64_t wl_div_s(int64_t A, int64_t B);

// A first-fit, coalescing free-list allocator over a static arena.
void wl_heap_reset(void);
void *wl_alloc(uint32_t Size);
void wl_free(void *P);
uint32_t wl_heap_offset(const void *P);
uint32_t wl_heap_free_blocks(uint32_t *FreeBytes);

// xorshift64* seeded through splitmix64.
typedef struct {
  uint64_t State;
} Rng;
void rng_seed(Rng *R, uint64_t Seed);
uint64_t rng_next(Rng *R);
uint32_t rng_below(Rng *R, uint32_t Bound);
double rng_unit(Rng *R);

// Hashes.
uint64_t mix64(uint64_t X);
uint32_t fnv1a32(const uint8_t *Data, uint32_t N);
uint64_t fnv1a64(const uint8_t *Data, uint32_t N);
uint32_t crc32(const uint8_t *Data, uint32_t N);
uint64_t siphash24(uint64_t K0, uint64_t K1, const uint8_t *Data, uint32_t N);

// A stable merge sort that compares through a function pointer.
typedef int (*CompareFn)(const void *, const void *);
void wl_sort(void *Base, uint32_t Count, uint32_t Size, CompareFn Compare);

#endif
