// Integer kernel: a sieve of Eratosthenes plus Collatz chain lengths
// (divides, shifts, unpredictable branches).
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3000000;
  unsigned char *composite = calloc(n + 1, 1);
  uint64_t sum = 0, count = 0;
  for (int i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    for (int64_t j = (int64_t)i * i; j <= n; j += i) composite[j] = 1;
  }
  uint64_t longest = 0, total = 0;
  for (uint32_t s = 1; s < (uint32_t)n; s++) {
    uint64_t x = s, len = 0;
    while (x != 1) { x = (x & 1) ? 3 * x + 1 : x >> 1; len++; }
    total += len;
    if (len > longest) longest = len;
  }
  printf("%llu %llu %llu %llu\n", (unsigned long long)count,
         (unsigned long long)sum, (unsigned long long)longest,
         (unsigned long long)total);
  free(composite);
  return 0;
}
