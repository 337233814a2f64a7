//===- Opcode.h - WebAssembly operators -------------------------*- C++ -*-===//
//
// The Opcode enumeration and per-operator facts, expanded from Opcodes.def.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_OPCODE_H
#define WASMAOT_WASM_OPCODE_H

#include "wasmaot/Wasm/Features.h"

#include <cstdint>
#include <optional>

namespace wasmaot {

enum class Opcode : uint16_t {
#define WASM_OPCODE(Enum, Prefix, Code, Imm, Sig, MemBytes, Feature, Name) Enum,
#include "wasmaot/Wasm/Opcodes.def"
  NumOpcodes
};

/// The shape of an operator's immediates in the binary format.
enum class ImmKind : uint8_t {
  None,
  BlockType,    // block type: 0x40, a value type, or an s33 type index
  Label,        // u32 label depth (br, br_if, rethrow, delegate)
  BrTable,      // vec(label) default-label
  Func,         // u32 function index
  Type,         // u32 type index (call_ref)
  CallIndirect, // u32 type index, u32 table index
  Local,        // u32 local index
  Global,       // u32 global index
  Table,        // u32 table index
  Memory,       // u32 memory index (a single 0x00 byte before multi-memory)
  MemArg,       // u32 align (bit 6: a memory index follows), [u32 memory], offset
  I32,          // s32
  I64,          // s64
  F32,          // 4 bytes
  F64,          // 8 bytes
  V128,         // 16 bytes
  Shuffle,      // 16 lane indices, each one byte
  Lane,         // one byte lane index
  MemArgLane,   // memarg, then a one byte lane index
  HeapType,     // ref.null's heap type
  SelectTypes,  // vec(valtype)
  TableInit,    // u32 element index, u32 table index
  TableCopy,    // u32 destination table, u32 source table
  MemoryInit,   // u32 data index, u32 memory index
  MemoryCopy,   // u32 destination memory, u32 source memory
  Data,         // u32 data index
  Elem,         // u32 element index
  Tag,          // u32 tag index
  TryTable,     // block type, vec(catch clause)
  AtomicFence,  // one 0x00 byte
};

struct OpcodeInfo {
  uint8_t Prefix;
  uint32_t Code;
  ImmKind Imm;
  /// See Opcodes.def: "ii>i", "a>v", or "*" for operators typed by hand.
  const char *Signature;
  /// Bytes a memory operator accesses; its natural alignment.
  uint8_t MemBytes;
  FeatureSet::Feature Feature;
  const char *Name;
};

const OpcodeInfo &getOpcodeInfo(Opcode Op);
inline const char *getOpcodeName(Opcode Op) { return getOpcodeInfo(Op).Name; }

/// Maps an encoding to its operator. Prefix is 0 for single-byte opcodes.
std::optional<Opcode> lookupOpcode(uint8_t Prefix, uint32_t Code);

} // namespace wasmaot

#endif
