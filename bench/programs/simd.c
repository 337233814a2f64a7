// SIMD kernel: auto-vectorisable loops (a 1-D convolution, saxpy and an
// integer dot product); built with -msimd128 for wasm, plain -O2 natively.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 65536

__attribute__((noinline)) static void conv(float *restrict out, const float *restrict in, const float *restrict k) {
  for (int i = 0; i < N - 8; i++) {
    float s = 0;
    for (int j = 0; j < 8; j++) s += in[i + j] * k[j];
    out[i] = s;
  }
}

__attribute__((noinline)) static void saxpy(float *restrict y, const float *restrict x, float a) {
  for (int i = 0; i < N; i++) y[i] = a * x[i] + y[i];
}

__attribute__((noinline)) static int32_t idot(const int16_t *restrict a, const int16_t *restrict b) {
  int32_t s = 0;
  for (int i = 0; i < N; i++) s += a[i] * b[i];
  return s;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 6000;
  float *x = malloc(N * sizeof(float)), *y = malloc(N * sizeof(float)), k[8];
  int16_t *a = malloc(N * 2), *b = malloc(N * 2);
  for (int i = 0; i < N; i++) { x[i] = (float)(i % 97) / 97.0f; y[i] = 0; a[i] = (int16_t)(i * 37); b[i] = (int16_t)(i % 1000 - 500); }
  for (int j = 0; j < 8; j++) k[j] = 0.125f * (float)(j + 1) / 4.5f;
  int64_t isum = 0;
  for (int r = 0; r < reps; r++) {
    conv(y, x, k);
    saxpy(x, y, 0.001f);
    for (int i = 0; i < N; i++) x[i] = x[i] > 4.0f ? x[i] - 4.0f : x[i];
    isum += idot(a, b);
    a[r % N] ^= (int16_t)r;
  }
  double fs = 0;
  for (int i = 0; i < N; i++) fs += x[i];
  printf("%.3f %lld\n", fs, (long long)isum);
  return 0;
}
