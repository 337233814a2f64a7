/* Kernel (b), native SSE/SSSE3 (VEX-encoded with -march=native): the same
 * algorithm as gray_blur_wasm.c; the byte sum uses psadbw, the idiomatic
 * x86 way, where Wasm needs two extadd_pairwise. */
#include <immintrin.h>

#include "common.h"

#define W 256
#define H 256
#define S (W + 32)

uint8_t rgba[H * W * 4] __attribute__((aligned(16)));
uint8_t gray[(H + 2) * S] __attribute__((aligned(16)));
uint8_t out[H * W] __attribute__((aligned(16)));

static void init(void) {
  uint32_t s = 0x9e3779b9u;
  for (int i = 0; i < H * W * 4; i += 4) {
    uint32_t r = bench_rand(&s);
    rgba[i] = (uint8_t)r, rgba[i + 1] = (uint8_t)(r >> 8);
    rgba[i + 2] = (uint8_t)(r >> 16), rgba[i + 3] = 255;
  }
  for (int i = 0; i < (H + 2) * S; i++)
    gray[i] = 0;
}

static inline __m128i load(const uint8_t *p) {
  return _mm_loadu_si128((const __m128i *)p);
}

static inline __m128i column(const uint8_t *p) {
  return _mm_avg_epu8(_mm_avg_epu8(load(p - S), load(p + S)), load(p));
}

int64_t run_gray_blur(int32_t iterations) {
  init();
  uint64_t total = 0;
  const __m128i deinterleave =
      _mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  const __m128i zero = _mm_setzero_si128();
  for (int32_t it = 0; it < iterations; it++) {
    __m128i bright = _mm_set1_epi8((char)(it & 63));
    __m128i wr = _mm_set1_epi16(77), wg = _mm_set1_epi16(150),
            wb = _mm_set1_epi16(29);
    for (int y = 0; y < H; y++) {
      const uint8_t *src = rgba + y * W * 4;
      uint8_t *dst = gray + (y + 1) * S + 16;
      for (int x = 0; x < W; x += 16) {
        __m128i s0 = _mm_shuffle_epi8(load(src + 4 * x), deinterleave);
        __m128i s1 = _mm_shuffle_epi8(load(src + 4 * x + 16), deinterleave);
        __m128i s2 = _mm_shuffle_epi8(load(src + 4 * x + 32), deinterleave);
        __m128i s3 = _mm_shuffle_epi8(load(src + 4 * x + 48), deinterleave);
        __m128i t0 = _mm_unpacklo_epi32(s0, s1),
                t1 = _mm_unpackhi_epi32(s0, s1);
        __m128i t2 = _mm_unpacklo_epi32(s2, s3),
                t3 = _mm_unpackhi_epi32(s2, s3);
        __m128i r = _mm_unpacklo_epi64(t0, t2);
        __m128i g = _mm_unpackhi_epi64(t0, t2);
        __m128i b = _mm_unpacklo_epi64(t1, t3);
        __m128i lo = _mm_add_epi16(
            _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(r, zero), wr),
                          _mm_mullo_epi16(_mm_unpacklo_epi8(g, zero), wg)),
            _mm_mullo_epi16(_mm_unpacklo_epi8(b, zero), wb));
        __m128i hi = _mm_add_epi16(
            _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(r, zero), wr),
                          _mm_mullo_epi16(_mm_unpackhi_epi8(g, zero), wg)),
            _mm_mullo_epi16(_mm_unpackhi_epi8(b, zero), wb));
        __m128i luma =
            _mm_packus_epi16(_mm_srli_epi16(lo, 8), _mm_srli_epi16(hi, 8));
        _mm_storeu_si128((__m128i *)(dst + x), _mm_adds_epu8(luma, bright));
      }
    }
    __m128i dark = _mm_set1_epi8(32);
    __m128i sum = _mm_setzero_si128();
    for (int y = 0; y < H; y++) {
      const uint8_t *row = gray + (y + 1) * S + 16;
      for (int x = 0; x < W; x += 16) {
        __m128i c = column(row + x);
        __m128i h = _mm_avg_epu8(
            _mm_avg_epu8(column(row + x - 1), column(row + x + 1)), c);
        __m128i o = _mm_subs_epu8(h, dark);
        _mm_storeu_si128((__m128i *)(out + y * W + x), o);
        sum = _mm_add_epi64(sum, _mm_sad_epu8(o, zero));
      }
    }
    uint32_t s = (uint32_t)(_mm_cvtsi128_si64(sum) + _mm_extract_epi64(sum, 1));
    total = total * 1000003u + s;
  }
  return (int64_t)total;
}
