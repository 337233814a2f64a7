// StackLimitTest.cpp - The per-thread stack limit generated code reads at
// thread pointer + wasmaot_context.stack_limit_tls_offset, and stack
// overflow as a trap.

#include "StackLimit.h"
#include "RuntimeTestUtil.h"
#include "Trap.h"

#include <sys/resource.h>

using namespace wasmaot::test;

namespace {

constexpr uint32_t Exhausted = WASMAOT_TRAP_STACK_EXHAUSTED;

// What generated code does: the word at thread pointer + offset.
uintptr_t *limitThroughThreadPointer(intptr_t offset) {
  return (uintptr_t *)((char *)__builtin_thread_pointer() + offset);
}

// The calling thread's stack as pthread reports it.
void pthreadStack(uintptr_t &low, uintptr_t &high) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_getattr_np(pthread_self(), &attr), 0);
  void *addr;
  size_t size;
  ASSERT_EQ(pthread_attr_getstack(&attr, &addr, &size), 0);
  pthread_attr_destroy(&attr);
  low = (uintptr_t)addr;
  high = low + size;
}

void checkOffsetReadsBack(uintptr_t value) {
  intptr_t offset = wasmaot_stack_limit_tls_offset();
  ASSERT_NE(offset, 0);
  EXPECT_EQ(wasmaot_thread_pointer(), __builtin_thread_pointer())
      << "the runtime and the test agree on the thread pointer";
  uintptr_t *word = limitThroughThreadPointer(offset);
  EXPECT_EQ(*word, 0u) << "no limit outside Wasm";
  wasmaot_stack_limit_set(value);
  EXPECT_EQ(*word, value);
  *word = value + 8;
  EXPECT_EQ(wasmaot_stack_limit_get(), value + 8);
  wasmaot_stack_limit_set(0);
}

TEST(StackLimitTest, OffsetReadsBackOnTwoThreads) {
  intptr_t mainOffset = wasmaot_stack_limit_tls_offset();
  checkOffsetReadsBack(0x1000);
  intptr_t threadOffset = 0;
  uintptr_t *threadWord = nullptr;
  runOnThread(0, [&] {
    threadOffset = wasmaot_stack_limit_tls_offset();
    checkOffsetReadsBack(0x2000);
    threadWord = limitThroughThreadPointer(threadOffset);
    wasmaot_stack_limit_set(0x3000); // must not be the main thread's word
  });
  EXPECT_EQ(threadOffset, mainOffset) << "one offset for every thread";
  EXPECT_NE(threadWord, limitThroughThreadPointer(mainOffset));
  EXPECT_EQ(wasmaot_stack_limit_get(), 0u);
}

// Checks the limit inside an entry on the calling thread; stackLow is the
// bottom of the usable stack the limit must be computed from.
void checkLimitInsideEntry(uintptr_t stackLow) {
  intptr_t offset = wasmaot_stack_limit_tls_offset();
  uintptr_t outside = *limitThroughThreadPointer(offset);
  uintptr_t inside = 0, nested = 0, sp = 0;
  std::function<void(wasmaot_val *)> body = [&](wasmaot_val *) {
    sp = (uintptr_t)__builtin_frame_address(0);
    inside = *limitThroughThreadPointer(offset);
    std::function<void(wasmaot_val *)> inner = [&](wasmaot_val *) {
      nested = *limitThroughThreadPointer(offset);
    };
    wasmaot_val r[1];
    wasmaot_call_entry(callFunctionEntry, &inner, nullptr, nullptr, r, nullptr);
  };
  wasmaot_val r[1];
  ASSERT_EQ(wasmaot_call_entry(callFunctionEntry, &body, nullptr, nullptr, r,
                               nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
  EXPECT_EQ(inside, stackLow + WASMAOT_STACK_RESERVE);
  EXPECT_LT(inside, sp);
  EXPECT_EQ(nested, inside);
  EXPECT_EQ(*limitThroughThreadPointer(offset), outside) << "restored";
}

TEST(StackLimitTest, OutermostEntrySetsTheLimitFromTheThreadStack) {
  uintptr_t low, high;
  runOnThread(1 << 20, [&] {
    pthreadStack(low, high);
    EXPECT_GE(high - low, 1u << 20);
    checkLimitInsideEntry(low);
  });
}

TEST(StackLimitTest, MainThreadLimitFollowsTheRlimit) {
  uintptr_t low, high;
  pthreadStack(low, high);
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
  // Unlimited: a fixed amount (glibc would report down to the heap).
  uintptr_t usable = rl.rlim_cur == RLIM_INFINITY
                         ? (uintptr_t)WASMAOT_UNLIMITED_MAIN_STACK
                         : (uintptr_t)rl.rlim_cur;
  if (usable < high && high - usable > low)
    low = high - usable;
  checkLimitInsideEntry(low);
}

TEST(StackLimitTest, LimitSetByTheHostIsRestored) {
  wasmaot_val r[1];
  std::function<void(wasmaot_val *)> nothing = [](wasmaot_val *) {};
  wasmaot_call_entry(callFunctionEntry, &nothing, nullptr, nullptr, r, nullptr);
  uintptr_t low, high;
  wasmaot_stack_bounds(&low, &high); // known after the first entry
  ASSERT_NE(low, 0u);
  wasmaot_stack_limit_set(0x1234);
  checkLimitInsideEntry(low);
  EXPECT_EQ(wasmaot_stack_limit_get(), 0x1234u);
  wasmaot_stack_limit_set(0);
}

// Recursion in "generated code" that checks the limit in its prologue traps
// before the guard page; twice in a row on the same thread.
void checkedRecursionTraps() {
  TestContext t(nullptr);
  uintptr_t low, high;
  pthreadStack(low, high);
  for (int i = 0; i < 2; ++i) {
    wasmaot_val args[1], results[1];
    args[0].i64 = INT64_MAX;
    wasmaot_trap trap;
    ASSERT_EQ(wasmaot_call_entry(fake_recurse_checked, &t.ctx, nullptr, args,
                                 results, &trap),
              Exhausted);
    EXPECT_EQ(trap.pc, nullptr) << "raised by the check, not by a fault";
    uintptr_t lowest = fake_lowest_frame();
    uintptr_t bound = 0, unused;
    wasmaot_stack_bounds(&bound, &unused);
    uintptr_t limit = bound + WASMAOT_STACK_RESERVE;
    EXPECT_GE(lowest, limit) << "no frame below the limit";
    EXPECT_LT(lowest, limit + 4096) << "stopped at the limit, not before";
    EXPECT_GE(bound, low) << "within the stack pthread reports";
    EXPECT_GT(fake_deepest(), 100u);
  }
  // A shallow recursion still returns.
  wasmaot_val args[1], results[1];
  args[0].i64 = 10;
  EXPECT_EQ(wasmaot_call_entry(fake_recurse_checked, &t.ctx, nullptr, args,
                               results, nullptr),
            (uint32_t)WASMAOT_TRAP_NONE);
}

class StackTest : public testing::Test {
protected:
  RegisteredFakeCode code;
};

TEST_F(StackTest, CheckedRecursionTrapsOnAThread) {
  runOnThread(512 << 10, checkedRecursionTraps);
}

TEST_F(StackTest, CheckedRecursionTrapsOnTheMainThread) {
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
  if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (64u << 20))
    GTEST_SKIP() << "main-thread stack unlimited or large";
  checkedRecursionTraps();
}

// Without the check, the guard page: the fault handler's fallback.
void uncheckedRecursionTraps() {
  TestContext t(nullptr);
  for (int i = 0; i < 2; ++i) {
    wasmaot_val args[1], results[1];
    args[0].i64 = INT64_MAX;
    wasmaot_trap trap;
    ASSERT_EQ(wasmaot_call_entry(fake_recurse_unchecked, &t.ctx, nullptr, args,
                                 results, &trap),
              Exhausted);
    EXPECT_NE(trap.pc, nullptr) << "a fault";
    uintptr_t low, high;
    wasmaot_stack_bounds(&low, &high);
    EXPECT_LT((uintptr_t)trap.address, low + 4096);
    EXPECT_GT(fake_deepest(), 100u);
  }
}

TEST_F(StackTest, StackOverflowFaultTrapsOnAThread) {
  runOnThread(512 << 10, uncheckedRecursionTraps);
}

TEST_F(StackTest, StackOverflowFaultTrapsOnTheMainThread) {
  struct rlimit rl;
  ASSERT_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
  if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (64u << 20))
    GTEST_SKIP() << "main-thread stack unlimited or large";
  uncheckedRecursionTraps();
}

} // namespace
