// SignalTest.cpp - Faults of generated code become traps; all other faults
// stay crashes (or reach the handler that was there before).

#include "RuntimeTestUtil.h"
#include "Signals.h"
#include "Trap.h"

#include <signal.h>
#include <sys/mman.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace wasmaot::test;

namespace {

constexpr uint64_t Page = WASMAOT_PAGE_SIZE;
constexpr uint32_t Oob = WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY;
constexpr uint32_t None = WASMAOT_TRAP_NONE;

// A fault that is not ours kills the process with SIGSEGV; under ASan the
// chained ASan handler reports it (and exits) instead.
#ifdef WASMAOT_TEST_ASAN
#define EXPECT_SEGV_DEATH(statement)                                           \
  EXPECT_DEATH(statement, "AddressSanitizer: SEGV")
#else
#define EXPECT_SEGV_DEATH(statement)                                           \
  EXPECT_EXIT(statement, testing::KilledBySignal(SIGSEGV), "")
#endif

bool inFakeCode(const void *pc) {
  auto p = (const char *)pc, b = (const char *)fake_code_begin();
  return p >= b && p < b + fake_code_size();
}

bool segvBlocked() {
  sigset_t set;
  pthread_sigmask(SIG_BLOCK, nullptr, &set);
  return sigismember(&set, SIGSEGV);
}

class SignalTest : public testing::Test {
protected:
  void SetUp() override {
    memory = wasmaot_memory_new(1, 4, 0, nullptr);
    ASSERT_NE(memory, nullptr);
    t = std::make_unique<TestContext>(memory);
  }
  void TearDown() override { wasmaot_memory_delete(memory); }

  uint32_t load8(wasmaot_entry_fn fn, uint32_t address, wasmaot_trap *trap,
                 int32_t *value = nullptr) {
    wasmaot_val args[1], results[1];
    args[0].i32 = (int32_t)address;
    uint32_t code =
        wasmaot_call_entry(fn, &t->ctx, nullptr, args, results, trap);
    if (value && code == None)
      *value = results[0].i32;
    return code;
  }

  wasmaot_memory *memory = nullptr;
  std::unique_ptr<TestContext> t;
  RegisteredFakeCode code;
};

TEST_F(SignalTest, OutOfBoundsLoadTrapsRepeatedly) {
  memory->base[Page - 1] = 99;
  int32_t value = 0;
  wasmaot_trap trap;
  EXPECT_EQ(load8(fake_load8, Page - 1, &trap, &value), None);
  EXPECT_EQ(value, 99);
  for (int i = 0; i < 3; ++i) { // the mask is restored every time
    uint32_t address = Page + 17 * i;
    ASSERT_EQ(load8(fake_load8, address, &trap), Oob) << i;
    EXPECT_EQ(trap.code, Oob);
    EXPECT_STREQ(trap.message, "out of bounds memory access");
    EXPECT_EQ(trap.address, memory->base + address);
    EXPECT_TRUE(inFakeCode(trap.pc));
    EXPECT_FALSE(segvBlocked());
    EXPECT_EQ(wasmaot_innermost_entry(), nullptr);
  }
  // The highest i32 address, far into the reservation.
  EXPECT_EQ(load8(fake_load8, UINT32_MAX, &trap), Oob);
  EXPECT_EQ(trap.address, memory->base + UINT32_MAX);
  // After grow the same address is fine.
  ASSERT_EQ(wasmaot_memory_grow(memory, 1), 1u);
  EXPECT_EQ(load8(fake_load8, Page, &trap, &value), None);
  EXPECT_EQ(value, 0);
}

TEST_F(SignalTest, OutOfBoundsStoreTraps) {
  wasmaot_val args[2], results[1];
  args[0].i32 = (int32_t)(4 * Page); // the max, never committed
  args[1].i32 = 5;
  wasmaot_trap trap;
  EXPECT_EQ(
      wasmaot_call_entry(fake_store8, &t->ctx, nullptr, args, results, &trap),
      Oob);
  EXPECT_EQ(trap.address, memory->base + 4 * Page);
  args[0].i32 = 3;
  EXPECT_EQ(
      wasmaot_call_entry(fake_store8, &t->ctx, nullptr, args, results, &trap),
      None);
  EXPECT_EQ(memory->base[3], 5);
}

TEST_F(SignalTest, TheGuardCoversTheLargestStaticOffset) {
  // i64.load offset=0xFFFFFFFF at address 0xFFFFFFFF: base + 8 GiB - 2.
  wasmaot_val args[1], results[1];
  args[0].i32 = -1;
  wasmaot_trap trap;
  EXPECT_EQ(wasmaot_call_entry(fake_load64_max_offset, &t->ctx, nullptr, args,
                               results, &trap),
            Oob);
  EXPECT_EQ(trap.address, memory->base + 2 * 0xFFFFFFFFull);
  memory->base[7] = 1;
  args[0].i32 = (int32_t)(8 - 0xFFFFFFFFll); // wraps to base + 8
  EXPECT_EQ(wasmaot_call_entry(fake_load64_max_offset, &t->ctx, nullptr, args,
                               results, &trap),
            Oob)
      << "(uint32)(8 - 0xFFFFFFFF) + 0xFFFFFFFF is past 4 GiB";
}

TEST_F(SignalTest, NestedFaultReturnsToTheInnerEntry) {
  uint32_t inner = 0;
  bool continued = false;
  std::function<void(wasmaot_val *)> outer = [&](wasmaot_val *results) {
    wasmaot_trap trap;
    inner = load8(fake_load8, 2 * Page, &trap);
    continued = true;
    results[0].i32 = 1;
  };
  wasmaot_val results[1] = {};
  EXPECT_EQ(wasmaot_call_entry(callFunctionEntry, &outer, nullptr, nullptr,
                               results, nullptr),
            None);
  EXPECT_EQ(inner, Oob);
  EXPECT_TRUE(continued);
  EXPECT_EQ(results[0].i32, 1);
}

TEST_F(SignalTest, TrapsOnTwoThreadsAtOnce) {
  constexpr int Iterations = 500;
  std::atomic<int> ready{0};
  std::atomic<int> wrong{0};
  auto worker = [&](int id) {
    wasmaot_memory *own = wasmaot_memory_new(1, 1, 0, nullptr);
    if (!own) {
      ++wrong;
      return;
    }
    TestContext tc(own);
    ++ready;
    while (ready.load() < 2) {
    }
    for (int i = 0; i < Iterations; ++i) {
      wasmaot_val args[1], results[1];
      wasmaot_trap trap;
      // A fault in the thread's own memory and in the shared one...
      args[0].i32 = (int32_t)(Page + i);
      if (wasmaot_call_entry(fake_load8, &tc.ctx, nullptr, args, results,
                             &trap) != Oob ||
          trap.address != own->base + Page + i)
        ++wrong;
      if (wasmaot_call_entry(fake_load8, &t->ctx, nullptr, args, results,
                             &trap) != Oob ||
          trap.address != memory->base + Page + i)
        ++wrong;
      // ... and an explicit trap with a code of this thread.
      uint32_t mine =
          id == 0 ? WASMAOT_TRAP_UNREACHABLE : WASMAOT_TRAP_INT_DIVIDE_BY_ZERO;
      args[0].i32 = (int32_t)mine;
      if (wasmaot_call_entry(fake_trap, &tc.ctx, nullptr, args, results,
                             &trap) != mine)
        ++wrong;
    }
    wasmaot_memory_delete(own);
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(SignalTest, ThreadsGetAnAlternateSignalStack) {
  stack_t before{}, during{};
  std::thread([&] {
    sigaltstack(nullptr, &before);
    wasmaot_trap trap;
    EXPECT_EQ(load8(fake_load8, Page, &trap), Oob);
    sigaltstack(nullptr, &during);
  }).join();
#ifndef WASMAOT_TEST_ASAN // ASan gives threads one of its own
  EXPECT_TRUE(before.ss_flags & SS_DISABLE);
#endif
  EXPECT_FALSE(during.ss_flags & SS_DISABLE);
  EXPECT_GE(during.ss_size, (size_t)WASMAOT_SIGNAL_STACK_MIN);
#ifndef WASMAOT_TEST_ASAN
  EXPECT_EQ(during.ss_size, (size_t)WASMAOT_SIGNAL_STACK_SIZE);
  // The thread has exited: its stack was freed (pthread key destructor).
  EXPECT_FALSE(readable(during.ss_sp));
  EXPECT_FALSE(readable((char *)during.ss_sp + during.ss_size - 1));
#endif
}

// ---- Faults that are not ours. ----

using SignalDeathTest = SignalTest;

TEST_F(SignalDeathTest, FaultOfUnregisteredCodeIsNotSwallowed) {
  wasmaot_trap trap;
  EXPECT_SEGV_DEATH(load8(host_load8, Page, &trap));
  // The same access from registered code is a trap (the test is not vacuous).
  EXPECT_EQ(load8(fake_load8, Page, &trap), Oob);
}

TEST_F(SignalDeathTest, FaultOutsideAnyReservationIsNotSwallowed) {
  void *page =
      mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  wasmaot_val args[1], results[1];
  args[0].ref = page;
  EXPECT_SEGV_DEATH(wasmaot_call_entry(fake_load_absolute, &t->ctx, nullptr,
                                       args, results, nullptr));
  // The same function on a reservation: a trap.
  args[0].ref = memory->base + Page;
  EXPECT_EQ(wasmaot_call_entry(fake_load_absolute, &t->ctx, nullptr, args,
                               results, nullptr),
            Oob);
  munmap(page, 4096);
}

TEST_F(SignalDeathTest, FaultOutsideAnEntryIsNotSwallowed) {
  ASSERT_EQ(wasmaot_install_signal_handlers(), 0);
  wasmaot_val args[1], results[1];
  args[0].i32 = (int32_t)Page;
  EXPECT_SEGV_DEATH(fake_load8(&t->ctx, nullptr, args, results));
}

TEST_F(SignalDeathTest, UnregisteredCodeRangeIsNotGenerated) {
  ASSERT_EQ(wasmaot_code_range_unregister(fake_code_begin()), 0);
  wasmaot_trap trap;
  EXPECT_SEGV_DEATH(load8(fake_load8, Page, &trap));
  ASSERT_EQ(wasmaot_code_range_register(fake_code_begin(), fake_code_size()),
            0);
}

// The previous handler gets what is not ours. These install theirs before
// the runtime's, so they need a fresh process: the death tests run in one
// ("threadsafe" style re-executes the test binary; see RuntimeTestMain.cpp).
extern "C" void previousSigaction(int sig, siginfo_t *info, void *) {
  _exit(sig == SIGSEGV && info->si_code > 0 ? 42 : 1);
}
extern "C" void previousHandler(int sig) { _exit(sig == SIGSEGV ? 43 : 1); }

void installThenFault(bool siginfo, wasmaot_entry_fn fn, TestContext &tc,
                      uint32_t address) {
  struct sigaction sa {};
  if (siginfo) {
    sa.sa_sigaction = previousSigaction;
    sa.sa_flags = SA_SIGINFO;
  } else {
    sa.sa_handler = previousHandler;
  }
  sigaction(SIGSEGV, &sa, nullptr);
  if (wasmaot_install_signal_handlers() != 0)
    _exit(2);
  struct sigaction now {};
  sigaction(SIGSEGV, nullptr, &now);
  if (now.sa_sigaction == previousSigaction ||
      now.sa_handler == previousHandler)
    _exit(3); // the runtime's handler is not in front: nothing tested
  // A trap still works with the chain in place...
  wasmaot_val args[1], results[1];
  args[0].i32 = (int32_t)address;
  if (wasmaot_call_entry(fake_load8, &tc.ctx, nullptr, args, results,
                         nullptr) != WASMAOT_TRAP_OUT_OF_BOUNDS_MEMORY)
    _exit(4);
  // ... and an unregistered fault reaches the previous handler.
  wasmaot_call_entry(fn, &tc.ctx, nullptr, args, results, nullptr);
  _exit(5);
}

TEST_F(SignalDeathTest, OtherFaultsReachThePreviousSigaction) {
  EXPECT_EXIT(installThenFault(true, host_load8, *t, Page),
              testing::ExitedWithCode(42), "");
}

TEST_F(SignalDeathTest, OtherFaultsReachThePreviousHandler) {
  EXPECT_EXIT(installThenFault(false, host_load8, *t, Page),
              testing::ExitedWithCode(43), "");
}

} // namespace
