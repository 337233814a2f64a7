/* Native driver: driver KERNEL N prints run_KERNEL(N) the way
 * `wasm-aot run --invoke` prints an i64 result, so run.sh can compare. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t run_saxpy_dot(int32_t);
int64_t run_gray_blur(int32_t);
int64_t run_byte_search(int32_t);

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    int64_t (*fn)(int32_t);
  } kernels[] = {
      {"run_saxpy_dot", run_saxpy_dot},
      {"run_gray_blur", run_gray_blur},
      {"run_byte_search", run_byte_search},
  };
  if (argc != 3) {
    fprintf(stderr, "usage: %s run_KERNEL ITERATIONS\n", argv[0]);
    return 2;
  }
  for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++)
    if (strcmp(argv[1], kernels[k].name) == 0) {
      printf("%lld\n", (long long)kernels[k].fn((int32_t)atoi(argv[2])));
      return 0;
    }
  fprintf(stderr, "unknown kernel %s\n", argv[1]);
  return 2;
}
