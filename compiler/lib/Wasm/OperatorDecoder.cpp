//===- OperatorDecoder.cpp - Decoding the operators of a function body ----===//

#include "wasmaot/Wasm/Module.h"
#include "wasmaot/Wasm/Operator.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace llvm;

namespace wasmaot {
namespace {

bool isGCAbstractHeapType(uint8_t Byte) {
  // any, eq, i31, struct, array; none, noextern, nofunc, noexn.
  return (Byte >= 0x6A && Byte <= 0x6E) || (Byte >= 0x71 && Byte <= 0x74);
}

std::string hexByte(unsigned V) {
  std::string S;
  raw_string_ostream(S) << format("0x%02x", V);
  return S;
}

} // namespace

ValType OperatorDecoder::readValType(BinaryReader &R,
                                     const FeatureSet &Features) {
  uint64_t Start = R.offset();
  uint8_t Byte = R.readU8();
  if (R.failed())
    return ValType::I32;
  switch (Byte) {
  case 0x7F:
  case 0x7E:
  case 0x7D:
  case 0x7C:
    return ValType(Byte);
  case 0x7B:
    if (Features.has(FeatureSet::Simd))
      return ValType::V128;
    break;
  case 0x70:
  case 0x6F:
    if (Features.has(FeatureSet::ReferenceTypes))
      return ValType(Byte);
    break;
  case 0x69:
    if (Features.has(FeatureSet::Exceptions))
      return ValType::ExnRef;
    break;
  case 0x63:
  case 0x64:
    if (Features.has(FeatureSet::FunctionReferences)) {
      R.fail(makeUnsupported(Start, "function-references (typed reference "
                                    "type " + hexByte(Byte) + ")"));
      return ValType::I32;
    }
    break;
  default:
    if (isGCAbstractHeapType(Byte) && Features.has(FeatureSet::GC)) {
      R.fail(makeUnsupported(Start, "gc (reference type " + hexByte(Byte) + ")"));
      return ValType::I32;
    }
    break;
  }
  R.failMalformedAt(Start, "malformed value type " + hexByte(Byte));
  return ValType::I32;
}

ValType OperatorDecoder::readRefType(BinaryReader &R,
                                     const FeatureSet &Features) {
  uint64_t Start = R.offset();
  ValType T = readValType(R, Features);
  if (!R.failed() && !isRefType(T))
    R.failMalformedAt(Start, "malformed reference type");
  return T;
}

ValType OperatorDecoder::readHeapType(BinaryReader &R,
                                      const FeatureSet &Features) {
  uint64_t Start = R.offset();
  uint8_t Byte = R.peekU8();
  switch (Byte) {
  case 0x70:
    R.readU8();
    return ValType::FuncRef;
  case 0x6F:
    R.readU8();
    return ValType::ExternRef;
  case 0x69:
    if (Features.has(FeatureSet::Exceptions)) {
      R.readU8();
      return ValType::ExnRef;
    }
    break;
  default:
    if (isGCAbstractHeapType(Byte) && Features.has(FeatureSet::GC)) {
      R.fail(makeUnsupported(Start, "gc (heap type " + hexByte(Byte) + ")"));
      return ValType::FuncRef;
    }
    break;
  }
  int64_t Index = R.readVarS33();
  if (R.failed())
    return ValType::FuncRef;
  if (Index >= 0 && Features.has(FeatureSet::FunctionReferences))
    R.fail(makeUnsupported(Start, "function-references (typed heap type)"));
  else
    R.failMalformedAt(Start, "malformed reference type");
  return ValType::FuncRef;
}

void OperatorDecoder::readBlockType(BlockTypeImm &BT) {
  uint8_t Byte = R.peekU8();
  if (Byte == 0x40) {
    R.readU8();
    BT.Kind = BlockTypeImm::Empty;
    return;
  }
  // A single-byte negative s33 is a value type; anything else is an index.
  if ((Byte & 0xC0) == 0x40) {
    BT.Kind = BlockTypeImm::Value;
    BT.Type = readValType(R, Features);
    return;
  }
  uint64_t Start = R.offset();
  int64_t Index = R.readVarS33();
  if (R.failed())
    return;
  if (Index < 0 || !Features.has(FeatureSet::MultiValue)) {
    R.failMalformedAt(Start, "malformed block type");
    return;
  }
  if (Index > UINT32_MAX) {
    R.fail(makeInvalid(Start, "unknown type " + std::to_string(Index)));
    return;
  }
  BT.Kind = BlockTypeImm::TypeIndex;
  BT.Index = uint32_t(Index);
}

uint32_t OperatorDecoder::readMemoryIndex() {
  if (Features.has(FeatureSet::MultiMemory))
    return R.readVarU32();
  uint64_t Start = R.offset();
  if (R.readU8() != 0 && !R.failed())
    R.failMalformedAt(Start, "zero byte expected");
  return 0;
}

void OperatorDecoder::readMemArg(Operator &Op) {
  uint64_t Start = R.offset();
  uint32_t Align = R.readVarU32();
  Op.Mem.Memory = 0;
  if (Features.has(FeatureSet::MultiMemory)) {
    // Flags below 64 are the alignment exponent; bit 6 says a memory index
    // follows; anything larger is not a memarg.
    if (Align >= 0x80)
      return R.failMalformedAt(Start, "malformed memop flags");
    if (Align & 0x40) {
      Align &= ~0x40u;
      Op.Mem.Memory = R.readVarU32();
    }
  }
  // An alignment of 2^32 or more cannot be represented (the reference
  // interpreter's "malformed memop flags").
  if (Align >= 32)
    return R.failMalformedAt(Start, "malformed memop flags");
  Op.Mem.AlignLog2 = Align;
  // With memory64 the offset is a u64 for every memory, and the validator
  // checks that it fits a 32-bit memory's address type.
  Op.Mem.Offset = Features.has(FeatureSet::Memory64) ? R.readVarU64()
                                                     : R.readVarU32();
}

bool OperatorDecoder::next(Operator &Op) {
  if (R.atEnd() || R.failed())
    return false;
  Op.Offset = R.offset();
  uint8_t Byte = R.readU8();
  std::optional<Opcode> Found;
  if (Byte >= 0xFC && Byte <= 0xFE) {
    uint32_t Code = R.readVarU32();
    if (R.failed())
      return false;
    Found = lookupOpcode(Byte, Code);
    if (!Found) {
      R.failMalformedAt(Op.Offset, "illegal opcode " + hexByte(Byte) + " " +
                                       std::to_string(Code));
      return false;
    }
  } else {
    Found = lookupOpcode(0, Byte);
    if (!Found) {
      if (Byte == 0xFB && Features.has(FeatureSet::GC))
        R.fail(makeUnsupported(Op.Offset, "gc (operator prefix 0xfb)"));
      else
        R.failMalformedAt(Op.Offset, "illegal opcode " + hexByte(Byte));
      return false;
    }
  }
  Op.Op = *Found;
  const OpcodeInfo &Info = getOpcodeInfo(Op.Op);
  if (!Features.has(Info.Feature)) [[unlikely]] {
    R.failMalformedAt(Op.Offset, std::string("illegal opcode ") +
                                     hexByte(Byte) + " (" + Info.Name +
                                     " needs " +
                                     FeatureSet::name(Info.Feature).str() + ")");
    return false;
  }
  if (!FeatureSet::isSupported(Info.Feature)) [[unlikely]] {
    R.fail(makeUnsupported(Op.Offset, FeatureSet::name(Info.Feature).str() +
                                          " (" + Info.Name + ")"));
    return false;
  }

  switch (Info.Imm) {
  case ImmKind::None:
    break;
  case ImmKind::BlockType:
    readBlockType(Op.Block);
    break;
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Type:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Data:
  case ImmKind::Elem:
  case ImmKind::Tag:
    Op.Index = R.readVarU32();
    break;
  case ImmKind::Memory:
    Op.Index = readMemoryIndex();
    break;
  case ImmKind::BrTable: {
    uint32_t Count = R.readVecCount(1);
    TargetScratch.clear();
    for (uint32_t I = 0; I < Count && !R.failed(); ++I)
      TargetScratch.push_back(R.readVarU32());
    Op.BrTargets = TargetScratch;
    Op.Index = R.readVarU32();
    break;
  }
  case ImmKind::CallIndirect:
    Op.Index = R.readVarU32();
    if (Features.has(FeatureSet::ReferenceTypes)) {
      Op.Index2 = R.readVarU32();
    } else {
      uint64_t Start = R.offset();
      if (R.readU8() != 0 && !R.failed())
        R.failMalformedAt(Start, "zero byte expected");
      Op.Index2 = 0;
    }
    break;
  case ImmKind::MemArg:
    readMemArg(Op);
    break;
  case ImmKind::MemArgLane:
    readMemArg(Op);
    Op.Lane = R.readU8();
    break;
  case ImmKind::I32:
    Op.I32 = R.readVarS32();
    break;
  case ImmKind::I64:
    Op.I64 = R.readVarS64();
    break;
  case ImmKind::F32:
    Op.F32Bits = R.readFixedU32();
    break;
  case ImmKind::F64:
    Op.F64Bits = R.readFixedU64();
    break;
  case ImmKind::V128:
  case ImmKind::Shuffle: {
    ArrayRef<uint8_t> Bytes = R.readBytes(16);
    if (!Bytes.empty())
      std::memcpy(Op.Bytes16, Bytes.data(), 16);
    break;
  }
  case ImmKind::Lane:
    Op.Lane = R.readU8();
    break;
  case ImmKind::HeapType:
    Op.RefType = readHeapType(R, Features);
    break;
  case ImmKind::SelectTypes: {
    uint32_t Count = R.readVecCount(1);
    TypeScratch.clear();
    for (uint32_t I = 0; I < Count && !R.failed(); ++I)
      TypeScratch.push_back(readValType(R, Features));
    Op.SelectTypes = TypeScratch;
    break;
  }
  case ImmKind::TableInit:
  case ImmKind::TableCopy:
    Op.Index = R.readVarU32();
    Op.Index2 = R.readVarU32();
    break;
  case ImmKind::MemoryInit:
    Op.Index = R.readVarU32();
    Op.Index2 = readMemoryIndex();
    break;
  case ImmKind::MemoryCopy:
    Op.Index = readMemoryIndex();
    Op.Index2 = readMemoryIndex();
    break;
  case ImmKind::TryTable: {
    readBlockType(Op.Block);
    uint32_t Count = R.readVecCount(2);
    CatchScratch.clear();
    for (uint32_t I = 0; I < Count && !R.failed(); ++I) {
      uint64_t Start = R.offset();
      CatchClause C;
      uint8_t Kind = R.readU8();
      if (Kind > 3) {
        R.failMalformedAt(Start, "malformed catch clause");
        break;
      }
      C.Kind = CatchClause::KindTy(Kind);
      if (C.Kind == CatchClause::Catch || C.Kind == CatchClause::CatchRef)
        C.Tag = R.readVarU32();
      C.Label = R.readVarU32();
      CatchScratch.push_back(C);
    }
    Op.Catches = CatchScratch;
    break;
  }
  case ImmKind::AtomicFence: {
    uint64_t Start = R.offset();
    if (R.readU8() != 0 && !R.failed())
      R.failMalformedAt(Start, "zero byte expected");
    break;
  }
  }
  return !R.failed();
}

} // namespace wasmaot
