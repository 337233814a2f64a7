//===- ConstExprTest.cpp - Globals and constant expressions ---------------===//
//
// The global section and the constant expressions of initialisers and
// segment offsets: which operators are constant, which globals they may read,
// extended-const arithmetic.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

TEST(ConstExprTest, GlobalSection) {
  Bytes B =
      ModuleBuilder()
          .imports(
              {importEntry("env", "g", KindGlobal, globalType(I32, false))})
          .globals({globalEntry(I32, true, i32ConstExpr(-5)),
                    globalEntry(
                        F64, false,
                        {op::F64Const, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, op::End}),
                    globalEntry(I32, false, {op::GlobalGet, 0x00, op::End}),
                    globalEntry(ExternRef, false, refNullExpr(ExternRef))});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Globals.size(), 5u);
  EXPECT_EQ(M.NumImportedGlobals, 1u);
  EXPECT_TRUE(M.Globals[1].Mutable);
  EXPECT_EQ(M.Globals[2].Type, ValType::F64);
  EXPECT_EQ(M.Globals[4].Type, ValType::ExternRef);
  ASSERT_EQ(M.GlobalInits.size(), 4u) << "one per defined global";
  // An initialiser's bytes include its `end`.
  EXPECT_EQ(M.GlobalInits[0].Bytes.size(), 3u);
  EXPECT_EQ(M.GlobalInits[0].Bytes[0], op::I32Const);
  EXPECT_EQ(M.GlobalInits[0].Bytes[2], op::End);
  EXPECT_EQ(M.GlobalInits[0].Offset,
            size_t(M.GlobalInits[0].Bytes.data() - B.data()));
  EXPECT_EQ(M.GlobalInits[1].Bytes.size(), 10u);
}

TEST(ConstExprTest, GlobalInitialiserErrors) {
  auto Global = [](uint8_t Type, const Bytes &Init) {
    return ModuleBuilder()
        .imports({importEntry("env", "imm", KindGlobal, globalType(I32, false)),
                  importEntry("env", "mut", KindGlobal, globalType(I32, true))})
        .globals({globalEntry(Type, false, Init)})
        .build();
  };
  EXPECT_TRUE(isOk(decode(Global(I32, {op::GlobalGet, 0, op::End}))));
  EXPECT_TRUE(isInvalid(decode(Global(I64, i32ConstExpr(0))),
                        "type mismatch in constant expression"));
  EXPECT_TRUE(isInvalid(
      decode(Global(I32, {op::I32Const, 0, op::I32Const, 1, op::End})),
      "type mismatch in constant expression"));
  EXPECT_TRUE(isInvalid(decode(Global(I32, {op::End})),
                        "type mismatch in constant expression"));
  EXPECT_TRUE(isInvalid(decode(Global(I32, {op::GlobalGet, 1, op::End})),
                        "mutable global"));
  EXPECT_TRUE(isInvalid(decode(Global(I32, {op::GlobalGet, 2, op::End})),
                        "unknown global 2"));
  EXPECT_TRUE(
      isInvalid(decode(Global(I32, {op::Nop, op::I32Const, 0, op::End})),
                "constant expression required"));
  EXPECT_TRUE(isInvalid(
      decode(Global(I32, {op::I32Const, 1, op::I32Const, 2, 0x6C /* i32.mul */,
                          0x6D /* div */, op::End})),
      "constant expression required"));
  // The expression runs past the section.
  EXPECT_TRUE(
      isMalformed(decode(Global(I32, {op::I32Const, 0})), "unexpected end"));
  // A defined global is not visible to a later initialiser here.
  Bytes Defined = ModuleBuilder().globals(
      {globalEntry(I32, false, i32ConstExpr(1)),
       globalEntry(I32, false, {op::GlobalGet, 0, op::End})});
  EXPECT_TRUE(
      isInvalid(decode(Defined, FeatureSet::wasm2()), "unknown global"));
}

TEST(ConstExprTest, GlobalGetOfDefinedGlobalsInWasm3) {
  // (global i32 (i32.const 0)) (global i32 (global.get 0))
  Bytes Earlier = ModuleBuilder().globals(
      {globalEntry(I32, false, i32ConstExpr(1)),
       globalEntry(I32, false, {op::GlobalGet, 0, op::End})});
  EXPECT_TRUE(isOk(decode(Earlier)));
  EXPECT_TRUE(isOk(decode(Earlier, FeatureSet::wasm3())));
  EXPECT_TRUE(
      isInvalid(decode(Earlier, FeatureSet::wasm2()), "unknown global"));
  // A data offset reading a defined global.
  Bytes Data =
      ModuleBuilder()
          .memories({limits(1)})
          .globals({globalEntry(I32, false, i32ConstExpr(8))})
          .datas({cat({{0x00, op::GlobalGet, 0, op::End}, rawName({1})})});
  EXPECT_TRUE(isOk(decode(Data)));
  // Still not a later global, nor a mutable one.
  Bytes Later = ModuleBuilder().globals(
      {globalEntry(I32, false, {op::GlobalGet, 1, op::End}),
       globalEntry(I32, false, i32ConstExpr(1))});
  EXPECT_TRUE(isInvalid(decode(Later), "unknown global"));
  Bytes Mutable = ModuleBuilder().globals(
      {globalEntry(I32, true, i32ConstExpr(1)),
       globalEntry(I32, false, {op::GlobalGet, 0, op::End})});
  EXPECT_TRUE(isInvalid(decode(Mutable), "mutable"));
}

TEST(ConstExprTest, ExtendedConstantExpressions) {
  Bytes B = ModuleBuilder().globals(
      {globalEntry(I32, false,
                   {op::I32Const, 1, op::I32Const, 2, op::I32Add, op::I32Const,
                    3, 0x6C /* i32.mul */, op::End})});
  EXPECT_TRUE(isOk(decode(B)));
  EXPECT_TRUE(isInvalid(decode(B, FeatureSet::wasm2()),
                        "constant expression required"));
  Bytes Mismatch = ModuleBuilder().globals({globalEntry(
      I32, false, {op::I64Const, 1, op::I32Const, 2, op::I32Add, op::End})});
  EXPECT_TRUE(isInvalid(decode(Mismatch), "type mismatch"));
}

} // namespace
