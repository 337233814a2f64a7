// BacktraceTest.cpp - A trap carries the Wasm functions that were active,
// innermost first, symbolized to their names; whatever raised it (a fault, a
// check in generated code, a host function, stack exhaustion).

#include "ExecTestUtil.h"

using namespace wasmaot::test;

namespace {

const char *ChainModule = R"(
(module
  (import "host" "fail" (func $fail))
  (import "host" "reenter" (func $reenter))
  (memory 1)
  (func $load_at (param i32) (result i32) (i32.load (local.get 0)))
  (func $middle (param i32) (result i32)
    (i32.add (call $load_at (local.get 0)) (i32.const 1)))
  (func $oob (export "oob") (param i32) (result i32)
    (i32.mul (call $middle (local.get 0)) (i32.const 3)))
  (func $div (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $divide (export "divide") (param i32) (result i32)
    (i32.add (call $div (local.get 0)) (i32.const 3)))
  (func $calls_host (export "calls_host") (call $fail))
  (func $calls_reenter (export "calls_reenter") (call $reenter))
  (func $rec (export "rec") (param i32) (result i32)
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
)
)";

/// The function names of a trap's frames.
std::vector<std::string> frameNames(const wasmaot_trap &T) {
  std::vector<std::string> Names;
  for (uint32_t I = 0; I < T.num_frames; ++I) {
    wasmaot_frame_info Info;
    if (wasmaot_symbolize(T.frames[I], &Info) != 0)
      Names.push_back("?");
    else
      Names.push_back(Info.func_name ? Info.func_name : "<unnamed>");
  }
  return Names;
}

using Names = std::vector<std::string>;

struct Host {
  const Inst *Instance = nullptr;
  wasmaot_trap InnerTrap{};
  static int32_t fail(void *, wasmaot_context *, const wasmaot_val *,
                      wasmaot_val *) {
    return WASMAOT_TRAP_HOST;
  }
  /// Calls back into the module, which traps there; passes the trap on.
  static int32_t reenter(void *Env, wasmaot_context *, const wasmaot_val *,
                         wasmaot_val *) {
    auto *H = static_cast<Host *>(Env);
    std::vector<wasmaot_val> R;
    return (int32_t)H->Instance->call("divide", {I32(0)}, R, 1,
                                      &H->InnerTrap);
  }
};

class BacktraceTest : public ::testing::TestWithParam<unsigned> {
protected:
  void SetUp() override {
    L.emplace(compileWat(ChainModule, GetParam()));
    ASSERT_TRUE(*L) << L->Error;
    I.emplace(L->M, std::vector<wasmaot_extern>{
                        externHost(Host::fail, &H, {}, {}),
                        externHost(Host::reenter, &H, {}, {})});
    ASSERT_TRUE(*I) << I->Error;
    H.Instance = &*I;
  }
  wasmaot_trap trap(const char *Name, std::initializer_list<wasmaot_val> Args,
                    size_t NumResults, uint32_t Expected) {
    wasmaot_trap T{};
    std::vector<wasmaot_val> R;
    EXPECT_EQ(I->call(Name, Args, R, NumResults, &T), Expected) << Name;
    return T;
  }
  bool optimised() const { return GetParam() > 0; }
  std::optional<Loaded> L;
  std::optional<Inst> I;
  Host H;
};

TEST_P(BacktraceTest, FaultInNestedCalls) {
  wasmaot_trap T = trap("oob", {I32(70000)}, 1,
                        WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY);
  EXPECT_FALSE(T.truncated);
  if (optimised()) { // Inlined into one frame.
    ASSERT_GE(T.num_frames, 1u);
    EXPECT_EQ(frameNames(T).back(), "oob");
  } else {
    EXPECT_EQ(frameNames(T), (Names{"load_at", "middle", "oob"}));
  }
}

TEST_P(BacktraceTest, CheckInGeneratedCode) {
  wasmaot_trap T =
      trap("divide", {I32(0)}, 1, WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
  if (optimised())
    EXPECT_EQ(frameNames(T).back(), "divide");
  else
    EXPECT_EQ(frameNames(T), (Names{"div", "divide"}));
}

TEST_P(BacktraceTest, HostFunctionFailing) {
  wasmaot_trap T = trap("calls_host", {}, 0, WASMAOT_TRAP_HOST);
  EXPECT_EQ(frameNames(T), (Names{"calls_host"})) << "no adapter frame";
}

TEST_P(BacktraceTest, NestedEntriesSeeTheirOwnFrames) {
  wasmaot_trap T = trap("calls_reenter", {}, 0,
                        WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
  EXPECT_EQ(frameNames(T), (Names{"calls_reenter"}))
      << "the outer call's frames only";
  EXPECT_EQ(frameNames(H.InnerTrap).back(), "divide")
      << "the inner call's frames only";
}

TEST_P(BacktraceTest, StackExhaustionIsTruncated) {
  for (int Round = 0; Round < 2; ++Round) {
    wasmaot_trap T = trap("rec", {I32(0)}, 1, WASMAOT_TRAP_STACK_EXHAUSTED);
    EXPECT_TRUE(T.truncated);
    EXPECT_EQ(T.num_frames, WASMAOT_TRAP_MAX_FRAMES);
    EXPECT_EQ(frameNames(T), Names(WASMAOT_TRAP_MAX_FRAMES, "rec"));
  }
}

TEST_P(BacktraceTest, SymbolizeOnlyWasmFunctions) {
  wasmaot_frame_info Info;
  EXPECT_EQ(wasmaot_symbolize(nullptr, &Info), -1);
  EXPECT_EQ(wasmaot_symbolize((const void *)&frameNames, &Info), -1);
  const wasmaot_func *F = I->func("oob");
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(wasmaot_symbolize((const void *)F->entry, &Info), -1)
      << "a trampoline";
  ASSERT_EQ(wasmaot_symbolize(F->code, &Info), 0);
  EXPECT_STREQ(Info.func_name, "oob");
  EXPECT_EQ(Info.func_index, 4u);
  EXPECT_EQ(Info.offset, 0u);
  EXPECT_EQ(Info.module, L->M);
}

TEST(BacktraceLifetime, UnloadedModulesAreForgotten) {
  const void *Code;
  {
    Loaded L(compileWat(R"((module (func (export "f"))))", 0));
    ASSERT_TRUE(L) << L.Error;
    const wasmaot_module_descriptor *D = wasmaot_module_get_descriptor(L.M);
    Code = D->code[0];
    EXPECT_EQ(wasmaot_symbolize(Code, nullptr), 0);
  }
  EXPECT_EQ(wasmaot_symbolize(Code, nullptr), -1);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, BacktraceTest,
                         ::testing::ValuesIn(OptLevels), [](const auto &Info) {
                           return "O" + std::to_string(Info.param);
                         });

} // namespace
