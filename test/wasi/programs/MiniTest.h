// MiniTest.h - A small test framework for programs built both natively and
// for wasm32-wasi (GoogleTest needs threads and exceptions WASI lacks).
// Each case prints one line, "[ OK ] name" or "[FAIL] name: line: what";
// the run ends with a count. Both builds must print the same.

#ifndef WASMAOT_TEST_WASI_MINITEST_H
#define WASMAOT_TEST_WASI_MINITEST_H

#include <cstdio>
#include <string>
#include <vector>

namespace minitest {

struct Case {
  const char *name;
  void (*fn)();
};

inline std::vector<Case> &cases() {
  static std::vector<Case> all;
  return all;
}

inline std::string &failure() {
  static std::string f;
  return f;
}

struct Register {
  Register(const char *name, void (*fn)()) { cases().push_back({name, fn}); }
};

inline int runAll() {
  int failed = 0;
  for (const Case &c : cases()) {
    failure().clear();
    c.fn();
    if (failure().empty()) {
      std::printf("[ OK ] %s\n", c.name);
    } else {
      ++failed;
      std::printf("[FAIL] %s: %s\n", c.name, failure().c_str());
    }
  }
  std::printf("%zu cases, %zu passed, %d failed\n", cases().size(),
              cases().size() - failed, failed);
  return failed ? 1 : 0;
}

} // namespace minitest

#define MT_CAT2(a, b) a##b
#define MT_CAT(a, b) MT_CAT2(a, b)
#define TEST(name)                                                             \
  static void name();                                                          \
  static minitest::Register MT_CAT(reg_, name)(#name, name);                   \
  static void name()

// Records the first failure of a case and leaves it.
#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      if (minitest::failure().empty())                                         \
        minitest::failure() = std::to_string(__LINE__) + ": " #cond;           \
      return;                                                                  \
    }                                                                          \
  } while (0)
#define CHECK_EQ(a, b) CHECK((a) == (b))
// A call that fails with errno e (by name: the numbers differ).
#define CHECK_ERRNO(expr, e)                                                   \
  do {                                                                         \
    errno = 0;                                                                 \
    CHECK((expr) < 0);                                                         \
    CHECK_EQ(errno, e);                                                        \
  } while (0)

#endif
