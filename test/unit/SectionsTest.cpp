//===- SectionsTest.cpp - Decoding sections and module-level rules --------===//
//
// decodeModule() on the module header, section framing and order, and the
// type, import, function, code, table, memory, tag, export and start
// sections: what they record in the Module and their errors. Globals,
// segments and custom sections have their own files.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

FeatureSet features(llvm::StringRef List) {
  llvm::Expected<FeatureSet> F = FeatureSet::parse(List);
  if (!F) {
    ADD_FAILURE() << llvm::toString(F.takeError());
    return FeatureSet::defaults();
  }
  return *F;
}

//===-- Header ------------------------------------------------------------===//

TEST(SectionsTest, EmptyModule) {
  Bytes B = ModuleBuilder();
  Module M = decodeOk(B);
  EXPECT_TRUE(M.Types.empty());
  EXPECT_TRUE(M.Imports.empty());
  EXPECT_TRUE(M.FuncTypeIndices.empty());
  EXPECT_TRUE(M.Bodies.empty());
  EXPECT_FALSE(M.Start);
  EXPECT_FALSE(M.DataCount);
  EXPECT_EQ(M.Bytes.data(), B.data()) << "the module borrows the bytes";
  EXPECT_EQ(M.Bytes.size(), 8u);
}

TEST(SectionsTest, BadMagic) {
  Outcome O = decode({0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00});
  EXPECT_TRUE(isMalformed(O, "magic header not detected"));
  EXPECT_EQ(O.Offset, 0u);
  EXPECT_TRUE(isMalformed(decode({}), "magic header not detected"));
  EXPECT_TRUE(isMalformed(decode({0x00, 0x61}), "magic header not detected"));
}

TEST(SectionsTest, BadVersion) {
  Outcome O = decode({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00});
  EXPECT_TRUE(isMalformed(O, "unknown binary version"));
  EXPECT_EQ(O.Offset, 4u);
  // A component, not a core module.
  EXPECT_TRUE(
      isMalformed(decode({0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00}),
                  "unknown binary version"));
  EXPECT_TRUE(isMalformed(decode({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00}),
                          "unknown binary version"));
}

//===-- Section framing ---------------------------------------------------===//

TEST(SectionsTest, UnknownSectionId) {
  Outcome O = decode(ModuleBuilder().section(14, {}));
  EXPECT_TRUE(isMalformed(O, "malformed section id"));
  EXPECT_EQ(O.Offset, 8u);
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().section(0x7F, {})),
                          "malformed section id"));
}

TEST(SectionsTest, SectionSizeOutOfBounds) {
  Outcome O = decode(ModuleBuilder().raw({TypeSec, 0x05, 0x01, 0x60}));
  EXPECT_TRUE(isMalformed(O, "section size out of bounds"));
  EXPECT_EQ(O.Offset, 9u);
}

TEST(SectionsTest, SectionSizeMismatch) {
  // One type plus a stray byte inside the type section.
  Bytes Contents = cat({vec({funcType({}, {})}), {0x00}});
  Outcome O = decode(ModuleBuilder().section(TypeSec, Contents));
  EXPECT_TRUE(isMalformed(O, "section size mismatch"));
  EXPECT_EQ(O.Offset, 8u + 2u + 4u);
}

TEST(SectionsTest, SectionContentsShorterThanDeclared) {
  // The section says two types, but its size holds one.
  Bytes Contents = cat({{0x02}, funcType({}, {})});
  Outcome O = decode(ModuleBuilder().section(TypeSec, Contents).types({}));
  EXPECT_FALSE(O.Ok);
  EXPECT_EQ(O.Kind, WasmErrorKind::Malformed) << O.Text;
}

TEST(SectionsTest, TruncatedSectionHeader) {
  EXPECT_TRUE(
      isMalformed(decode(ModuleBuilder().raw({TypeSec})), "unexpected end"));
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().raw({TypeSec, 0x80})),
                          "unexpected end"));
}

TEST(SectionsTest, SectionsOutOfOrder) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .funcs({0})
                .types({funcType({}, {})})
                .code({body({op::End})});
  Outcome O = decode(B);
  EXPECT_TRUE(isMalformed(O, "unexpected content after last section"));
  EXPECT_EQ(O.Offset, 8u + 6u + 4u) << "the offending section's id";
}

TEST(SectionsTest, DuplicateSection) {
  Bytes B = ModuleBuilder().memories({limits(1)}).memories({limits(1)});
  EXPECT_TRUE(isMalformed(decode(B), "unexpected content after last section"));
}

TEST(SectionsTest, TagSectionSitsBetweenMemoryAndGlobal) {
  Bytes Good = ModuleBuilder()
                   .types({funcType({I32}, {})})
                   .memories({limits(1)})
                   .tags({tagType(0)})
                   .globals({globalEntry(I32, false, i32ConstExpr(0))});
  EXPECT_TRUE(isOk(decode(Good)));
  Bytes TagAfterGlobal =
      ModuleBuilder()
          .types({funcType({I32}, {})})
          .globals({globalEntry(I32, false, i32ConstExpr(0))})
          .tags({tagType(0)});
  EXPECT_TRUE(isMalformed(decode(TagAfterGlobal), "unexpected content"));
  Bytes TagBeforeMemory = ModuleBuilder()
                              .types({funcType({I32}, {})})
                              .tags({tagType(0)})
                              .memories({limits(1)});
  EXPECT_TRUE(isMalformed(decode(TagBeforeMemory), "unexpected content"));
}

TEST(SectionsTest, DataCountSitsBetweenElementAndCode) {
  Bytes Good =
      withEmptyFunc().elems({}).dataCount(0).code({body({op::End})}).datas({});
  EXPECT_TRUE(isOk(decode(Good)));
  Bytes AfterCode = withEmptyFunc().code({body({op::End})}).dataCount(0);
  EXPECT_TRUE(isMalformed(decode(AfterCode), "unexpected content"));
  Bytes BeforeElem = withEmptyFunc().dataCount(0).elems({});
  EXPECT_TRUE(isMalformed(decode(BeforeElem), "unexpected content"));
}

TEST(SectionsTest, NewSectionIdsNeedTheirFeatures) {
  Bytes Tag = ModuleBuilder().types({funcType({}, {})}).tags({tagType(0)});
  EXPECT_TRUE(isOk(decode(Tag)));
  EXPECT_TRUE(
      isMalformed(decode(Tag, FeatureSet::wasm2()), "malformed section id"));
  Bytes DataCount = ModuleBuilder().dataCount(0);
  EXPECT_TRUE(isOk(decode(DataCount, FeatureSet::wasm2())));
  EXPECT_TRUE(isMalformed(decode(DataCount, FeatureSet::wasm1()),
                          "malformed section id"));
}

//===-- Type section ------------------------------------------------------===//

TEST(SectionsTest, TypeSection) {
  Bytes B = ModuleBuilder().types(
      {funcType({}, {}), funcType({I32, I64}, {F32}),
       funcType({F64, V128, FuncRef, ExternRef}, {I32, I64})});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Types.size(), 3u);
  EXPECT_TRUE(M.Types[0].Params.empty());
  EXPECT_TRUE(M.Types[0].Results.empty());
  EXPECT_EQ(M.Types[1].Params.size(), 2u);
  EXPECT_EQ(M.Types[1].Params[0], ValType::I32);
  EXPECT_EQ(M.Types[1].Params[1], ValType::I64);
  ASSERT_EQ(M.Types[1].Results.size(), 1u);
  EXPECT_EQ(M.Types[1].Results[0], ValType::F32);
  ASSERT_EQ(M.Types[2].Params.size(), 4u);
  EXPECT_EQ(M.Types[2].Params[1], ValType::V128);
  EXPECT_EQ(M.Types[2].Params[2], ValType::FuncRef);
  EXPECT_EQ(M.Types[2].Params[3], ValType::ExternRef);
  EXPECT_EQ(M.Types[2].Results.size(), 2u);
}

TEST(SectionsTest, TypeSectionErrors) {
  // Not a function type.
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().types({{0x61, 0x00, 0x00}})),
                          "malformed"));
  // An unknown value type.
  Outcome Bad = decode(ModuleBuilder().types({funcType({0x7A}, {})}));
  EXPECT_TRUE(isMalformed(Bad, "malformed value type"));
  EXPECT_EQ(Bad.Offset, 8u + 2u + 3u);
  // Multiple results need multi-value.
  Bytes Multi = ModuleBuilder().types({funcType({}, {I32, I32})});
  EXPECT_TRUE(isOk(decode(Multi)));
  EXPECT_TRUE(
      isInvalid(decode(Multi, FeatureSet::wasm1()), "invalid result arity"));
  // v128 needs simd, reference types need reference-types.
  Bytes Vec = ModuleBuilder().types({funcType({V128}, {})});
  EXPECT_TRUE(
      isMalformed(decode(Vec, features("-simd")), "malformed value type"));
  Bytes Ref = ModuleBuilder().types({funcType({ExternRef}, {})});
  EXPECT_TRUE(
      isMalformed(decode(Ref, FeatureSet::wasm1()), "malformed value type"));
}

//===-- Import section ----------------------------------------------------===//

TEST(SectionsTest, ImportOfEachKind) {
  Bytes B =
      ModuleBuilder()
          .types({funcType({}, {}), funcType({I32}, {})})
          .imports({importFunc("env", "f", 1),
                    importEntry("env", "t", KindTable,
                                tableType(FuncRef, limits(1, 10))),
                    importEntry("env", "m", KindMemory, limits(2)),
                    importEntry("env", "g", KindGlobal, globalType(I64, true)),
                    importEntry("env", "e", KindTag, tagType(1)),
                    importFunc("env", "f2", 0)});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Imports.size(), 6u);
  EXPECT_EQ(M.Imports[0].Module, "env");
  EXPECT_EQ(M.Imports[0].Field, "f");
  EXPECT_EQ(M.Imports[0].Kind, ExternKind::Func);
  EXPECT_EQ(M.Imports[0].Index, 1u) << "a function import records its type";
  EXPECT_EQ(M.Imports[1].Kind, ExternKind::Table);
  EXPECT_EQ(M.Imports[1].Index, 0u);
  EXPECT_EQ(M.Imports[2].Kind, ExternKind::Memory);
  EXPECT_EQ(M.Imports[3].Kind, ExternKind::Global);
  EXPECT_EQ(M.Imports[4].Kind, ExternKind::Tag);
  EXPECT_EQ(M.Imports[4].Index, 1u) << "a tag import records its type";
  EXPECT_EQ(M.Imports[5].Field, "f2");

  EXPECT_EQ(M.NumImportedFuncs, 2u);
  EXPECT_EQ(M.NumImportedTables, 1u);
  EXPECT_EQ(M.NumImportedMemories, 1u);
  EXPECT_EQ(M.NumImportedGlobals, 1u);
  EXPECT_EQ(M.NumImportedTags, 1u);
  ASSERT_EQ(M.FuncTypeIndices.size(), 2u);
  EXPECT_EQ(M.FuncTypeIndices[0], 1u);
  EXPECT_EQ(M.FuncTypeIndices[1], 0u);
  ASSERT_EQ(M.Tables.size(), 1u);
  EXPECT_EQ(M.Tables[0].Elem, ValType::FuncRef);
  EXPECT_EQ(M.Tables[0].Size.Min, 1u);
  EXPECT_EQ(M.Tables[0].Size.Max, std::optional<uint64_t>(10));
  ASSERT_EQ(M.Memories.size(), 1u);
  EXPECT_EQ(M.Memories[0].Pages.Min, 2u);
  EXPECT_FALSE(M.Memories[0].Pages.Max);
  ASSERT_EQ(M.Globals.size(), 1u);
  EXPECT_EQ(M.Globals[0].Type, ValType::I64);
  EXPECT_TRUE(M.Globals[0].Mutable);
  ASSERT_EQ(M.Tags.size(), 1u);
  EXPECT_EQ(M.Tags[0].TypeIndex, 1u);
  EXPECT_TRUE(M.GlobalInits.empty()) << "imported globals have no initialiser";
}

TEST(SectionsTest, ImportErrors) {
  // Unknown type.
  Outcome O = decode(ModuleBuilder()
                         .types({funcType({}, {})})
                         .imports({importFunc("a", "b", 1)}));
  EXPECT_TRUE(isInvalid(O, "unknown type"));
  EXPECT_EQ(O.Offset, 8u + 6u + 3u + 4u + 1u);
  // Unknown kind.
  EXPECT_TRUE(isMalformed(
      decode(ModuleBuilder().imports({importEntry("a", "b", 0x05, {0x00})})),
      "malformed import kind"));
  // A tag import needs exceptions.
  Bytes Tag = ModuleBuilder()
                  .types({funcType({}, {})})
                  .imports({importEntry("a", "b", KindTag, tagType(0))});
  EXPECT_TRUE(isOk(decode(Tag)));
  EXPECT_TRUE(
      isMalformed(decode(Tag, FeatureSet::wasm2()), "malformed import kind"));
  // A bad global mutability byte.
  EXPECT_TRUE(isMalformed(decode(ModuleBuilder().imports({importEntry(
                              "a", "b", KindGlobal, {I32, 0x02})})),
                          "malformed mutability"));
}

TEST(SectionsTest, MutableGlobalImportAndExport) {
  Bytes Import = ModuleBuilder().imports(
      {importEntry("a", "g", KindGlobal, globalType(I32, true))});
  Bytes Export = ModuleBuilder()
                     .globals({globalEntry(I32, true, i32ConstExpr(0))})
                     .exports({exportEntry("g", KindGlobal, 0)});
  // mutable-global belongs to Wasm 1.0 as published (and to wasm-tools'
  // wasm1 group).
  EXPECT_TRUE(isOk(decode(Import, FeatureSet::wasm1())));
  EXPECT_TRUE(isOk(decode(Export, FeatureSet::wasm1())));
  FeatureSet NoMutableGlobal =
      FeatureSet::wasm1().remove(FeatureSet::MutableGlobal);
  Outcome O = decode(Import, NoMutableGlobal);
  EXPECT_TRUE(isInvalid(O, "mutable globals cannot be imported"));
  EXPECT_TRUE(isInvalid(decode(Export, NoMutableGlobal),
                        "mutable globals cannot be exported"));
  // Immutable ones are fine without it.
  Bytes ImmutableImport = ModuleBuilder().imports(
      {importEntry("a", "g", KindGlobal, globalType(I32, false))});
  EXPECT_TRUE(isOk(decode(ImmutableImport, NoMutableGlobal)));
}

//===-- Function and code sections ----------------------------------------===//

TEST(SectionsTest, FunctionAndCodeSections) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {}), funcType({I32}, {I32})})
                .imports({importFunc("env", "f", 0)})
                .funcs({1, 0, 1})
                .code({body({op::LocalGet, 0, op::End}), body({op::End}),
                       body({{2, I64}}, {op::LocalGet, 0, op::End})});
  Module M = decodeOk(B);
  ASSERT_EQ(M.FuncTypeIndices.size(), 4u);
  EXPECT_EQ(M.FuncTypeIndices[0], 0u);
  EXPECT_EQ(M.FuncTypeIndices[1], 1u);
  EXPECT_EQ(M.FuncTypeIndices[2], 0u);
  EXPECT_EQ(M.FuncTypeIndices[3], 1u);
  EXPECT_EQ(M.getNumDefinedFuncs(), 3u);
  EXPECT_EQ(M.getFuncType(3).Params.size(), 1u);
  ASSERT_EQ(M.Bodies.size(), 3u);
  // A body's bytes are its locals and code, without its size.
  EXPECT_EQ(M.Bodies[0].Bytes.size(), 4u);
  EXPECT_EQ(M.Bodies[0].Bytes[0], 0x00);
  EXPECT_EQ(M.Bodies[0].Bytes[1], op::LocalGet);
  EXPECT_EQ(M.Bodies[0].Offset, size_t(M.Bodies[0].Bytes.data() - B.data()));
  EXPECT_EQ(M.Bodies[2].Bytes.size(), 6u);
  EXPECT_EQ(M.Bodies[2].Offset, size_t(M.Bodies[2].Bytes.data() - B.data()));
}

TEST(SectionsTest, FunctionWithUnknownType) {
  Outcome O = decode(ModuleBuilder()
                         .types({funcType({}, {})})
                         .funcs({0, 1})
                         .code({body({op::End}), body({op::End})}));
  EXPECT_TRUE(isInvalid(O, "unknown type 1"));
}

TEST(SectionsTest, FunctionAndCodeCountMismatch) {
  // More functions than bodies.
  Outcome O = decode(withEmptyFunc().code({}));
  EXPECT_TRUE(
      isMalformed(O, "function and code section have inconsistent lengths"));
  // More bodies than functions.
  EXPECT_TRUE(isMalformed(
      decode(withEmptyFunc().code({body({op::End}), body({op::End})})),
      "inconsistent lengths"));
  // No code section at all.
  EXPECT_TRUE(isMalformed(decode(withEmptyFunc()), "inconsistent lengths"));
  // A code section without a function section.
  EXPECT_TRUE(isMalformed(
      decode(ModuleBuilder().types({funcType({}, {})}).code({body({op::End})})),
      "inconsistent lengths"));
  // Both empty is fine.
  EXPECT_TRUE(isOk(decode(ModuleBuilder().funcs({}).code({}))));
}

TEST(SectionsTest, BodySizeOutOfBounds) {
  // The body claims 9 bytes but the section ends after 2.
  Bytes B = withEmptyFunc().section(CodeSec, {0x01, 0x09, 0x00, op::End});
  EXPECT_TRUE(isMalformed(decode(B), "unexpected end"));
}

//===-- Table, memory and tag sections ------------------------------------===//

TEST(SectionsTest, TableSection) {
  Bytes B = ModuleBuilder().tables(
      {tableType(FuncRef, limits(1)), tableType(ExternRef, limits(0, 10))});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Tables.size(), 2u);
  EXPECT_EQ(M.Tables[0].Elem, ValType::FuncRef);
  EXPECT_EQ(M.Tables[0].Size.Min, 1u);
  EXPECT_FALSE(M.Tables[0].Size.Max);
  EXPECT_EQ(M.Tables[1].Elem, ValType::ExternRef);
  EXPECT_EQ(M.Tables[1].Size.Max, std::optional<uint64_t>(10));
  EXPECT_EQ(M.Tables[1].indexType(), ValType::I32);
  EXPECT_EQ(M.NumImportedTables, 0u);
}

TEST(SectionsTest, TableErrors) {
  // Not a reference type.
  EXPECT_TRUE(
      isMalformed(decode(ModuleBuilder().tables({tableType(I32, limits(1))})),
                  "malformed reference type"));
  // externref needs reference types.
  EXPECT_TRUE(isMalformed(
      decode(ModuleBuilder().tables({tableType(ExternRef, limits(1))}),
             FeatureSet::wasm1()),
      "malformed"));
}

TEST(SectionsTest, FuncrefTablesNeedNoFeature) {
  // Wasm 1.0 has funcref tables (then "anyfunc"): 0x70 needs no feature as a
  // table's element type, although it does as a value type.
  Bytes Table = ModuleBuilder().tables({tableType(FuncRef, limits(1))});
  EXPECT_TRUE(isOk(decode(Table, FeatureSet::wasm1())));
  Bytes Import = ModuleBuilder().imports(
      {importEntry("a", "t", KindTable, tableType(FuncRef, limits(1, 2)))});
  EXPECT_TRUE(isOk(decode(Import, FeatureSet::wasm1())));
  Bytes Elem = ModuleBuilder()
                   .types({funcType({}, {})})
                   .funcs({0})
                   .tables({tableType(FuncRef, limits(1))})
                   .elems({cat({{0x00}, i32ConstExpr(0), vecU32({0})})})
                   .code({body({op::End})});
  EXPECT_TRUE(isOk(decode(Elem, FeatureSet::wasm1())));
  EXPECT_TRUE(
      isMalformed(decode(ModuleBuilder().types({funcType({FuncRef}, {})}),
                         FeatureSet::wasm1()),
                  "malformed value type"));
}

TEST(SectionsTest, MultipleTablesNeedReferenceTypes) {
  Bytes Two = ModuleBuilder().tables(
      {tableType(FuncRef, limits(1)), tableType(FuncRef, limits(1))});
  EXPECT_TRUE(isOk(decode(Two)));
  Outcome O = decode(Two, FeatureSet::wasm1());
  EXPECT_TRUE(isInvalid(O, "multiple tables"));
  EXPECT_EQ(O.Offset, 8u + 2u + 1u + 3u) << "at the second table";
  Bytes ImportAndDefine =
      ModuleBuilder()
          .imports(
              {importEntry("a", "t", KindTable, tableType(FuncRef, limits(1)))})
          .tables({tableType(FuncRef, limits(1))});
  EXPECT_TRUE(isOk(decode(ImportAndDefine)));
  EXPECT_TRUE(isInvalid(decode(ImportAndDefine, FeatureSet::wasm1()),
                        "multiple tables"));
}

TEST(SectionsTest, TwoImportedTablesNeedReferenceTypes) {
  // Imported tables count too.
  Bytes TwoImports = ModuleBuilder().imports(
      {importEntry("a", "t1", KindTable, tableType(FuncRef, limits(1))),
       importEntry("a", "t2", KindTable, tableType(FuncRef, limits(1)))});
  EXPECT_TRUE(isOk(decode(TwoImports)));
  EXPECT_TRUE(
      isInvalid(decode(TwoImports, FeatureSet::wasm1()), "multiple tables"));
}

TEST(SectionsTest, MemorySection) {
  Module M = decodeOk(ModuleBuilder().memories({limits(1, 2)}));
  ASSERT_EQ(M.Memories.size(), 1u);
  EXPECT_EQ(M.Memories[0].Pages.Min, 1u);
  EXPECT_EQ(M.Memories[0].Pages.Max, std::optional<uint64_t>(2));
  EXPECT_FALSE(M.Memories[0].Pages.Shared);
  EXPECT_FALSE(M.Memories[0].Pages.Is64);
  EXPECT_EQ(M.Memories[0].addressType(), ValType::I32);
}

TEST(SectionsTest, MultipleMemoriesNeedMultiMemory) {
  Bytes Two = ModuleBuilder().memories({limits(1), limits(1)});
  EXPECT_TRUE(isOk(decode(Two)));
  Module M = decodeOk(Two);
  EXPECT_EQ(M.Memories.size(), 2u);
  Outcome O = decode(Two, FeatureSet::wasm2());
  EXPECT_TRUE(isInvalid(O, "multiple memories"));
  EXPECT_EQ(O.Offset, 8u + 2u + 1u + 2u) << "at the second memory";
  Bytes ImportAndDefine =
      ModuleBuilder()
          .imports({importEntry("a", "m", KindMemory, limits(1))})
          .memories({limits(1)});
  EXPECT_TRUE(isInvalid(decode(ImportAndDefine, FeatureSet::wasm2()),
                        "multiple memories"));
  Bytes TwoImports =
      ModuleBuilder().imports({importEntry("a", "m1", KindMemory, limits(1)),
                               importEntry("a", "m2", KindMemory, limits(1))});
  EXPECT_TRUE(
      isInvalid(decode(TwoImports, FeatureSet::wasm2()), "multiple memories"));
  EXPECT_TRUE(isOk(decode(TwoImports)));
}

TEST(SectionsTest, TagSection) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {}), funcType({I32, F64}, {})})
                .tags({tagType(1), tagType(0)});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Tags.size(), 2u);
  EXPECT_EQ(M.Tags[0].TypeIndex, 1u);
  EXPECT_EQ(M.Tags[1].TypeIndex, 0u);
}

TEST(SectionsTest, TagErrors) {
  EXPECT_TRUE(isInvalid(
      decode(ModuleBuilder().types({funcType({}, {I32})}).tags({tagType(0)})),
      "non-empty tag result type"));
  EXPECT_TRUE(isInvalid(
      decode(ModuleBuilder().types({funcType({}, {})}).tags({tagType(1)})),
      "unknown type"));
  EXPECT_TRUE(isMalformed(
      decode(ModuleBuilder().types({funcType({}, {})}).tags({{0x01, 0x00}})),
      "malformed tag attribute"));
}

//===-- Export section ----------------------------------------------------===//

TEST(SectionsTest, ExportOfEachKind) {
  Bytes B =
      ModuleBuilder()
          .types({funcType({}, {})})
          .funcs({0})
          .tables({tableType(FuncRef, limits(1))})
          .memories({limits(1)})
          .tags({tagType(0)})
          .globals({globalEntry(I32, false, i32ConstExpr(0))})
          .exports(
              {exportEntry("f", KindFunc, 0), exportEntry("t", KindTable, 0),
               exportEntry("m", KindMemory, 0), exportEntry("g", KindGlobal, 0),
               exportEntry("e", KindTag, 0), exportEntry("", KindFunc, 0)})
          .code({body({op::End})});
  Module M = decodeOk(B);
  ASSERT_EQ(M.Exports.size(), 6u);
  EXPECT_EQ(M.Exports[0].Name, "f");
  EXPECT_EQ(M.Exports[0].Kind, ExternKind::Func);
  EXPECT_EQ(M.Exports[1].Kind, ExternKind::Table);
  EXPECT_EQ(M.Exports[2].Kind, ExternKind::Memory);
  EXPECT_EQ(M.Exports[3].Kind, ExternKind::Global);
  EXPECT_EQ(M.Exports[4].Kind, ExternKind::Tag);
  EXPECT_EQ(M.Exports[5].Name, "");
  ASSERT_EQ(M.DeclaredFuncRefs.size(), 1u);
  EXPECT_TRUE(M.DeclaredFuncRefs[0]) << "an exported function is declared";
}

TEST(SectionsTest, DuplicateExportName) {
  Bytes B = withEmptyFunc()
                .exports({exportEntry("a", KindFunc, 0),
                          exportEntry("b", KindFunc, 0),
                          exportEntry("a", KindFunc, 0)})
                .code({body({op::End})});
  Outcome O = decode(B);
  EXPECT_TRUE(isInvalid(O, "duplicate export name"));
  EXPECT_EQ(O.Offset, findBytes(B, {0x01, 'a', KindFunc, 0x00, 0x01, 'b'}) + 8)
      << "at the second \"a\"";
}

TEST(SectionsTest, ExportOfUnknownEntity) {
  auto Export = [](uint8_t Kind, uint32_t Index) {
    return ModuleBuilder()
        .types({funcType({}, {})})
        .funcs({0})
        .memories({limits(1)})
        .exports({exportEntry("x", Kind, Index)})
        .code({body({op::End})})
        .build();
  };
  EXPECT_TRUE(isOk(decode(Export(KindFunc, 0))));
  EXPECT_TRUE(isInvalid(decode(Export(KindFunc, 1)), "unknown func 1"));
  EXPECT_TRUE(isInvalid(decode(Export(KindTable, 0)), "unknown table 0"));
  EXPECT_TRUE(isInvalid(decode(Export(KindMemory, 1)), "unknown memory 1"));
  EXPECT_TRUE(isInvalid(decode(Export(KindGlobal, 0)), "unknown global 0"));
  EXPECT_TRUE(isInvalid(decode(Export(KindTag, 0)), "unknown tag 0"));
  EXPECT_TRUE(isMalformed(decode(Export(0x05, 0)), "malformed export kind"));
  EXPECT_TRUE(isMalformed(decode(Export(KindTag, 0), FeatureSet::wasm2()),
                          "malformed export kind"));
}

//===-- Start section -----------------------------------------------------===//

TEST(SectionsTest, StartSection) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .imports({importFunc("a", "f", 0)})
                .funcs({0})
                .start(1)
                .code({body({op::End})});
  Module M = decodeOk(B);
  EXPECT_EQ(M.Start, std::optional<uint32_t>(1));
  // An imported function can be the start function.
  Bytes Imported = ModuleBuilder()
                       .types({funcType({}, {})})
                       .imports({importFunc("a", "f", 0)})
                       .start(0);
  EXPECT_EQ(decodeOk(Imported).Start, std::optional<uint32_t>(0));
}

TEST(SectionsTest, StartFunctionType) {
  auto Start = [](const Bytes &Type) {
    return ModuleBuilder()
        .types({Type})
        .funcs({0})
        .start(0)
        .code({body({op::Unreachable, op::End})})
        .build();
  };
  EXPECT_TRUE(isInvalid(decode(Start(funcType({I32}, {}))),
                        "start function must have type [] -> []"));
  EXPECT_TRUE(isInvalid(decode(Start(funcType({}, {I32}))),
                        "start function must have type [] -> []"));
  Outcome O = decode(withEmptyFunc().start(1).code({body({op::End})}));
  EXPECT_TRUE(isInvalid(O, "unknown function 1"));
}

} // namespace
