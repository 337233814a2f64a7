//===- driver.cpp - The workload program's native runner ------------------===//
//
// `workload-native NAME ARGS...` calls the natively built export NAME and
// prints what `wasm-aot run --invoke NAME workload.wasm ARGS...` prints for
// the same call, so that the two can be compared line for line.
//
//===----------------------------------------------------------------------===//
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>

extern "C" {
#include "workload.h"
}

namespace {

// Arguments are read as wasm-aot reads them: integers in decimal or 0x hex,
// possibly negative, truncated to the parameter's width.
int64_t parseInteger(const char *S) {
  bool Negative = *S == '-';
  uint64_t Magnitude = std::strtoull(S + (Negative || *S == '+'), nullptr, 0);
  return int64_t(Negative ? 0 - Magnitude : Magnitude);
}
wl_i32 parse_i32(const char *S) { return wl_i32(uint32_t(parseInteger(S))); }
wl_i64 parse_i64(const char *S) { return parseInteger(S); }
wl_f32 parse_f32(const char *S) { return std::strtof(S, nullptr); }
wl_f64 parse_f64(const char *S) { return std::strtod(S, nullptr); }

// Floats as wasm-aot prints them: the shortest decimal that reads back
// exactly, "inf", "nan" for the canonical NaN and "nan:0x..." otherwise.
template <typename FloatT, typename BitsT> std::string formatFloat(FloatT F) {
  constexpr int MantissaBits = std::numeric_limits<FloatT>::digits - 1;
  constexpr BitsT Payload = (BitsT(1) << MantissaBits) - 1;
  BitsT Bits;
  std::memcpy(&Bits, &F, sizeof(Bits));
  std::string Sign = std::signbit(F) ? "-" : "";
  if (std::isnan(F)) {
    if ((Bits & Payload) == BitsT(1) << (MantissaBits - 1))
      return Sign + "nan";
    char Hex[32];
    std::snprintf(Hex, sizeof(Hex), "nan:0x%llx",
                  (unsigned long long)(Bits & Payload));
    return Sign + Hex;
  }
  if (std::isinf(F))
    return Sign + "inf";
  char Buffer[64];
  auto Result = std::to_chars(Buffer, Buffer + sizeof(Buffer), F);
  return std::string(Buffer, Result.ptr);
}

void print_i32(wl_i32 V) { std::printf("%d\n", V); }
void print_i64(wl_i64 V) { std::printf("%lld\n", (long long)V); }
void print_f32(wl_f32 V) {
  std::printf("%s\n", formatFloat<float, uint32_t>(V).c_str());
}
void print_f64(wl_f64 V) {
  std::printf("%s\n", formatFloat<double, uint64_t>(V).c_str());
}

struct Export {
  const char *Name;
  int Arity;
  void (*Call)(char **Args);
};

#define W0(R, Name) {#Name, 0, [](char **) { print_##R(Name()); }},
#define W1(R, Name, A)                                                         \
  {#Name, 1, [](char **V) { print_##R(Name(parse_##A(V[0]))); }},
#define W2(R, Name, A, B)                                                      \
  {#Name, 2,                                                                   \
   [](char **V) { print_##R(Name(parse_##A(V[0]), parse_##B(V[1]))); }},
#define W3(R, Name, A, B, C)                                                   \
  {#Name, 3, [](char **V) {                                                    \
     print_##R(Name(parse_##A(V[0]), parse_##B(V[1]), parse_##C(V[2])));       \
   }},
const Export Exports[] = {
#include "exports.def"
};

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: workload-native NAME ARGS...\n");
    return 2;
  }
  for (const Export &E : Exports) {
    if (std::strcmp(E.Name, argv[1]) != 0)
      continue;
    if (argc - 2 != E.Arity) {
      std::fprintf(stderr, "%s takes %d arguments\n", E.Name, E.Arity);
      return 2;
    }
    E.Call(argv + 2);
    return 0;
  }
  std::fprintf(stderr, "no export named '%s'\n", argv[1]);
  return 2;
}
