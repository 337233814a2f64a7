//===- ExceptionsValidationTest.cpp - throw, try_table, legacy try --------===//
//
// The exception handling proposal (throw, throw_ref, try_table with its catch
// clauses) and the legacy one (try/catch/catch_all/delegate/rethrow).
//
//===----------------------------------------------------------------------===//

#include "WasmTestUtil.h"

#include <gtest/gtest.h>

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

// Types: 0 [] -> [], 1 [i32] -> [] (the tag's), 2 [] -> [i32],
// 3 [] -> [i32 exnref]. Tag 0 has type 1.
constexpr uint8_t TypeI32ExnRef = 3;

/// One function of type FuncType running Code, with tag 0 : [i32].
Outcome withTag(const Bytes &Code, uint32_t FuncType = 0,
                const FeatureSet &F = FeatureSet::defaults()) {
  return read(ModuleBuilder()
                  .types({funcType({}, {}), funcType({I32}, {}),
                          funcType({}, {I32}), funcType({}, {I32, ExnRef})})
                  .funcs({FuncType})
                  .tags({tagType(1)})
                  .code({body(Code)}),
              F);
}

// Catch clause kinds.
constexpr uint8_t CatchTag = 0x00, CatchRef = 0x01, CatchAllClause = 0x02,
                  CatchAllRef = 0x03;

//===-- throw, throw_ref --------------------------------------------------===//

TEST(ExceptionsValidationTest, Throw) {
  EXPECT_TRUE(isOk(withTag({op::I32Const, 1, op::Throw, 0, op::End})));
  // throw ends the block: nothing after it is reachable.
  EXPECT_TRUE(
      isOk(withTag({op::I32Const, 1, op::Throw, 0, op::I32Add, op::End}, 2)));
  EXPECT_TRUE(isInvalid(withTag({op::Throw, 0, op::End}), "type mismatch"));
  EXPECT_TRUE(isInvalid(withTag({op::I64Const, 1, op::Throw, 0, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(withTag({op::Throw, 1, op::End}), "unknown tag 1"));
}

TEST(ExceptionsValidationTest, ThrowRef) {
  EXPECT_TRUE(isOk(withTag({op::RefNull, ExnRef, op::ThrowRef, op::End})));
  EXPECT_TRUE(isInvalid(withTag({op::RefNull, FuncRef, op::ThrowRef, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(isInvalid(withTag({op::ThrowRef, op::End}), "type mismatch"));
}

//===-- try_table ---------------------------------------------------------===//

TEST(ExceptionsValidationTest, TryTableCatchLabelTypes) {
  // catch $t 0: the label receives the tag's [i32].
  EXPECT_TRUE(
      isOk(withTag({op::Block, I32, op::TryTable, EmptyBlock, 1, CatchTag, 0, 0,
                    op::End, op::I32Const, 0, op::End, op::Drop, op::End})));
  // catch_ref $t 0: [i32 exnref].
  EXPECT_TRUE(isOk(withTag({op::Block, TypeI32ExnRef, op::TryTable, EmptyBlock,
                            1, CatchRef, 0, 0, op::End, op::Unreachable,
                            op::End, op::Drop, op::Drop, op::End})));
  // catch_all 0: [].
  EXPECT_TRUE(isOk(withTag({op::Block, EmptyBlock, op::TryTable, EmptyBlock, 1,
                            CatchAllClause, 0, op::End, op::End, op::End})));
  // catch_all_ref 0: [exnref].
  EXPECT_TRUE(
      isOk(withTag({op::Block, ExnRef, op::TryTable, EmptyBlock, 1, CatchAllRef,
                    0, op::End, op::Unreachable, op::End, op::Drop, op::End})));
  // Several clauses at once.
  EXPECT_TRUE(
      isOk(withTag({op::Block, EmptyBlock, op::Block, I32, op::TryTable,
                    EmptyBlock, 2, CatchTag, 0, 0, CatchAllClause, 1, op::End,
                    op::Unreachable, op::End, op::Drop, op::End, op::End})));
}

TEST(ExceptionsValidationTest, TryTableCatchLabelMismatch) {
  // catch_ref to a label of [i32].
  Outcome O =
      withTag({op::Block, I32, op::TryTable, EmptyBlock, 1, CatchRef, 0, 0,
               op::End, op::I32Const, 0, op::End, op::Drop, op::End});
  EXPECT_TRUE(isInvalid(O, "type mismatch"));
  // catch to a label of [].
  EXPECT_TRUE(
      isInvalid(withTag({op::Block, EmptyBlock, op::TryTable, EmptyBlock, 1,
                         CatchTag, 0, 0, op::End, op::End, op::End}),
                "type mismatch"));
  // catch_all to a label of [i32].
  EXPECT_TRUE(isInvalid(
      withTag({op::Block, I32, op::TryTable, EmptyBlock, 1, CatchAllClause, 0,
               op::End, op::I32Const, 0, op::End, op::Drop, op::End}),
      "type mismatch"));
  // catch_all_ref to a label of [].
  EXPECT_TRUE(
      isInvalid(withTag({op::Block, EmptyBlock, op::TryTable, EmptyBlock, 1,
                         CatchAllRef, 0, op::End, op::End, op::End}),
                "type mismatch"));
}

TEST(ExceptionsValidationTest, TryTableLabelsAreOutsideTheTryTable) {
  // Label 0 of a clause is the enclosing block (here the function's, of
  // type [] -> []), not the try_table itself, whose result is i32.
  EXPECT_TRUE(isOk(withTag({op::TryTable, I32, 1, CatchAllClause, 0,
                            op::I32Const, 1, op::End, op::Drop, op::End})));
  // There is no label 1 at the function level.
  EXPECT_TRUE(isInvalid(withTag({op::TryTable, EmptyBlock, 1, CatchAllClause, 1,
                                 op::End, op::End}),
                        "unknown label 1"));
  // Inside the try_table, label 0 is the try_table.
  EXPECT_TRUE(isOk(withTag({op::TryTable, I32, 0, op::I32Const, 1, op::Br, 0,
                            op::End, op::Drop, op::End})));
}

TEST(ExceptionsValidationTest, TryTableErrors) {
  EXPECT_TRUE(
      isInvalid(withTag({op::Block, EmptyBlock, op::TryTable, EmptyBlock, 1,
                         CatchTag, 5, 0, op::End, op::End, op::End}),
                "unknown tag 5"));
  EXPECT_TRUE(isMalformed(
      withTag({op::TryTable, EmptyBlock, 1, 0x04, 0, op::End, op::End}),
      "malformed catch clause"));
  // The body's own typing.
  EXPECT_TRUE(
      isInvalid(withTag({op::TryTable, I32, 0, op::End, op::Drop, op::End}),
                "type mismatch"));
}

TEST(ExceptionsValidationTest, ExceptionOperatorsNeedTheirFeature) {
  // No tag section, so only the operators are new.
  auto Plain = [](const Bytes &Code, const FeatureSet &F) {
    return read(oneFunc({}, {}, Code), F);
  };
  EXPECT_TRUE(isOk(Plain({op::TryTable, EmptyBlock, 0, op::End, op::End},
                         FeatureSet::wasm3())));
  EXPECT_TRUE(isMalformed(Plain({op::TryTable, EmptyBlock, 0, op::End, op::End},
                                FeatureSet::wasm2()),
                          "illegal opcode"));
  EXPECT_TRUE(isMalformed(
      Plain({op::RefNull, ExnRef, op::ThrowRef, op::End}, FeatureSet::wasm2()),
      "malformed"));
}

//===-- Legacy exceptions -------------------------------------------------===//

TEST(ExceptionsValidationTest, LegacyTryCatch) {
  // try catch $t drop end: the catch receives the tag's i32.
  EXPECT_TRUE(isOk(withTag(
      {op::Try, EmptyBlock, op::Catch, 0, op::Drop, op::End, op::End})));
  // Both the body and each handler produce the results.
  EXPECT_TRUE(isOk(withTag({op::Try, I32, op::I32Const, 1, op::Catch, 0,
                            op::End, op::Drop, op::End})));
  EXPECT_TRUE(
      isOk(withTag({op::Try, I32, op::I32Const, 1, op::Catch, 0, op::CatchAll,
                    op::I32Const, 2, op::End, op::Drop, op::End})));
  EXPECT_TRUE(isInvalid(withTag({op::Try, I32, op::I32Const, 1, op::CatchAll,
                                 op::End, op::Drop, op::End}),
                        "type mismatch"));
  EXPECT_TRUE(
      isInvalid(withTag({op::Try, EmptyBlock, op::Catch, 0, op::End, op::End}),
                "values remain"));
  // A try without handlers is fine.
  EXPECT_TRUE(isOk(withTag({op::Try, EmptyBlock, op::End, op::End})));
  EXPECT_TRUE(
      isInvalid(withTag({op::Try, EmptyBlock, op::Catch, 3, op::End, op::End}),
                "unknown tag 3"));
}

TEST(ExceptionsValidationTest, LegacyCatchPlacement) {
  // catch after catch_all.
  EXPECT_TRUE(isInvalid(withTag({op::Try, EmptyBlock, op::CatchAll, op::Catch,
                                 0, op::Drop, op::End, op::End}),
                        "without a matching try"));
  // Two catch_all.
  EXPECT_TRUE(isInvalid(withTag({op::Try, EmptyBlock, op::CatchAll,
                                 op::CatchAll, op::End, op::End}),
                        "without a matching try"));
  // catch in a block.
  EXPECT_TRUE(isInvalid(
      withTag({op::Block, EmptyBlock, op::CatchAll, op::End, op::End}),
      "without a matching try"));
}

TEST(ExceptionsValidationTest, LegacyRethrow) {
  EXPECT_TRUE(isOk(withTag(
      {op::Try, EmptyBlock, op::CatchAll, op::Rethrow, 0, op::End, op::End})));
  EXPECT_TRUE(isOk(withTag({op::Try, EmptyBlock, op::Catch, 0, op::Drop,
                            op::Rethrow, 0, op::End, op::End})));
  // From a block inside the handler, the handler is label 1.
  EXPECT_TRUE(
      isOk(withTag({op::Try, EmptyBlock, op::Catch, 0, op::Drop, op::Block,
                    EmptyBlock, op::Rethrow, 1, op::End, op::End, op::End})));
  EXPECT_TRUE(isInvalid(
      withTag({op::Try, EmptyBlock, op::Catch, 0, op::Drop, op::Block,
               EmptyBlock, op::Rethrow, 0, op::End, op::End, op::End}),
      "invalid rethrow label"));
  // Not from the try body.
  EXPECT_TRUE(isInvalid(
      withTag({op::Try, EmptyBlock, op::Rethrow, 0, op::End, op::End}),
      "invalid rethrow label"));
  EXPECT_TRUE(
      isInvalid(withTag({op::Rethrow, 0, op::End}), "invalid rethrow label"));
  EXPECT_TRUE(isInvalid(withTag({op::Try, EmptyBlock, op::CatchAll, op::Rethrow,
                                 2, op::End, op::End}),
                        "unknown label 2"));
}

TEST(ExceptionsValidationTest, LegacyDelegate) {
  // delegate 0 at the function level delegates to the caller.
  EXPECT_TRUE(isOk(withTag({op::Try, EmptyBlock, op::Delegate, 0, op::End})));
  // The label counts from outside the try.
  EXPECT_TRUE(
      isInvalid(withTag({op::Try, EmptyBlock, op::Delegate, 1, op::End}),
                "unknown label 1"));
  EXPECT_TRUE(isOk(withTag({op::Block, EmptyBlock, op::Try, EmptyBlock,
                            op::Delegate, 1, op::End, op::End})));
  // The try's results.
  EXPECT_TRUE(isOk(withTag(
      {op::Try, I32, op::I32Const, 1, op::Delegate, 0, op::Drop, op::End})));
  EXPECT_TRUE(
      isInvalid(withTag({op::Try, I32, op::Delegate, 0, op::Drop, op::End}),
                "type mismatch"));
  // Only directly after a try body.
  EXPECT_TRUE(isInvalid(
      withTag({op::Try, EmptyBlock, op::CatchAll, op::Delegate, 0, op::End}),
      "delegate without a matching try"));
  EXPECT_TRUE(
      isInvalid(withTag({op::Block, EmptyBlock, op::Delegate, 0, op::End}),
                "delegate without a matching try"));
}

TEST(ExceptionsValidationTest, LegacyExceptionsAreNotInWasm3) {
  EXPECT_TRUE(isMalformed(
      withTag({op::Try, EmptyBlock, op::End, op::End}, 0, FeatureSet::wasm3()),
      "illegal opcode"));
  EXPECT_TRUE(
      isOk(withTag({op::Try, EmptyBlock, op::End, op::End}, 0,
                   FeatureSet::wasm3().add(FeatureSet::LegacyExceptions))));
}

} // namespace
