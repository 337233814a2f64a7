//===- FixedTables.cpp - Tables whose contents are known when compiling ---===//

#include "wasmaot/Translate/FixedTables.h"

#include "wasmaot/Wasm/BinaryReader.h"
#include "wasmaot/Wasm/Module.h"
#include "wasmaot/Wasm/Operator.h"

#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace wasmaot {

namespace {

// Larger tables keep the instance's table (their copy would bloat the
// library).
constexpr uint64_t MaxFixedSlots = 1 << 20;

/// The value of an offset expression `i32.const N end`, if it is one.
std::optional<uint64_t> constantOffset(const ConstExpr &E) {
  BinaryReader R(E.Bytes, E.Offset);
  if (R.readU8() != 0x41) // i32.const
    return std::nullopt;
  uint32_t Value = uint32_t(R.readVarS32());
  if (R.failed() || R.readU8() != 0x0B || R.failed())
    return std::nullopt;
  return Value;
}

/// The function an element expression names: `ref.func F end` gives F,
/// `ref.null func end` NoFunction; nullopt for anything else.
std::optional<uint32_t> elementFunction(const ConstExpr &E) {
  BinaryReader R(E.Bytes, E.Offset);
  uint8_t Op = R.readU8();
  uint32_t Func = FixedTables::NoFunction;
  if (Op == 0xD2) // ref.func
    Func = R.readVarU32();
  else if (Op != 0xD0 || R.readU8() != 0x70) // ref.null func
    return std::nullopt;
  if (R.failed() || R.readU8() != 0x0B || R.failed())
    return std::nullopt;
  return Func;
}

/// Clears Candidate[T] for every table that some function body writes.
void ruleOutWrittenTables(const Module &M, const FeatureSet &Features,
                          std::vector<bool> &Candidate) {
  auto Remaining = [&] {
    return std::find(Candidate.begin(), Candidate.end(), true) !=
           Candidate.end();
  };
  auto RuleOut = [&](uint32_t T) {
    if (T < Candidate.size())
      Candidate[T] = false;
  };
  for (const FunctionBody &Body : M.Bodies) {
    if (!Remaining())
      return;
    BinaryReader R(Body.Bytes, Body.Offset);
    uint32_t Groups = R.readVarU32();
    for (uint32_t G = 0; G < Groups && !R.failed(); ++G) {
      R.readVarU32();
      OperatorDecoder::readValType(R, Features);
    }
    OperatorDecoder Decoder(R, Features, M);
    Operator Op;
    while (Decoder.next(Op)) {
      switch (Op.Op) {
      case Opcode::TableSet:
      case Opcode::TableGrow:
      case Opcode::TableFill:
      case Opcode::TableCopy: // the destination
        RuleOut(Op.Index);
        break;
      case Opcode::TableInit:
        RuleOut(Op.Index2);
        break;
      default:
        break;
      }
    }
    if (R.failed()) { // not validated after all: trust no table
      Candidate.assign(Candidate.size(), false);
      return;
    }
  }
}

} // namespace

uint64_t FixedTables::hashForFunctions() const {
  std::vector<uint64_t> Words;
  for (const auto &Table : Slots)
    Words.push_back(Table ? Table->size() + 1 : 0);
  return xxh3_64bits(ArrayRef(reinterpret_cast<const uint8_t *>(Words.data()),
                              Words.size() * sizeof(uint64_t)));
}

std::shared_ptr<const FixedTables> findFixedTables(const Module &M,
                                                   const FeatureSet &Features) {
  auto Result = std::make_shared<FixedTables>();
  Result->Slots.resize(M.Tables.size());
  std::vector<bool> Candidate(M.Tables.size(), false);
  for (uint32_t T = M.NumImportedTables; T < M.Tables.size(); ++T) {
    const TableType &Type = M.Tables[T];
    Candidate[T] = Type.Elem == ValType::FuncRef && !Type.Size.Is64 &&
                   Type.Size.Min <= MaxFixedSlots;
  }
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Table && E.Index < Candidate.size())
      Candidate[E.Index] = false;

  // The slots the active segments fill, in order, as instantiation does.
  for (uint32_t T = 0; T < M.Tables.size(); ++T)
    if (Candidate[T])
      Result->Slots[T].emplace(M.Tables[T].Size.Min, FixedTables::NoFunction);
  for (const ElemSegment &Seg : M.Elems) {
    if (Seg.Mode != SegmentMode::Active || Seg.Table >= Candidate.size() ||
        !Candidate[Seg.Table])
      continue;
    std::vector<uint32_t> &Slots = *Result->Slots[Seg.Table];
    std::optional<uint64_t> Offset = constantOffset(Seg.Offset);
    bool Fixed = Offset && *Offset + Seg.size() <= Slots.size();
    for (size_t I = 0; Fixed && I < Seg.size(); ++I) {
      std::optional<uint32_t> Func =
          Seg.UsesExprs ? elementFunction(Seg.Exprs[I])
                        : std::optional<uint32_t>(Seg.FuncIndices[I]);
      // An imported function's record lives in the instance.
      Fixed =
          Func &&
          (*Func == FixedTables::NoFunction ||
           (*Func >= M.NumImportedFuncs && *Func < M.FuncTypeIndices.size()));
      if (Fixed)
        Slots[*Offset + I] = *Func;
    }
    if (!Fixed)
      Candidate[Seg.Table] = false;
  }

  ruleOutWrittenTables(M, Features, Candidate);
  for (uint32_t T = 0; T < M.Tables.size(); ++T)
    if (!Candidate[T])
      Result->Slots[T].reset();
  return Result;
}

} // namespace wasmaot
