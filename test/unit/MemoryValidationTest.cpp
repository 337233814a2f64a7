//===- MemoryValidationTest.cpp - Memory operators in function bodies -----===//
//
// Loads and stores (alignment, memarg encoding, offsets), multiple memories,
// memory64 address types, bulk memory and the data count section, atomics
// (alignment exactly natural) and SIMD lane indices.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

/// One function of type [] -> [] running Code, with the given memories.
Outcome withMemories(const std::vector<Bytes> &Memories, const Bytes &Code,
                     const FeatureSet &F = FeatureSet::defaults()) {
  ModuleBuilder B;
  B.types({funcType({}, {})}).funcs({0});
  if (!Memories.empty())
    B.memories(Memories);
  B.code({body(Code)});
  return read(B, F);
}
Outcome withMemory(const Bytes &Code,
                   const FeatureSet &F = FeatureSet::defaults()) {
  return withMemories({limits(1)}, Code, F);
}

/// i32.const 0; <load> align offset; drop; end
Bytes load(uint8_t Opcode, const Bytes &MemArg) {
  return cat({{op::I32Const, 0, Opcode}, MemArg, {op::Drop, op::End}});
}

//===-- Alignment ---------------------------------------------------------===//

TEST(MemoryValidationTest, AlignmentAtMostNatural) {
  struct Case {
    uint8_t Opcode;
    uint8_t MaxAlign;
  };
  for (Case C : {Case{op::I32Load, 2}, Case{op::I64Load, 3},
                 Case{op::F32Load, 2}, Case{op::F64Load, 3},
                 Case{op::I32Load8S, 0}, Case{op::I32Load16S, 1}}) {
    for (uint8_t Align = 0; Align <= C.MaxAlign; ++Align)
      EXPECT_TRUE(isOk(withMemory(load(C.Opcode, {Align, 0}))))
          << "opcode " << int(C.Opcode) << " align " << int(Align);
    EXPECT_TRUE(
        isInvalid(withMemory(load(C.Opcode, {uint8_t(C.MaxAlign + 1), 0})),
                  "alignment must not be larger than natural"))
        << "opcode " << int(C.Opcode);
  }
  // Stores too.
  EXPECT_TRUE(isOk(withMemory(
      {op::I32Const, 0, op::I32Const, 0, op::I32Store, 2, 0, op::End})));
  EXPECT_TRUE(isInvalid(withMemory({op::I32Const, 0, op::I32Const, 0,
                                    op::I32Store, 3, 0, op::End}),
                        "alignment must not be larger than natural"));
  EXPECT_TRUE(isInvalid(withMemory({op::I32Const, 0, op::I64Const, 0,
                                    op::I64Store, 4, 0, op::End}),
                        "alignment must not be larger than natural"));
}

TEST(MemoryValidationTest, MemopFlagsBeyondSevenBitsAreMalformed) {
  // From align.wast: 2**128 and 2**256.
  EXPECT_TRUE(isMalformed(withMemory(load(op::I32Load, {0x80, 0x01, 0x00})),
                          "malformed memop flags"));
  EXPECT_TRUE(isMalformed(withMemory(load(op::I32Load, {0x80, 0x02, 0x00})),
                          "malformed memop flags"));
  // 2**32 and above cannot be an alignment under any feature set.
  EXPECT_FALSE(withMemory(load(op::I32Load, {0x20, 0x00})).Ok);
  EXPECT_FALSE(
      withMemory(load(op::I32Load, {0x20, 0x00}), FeatureSet::wasm2()).Ok);
}

TEST(MemoryValidationTest, LoadNeedsAMemory) {
  EXPECT_TRUE(isInvalid(withMemories({}, load(op::I32Load, {2, 0})),
                        "unknown memory 0"));
  EXPECT_TRUE(
      isInvalid(withMemories({}, {op::MemorySize, 0, op::Drop, op::End}),
                "unknown memory 0"));
}

TEST(MemoryValidationTest, OperandTypes) {
  EXPECT_TRUE(isInvalid(
      withMemory({op::I64Const, 0, op::I32Load, 2, 0, op::Drop, op::End}),
      "type mismatch"));
  EXPECT_TRUE(isInvalid(withMemory({op::I32Const, 0, op::I64Const, 0,
                                    op::I32Store, 2, 0, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isOk(
      withMemory({op::MemorySize, 0, op::MemoryGrow, 0, op::Drop, op::End})));
}

TEST(MemoryValidationTest, OffsetsOf32BitMemories) {
  const Bytes Max32 = {2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  const Bytes Over32 = {2, 0x80, 0x80, 0x80, 0x80, 0x10};
  EXPECT_TRUE(isOk(withMemory(load(op::I32Load, Max32))));
  EXPECT_TRUE(isOk(withMemory(load(op::I32Load, Max32), FeatureSet::wasm2())));
  // With memory64 every offset is encoded as a u64, and one beyond 2^32-1 is
  // invalid for a 32-bit memory (align.wast)...
  EXPECT_TRUE(
      isInvalid(withMemory(load(op::I32Load, Over32)), "offset out of range"));
  EXPECT_TRUE(
      isInvalid(withMemory(load(op::I32Load, {2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                              0xFF, 0xFF, 0xFF, 0xFF, 0x01})),
                "offset out of range"));
  // ...while without it the offset is a u32 that cannot hold it.
  EXPECT_TRUE(
      isMalformed(withMemory(load(op::I32Load, Over32), FeatureSet::wasm2()),
                  "integer too large"));
}

//===-- Multiple memories -------------------------------------------------===//

TEST(MemoryValidationTest, MemargWithAMemoryIndex) {
  // Bit 6 of the flags: a memory index follows.
  std::vector<Bytes> Two = {limits(1), limits(1)};
  EXPECT_TRUE(isOk(withMemories(Two, load(op::I32Load, {0x42, 0x01, 0x00}))));
  EXPECT_TRUE(isOk(withMemories(Two, load(op::I32Load, {0x40, 0x00, 0x00}))));
  EXPECT_TRUE(
      isInvalid(withMemories(Two, load(op::I32Load, {0x42, 0x02, 0x00})),
                "unknown memory 2"));
  EXPECT_TRUE(
      isInvalid(withMemories(Two, load(op::I32Load, {0x43, 0x01, 0x00})),
                "alignment must not be larger than natural"));
  EXPECT_TRUE(isOk(withMemories(Two, {op::MemorySize, 1, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(withMemory({op::MemorySize, 1, op::Drop, op::End}),
                        "unknown memory 1"));
}

TEST(MemoryValidationTest, MemoryIndexBytesBeforeMultiMemory) {
  // Without multi-memory the memory immediate is a zero byte, and flags bit
  // 6 is part of the alignment.
  EXPECT_TRUE(isMalformed(
      withMemory({op::MemorySize, 1, op::Drop, op::End}, FeatureSet::wasm2()),
      "zero byte expected"));
  EXPECT_TRUE(
      isMalformed(withMemory({op::MemoryGrow, 0x80, 0x00, op::Drop, op::End},
                             FeatureSet::wasm2()),
                  "zero byte expected"));
  EXPECT_FALSE(
      withMemory(load(op::I32Load, {0x42, 0x00}), FeatureSet::wasm2()).Ok);
}

//===-- memory64 ----------------------------------------------------------===//

TEST(MemoryValidationTest, Memory64AddressesAreI64) {
  std::vector<Bytes> M64 = {limitsFlags(0x04, 1)};
  EXPECT_TRUE(isOk(withMemories(
      M64, {op::I64Const, 0, op::I32Load, 2, 0, op::Drop, op::End})));
  EXPECT_TRUE(
      isInvalid(withMemories(M64, load(op::I32Load, {2, 0})), "type mismatch"));
  // Offsets are u64.
  EXPECT_TRUE(
      isOk(withMemories(M64, {op::I64Const, 0, op::I32Load, 2, 0x80, 0x80, 0x80,
                              0x80, 0x10, op::Drop, op::End})));
  // memory.size and memory.grow work in i64.
  EXPECT_TRUE(
      isOk(withMemories(M64, {op::MemorySize, 0, op::I64Const, 1, op::I64Add,
                              op::MemoryGrow, 0, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(withMemories(M64, {op::I32Const, 1, op::MemoryGrow, 0,
                                           op::Drop, op::End}),
                        "type mismatch"));
  // memory.fill (0xFC 11): i64 address and length, i32 value.
  EXPECT_TRUE(
      isOk(withMemories(M64, {op::I64Const, 0, op::I32Const, 0, op::I64Const, 0,
                              op::PrefixFC, 11, 0, op::End})));
  // memory.copy (0xFC 10) between an i64 and an i32 memory: the length is
  // i32.
  std::vector<Bytes> Mixed = {limitsFlags(0x04, 1), limits(1)};
  EXPECT_TRUE(
      isOk(withMemories(Mixed, {op::I64Const, 0, op::I32Const, 0, op::I32Const,
                                0, op::PrefixFC, 10, 0, 1, op::End})));
  EXPECT_TRUE(isInvalid(
      withMemories(Mixed, {op::I64Const, 0, op::I32Const, 0, op::I64Const, 0,
                           op::PrefixFC, 10, 0, 1, op::End}),
      "type mismatch"));
}

//===-- Bulk memory and the data count section ----------------------------===//

/// A memory, a passive data segment and one function running Code; with
/// DataCount, the data count section.
Outcome withData(bool DataCount, const Bytes &Code) {
  ModuleBuilder B;
  B.types({funcType({}, {})}).funcs({0}).memories({limits(1)});
  if (DataCount)
    B.dataCount(1);
  B.code({body(Code)}).datas({cat({{0x01}, rawName({1, 2, 3})})});
  return read(B);
}

const Bytes MemoryInit0 = {
    op::I32Const, 0, op::I32Const, 0, op::I32Const, 0, op::PrefixFC, 8, 0, 0,
    op::End};

TEST(MemoryValidationTest, MemoryInitAndDataDropNeedTheDataCountSection) {
  EXPECT_TRUE(isOk(withData(true, MemoryInit0)));
  Outcome O = withData(false, MemoryInit0);
  EXPECT_TRUE(isMalformed(O, "data count section required"));
  EXPECT_EQ(O.Func, std::optional<uint32_t>(0));
  EXPECT_TRUE(isOk(withData(true, {op::PrefixFC, 9, 0, op::End})));
  EXPECT_TRUE(isMalformed(withData(false, {op::PrefixFC, 9, 0, op::End}),
                          "data count section required"));
}

TEST(MemoryValidationTest, DataSegmentIndices) {
  EXPECT_TRUE(
      isInvalid(withData(true, {op::I32Const, 0, op::I32Const, 0, op::I32Const,
                                0, op::PrefixFC, 8, 1, 0, op::End}),
                "unknown data segment 1"));
  EXPECT_TRUE(isInvalid(withData(true, {op::PrefixFC, 9, 1, op::End}),
                        "unknown data segment 1"));
  EXPECT_TRUE(isInvalid(withData(true, {op::I32Const, 0, op::I32Const, 0,
                                        op::PrefixFC, 8, 0, 0, op::End}),
                        "type mismatch"));
}

TEST(MemoryValidationTest, CopyAndFill) {
  EXPECT_TRUE(isOk(withMemory({op::I32Const, 0, op::I32Const, 0, op::I32Const,
                               0, op::PrefixFC, 10, 0, 0, op::End})));
  EXPECT_TRUE(isOk(withMemory({op::I32Const, 0, op::I32Const, 0, op::I32Const,
                               0, op::PrefixFC, 11, 0, op::End})));
  EXPECT_TRUE(isInvalid(
      withMemories({}, {op::I32Const, 0, op::I32Const, 0, op::I32Const, 0,
                        op::PrefixFC, 11, 0, op::End}),
      "unknown memory 0"));
  // Bulk memory operators need their feature.
  EXPECT_TRUE(
      isMalformed(withMemory({op::I32Const, 0, op::I32Const, 0, op::I32Const, 0,
                              op::PrefixFC, 11, 0, op::End},
                             FeatureSet::wasm1()),
                  "illegal opcode"));
}

//===-- Atomics -----------------------------------------------------------===//

Outcome atomic(const Bytes &Code,
               const FeatureSet &F = FeatureSet::defaults()) {
  return withMemories({limitsFlags(0x03, 1, 1)}, Code, F);
}

TEST(MemoryValidationTest, AtomicAlignmentMustBeExactlyNatural) {
  // i32.atomic.load (0xFE 0x10), 4 bytes.
  EXPECT_TRUE(isOk(atomic(
      {op::I32Const, 0, op::PrefixAtomic, 0x10, 2, 0, op::Drop, op::End})));
  for (uint8_t Align : {0, 1, 3}) {
    Outcome O = atomic(
        {op::I32Const, 0, op::PrefixAtomic, 0x10, Align, 0, op::Drop, op::End});
    EXPECT_TRUE(isInvalid(O, "alignment must be exactly natural"))
        << "align " << int(Align);
  }
  // i64.atomic.load (0xFE 0x11), 8 bytes; i32.atomic.load8_u (0xFE 0x12), 1.
  EXPECT_TRUE(isOk(atomic(
      {op::I32Const, 0, op::PrefixAtomic, 0x11, 3, 0, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(atomic({op::I32Const, 0, op::PrefixAtomic, 0x11, 2, 0,
                                op::Drop, op::End}),
                        "alignment must be exactly natural"));
  EXPECT_TRUE(isOk(atomic(
      {op::I32Const, 0, op::PrefixAtomic, 0x12, 0, 0, op::Drop, op::End})));
  // i32.atomic.rmw.add (0xFE 0x1E) and i64.atomic.rmw.cmpxchg (0xFE 0x49).
  EXPECT_TRUE(isOk(atomic({op::I32Const, 0, op::I32Const, 1, op::PrefixAtomic,
                           0x1E, 2, 0, op::Drop, op::End})));
  EXPECT_TRUE(isOk(atomic({op::I32Const, 0, op::I64Const, 1, op::I64Const, 2,
                           op::PrefixAtomic, 0x49, 3, 0, op::Drop, op::End})));
  EXPECT_TRUE(
      isInvalid(atomic({op::I32Const, 0, op::I64Const, 1, op::I64Const, 2,
                        op::PrefixAtomic, 0x49, 2, 0, op::Drop, op::End}),
                "alignment must be exactly natural"));
  EXPECT_TRUE(
      isInvalid(atomic({op::I32Const, 0, op::I32Const, 1, op::I64Const, 2,
                        op::PrefixAtomic, 0x49, 3, 0, op::Drop, op::End}),
                "type mismatch"));
}

TEST(MemoryValidationTest, AtomicWaitNotifyAndFence) {
  // memory.atomic.notify (0xFE 0x00): [addr i32] -> [i32].
  EXPECT_TRUE(isOk(atomic({op::I32Const, 0, op::I32Const, 1, op::PrefixAtomic,
                           0x00, 2, 0, op::Drop, op::End})));
  // memory.atomic.wait64 (0xFE 0x02): [addr i64 i64] -> [i32].
  EXPECT_TRUE(isOk(atomic({op::I32Const, 0, op::I64Const, 1, op::I64Const, 2,
                           op::PrefixAtomic, 0x02, 3, 0, op::Drop, op::End})));
  // atomic.fence (0xFE 0x03 0x00).
  EXPECT_TRUE(isOk(atomic({op::PrefixAtomic, 0x03, 0x00, op::End})));
  EXPECT_TRUE(isMalformed(atomic({op::PrefixAtomic, 0x03, 0x01, op::End}),
                          "zero byte expected"));
}

TEST(MemoryValidationTest, AtomicsOnUnsharedMemoryAreValid) {
  EXPECT_TRUE(isOk(withMemory(
      {op::I32Const, 0, op::PrefixAtomic, 0x10, 2, 0, op::Drop, op::End})));
}

TEST(MemoryValidationTest, AtomicsNeedThreads) {
  EXPECT_TRUE(isMalformed(withMemory({op::I32Const, 0, op::PrefixAtomic, 0x10,
                                      2, 0, op::Drop, op::End},
                                     FeatureSet::wasm3()),
                          "illegal opcode"));
  EXPECT_TRUE(
      isMalformed(atomic({op::PrefixAtomic, 0x7F, op::End}), "illegal opcode"));
}

//===-- SIMD lanes --------------------------------------------------------===//

const Bytes V128Zero = cat({{op::PrefixSimd, 0x0C}, Bytes(16, 0)});

/// v128.const 0; <lane op> Lane; drop.
Outcome extractLane(uint8_t Code, uint8_t Lane) {
  return withMemory(
      cat({V128Zero, {op::PrefixSimd, Code, Lane, op::Drop, op::End}}));
}

TEST(MemoryValidationTest, ExtractLaneBounds) {
  struct Case {
    uint8_t Code;
    uint8_t Lanes;
  };
  // i8x16.extract_lane_s/u, i16x8.extract_lane_s/u, i32x4, i64x2, f32x4,
  // f64x2.
  for (Case C : {Case{0x15, 16}, Case{0x16, 16}, Case{0x18, 8}, Case{0x19, 8},
                 Case{0x1B, 4}, Case{0x1D, 2}, Case{0x1F, 4}, Case{0x21, 2}}) {
    EXPECT_TRUE(isOk(extractLane(C.Code, C.Lanes - 1))) << int(C.Code);
    EXPECT_TRUE(isInvalid(extractLane(C.Code, C.Lanes), "invalid lane index"))
        << int(C.Code);
    EXPECT_TRUE(isInvalid(extractLane(C.Code, 0xFF), "invalid lane index"))
        << int(C.Code);
  }
}

TEST(MemoryValidationTest, ReplaceLaneBounds) {
  // f64x2.replace_lane (0xFD 0x22): [v128 f64] -> [v128].
  Bytes F64Zero = {op::F64Const, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(isOk(withMemory(
      cat({V128Zero, F64Zero, {op::PrefixSimd, 0x22, 1, op::Drop, op::End}}))));
  EXPECT_TRUE(isInvalid(
      withMemory(cat(
          {V128Zero, F64Zero, {op::PrefixSimd, 0x22, 2, op::Drop, op::End}})),
      "invalid lane index"));
  EXPECT_TRUE(isInvalid(withMemory(cat({V128Zero,
                                        {op::I32Const, 0, op::PrefixSimd, 0x22,
                                         1, op::Drop, op::End}})),
                        "type mismatch"));
}

TEST(MemoryValidationTest, ShuffleLaneBounds) {
  Bytes Lanes(16, 0);
  Lanes[7] = 31;
  EXPECT_TRUE(isOk(withMemory(cat({V128Zero,
                                   V128Zero,
                                   {op::PrefixSimd, 0x0D},
                                   Lanes,
                                   {op::Drop, op::End}}))));
  Lanes[7] = 32;
  EXPECT_TRUE(isInvalid(withMemory(cat({V128Zero,
                                        V128Zero,
                                        {op::PrefixSimd, 0x0D},
                                        Lanes,
                                        {op::Drop, op::End}})),
                        "invalid lane index"));
}

TEST(MemoryValidationTest, LoadStoreLaneBounds) {
  // v128.load8_lane (0xFD 0x54) has 16 lanes, v128.load64_lane (0x57) 2.
  auto LoadLane = [](uint8_t Code, uint8_t Align, uint8_t Lane) {
    return withMemory(
        cat({{op::I32Const, 0},
             V128Zero,
             {op::PrefixSimd, Code, Align, 0, Lane, op::Drop, op::End}}));
  };
  EXPECT_TRUE(isOk(LoadLane(0x54, 0, 15)));
  EXPECT_TRUE(isInvalid(LoadLane(0x54, 0, 16), "invalid lane index"));
  EXPECT_TRUE(isOk(LoadLane(0x57, 3, 1)));
  EXPECT_TRUE(isInvalid(LoadLane(0x57, 3, 2), "invalid lane index"));
  EXPECT_TRUE(isInvalid(LoadLane(0x57, 4, 0),
                        "alignment must not be larger than natural"));
  // v128.load (0xFD 0x00): 16 bytes.
  EXPECT_TRUE(isOk(withMemory(
      {op::I32Const, 0, op::PrefixSimd, 0x00, 4, 0, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(withMemory({op::I32Const, 0, op::PrefixSimd, 0x00, 5, 0,
                                    op::Drop, op::End}),
                        "alignment must not be larger than natural"));
}

TEST(MemoryValidationTest, SimdNeedsItsFeature) {
  llvm::Expected<FeatureSet> NoSimd = FeatureSet::parse("-simd");
  ASSERT_TRUE(bool(NoSimd));
  EXPECT_TRUE(
      isMalformed(withMemory(cat({V128Zero, {op::Drop, op::End}}), *NoSimd),
                  "illegal opcode"));
}

} // namespace
