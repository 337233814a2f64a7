// TrapExecTest.cpp - Traps of generated code come back as trap codes, the
// process survives them, and the instance stays usable.

#include "ExecTestUtil.h"

#include <cmath>
#include <cstring>
#include <pthread.h>
#include <sys/mman.h>

using namespace wasmaot::test;

namespace {

class TrapExecTest : public ::testing::TestWithParam<unsigned> {};

TEST_P(TrapExecTest, IntegerTraps) {
  Loaded L(compileWat(R"(
(module
  (func (export "div_s") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64)
    (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "trunc") (param f64) (result i32)
    (i32.trunc_f64_s (local.get 0)))
  (func (export "boom") (unreachable))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int Round = 0; Round < 2; ++Round) {
    wasmaot_trap T{};
    std::vector<wasmaot_val> R;
    EXPECT_EQ(I.call("div_s", {I32(7), I32(0)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
    EXPECT_EQ(T.code, (uint32_t)WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
    EXPECT_STREQ(T.message, "integer divide by zero");
    EXPECT_EQ(I.i32("div_s", {I32(-7), I32(2)}), -3) << "still usable";
  }
  EXPECT_EQ(I.trapOf("div_s", {I32(INT32_MIN), I32(-1)}, 1),
            (uint32_t)WASMAOT_TRAP_INT_OVERFLOW);
  EXPECT_EQ(I.trapOf("rem_u64", {I64(1), I64(0)}, 1),
            (uint32_t)WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
  EXPECT_EQ(I.trapOf("trunc", {F64(3e10)}, 1),
            (uint32_t)WASMAOT_TRAP_INT_OVERFLOW);
  EXPECT_EQ(I.trapOf("trunc", {F64(NAN)}, 1),
            (uint32_t)WASMAOT_TRAP_INVALID_CONVERSION);
  EXPECT_EQ(I.trapOf("boom", {}), (uint32_t)WASMAOT_TRAP_UNREACHABLE);
  EXPECT_EQ(I.trapOf("boom", {}), (uint32_t)WASMAOT_TRAP_UNREACHABLE);
}

const char *MemoryModule = R"(
(module
  (memory (export "mem") 1 3)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_far") (param i32) (result i64)
    (i64.load offset=0xFFFFFFFF (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
)
)";

TEST_P(TrapExecTest, OutOfBoundsMemory) {
  Loaded L(compileWat(MemoryModule, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  std::vector<wasmaot_val> R;
  EXPECT_EQ(I.call("store", {I32(65532), I32(0x12345678)}, R, 0),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("load", {I32(65532)}), 0x12345678);
  for (int Round = 0; Round < 2; ++Round) {
    wasmaot_trap T{};
    EXPECT_EQ(I.call("load", {I32(65533)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
    EXPECT_STREQ(T.message, "out of bounds memory access");
    EXPECT_NE(T.pc, nullptr) << "a fault, caught by the signal handler";
    EXPECT_EQ(I.trapOf("load", {I32(-1)}, 1),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
    EXPECT_EQ(I.trapOf("load_far", {I32(-1)}, 1),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
    EXPECT_EQ(I.trapOf("store", {I32(65536), I32(1)}),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  }
  // Bulk operations check bounds before writing anything.
  EXPECT_EQ(I.trapOf("fill", {I32(65530), I32(0xAB), I32(7)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.i32("load", {I32(65532)}), 0x12345678) << "fill wrote nothing";
  EXPECT_EQ(I.trapOf("copy", {I32(0), I32(65535), I32(2)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.trapOf("fill", {I32(65536), I32(0), I32(0)}),
            (uint32_t)WASMAOT_TRAP_NONE)
      << "an empty fill at the end is in bounds";
}

TEST_P(TrapExecTest, GrowThenAccess) {
  Loaded L(compileWat(MemoryModule, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  wasmaot_memory *Mem = I.get("mem").of.memory;
  ASSERT_NE(Mem, nullptr);
  uint8_t *Base = Mem->base;
  EXPECT_EQ(I.i32("size"), 1);
  EXPECT_EQ(I.trapOf("load", {I32(65536)}, 1),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.i32("grow", {I32(1)}), 1);
  EXPECT_EQ(I.i32("size"), 2);
  EXPECT_EQ(Mem->size, 2u * 65536);
  EXPECT_EQ(Mem->base, Base) << "32-bit memories never move";
  EXPECT_EQ(wasmaot_instance_context(I.I)->memory0_base, Base);
  std::vector<wasmaot_val> R;
  EXPECT_EQ(I.call("store", {I32(131068), I32(99)}, R, 0),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("load", {I32(131068)}), 99);
  EXPECT_EQ(Base[131068], 99);
  EXPECT_EQ(I.i32("load", {I32(65536)}), 0) << "new pages are zero";
  EXPECT_EQ(I.i32("grow", {I32(2)}), -1) << "past the maximum of 3";
  EXPECT_EQ(I.i32("grow", {I32(1)}), 2);
  EXPECT_EQ(I.i32("grow", {I32(0)}), 3);
  EXPECT_EQ(I.trapOf("load", {I32(3 * 65536 - 3)}, 1),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
}

TEST_P(TrapExecTest, CallIndirect) {
  Loaded L(compileWat(R"(
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table 4 funcref)
  (elem (i32.const 0) $double $nothing)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $nothing (type $v))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int Round = 0; Round < 2; ++Round) {
    EXPECT_EQ(I.i32("call", {I32(0), I32(21)}), 42);
    wasmaot_trap T{};
    std::vector<wasmaot_val> R;
    EXPECT_EQ(I.call("call", {I32(1), I32(0)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_INDIRECT_CALL_TYPE_MISMATCH);
    EXPECT_STREQ(T.message, "indirect call type mismatch");
    EXPECT_EQ(I.call("call", {I32(2), I32(0)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_UNINITIALIZED_ELEMENT);
    EXPECT_STREQ(T.message, "uninitialized element");
    EXPECT_EQ(I.call("call", {I32(4), I32(0)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_UNDEFINED_ELEMENT);
    EXPECT_STREQ(T.message, "undefined element");
    EXPECT_EQ(I.trapOf("call", {I32(-1), I32(0)}, 1),
              (uint32_t)WASMAOT_TRAP_UNDEFINED_ELEMENT);
  }
}

// Infinite recursion hits the stack limit the runtime sets: a trap, not a
// crash, and the stack is usable again afterwards.
TEST_P(TrapExecTest, StackExhaustion) {
  Loaded L(compileWat(R"(
(module
  (global $depth (mut i32) (i32.const 0))
  (func $down (export "down") (param i32) (result i32)
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1)))
             (global.get $depth)))
  (func $forever (export "forever")
    (call $forever)
    (global.set $depth (i32.const 0)))
  (func (export "depth") (result i32) (global.get $depth))
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call $count (i32.sub (local.get 0) (i32.const 1)))))))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  for (int Round = 0; Round < 2; ++Round) {
    wasmaot_trap T{};
    std::vector<wasmaot_val> R;
    EXPECT_EQ(I.call("down", {I32(0)}, R, 1, &T),
              (uint32_t)WASMAOT_TRAP_STACK_EXHAUSTED);
    EXPECT_STREQ(T.message, "call stack exhausted");
    EXPECT_GT(I.i32("depth"), 1000);
    EXPECT_EQ(I.call("forever", {}, R, 0, &T),
              (uint32_t)WASMAOT_TRAP_STACK_EXHAUSTED);
    EXPECT_EQ(I.i32("count", {I32(10000)}), 10000) << "deep, but fine";
  }
}

/// The text of function @wasm_f<Index> in IR, or "".
std::string functionIR(const std::string &IR, unsigned Index) {
  size_t Begin = IR.find("@wasm_f" + std::to_string(Index) + "(");
  if (Begin == std::string::npos)
    return "";
  size_t End = IR.find("\n}\n", Begin);
  return IR.substr(Begin, End == std::string::npos ? End : End - Begin);
}

// Only a function that calls another, or whose frame may outgrow the
// reserve below the limit, checks the stack: a leaf adds at most one small
// frame below a caller that checked.
TEST(StackCheckTest, OnlyCallersAndBigFramesCheckTheStack) {
  // 260 v128 locals: 4160 bytes, a frame that may outgrow the reserve.
  std::string BigLocals;
  for (int I = 0; I < 260; ++I)
    BigLocals += " v128";
  std::string IR = translateWat(R"(
(module
  (memory 1)
  (table 1 funcref)
  (func $leaf (param i32) (result i32)
    (i32.add (i32.load (local.get 0)) (memory.grow (i32.const 0))))
  (func $direct (param i32) (result i32) (call $leaf (local.get 0)))
  (func $indirect (param i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0)))
  (func $big_leaf (result i32) (local)" +
                                BigLocals + R"() (i32.const 1))
)
)");
  const char *Check = "llvm.thread.pointer";
  std::string Leaf = functionIR(IR, 0), Direct = functionIR(IR, 1),
              Indirect = functionIR(IR, 2), BigLeaf = functionIR(IR, 3);
  ASSERT_FALSE(Leaf.empty() || Direct.empty() || Indirect.empty() ||
               BigLeaf.empty())
      << IR;
  EXPECT_EQ(Leaf.find(Check), std::string::npos) << Leaf;
  EXPECT_EQ(Leaf.find("trap(ptr %ctx, i32 " +
                      std::to_string(WASMAOT_TRAP_STACK_EXHAUSTED) + ")"),
            std::string::npos)
      << Leaf;
  EXPECT_NE(Direct.find(Check), std::string::npos) << Direct;
  EXPECT_NE(Indirect.find(Check), std::string::npos) << Indirect;
  EXPECT_NE(BigLeaf.find(Check), std::string::npos) << BigLeaf;
}

// Leaves called at every depth of a runaway recursion, the deepest right at
// the limit: still a trap, in the caller, never a crash.
TEST_P(TrapExecTest, LeavesAtTheStackLimit) {
  Loaded L(compileWat(R"(
(module
  (memory 1)
  (global $depth (mut i32) (i32.const 0))
  (func $leaf (param i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.add (i32.load (i32.const 16)) (i32.const 3)))
  (func $down (export "down") (param i32) (result i32)
    (global.set $depth (call $leaf (global.get $depth)))
    (i32.add (call $down (call $leaf (local.get 0))) (call $leaf (i32.const 1))))
  (func (export "depth") (result i32) (global.get $depth))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  wasmaot_trap T{};
  std::vector<wasmaot_val> R;
  EXPECT_EQ(I.call("down", {I32(0)}, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_STACK_EXHAUSTED);
  EXPECT_GT(I.i32("depth"), 3000);
}

// A function over the size limit (with a limit of 50), which -O1 gives to
// the -O0 code generator: its frame holds every value live across its
// recursive call, more than the check's estimate. It computes what it does
// at the other levels and still traps when it recurses without end.
TEST_P(TrapExecTest, FunctionsOverTheSizeLimitRecurse) {
  constexpr int Values = 300;
  std::string Sets, Sum = "(local.get 0)";
  for (int I = 1; I <= Values; ++I) {
    std::string L = std::to_string(I);
    Sets += "(local.set " + L + " (i32.mul (local.get 0) (i32.const " + L +
            ")))\n";
    Sum = "(i32.add " + Sum + " (local.get " + L + "))";
  }
  std::string Locals;
  for (int I = 0; I < Values; ++I)
    Locals += " i32";
  Loaded L(compileWat(R"(
(module
  (func $down (export "down") (param i32) (result i32) (local)" +
                          Locals + R"()
    )" + Sets + R"(
    (if (i32.ne (local.get 0) (i32.const 0))
      (then (drop (call $down (i32.sub (local.get 0) (i32.const 1))))))
    )" + Sum + R"()
  (func (export "forever") (param i32) (result i32)
    (call $down (i32.const -1)))
)
)",
                      GetParam(), /*MaxOptimizedFunctionSize=*/50));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  // n + n * (1 + 2 + ... + Values)
  EXPECT_EQ(I.i32("down", {I32(100)}), 100 + 100 * (Values * (Values + 1) / 2));
  std::vector<wasmaot_val> R;
  wasmaot_trap T{};
  EXPECT_EQ(I.call("forever", {I32(0)}, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_STACK_EXHAUSTED);
}

// A function that only calls itself must exhaust the stack too, not loop:
// -O2 turns the self tail call into a jump (tail-recursion elimination once
// the call is known not to return), and the call never traps. Run in a child
// process with a timeout, since it hangs when broken.
int callExport(void *Arg) {
  auto *I = static_cast<Inst *>(Arg);
  return (int)I->trapOf("g", {});
}

TEST_P(TrapExecTest, BareSelfRecursionExhaustsTheStack) {
  Loaded L(compileWat(R"((module (func $g (export "g") (call $g))))",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(runInChild(callExport, &I, 30), WASMAOT_TRAP_STACK_EXHAUSTED)
      << "-1: it hung (or crashed)";
}

// Loads whose value the optimiser finds unused (not just dropped ones) must
// still trap when out of bounds.
TEST_P(TrapExecTest, LoadsDeadAfterOptimisationStillTrap) {
  Loaded L(compileWat(R"(
(module
  (memory 1)
  (func (export "unread_local") (param i32) (result i32) (local i32 i64)
    (local.set 1 (i32.load (local.get 0)))
    (local.set 2 (i64.load16_s offset=3 (local.get 0)))
    (i32.const 7))
  (func (export "times_zero") (param i32) (result i32)
    (i32.mul (i32.load8_u (local.get 0)) (i32.const 0)))
  (func (export "masked_away") (param i32) (result i64)
    (i64.shr_u (i64.extend_i32_u (i32.load (local.get 0))) (i64.const 32)))
  (func $ignore (param f64) (result i32) (i32.const 1))
  (func (export "unused_argument") (param i32) (result i32)
    (call $ignore (f64.load (local.get 0))))
  (func (export "then_unreachable") (param i32)
    (drop (f32.load (local.get 0))) (unreachable))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.i32("unread_local", {I32(0)}), 7);
  for (const char *Name :
       {"unread_local", "times_zero", "masked_away", "unused_argument"})
    EXPECT_EQ(I.trapOf(Name, {I32(65536)}, 1),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY)
        << Name;
  EXPECT_EQ(I.trapOf("then_unreachable", {I32(-4)}),
            (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_EQ(I.trapOf("then_unreachable", {I32(0)}),
            (uint32_t)WASMAOT_TRAP_UNREACHABLE);
}

// A load whose value is used, but only in part, must keep its full width:
// code generation likes to narrow `(x & 0xff)` of a load to a byte load and
// a wrap of an i64 load to an i32 load, which no longer touch the last
// bytes, so would not trap at the end of memory.
TEST_P(TrapExecTest, PartlyUsedLoadsKeepTheirWidth) {
  Loaded L(compileWat(R"(
(module
  (memory 1)
  (func (export "low_byte") (param i32) (result i32)
    (i32.and (i32.load (local.get 0)) (i32.const 255)))
  (func (export "low_byte_is_zero") (param i32) (result i32)
    (i32.eqz (i32.and (i32.load (local.get 0)) (i32.const 255))))
  (func (export "low_half") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  (func (export "low_half_plus_one") (param i32) (result i32)
    (i32.wrap_i64 (i64.add (i64.load (local.get 0)) (i64.const 1))))
  (func (export "stored_byte") (param i32) (result i32)
    (i32.store8 (i32.const 16) (i32.load (local.get 0))) (i32.const 0))
  (func (export "first_lane") (param i32) (result f32)
    (f32x4.extract_lane 0 (v128.load (local.get 0))))
  (func (export "low_lanes") (param i32) (result i64)
    (i64x2.extract_lane 0
      (i64x2.extend_low_i32x4_u (v128.load (local.get 0)))))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.i32("low_byte", {I32(0)}), 0);
  struct Case {
    const char *Name;
    int32_t LastInBounds; // the highest address the load may start at
  };
  for (Case C : {Case{"low_byte", 65532}, Case{"low_byte_is_zero", 65532},
                 Case{"low_half", 65528}, Case{"low_half_plus_one", 65528},
                 Case{"stored_byte", 65532}, Case{"first_lane", 65520},
                 Case{"low_lanes", 65520}}) {
    EXPECT_EQ(I.trapOf(C.Name, {I32(C.LastInBounds)}, 1),
              (uint32_t)WASMAOT_TRAP_NONE)
        << C.Name;
    EXPECT_EQ(I.trapOf(C.Name, {I32(C.LastInBounds + 1)}, 1),
              (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY)
        << C.Name;
  }
}

// A frame larger than the room the runtime leaves below the stack limit
// must not be allocated past the stack: on a thread stack with a one-page
// guard (as pthread gives), the frame of such a function must fault on the
// guard or trap before, never reach the memory below (a canary region here).
// -O0 keeps every local in the frame.
struct BigFrameThread {
  Inst *I;
  uint32_t Code = WASMAOT_TRAP_NONE;
  static void *run(void *Arg) {
    auto *T = static_cast<BigFrameThread *>(Arg);
    T->Code = T->I->trapOf("deep", {I32(0)}, 1);
    return nullptr;
  }
};

TEST_P(TrapExecTest, LargeFramesNeverJumpOverTheGuardPage) {
  std::string Locals;
  for (int I = 0; I < 40000; ++I)
    Locals += " i64";
  Loaded L(compileWat(R"(
(module
  (func $deep (export "deep") (param i32) (result i32) (local )" +
                          Locals + R"()
    (local.set 1 (i64.extend_i32_u (local.get 0)))
    (local.set 39999 (i64.add (local.get 1) (i64.const 1)))
    (i32.add (call $deep (i32.wrap_i64 (local.get 39999)))
             (i32.wrap_i64 (local.get 1))))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  const size_t Canary = 1 << 20, Guard = 4096, StackBytes = 2 << 20;
  auto *Mapping = static_cast<uint8_t *>(
      mmap(nullptr, Canary + Guard + StackBytes, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(Mapping, MAP_FAILED);
  std::memset(Mapping, 0xA5, Canary);
  ASSERT_EQ(mprotect(Mapping + Canary, Guard, PROT_NONE), 0);
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstack(&Attr, Mapping + Canary + Guard, StackBytes);
  BigFrameThread T{&I};
  pthread_t Thread;
  ASSERT_EQ(pthread_create(&Thread, &Attr, BigFrameThread::run, &T), 0);
  pthread_join(Thread, nullptr);
  pthread_attr_destroy(&Attr);
  EXPECT_EQ(T.Code, (uint32_t)WASMAOT_TRAP_STACK_EXHAUSTED);
  size_t Clobbered = 0;
  for (size_t B = 0; B < Canary; ++B)
    Clobbered += Mapping[B] != 0xA5;
  EXPECT_EQ(Clobbered, 0u) << "bytes written below the thread's stack";
  munmap(Mapping, Canary + Guard + StackBytes);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, TrapExecTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
