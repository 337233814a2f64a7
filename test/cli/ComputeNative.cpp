// The native build of examples/compute: prints what
// `wasm-aot run --invoke NAME compute.wasm ARG` prints, for comparison.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define export_name(Name) used
extern "C" {
#include "../../examples/compute/compute.c"
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const char *Name = argv[1];
  if (!std::strcmp(Name, "fib"))
    std::printf("%llu\n", (unsigned long long)fib(std::strtoul(argv[2], 0, 0)));
  else if (!std::strcmp(Name, "count_primes"))
    std::printf("%u\n", count_primes(std::strtoul(argv[2], 0, 0)));
  else if (!std::strcmp(Name, "newton_sqrt")) {
    char Buffer[64];
    auto R = std::to_chars(Buffer, Buffer + 64, newton_sqrt(std::strtod(argv[2], 0)));
    std::printf("%.*s\n", int(R.ptr - Buffer), Buffer);
  } else
    return 2;
  return 0;
}
