/* Kernel (b), Wasm SIMD: 256x256 RGBA -> 8-bit luma (deinterleave with
 * byte and lane shuffles, 16-bit multiply-add), saturating brightness,
 * 3x3 box blur built from rounding averages, saturating darken, and a byte
 * sum as checksum. Mirrors gray_blur_sse.c operation for operation except
 * the final byte sum: Wasm has no psadbw, so it uses extadd_pairwise. */
#include <wasm_simd128.h>

#include "common.h"

#define W 256
#define H 256
/* The luma plane has a 16-byte margin left and right and a zero row above
 * and below, so the blur's neighbour loads never need edge cases. */
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

/* 3 rows, same column: the vertical half of the box filter. */
static inline v128_t column(const uint8_t *p) {
  return wasm_u8x16_avgr(
      wasm_u8x16_avgr(wasm_v128_load(p - S), wasm_v128_load(p + S)),
      wasm_v128_load(p));
}

BENCH_EXPORT("run_gray_blur")
int64_t run_gray_blur(int32_t iterations) {
  init();
  uint64_t total = 0;
  for (int32_t it = 0; it < iterations; it++) {
    v128_t bright = wasm_u8x16_splat((uint8_t)(it & 63));
    v128_t wr = wasm_i16x8_splat(77), wg = wasm_i16x8_splat(150),
           wb = wasm_i16x8_splat(29);
    for (int y = 0; y < H; y++) {
      const uint8_t *src = rgba + y * W * 4;
      uint8_t *dst = gray + (y + 1) * S + 16;
      for (int x = 0; x < W; x += 16) {
        /* Each vector: 4 pixels RGBA -> [R0-3 | G0-3 | B0-3 | A0-3]. */
        v128_t s0 = wasm_v128_load(src + 4 * x),
               s1 = wasm_v128_load(src + 4 * x + 16);
        v128_t s2 = wasm_v128_load(src + 4 * x + 32),
               s3 = wasm_v128_load(src + 4 * x + 48);
#define DEINTERLEAVE(v)                                                        \
  wasm_i8x16_shuffle(v, v, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)
        s0 = DEINTERLEAVE(s0), s1 = DEINTERLEAVE(s1);
        s2 = DEINTERLEAVE(s2), s3 = DEINTERLEAVE(s3);
        /* 4x4 transpose of 32-bit groups: gathers all R, all G, all B. */
        v128_t t0 = wasm_i32x4_shuffle(s0, s1, 0, 4, 1, 5);
        v128_t t1 = wasm_i32x4_shuffle(s0, s1, 2, 6, 3, 7);
        v128_t t2 = wasm_i32x4_shuffle(s2, s3, 0, 4, 1, 5);
        v128_t t3 = wasm_i32x4_shuffle(s2, s3, 2, 6, 3, 7);
        v128_t r = wasm_i64x2_shuffle(t0, t2, 0, 2);
        v128_t g = wasm_i64x2_shuffle(t0, t2, 1, 3);
        v128_t b = wasm_i64x2_shuffle(t1, t3, 0, 2);
        /* 77 + 150 + 29 = 256: the weighted sum fits u16, >> 8 fits u8. */
        v128_t lo = wasm_i16x8_add(
            wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(r), wr),
                           wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(g), wg)),
            wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(b), wb));
        v128_t hi = wasm_i16x8_add(
            wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(r), wr),
                           wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(g), wg)),
            wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(b), wb));
        v128_t luma = wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(lo, 8),
                                              wasm_u16x8_shr(hi, 8));
        wasm_v128_store(dst + x, wasm_u8x16_add_sat(luma, bright));
      }
    }
    v128_t dark = wasm_u8x16_splat(32);
    v128_t sum = wasm_i32x4_splat(0);
    for (int y = 0; y < H; y++) {
      const uint8_t *row = gray + (y + 1) * S + 16;
      for (int x = 0; x < W; x += 16) {
        v128_t c = column(row + x);
        v128_t h = wasm_u8x16_avgr(
            wasm_u8x16_avgr(column(row + x - 1), column(row + x + 1)), c);
        v128_t o = wasm_u8x16_sub_sat(h, dark);
        wasm_v128_store(out + y * W + x, o);
        sum = wasm_i32x4_add(sum, wasm_u32x4_extadd_pairwise_u16x8(
                                      wasm_u16x8_extadd_pairwise_u8x16(o)));
      }
    }
    uint32_t s =
        (wasm_u32x4_extract_lane(sum, 0) + wasm_u32x4_extract_lane(sum, 1)) +
        (wasm_u32x4_extract_lane(sum, 2) + wasm_u32x4_extract_lane(sum, 3));
    total = total * 1000003u + s; /* order-sensitive across iterations */
  }
  return (int64_t)total;
}
