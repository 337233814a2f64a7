//===- BinaryReader.cpp - A cursor over WebAssembly bytes -----------------===//

#include "wasmaot/Wasm/BinaryReader.h"

#include "llvm/Support/ConvertUTF.h"

using namespace llvm;

namespace wasmaot {

Error BinaryReader::takeError() {
  Failed = false;
  return std::move(Err);
}

void BinaryReader::fail(Error E) {
  if (Failed) {
    consumeError(std::move(E));
    return;
  }
  Failed = true;
  Err = std::move(E);
  Cur = End; // stop every later read
}

void BinaryReader::failMalformedAt(uint64_t Offset, std::string Message) {
  fail(makeMalformed(Offset, std::move(Message)));
}

void BinaryReader::failEnd() {
  if (!Failed)
    failMalformed("unexpected end");
}

int64_t BinaryReader::readLEB(unsigned Bits, bool Signed) {
  const uint64_t Start = offset();
  const unsigned MaxBytes = (Bits + 6) / 7;
  uint64_t Result = 0;
  unsigned Shift = 0;
  for (unsigned I = 0;; ++I) {
    if (Cur == End) {
      failEnd();
      return 0;
    }
    uint8_t Byte = *Cur++;
    if (I == MaxBytes - 1) {
      // The last byte: a continuation bit is too long, and the bits beyond
      // Bits must be zero (unsigned) or copies of the sign bit (signed).
      if (Byte & 0x80) {
        failMalformedAt(Start, "integer representation too long");
        return 0;
      }
      unsigned UsedBits = Bits - Shift; // 1..7
      uint8_t UnusedMask = uint8_t(0x7F & ~((1u << UsedBits) - 1));
      uint8_t Unused = Byte & UnusedMask;
      if (!Signed) {
        if (Unused) {
          failMalformedAt(Start, "integer too large");
          return 0;
        }
      } else {
        bool SignBit = Byte & (1u << (UsedBits - 1));
        if (Unused != (SignBit ? UnusedMask : 0)) {
          failMalformedAt(Start, "integer too large");
          return 0;
        }
      }
      Result |= uint64_t(Byte & 0x7F) << Shift;
      Shift += 7;
      break;
    }
    Result |= uint64_t(Byte & 0x7F) << Shift;
    Shift += 7;
    if (!(Byte & 0x80))
      break;
  }
  if (Signed && Shift < 64 && (Result & (uint64_t(1) << (Shift - 1))))
    Result |= ~uint64_t(0) << Shift; // sign-extend
  if (Signed && Bits < 64) {
    // Truncate to Bits and sign-extend from there (the last byte may carry
    // sign copies above Bits).
    unsigned Drop = 64 - Bits;
    return int64_t(Result << Drop) >> Drop;
  }
  if (!Signed && Bits < 64)
    Result &= (uint64_t(1) << Bits) - 1;
  return int64_t(Result);
}

uint32_t BinaryReader::readFixedU32() {
  ArrayRef<uint8_t> B = readBytes(4);
  if (B.empty())
    return 0;
  return uint32_t(B[0]) | uint32_t(B[1]) << 8 | uint32_t(B[2]) << 16 |
         uint32_t(B[3]) << 24;
}

uint64_t BinaryReader::readFixedU64() {
  uint64_t Lo = readFixedU32();
  uint64_t Hi = readFixedU32();
  return Lo | Hi << 32;
}

ArrayRef<uint8_t> BinaryReader::readBytes(uint64_t N) {
  if (N > remaining()) {
    failEnd();
    return {};
  }
  ArrayRef<uint8_t> Result(Cur, N);
  Cur += N;
  return Result;
}

void BinaryReader::skip(uint64_t N) { (void)readBytes(N); }

StringRef BinaryReader::readName() {
  uint64_t Start = offset();
  uint32_t Length = readVarU32();
  if (Failed)
    return {};
  if (Length > remaining()) {
    failMalformedAt(Start, "length out of bounds");
    return {};
  }
  ArrayRef<uint8_t> Bytes = readBytes(Length);
  const UTF8 *P = Bytes.data();
  if (!isLegalUTF8String(&P, Bytes.data() + Bytes.size())) {
    failMalformedAt(Start, "malformed UTF-8 encoding");
    return {};
  }
  return StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size());
}

uint32_t BinaryReader::readVecCount(unsigned MinElementSize) {
  uint64_t Start = offset();
  uint32_t Count = readVarU32();
  if (!Failed && uint64_t(Count) * MinElementSize > remaining()) {
    // The binary cannot hold that many elements.
    failMalformedAt(Start, "length out of bounds");
    return 0;
  }
  return Count;
}

BinaryReader BinaryReader::subReader(uint64_t N) {
  uint64_t Start = offset();
  ArrayRef<uint8_t> Bytes = readBytes(N);
  return BinaryReader(Bytes, Start);
}

} // namespace wasmaot
