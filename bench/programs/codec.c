// Codecs: base64 encode/decode round trip and UTF-8 encode/validate/decode of
// PRNG code points (table lookups, byte shuffling, branches).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64enc(const uint8_t *in, size_t n, char *out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];
    out[o++] = B64[v >> 18]; out[o++] = B64[v >> 12 & 63]; out[o++] = B64[v >> 6 & 63]; out[o++] = B64[v & 63];
  }
  if (i < n) {
    uint32_t v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0);
    out[o++] = B64[v >> 18]; out[o++] = B64[v >> 12 & 63];
    out[o++] = i + 1 < n ? B64[v >> 6 & 63] : '='; out[o++] = '=';
  }
  return o;
}

static size_t b64dec(const char *in, size_t n, uint8_t *out, const int8_t *rev) {
  size_t o = 0;
  for (size_t i = 0; i < n; i += 4) {
    uint32_t v = rev[(uint8_t)in[i]] << 18 | rev[(uint8_t)in[i + 1]] << 12;
    out[o++] = v >> 16;
    if (in[i + 2] == '=') break;
    v |= rev[(uint8_t)in[i + 2]] << 6;
    out[o++] = v >> 8 & 255;
    if (in[i + 3] == '=') break;
    v |= rev[(uint8_t)in[i + 3]];
    out[o++] = v & 255;
  }
  return o;
}

static size_t utf8enc(const uint32_t *cp, size_t n, uint8_t *o) {
  uint8_t *s = o;
  for (size_t i = 0; i < n; i++) {
    uint32_t c = cp[i];
    if (c < 0x80) *o++ = c;
    else if (c < 0x800) { *o++ = 0xc0 | c >> 6; *o++ = 0x80 | (c & 63); }
    else if (c < 0x10000) { *o++ = 0xe0 | c >> 12; *o++ = 0x80 | (c >> 6 & 63); *o++ = 0x80 | (c & 63); }
    else { *o++ = 0xf0 | c >> 18; *o++ = 0x80 | (c >> 12 & 63); *o++ = 0x80 | (c >> 6 & 63); *o++ = 0x80 | (c & 63); }
  }
  return o - s;
}

// Returns the number of code points, or -1 if invalid; sums them into *sum.
static long utf8dec(const uint8_t *s, size_t n, uint64_t *sum) {
  long count = 0;
  for (size_t i = 0; i < n;) {
    uint8_t b = s[i];
    uint32_t c; int len;
    if (b < 0x80) { c = b; len = 1; }
    else if ((b & 0xe0) == 0xc0) { c = b & 0x1f; len = 2; }
    else if ((b & 0xf0) == 0xe0) { c = b & 0x0f; len = 3; }
    else if ((b & 0xf8) == 0xf0) { c = b & 0x07; len = 4; }
    else return -1;
    if (i + len > n) return -1;
    for (int k = 1; k < len; k++) { if ((s[i + k] & 0xc0) != 0x80) return -1; c = c << 6 | (s[i + k] & 63); }
    *sum += c; count++; i += len;
  }
  return count;
}

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 120;
  size_t n = 1 << 20;
  uint8_t *raw = malloc(n), *back = malloc(n);
  char *enc = malloc(n * 4 / 3 + 8);
  uint32_t *cps = malloc(n * 4), s = 5;
  uint8_t *u8 = malloc(n * 4);
  int8_t rev[256];
  memset(rev, 0, sizeof rev);
  for (int i = 0; i < 64; i++) rev[(uint8_t)B64[i]] = (int8_t)i;
  for (size_t i = 0; i < n; i++) {
    s = s * 1664525u + 1013904223u;
    raw[i] = (uint8_t)(s >> 24);
    uint32_t c = s >> 11;  // mostly ASCII, some 2-, 3- and 4-byte code points
    cps[i] = (s & 3) ? (c & 0x7f) : (s & 4) ? 0x80 + c % 0x780 : (s & 8) ? 0xe000 + c % 0x1000 : 0x10000 + c % 0xfffff;
  }
  uint64_t h = 0, sum = 0;
  long cnt = 0;
  for (int r = 0; r < reps; r++) {
    raw[r] ^= (uint8_t)r;
    size_t e = b64enc(raw, n - r, enc);
    size_t d = b64dec(enc, e, back, rev);
    h = h * 31 + e + d + (memcmp(raw, back, d) == 0);
    size_t u = utf8enc(cps, n, u8);
    cnt += utf8dec(u8, u, &sum);
    h += u + enc[r * 7 % e];
  }
  printf("%llu %ld %llu\n", (unsigned long long)h, cnt, (unsigned long long)sum);
  return 0;
}
