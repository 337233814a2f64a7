//===- BinaryReader.h - A cursor over WebAssembly bytes ---------*- C++ -*-===//
//
// Reads the binary format's primitives with the spec's exact rules (LEB128
// length and unused-bit checks, UTF-8 names). Errors are sticky, as with
// llvm::DataExtractor::Cursor: after the first one every read returns zero
// and the error is taken once, at the end of a unit of work. This keeps the
// hot decoding loops free of per-read Expected<> plumbing.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_BINARYREADER_H
#define WASMAOT_WASM_BINARYREADER_H

#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Features.h"
#include "wasmaot/Wasm/Types.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace wasmaot {

class BinaryReader {
public:
  /// Reads Bytes, which start at BaseOffset in the module.
  BinaryReader(llvm::ArrayRef<uint8_t> Bytes, uint64_t BaseOffset = 0)
      : Begin(Bytes.data()), Cur(Bytes.data()), End(Bytes.data() + Bytes.size()),
        BaseOffset(BaseOffset) {}

  /// The module offset of the next byte.
  uint64_t offset() const { return BaseOffset + (Cur - Begin); }
  size_t remaining() const { return End - Cur; }
  bool atEnd() const { return Cur == End; }
  const uint8_t *position() const { return Cur; }

  bool failed() const { return Failed; }
  /// The first error, or success. Resets the reader's error state.
  llvm::Error takeError();
  /// Records an error (only the first one is kept) and stops reading.
  void fail(llvm::Error E);
  void failMalformed(std::string Message) { failMalformedAt(offset(), std::move(Message)); }
  void failMalformedAt(uint64_t Offset, std::string Message);

  uint8_t readU8() {
    if (Cur == End) [[unlikely]] {
      failEnd();
      return 0;
    }
    return *Cur++;
  }
  uint8_t peekU8() const { return Cur == End ? 0 : *Cur; }

  uint32_t readVarU32() {
    // Fast path: one byte.
    if (Cur != End && *Cur < 0x80) [[likely]]
      return *Cur++;
    return uint32_t(readLEB(32, /*Signed=*/false));
  }
  int32_t readVarS32() { return int32_t(readLEB(32, true)); }
  int64_t readVarS33() { return readLEB(33, true); }
  uint64_t readVarU64() { return uint64_t(readLEB(64, false)); }
  int64_t readVarS64() { return readLEB(64, true); }
  uint32_t readFixedU32();
  uint64_t readFixedU64();

  /// Takes N bytes; on a short read fails with "unexpected end".
  llvm::ArrayRef<uint8_t> readBytes(uint64_t N);
  /// A vec(byte) that must be valid UTF-8 ("malformed UTF-8 encoding").
  llvm::StringRef readName();
  /// A vec length that must be plausible: every element takes at least
  /// MinElementSize bytes, so a huge count fails before allocating.
  uint32_t readVecCount(unsigned MinElementSize = 1);

  /// Skips N bytes; on a short read fails with "unexpected end".
  void skip(uint64_t N);
  /// A sub-reader over the next N bytes, which this reader skips.
  BinaryReader subReader(uint64_t N);

  void failEnd();

private:
  int64_t readLEB(unsigned Bits, bool Signed);

  const uint8_t *Begin;
  const uint8_t *Cur;
  const uint8_t *End;
  uint64_t BaseOffset;
  bool Failed = false;
  llvm::Error Err = llvm::Error::success();
};

} // namespace wasmaot

#endif
