// A small WASI command: prints its arguments and a few computed values. The
// README's first command builds it to wasm32-wasi and runs it through
// wasm-aot.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t fib(unsigned N) { return N < 2 ? N : fib(N - 1) + fib(N - 2); }

static uint32_t crc32(const char *S) {
  uint32_t Crc = 0xFFFFFFFFu;
  for (; *S; ++S) {
    Crc ^= (unsigned char)*S;
    for (int K = 0; K < 8; ++K)
      Crc = (Crc >> 1) ^ (0xEDB88320u & -(Crc & 1));
  }
  return ~Crc;
}

int main(int argc, char **argv) {
  printf("hello from WebAssembly\n");
  for (int I = 1; I < argc; ++I)
    printf("arg %d: %s (crc32 %08" PRIx32 ")\n", I, argv[I], crc32(argv[I]));
  printf("fib(30) = %" PRIu64 "\n", fib(30));
  return 0;
}
