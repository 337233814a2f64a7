//===- Operator.h - Decoding the operators of a function body ---*- C++ -*-===//
//
// OperatorDecoder turns code bytes into Operators (opcode + immediates). The
// validator consumes them, and so will the lowering to LLVM IR, so the binary
// encoding of code is read in exactly one place.
//
//===----------------------------------------------------------------------===//

#ifndef WASMAOT_WASM_OPERATOR_H
#define WASMAOT_WASM_OPERATOR_H

#include "wasmaot/Wasm/BinaryReader.h"
#include "wasmaot/Wasm/Opcode.h"

#include "llvm/ADT/SmallVector.h"

namespace wasmaot {

class Module;

struct BlockTypeImm {
  enum KindTy : uint8_t { Empty, Value, TypeIndex } Kind = Empty;
  ValType Type = ValType::I32; ///< with Value
  uint32_t Index = 0;          ///< with TypeIndex
};

struct MemArgImm {
  uint32_t AlignLog2 = 0;
  uint32_t Memory = 0;
  uint64_t Offset = 0;
};

struct CatchClause {
  enum KindTy : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  KindTy Kind = Catch;
  uint32_t Tag = 0; ///< with Catch and CatchRef
  uint32_t Label = 0;
};

struct Operator {
  Opcode Op = Opcode::Nop;
  uint64_t Offset = 0; ///< of the opcode's first byte in the module

  // Fixed-size immediates; which ones are meaningful follows from
  // getOpcodeInfo(Op).Imm.
  uint32_t Index = 0;  ///< label, func, type, local, global, table, memory,
                       ///< data, elem, tag; br_table's default label;
                       ///< call_indirect's type; the first of a pair
  uint32_t Index2 = 0; ///< call_indirect's table; the second of a pair
  BlockTypeImm Block;  ///< block, loop, if, try, try_table
  MemArgImm Mem;
  uint8_t Lane = 0;
  ValType RefType = ValType::FuncRef; ///< ref.null
  union {
    int32_t I32;
    int64_t I64;
    uint32_t F32Bits;
    uint64_t F64Bits;
    uint8_t Bytes16[16]; ///< v128.const (little-endian), shuffle lanes
  };

  // Variable-length immediates; valid until the next call to next().
  llvm::ArrayRef<uint32_t> BrTargets;
  llvm::ArrayRef<ValType> SelectTypes;
  llvm::ArrayRef<CatchClause> Catches;

  Operator() : I64(0) {}
};

class OperatorDecoder {
public:
  /// Module supplies the memories (the width of memarg offsets depends on
  /// the memory's address type).
  OperatorDecoder(BinaryReader &Reader, const FeatureSet &Features,
                  const Module &M)
      : R(Reader), Features(Features), M(M) {}

  /// Decodes the next operator. Returns false at the end of input or on an
  /// error, which is then in the reader.
  bool next(Operator &Op);

  /// Reads a value type; gc and typed function reference types are reported
  /// as unsupported when their feature is enabled, as malformed otherwise.
  static ValType readValType(BinaryReader &R, const FeatureSet &Features);
  /// Reads a reference type (funcref, externref, exnref).
  static ValType readRefType(BinaryReader &R, const FeatureSet &Features);
  static ValType readHeapType(BinaryReader &R, const FeatureSet &Features);

private:
  void readBlockType(BlockTypeImm &BT);
  void readMemArg(Operator &Op);
  uint32_t readMemoryIndex();

  BinaryReader &R;
  const FeatureSet &Features;
  const Module &M;
  llvm::SmallVector<uint32_t, 16> TargetScratch;
  llvm::SmallVector<ValType, 2> TypeScratch;
  llvm::SmallVector<CatchClause, 4> CatchScratch;
};

} // namespace wasmaot

#endif
