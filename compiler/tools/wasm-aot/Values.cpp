//===- Values.cpp - Command-line values for wasm-aot run --invoke ---------===//

#include "Values.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace wasmaot {

namespace {

Error bad(StringRef Text, const char *Type) {
  return createStringError("'%s' is not a valid %s", Text.str().c_str(), Type);
}

/// An integer of Bits bits, signed or unsigned, in decimal or 0x hex.
Expected<uint64_t> parseInteger(StringRef Text, unsigned Bits,
                                const char *TypeName) {
  StringRef S = Text;
  bool Negative = S.consume_front("-");
  if (!Negative)
    S.consume_front("+");
  uint64_t Magnitude;
  if (S.empty() || S.getAsInteger(0, Magnitude))
    return bad(Text, TypeName);
  uint64_t Max = Bits == 64 ? UINT64_MAX : (uint64_t(1) << Bits) - 1;
  if (Negative ? Magnitude > (Max >> 1) + 1 : Magnitude > Max)
    return createStringError("'%s' is out of range for %s",
                             Text.str().c_str(), TypeName);
  uint64_t V = Negative ? uint64_t(0) - Magnitude : Magnitude;
  return Bits == 64 ? V : V & Max;
}

/// A float as bits: decimal or hex floats, inf, nan, nan:0xPAYLOAD.
template <typename FloatT, typename BitsT>
Expected<BitsT> parseFloat(StringRef Text, const char *TypeName) {
  constexpr unsigned MantissaBits = sizeof(FloatT) == 4 ? 23 : 52;
  constexpr BitsT SignBit = BitsT(1) << (sizeof(FloatT) * 8 - 1);
  constexpr BitsT ExpMask = SignBit - (BitsT(1) << MantissaBits);
  constexpr BitsT Quiet = BitsT(1) << (MantissaBits - 1);
  StringRef S = Text;
  bool Negative = S.consume_front("-");
  if (!Negative)
    S.consume_front("+");
  BitsT Sign = Negative ? SignBit : 0;
  if (S == "inf" || S == "infinity")
    return Sign | ExpMask;
  if (S == "nan")
    return Sign | ExpMask | Quiet;
  if (S.consume_front("nan:")) {
    uint64_t Payload;
    if (S.getAsInteger(0, Payload) || Payload == 0 ||
        Payload >= (uint64_t(1) << MantissaBits))
      return bad(Text, TypeName);
    return Sign | ExpMask | BitsT(Payload);
  }
  std::string Copy = Text.str();
  char *End = nullptr;
  FloatT F = sizeof(FloatT) == 4 ? FloatT(std::strtof(Copy.c_str(), &End))
                                 : FloatT(std::strtod(Copy.c_str(), &End));
  if (Copy.empty() || *End != '\0')
    return bad(Text, TypeName);
  BitsT Bits;
  std::memcpy(&Bits, &F, sizeof(Bits));
  return Bits;
}

template <typename FloatT, typename BitsT>
std::string formatFloat(BitsT Bits) {
  constexpr unsigned MantissaBits = sizeof(FloatT) == 4 ? 23 : 52;
  constexpr BitsT SignBit = BitsT(1) << (sizeof(FloatT) * 8 - 1);
  constexpr BitsT ExpMask = SignBit - (BitsT(1) << MantissaBits);
  constexpr BitsT Quiet = BitsT(1) << (MantissaBits - 1);
  constexpr BitsT Payload = (BitsT(1) << MantissaBits) - 1;
  std::string Sign = (Bits & SignBit) ? "-" : "";
  if ((Bits & ExpMask) == ExpMask && (Bits & Payload)) {
    if ((Bits & Payload) == Quiet)
      return Sign + "nan";
    std::string S;
    raw_string_ostream(S) << Sign << "nan:"
                          << format_hex(uint64_t(Bits & Payload), 0);
    return S;
  }
  FloatT F;
  std::memcpy(&F, &Bits, sizeof(F));
  if (std::isinf(F))
    return Sign + "inf";
  char Buffer[64];
  auto [End, EC] = std::to_chars(Buffer, Buffer + sizeof(Buffer), F);
  return std::string(Buffer, EC == std::errc() ? End : Buffer);
}

} // namespace

Expected<wasmaot_val> parseValue(StringRef Text, uint8_t Type) {
  wasmaot_val V;
  std::memset(&V, 0, sizeof(V));
  switch (Type) {
  case WASMAOT_I32: {
    Expected<uint64_t> I = parseInteger(Text, 32, "i32");
    if (!I)
      return I.takeError();
    V.i32 = int32_t(uint32_t(*I));
    return V;
  }
  case WASMAOT_I64: {
    Expected<uint64_t> I = parseInteger(Text, 64, "i64");
    if (!I)
      return I.takeError();
    V.i64 = int64_t(*I);
    return V;
  }
  case WASMAOT_F32: {
    Expected<uint32_t> B = parseFloat<float, uint32_t>(Text, "f32");
    if (!B)
      return B.takeError();
    std::memcpy(&V, &*B, 4);
    return V;
  }
  case WASMAOT_F64: {
    Expected<uint64_t> B = parseFloat<double, uint64_t>(Text, "f64");
    if (!B)
      return B.takeError();
    std::memcpy(&V, &*B, 8);
    return V;
  }
  case WASMAOT_FUNCREF:
  case WASMAOT_EXTERNREF:
    if (Text == "null")
      return V;
    return createStringError("'%s': only null references can be passed",
                             Text.str().c_str());
  default:
    return createStringError("arguments of this type cannot be given on the "
                             "command line");
  }
}

std::string formatValue(const wasmaot_val &V, uint8_t Type) {
  switch (Type) {
  case WASMAOT_I32: return std::to_string(V.i32);
  case WASMAOT_I64: return std::to_string(V.i64);
  case WASMAOT_F32: {
    uint32_t Bits;
    std::memcpy(&Bits, &V, 4);
    return formatFloat<float, uint32_t>(Bits);
  }
  case WASMAOT_F64: {
    uint64_t Bits;
    std::memcpy(&Bits, &V, 8);
    return formatFloat<double, uint64_t>(Bits);
  }
  case WASMAOT_V128: {
    std::string S = "i32x4";
    for (unsigned I = 0; I < 4; ++I) {
      int32_t Lane;
      std::memcpy(&Lane, V.v128 + 4 * I, 4);
      S += " " + std::to_string(Lane);
    }
    return S;
  }
  default:
    return V.ref ? "ref" : "null";
  }
}

} // namespace wasmaot
