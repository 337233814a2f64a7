// Memory bandwidth: STREAM-style copy, scale, add and triad over arrays
// much larger than the caches.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 20;
  size_t n = 4 * 1024 * 1024;  // 32 MiB per array
  double *a = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double)),
         *c = malloc(n * sizeof(double));
  for (size_t i = 0; i < n; i++) { a[i] = 1.0 + (double)(i & 15); b[i] = 2.0; c[i] = 0.0; }
  for (int r = 0; r < reps; r++) {
    for (size_t i = 0; i < n; i++) c[i] = a[i];
    for (size_t i = 0; i < n; i++) b[i] = 0.5 * c[i];
    for (size_t i = 0; i < n; i++) c[i] = a[i] + b[i];
    for (size_t i = 0; i < n; i++) a[i] = b[i] + 0.25 * c[i];
  }
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += a[i] + b[i] + c[i];
  printf("%.6e\n", sum);
  free(a); free(b); free(c);
  return 0;
}
