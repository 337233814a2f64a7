// Runtime pieces the wasm32-wasi toolchain on Debian 12 lacks.
//
// Built with -fno-exceptions (Debian's wasm32 libc++abi has no exception
// support), so Boost reports errors through these hooks: print and abort.
// A few Boost.Math headers (the interpolators) still contain plain `throw`
// statements, which clang accepts in system headers; the C++ ABI entry
// points they call abort as well.
#include <boost/assert/source_location.hpp>
#include <boost/throw_exception.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace boost {
void throw_exception(const std::exception &E) {
  std::fprintf(stderr, "fatal: %s\n", E.what());
  std::abort();
}
void throw_exception(const std::exception &E, const source_location &Loc) {
  std::fprintf(stderr, "fatal: %s at %s:%u\n", E.what(), Loc.file_name(),
               unsigned(Loc.line()));
  std::abort();
}
} // namespace boost

extern "C" void *__cxa_allocate_exception(std::size_t) {
  std::fprintf(stderr, "fatal: C++ exception thrown with exceptions disabled\n");
  std::abort();
}
extern "C" void __cxa_throw(void *, void *, void (*)(void *)) { std::abort(); }

// Debian's libclang_rt.builtins-wasm32.a was compiled with a stack protector
// (umodti3 and friends reference these), but wasi-libc does not define them.
extern "C" {
std::uintptr_t __stack_chk_guard = 0x5a17c0de;
void __stack_chk_fail(void) {
  std::fprintf(stderr, "fatal: stack smashing detected\n");
  std::abort();
}
}
