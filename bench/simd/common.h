/* Shared by the Wasm and the native build of every kernel: the PRNG (so both
 * see the same input bytes) and the export attribute. Plain C, no SIMD. */
#ifndef BENCH_SIMD_COMMON_H
#define BENCH_SIMD_COMMON_H

#include <stdint.h>

#ifdef __wasm__
/* Exported by name so the module needs neither --export-all nor imports. */
#define BENCH_EXPORT(name) __attribute__((export_name(name)))
#else
#define BENCH_EXPORT(name)
#endif

/* xorshift32: tiny, deterministic, identical on both targets. */
static inline uint32_t bench_rand(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

/* A float in [-1, 1) with 24 random bits: exact, so no rounding differs. */
static inline float bench_randf(uint32_t *state) {
  return (float)(int32_t)(bench_rand(state) >> 8) / 8388608.0f - 1.0f;
}

static inline int64_t bench_f64_bits(double d) {
  union {
    double d;
    int64_t i;
  } u = {d};
  return u.i;
}

#endif
