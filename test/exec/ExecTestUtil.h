// ExecTestUtil.h - Compiling test modules and driving the runtime's C API.
//
// compileWat(wat, level) runs wat2wasm, compiles the binary in-process to a
// shared library in a per-process temporary directory, and returns its path;
// Loaded wraps a wasmaot_module and Inst a wasmaot_instance, releasing them
// at the end of the scope.

#ifndef WASMAOT_TEST_EXEC_EXEC_TEST_UTIL_H
#define WASMAOT_TEST_EXEC_EXEC_TEST_UTIL_H

#include "wasmaot/wasmaot.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

namespace wasmaot::test {

/// wat2wasm: the binary, or an empty vector with Error set.
std::vector<uint8_t> watToWasm(const std::string &Wat, std::string &Error);

/// Compiles a binary module to a shared library; returns its path, or "" with
/// Error set. MaxOptimizedFunctionSize: CodeGenOptions' (0: no limit).
std::string compileWasm(const std::vector<uint8_t> &Wasm, unsigned OptLevel,
                        std::string &Error,
                        unsigned MaxOptimizedFunctionSize = 7500);

/// Both of the above; fails the current test (and returns "") on an error.
std::string compileWat(const std::string &Wat, unsigned OptLevel = 2,
                       unsigned MaxOptimizedFunctionSize = 7500);

/// The unoptimised LLVM IR of a text module, as text; fails the current test
/// (and returns "") on an error.
std::string translateWat(const std::string &Wat, bool LocalsInMemory = false);

/// A fresh file name in the test's temporary directory.
std::string tempPath(const std::string &Suffix);

/// The error string of a runtime call, freed.
std::string takeError(char *Error);

/// A loaded module, released at the end of the scope.
struct Loaded {
  wasmaot_module *M = nullptr;
  std::string Error;
  explicit Loaded(const std::string &Path);
  ~Loaded() { wasmaot_module_release(M); }
  Loaded(const Loaded &) = delete;
  Loaded &operator=(const Loaded &) = delete;
  explicit operator bool() const { return M != nullptr; }
};

/// An instance, deleted at the end of the scope.
struct Inst {
  wasmaot_instance *I = nullptr;
  std::string Error;
  wasmaot_trap Trap{};
  Inst(wasmaot_module *M, const std::vector<wasmaot_extern> &Imports = {});
  ~Inst() { wasmaot_instance_delete(I); }
  Inst(const Inst &) = delete;
  Inst &operator=(const Inst &) = delete;
  explicit operator bool() const { return I != nullptr; }

  /// An export of any kind (kind WASMAOT_EXTERN_NONE if there is none).
  wasmaot_extern get(const char *Name) const;
  const wasmaot_func *func(const char *Name) const;

  /// Calls export Name; returns the trap code.
  uint32_t call(const char *Name, std::initializer_list<wasmaot_val> Args,
                std::vector<wasmaot_val> &Results, size_t NumResults = 1,
                wasmaot_trap *Trap = nullptr) const;
  /// Calls an export that returns one i32/i64; fails the test on a trap.
  int32_t i32(const char *Name, std::initializer_list<wasmaot_val> Args = {});
  int64_t i64(const char *Name, std::initializer_list<wasmaot_val> Args = {});
  /// The trap code of a call whose results are ignored.
  uint32_t trapOf(const char *Name, std::initializer_list<wasmaot_val> Args,
                  size_t NumResults = 0);
};

inline wasmaot_val I32(int32_t V) {
  wasmaot_val X{};
  X.i32 = V;
  return X;
}
inline wasmaot_val I64(int64_t V) {
  wasmaot_val X{};
  X.i64 = V;
  return X;
}
inline wasmaot_val F64(double V) {
  wasmaot_val X{};
  X.f64 = V;
  return X;
}
inline wasmaot_val Ref(const void *P) {
  wasmaot_val X{};
  X.ref = const_cast<void *>(P);
  return X;
}

wasmaot_extern externFunc(const wasmaot_func *F,
                          wasmaot_instance *Owner = nullptr);
wasmaot_extern externHost(wasmaot_host_callback Callback, void *Env,
                          const std::vector<uint8_t> &Params,
                          const std::vector<uint8_t> &Results);
wasmaot_extern externMemory(wasmaot_memory *M);
wasmaot_extern externTable(wasmaot_table *T);
wasmaot_extern externGlobal(wasmaot_val *Storage, uint32_t Type, bool Mutable);
wasmaot_extern externNone();

/// Runs Fn in a forked child and returns its result (0..255), or -1 if it
/// did not finish within TimeoutSeconds (the child is killed) or died of a
/// signal. For code that may hang or crash when a test fails.
int runInChild(int (*Fn)(void *), void *Arg, unsigned TimeoutSeconds);

/// Tests of known bugs (of the compiler) are skipped; set
/// WASMAOT_RUN_KNOWN_BUGS=1 to run them anyway (to check a fix).
inline bool runKnownBugs() {
  const char *V = std::getenv("WASMAOT_RUN_KNOWN_BUGS");
  return V && *V && std::string(V) != "0";
}
#define WASMAOT_KNOWN_BUG(Description)                                         \
  if (!::wasmaot::test::runKnownBugs())                                        \
  GTEST_SKIP() << "BUG: " << Description

/// Optimisation levels the parameterised tests run at: one per pipeline
/// (-O1 has its own IR and machine pipelines; -O3 is -O2 with more).
inline const unsigned OptLevels[] = {0, 1, 2};

} // namespace wasmaot::test

#endif
