// A freestanding example (no WASI): functions a host calls by name, e.g.
//   wasm-aot run --invoke fib compute.wasm 30
// Built with -nostartfiles -Wl,--no-entry, exporting each function.
#include <stdint.h>

#define EXPORT(Name) __attribute__((export_name(#Name)))

EXPORT(fib) uint64_t fib(uint32_t N) {
  uint64_t A = 0, B = 1;
  for (uint32_t I = 0; I < N; ++I) {
    uint64_t T = A + B;
    A = B;
    B = T;
  }
  return A;
}

// The number of primes below Limit, by a sieve in linear memory.
static uint8_t Composite[1 << 20];
EXPORT(count_primes) uint32_t count_primes(uint32_t Limit) {
  if (Limit > sizeof(Composite))
    Limit = sizeof(Composite);
  uint32_t Count = 0;
  for (uint32_t I = 0; I < Limit; ++I)
    Composite[I] = 0;
  for (uint32_t I = 2; I < Limit; ++I) {
    if (Composite[I])
      continue;
    ++Count;
    for (uint64_t J = (uint64_t)I * I; J < Limit; J += I)
      Composite[J] = 1;
  }
  return Count;
}

// Newton's method for the square root, in double precision.
EXPORT(newton_sqrt) double newton_sqrt(double X) {
  if (X <= 0)
    return 0;
  double R = X > 1 ? X / 2 : 1;
  for (int I = 0; I < 60; ++I)
    R = 0.5 * (R + X / R);
  return R;
}
