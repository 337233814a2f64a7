// RuntimeTestUtil.h - Shared helpers of the runtime tests.

#ifndef WASMAOT_TEST_RUNTIME_RUNTIME_TEST_UTIL_H
#define WASMAOT_TEST_RUNTIME_RUNTIME_TEST_UTIL_H

#include "FakeGeneratedCode.h"
#include "wasmaot/wasmaot.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <unistd.h>

#include <cstring>
#include <functional>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMAOT_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WASMAOT_TEST_ASAN 1
#endif

namespace wasmaot::test {

// Whether the process can read the byte at p, found without touching it:
// write(2) reports EFAULT for an inaccessible buffer.
inline bool readable(const void *p) {
  int fds[2];
  if (pipe(fds) != 0)
    return false;
  bool ok = write(fds[1], p, 1) == 1;
  close(fds[0]);
  close(fds[1]);
  return ok;
}

// A context for fake generated code over one memory.
struct TestContext {
  wasmaot_context ctx;
  wasmaot_memory *mem[1];
  explicit TestContext(wasmaot_memory *memory) {
    std::memset(&ctx, 0, sizeof ctx);
    mem[0] = memory;
    ctx.rt = wasmaot_runtime_services_get();
    ctx.memory0_base = memory ? memory->base : nullptr;
    ctx.memories = mem;
    ctx.stack_limit_tls_offset = wasmaot_stack_limit_tls_offset();
  }
};

// Registers the fake generated code for the life of the object.
struct RegisteredFakeCode {
  RegisteredFakeCode() {
    EXPECT_EQ(wasmaot_code_range_register(fake_code_begin(), fake_code_size()),
              0);
  }
  ~RegisteredFakeCode() {
    EXPECT_EQ(wasmaot_code_range_unregister(fake_code_begin()), 0);
  }
};

// Runs fn on a new thread with the given stack size and waits for it.
inline void runOnThread(size_t stackSize, std::function<void()> fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (stackSize)
    pthread_attr_setstacksize(&attr, stackSize);
  pthread_t thread;
  auto *heapFn = new std::function<void()>(std::move(fn));
  int rc = pthread_create(
      &thread, &attr,
      [](void *p) -> void * {
        auto *f = static_cast<std::function<void()> *>(p);
        (*f)();
        delete f;
        return nullptr;
      },
      heapFn);
  pthread_attr_destroy(&attr);
  ASSERT_EQ(rc, 0);
  pthread_join(thread, nullptr);
}

// An entry function that runs a C++ callable (for host-side entry functions
// in trap tests): callee is a std::function<void(wasmaot_val *)> *.
inline void callFunctionEntry(void *callee, const void *, const wasmaot_val *,
                              wasmaot_val *results) {
  (*static_cast<std::function<void(wasmaot_val *)> *>(callee))(results);
}

} // namespace wasmaot::test

#endif
