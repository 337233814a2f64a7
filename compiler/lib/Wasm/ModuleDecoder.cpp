//===- ModuleDecoder.cpp - Sections and module-level rules ----------------===//
//
// One pass over the sections. Each section is decoded and checked against
// the module-level validation rules as it is read; function bodies are only
// located here and validated by FunctionValidator.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/Wasm/Operator.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace wasmaot {
namespace {

enum SectionId : uint8_t {
  CustomId = 0,
  TypeId = 1,
  ImportId = 2,
  FunctionId = 3,
  TableId = 4,
  MemoryId = 5,
  GlobalId = 6,
  ExportId = 7,
  StartId = 8,
  ElementId = 9,
  CodeId = 10,
  DataId = 11,
  DataCountId = 12,
  TagId = 13,
};

/// Where a section may appear: the binary format's order, in which the tag
/// and data count sections sit between their numeric neighbours.
unsigned sectionRank(uint8_t Id) {
  switch (Id) {
  case TypeId: return 1;
  case ImportId: return 2;
  case FunctionId: return 3;
  case TableId: return 4;
  case MemoryId: return 5;
  case TagId: return 6;
  case GlobalId: return 7;
  case ExportId: return 8;
  case StartId: return 9;
  case ElementId: return 10;
  case DataCountId: return 11;
  case CodeId: return 12;
  case DataId: return 13;
  }
  return 0;
}

constexpr uint64_t MaxPages32 = 65536;
// Validation costs O(arity) per use of a type (calls, blocks, branches), so
// an unbounded arity makes it quadratic in the module's size. V8 and
// wasm-tools stop at 1000 too.
constexpr uint32_t MaxFuncTypeArity = 1000;
constexpr uint64_t MaxPages64 = uint64_t(1) << 48;

class ModuleDecoder {
public:
  ModuleDecoder(ArrayRef<uint8_t> Bytes, const FeatureSet &Features)
      : R(Bytes), Features(Features) {
    M.Bytes = Bytes;
  }

  Expected<Module> run();

private:
  void fail(uint64_t Offset, const Twine &Message) {
    R.fail(makeInvalid(Offset, Message.str()));
  }
  void unsupported(uint64_t Offset, const Twine &What) {
    R.fail(makeUnsupported(Offset, What.str()));
  }

  void readSection(uint8_t Id, BinaryReader &S);
  void readTypeSection(BinaryReader &S);
  void readImportSection(BinaryReader &S);
  /// What an import's externtype describes, before it joins an index space.
  struct ImportDesc {
    ExternKind Kind = ExternKind::Func;
    uint32_t TypeIndex = 0; ///< func, tag
    TableType Table;
    MemoryType Memory;
    GlobalType Global;
    uint64_t Offset = 0;
  };
  ImportDesc readExternType(BinaryReader &S);
  void addImport(StringRef ModuleName, StringRef Field, const ImportDesc &D);
  void readFunctionSection(BinaryReader &S);
  void readTableSection(BinaryReader &S);
  void readMemorySection(BinaryReader &S);
  void readTagSection(BinaryReader &S);
  void readGlobalSection(BinaryReader &S);
  void readExportSection(BinaryReader &S);
  void readStartSection(BinaryReader &S);
  void readElementSection(BinaryReader &S);
  void readDataCountSection(BinaryReader &S);
  void readCodeSection(BinaryReader &S);
  void readDataSection(BinaryReader &S);
  void readCustomSection(BinaryReader &S, uint64_t SectionStart);
  void readNameSection(BinaryReader S);

  void readLimits(BinaryReader &S, Limits &L, bool IsMemory);
  TableType readTableType(BinaryReader &S);
  MemoryType readMemoryType(BinaryReader &S);
  GlobalType readGlobalType(BinaryReader &S);
  uint32_t readTagType(BinaryReader &S);
  uint32_t readTypeIndex(BinaryReader &S);
  /// Reads a constant expression of type Expected and records the functions
  /// it references in DeclaredFuncRefs.
  ConstExpr readConstExpr(BinaryReader &S, ValType Expected);
  void checkTableCount(uint64_t Offset);
  void checkMemoryCount(uint64_t Offset);
  void declareFuncRef(uint32_t Index) {
    if (Index < M.DeclaredFuncRefs.size())
      M.DeclaredFuncRefs[Index] = true;
  }

  BinaryReader R;
  const FeatureSet &Features;
  Module M;
  uint32_t NumDeclaredFuncs = 0;
  bool SawFunctionSection = false;
  bool SawCodeSection = false;
  bool SawDataSection = false;
};

uint32_t ModuleDecoder::readTypeIndex(BinaryReader &S) {
  uint64_t Start = S.offset();
  uint32_t Index = S.readVarU32();
  if (!S.failed() && Index >= M.Types.size())
    fail(Start, Twine("unknown type ") + Twine(Index));
  return Index;
}

void ModuleDecoder::readLimits(BinaryReader &S, Limits &L, bool IsMemory) {
  uint64_t Start = S.offset();
  uint8_t Flags = S.readU8();
  if (S.failed())
    return;
  unsigned Allowed = 0x01;
  if (IsMemory && Features.has(FeatureSet::Threads))
    Allowed |= 0x02;
  if (Features.has(FeatureSet::Memory64))
    Allowed |= 0x04;
  if (Flags & ~Allowed) {
    S.failMalformedAt(Start, IsMemory ? "malformed memory limits flags"
                                      : "malformed table limits flags");
    return;
  }
  L.Shared = Flags & 0x02;
  L.Is64 = Flags & 0x04;
  L.Min = L.Is64 ? S.readVarU64() : S.readVarU32();
  if (Flags & 0x01)
    L.Max = L.Is64 ? S.readVarU64() : S.readVarU32();
  if (S.failed())
    return;
  if (L.Max && L.Min > *L.Max)
    fail(Start, "size minimum must not be greater than maximum");
}

TableType ModuleDecoder::readTableType(BinaryReader &S) {
  TableType T;
  uint64_t Start = S.offset();
  if (S.peekU8() == 0x40 && Features.has(FeatureSet::FunctionReferences)) {
    unsupported(Start, "function-references (table with an initializer)");
    return T;
  }
  // funcref is the table element type of Wasm 1.0 too, where it is not yet
  // a value type.
  if (S.peekU8() == uint8_t(ValType::FuncRef)) {
    S.readU8();
    T.Elem = ValType::FuncRef;
  } else {
    T.Elem = OperatorDecoder::readRefType(S, Features);
  }
  readLimits(S, T.Size, /*IsMemory=*/false);
  if (!S.failed() && !T.Size.Is64 &&
      (T.Size.Min > UINT32_MAX || (T.Size.Max && *T.Size.Max > UINT32_MAX)))
    fail(Start, "table size must be at most 2^32-1");
  return T;
}

MemoryType ModuleDecoder::readMemoryType(BinaryReader &S) {
  MemoryType T;
  uint64_t Start = S.offset();
  readLimits(S, T.Pages, /*IsMemory=*/true);
  if (S.failed())
    return T;
  uint64_t Limit = T.Pages.Is64 ? MaxPages64 : MaxPages32;
  if (T.Pages.Min > Limit || (T.Pages.Max && *T.Pages.Max > Limit))
    fail(Start, T.Pages.Is64 ? "memory size must be at most 2^48 pages"
                             : "memory size must be at most 65536 pages "
                               "(4GiB)");
  else if (T.Pages.Shared && !T.Pages.Max)
    fail(Start, "shared memory must have maximum");
  return T;
}

GlobalType ModuleDecoder::readGlobalType(BinaryReader &S) {
  GlobalType G;
  G.Type = OperatorDecoder::readValType(S, Features);
  uint64_t Start = S.offset();
  uint8_t Mut = S.readU8();
  if (!S.failed() && Mut > 1)
    S.failMalformedAt(Start, "malformed mutability");
  G.Mutable = Mut == 1;
  return G;
}

uint32_t ModuleDecoder::readTagType(BinaryReader &S) {
  uint64_t Start = S.offset();
  uint8_t Attribute = S.readU8();
  if (!S.failed() && Attribute != 0)
    S.failMalformedAt(Start, "malformed tag attribute");
  uint32_t Index = readTypeIndex(S);
  if (!S.failed() && !R.failed() && !M.Types[Index].Results.empty())
    fail(Start, "non-empty tag result type");
  return Index;
}

void ModuleDecoder::checkTableCount(uint64_t Offset) {
  if (M.Tables.size() > 1 && !Features.has(FeatureSet::ReferenceTypes))
    fail(Offset, "multiple tables");
}

void ModuleDecoder::checkMemoryCount(uint64_t Offset) {
  if (M.Memories.size() > 1 && !Features.has(FeatureSet::MultiMemory))
    fail(Offset, "multiple memories");
}

ConstExpr ModuleDecoder::readConstExpr(BinaryReader &S, ValType Expected) {
  ConstExpr E;
  E.Offset = S.offset();
  const uint8_t *Begin = S.position();
  OperatorDecoder Decoder(S, Features, M);
  Operator Op;
  SmallVector<ValType, 4> Stack;
  auto PopExpect = [&](ValType T) {
    if (Stack.empty() || Stack.back() != T) {
      fail(Op.Offset, Twine("type mismatch in constant expression ") +
                          getOpcodeName(Op.Op));
      return;
    }
    Stack.pop_back();
  };
  bool Ended = false;
  while (!Ended && Decoder.next(Op)) {
    switch (Op.Op) {
    case Opcode::I32Const: Stack.push_back(ValType::I32); break;
    case Opcode::I64Const: Stack.push_back(ValType::I64); break;
    case Opcode::F32Const: Stack.push_back(ValType::F32); break;
    case Opcode::F64Const: Stack.push_back(ValType::F64); break;
    case Opcode::V128Const: Stack.push_back(ValType::V128); break;
    case Opcode::RefNull: Stack.push_back(Op.RefType); break;
    case Opcode::RefFunc:
      if (Op.Index >= M.FuncTypeIndices.size()) {
        fail(Op.Offset, Twine("unknown function ") + Twine(Op.Index));
        break;
      }
      declareFuncRef(Op.Index);
      Stack.push_back(ValType::FuncRef);
      break;
    case Opcode::GlobalGet:
      // Wasm 2.0 lets constant expressions read imported globals only; Wasm
      // 3.0 (with gc, as wasm-tools has it) every global defined before,
      // which is every global in M.Globals while the global section is read.
      if (Op.Index >= (Features.has(FeatureSet::GC) ? M.Globals.size()
                                                    : M.NumImportedGlobals)) {
        fail(Op.Offset, Twine("unknown global ") + Twine(Op.Index) +
                            " in a constant expression");
        break;
      }
      if (M.Globals[Op.Index].Mutable) {
        fail(Op.Offset, "constant expression required: global.get of a "
                        "mutable global");
        break;
      }
      Stack.push_back(M.Globals[Op.Index].Type);
      break;
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul: {
      if (!Features.has(FeatureSet::ExtendedConst)) {
        fail(Op.Offset, Twine("constant expression required: ") +
                            getOpcodeName(Op.Op));
        break;
      }
      bool Is32 = Op.Op == Opcode::I32Add || Op.Op == Opcode::I32Sub ||
                  Op.Op == Opcode::I32Mul;
      ValType T = Is32 ? ValType::I32 : ValType::I64;
      PopExpect(T);
      PopExpect(T);
      Stack.push_back(T);
      break;
    }
    case Opcode::End:
      Ended = true;
      break;
    default:
      fail(Op.Offset, Twine("constant expression required: ") +
                          getOpcodeName(Op.Op) + " is not constant");
      break;
    }
  }
  if (S.failed() || R.failed())
    return E;
  if (!Ended) {
    S.failMalformed("unexpected end of constant expression");
    return E;
  }
  if (Stack.size() != 1 || Stack[0] != Expected)
    fail(E.Offset, Twine("type mismatch in constant expression: expected ") +
                       getValTypeName(Expected));
  E.Bytes = ArrayRef<uint8_t>(Begin, S.position());
  return E;
}

void ModuleDecoder::readTypeSection(BinaryReader &S) {
  // A function type takes 3 bytes, but an empty struct or rec group (gc,
  // reported as unsupported below) only 2.
  uint32_t Count = S.readVecCount(2);
  M.Types.reserve(Count);
  for (uint32_t I = 0; I < Count && !S.failed(); ++I) {
    uint64_t Start = S.offset();
    uint8_t Form = S.readU8();
    if (S.failed())
      return;
    if (Form != 0x60) {
      // rec, sub, sub final, struct, array: the gc proposal.
      bool IsGC = Form == 0x4E || Form == 0x50 || Form == 0x4F ||
                  Form == 0x5F || Form == 0x5E;
      if (IsGC && Features.has(FeatureSet::GC))
        return unsupported(Start, "gc (composite type)");
      return S.failMalformedAt(Start, "malformed function type (integer "
                                      "representation too long)");
    }
    FuncType T;
    uint64_t ParamsOffset = S.offset();
    uint32_t NumParams = S.readVecCount(1);
    if (!S.failed() && NumParams > MaxFuncTypeArity)
      return unsupported(ParamsOffset,
                         "implementation limit: more than " +
                             Twine(MaxFuncTypeArity) + " parameters");
    for (uint32_t J = 0; J < NumParams && !S.failed(); ++J)
      T.Params.push_back(OperatorDecoder::readValType(S, Features));
    uint64_t ResultsStart = S.offset();
    uint32_t NumResults = S.readVecCount(1);
    if (!S.failed() && NumResults > MaxFuncTypeArity)
      return unsupported(ResultsStart,
                         "implementation limit: more than " +
                             Twine(MaxFuncTypeArity) + " results");
    for (uint32_t J = 0; J < NumResults && !S.failed(); ++J)
      T.Results.push_back(OperatorDecoder::readValType(S, Features));
    if (!S.failed() && NumResults > 1 && !Features.has(FeatureSet::MultiValue))
      fail(ResultsStart, "invalid result arity (multi-value is disabled)");
    M.Types.push_back(std::move(T));
  }
}

void ModuleDecoder::readImportSection(BinaryReader &S) {
  // The count is of imports, also when compact groups (one module name, many
  // items) hold several of them.
  uint32_t Count = S.readVecCount(3);
  M.Imports.reserve(Count);
  uint32_t NumRead = 0;
  while (NumRead < Count && !S.failed() && !R.failed()) {
    uint64_t Start = S.offset();
    StringRef ModuleName = S.readName();
    StringRef Field = S.readName();
    uint8_t Next = S.peekU8();
    if (!Field.empty() || (Next != 0x7F && Next != 0x7E) ||
        !Features.has(FeatureSet::CompactImports)) {
      addImport(ModuleName, Field, readExternType(S));
      ++NumRead;
      continue;
    }
    // A compact group. 0x7F: vec(name externtype); 0x7E: externtype
    // vec(name), every item of the one type.
    S.readU8();
    ImportDesc Shared;
    if (Next == 0x7E)
      Shared = readExternType(S);
    uint32_t N = S.readVecCount(2);
    if (!S.failed() && uint64_t(NumRead) + N > Count)
      return S.failMalformedAt(Start, "compact import group holds more "
                                      "imports than the section's count");
    for (uint32_t I = 0; I < N && !S.failed() && !R.failed(); ++I) {
      StringRef Item = S.readName();
      addImport(ModuleName, Item, Next == 0x7E ? Shared : readExternType(S));
    }
    NumRead += N;
  }
}

ModuleDecoder::ImportDesc ModuleDecoder::readExternType(BinaryReader &S) {
  ImportDesc D;
  D.Offset = S.offset();
  uint8_t Kind = S.readU8();
  if (S.failed())
    return D;
  switch (Kind) {
  case 0x00:
    D.Kind = ExternKind::Func;
    D.TypeIndex = readTypeIndex(S);
    break;
  case 0x01:
    D.Kind = ExternKind::Table;
    D.Table = readTableType(S);
    break;
  case 0x02:
    D.Kind = ExternKind::Memory;
    D.Memory = readMemoryType(S);
    break;
  case 0x03:
    D.Kind = ExternKind::Global;
    D.Global = readGlobalType(S);
    if (!S.failed() && D.Global.Mutable &&
        !Features.has(FeatureSet::MutableGlobal))
      fail(D.Offset, "mutable globals cannot be imported");
    break;
  case 0x04:
    if (!Features.has(FeatureSet::Exceptions)) {
      S.failMalformedAt(D.Offset, "malformed import kind");
      break;
    }
    D.Kind = ExternKind::Tag;
    D.TypeIndex = readTagType(S);
    break;
  default:
    S.failMalformedAt(D.Offset, "malformed import kind");
    break;
  }
  return D;
}

void ModuleDecoder::addImport(StringRef ModuleName, StringRef Field,
                              const ImportDesc &D) {
  Import Imp;
  Imp.Module = ModuleName;
  Imp.Field = Field;
  Imp.Kind = D.Kind;
  switch (D.Kind) {
  case ExternKind::Func:
    Imp.Index = D.TypeIndex;
    M.FuncTypeIndices.push_back(D.TypeIndex);
    ++M.NumImportedFuncs;
    break;
  case ExternKind::Table:
    Imp.Index = M.Tables.size();
    M.Tables.push_back(D.Table);
    ++M.NumImportedTables;
    checkTableCount(D.Offset);
    break;
  case ExternKind::Memory:
    Imp.Index = M.Memories.size();
    M.Memories.push_back(D.Memory);
    ++M.NumImportedMemories;
    checkMemoryCount(D.Offset);
    break;
  case ExternKind::Global:
    Imp.Index = M.Globals.size();
    M.Globals.push_back(D.Global);
    ++M.NumImportedGlobals;
    break;
  case ExternKind::Tag:
    Imp.Index = D.TypeIndex;
    M.Tags.push_back({D.TypeIndex});
    ++M.NumImportedTags;
    break;
  }
  M.Imports.push_back(Imp);
}

void ModuleDecoder::readFunctionSection(BinaryReader &S) {
  SawFunctionSection = true;
  uint32_t Count = S.readVecCount(1);
  NumDeclaredFuncs = Count;
  M.FuncTypeIndices.reserve(M.FuncTypeIndices.size() + Count);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I)
    M.FuncTypeIndices.push_back(readTypeIndex(S));
}

void ModuleDecoder::readTableSection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(3);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    uint64_t Start = S.offset();
    M.Tables.push_back(readTableType(S));
    checkTableCount(Start);
  }
}

void ModuleDecoder::readMemorySection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(2);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    uint64_t Start = S.offset();
    M.Memories.push_back(readMemoryType(S));
    checkMemoryCount(Start);
  }
}

void ModuleDecoder::readTagSection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(2);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I)
    M.Tags.push_back({readTagType(S)});
}

void ModuleDecoder::readGlobalSection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(3);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    GlobalType G = readGlobalType(S);
    if (S.failed())
      return;
    M.GlobalInits.push_back(readConstExpr(S, G.Type));
    M.Globals.push_back(G);
  }
}

void ModuleDecoder::readExportSection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(3);
  StringSet<> Names;
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    uint64_t Start = S.offset();
    Export E;
    E.Name = S.readName();
    uint64_t KindOffset = S.offset();
    uint8_t Kind = S.readU8();
    E.Index = S.readVarU32();
    if (S.failed())
      return;
    uint64_t Limit = 0;
    switch (Kind) {
    case 0x00: Limit = M.FuncTypeIndices.size(); break;
    case 0x01: Limit = M.Tables.size(); break;
    case 0x02: Limit = M.Memories.size(); break;
    case 0x03: Limit = M.Globals.size(); break;
    case 0x04:
      if (Features.has(FeatureSet::Exceptions)) {
        Limit = M.Tags.size();
        break;
      }
      [[fallthrough]];
    default:
      return S.failMalformedAt(KindOffset, "malformed export kind");
    }
    E.Kind = ExternKind(Kind);
    if (E.Index >= Limit)
      return fail(Start, Twine("unknown ") + getExternKindName(E.Kind) + " " +
                             Twine(E.Index) + " in export");
    if (E.Kind == ExternKind::Global && M.Globals[E.Index].Mutable &&
        !Features.has(FeatureSet::MutableGlobal))
      return fail(Start, "mutable globals cannot be exported");
    if (E.Kind == ExternKind::Func)
      declareFuncRef(E.Index);
    if (!Names.insert(E.Name).second)
      return fail(Start, Twine("duplicate export name \"") + E.Name + "\"");
    M.Exports.push_back(E);
  }
}

void ModuleDecoder::readStartSection(BinaryReader &S) {
  uint64_t Start = S.offset();
  uint32_t Index = S.readVarU32();
  if (S.failed())
    return;
  if (Index >= M.FuncTypeIndices.size())
    return fail(Start, Twine("unknown function ") + Twine(Index) +
                           " as start function");
  const FuncType &T = M.getFuncType(Index);
  if (!T.Params.empty() || !T.Results.empty())
    return fail(Start, "start function must have type [] -> []");
  M.Start = Index;
}

void ModuleDecoder::readElementSection(BinaryReader &S) {
  uint32_t Count = S.readVecCount(1);
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    ElemSegment Seg;
    Seg.SectionOffset = S.offset();
    uint32_t Flags = S.readVarU32();
    if (S.failed())
      return;
    bool BulkOrRefs = Features.has(FeatureSet::BulkMemory) ||
                      Features.has(FeatureSet::ReferenceTypes);
    if (Flags > 7 || (Flags != 0 && !BulkOrRefs))
      return S.failMalformedAt(Seg.SectionOffset,
                               "malformed elements segment kind");
    // Bit 0: passive or declarative (else active); bit 1: explicit table
    // index (active) or declarative (else passive); bit 2: expressions.
    bool Active = !(Flags & 1);
    Seg.Mode = Active ? SegmentMode::Active
               : (Flags & 2) ? SegmentMode::Declarative
                             : SegmentMode::Passive;
    Seg.UsesExprs = Flags & 4;
    if (Active) {
      uint64_t TableOffset = S.offset();
      Seg.Table = (Flags & 2) ? S.readVarU32() : 0;
      if (S.failed())
        return;
      if (Seg.Table >= M.Tables.size())
        return fail(TableOffset, Twine("unknown table ") + Twine(Seg.Table));
      Seg.Offset = readConstExpr(S, M.Tables[Seg.Table].indexType());
    }
    // The legacy forms 0 and 4 have neither an element kind nor a type.
    if (Flags & 3) {
      if (Seg.UsesExprs) {
        Seg.Type = OperatorDecoder::readRefType(S, Features);
      } else {
        uint64_t KindOffset = S.offset();
        if (S.readU8() != 0x00 && !S.failed())
          return S.failMalformedAt(KindOffset, "malformed element kind");
        Seg.Type = ValType::FuncRef;
      }
    }
    if (S.failed() || R.failed())
      return;
    uint32_t N = S.readVecCount(1);
    for (uint32_t J = 0; J < N && !S.failed() && !R.failed(); ++J) {
      if (Seg.UsesExprs) {
        Seg.Exprs.push_back(readConstExpr(S, Seg.Type));
      } else {
        uint64_t Start = S.offset();
        uint32_t Func = S.readVarU32();
        if (S.failed())
          return;
        if (Func >= M.FuncTypeIndices.size())
          return fail(Start, Twine("unknown function ") + Twine(Func));
        declareFuncRef(Func);
        Seg.FuncIndices.push_back(Func);
      }
    }
    if (Active && !S.failed() && Seg.Type != M.Tables[Seg.Table].Elem)
      return fail(Seg.SectionOffset,
                  "type mismatch: element segment type differs from the "
                  "table's");
    M.Elems.push_back(std::move(Seg));
  }
}

void ModuleDecoder::readDataCountSection(BinaryReader &S) {
  M.DataCount = S.readVarU32();
}

void ModuleDecoder::readCodeSection(BinaryReader &S) {
  SawCodeSection = true;
  uint64_t Start = S.offset();
  uint32_t Count = S.readVecCount(1);
  if (S.failed())
    return;
  if (Count != NumDeclaredFuncs)
    return S.failMalformedAt(Start, "function and code section have "
                                    "inconsistent lengths");
  M.Bodies.reserve(Count);
  for (uint32_t I = 0; I < Count && !S.failed(); ++I) {
    uint64_t SizeOffset = S.offset();
    uint32_t Size = S.readVarU32();
    if (S.failed())
      return;
    if (Size > S.remaining())
      return S.failMalformedAt(SizeOffset, "unexpected end of section or "
                                           "function (body size out of "
                                           "bounds)");
    FunctionBody Body;
    Body.Offset = S.offset();
    Body.Bytes = S.readBytes(Size);
    M.Bodies.push_back(Body);
  }
}

void ModuleDecoder::readDataSection(BinaryReader &S) {
  SawDataSection = true;
  uint64_t Start = S.offset();
  uint32_t Count = S.readVecCount(1);
  if (S.failed())
    return;
  if (M.DataCount && *M.DataCount != Count)
    return S.failMalformedAt(Start, "data count and data section have "
                                    "inconsistent lengths");
  for (uint32_t I = 0; I < Count && !S.failed() && !R.failed(); ++I) {
    DataSegment Seg;
    Seg.SectionOffset = S.offset();
    uint32_t Flags = S.readVarU32();
    if (S.failed())
      return;
    if (Flags > 2 || (Flags != 0 && !Features.has(FeatureSet::BulkMemory) &&
                      !Features.has(FeatureSet::MultiMemory)))
      return S.failMalformedAt(Seg.SectionOffset, "malformed data segment "
                                                  "kind");
    Seg.Mode = Flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
    if (Seg.Mode == SegmentMode::Active) {
      uint64_t MemOffset = S.offset();
      Seg.Memory = Flags == 2 ? S.readVarU32() : 0;
      if (S.failed())
        return;
      if (Seg.Memory >= M.Memories.size())
        return fail(MemOffset, Twine("unknown memory ") + Twine(Seg.Memory));
      Seg.Offset = readConstExpr(S, M.Memories[Seg.Memory].addressType());
    }
    uint64_t LengthOffset = S.offset();
    uint32_t Length = S.readVarU32();
    if (S.failed() || R.failed())
      return;
    if (Length > S.remaining())
      return S.failMalformedAt(LengthOffset, "unexpected end of section or "
                                             "function");
    Seg.Bytes = S.readBytes(Length);
    M.Datas.push_back(Seg);
  }
}

void ModuleDecoder::readNameSection(BinaryReader S) {
  // The name section is advisory: a malformed one is ignored, as the spec
  // allows, rather than rejecting the module.
  NameMap Names;
  uint8_t LastId = 0;
  bool First = true;
  while (!S.atEnd() && !S.failed()) {
    uint8_t Id = S.readU8();
    uint32_t Size = S.readVarU32();
    BinaryReader Sub = S.subReader(Size);
    if (S.failed() || (!First && Id <= LastId))
      break;
    First = false;
    LastId = Id;
    if (Id == 0) {
      Names.Module = Sub.readName();
    } else if (Id == 1 || Id == 2) {
      uint32_t Count = Sub.readVecCount(2);
      for (uint32_t I = 0; I < Count && !Sub.failed(); ++I) {
        uint32_t Index = Sub.readVarU32();
        if (Id == 1) {
          Names.Functions[Index] = Sub.readName();
          continue;
        }
        uint32_t NumLocals = Sub.readVecCount(2);
        auto &Locals = Names.Locals[Index];
        for (uint32_t J = 0; J < NumLocals && !Sub.failed(); ++J) {
          uint32_t Local = Sub.readVarU32();
          Locals[Local] = Sub.readName();
        }
      }
    }
    if (Sub.failed()) {
      consumeError(Sub.takeError());
      break;
    }
  }
  consumeError(S.takeError());
  M.Names = std::move(Names);
}

void ModuleDecoder::readCustomSection(BinaryReader &S, uint64_t SectionStart) {
  CustomSection C;
  C.Offset = SectionStart;
  C.Name = S.readName();
  if (S.failed())
    return;
  C.Contents = S.readBytes(S.remaining());
  M.CustomSections.push_back(C);
  if (C.Name == "name")
    readNameSection(BinaryReader(C.Contents, S.offset() - C.Contents.size()));
}

void ModuleDecoder::readSection(uint8_t Id, BinaryReader &S) {
  switch (Id) {
  case TypeId: return readTypeSection(S);
  case ImportId: return readImportSection(S);
  case FunctionId: return readFunctionSection(S);
  case TableId: return readTableSection(S);
  case MemoryId: return readMemorySection(S);
  case TagId: return readTagSection(S);
  case GlobalId: return readGlobalSection(S);
  case ExportId: return readExportSection(S);
  case StartId: return readStartSection(S);
  case ElementId: return readElementSection(S);
  case DataCountId: return readDataCountSection(S);
  case CodeId: return readCodeSection(S);
  case DataId: return readDataSection(S);
  }
}

Expected<Module> ModuleDecoder::run() {
  ArrayRef<uint8_t> Magic = R.readBytes(4);
  if (R.failed() || Magic != ArrayRef<uint8_t>({0x00, 0x61, 0x73, 0x6D}))
    return makeMalformed(0, "magic header not detected");
  uint32_t Version = R.readFixedU32();
  if (R.failed() || Version != 1) {
    consumeError(R.takeError());
    // 0x0d 0x00 0x01 0x00 is a component, not a core module.
    return makeMalformed(4, "unknown binary version");
  }

  unsigned LastRank = 0;
  while (!R.atEnd() && !R.failed()) {
    uint64_t SectionStart = R.offset();
    uint8_t Id = R.readU8();
    uint64_t SizeOffset = R.offset();
    uint32_t Size = R.readVarU32();
    if (R.failed())
      break;
    if (Size > R.remaining()) {
      R.failMalformedAt(SizeOffset, "section size out of bounds (unexpected "
                                    "end)");
      break;
    }
    if (Id == CustomId) {
      BinaryReader S = R.subReader(Size);
      readCustomSection(S, SectionStart);
      if (S.failed())
        R.fail(S.takeError());
      continue;
    }
    unsigned Rank = sectionRank(Id);
    if (Rank == 0 || (Id == TagId && !Features.has(FeatureSet::Exceptions)) ||
        (Id == DataCountId && !Features.has(FeatureSet::BulkMemory))) {
      R.failMalformedAt(SectionStart, "malformed section id");
      break;
    }
    if (Rank <= LastRank) {
      R.failMalformedAt(SectionStart, "unexpected content after last section "
                                      "(section out of order or repeated)");
      break;
    }
    LastRank = Rank;
    if (Id == CodeId || Id == ElementId || Id == DataId || Id == ExportId ||
        Id == GlobalId) {
      // From here on, function references are collected for C.refs.
      M.DeclaredFuncRefs.resize(M.FuncTypeIndices.size());
    }
    BinaryReader S = R.subReader(Size);
    readSection(Id, S);
    if (S.failed()) {
      R.fail(S.takeError());
      break;
    }
    if (R.failed())
      break;
    if (!S.atEnd()) {
      R.failMalformedAt(S.offset(), "section size mismatch");
      break;
    }
  }
  if (R.failed())
    return R.takeError();

  if (NumDeclaredFuncs != 0 && !SawCodeSection)
    return makeMalformed(R.offset(), "function and code section have "
                                     "inconsistent lengths");
  if (M.DataCount && *M.DataCount != 0 && !SawDataSection)
    return makeMalformed(R.offset(), "data count and data section have "
                                     "inconsistent lengths");
  M.DeclaredFuncRefs.resize(M.FuncTypeIndices.size());
  (void)SawFunctionSection;
  return std::move(M);
}

} // namespace

Expected<Module> decodeModule(ArrayRef<uint8_t> Bytes,
                              const FeatureSet &Features) {
  return ModuleDecoder(Bytes, Features).run();
}

Expected<Module> readModule(ArrayRef<uint8_t> Bytes,
                            const ReadOptions &Options) {
  Expected<Module> M = decodeModule(Bytes, Options.Features);
  if (!M)
    return M.takeError();
  if (Error E = validateFunctions(*M, Options.Features, Options.Threads))
    return std::move(E);
  return M;
}

Expected<Module> readModuleFile(StringRef Path, const ReadOptions &Options) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  ArrayRef<uint8_t> Bytes(
      reinterpret_cast<const uint8_t *>((*Buffer)->getBufferStart()),
      (*Buffer)->getBufferSize());
  Expected<Module> M = readModule(Bytes, Options);
  if (M)
    M->setOwnedBuffer(std::move(*Buffer));
  return M;
}

} // namespace wasmaot
