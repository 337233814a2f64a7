//===- SpecValues.cpp - Script values against runtime values --------------===//

#include "SpecValues.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace wasmaot::spec {

namespace {

std::optional<uint64_t> parseUnsigned(StringRef Text) {
  uint64_t V;
  if (Text.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

unsigned laneBytes(StringRef LaneType) {
  if (LaneType == "i8")
    return 1;
  if (LaneType == "i16")
    return 2;
  if (LaneType == "i32" || LaneType == "f32")
    return 4;
  return 8;
}

/// Judges one float (Bits of Width bits) against its expected text.
bool floatMatches(StringRef Expected, uint64_t Bits, unsigned Width) {
  uint64_t ExpMask = Width == 32 ? 0x7F800000ull : 0x7FF0000000000000ull;
  uint64_t FracMask = Width == 32 ? 0x007FFFFFull : 0x000FFFFFFFFFFFFFull;
  uint64_t Quiet = Width == 32 ? 0x00400000ull : 0x0008000000000000ull;
  bool IsNaN = (Bits & ExpMask) == ExpMask && (Bits & FracMask);
  if (Expected == "nan:canonical")
    return IsNaN && (Bits & FracMask) == Quiet;
  if (Expected == "nan:arithmetic")
    return IsNaN && (Bits & Quiet);
  std::optional<uint64_t> Want = parseUnsigned(Expected);
  return Want && *Want == Bits;
}

uint64_t loadLane(const uint8_t *Bytes, unsigned Size) {
  uint64_t V = 0;
  std::memcpy(&V, Bytes, Size); // little-endian host
  return V;
}

} // namespace

void *externRefFor(uint64_t N) {
  // Any distinct non-null pointers will do: the runtime never dereferences
  // an externref.
  return reinterpret_cast<void *>(uintptr_t(N) * 16 + 16);
}

std::optional<wasmaot_val> toRuntimeValue(const ScriptValue &V) {
  wasmaot_val R;
  std::memset(&R, 0, sizeof(R));
  if (V.Type == "v128") {
    unsigned Size = laneBytes(V.LaneType);
    if (V.Values.size() * Size != 16)
      return std::nullopt;
    for (size_t I = 0; I < V.Values.size(); ++I) {
      std::optional<uint64_t> Lane = parseUnsigned(V.Values[I]);
      if (!Lane)
        return std::nullopt;
      std::memcpy(R.v128 + I * Size, &*Lane, Size);
    }
    return R;
  }
  if (V.Values.size() != 1)
    return std::nullopt;
  StringRef Text = V.Values[0];
  if (V.Type == "funcref" || V.Type == "externref" || V.Type == "exnref") {
    if (Text == "null") {
      R.ref = nullptr;
      return R;
    }
    std::optional<uint64_t> N = parseUnsigned(Text);
    if (!N || V.Type != "externref")
      return std::nullopt;
    R.ref = externRefFor(*N);
    return R;
  }
  std::optional<uint64_t> Bits = parseUnsigned(Text);
  if (!Bits)
    return std::nullopt;
  if (V.Type == "i32" || V.Type == "f32") {
    uint32_t B32 = uint32_t(*Bits);
    std::memcpy(&R, &B32, 4);
    return R;
  }
  if (V.Type == "i64" || V.Type == "f64") {
    std::memcpy(&R, &*Bits, 8);
    return R;
  }
  return std::nullopt;
}

std::string describe(uint8_t Type, const wasmaot_val &V) {
  std::string S;
  raw_string_ostream OS(S);
  switch (Type) {
  case WASMAOT_I32: OS << "i32:" << uint32_t(V.i32); break;
  case WASMAOT_I64: OS << "i64:" << uint64_t(V.i64); break;
  case WASMAOT_F32: {
    uint32_t Bits;
    std::memcpy(&Bits, &V, 4);
    OS << "f32:" << format("0x%08x", Bits);
    break;
  }
  case WASMAOT_F64: {
    uint64_t Bits;
    std::memcpy(&Bits, &V, 8);
    OS << "f64:" << format("0x%016llx", (unsigned long long)Bits);
    break;
  }
  case WASMAOT_V128:
    OS << "v128:";
    for (unsigned I = 0; I < 16; ++I)
      OS << format("%02x", V.v128[I]);
    break;
  default:
    OS << "ref:" << V.ref;
    break;
  }
  return S;
}

bool matches(const ScriptValue &Expected, uint8_t Type,
             const wasmaot_val &Actual, std::string &Why) {
  auto Fail = [&] {
    Why = "expected " + Expected.Type + " " +
          (Expected.Values.empty() ? std::string("(any)")
                                   : Expected.Values[0]) +
          ", got " + describe(Type, Actual);
    return false;
  };
  if (Expected.Type == "v128") {
    if (Type != WASMAOT_V128)
      return Fail();
    unsigned Size = laneBytes(Expected.LaneType);
    bool IsFloat = StringRef(Expected.LaneType).starts_with("f");
    for (size_t I = 0; I < Expected.Values.size() && I * Size < 16; ++I) {
      uint64_t Lane = loadLane(Actual.v128 + I * Size, Size);
      bool Ok = IsFloat ? floatMatches(Expected.Values[I], Lane, Size * 8)
                        : parseUnsigned(Expected.Values[I]) == Lane;
      if (!Ok)
        return Fail();
    }
    return true;
  }
  if (Expected.Type == "funcref" || Expected.Type == "externref" ||
      Expected.Type == "exnref") {
    if (Expected.Values.empty()) // any non-null reference
      return Actual.ref != nullptr || Fail();
    StringRef Text = Expected.Values[0];
    if (Text == "null")
      return Actual.ref == nullptr || Fail();
    std::optional<uint64_t> N = parseUnsigned(Text);
    if (Expected.Type == "externref" && N)
      return Actual.ref == externRefFor(*N) || Fail();
    return Actual.ref != nullptr || Fail();
  }
  if (Expected.Values.size() != 1)
    return Fail();
  if (Expected.Type == "i32")
    return parseUnsigned(Expected.Values[0]) == uint64_t(uint32_t(Actual.i32)) ||
           Fail();
  if (Expected.Type == "i64")
    return parseUnsigned(Expected.Values[0]) == uint64_t(Actual.i64) || Fail();
  if (Expected.Type == "f32") {
    uint32_t Bits;
    std::memcpy(&Bits, &Actual, 4);
    return floatMatches(Expected.Values[0], Bits, 32) || Fail();
  }
  if (Expected.Type == "f64") {
    uint64_t Bits;
    std::memcpy(&Bits, &Actual, 8);
    return floatMatches(Expected.Values[0], Bits, 64) || Fail();
  }
  return Fail();
}

} // namespace wasmaot::spec
