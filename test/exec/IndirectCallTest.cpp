// IndirectCallTest.cpp - call_indirect through a table fixed when compiling
// (a constant copy in the library) and through one that code writes (the
// instance's table): the same results and the same traps, in their order.

#include "ExecTestUtil.h"

#include "wasmaot/Translate/FixedTables.h"
#include "wasmaot/Wasm/Validator.h"

using namespace wasmaot::test;

namespace {

class IndirectCallTest : public ::testing::TestWithParam<unsigned> {};

// Slots 2 and 5 are null; $inc has its own type index, with the signature
// of $ii; $set makes $written not fixed.
const char *Tables = R"(
(module
  (type $ii (func (param i32) (result i32)))
  (type $ii_again (func (param i32) (result i32)))
  (type $v (func (result i32)))
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $ii_again) (i32.add (local.get 0) (i32.const 1)))
  (func $seven (type $v) (i32.const 7))
  (table $fixed 6 funcref)
  (elem (table $fixed) (i32.const 0) func $double $inc)
  (elem (table $fixed) (i32.const 3) func $seven $double)
  (table $written 6 funcref)
  (elem (table $written) (i32.const 0) func $double $inc)
  (elem (table $written) (i32.const 3) func $seven $double)
  (func (export "set") (param i32)
    (table.set $written (local.get 0) (ref.func $inc)))
  (func (export "unary_fixed") (param i32 i32) (result i32)
    (call_indirect $fixed (type $ii) (local.get 1) (local.get 0)))
  (func (export "unary_written") (param i32 i32) (result i32)
    (call_indirect $written (type $ii) (local.get 1) (local.get 0)))
  (func (export "nullary_fixed") (param i32) (result i32)
    (call_indirect $fixed (type $v) (local.get 0)))
  (func (export "nullary_written") (param i32) (result i32)
    (call_indirect $written (type $v) (local.get 0)))
)
)";

TEST(FixedTablesTest, FindsTablesNoCodeWrites) {
  std::string Error;
  std::vector<uint8_t> Wasm = watToWasm(Tables, Error);
  ASSERT_FALSE(Wasm.empty()) << Error;
  llvm::Expected<wasmaot::Module> M = wasmaot::readModule(Wasm);
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  auto Fixed = wasmaot::findFixedTables(*M, wasmaot::FeatureSet::defaults());
  const std::vector<uint32_t> *Slots = Fixed->get(0);
  ASSERT_NE(Slots, nullptr);
  const uint32_t Null = wasmaot::FixedTables::NoFunction;
  EXPECT_EQ(*Slots, (std::vector<uint32_t>{0, 1, Null, 2, 0, Null}));
  EXPECT_EQ(Fixed->get(1), nullptr) << "table.set writes it";
}

TEST(FixedTablesTest, ExportsAndImportsKeepTheInstancesTable) {
  std::string Error;
  std::vector<uint8_t> Wasm = watToWasm(R"(
(module
  (import "env" "f" (func $f))
  (global $base (import "env" "base") i32)
  (func $g)
  (table $exported (export "t") 1 funcref)
  (elem (table $exported) (i32.const 0) func $g)
  (table $has_import 1 funcref)
  (elem (table $has_import) (i32.const 0) func $f)
  (table $moving_offset 2 funcref)
  (elem (table $moving_offset) (global.get $base) func $g)
  (table $copied_into 2 funcref)
  (elem (table $copied_into) (i32.const 0) func $g)
  (func (table.copy $copied_into $exported (i32.const 1) (i32.const 0)
                    (i32.const 1)))
  (table $fixed 2 funcref)
  (elem (table $fixed) (i32.const 1) func $g)
)
)",
                                        Error);
  ASSERT_FALSE(Wasm.empty()) << Error;
  llvm::Expected<wasmaot::Module> M = wasmaot::readModule(Wasm);
  ASSERT_TRUE(bool(M)) << llvm::toString(M.takeError());
  auto Fixed = wasmaot::findFixedTables(*M, wasmaot::FeatureSet::defaults());
  for (uint32_t T = 0; T < 4; ++T)
    EXPECT_EQ(Fixed->get(T), nullptr) << "table " << T;
  ASSERT_NE(Fixed->get(4), nullptr);
  EXPECT_EQ(*Fixed->get(4),
            (std::vector<uint32_t>{wasmaot::FixedTables::NoFunction, 1}));
}

TEST_P(IndirectCallTest, FixedAndWrittenTablesAgree) {
  Loaded L(compileWat(Tables, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (const char *Table : {"fixed", "written"}) {
    std::string Unary = std::string("unary_") + Table;
    std::string Nullary = std::string("nullary_") + Table;
    SCOPED_TRACE(Table);
    EXPECT_EQ(I.i32(Unary.c_str(), {I32(0), I32(21)}), 42);
    // Another type index with the same signature matches.
    EXPECT_EQ(I.i32(Unary.c_str(), {I32(1), I32(41)}), 42);
    EXPECT_EQ(I.i32(Unary.c_str(), {I32(4), I32(5)}), 10);
    EXPECT_EQ(I.i32(Nullary.c_str(), {I32(3)}), 7);
    EXPECT_EQ(I.trapOf(Unary.c_str(), {I32(3), I32(0)}, 1),
              (uint32_t)WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    EXPECT_EQ(I.trapOf(Nullary.c_str(), {I32(0)}, 1),
              (uint32_t)WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    for (int32_t Null : {2, 5})
      EXPECT_EQ(I.trapOf(Unary.c_str(), {I32(Null), I32(0)}, 1),
                (uint32_t)WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
    for (int32_t Outside : {6, 7, -1})
      EXPECT_EQ(I.trapOf(Unary.c_str(), {I32(Outside), I32(0)}, 1),
                (uint32_t)WASMAOT_TRAP_UNDEFINED_ELEMENT);
  }
  // Writing the other table changes what it calls, not the fixed one.
  EXPECT_EQ(I.trapOf("set", {I32(2)}), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("unary_written", {I32(2), I32(1)}), 2);
  EXPECT_EQ(I.trapOf("unary_fixed", {I32(2), I32(1)}, 1),
            (uint32_t)WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, IndirectCallTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
