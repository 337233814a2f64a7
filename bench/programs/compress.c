// Compression: an LZ77 coder (hash-chain match finder) and its decoder, round
// trip over semi-repetitive PRNG text; checks the round trip.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN 32768
#define HBITS 15
#define MINM 4
#define MAXM 258

static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
  int32_t *head = malloc(sizeof(int32_t) << HBITS), *prev = malloc(sizeof(int32_t) * n);
  for (int i = 0; i < 1 << HBITS; i++) head[i] = -1;
  size_t o = 0, i = 0, lit_start = 0;
  // Format: [0][len8][literals] or [1][len8][dist16]
  while (i < n) {
    size_t best = 0, bdist = 0;
    if (i + MINM <= n) {
      uint32_t h = ((in[i] << 16 | in[i + 1] << 8 | in[i + 2]) * 2654435761u) >> (32 - HBITS);
      int32_t c = head[h];
      int chain = 32;
      while (c >= 0 && i - c <= WIN && chain--) {
        size_t l = 0, max = n - i < MAXM ? n - i : MAXM;
        while (l < max && in[c + l] == in[i + l]) l++;
        if (l > best) { best = l; bdist = i - c; }
        c = prev[c];
      }
      prev[i] = head[h];
      head[h] = (int32_t)i;
    }
    if (best >= MINM) {
      while (lit_start < i) {
        size_t k = i - lit_start > 255 ? 255 : i - lit_start;
        out[o++] = 0; out[o++] = (uint8_t)k;
        memcpy(out + o, in + lit_start, k); o += k; lit_start += k;
      }
      out[o++] = 1; out[o++] = (uint8_t)(best - MINM);
      out[o++] = (uint8_t)bdist; out[o++] = (uint8_t)(bdist >> 8);
      // Insert the skipped positions into the hash chains too.
      for (size_t j = i + 1; j < i + best && j + MINM <= n; j++) {
        uint32_t h = ((in[j] << 16 | in[j + 1] << 8 | in[j + 2]) * 2654435761u) >> (32 - HBITS);
        prev[j] = head[h]; head[h] = (int32_t)j;
      }
      i += best; lit_start = i;
    } else {
      i++;
    }
  }
  while (lit_start < n) {
    size_t k = n - lit_start > 255 ? 255 : n - lit_start;
    out[o++] = 0; out[o++] = (uint8_t)k;
    memcpy(out + o, in + lit_start, k); o += k; lit_start += k;
  }
  free(head); free(prev);
  return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    if (in[i] == 0) { size_t k = in[i + 1]; memcpy(out + o, in + i + 2, k); o += k; i += 2 + k; }
    else {
      size_t len = in[i + 1] + MINM, d = in[i + 2] | in[i + 3] << 8;
      for (size_t j = 0; j < len; j++, o++) out[o] = out[o - d];  // may overlap
      i += 4;
    }
  }
  return o;
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)atol(argv[1]) : 15000000;
  uint8_t *src = malloc(n), *cmp = malloc(n + n / 2 + 16), *dec = malloc(n);
  uint32_t s = 99;
  static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "and ", "runs "};
  for (size_t i = 0; i < n;) {
    s = s * 1664525u + 1013904223u;
    if ((s >> 28) < 3) { src[i++] = (uint8_t)(s >> 8); continue; }  // noise
    const char *w = words[(s >> 16) % 10];
    while (*w && i < n) src[i++] = (uint8_t)*w++;
  }
  size_t c = compress(src, n, cmp);
  size_t d = decompress(cmp, c, dec);
  uint32_t h = 0;
  for (size_t i = 0; i < c; i++) h = h * 16777619u ^ cmp[i];
  printf("%zu %zu %s %u\n", c, d, d == n && !memcmp(src, dec, n) ? "ok" : "MISMATCH", h);
  free(src); free(cmp); free(dec);
  return 0;
}
