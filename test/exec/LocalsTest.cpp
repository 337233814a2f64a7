// LocalsTest.cpp - Locals as SSA values: merged with phis at block ends and
// loop headers by the translator itself, at every level (and as stack slots
// at -O0). Each case is checked against the same computation in C++.

#include "ExecTestUtil.h"

#include <cstring>

using namespace wasmaot::test;

namespace {

/// Level, and the size limit past which functions get the fast pipeline
/// (1: every function, which at -O1 also means the -O0 code generator).
struct LocalsCase {
  unsigned OptLevel;
  unsigned MaxOptimizedFunctionSize;
};

class LocalsTest : public ::testing::TestWithParam<LocalsCase> {
protected:
  std::string compile(const std::string &Wat) {
    return compileWat(Wat, GetParam().OptLevel,
                      GetParam().MaxOptimizedFunctionSize);
  }
};

// An inner loop assigns a local the outer one reads, and a local of its own
// that the outer loop resets: both loop headers need phis for them.
TEST_P(LocalsTest, NestedLoopsCarryTheLocalsTheyAssign) {
  Loaded L(compile(R"(
(module
  (func (export "nested") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $sum i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $sum (i32.add (local.get $sum)
                                   (i32.mul (local.get $i) (local.get $j))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get $j) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $sum))
)
)"));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int32_t N : {0, 1, 2, 10, 37}) {
    uint32_t Sum = 0;
    for (uint32_t Outer = 0; Outer < uint32_t(N); ++Outer) {
      uint32_t Inner = 0;
      do {
        Sum += Outer * Inner;
        ++Inner;
      } while (Inner < Outer);
    }
    EXPECT_EQ(uint32_t(I.i32("nested", {I32(N)})), Sum) << "n = " << N;
  }
}

// Branches to one block from a br_if and from a br_table that names it
// twice (duplicate edges from one block), with different values of the
// local: the merge's phi needs an entry per edge.
TEST_P(LocalsTest, BranchTablesWithRepeatedTargetsMerge) {
  Loaded L(compile(R"(
(module
  (func (export "table") (param $k i32) (result i32)
    (local $x i32)
    (block $b2
      (block $b1
        (block $b0
          (local.set $x (i32.const 7))
          (br_if $b0 (i32.eq (local.get $k) (i32.const 5)))
          (local.set $x (local.get $k))
          (br_table $b0 $b1 $b0 $b2 (local.get $k)))
        (local.set $x (i32.add (local.get $x) (i32.const 1000)))
        (br $b2))
      (local.set $x (i32.add (local.get $x) (i32.const 100))))
    (local.get $x))
)
)"));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  auto Expected = [](int32_t K) {
    if (K == 5)
      return 7 + 1000;
    if (K == 0 || K == 2)
      return K + 1000;
    if (K == 1)
      return K + 100;
    return K;
  };
  for (int32_t K : {0, 1, 2, 3, 4, 5, 9, -1})
    EXPECT_EQ(I.i32("table", {I32(K)}), Expected(K)) << "k = " << K;
}

// A loop in dead code is skipped but was counted by the scan for assigned
// locals: the live loop after it must get its own locals' phis, not the
// dead one's. An if without else merges a local set in one arm only. (A
// global bounds the loop, so that wrong phis give a wrong result, not a
// loop that never ends.)
TEST_P(LocalsTest, DeadLoopsKeepLoopsAndTheirLocalsInStep) {
  Loaded L(compile(R"(
(module
  (global $trips (mut i32) (i32.const 0))
  (func (export "dead") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.const 1))
    (block $out
      (br $out)
      (loop $dead (local.set $a (i32.const 99)) (br $dead)))
    (if (local.get $p) (then (local.set $b (i32.const 5))))
    (global.set $trips (i32.const 0))
    (loop $live
      (local.set $b (i32.add (local.get $b) (i32.const 2)))
      (global.set $trips (i32.add (global.get $trips) (i32.const 1)))
      (br_if $live (i32.and (i32.lt_u (local.get $b) (i32.const 20))
                            (i32.lt_u (global.get $trips) (i32.const 100)))))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
)
)"));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int32_t P : {0, 1}) {
    int32_t B = P ? 5 : 0;
    do
      B += 2;
    while (B < 20);
    EXPECT_EQ(I.i32("dead", {I32(P)}), 1000 + B) << "p = " << P;
  }
}

// Every kind of local through a loop and an if/else, and a local's old
// value left on the operand stack across a set of it.
TEST_P(LocalsTest, EveryTypeOfLocalMerges) {
  Loaded L(compile(R"(
(module
  (func $target)
  (elem declare func $target)
  (func (export "types") (param $n i32) (result f64)
    (local $f f64) (local $v v128) (local $r funcref) (local $w i64)
    (loop $l
      (local.set $f (f64.add (local.get $f) (f64.const 0.5)))
      (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)))
      (if (i32.and (local.get $n) (i32.const 1))
        (then (local.set $r (ref.func $target))
              (local.set $w (i64.add (local.get $w) (i64.const 10))))
        (else (local.set $r (ref.null func))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (f64.add
      (f64.add (local.get $f)
               (f64.convert_i32_s (i32x4.extract_lane 3 (local.get $v))))
      (f64.add (f64.convert_i64_s (local.get $w))
               (f64.convert_i32_s (ref.is_null (local.get $r))))))
  (func (export "old") (param $x i32) (result i32)
    local.get $x
    (local.set $x (i32.const 5))
    (local.tee $x (i32.sub (local.get $x) (i32.const 1)))
    i32.const 1000
    i32.mul
    i32.add
    local.get $x
    i32.add)
)
)"));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int32_t N : {1, 2, 4, 7}) {
    double F = 0;
    int32_t Lane3 = 0;
    int64_t W = 0;
    bool LastWasNull = true;
    int32_t K = N;
    do {
      F += 0.5;
      Lane3 += 4;
      LastWasNull = !(K & 1);
      if (K & 1)
        W += 10;
      --K;
    } while (K);
    std::vector<wasmaot_val> R;
    ASSERT_EQ(I.call("types", {I32(N)}, R), (uint32_t)WASMAOT_TRAP_NONE);
    EXPECT_EQ(R[0].f64, F + Lane3 + double(W) + (LastWasNull ? 1 : 0))
        << "n = " << N;
  }
  EXPECT_EQ(I.i32("old", {I32(9)}), 9 + 4 * 1000 + 4);
}

// Without TranslateOptions::LocalsInMemory no local gets a stack slot (the
// only allocas left are the load sums); with it, each one does.
TEST(LocalsIRTest, LocalsAreSSAValuesUnlessAskedForSlots) {
  const char *Wat = R"(
(module
  (func (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $acc))
)
)";
  auto CountLocalSlots = [](const std::string &Module) {
    // In the function only (the trampolines have slots of their own).
    size_t Begin = Module.find("@wasm_f0(");
    std::string IR = Module.substr(Begin, Module.find("\n}\n", Begin) - Begin);
    unsigned Slots = 0;
    for (size_t At = IR.find("alloca"); At != std::string::npos;
         At = IR.find("alloca", At + 1)) {
      size_t LineBegin = IR.rfind('\n', At);
      if (IR.compare(LineBegin + 1, 13, "  %load.sink") != 0)
        ++Slots;
    }
    return Slots;
  };
  std::string SSA = translateWat(Wat);
  ASSERT_FALSE(SSA.empty());
  EXPECT_EQ(CountLocalSlots(SSA), 0u) << SSA;
  // The loop header's phis: both locals, which the loop assigns.
  size_t Header = SSA.find("\nloop:");
  ASSERT_NE(Header, std::string::npos) << SSA;
  size_t Phis = 0;
  for (size_t At = SSA.find(" = phi ", Header);
       At != std::string::npos && At < SSA.find("\n\n", Header);
       At = SSA.find(" = phi ", At + 1))
    ++Phis;
  EXPECT_EQ(Phis, 2u) << SSA;

  std::string Slots = translateWat(Wat, /*LocalsInMemory=*/true);
  ASSERT_FALSE(Slots.empty());
  EXPECT_EQ(CountLocalSlots(Slots), 2u) << Slots;
}

// A local reused as a temporary, written before every read: the merge of
// its two values after the if is dead, and no phi is left for it (nor for
// a loop that passes a local through unchanged).
TEST(LocalsIRTest, NoPhisForDeadOrUnchangedLocals) {
  std::string IR = translateWat(R"(
(module
  (func (param $p i32) (result i32) (local $t i32) (local $u i32)
    (if (local.get $p)
      (then (local.set $t (i32.const 1)) (drop (local.get $t)))
      (else (local.set $t (i32.const 2)) (drop (local.get $t))))
    (local.set $t (i32.const 3))
    (local.set $u (local.get $p))
    (loop $l
      (local.set $u (local.get $u))
      (br_if $l (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
    (i32.add (local.get $t) (local.get $u)))
)
)");
  size_t Begin = IR.find("@wasm_f0(");
  ASSERT_NE(Begin, std::string::npos) << IR;
  std::string F = IR.substr(Begin, IR.find("\n}\n", Begin) - Begin);
  // One phi: the loop's for $p.
  size_t Phis = 0;
  for (size_t At = F.find(" = phi "); At != std::string::npos;
       At = F.find(" = phi ", At + 1))
    ++Phis;
  EXPECT_EQ(Phis, 1u) << F;
}

INSTANTIATE_TEST_SUITE_P(
    Levels, LocalsTest,
    ::testing::Values(LocalsCase{0, 7500}, LocalsCase{1, 7500},
                      LocalsCase{1, 1}, LocalsCase{2, 7500},
                      LocalsCase{2, 1}),
    [](const auto &Info) {
      return "O" + std::to_string(Info.param.OptLevel) +
             (Info.param.MaxOptimizedFunctionSize == 1 ? "_SizeLimited" : "");
    });

} // namespace
