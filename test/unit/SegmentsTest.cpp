//===- SegmentsTest.cpp - Element, data count and data sections -----------===//
//
// The eight element segment encodings, the three data segment forms, the
// data count section, and what segments declare for ref.func.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

//===-- Element section ---------------------------------------------------===//

class ElementSectionTest : public ::testing::Test {
protected:
  /// Three functions, a funcref table 0 and an externref table 1, and the
  /// given element segments.
  static Bytes withSegments(const std::vector<Bytes> &Segments) {
    return ModuleBuilder()
        .types({funcType({}, {})})
        .funcs({0, 0, 0})
        .tables(
            {tableType(FuncRef, limits(10)), tableType(ExternRef, limits(10))})
        .elems(Segments)
        .code({body({op::End}), body({op::End}), body({op::End})});
  }
};

TEST_F(ElementSectionTest, AllEightEncodings) {
  Bytes B = withSegments({
      // 0: active, table 0, offset, vec(funcidx)
      cat({{0x00}, i32ConstExpr(1), vecU32({0, 2})}),
      // 1: passive, elemkind, vec(funcidx)
      cat({{0x01, 0x00}, vecU32({1})}),
      // 2: active, table x, offset, elemkind, vec(funcidx)
      cat({{0x02, 0x00}, i32ConstExpr(2), {0x00}, vecU32({2, 1, 0})}),
      // 3: declarative, elemkind, vec(funcidx)
      cat({{0x03, 0x00}, vecU32({0})}),
      // 4: active, table 0, offset, vec(expr)
      cat({{0x04},
           i32ConstExpr(3),
           vec({refFuncExpr(1), refNullExpr(FuncRef)})}),
      // 5: passive, reftype, vec(expr)
      cat({{0x05, ExternRef}, vec({refNullExpr(ExternRef)})}),
      // 6: active, table x, offset, reftype, vec(expr)
      cat({{0x06, 0x01},
           i32ConstExpr(0),
           {ExternRef},
           vec({refNullExpr(ExternRef), refNullExpr(ExternRef)})}),
      // 7: declarative, reftype, vec(expr)
      cat({{0x07, FuncRef}, vec({refFuncExpr(2)})}),
  });
  Module M = decodeOk(B);
  ASSERT_EQ(M.Elems.size(), 8u);

  EXPECT_EQ(M.Elems[0].Mode, SegmentMode::Active);
  EXPECT_EQ(M.Elems[0].Table, 0u);
  EXPECT_FALSE(M.Elems[0].UsesExprs);
  EXPECT_EQ(M.Elems[0].FuncIndices, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(M.Elems[0].Type, ValType::FuncRef);
  EXPECT_EQ(M.Elems[0].Offset.Bytes.size(), 3u);
  EXPECT_EQ(M.Elems[0].SectionOffset, findBytes(B, {0x00, op::I32Const, 0x01}));

  EXPECT_EQ(M.Elems[1].Mode, SegmentMode::Passive);
  EXPECT_EQ(M.Elems[1].FuncIndices, (std::vector<uint32_t>{1}));
  EXPECT_TRUE(M.Elems[1].Offset.Bytes.empty());

  EXPECT_EQ(M.Elems[2].Mode, SegmentMode::Active);
  EXPECT_EQ(M.Elems[2].Table, 0u);
  EXPECT_EQ(M.Elems[2].FuncIndices, (std::vector<uint32_t>{2, 1, 0}));

  EXPECT_EQ(M.Elems[3].Mode, SegmentMode::Declarative);
  EXPECT_EQ(M.Elems[3].size(), 1u);

  EXPECT_EQ(M.Elems[4].Mode, SegmentMode::Active);
  EXPECT_TRUE(M.Elems[4].UsesExprs);
  EXPECT_EQ(M.Elems[4].Type, ValType::FuncRef);
  ASSERT_EQ(M.Elems[4].Exprs.size(), 2u);
  EXPECT_EQ(M.Elems[4].Exprs[0].Bytes.size(), 3u);
  EXPECT_EQ(M.Elems[4].size(), 2u);

  EXPECT_EQ(M.Elems[5].Mode, SegmentMode::Passive);
  EXPECT_EQ(M.Elems[5].Type, ValType::ExternRef);
  EXPECT_TRUE(M.Elems[5].UsesExprs);

  EXPECT_EQ(M.Elems[6].Mode, SegmentMode::Active);
  EXPECT_EQ(M.Elems[6].Table, 1u);
  EXPECT_EQ(M.Elems[6].Type, ValType::ExternRef);
  EXPECT_EQ(M.Elems[6].size(), 2u);

  EXPECT_EQ(M.Elems[7].Mode, SegmentMode::Declarative);
  EXPECT_EQ(M.Elems[7].Type, ValType::FuncRef);

  // Every function named by a segment may be used by ref.func.
  ASSERT_EQ(M.DeclaredFuncRefs.size(), 3u);
  EXPECT_TRUE(M.DeclaredFuncRefs[0]);
  EXPECT_TRUE(M.DeclaredFuncRefs[1]);
  EXPECT_TRUE(M.DeclaredFuncRefs[2]);
}

TEST_F(ElementSectionTest, OnlyReferencedFunctionsAreDeclared) {
  Module M = decodeOk(withSegments({cat({{0x01, 0x00}, vecU32({1})})}));
  ASSERT_EQ(M.DeclaredFuncRefs.size(), 3u);
  EXPECT_FALSE(M.DeclaredFuncRefs[0]);
  EXPECT_TRUE(M.DeclaredFuncRefs[1]);
  EXPECT_FALSE(M.DeclaredFuncRefs[2]);
}

TEST_F(ElementSectionTest, Errors) {
  EXPECT_TRUE(isMalformed(decode(withSegments({cat({{0x08}, vecU32({})})})),
                          "malformed elements segment kind"));
  EXPECT_TRUE(
      isMalformed(decode(withSegments({cat({{0x01, 0x01}, vecU32({})})})),
                  "malformed element kind"));
  EXPECT_TRUE(isMalformed(decode(withSegments({cat({{0x05, I32}, vec({})})})),
                          "malformed reference type"));
  EXPECT_TRUE(isInvalid(
      decode(withSegments({cat({{0x00}, i32ConstExpr(0), vecU32({3})})})),
      "unknown function 3"));
  EXPECT_TRUE(isInvalid(
      decode(withSegments(
          {cat({{0x02, 0x02}, i32ConstExpr(0), {0x00}, vecU32({})})})),
      "unknown table 2"));
  // Offsets are i32 for a 32-bit table.
  EXPECT_TRUE(isInvalid(
      decode(withSegments({cat({{0x00}, i64ConstExpr(0), vecU32({})})})),
      "type mismatch in constant expression"));
  // Function indices into an externref table.
  EXPECT_TRUE(isInvalid(
      decode(withSegments(
          {cat({{0x02, 0x01}, i32ConstExpr(0), {0x00}, vecU32({0})})})),
      "type mismatch"));
  // Expressions of the wrong reference type.
  EXPECT_TRUE(
      isInvalid(decode(withSegments(
                    {cat({{0x05, FuncRef}, vec({refNullExpr(ExternRef)})})})),
                "type mismatch in constant expression"));
  EXPECT_TRUE(isInvalid(
      decode(withSegments({cat({{0x05, FuncRef}, vec({refFuncExpr(9)})})})),
      "unknown function 9"));
}

TEST_F(ElementSectionTest, ActiveSegmentWithoutATable) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .funcs({0})
                .elems({cat({{0x00}, i32ConstExpr(0), vecU32({0})})})
                .code({body({op::End})});
  EXPECT_TRUE(isInvalid(decode(B), "unknown table 0"));
}

TEST_F(ElementSectionTest, NewEncodingsNeedBulkMemoryOrReferenceTypes) {
  // A passive segment (it needs no table).
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .funcs({0})
                .elems({cat({{0x01, 0x00}, vecU32({0})})})
                .code({body({op::End})});
  EXPECT_TRUE(isOk(decode(B)));
  FeatureSet Wasm1 = FeatureSet::wasm1();
  EXPECT_TRUE(isMalformed(decode(B, Wasm1), "malformed elements segment kind"));
  EXPECT_TRUE(isOk(decode(B, FeatureSet(Wasm1).add(FeatureSet::BulkMemory))));
  EXPECT_TRUE(
      isOk(decode(B, FeatureSet(Wasm1).add(FeatureSet::ReferenceTypes))));
}

//===-- Data count, data --------------------------------------------------===//

TEST(DataSectionTest, DataSectionAllThreeForms) {
  Bytes B = ModuleBuilder()
                .memories({limits(1), limits(1)})
                .dataCount(3)
                .datas({cat({{0x00}, i32ConstExpr(16), rawName({1, 2, 3})}),
                        cat({{0x01}, rawName({4, 5})}),
                        cat({{0x02, 0x01}, i32ConstExpr(0), rawName({})})});
  Module M = decodeOk(B);
  EXPECT_EQ(M.DataCount, std::optional<uint32_t>(3));
  ASSERT_EQ(M.Datas.size(), 3u);
  EXPECT_EQ(M.Datas[0].Mode, SegmentMode::Active);
  EXPECT_EQ(M.Datas[0].Memory, 0u);
  ASSERT_EQ(M.Datas[0].Bytes.size(), 3u);
  EXPECT_EQ(M.Datas[0].Bytes[2], 3);
  EXPECT_EQ(M.Datas[0].Offset.Bytes.size(), 3u);
  EXPECT_EQ(M.Datas[1].Mode, SegmentMode::Passive);
  EXPECT_EQ(M.Datas[1].Bytes.size(), 2u);
  EXPECT_TRUE(M.Datas[1].Offset.Bytes.empty());
  EXPECT_EQ(M.Datas[2].Mode, SegmentMode::Active);
  EXPECT_EQ(M.Datas[2].Memory, 1u);
  EXPECT_TRUE(M.Datas[2].Bytes.empty());
}

TEST(DataSectionTest, DataErrors) {
  auto Data = [](const Bytes &Segment) {
    return ModuleBuilder().memories({limits(1)}).datas({Segment}).build();
  };
  EXPECT_TRUE(isMalformed(decode(Data(cat({{0x03}, rawName({})}))),
                          "malformed data segment kind"));
  EXPECT_TRUE(
      isInvalid(decode(Data(cat({{0x02, 0x01}, i32ConstExpr(0), rawName({})}))),
                "unknown memory 1"));
  EXPECT_TRUE(
      isInvalid(decode(Data(cat({{0x00}, i64ConstExpr(0), rawName({})}))),
                "type mismatch in constant expression"));
  EXPECT_TRUE(
      isMalformed(decode(Data(cat({{0x00}, i32ConstExpr(0), {0x05, 1, 2}}))),
                  "unexpected end"));
  Bytes NoMemory =
      ModuleBuilder().datas({cat({{0x00}, i32ConstExpr(0), rawName({})})});
  EXPECT_TRUE(isInvalid(decode(NoMemory), "unknown memory 0"));
  // Passive segments need bulk memory.
  Bytes Passive = Data(cat({{0x01}, rawName({})}));
  EXPECT_TRUE(isOk(decode(Passive, FeatureSet::wasm2())));
  EXPECT_TRUE(isMalformed(decode(Passive, FeatureSet::wasm1()),
                          "malformed data segment kind"));
}

TEST(DataSectionTest, DataCountMismatch) {
  Bytes TooFew = ModuleBuilder()
                     .memories({limits(1)})
                     .dataCount(2)
                     .datas({cat({{0x01}, rawName({})})});
  EXPECT_TRUE(isMalformed(decode(TooFew), "data count and data section have "
                                          "inconsistent lengths"));
  Bytes TooMany = ModuleBuilder()
                      .memories({limits(1)})
                      .dataCount(0)
                      .datas({cat({{0x01}, rawName({})})});
  EXPECT_TRUE(isMalformed(decode(TooMany), "inconsistent lengths"));
  // A data count without a data section.
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().dataCount(1)),
                          "inconsistent lengths"));
  EXPECT_TRUE(isOk(decode(ModuleBuilder().dataCount(0))));
  // No data count section: any number of segments.
  Bytes NoCount =
      ModuleBuilder()
          .memories({limits(1)})
          .datas({cat({{0x01}, rawName({})}), cat({{0x01}, rawName({})})});
  Module M = decodeOk(NoCount);
  EXPECT_FALSE(M.DataCount);
  EXPECT_EQ(M.Datas.size(), 2u);
}

} // namespace
