// CallTest.cpp - Calling compiled functions: results at O0 and O2,
// multi-value, globals through exports, host functions.

#include "ExecTestUtil.h"

#include <cmath>

using namespace wasmaot::test;

namespace {

class CallTest : public ::testing::TestWithParam<unsigned> {};

const char *FacFib = R"(
(module
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (i64.mul (local.get 0)
                     (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "fib_iter") (param i32) (result i64)
    (local i64 i64 i64)
    (local.set 2 (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 3 (i64.add (local.get 1) (local.get 2)))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 3))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $next)))
    (local.get 1))
)
)";

TEST_P(CallTest, FactorialAndFibonacci) {
  Loaded L(compileWat(FacFib, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.i64("fac", {I64(0)}), 1);
  EXPECT_EQ(I.i64("fac", {I64(5)}), 120);
  EXPECT_EQ(I.i64("fac", {I64(20)}), 2432902008176640000ll);
  EXPECT_EQ(I.i32("fib", {I32(0)}), 0);
  EXPECT_EQ(I.i32("fib", {I32(1)}), 1);
  EXPECT_EQ(I.i32("fib", {I32(20)}), 6765);
  EXPECT_EQ(I.i64("fib_iter", {I32(90)}), 2880067194370816120ll);
}

TEST_P(CallTest, MultiValueResults) {
  Loaded L(compileWat(R"(
(module
  (func $three (param i32) (result i32 i64 f64)
    (local.get 0)
    (i64.extend_i32_s (i32.mul (local.get 0) (i32.const -2)))
    (f64.convert_i32_s (local.get 0))
    (f64.const 0.5)
    (f64.add))
  (func (export "three") (param i32) (result i32 i64 f64)
    (call $three (local.get 0)))
  (func (export "swap") (param i32 i32) (result i32 i32)
    (local.get 1) (local.get 0))
  (func (export "sum_of_three") (param i32) (result f64)
    (local i32 i64 f64)
    (call $three (local.get 0))
    (local.set 3) (local.set 2) (local.set 1)
    (f64.add (f64.convert_i32_s (local.get 1))
             (f64.add (f64.convert_i64_s (local.get 2)) (local.get 3))))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  std::vector<wasmaot_val> R;
  ASSERT_EQ(I.call("three", {I32(7)}, R, 3), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i32, 7);
  EXPECT_EQ(R[1].i64, -14);
  EXPECT_EQ(R[2].f64, 7.5);
  ASSERT_EQ(I.call("swap", {I32(1), I32(2)}, R, 2),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i32, 2);
  EXPECT_EQ(R[1].i32, 1);
  ASSERT_EQ(I.call("sum_of_three", {I32(4)}, R, 1),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].f64, 4 - 8 + 4.5);
}

TEST_P(CallTest, GlobalsThroughExports) {
  Loaded L(compileWat(R"(
(module
  (global $counter (export "counter") (mut i32) (i32.const 40))
  (global $big (export "big") (mut i64) (i64.const -1))
  (global $pi (export "pi") f64 (f64.const 3.25))
  (global $derived (export "derived") i32 (i32.add (i32.const 1) (i32.const 2)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "set_big") (param i64) (global.set $big (local.get 0)))
  (func (export "get_big") (result i64) (global.get $big))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  wasmaot_extern Counter = I.get("counter");
  ASSERT_EQ(Counter.kind, (uint32_t)WASMAOT_EXTERN_GLOBAL);
  EXPECT_EQ(Counter.of.global.type, (uint32_t)WASMAOT_I32);
  EXPECT_TRUE(Counter.of.global.is_mutable);
  EXPECT_EQ(Counter.owner, I.I);
  EXPECT_EQ(Counter.of.global.storage->i32, 40);
  EXPECT_EQ(I.i32("bump"), 41);
  EXPECT_EQ(Counter.of.global.storage->i32, 41) << "Wasm's write, seen";
  Counter.of.global.storage->i32 = 100;
  EXPECT_EQ(I.i32("bump"), 101) << "the host's write, seen";

  wasmaot_extern Big = I.get("big");
  ASSERT_EQ(Big.kind, (uint32_t)WASMAOT_EXTERN_GLOBAL);
  EXPECT_EQ(Big.of.global.storage->i64, -1);
  std::vector<wasmaot_val> R;
  ASSERT_EQ(I.call("set_big", {I64(1ll << 40)}, R, 0),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(Big.of.global.storage->i64, 1ll << 40);
  Big.of.global.storage->i64 = -5;
  EXPECT_EQ(I.i64("get_big"), -5);

  wasmaot_extern Pi = I.get("pi");
  ASSERT_EQ(Pi.kind, (uint32_t)WASMAOT_EXTERN_GLOBAL);
  EXPECT_EQ(Pi.of.global.type, (uint32_t)WASMAOT_F64);
  EXPECT_FALSE(Pi.of.global.is_mutable);
  EXPECT_EQ(Pi.of.global.storage->f64, 3.25);
  EXPECT_EQ(I.get("derived").of.global.storage->i32, 3);
  EXPECT_EQ(I.get("nothing").kind, (uint32_t)WASMAOT_EXTERN_NONE);
}

// Host functions: the callback gets the arguments and the caller's context,
// its results come back, a non-zero return traps with that code.
struct HostEnv {
  int Calls = 0;
  int32_t Last = 0;
  wasmaot_context *Caller = nullptr;
  int32_t Fail = 0;
};

int32_t hostAdd(void *Env, wasmaot_context *Caller, const wasmaot_val *Args,
                wasmaot_val *Results) {
  auto *E = static_cast<HostEnv *>(Env);
  ++E->Calls;
  E->Caller = Caller;
  E->Last = Args[0].i32;
  if (E->Fail)
    return E->Fail;
  Results[0].i64 = (int64_t)Args[0].i32 + Args[1].i64;
  return 0;
}

int32_t hostPair(void *, wasmaot_context *, const wasmaot_val *Args,
                 wasmaot_val *Results) {
  Results[0].f64 = Args[0].f64 * 2;
  Results[1].i32 = (int32_t)Args[0].f64;
  return 0;
}

const char *HostModule = R"(
(module
  (import "env" "add" (func $add (param i32 i64) (result i64)))
  (import "env" "pair" (func $pair (param f64) (result f64 i32)))
  (func (export "call_add") (param i32 i64) (result i64)
    (i64.add (call $add (local.get 0) (local.get 1)) (i64.const 1000)))
  (func (export "call_pair") (param f64) (result i32)
    (local f64 i32)
    (call $pair (local.get 0))
    (local.set 2)
    (local.set 1)
    (i32.add (local.get 2) (i32.trunc_f64_s (local.get 1))))
  (export "add" (func $add))
)
)";

TEST_P(CallTest, HostFunctions) {
  Loaded L(compileWat(HostModule, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  HostEnv Env;
  std::vector<wasmaot_extern> Imports = {
      externHost(hostAdd, &Env, {WASMAOT_I32, WASMAOT_I64}, {WASMAOT_I64}),
      externHost(hostPair, nullptr, {WASMAOT_F64}, {WASMAOT_F64, WASMAOT_I32}),
  };
  Inst I(L.M, Imports);
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(I.i64("call_add", {I32(5), I64(1ll << 33)}),
            (1ll << 33) + 5 + 1000);
  EXPECT_EQ(Env.Calls, 1);
  EXPECT_EQ(Env.Last, 5);
  EXPECT_EQ(Env.Caller, wasmaot_instance_context(I.I));
  EXPECT_EQ(wasmaot_context_instance(Env.Caller), I.I);

  // pair(2.75) = (5.5, 2); call_pair returns 2 + trunc(5.5).
  EXPECT_EQ(I.i32("call_pair", {F64(2.75)}), 7);

  // The re-exported import is callable from the host directly.
  std::vector<wasmaot_val> R;
  ASSERT_EQ(I.call("add", {I32(1), I64(2)}, R), (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i64, 3);

  // A failing callback traps with its code, and the process goes on.
  Env.Fail = WASMAOT_TRAP_HOST;
  wasmaot_trap T{};
  EXPECT_EQ(I.call("call_add", {I32(1), I64(1)}, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_EQ(T.code, (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_STREQ(T.message, "host function failed");
  Env.Fail = WASMAOT_TRAP_UNREACHABLE;
  EXPECT_EQ(I.trapOf("call_add", {I32(1), I64(1)}, 1),
            (uint32_t)WASMAOT_TRAP_UNREACHABLE);
  Env.Fail = 0;
  EXPECT_EQ(I.i64("call_add", {I32(1), I64(1)}), 1002);
}

// A host function that calls back into Wasm, which traps: only the inner
// call unwinds, the host sees the trap and returns normally.
struct Reentry {
  const wasmaot_func *Inner = nullptr;
  uint32_t InnerTrap = ~0u;
};

int32_t hostReenter(void *Env, wasmaot_context *, const wasmaot_val *Args,
                    wasmaot_val *Results) {
  auto *R = static_cast<Reentry *>(Env);
  wasmaot_val In[1] = {Args[0]}, Out[1];
  R->InnerTrap = wasmaot_func_call(R->Inner, In, 1, Out, 1, nullptr);
  Results[0].i32 = R->InnerTrap == WASMAOT_TRAP_NONE ? Out[0].i32 : -1;
  return 0;
}

TEST_P(CallTest, HostCallsBackIntoWasm) {
  Loaded L(compileWat(R"(
(module
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (func (export "inner") (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func (export "outer") (param i32) (result i32)
    (i32.add (call $reenter (local.get 0)) (i32.const 1)))
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Reentry Env;
  Inst I(L.M, {externHost(hostReenter, &Env, {WASMAOT_I32}, {WASMAOT_I32})});
  ASSERT_TRUE(I) << I.Error;
  Env.Inner = I.func("inner");
  EXPECT_EQ(I.i32("outer", {I32(4)}), 26);
  EXPECT_EQ(Env.InnerTrap, (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(I.i32("outer", {I32(0)}), 0) << "inner trapped, outer returned";
  EXPECT_EQ(Env.InnerTrap, (uint32_t)WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
}

TEST_P(CallTest, ArityIsChecked) {
  Loaded L(compileWat(FacFib, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  Inst I(L.M);
  ASSERT_TRUE(I) << I.Error;
  const wasmaot_func *Fac = I.func("fac");
  wasmaot_val A[2] = {I64(3), I64(4)}, R[2];
  wasmaot_trap T{};
  EXPECT_EQ(wasmaot_func_call(Fac, A, 2, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_NE(std::string(T.message).find("arguments"), std::string::npos)
      << T.message;
  EXPECT_EQ(wasmaot_func_call(Fac, A, 1, R, 0, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_NE(std::string(T.message).find("results"), std::string::npos);
  EXPECT_EQ(wasmaot_func_call(Fac, nullptr, 1, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_EQ(wasmaot_func_call(nullptr, A, 1, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  wasmaot_func Bogus{};
  EXPECT_EQ(wasmaot_func_call(&Bogus, A, 1, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_EQ(wasmaot_func_call(Fac, A, 1, R, 1, &T),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i64, 6);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CallTest, ::testing::ValuesIn(OptLevels),
                         [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
