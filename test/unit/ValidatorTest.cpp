//===- ValidatorTest.cpp - Typing function bodies -------------------------===//
//
// The operand and control stacks of the validation algorithm: arithmetic,
// type mismatches, unreachable code, branches, blocks with parameters, if
// and select. Operators that use the module's entities are in
// ValidatorContextTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

//===-- The operand stack -------------------------------------------------===//

TEST(ValidatorTest, SimpleArithmetic) {
  EXPECT_TRUE(isOk(check(
      {}, {I32}, {op::I32Const, 1, op::I32Const, 2, op::I32Add, op::End})));
  EXPECT_TRUE(
      isOk(check({I32, I32}, {I32},
                 {op::LocalGet, 0, op::LocalGet, 1, op::I32Sub, op::End})));
  EXPECT_TRUE(isOk(check(
      {}, {I64}, {op::I64Const, 5, op::I64Const, 6, op::I64Add, op::End})));
  EXPECT_TRUE(
      isOk(check({}, {F32}, cat({F32Zero, F32Zero, {op::F32Add}, {op::End}}))));
  // i32.eqz: i32 -> i32; nop: nothing.
  EXPECT_TRUE(isOk(check(
      {}, {I32}, {op::Nop, op::I32Const, 0, op::I32Eqz, op::Nop, op::End})));
  // A function that returns its parameters in order.
  EXPECT_TRUE(isOk(check({I32, F64}, {I32, F64},
                         {op::LocalGet, 0, op::LocalGet, 1, op::End})));
}

TEST(ValidatorTest, TypeMismatchNamesTheOperatorAndFunction) {
  // Function 0 is imported, so the body below is function 1.
  Bytes Code = cat({{op::I32Const, 1}, F32Zero, {op::I32Add, op::End}});
  Bytes B = ModuleBuilder()
                .types({funcType({}, {I32})})
                .imports({importFunc("env", "f", 0)})
                .funcs({0})
                .code({body(Code)});
  Outcome O = read(B);
  EXPECT_TRUE(isInvalid(O, "type mismatch"));
  EXPECT_NE(O.Message.find("i32.add"), std::string::npos) << O.Text;
  EXPECT_EQ(O.Detail, "expected i32, found f32") << O.Text;
  EXPECT_EQ(O.Func, std::optional<uint32_t>(1));
  EXPECT_NE(O.Text.find("(func 1)"), std::string::npos) << O.Text;
  // Reported at the i32.add.
  EXPECT_EQ(O.Offset, B.size() - 2);
}

TEST(ValidatorTest, NotEnoughOperands) {
  Outcome O = check({}, {I32}, {op::I32Const, 1, op::I32Add, op::End});
  EXPECT_TRUE(isInvalid(O, "type mismatch"));
  EXPECT_NE(O.Message.find("not enough operands"), std::string::npos) << O.Text;
  EXPECT_TRUE(isInvalid(check({}, {}, {op::Drop, op::End}), "type mismatch"));
}

TEST(ValidatorTest, FunctionResults) {
  EXPECT_TRUE(isInvalid(check({}, {I32}, {op::End}), "type mismatch"));
  EXPECT_TRUE(
      isInvalid(check({}, {I32}, {op::I64Const, 0, op::End}), "type mismatch"));
  EXPECT_TRUE(isInvalid(check({}, {}, {op::I32Const, 0, op::End}),
                        "values remain on the stack"));
  EXPECT_TRUE(
      isInvalid(check({}, {I32}, {op::I32Const, 0, op::I32Const, 0, op::End}),
                "values remain on the stack"));
  EXPECT_TRUE(isInvalid(
      check({}, {I32, I64}, {op::I64Const, 0, op::I32Const, 0, op::End}),
      "type mismatch"));
}

TEST(ValidatorTest, BodyFraming) {
  EXPECT_TRUE(isMalformed(check({}, {}, {}), "END opcode expected"));
  EXPECT_TRUE(isMalformed(check({}, {}, {op::Nop}), "END opcode expected"));
  EXPECT_TRUE(isMalformed(check({}, {}, {op::Block, EmptyBlock, op::End}),
                          "END opcode expected"));
  EXPECT_TRUE(
      isMalformed(check({}, {}, {op::End, op::Nop}), "section size mismatch"));
  EXPECT_TRUE(isMalformed(check({}, {}, {0xFF, op::End}), "illegal opcode"));
  EXPECT_TRUE(isMalformed(check({}, {}, {op::PrefixFC, 0x7F, op::End}),
                          "illegal opcode"));
  // An immediate cut short by the end of the body.
  EXPECT_TRUE(isMalformed(check({}, {I32}, {op::I32Const}), "unexpected end"));
}

//===-- Unreachable code --------------------------------------------------===//

TEST(ValidatorTest, UnreachableCodeIsPolymorphic) {
  // The operands of i32.add come from the polymorphic stack.
  EXPECT_TRUE(isOk(check({}, {I32}, {op::Unreachable, op::I32Add, op::End})));
  EXPECT_TRUE(
      isOk(check({}, {}, {op::Unreachable, op::I32Add, op::Drop, op::End})));
  EXPECT_TRUE(
      isOk(check({}, {}, {op::Unreachable, op::Drop, op::Drop, op::End})));
  EXPECT_TRUE(isOk(check({}, {I32, F64}, {op::Unreachable, op::End})));
  EXPECT_TRUE(isOk(check({}, {I32}, {op::Unreachable, op::Select, op::End})));
  EXPECT_TRUE(isOk(check(
      {}, {I32}, {op::I32Const, 1, op::Return, op::I32Const, 0, op::End})));
  // Only missing operands are free: a known one is still typed.
  EXPECT_TRUE(isInvalid(
      check({}, {},
            cat({{op::Unreachable}, F32Zero, {op::I32Add, op::Drop, op::End}})),
      "type mismatch"));
  // What is pushed after it is real.
  EXPECT_TRUE(isInvalid(check({}, {}, {op::Unreachable, op::I32Add, op::End}),
                        "values remain"));
  EXPECT_TRUE(isInvalid(
      check({}, {I32}, {op::I32Const, 1, op::Return, op::I64Const, 0, op::End}),
      "type mismatch"));
  // Each block has its own stack: unreachable outside does not leak in.
  EXPECT_TRUE(isInvalid(
      check({}, {I32}, {op::Unreachable, op::Block, I32, op::End, op::End}),
      "type mismatch"));
  // And unreachable inside ends with its block.
  EXPECT_TRUE(isInvalid(check({}, {I32},
                              {op::Block, EmptyBlock, op::Unreachable, op::End,
                               op::I32Add, op::End}),
                        "type mismatch"));
}

//===-- Branches ----------------------------------------------------------===//

TEST(ValidatorTest, BrArity) {
  EXPECT_TRUE(isOk(
      check({}, {I32},
            {op::Block, I32, op::I32Const, 1, op::Br, 0, op::End, op::End})));
  EXPECT_TRUE(
      isInvalid(check({}, {I32}, {op::Block, I32, op::Br, 0, op::End, op::End}),
                "type mismatch"));
  EXPECT_TRUE(isInvalid(
      check({}, {I32},
            cat({{op::Block, I32}, F32Zero, {op::Br, 0, op::End, op::End}})),
      "type mismatch"));
  // Br to the function's label is a return.
  EXPECT_TRUE(isOk(check({}, {I32}, {op::I32Const, 1, op::Br, 0, op::End})));
  EXPECT_TRUE(
      isInvalid(check({}, {}, {op::Br, 1, op::End}), "unknown label 1"));
  // A loop's label takes the loop's parameters, not its results.
  EXPECT_TRUE(
      isOk(check({}, {I32}, {op::Loop, I32, op::Br, 0, op::End, op::End})));
}

TEST(ValidatorTest, BrIfKeepsItsOperands) {
  EXPECT_TRUE(isOk(check({}, {I32},
                         {op::Block, I32, op::I32Const, 1, op::I32Const, 0,
                          op::BrIf, 0, op::End, op::End})));
  // Without the condition, the value is taken as the condition.
  EXPECT_TRUE(isInvalid(
      check({}, {I32},
            {op::Block, I32, op::I32Const, 1, op::BrIf, 0, op::End, op::End}),
      "type mismatch"));
  EXPECT_TRUE(isInvalid(check({}, {}, cat({F32Zero, {op::BrIf, 0, op::End}})),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(check({}, {}, {op::I32Const, 0, op::BrIf, 2, op::End}),
                        "unknown label"));
}

TEST(ValidatorTest, BrTable) {
  // Both targets take an i32.
  EXPECT_TRUE(
      isOk(check({}, {I32},
                 {op::Block, I32, op::Block, I32, op::I32Const, 7, op::I32Const,
                  0, op::BrTable, 1, 0, 1, op::End, op::End, op::End})));
  // No targets besides the default.
  EXPECT_TRUE(
      isOk(check({}, {}, {op::I32Const, 0, op::BrTable, 0, 0, op::End})));
  // Targets of different arities.
  Outcome O =
      check({}, {I32},
            {op::Block, I32, op::Block, EmptyBlock, op::I32Const, 0,
             op::BrTable, 1, 0, 1, op::End, op::I32Const, 1, op::End, op::End});
  EXPECT_TRUE(isInvalid(O, "arities"));
  // Same arity, different types.
  EXPECT_TRUE(isInvalid(
      check({}, {},
            cat({{op::Block, F32, op::Block, I32, op::I32Const, 5, op::I32Const,
                  0, op::BrTable, 1, 0, 1, op::End, op::Drop},
                 F32Zero,
                 {op::End, op::Drop, op::End}})),
      "type mismatch"));
  // The index must be an i32.
  EXPECT_TRUE(
      isInvalid(check({}, {}, {op::I64Const, 0, op::BrTable, 0, 0, op::End}),
                "type mismatch"));
  EXPECT_TRUE(
      isInvalid(check({}, {}, {op::I32Const, 0, op::BrTable, 1, 3, 0, op::End}),
                "unknown label 3"));
  EXPECT_TRUE(
      isInvalid(check({}, {}, {op::I32Const, 0, op::BrTable, 1, 0, 3, op::End}),
                "unknown label 3"));
}

TEST(ValidatorTest, BrTableInUnreachableCode) {
  // From unreached-valid.wast: in unreachable code, targets of the same
  // arity may have different types.
  EXPECT_TRUE(isOk(
      check({}, {},
            cat({{op::Block, F64, op::Block, F32, op::Unreachable, op::I32Const,
                  1, op::BrTable, 2, 0, 1, 1, op::End, op::Drop},
                 F64Zero,
                 {op::End, op::Drop, op::End}}))));
  EXPECT_TRUE(
      isOk(check({}, {}, {op::Unreachable, op::BrTable, 0, 0, op::End})));
  // But the arities must still agree.
  EXPECT_TRUE(isInvalid(
      check({}, {I32},
            {op::Block, I32, op::Block, EmptyBlock, op::Unreachable,
             op::BrTable, 1, 0, 1, op::End, op::I32Const, 1, op::End, op::End}),
      "arities"));
  // And known operands are still typed: an f32 for an f64 label.
  EXPECT_TRUE(isInvalid(
      check({}, {},
            cat({{op::Block, F64, op::Block, F32, op::Unreachable},
                 F32Zero,
                 {op::I32Const, 1, op::BrTable, 1, 0, 1, op::End, op::Drop},
                 F64Zero,
                 {op::End, op::Drop, op::End}})),
      "type mismatch"));
}

//===-- Blocks, loops and if ----------------------------------------------===//

/// Types: 0 [] -> [i32], 1 [i32] -> [i32], 2 [i32 i32] -> [i32],
/// 3 [i32] -> [i64], 4 [] -> []. One function of type FuncType.
Outcome checkWithTypes(uint32_t FuncType, const Bytes &Code,
                       const FeatureSet &F = FeatureSet::defaults()) {
  return read(ModuleBuilder()
                  .types({funcType({}, {I32}), funcType({I32}, {I32}),
                          funcType({I32, I32}, {I32}), funcType({I32}, {I64}),
                          funcType({}, {})})
                  .funcs({FuncType})
                  .code({body(Code)}),
              F);
}

TEST(ValidatorTest, BlockParameters) {
  EXPECT_TRUE(
      isOk(checkWithTypes(0, {op::I32Const, 1, op::I32Const, 2, op::Block, 2,
                              op::I32Add, op::End, op::End})));
  EXPECT_TRUE(isOk(
      checkWithTypes(0, {op::I32Const, 1, op::Block, 1, op::End, op::End})));
  EXPECT_TRUE(isOk(
      checkWithTypes(0, {op::Block, 0, op::I32Const, 1, op::End, op::End})));
  // A missing parameter.
  EXPECT_TRUE(isInvalid(checkWithTypes(0, {op::I32Const, 1, op::Block, 2,
                                           op::I32Add, op::End, op::End}),
                        "type mismatch"));
  // The block cannot reach below its parameters.
  EXPECT_TRUE(
      isInvalid(checkWithTypes(0, {op::I32Const, 1, op::I32Const, 2, op::Block,
                                   1, op::I32Add, op::End, op::End}),
                "type mismatch"));
  EXPECT_TRUE(isInvalid(checkWithTypes(4, {op::Block, 9, op::End, op::End}),
                        "unknown type 9"));
  // Type indices as block types need multi-value.
  EXPECT_TRUE(isMalformed(
      checkWithTypes(0, {op::Block, 0, op::I32Const, 1, op::End, op::End},
                     FeatureSet::wasm1()),
      "malformed block type"));
  // A negative s33 that is not a value type.
  EXPECT_TRUE(
      isMalformed(checkWithTypes(4, {op::Block, 0xFF, 0x7F, op::End, op::End}),
                  "malformed block type"));
}

TEST(ValidatorTest, LoopParameters) {
  // br 0 to a loop needs its parameter again.
  EXPECT_TRUE(isOk(checkWithTypes(
      0, {op::I32Const, 0, op::Loop, 1, op::Br, 0, op::End, op::End})));
  EXPECT_TRUE(
      isInvalid(checkWithTypes(0, {op::I32Const, 0, op::Loop, 1, op::Drop,
                                   op::Br, 0, op::End, op::End}),
                "type mismatch"));
}

TEST(ValidatorTest, IfElse) {
  EXPECT_TRUE(
      isOk(checkWithTypes(0, {op::I32Const, 0, op::If, I32, op::I32Const, 1,
                              op::Else, op::I32Const, 2, op::End, op::End})));
  // The condition is an i32.
  EXPECT_TRUE(
      isInvalid(checkWithTypes(4, {op::If, EmptyBlock, op::End, op::End}),
                "type mismatch"));
  EXPECT_TRUE(isInvalid(checkWithTypes(4, {op::I64Const, 0, op::If, EmptyBlock,
                                           op::End, op::End}),
                        "type mismatch"));
  // Each arm produces the results.
  EXPECT_TRUE(isInvalid(checkWithTypes(0, cat({{op::I32Const, 0, op::If, I32,
                                                op::I32Const, 1, op::Else},
                                               F32Zero,
                                               {op::End, op::End}})),
                        "type mismatch"));
  EXPECT_TRUE(
      isInvalid(checkWithTypes(0, {op::I32Const, 0, op::If, I32, op::Else,
                                   op::I32Const, 1, op::End, op::End}),
                "type mismatch"));
  // else belongs to an if, once.
  EXPECT_FALSE(checkWithTypes(4, {op::I32Const, 0, op::If, EmptyBlock, op::Else,
                                  op::Else, op::End, op::End})
                   .Ok);
  EXPECT_FALSE(
      checkWithTypes(4, {op::Block, EmptyBlock, op::Else, op::End, op::End})
          .Ok);
  // Parameters are available to both arms.
  EXPECT_TRUE(isOk(checkWithTypes(0, {op::I32Const, 1, op::I32Const, 0, op::If,
                                      1, op::Else, op::End, op::End})));
}

TEST(ValidatorTest, IfWithoutElseNeedsParamsEqualToResults) {
  Outcome O = checkWithTypes(
      0, {op::I32Const, 0, op::If, I32, op::I32Const, 1, op::End, op::End});
  EXPECT_TRUE(isInvalid(O, "type mismatch"));
  EXPECT_NE(O.Message.find("if"), std::string::npos) << O.Text;
  // [i32] -> [i32]: the parameter flows through the missing else.
  EXPECT_TRUE(isOk(checkWithTypes(
      0, {op::I32Const, 1, op::I32Const, 0, op::If, 1, op::End, op::End})));
  // [i32] -> [i64] cannot.
  EXPECT_TRUE(isInvalid(
      checkWithTypes(4, {op::I32Const, 1, op::I32Const, 0, op::If, 3, op::Drop,
                         op::I64Const, 0, op::End, op::Drop, op::End}),
      "type mismatch"));
  // Not even when the then-arm ends in unreachable code.
  EXPECT_TRUE(isInvalid(checkWithTypes(0, {op::I32Const, 0, op::If, I32,
                                           op::Unreachable, op::End, op::End}),
                        "type mismatch"));
}

//===-- Select ------------------------------------------------------------===//

TEST(ValidatorTest, UntypedSelect) {
  EXPECT_TRUE(isOk(check({}, {I32},
                         {op::I32Const, 1, op::I32Const, 2, op::I32Const, 0,
                          op::Select, op::End})));
  EXPECT_TRUE(isOk(
      check({}, {F64},
            cat({F64Zero, F64Zero, {op::I32Const, 0, op::Select, op::End}}))));
  Bytes V128Zero = cat({{op::PrefixSimd, 0x0C}, Bytes(16, 0)});
  EXPECT_TRUE(
      isOk(check({}, {},
                 cat({V128Zero,
                      V128Zero,
                      {op::I32Const, 0, op::Select, op::Drop, op::End}}))));
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::I32Const, 1, op::I64Const, 2, op::I32Const,
                               0, op::Select, op::Drop, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::I32Const, 1, op::I32Const, 2, op::I64Const,
                               0, op::Select, op::Drop, op::End}),
                        "type mismatch"));
}

TEST(ValidatorTest, UntypedSelectRefusesReferences) {
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::RefNull, FuncRef, op::RefNull, FuncRef,
                               op::I32Const, 0, op::Select, op::Drop, op::End}),
                        "type mismatch in select"));
  // Even when the other operand is unknown.
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::Unreachable, op::RefNull, ExternRef,
                               op::I32Const, 0, op::Select, op::Drop, op::End}),
                        "type mismatch in select"));
}

TEST(ValidatorTest, TypedSelect) {
  EXPECT_TRUE(
      isOk(check({}, {},
                 {op::RefNull, FuncRef, op::RefNull, FuncRef, op::I32Const, 0,
                  op::SelectT, 1, FuncRef, op::Drop, op::End})));
  EXPECT_TRUE(isOk(check({}, {I32},
                         {op::I32Const, 1, op::I32Const, 2, op::I32Const, 0,
                          op::SelectT, 1, I32, op::End})));
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::I32Const, 1, op::I32Const, 2, op::I32Const,
                               0, op::SelectT, 1, I64, op::Drop, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(
      check({}, {},
            {op::RefNull, FuncRef, op::RefNull, ExternRef, op::I32Const, 0,
             op::SelectT, 1, ExternRef, op::Drop, op::End}),
      "type mismatch"));
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::I32Const, 1, op::I32Const, 2, op::I32Const,
                               0, op::SelectT, 2, I32, I32, op::Drop, op::End}),
                        "invalid result arity"));
  EXPECT_TRUE(isInvalid(check({}, {},
                              {op::I32Const, 1, op::I32Const, 2, op::I32Const,
                               0, op::SelectT, 0, op::Drop, op::End}),
                        "invalid result arity"));
  // select t* needs reference types.
  EXPECT_TRUE(isMalformed(check({}, {I32},
                                {op::I32Const, 1, op::I32Const, 2, op::I32Const,
                                 0, op::SelectT, 1, I32, op::End},
                                {}, FeatureSet::wasm1()),
                          "illegal opcode"));
}

} // namespace
