// Memory-bound f64: blocked matrix multiply C += A*B, then a checksum.
#include <stdio.h>
#include <stdlib.h>

#define BS 32

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1100;
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n),
         *c = calloc((size_t)n * n, sizeof(double));
  unsigned s = 12345;
  for (int i = 0; i < n * n; i++) {
    s = s * 1103515245u + 12345u; a[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
    s = s * 1103515245u + 12345u; b[i] = (double)(s >> 16 & 1023) / 512.0 - 1.0;
  }
  for (int ii = 0; ii < n; ii += BS)
    for (int kk = 0; kk < n; kk += BS)
      for (int jj = 0; jj < n; jj += BS)
        for (int i = ii; i < ii + BS && i < n; i++)
          for (int k = kk; k < kk + BS && k < n; k++) {
            double aik = a[i * n + k];
            for (int j = jj; j < jj + BS && j < n; j++) c[i * n + j] += aik * b[k * n + j];
          }
  double sum = 0;
  for (int i = 0; i < n * n; i++) sum += c[i] * (double)((i % 7) + 1);
  printf("%.6f\n", sum);
  free(a); free(b); free(c);
  return 0;
}
