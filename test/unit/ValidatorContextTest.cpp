//===- ValidatorContextTest.cpp - Typing against the module ---------------===//
//
// Operators whose typing depends on the function's locals or the module's
// globals, functions, tables and declared references; and validating the
// functions of a module, also in parallel.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

#include <functional>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

//===-- Locals ------------------------------------------------------------===//

TEST(ValidatorContextTest, Locals) {
  // Parameters come first, then the declared locals in order.
  EXPECT_TRUE(
      isOk(check({I32}, {I64}, {op::LocalGet, 2, op::End}, {{2, I64}})));
  EXPECT_TRUE(isOk(
      check({I32}, {F32}, {op::LocalGet, 3, op::End}, {{2, I64}, {1, F32}})));
  EXPECT_TRUE(
      isInvalid(check({I32}, {I64}, {op::LocalGet, 0, op::End}, {{2, I64}}),
                "type mismatch"));
  EXPECT_TRUE(
      isInvalid(check({I32}, {I64}, {op::LocalGet, 3, op::End}, {{2, I64}}),
                "unknown local 3"));
  EXPECT_TRUE(
      isOk(check({I32}, {I32}, {op::I32Const, 3, op::LocalTee, 0, op::End})));
  EXPECT_TRUE(isOk(
      check({}, {}, {op::I64Const, 3, op::LocalSet, 0, op::End}, {{1, I64}})));
  EXPECT_TRUE(
      isInvalid(check({I32}, {}, cat({F32Zero, {op::LocalSet, 0, op::End}})),
                "type mismatch"));
  EXPECT_TRUE(
      isInvalid(check({}, {}, {op::I32Const, 0, op::LocalSet, 0, op::End}),
                "unknown local 0"));
  // Empty groups are allowed.
  EXPECT_TRUE(
      isOk(check({}, {I32}, {op::LocalGet, 0, op::End}, {{0, I64}, {1, I32}})));
  EXPECT_TRUE(isMalformed(check({}, {}, {op::End}, {{1, 0x7A}}),
                          "malformed value type"));
}

TEST(ValidatorContextTest, LocalsImplementationLimit) {
  EXPECT_TRUE(isOk(check({}, {}, {op::End}, {{50000, I32}})));
  EXPECT_TRUE(isOk(check({}, {}, {op::End}, {{25000, I32}, {25000, F64}})));
  EXPECT_TRUE(isUnsupported(check({}, {}, {op::End}, {{50001, I32}}),
                            "implementation limit"));
  EXPECT_TRUE(isUnsupported(check({I32}, {}, {op::End}, {{50000, I32}}),
                            "implementation limit"));
  EXPECT_TRUE(
      isUnsupported(check({}, {}, {op::End}, {{30000, I32}, {30000, I32}}),
                    "implementation limit"));
}

TEST(ValidatorContextTest, TooManyLocalsIsMalformed) {
  // The sum of all groups is checked before the implementation limit.
  // From binary.wast: 0xFFFFFFFF i32 then 2 i64.
  Outcome O = check({}, {}, {op::End}, {{0xFFFFFFFF, I32}, {2, I64}});
  EXPECT_TRUE(isMalformed(O, "too many locals"));
  // Two parameters and 4 x 2^30 locals.
  EXPECT_TRUE(isMalformed(check({I32, I32}, {}, {op::End},
                                {{0x40000000, I32},
                                 {0x40000000, I64},
                                 {0x40000000, F32},
                                 {0x40000000, F64}}),
                          "too many locals"));
}

//===-- Globals -----------------------------------------------------------===//

/// Globals: 0 imported immutable i32, 1 mutable i64, 2 immutable f32.
Outcome checkWithGlobals(const Bytes &Code) {
  return read(ModuleBuilder()
                  .types({funcType({}, {})})
                  .imports({importEntry("env", "g", KindGlobal,
                                        globalType(I32, false))})
                  .funcs({0})
                  .globals({globalEntry(I64, true, i64ConstExpr(0)),
                            globalEntry(F32, false, cat({F32Zero, {op::End}}))})
                  .code({body(Code)}));
}

TEST(ValidatorContextTest, Globals) {
  EXPECT_TRUE(
      isOk(checkWithGlobals({op::GlobalGet, 0, op::Drop, op::GlobalGet, 1,
                             op::Drop, op::GlobalGet, 2, op::Drop, op::End})));
  EXPECT_TRUE(
      isOk(checkWithGlobals({op::I64Const, 1, op::GlobalSet, 1, op::End})));
  EXPECT_TRUE(
      isInvalid(checkWithGlobals({op::I32Const, 1, op::GlobalSet, 1, op::End}),
                "type mismatch"));
  EXPECT_TRUE(isInvalid(checkWithGlobals({op::GlobalGet, 0, op::I64Const, 1,
                                          op::I64Add, op::Drop, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(checkWithGlobals({op::GlobalGet, 3, op::Drop, op::End}),
                        "unknown global 3"));
}

TEST(ValidatorContextTest, ImmutableGlobalsCannotBeSet) {
  EXPECT_TRUE(
      isInvalid(checkWithGlobals({op::I32Const, 1, op::GlobalSet, 0, op::End}),
                "global is immutable"));
  EXPECT_TRUE(
      isInvalid(checkWithGlobals(cat({F32Zero, {op::GlobalSet, 2, op::End}})),
                "global is immutable"));
}

//===-- Calls -------------------------------------------------------------===//

TEST(ValidatorContextTest, Call) {
  // Function 0: [i32 i64] -> [f32] (imported); function 1 calls it.
  auto Caller = [](const Bytes &Code) {
    return read(ModuleBuilder()
                    .types({funcType({I32, I64}, {F32}), funcType({}, {F32})})
                    .imports({importFunc("env", "f", 0)})
                    .funcs({1})
                    .code({body(Code)}));
  };
  EXPECT_TRUE(
      isOk(Caller({op::I32Const, 1, op::I64Const, 2, op::Call, 0, op::End})));
  EXPECT_TRUE(isInvalid(
      Caller({op::I64Const, 1, op::I32Const, 2, op::Call, 0, op::End}),
      "type mismatch"));
  EXPECT_TRUE(isInvalid(Caller({op::I64Const, 2, op::Call, 0, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(Caller({op::Call, 2, op::End}), "unknown function 2"));
  // Recursion.
  EXPECT_TRUE(isOk(Caller({op::Call, 1, op::End})));
}

/// call_indirect through a funcref table64.
Outcome Caller2Table64(const Bytes &Code) {
  return read(ModuleBuilder()
                  .types({funcType({I32}, {I64}), funcType({}, {I64})})
                  .funcs({1})
                  .tables({tableType(FuncRef, limitsFlags(0x04, 1))})
                  .code({body(Code)}));
}

TEST(ValidatorContextTest, CallIndirect) {
  auto Caller = [](uint8_t TableElem, const Bytes &Code) {
    return read(ModuleBuilder()
                    .types({funcType({I32}, {I64}), funcType({}, {I64})})
                    .funcs({1})
                    .tables({tableType(TableElem, limits(1))})
                    .code({body(Code)}));
  };
  EXPECT_TRUE(isOk(Caller(FuncRef, {op::I32Const, 5, op::I32Const, 0,
                                    op::CallIndirect, 0, 0, op::End})));
  // The table index is the last operand.
  EXPECT_TRUE(isInvalid(
      Caller(FuncRef, {op::I32Const, 5, op::CallIndirect, 0, 0, op::End}),
      "type mismatch"));
  EXPECT_TRUE(isInvalid(Caller(FuncRef, {op::I32Const, 5, op::I32Const, 0,
                                         op::CallIndirect, 2, 0, op::End}),
                        "unknown type 2"));
  EXPECT_TRUE(isInvalid(Caller(FuncRef, {op::I32Const, 5, op::I32Const, 0,
                                         op::CallIndirect, 0, 1, op::End}),
                        "unknown table 1"));
  EXPECT_TRUE(isInvalid(Caller(ExternRef, {op::I32Const, 5, op::I32Const, 0,
                                           op::CallIndirect, 0, 0, op::End}),
                        "funcref"));
  // Before reference types the table immediate is a zero byte.
  EXPECT_TRUE(
      isOk(read(ModuleBuilder()
                    .types({funcType({I32}, {I64}), funcType({}, {I64})})
                    .funcs({1})
                    .tables({tableType(FuncRef, limits(1))})
                    .code({body({op::I32Const, 5, op::I32Const, 0,
                                 op::CallIndirect, 0, 0, op::End})}),
                FeatureSet::wasm1())));
  // With reference types it is a u32, and 0x80 0x00 is table 0.
  EXPECT_TRUE(
      isOk(Caller(FuncRef, {op::I32Const, 5, op::I32Const, 0, op::CallIndirect,
                            0, 0x80, 0x00, op::End})));
  // A table64 takes an i64 index.
  EXPECT_TRUE(isOk(Caller2Table64(
      {op::I32Const, 5, op::I64Const, 0, op::CallIndirect, 0, 0, op::End})));
  EXPECT_TRUE(isInvalid(Caller2Table64({op::I32Const, 5, op::I32Const, 0,
                                        op::CallIndirect, 0, 0, op::End}),
                        "type mismatch"));
}

TEST(ValidatorContextTest, ReturnCall) {
  // 0: [] -> [i32], 1: [] -> [i64], 2: [i32] -> [i32].
  auto Module = [](const Bytes &Code) {
    return ModuleBuilder()
        .types(
            {funcType({}, {I32}), funcType({}, {I64}), funcType({I32}, {I32})})
        .funcs({0, 1, 2})
        .tables({tableType(FuncRef, limits(1))})
        .code({body(Code), body({op::I64Const, 0, op::End}),
               body({op::LocalGet, 0, op::End})})
        .build();
  };
  EXPECT_TRUE(isOk(read(Module({op::ReturnCall, 0, op::End}))));
  EXPECT_TRUE(
      isOk(read(Module({op::I32Const, 1, op::ReturnCall, 2, op::End}))));
  // Nothing after a return_call is reachable.
  EXPECT_TRUE(isOk(read(Module(
      {op::I32Const, 1, op::ReturnCall, 2, op::Drop, op::Drop, op::End}))));
  Outcome O = read(Module({op::ReturnCall, 1, op::End}));
  EXPECT_TRUE(isInvalid(O, "type mismatch in return_call"));
  EXPECT_EQ(O.Func, std::optional<uint32_t>(0));
  EXPECT_TRUE(
      isInvalid(read(Module({op::ReturnCall, 2, op::End})), "type mismatch"));
  // return_call_indirect.
  EXPECT_TRUE(isOk(
      read(Module({op::I32Const, 0, op::ReturnCallIndirect, 0, 0, op::End}))));
  EXPECT_TRUE(isInvalid(
      read(Module({op::I32Const, 0, op::ReturnCallIndirect, 1, 0, op::End})),
      "type mismatch in return_call_indirect"));
  // Both need tail calls.
  EXPECT_TRUE(isMalformed(
      read(Module({op::ReturnCall, 0, op::End}), FeatureSet::wasm2()),
      "illegal opcode"));
}

//===-- ref.func and reference operators ----------------------------------===//

/// Two functions of type [] -> []; function 0 runs Code. Between the function
/// and code sections come the bytes of Middle (a table, elements...).
Bytes refFuncModule(const Bytes &Code,
                    const std::function<void(ModuleBuilder &)> &Middle = {}) {
  ModuleBuilder B;
  B.types({funcType({}, {})}).funcs({0, 0});
  if (Middle)
    Middle(B);
  B.code({body(Code), body({op::End})});
  return B;
}

TEST(ValidatorContextTest, RefFuncNeedsADeclaration) {
  const Bytes Code = {op::RefFunc, 1, op::Drop, op::End};
  Outcome O = read(refFuncModule(Code));
  EXPECT_TRUE(isInvalid(O, "undeclared function reference"));
  EXPECT_EQ(O.Func, std::optional<uint32_t>(0));
  // Declared by an export...
  EXPECT_TRUE(isOk(read(refFuncModule(Code, [](ModuleBuilder &B) {
    B.exports({exportEntry("f", KindFunc, 1)});
  }))));
  // ...by a declarative element segment...
  EXPECT_TRUE(isOk(read(refFuncModule(Code, [](ModuleBuilder &B) {
    B.elems({cat({{0x03, 0x00}, vecU32({1})})});
  }))));
  // ...by an expression in a passive segment...
  EXPECT_TRUE(isOk(read(refFuncModule(Code, [](ModuleBuilder &B) {
    B.elems({cat({{0x05, FuncRef}, vec({refFuncExpr(1)})})});
  }))));
  // ...or by a global's initialiser.
  EXPECT_TRUE(isOk(read(refFuncModule(Code, [](ModuleBuilder &B) {
    B.globals({globalEntry(FuncRef, false, refFuncExpr(1))});
  }))));
  // Declaring another function does not help.
  EXPECT_TRUE(
      isInvalid(read(refFuncModule(Code,
                                   [](ModuleBuilder &B) {
                                     B.exports({exportEntry("f", KindFunc, 0)});
                                   })),
                "undeclared function reference 1"));
  // Nor does the start section.
  EXPECT_TRUE(
      isInvalid(read(refFuncModule(Code, [](ModuleBuilder &B) { B.start(1); })),
                "undeclared function reference"));
  // An unknown function.
  EXPECT_TRUE(
      isInvalid(read(refFuncModule({op::RefFunc, 7, op::Drop, op::End})),
                "unknown function 7"));
}

TEST(ValidatorContextTest, ReferenceOperators) {
  EXPECT_TRUE(
      isOk(check({}, {I32}, {op::RefNull, ExternRef, op::RefIsNull, op::End})));
  EXPECT_TRUE(isOk(check({}, {FuncRef}, {op::RefNull, FuncRef, op::End})));
  EXPECT_TRUE(isInvalid(check({}, {ExternRef}, {op::RefNull, FuncRef, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(
      isInvalid(check({}, {I32}, {op::I32Const, 0, op::RefIsNull, op::End}),
                "type mismatch in ref.is_null"));
  EXPECT_TRUE(
      isOk(check({}, {I32}, {op::Unreachable, op::RefIsNull, op::End})));
  // ref.null with a heap type that is not one.
  EXPECT_TRUE(isMalformed(check({}, {}, {op::RefNull, I32, op::Drop, op::End},
                                {}, FeatureSet::wasm2()),
                          "malformed reference type"));
}

TEST(ValidatorContextTest, TableOperators) {
  auto WithTables = [](const Bytes &Code) {
    return read(ModuleBuilder()
                    .types({funcType({}, {})})
                    .funcs({0})
                    .tables({tableType(FuncRef, limits(1)),
                             tableType(ExternRef, limits(1)),
                             tableType(FuncRef, limitsFlags(0x04, 1))})
                    .elems({cat({{0x01, 0x00}, vecU32({0})})})
                    .code({body(Code)}));
  };
  EXPECT_TRUE(
      isOk(WithTables({op::I32Const, 0, op::TableGet, 0, op::Drop, op::End})));
  EXPECT_TRUE(isOk(WithTables(
      {op::I32Const, 0, op::RefNull, ExternRef, op::TableSet, 1, op::End})));
  EXPECT_TRUE(isInvalid(WithTables({op::I32Const, 0, op::RefNull, FuncRef,
                                    op::TableSet, 1, op::End}),
                        "type mismatch"));
  // table64 takes i64 indices.
  EXPECT_TRUE(
      isOk(WithTables({op::I64Const, 0, op::TableGet, 2, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(
      WithTables({op::I32Const, 0, op::TableGet, 2, op::Drop, op::End}),
      "type mismatch"));
  // table.size, table.grow (0xFC 16, 15).
  EXPECT_TRUE(isOk(WithTables(
      {op::PrefixFC, 16, 2, op::I64Const, 0, op::I64Add, op::Drop, op::End})));
  EXPECT_TRUE(isOk(WithTables({op::RefNull, ExternRef, op::I32Const, 1,
                               op::PrefixFC, 15, 1, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(
      WithTables({op::I32Const, 0, op::TableGet, 3, op::Drop, op::End}),
      "unknown table 3"));
  // table.init (0xFC 12 elem table), elem.drop (0xFC 13 elem).
  EXPECT_TRUE(isOk(WithTables({op::I32Const, 0, op::I32Const, 0, op::I32Const,
                               0, op::PrefixFC, 12, 0, 0, op::End})));
  EXPECT_TRUE(
      isInvalid(WithTables({op::I32Const, 0, op::I32Const, 0, op::I32Const, 0,
                            op::PrefixFC, 12, 0, 1, op::End}),
                "type mismatch"));
  EXPECT_TRUE(
      isInvalid(WithTables({op::I32Const, 0, op::I32Const, 0, op::I32Const, 0,
                            op::PrefixFC, 12, 1, 0, op::End}),
                "unknown elem segment 1"));
  EXPECT_TRUE(isOk(WithTables({op::PrefixFC, 13, 0, op::End})));
  EXPECT_TRUE(isInvalid(WithTables({op::PrefixFC, 13, 1, op::End}),
                        "unknown elem segment 1"));
  // table.copy between tables of different element types.
  EXPECT_TRUE(
      isInvalid(WithTables({op::I32Const, 0, op::I32Const, 0, op::I32Const, 0,
                            op::PrefixFC, 14, 0, 1, op::End}),
                "type mismatch"));
  EXPECT_TRUE(isOk(WithTables({op::I32Const, 0, op::I32Const, 0, op::I32Const,
                               0, op::PrefixFC, 14, 0, 0, op::End})));
}

//===-- validateFunction / validateFunctions ------------------------------===//

TEST(ValidatorContextTest, ValidateFunctionByDefinedIndex) {
  Bytes B = ModuleBuilder()
                .types({funcType({}, {})})
                .imports({importFunc("a", "f", 0), importFunc("a", "g", 0)})
                .funcs({0, 0})
                .code({body({op::End}), body({op::I32Const, 0, op::End})});
  Module M = decodeOk(B);
  FeatureSet F = FeatureSet::defaults();
  EXPECT_TRUE(isOk(outcomeOf(validateFunction(M, F, 0))));
  Outcome O = outcomeOf(validateFunction(M, F, 1));
  EXPECT_TRUE(isInvalid(O, "values remain"));
  EXPECT_EQ(O.Func, std::optional<uint32_t>(3))
      << "defined function 1 is function 3 after two imports";
}

TEST(ValidatorContextTest, ParallelValidationReportsTheLowestInvalidFunction) {
  // Enough functions and bytes for validateFunctions to use threads.
  constexpr uint32_t N = 300;
  std::vector<uint32_t> Funcs(N, 0);
  std::vector<Bytes> Bodies;
  for (uint32_t I = 0; I < N; ++I) {
    bool Bad = I == 150 || I == 151 || I == 299;
    Bodies.push_back(Bad ? body({op::I64Const, 0, op::End})
                         : body({op::I32Const, 0, op::End}));
  }
  Bytes B = ModuleBuilder()
                .types({funcType({}, {I32})})
                .funcs(Funcs)
                .code(Bodies)
                .custom("padding", Bytes(size_t(1) << 20, 0));
  Module M = decodeOk(B);
  for (unsigned Threads : {1u, 2u, 4u, 0u}) {
    Outcome O =
        outcomeOf(validateFunctions(M, FeatureSet::defaults(), Threads));
    EXPECT_TRUE(isInvalid(O, "type mismatch")) << Threads << " threads";
    EXPECT_EQ(O.Func, std::optional<uint32_t>(150)) << Threads << " threads";
  }
  // And a valid module passes on threads.
  Bodies[150] = Bodies[151] = Bodies[299] = body({op::I32Const, 0, op::End});
  Bytes Good = ModuleBuilder()
                   .types({funcType({}, {I32})})
                   .funcs(Funcs)
                   .code(Bodies)
                   .custom("padding", Bytes(size_t(1) << 20, 0));
  Module MG = decodeOk(Good);
  EXPECT_TRUE(
      isOk(outcomeOf(validateFunctions(MG, FeatureSet::defaults(), 4))));
}

} // namespace
