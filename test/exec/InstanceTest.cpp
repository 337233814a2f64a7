// InstanceTest.cpp - Several instances of one module, start functions, and
// lifetimes.

#include "ExecTestUtil.h"

using namespace wasmaot::test;

namespace {

class InstanceTest : public ::testing::TestWithParam<unsigned> {};

int32_t addTen(void *, wasmaot_context *, const wasmaot_val *Args,
               wasmaot_val *Results) {
  Results[0].i32 = Args[0].i32 + 10;
  return 0;
}
int32_t timesEnv(void *Env, wasmaot_context *, const wasmaot_val *Args,
                 wasmaot_val *Results) {
  Results[0].i32 = Args[0].i32 * *static_cast<int *>(Env);
  return 0;
}

const char *Counter = R"(
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (memory (export "mem") 1)
  (global $n (mut i32) (i32.const 0))
  (func (export "apply") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "next") (result i32)
    (global.set $n (i32.add (global.get $n) (i32.const 1)))
    (i32.store (i32.const 0) (global.get $n))
    (global.get $n))
)
)";

TEST_P(InstanceTest, TwoInstancesOfOneModuleWithDifferentHosts) {
  Loaded L(compileWat(Counter, GetParam()));
  ASSERT_TRUE(L) << L.Error;
  int Three = 3, Five = 5;
  Inst A(L.M, {externHost(addTen, nullptr, {WASMAOT_I32}, {WASMAOT_I32})});
  Inst B(L.M, {externHost(timesEnv, &Three, {WASMAOT_I32}, {WASMAOT_I32})});
  Inst C(L.M, {externHost(timesEnv, &Five, {WASMAOT_I32}, {WASMAOT_I32})});
  ASSERT_TRUE(A && B && C) << A.Error << B.Error << C.Error;
  EXPECT_EQ(A.i32("apply", {I32(4)}), 14);
  EXPECT_EQ(B.i32("apply", {I32(4)}), 12);
  EXPECT_EQ(C.i32("apply", {I32(4)}), 20);
  // Each has its own globals and memory.
  EXPECT_EQ(A.i32("next"), 1);
  EXPECT_EQ(A.i32("next"), 2);
  EXPECT_EQ(B.i32("next"), 1);
  EXPECT_NE(A.get("mem").of.memory, B.get("mem").of.memory);
  EXPECT_EQ(*(int32_t *)A.get("mem").of.memory->base, 2);
  EXPECT_EQ(*(int32_t *)B.get("mem").of.memory->base, 1);
  // Same code, different records.
  EXPECT_NE(A.func("apply"), B.func("apply"));
  EXPECT_EQ(A.func("apply")->code, B.func("apply")->code);
  EXPECT_EQ(A.func("apply")->type_id, B.func("apply")->type_id);
}

struct StartLog {
  int Calls = 0;
  int32_t Seen = 0;
};
int32_t logStart(void *Env, wasmaot_context *, const wasmaot_val *Args,
                 wasmaot_val *) {
  auto *Log = static_cast<StartLog *>(Env);
  ++Log->Calls;
  Log->Seen = Args[0].i32;
  return 0;
}

TEST_P(InstanceTest, StartFunction) {
  Loaded L(compileWat(R"(
(module
  (import "env" "log" (func $log (param i32)))
  (global $g (export "g") (mut i32) (i32.const 1))
  (memory (export "mem") 1)
  (data (i32.const 0) "\05")
  (func $start
    ;; Runs after the data segments: sees them.
    (global.set $g (i32.add (global.get $g) (i32.load8_u (i32.const 0))))
    (call $log (global.get $g)))
  (start $start)
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  StartLog Log;
  Inst I(L.M, {externHost(logStart, &Log, {WASMAOT_I32}, {})});
  ASSERT_TRUE(I) << I.Error;
  EXPECT_EQ(Log.Calls, 1);
  EXPECT_EQ(Log.Seen, 6);
  EXPECT_EQ(I.get("g").of.global.storage->i32, 6);
}

TEST_P(InstanceTest, TrappingStartFailsInstantiation) {
  Loaded L(compileWat(R"(
(module
  (memory 1)
  (func $start (drop (i32.load (i32.const 65536))))
  (start $start)
)
)",
                      GetParam()));
  ASSERT_TRUE(L) << L.Error;
  for (int Round = 0; Round < 2; ++Round) {
    Inst I(L.M);
    EXPECT_FALSE(I);
    EXPECT_EQ(I.Trap.code, (uint32_t)WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
    EXPECT_STREQ(I.Trap.message, "out of bounds memory access");
    EXPECT_NE(I.Error.find("start function"), std::string::npos) << I.Error;
  }
  Loaded L2(compileWat(R"(
(module (func $s (unreachable)) (start $s))
)",
                       GetParam()));
  ASSERT_TRUE(L2) << L2.Error;
  Inst I2(L2.M);
  EXPECT_FALSE(I2);
  EXPECT_EQ(I2.Trap.code, (uint32_t)WASMAOT_TRAP_UNREACHABLE);
  // An imported start function.
  Loaded L3(compileWat(R"(
(module (import "env" "s" (func $s)) (start $s))
)",
                       GetParam()));
  ASSERT_TRUE(L3) << L3.Error;
  Inst I3(L3.M, {externHost(
                    [](void *, wasmaot_context *, const wasmaot_val *,
                       wasmaot_val *) -> int32_t { return WASMAOT_TRAP_HOST; },
                    nullptr, {}, {})});
  EXPECT_FALSE(I3);
  EXPECT_EQ(I3.Trap.code, (uint32_t)WASMAOT_TRAP_HOST);
}

TEST_P(InstanceTest, InstancesKeepTheirModule) {
  std::string Path = compileWat(Counter, GetParam());
  char *E = nullptr;
  wasmaot_module *M = wasmaot_module_load(Path.c_str(), &E);
  ASSERT_NE(M, nullptr) << takeError(E);
  wasmaot_instance *I = nullptr;
  {
    std::vector<wasmaot_extern> Imports = {
        externHost(addTen, nullptr, {WASMAOT_I32}, {WASMAOT_I32})};
    I = wasmaot_instance_new(M, Imports.data(), 1, nullptr, &E);
    ASSERT_NE(I, nullptr) << takeError(E);
  }
  EXPECT_EQ(wasmaot_instance_module(I), M);
  wasmaot_module_release(M); // the instance holds the last reference
  wasmaot_extern X;
  ASSERT_EQ(wasmaot_instance_export(I, "apply", &X), 0);
  wasmaot_val A[1] = {I32(1)}, R[1];
  EXPECT_EQ(wasmaot_func_call(X.of.func, A, 1, R, 1, nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(R[0].i32, 11);
  // A memory retained by the host outlives the instance.
  ASSERT_EQ(wasmaot_instance_export(I, "mem", &X), 0);
  wasmaot_memory *Mem = wasmaot_memory_retain(X.of.memory);
  ASSERT_EQ(wasmaot_instance_export(I, "next", &X), 0);
  EXPECT_EQ(wasmaot_func_call(X.of.func, nullptr, 0, R, 1, nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
  wasmaot_instance_delete(I);
  EXPECT_EQ(*(int32_t *)Mem->base, 1);
  wasmaot_memory_release(Mem);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, InstanceTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

TEST(InstanceApiTest, BadArguments) {
  char *E = nullptr;
  EXPECT_EQ(wasmaot_instance_new(nullptr, nullptr, 0, nullptr, &E), nullptr);
  EXPECT_NE(takeError(E), "");
  wasmaot_extern X;
  EXPECT_EQ(wasmaot_instance_export(nullptr, "x", &X), -1);
  EXPECT_EQ(wasmaot_instance_export_at(nullptr, 0, &X), -1);
  wasmaot_instance_delete(nullptr);
  EXPECT_EQ(wasmaot_context_instance(nullptr), nullptr);
}

} // namespace
