// Checksums by table lookup: CRC-32 (reflected 0xEDB88320, slice-by-1 and
// slice-by-4 tables) and Adler-32 over a buffer.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t T[4][256];

static void init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    T[0][i] = c;
  }
  for (int t = 1; t < 4; t++)
    for (int i = 0; i < 256; i++) T[t][i] = (T[t - 1][i] >> 8) ^ T[0][T[t - 1][i] & 255];
}

static uint32_t crc1(const uint8_t *p, size_t n) {
  uint32_t c = ~0u;
  while (n--) c = T[0][(c ^ *p++) & 255] ^ (c >> 8);
  return ~c;
}

static uint32_t crc4(const uint8_t *p, size_t n) {
  uint32_t c = ~0u;
  for (; n >= 4; n -= 4, p += 4) {
    c ^= (uint32_t)p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
    c = T[3][c & 255] ^ T[2][c >> 8 & 255] ^ T[1][c >> 16 & 255] ^ T[0][c >> 24];
  }
  while (n--) c = T[0][(c ^ *p++) & 255] ^ (c >> 8);
  return ~c;
}

static uint32_t adler(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  while (n) {
    size_t k = n < 5552 ? n : 5552;  // largest block without overflow before mod
    n -= k;
    while (k--) { a += *p++; b += a; }
    a %= 65521; b %= 65521;
  }
  return b << 16 | a;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 100;
  size_t n = 1 << 20;
  uint8_t *buf = malloc(n);
  for (size_t i = 0; i < n; i++) buf[i] = (uint8_t)(i * 2654435761u >> 13);
  init();
  uint32_t x = 0, chk = crc1((const uint8_t *)"123456789", 9);  // known answer cbf43926
  for (int r = 0; r < reps; r++) {
    uint32_t a = crc1(buf, n), b = crc4(buf, n), c = adler(buf, n);
    if (a != b) { printf("crc mismatch\n"); return 1; }
    x = x * 31 + a + c;
    buf[r] ^= (uint8_t)a;
  }
  printf("%08x %08x\n", chk, x);
  free(buf);
  return 0;
}
