//===- LimitsTest.cpp - Table and memory limits ---------------------------===//
//
// The limits flags byte (bit 0: a maximum follows, bit 1: shared, bit 2:
// 64-bit), the ranges of memories and tables, memory64 and table64, and the
// address type that follows from the flags.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

constexpr uint64_t Pages32 = 65536;
constexpr uint64_t Pages64 = uint64_t(1) << 48;

Bytes memory(const Bytes &Limits) { return ModuleBuilder().memories({Limits}); }
Bytes importedMemory(const Bytes &Limits) {
  return ModuleBuilder().imports({importEntry("a", "m", KindMemory, Limits)});
}
Bytes table(const Bytes &Limits, uint8_t Elem = FuncRef) {
  return ModuleBuilder().tables({tableType(Elem, Limits)});
}

Limits memoryLimits(const Bytes &B,
                    const FeatureSet &F = FeatureSet::defaults()) {
  Module M = decodeOk(B, F);
  if (M.Memories.size() != 1) {
    ADD_FAILURE() << "expected one memory";
    return {};
  }
  return M.Memories[0].Pages;
}

//===-- Memories ----------------------------------------------------------===//

TEST(LimitsTest, MemoryMinimumOnly) {
  Limits L = memoryLimits(memory(limits(3)));
  EXPECT_EQ(L.Min, 3u);
  EXPECT_FALSE(L.Max);
  EXPECT_FALSE(L.Shared);
  EXPECT_FALSE(L.Is64);
}

TEST(LimitsTest, MemoryMinimumAndMaximum) {
  Limits L = memoryLimits(memory(limits(0, 7)));
  EXPECT_EQ(L.Min, 0u);
  EXPECT_EQ(L.Max, std::optional<uint64_t>(7));
  EXPECT_TRUE(isOk(decode(memory(limits(5, 5)))));
}

TEST(LimitsTest, MemoryMinimumAboveMaximum) {
  Outcome O = decode(memory(limits(2, 1)));
  EXPECT_TRUE(isInvalid(O, "size minimum must not be greater than maximum"));
  EXPECT_EQ(O.Offset, 11u) << "at the limits' flags";
  EXPECT_TRUE(isInvalid(decode(importedMemory(limits(2, 1))),
                        "size minimum must not be greater than maximum"));
}

TEST(LimitsTest, MemoryAtMost65536Pages) {
  EXPECT_TRUE(isOk(decode(memory(limits(Pages32)))));
  EXPECT_TRUE(isOk(decode(memory(limits(0, Pages32)))));
  EXPECT_TRUE(isOk(decode(memory(limits(Pages32, Pages32)))));
  EXPECT_TRUE(isInvalid(decode(memory(limits(Pages32 + 1))),
                        "memory size must be at most 65536 pages"));
  EXPECT_TRUE(isInvalid(decode(memory(limits(0, Pages32 + 1))),
                        "memory size must be at most 65536 pages"));
  EXPECT_TRUE(isInvalid(decode(memory(limits(UINT32_MAX))),
                        "memory size must be at most 65536 pages"));
  EXPECT_TRUE(isInvalid(decode(importedMemory(limits(0, UINT32_MAX))),
                        "memory size must be at most 65536 pages"));
}

TEST(LimitsTest, MemoryLimitsAreU32WithoutMemory64) {
  // 2^32 does not fit in a u32.
  EXPECT_TRUE(isMalformed(decode(memory({0x00, 0x80, 0x80, 0x80, 0x80, 0x10})),
                          "integer too large"));
  EXPECT_TRUE(
      isMalformed(decode(memory({0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
                  "integer representation too long"));
}

TEST(LimitsTest, BadMemoryFlags) {
  for (uint8_t Flags : {0x08, 0x10, 0x80, 0xFF}) {
    Outcome O = decode(memory({Flags, 0x00, 0x00}));
    EXPECT_TRUE(isMalformed(O, "limits flags")) << "flags " << int(Flags);
    EXPECT_EQ(O.Offset, 11u);
  }
  // From binary.wast: flags that look like a LEB128 encoding.
  EXPECT_TRUE(
      isMalformed(decode(memory({0x81, 0x00, 0x00, 0x00})), "limits flags"));
  EXPECT_TRUE(
      isMalformed(decode(memory({0x81, 0x01, 0x00, 0x00})), "limits flags"));
}

TEST(LimitsTest, SharedMemory) {
  Limits L = memoryLimits(memory(limitsFlags(0x03, 1, 2)));
  EXPECT_TRUE(L.Shared);
  EXPECT_EQ(L.Max, std::optional<uint64_t>(2));
  EXPECT_FALSE(L.Is64);
  Outcome O = decode(memory(limitsFlags(0x02, 1)));
  EXPECT_TRUE(isInvalid(O, "shared memory must have maximum"));
  EXPECT_TRUE(isInvalid(decode(importedMemory(limitsFlags(0x02, 1))),
                        "shared memory must have maximum"));
}

TEST(LimitsTest, SharedMemoryNeedsThreads) {
  Bytes B = memory(limitsFlags(0x03, 1, 2));
  EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), "limits flags"));
  EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm3()), "limits flags"));
  EXPECT_TRUE(isOk(decode(B, FeatureSet::wasm2().add(FeatureSet::Threads))));
}

//===-- Tables ------------------------------------------------------------===//

TEST(LimitsTest, TableLimits) {
  Module M = decodeOk(table(limits(1, UINT32_MAX)));
  ASSERT_EQ(M.Tables.size(), 1u);
  EXPECT_EQ(M.Tables[0].Size.Min, 1u);
  EXPECT_EQ(M.Tables[0].Size.Max, std::optional<uint64_t>(UINT32_MAX));
  EXPECT_FALSE(M.Tables[0].Size.Is64);
  EXPECT_EQ(M.Tables[0].indexType(), ValType::I32);
  // Tables have no page limit.
  EXPECT_TRUE(isOk(decode(table(limits(UINT32_MAX)))));
}

TEST(LimitsTest, TableMinimumAboveMaximum) {
  Outcome O = decode(table(limits(10, 9)));
  EXPECT_TRUE(isInvalid(O, "size minimum must not be greater than maximum"));
  EXPECT_EQ(O.Offset, 12u) << "at the limits' flags";
}

TEST(LimitsTest, BadTableFlags) {
  for (uint8_t Flags : {0x08, 0x10, 0x80}) {
    Outcome O = decode(table({Flags, 0x00, 0x00}));
    EXPECT_TRUE(isMalformed(O, "limits flags")) << "flags " << int(Flags);
    EXPECT_EQ(O.Offset, 12u);
  }
  EXPECT_TRUE(
      isMalformed(decode(table({0x81, 0x00, 0x00, 0x00})), "limits flags"));
  // Tables cannot be shared.
  EXPECT_TRUE(
      isMalformed(decode(table(limitsFlags(0x03, 1, 2))), "limits flags"));
  EXPECT_TRUE(isMalformed(decode(table(limitsFlags(0x02, 1))), "limits flags"));
}

TEST(LimitsTest, TableLimitsAreU32WithoutTable64) {
  EXPECT_TRUE(isMalformed(decode(table({0x00, 0x80, 0x80, 0x80, 0x80, 0x10})),
                          "integer too large"));
}

//===-- memory64 ----------------------------------------------------------===//

TEST(LimitsTest, Memory64) {
  Limits L = memoryLimits(memory(limitsFlags(0x04, 1)));
  EXPECT_TRUE(L.Is64);
  EXPECT_FALSE(L.Max);
  Module M = decodeOk(memory(limitsFlags(0x05, 1, 100000)));
  ASSERT_EQ(M.Memories.size(), 1u);
  EXPECT_TRUE(M.Memories[0].Pages.Is64);
  EXPECT_EQ(M.Memories[0].Pages.Max, std::optional<uint64_t>(100000));
  EXPECT_EQ(M.Memories[0].addressType(), ValType::I64);
}

TEST(LimitsTest, Memory64AtMost2To48Pages) {
  EXPECT_TRUE(isOk(decode(memory(limitsFlags(0x04, Pages64)))));
  EXPECT_TRUE(isOk(decode(memory(limitsFlags(0x05, 0, Pages64)))));
  EXPECT_TRUE(isOk(decode(memory(limitsFlags(0x04, uint64_t(1) << 32)))));
  EXPECT_TRUE(isInvalid(decode(memory(limitsFlags(0x04, Pages64 + 1))),
                        "memory size must be at most 2^48 pages"));
  EXPECT_TRUE(isInvalid(decode(memory(limitsFlags(0x05, 0, UINT64_MAX))),
                        "memory size must be at most 2^48 pages"));
  EXPECT_TRUE(isInvalid(decode(memory(limitsFlags(0x05, 3, 2))),
                        "size minimum must not be greater than maximum"));
}

TEST(LimitsTest, Memory64LimitsAreU64) {
  // A padded ten-byte u64 is fine, eleven bytes are too long, and bits
  // above 64 are too large.
  EXPECT_TRUE(isOk(decode(memory(
      {0x04, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}))));
  EXPECT_TRUE(isMalformed(decode(memory({0x04, 0x80, 0x80, 0x80, 0x80, 0x80,
                                         0x80, 0x80, 0x80, 0x80, 0x80, 0x00})),
                          "integer representation too long"));
  EXPECT_TRUE(isMalformed(decode(memory({0x04, 0x80, 0x80, 0x80, 0x80, 0x80,
                                         0x80, 0x80, 0x80, 0x80, 0x02})),
                          "integer too large"));
}

TEST(LimitsTest, Memory64NeedsItsFeature) {
  Bytes B = memory(limitsFlags(0x04, 1));
  EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), "limits flags"));
  EXPECT_TRUE(isOk(decode(B, FeatureSet::wasm3())));
}

TEST(LimitsTest, SharedMemory64) {
  Limits L = memoryLimits(memory(limitsFlags(0x07, 1, 2)));
  EXPECT_TRUE(L.Shared);
  EXPECT_TRUE(L.Is64);
  EXPECT_TRUE(isInvalid(decode(memory(limitsFlags(0x06, 1))),
                        "shared memory must have maximum"));
}

TEST(LimitsTest, Memory64DataOffsetIsI64) {
  auto Data = [](const Bytes &Offset) {
    return ModuleBuilder()
        .memories({limitsFlags(0x04, 1)})
        .datas({cat({{0x00}, Offset, rawName({1})})})
        .build();
  };
  EXPECT_TRUE(isOk(decode(Data(i64ConstExpr(8)))));
  EXPECT_TRUE(isInvalid(decode(Data(i32ConstExpr(8))),
                        "type mismatch in constant expression"));
}

//===-- table64 -----------------------------------------------------------===//

TEST(LimitsTest, Table64) {
  Module M = decodeOk(table(limitsFlags(0x05, 1, uint64_t(1) << 40)));
  ASSERT_EQ(M.Tables.size(), 1u);
  EXPECT_TRUE(M.Tables[0].Size.Is64);
  EXPECT_EQ(M.Tables[0].Size.Max, std::optional<uint64_t>(uint64_t(1) << 40));
  EXPECT_EQ(M.Tables[0].indexType(), ValType::I64);
  EXPECT_TRUE(isOk(decode(table(limitsFlags(0x04, UINT64_MAX)))));
  EXPECT_TRUE(isInvalid(decode(table(limitsFlags(0x05, 2, 1))),
                        "size minimum must not be greater than maximum"));
  Bytes Imported = ModuleBuilder().imports({importEntry(
      "a", "t", KindTable, tableType(ExternRef, limitsFlags(0x04, 0)))});
  Module MI = decodeOk(Imported);
  ASSERT_EQ(MI.Tables.size(), 1u);
  EXPECT_TRUE(MI.Tables[0].Size.Is64);
}

TEST(LimitsTest, Table64NeedsMemory64) {
  Bytes B = table(limitsFlags(0x04, 1));
  EXPECT_TRUE(isMalformed(decode(B, FeatureSet::wasm2()), "limits flags"));
  EXPECT_TRUE(isOk(decode(B, FeatureSet::wasm3())));
}

TEST(LimitsTest, Table64ElementOffsetIsI64) {
  auto Elem = [](const Bytes &Offset) {
    return ModuleBuilder()
        .types({funcType({}, {})})
        .funcs({0})
        .tables({tableType(FuncRef, limitsFlags(0x04, 1))})
        .elems({cat({{0x00}, Offset, vecU32({0})})})
        .code({body({op::End})})
        .build();
  };
  EXPECT_TRUE(isOk(decode(Elem(i64ConstExpr(0)))));
  EXPECT_TRUE(isInvalid(decode(Elem(i32ConstExpr(0))),
                        "type mismatch in constant expression"));
}

} // namespace
