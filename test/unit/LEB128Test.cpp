//===- LEB128Test.cpp - BinaryReader's LEB128 rules -----------------------===//
//
// The binary format's integers: at most ceil(N/7) bytes, padding allowed, and
// in the last byte the bits beyond N must be zero (unsigned) or copies of the
// sign bit (signed). Violations are malformed, reported at the integer's
// first byte.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include "wasmaot/Wasm/BinaryReader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

/// The result of one read: the value, the bytes consumed, the error.
template <typename T> struct Read {
  T Value;
  uint64_t Consumed;
  Outcome Err;
};

/// Reads one integer from B, which is placed at module offset Base.
template <typename T, typename Fn>
Read<T> readWith(const Bytes &B, Fn F, uint64_t Base = 0x100) {
  BinaryReader R(B, Base);
  T V = F(R);
  uint64_t Consumed = R.offset() - Base;
  return {V, Consumed, outcomeOf(R.takeError())};
}

Read<uint32_t> u32(const Bytes &B) {
  return readWith<uint32_t>(B, [](BinaryReader &R) { return R.readVarU32(); });
}
Read<int32_t> s32(const Bytes &B) {
  return readWith<int32_t>(B, [](BinaryReader &R) { return R.readVarS32(); });
}
Read<int64_t> s33(const Bytes &B) {
  return readWith<int64_t>(B, [](BinaryReader &R) { return R.readVarS33(); });
}
Read<uint64_t> u64(const Bytes &B) {
  return readWith<uint64_t>(B, [](BinaryReader &R) { return R.readVarU64(); });
}
Read<int64_t> s64(const Bytes &B) {
  return readWith<int64_t>(B, [](BinaryReader &R) { return R.readVarS64(); });
}

template <typename T>
void expectValue(const Read<T> &R, T Expected, uint64_t Consumed) {
  EXPECT_TRUE(isOk(R.Err));
  EXPECT_EQ(R.Value, Expected);
  EXPECT_EQ(R.Consumed, Consumed);
}

template <typename T>
void expectMalformed(const Read<T> &R, std::string_view Message,
                     uint64_t Offset = 0x100) {
  EXPECT_TRUE(isMalformed(R.Err, Message));
  EXPECT_EQ(R.Err.Offset, Offset) << R.Err.Text;
  EXPECT_EQ(R.Value, T(0)) << "a failed read returns zero";
}

//===-- u32 ---------------------------------------------------------------===//

TEST(LEB128Test, U32Values) {
  expectValue(u32({0x00}), 0u, 1);
  expectValue(u32({0x7F}), 127u, 1);
  expectValue(u32({0x80, 0x01}), 128u, 2);
  expectValue(u32({0xE5, 0x8E, 0x26}), 624485u, 3);
  expectValue(u32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), UINT32_MAX, 5);
  expectValue(u32({0x80, 0x80, 0x80, 0x80, 0x08}), 0x80000000u, 5);
}

TEST(LEB128Test, U32PaddedEncodingsAreLegal) {
  expectValue(u32({0x80, 0x00}), 0u, 2);
  expectValue(u32({0x80, 0x80, 0x80, 0x80, 0x00}), 0u, 5);
  expectValue(u32({0x83, 0x80, 0x80, 0x80, 0x00}), 3u, 5);
  expectValue(u32({0xFF, 0x80, 0x80, 0x80, 0x00}), 127u, 5);
}

TEST(LEB128Test, U32StopsAtItsLastByte) {
  // Bytes after the integer are not consumed.
  expectValue(u32({0x05, 0xFF, 0xFF}), 5u, 1);
  expectValue(u32({0x80, 0x01, 0x80}), 128u, 2);
}

TEST(LEB128Test, U32TooLong) {
  // A continuation bit on the fifth byte.
  expectMalformed(u32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
                  "integer representation too long");
  expectMalformed(u32({0x82, 0x80, 0x80, 0x80, 0x80, 0x00}),
                  "integer representation too long");
  expectMalformed(u32({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}),
                  "integer representation too long");
}

TEST(LEB128Test, U32UnusedBitsSet) {
  // The fifth byte carries bits 28..31; bits 4..6 of it must be zero.
  expectMalformed(u32({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}), "integer too large");
  expectMalformed(u32({0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  expectMalformed(u32({0x80, 0x80, 0x80, 0x80, 0x40}), "integer too large");
  expectMalformed(u32({0x80, 0x80, 0x80, 0x80, 0x70}), "integer too large");
}

TEST(LEB128Test, U32UnexpectedEnd) {
  // "unexpected end" is reported where the missing byte should be.
  Read<uint32_t> Empty = u32({});
  EXPECT_TRUE(isMalformed(Empty.Err, "unexpected end"));
  EXPECT_EQ(Empty.Err.Offset, 0x100u);

  Read<uint32_t> Cut = u32({0x80, 0x80});
  EXPECT_TRUE(isMalformed(Cut.Err, "unexpected end"));
  EXPECT_EQ(Cut.Err.Offset, 0x102u);
  EXPECT_EQ(Cut.Value, 0u);

  Read<uint32_t> CutAtLast = u32({0xFF, 0xFF, 0xFF, 0xFF});
  EXPECT_TRUE(isMalformed(CutAtLast.Err, "unexpected end"));
  EXPECT_EQ(CutAtLast.Err.Offset, 0x104u);
}

TEST(LEB128Test, ErrorOffsetIsTheIntegersFirstByte) {
  Bytes B = {0x01, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  BinaryReader R(B, 0x40);
  EXPECT_EQ(R.readVarU32(), 1u);
  EXPECT_EQ(R.readVarU32(), 2u);
  EXPECT_EQ(R.readVarU32(), 0u);
  Outcome O = outcomeOf(R.takeError());
  EXPECT_TRUE(isMalformed(O, "integer representation too long"));
  EXPECT_EQ(O.Offset, 0x42u);
}

//===-- s32 ---------------------------------------------------------------===//

TEST(LEB128Test, S32Values) {
  expectValue(s32({0x00}), 0, 1);
  expectValue(s32({0x01}), 1, 1);
  expectValue(s32({0x7F}), -1, 1);
  expectValue(s32({0x3F}), 63, 1);
  expectValue(s32({0x40}), -64, 1);
  expectValue(s32({0xC0, 0x00}), 64, 2);
  expectValue(s32({0xBF, 0x7F}), -65, 2);
  expectValue(s32({0x80, 0x7F}), -128, 2);
  expectValue(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x07}), INT32_MAX, 5);
  expectValue(s32({0x80, 0x80, 0x80, 0x80, 0x78}), INT32_MIN, 5);
}

TEST(LEB128Test, S32PaddedEncodingsAreLegal) {
  expectValue(s32({0x80, 0x80, 0x80, 0x80, 0x00}), 0, 5);
  expectValue(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), -1, 5);
  expectValue(s32({0xFF, 0x7F}), -1, 2);
  expectValue(s32({0xC0, 0xFF, 0xFF, 0xFF, 0x7F}), -64, 5);
}

TEST(LEB128Test, S32TooLong) {
  expectMalformed(s32({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}),
                  "integer representation too long");
  expectMalformed(s32({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
                  "integer representation too long");
}

TEST(LEB128Test, S32UnusedBitsMustBeSignCopies) {
  // The fifth byte carries bits 28..31, bit 3 being the sign; bits 4..6
  // must equal it.
  expectMalformed(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), "integer too large");
  expectMalformed(s32({0x80, 0x80, 0x80, 0x80, 0x08}), "integer too large");
  expectMalformed(s32({0x80, 0x80, 0x80, 0x80, 0x70}), "integer too large");
  expectMalformed(s32({0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  expectMalformed(s32({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}), "integer too large");
  expectMalformed(s32({0x80, 0x80, 0x80, 0x80, 0x68}), "integer too large");
}

TEST(LEB128Test, S32UnexpectedEnd) {
  Read<int32_t> Cut = s32({0xFF, 0xFF});
  EXPECT_TRUE(isMalformed(Cut.Err, "unexpected end"));
  EXPECT_EQ(Cut.Value, 0);
}

//===-- s33 (block types) -------------------------------------------------===//

TEST(LEB128Test, S33Values) {
  expectValue(s33({0x40}), int64_t(-64), 1);
  expectValue(s33({0x7F}), int64_t(-1), 1);
  expectValue(s33({0x00}), int64_t(0), 1);
  expectValue(s33({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), int64_t(UINT32_MAX), 5);
  expectValue(s33({0x80, 0x80, 0x80, 0x80, 0x70}), -(int64_t(1) << 32), 5);
  expectValue(s33({0x80, 0x80, 0x80, 0x80, 0x00}), int64_t(0), 5);
  expectValue(s33({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}), int64_t(-1), 5);
}

TEST(LEB128Test, S33TooLongAndTooLarge) {
  expectMalformed(s33({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
                  "integer representation too long");
  // Bits 0..3 of the fifth byte are value bits, bit 4 is the sign and bits
  // 5..6 must copy it.
  expectMalformed(s33({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}), "integer too large");
  expectMalformed(s33({0x80, 0x80, 0x80, 0x80, 0x10}), "integer too large");
  expectMalformed(s33({0x80, 0x80, 0x80, 0x80, 0x20}), "integer too large");
  expectMalformed(s33({0x80, 0x80, 0x80, 0x80, 0x60}), "integer too large");
}

//===-- u64 ---------------------------------------------------------------===//

TEST(LEB128Test, U64Values) {
  expectValue(u64({0x00}), uint64_t(0), 1);
  expectValue(u64({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}), uint64_t(UINT32_MAX), 5);
  expectValue(u64({0x80, 0x80, 0x80, 0x80, 0x10}), uint64_t(1) << 32, 5);
  expectValue(u64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}),
              UINT64_MAX, 10);
  expectValue(u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}),
              uint64_t(1) << 63, 10);
}

TEST(LEB128Test, U64PaddedEncodingsAreLegal) {
  expectValue(u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
              uint64_t(0), 10);
  expectValue(u64({0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
              uint64_t(5), 10);
}

TEST(LEB128Test, U64TooLongAndTooLarge) {
  expectMalformed(
      u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
      "integer representation too long");
  // The tenth byte holds only bit 63.
  expectMalformed(
      u64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}),
      "integer too large");
  expectMalformed(
      u64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}),
      "integer too large");
}

TEST(LEB128Test, U64UnexpectedEnd) {
  Read<uint64_t> Cut =
      u64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
  EXPECT_TRUE(isMalformed(Cut.Err, "unexpected end"));
  EXPECT_EQ(Cut.Err.Offset, 0x109u);
}

//===-- s64 ---------------------------------------------------------------===//

TEST(LEB128Test, S64Values) {
  expectValue(s64({0x7F}), int64_t(-1), 1);
  expectValue(s64({0x80, 0x80, 0x80, 0x80, 0x70}), int64_t(-(int64_t(1) << 32)),
              5);
  expectValue(s64({0x80, 0x80, 0x80, 0x80, 0x08}), int64_t(1) << 31, 5);
  expectValue(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}),
              INT64_MAX, 10);
  expectValue(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}),
              INT64_MIN, 10);
}

TEST(LEB128Test, S64PaddedEncodingsAreLegal) {
  expectValue(s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}),
              int64_t(-1), 10);
  expectValue(s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}),
              int64_t(0), 10);
}

TEST(LEB128Test, S64TooLongAndTooLarge) {
  expectMalformed(
      s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}),
      "integer representation too long");
  // The tenth byte holds bit 63, the sign; bits 1..6 must copy it.
  expectMalformed(
      s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}),
      "integer too large");
  expectMalformed(
      s64({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E}),
      "integer too large");
  expectMalformed(
      s64({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41}),
      "integer too large");
}

//===-- Round trips through the test builder's encoder --------------------===//

TEST(LEB128Test, RoundTripsBuilderEncodings) {
  for (uint64_t V : {uint64_t(0), uint64_t(1), uint64_t(127), uint64_t(128),
                     uint64_t(16383), uint64_t(16384), uint64_t(UINT32_MAX)}) {
    Read<uint32_t> R = u32(uleb(V));
    EXPECT_TRUE(isOk(R.Err));
    EXPECT_EQ(R.Value, uint32_t(V));
  }
  for (int64_t V :
       {int64_t(0), int64_t(-1), int64_t(63), int64_t(64), int64_t(-64),
        int64_t(-65), int64_t(INT32_MAX), int64_t(INT32_MIN)}) {
    Read<int32_t> R = s32(sleb(V));
    EXPECT_TRUE(isOk(R.Err));
    EXPECT_EQ(R.Value, int32_t(V));
  }
  for (int64_t V :
       {INT64_MIN, INT64_MAX, int64_t(-1) << 40, (int64_t(1) << 56) + 3}) {
    Read<int64_t> R = s64(sleb(V));
    EXPECT_TRUE(isOk(R.Err));
    EXPECT_EQ(R.Value, V);
  }
}

//===-- In a module -------------------------------------------------------===//

TEST(LEB128Test, OverlongSectionSizeInAModule) {
  // From binary-leb128.wast: a custom section whose size has one byte too
  // many.
  Bytes B = ModuleBuilder().raw(
      {0x00, 0x83, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01, 'a', 0x00});
  Outcome O = decode(B);
  EXPECT_TRUE(isMalformed(O, "integer representation too long"));
  EXPECT_EQ(O.Offset, 9u);
}

TEST(LEB128Test, PaddedSectionSizeInAModule) {
  // A padded section size (2 in five bytes) and a padded vector count (0 in
  // two bytes) are fine.
  Bytes B =
      ModuleBuilder().raw({TypeSec, 0x82, 0x80, 0x80, 0x80, 0x00, 0x80, 0x00});
  EXPECT_TRUE(isOk(decode(B)));
}

TEST(LEB128Test, TooLargeMemoryLimitInAModule) {
  // A u32 minimum with bits above 32 set.
  Bytes B = ModuleBuilder().section(MemorySec,
                                    {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70});
  Outcome O = decode(B);
  EXPECT_TRUE(isMalformed(O, "integer too large"));
  EXPECT_EQ(O.Offset, 12u);
}

TEST(LEB128Test, I32ConstTooLargeInAFunction) {
  // i32.const with a five-byte immediate whose unused bits are not sign
  // copies.
  Bytes B =
      oneFunc({}, {I32}, {op::I32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, op::End});
  EXPECT_TRUE(isMalformed(read(B), "integer too large"));
  Bytes Ok =
      oneFunc({}, {I32}, {op::I32Const, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, op::End});
  EXPECT_TRUE(isOk(read(Ok)));
}

} // namespace
