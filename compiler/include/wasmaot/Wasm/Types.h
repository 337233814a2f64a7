//===- Types.h - WebAssembly types ------------------------------*- C++ -*-===//

#ifndef WASMAOT_WASM_TYPES_H
#define WASMAOT_WASM_TYPES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>

namespace wasmaot {

/// Value types, by their binary encoding. Typed function references and GC
/// types are rejected by the decoder as unsupported, so every reference type
/// here is nullable and abstract.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
  ExnRef = 0x69,
  /// The validator's "unknown" operand of unreachable code; never decoded.
  Bottom = 0x00,
};

inline bool isRefType(ValType T) {
  return T == ValType::FuncRef || T == ValType::ExternRef ||
         T == ValType::ExnRef;
}
inline bool isNumOrVecType(ValType T) {
  return T == ValType::I32 || T == ValType::I64 || T == ValType::F32 ||
         T == ValType::F64 || T == ValType::V128;
}
const char *getValTypeName(ValType T);

struct FuncType {
  llvm::SmallVector<ValType, 4> Params;
  llvm::SmallVector<ValType, 2> Results;
  bool operator==(const FuncType &) const = default;
};

struct Limits {
  uint64_t Min = 0;
  std::optional<uint64_t> Max;
  bool Shared = false;
  bool Is64 = false;
};

struct TableType {
  ValType Elem = ValType::FuncRef;
  Limits Size;
  ValType indexType() const { return Size.Is64 ? ValType::I64 : ValType::I32; }
};

struct MemoryType {
  Limits Pages;
  ValType addressType() const {
    return Pages.Is64 ? ValType::I64 : ValType::I32;
  }
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
};

struct TagType {
  uint32_t TypeIndex = 0;
};

enum class ExternKind : uint8_t {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
  Tag = 4,
};
const char *getExternKindName(ExternKind K);

} // namespace wasmaot

#endif
