// TrapTest.cpp - Entry frames and rt->trap: every code unwinds to the
// innermost call into Wasm, and only to it.

#include "Trap.h"
#include "RuntimeTestUtil.h"
#include "StackLimit.h"

#include <set>
#include <string>

using namespace wasmaot::test;

namespace {

using Body = std::function<void(wasmaot_val *)>;

uint32_t callBody(Body &body, wasmaot_val *results = nullptr,
                  wasmaot_trap *trap = nullptr) {
  wasmaot_val scratch[1];
  return wasmaot_call_entry(callFunctionEntry, &body, nullptr, nullptr,
                            results ? results : scratch, trap);
}

uint32_t callTrap(TestContext &t, uint32_t code, wasmaot_trap *trap) {
  wasmaot_val args[1], results[1];
  args[0].i32 = (int32_t)code;
  return wasmaot_call_entry(fake_trap, &t.ctx, nullptr, args, results, trap);
}

constexpr uint32_t FirstCode = WASMAOT_TRAP_UNREACHABLE;
constexpr uint32_t LastCode = WASMAOT_TRAP_UNINITIALIZED_ELEMENT;

TEST(TrapTest, MessagesFollowTheSpecTests) {
  EXPECT_STREQ(wasmaot_trap_message(WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY),
               "out of bounds memory access");
  EXPECT_STREQ(wasmaot_trap_message(WASMAOT_TRAP_STACK_EXHAUSTED),
               "call stack exhausted");
  EXPECT_STREQ(wasmaot_trap_message(WASMAOT_TRAP_INT_DIVIDE_BY_ZERO),
               "integer divide by zero");
  EXPECT_STREQ(wasmaot_trap_message(WASMAOT_TRAP_UNREACHABLE), "unreachable");
  std::set<std::string> seen;
  for (uint32_t code = WASMAOT_TRAP_NONE; code <= LastCode; ++code) {
    const char *message = wasmaot_trap_message(code);
    ASSERT_NE(message, nullptr);
    EXPECT_STRNE(message, "unknown trap") << code;
    EXPECT_TRUE(seen.insert(message).second) << "duplicate: " << message;
  }
  EXPECT_STREQ(wasmaot_trap_message(LastCode + 1), "unknown trap");
  EXPECT_STREQ(wasmaot_trap_message(UINT32_MAX), "unknown trap");
}

TEST(TrapTest, ReturningEntryPassesArgumentsAndResults) {
  wasmaot_memory *m = wasmaot_memory_new(1, 1, 0, nullptr);
  ASSERT_NE(m, nullptr);
  TestContext t(m);
  m->base[100] = 42;
  wasmaot_val args[1], results[1];
  args[0].i32 = 100;
  results[0].i64 = -1;
  wasmaot_trap trap;
  std::memset(&trap, 0xFF, sizeof trap);
  EXPECT_EQ(
      wasmaot_call_entry(fake_load8, &t.ctx, nullptr, args, results, &trap),
      (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(results[0].i32, 42);
  EXPECT_EQ(trap.code, (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_STREQ(trap.message, "no trap");
  EXPECT_EQ(trap.pc, nullptr);
  EXPECT_EQ(trap.address, nullptr);
  wasmaot_memory_delete(m);
}

TEST(TrapTest, NullEntryIsAnErrorNotACrash) {
  wasmaot_trap trap;
  EXPECT_EQ(
      wasmaot_call_entry(nullptr, nullptr, nullptr, nullptr, nullptr, &trap),
      (uint32_t)WASMAOT_TRAP_HOST);
  EXPECT_EQ(trap.code, (uint32_t)WASMAOT_TRAP_HOST);
}

TEST(TrapTest, EveryCodeUnwindsToTheEntry) {
  TestContext t(nullptr);
  for (uint32_t code = FirstCode; code <= LastCode; ++code) {
    wasmaot_trap trap;
    EXPECT_EQ(callTrap(t, code, &trap), code);
    EXPECT_EQ(trap.code, code);
    EXPECT_STREQ(trap.message, wasmaot_trap_message(code));
    EXPECT_EQ(trap.pc, nullptr) << "not a fault";
    EXPECT_EQ(wasmaot_innermost_entry(), nullptr) << "frame popped";
    EXPECT_EQ(wasmaot_stack_limit_get(), 0u) << "limit restored";
  }
  // Also without a trap record.
  EXPECT_EQ(callTrap(t, WASMAOT_TRAP_UNREACHABLE, nullptr),
            (uint32_t)WASMAOT_TRAP_UNREACHABLE);
}

TEST(TrapTest, InnerTrapReturnsToTheInnerEntryOnly) {
  TestContext t(nullptr);
  for (uint32_t code = FirstCode; code <= LastCode; ++code) {
    uint32_t innerResult = 12345;
    const void *innerFrame = nullptr, *outerFrame = nullptr;
    uintptr_t outerLimit = 0, limitAfterInner = 1;
    bool continued = false;
    // host -> Wasm (outer) -> host -> Wasm (inner, traps)
    Body outer = [&](wasmaot_val *results) {
      outerFrame = wasmaot_innermost_entry();
      outerLimit = wasmaot_stack_limit_get();
      Body inner = [&](wasmaot_val *) {
        innerFrame = wasmaot_innermost_entry();
        wasmaot_runtime_services_get()->trap(&t.ctx, code);
      };
      innerResult = callBody(inner);
      continued = true;
      EXPECT_EQ(wasmaot_innermost_entry(), outerFrame);
      limitAfterInner = wasmaot_stack_limit_get();
      results[0].i32 = 7;
    };
    wasmaot_val results[1] = {};
    wasmaot_trap trap;
    EXPECT_EQ(callBody(outer, results, &trap), (uint32_t)WASMAOT_TRAP_NONE);
    EXPECT_EQ(innerResult, code);
    EXPECT_TRUE(continued) << "the outer entry was unwound too";
    EXPECT_EQ(results[0].i32, 7);
    EXPECT_NE(innerFrame, nullptr);
    EXPECT_NE(innerFrame, outerFrame);
    EXPECT_EQ(limitAfterInner, outerLimit) << "nested entries keep the limit";
    EXPECT_EQ(wasmaot_innermost_entry(), nullptr);
  }
}

TEST(TrapTest, OuterTrapAfterInnerTrapReachesTheOuterEntry) {
  TestContext t(nullptr);
  uint32_t innerResult = 0;
  Body outer = [&](wasmaot_val *) {
    innerResult = callTrap(t, WASMAOT_TRAP_INT_OVERFLOW, nullptr);
    t.ctx.rt->trap(&t.ctx, WASMAOT_TRAP_NULL_REFERENCE);
  };
  wasmaot_trap trap;
  EXPECT_EQ(callBody(outer, nullptr, &trap),
            (uint32_t)WASMAOT_TRAP_NULL_REFERENCE);
  EXPECT_EQ(innerResult, (uint32_t)WASMAOT_TRAP_INT_OVERFLOW);
}

TEST(TrapTest, DeepNestingUnwindsOneLevelAtATime) {
  TestContext t(nullptr);
  constexpr int Depth = 50;
  std::vector<uint32_t> results;
  std::function<void(int)> nest = [&](int level) {
    Body body = [&, level](wasmaot_val *) {
      if (level < Depth)
        nest(level + 1);
      t.ctx.rt->trap(&t.ctx, FirstCode + (uint32_t)level % LastCode);
    };
    results.push_back(callBody(body));
  };
  nest(0);
  ASSERT_EQ(results.size(), (size_t)Depth + 1);
  // Innermost first.
  for (int i = 0; i <= Depth; ++i)
    EXPECT_EQ(results[i], FirstCode + (uint32_t)(Depth - i) % LastCode);
  EXPECT_EQ(wasmaot_innermost_entry(), nullptr);
}

TEST(TrapTest, TrapOutsideWasmAborts) {
  TestContext t(nullptr);
  EXPECT_DEATH(t.ctx.rt->trap(&t.ctx, WASMAOT_TRAP_UNREACHABLE),
               "trap \"unreachable\" outside any call into Wasm");
}

TEST(TrapTest, ServicesTrapOnOutOfBoundsBulkMemory) {
  wasmaot_memory *m = wasmaot_memory_new(1, 2, 0, nullptr);
  ASSERT_NE(m, nullptr);
  TestContext t(m);
  const wasmaot_runtime_services *rt = t.ctx.rt;
  auto run = [&](std::function<void()> op) {
    Body body = [&](wasmaot_val *) { op(); };
    return callBody(body);
  };
  const uint32_t None = WASMAOT_TRAP_NONE;
  const uint32_t Oob = WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY;
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 10, 0x5A, 5); }), None);
  EXPECT_EQ(m->base[14], 0x5A);
  EXPECT_EQ(m->base[15], 0);
  EXPECT_EQ(run([&] { rt->memory_copy(&t.ctx, 0, 0, 12, 10, 5); }), None);
  EXPECT_EQ(m->base[16], 0x5A);
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 65535, 1, 1); }), None);
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 65536, 1, 0); }), None);
  // Out of bounds: trap before writing anything.
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 65530, 9, 7); }), Oob);
  EXPECT_EQ(m->base[65530], 0);
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 65537, 9, 0); }), Oob);
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 1, 9, UINT64_MAX); }), Oob);
  EXPECT_EQ(run([&] { rt->memory_copy(&t.ctx, 0, 0, 65530, 0, 7); }), Oob);
  EXPECT_EQ(m->base[65530], 0);
  EXPECT_EQ(run([&] { rt->memory_copy(&t.ctx, 0, 0, 0, 65530, 7); }), Oob);
  EXPECT_EQ(run([&] { rt->memory_copy(&t.ctx, 0, 0, 0, UINT64_MAX - 2, 4); }),
            Oob);
  // memory_grow goes through ctx->memories.
  EXPECT_EQ(rt->memory_grow(&t.ctx, 0, 1), 1u);
  EXPECT_EQ(rt->memory_grow(&t.ctx, 0, 1), UINT64_MAX);
  EXPECT_EQ(run([&] { rt->memory_fill(&t.ctx, 0, 65530, 9, 7); }), None);
  EXPECT_EQ(m->base[65536], 9);
  wasmaot_memory_delete(m);
}

} // namespace
