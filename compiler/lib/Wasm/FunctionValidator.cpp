//===- FunctionValidator.cpp - Typing of function bodies ------------------===//
//
// The spec's validation algorithm (Appendix "Validation Algorithm"): an
// operand stack of value types, where Bottom stands for the unknown operand of
// unreachable code, and a control stack of frames. Decoding and typing happen
// in one pass over the body.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/Wasm/Operator.h"
#include "wasmaot/Wasm/Validator.h"
#include "wasmaot/Support/Threads.h"

#include "llvm/ADT/SmallVector.h"

#include <array>
#include <atomic>
#include <mutex>
#include <thread>

using namespace llvm;

namespace wasmaot {
namespace {

/// Stable one-element arrays for block types that are a single value type.
struct SingleTypeTable {
  std::array<ValType, 256> Types;
  constexpr SingleTypeTable() : Types() {
    for (unsigned I = 0; I < 256; ++I)
      Types[I] = ValType(I);
  }
  ArrayRef<ValType> get(ValType T) const {
    return ArrayRef<ValType>(&Types[uint8_t(T)], 1);
  }
};
constexpr SingleTypeTable SingleTypes;

/// The validator's reading of Opcodes.def signatures. Address marks the
/// operands typed by the memory immediate's address type.
constexpr ValType Address = ValType(0x01);

struct Signature {
  std::array<ValType, 4> Params{};
  uint8_t NumParams = 0;
  ValType Result = ValType::Bottom;
  bool HasResult = false;
  bool Special = false;
};

struct SignatureTable {
  std::array<Signature, size_t(Opcode::NumOpcodes)> Sigs;
  SignatureTable() {
    for (size_t I = 0; I < Sigs.size(); ++I) {
      const char *S = getOpcodeInfo(Opcode(I)).Signature;
      Signature &Sig = Sigs[I];
      if (S[0] == '*') {
        Sig.Special = true;
        continue;
      }
      bool Results = false;
      for (; *S; ++S) {
        if (*S == '>') {
          Results = true;
          continue;
        }
        ValType T;
        switch (*S) {
        case 'i': T = ValType::I32; break;
        case 'l': T = ValType::I64; break;
        case 'f': T = ValType::F32; break;
        case 'd': T = ValType::F64; break;
        case 'v': T = ValType::V128; break;
        case 'a': T = Address; break;
        default: llvm_unreachable("bad signature letter in Opcodes.def");
        }
        if (Results) {
          Sig.Result = T;
          Sig.HasResult = true;
        } else {
          Sig.Params[Sig.NumParams++] = T;
        }
      }
    }
  }
};

const SignatureTable &getSignatures() {
  static const SignatureTable Table;
  return Table;
}

/// Lanes of the vector shape an operator works on: its name starts with
/// "i8x16", "f32x4", ... (extract/replace lane); load/store lane ops use
/// their access size.
unsigned getLaneCount(const OpcodeInfo &Info) {
  if (Info.Imm == ImmKind::MemArgLane)
    return 16 / Info.MemBytes;
  StringRef Name(Info.Name);
  if (Name.starts_with("i8x16"))
    return 16;
  if (Name.starts_with("i16x8"))
    return 8;
  if (Name.starts_with("i32x4") || Name.starts_with("f32x4"))
    return 4;
  return 2;
}

enum class FrameKind : uint8_t {
  Function,
  Block,
  Loop,
  If,
  Else,
  Try,
  Catch,
  CatchAll,
  TryTable,
};

struct Frame {
  FrameKind Kind;
  bool Unreachable;
  uint32_t Height;
  ArrayRef<ValType> Params;
  ArrayRef<ValType> Results;
  /// The br_table that last checked this frame's label types (see there).
  uint32_t BrTableStamp = 0;
};

class FunctionValidator {
public:
  FunctionValidator(const Module &M, const FeatureSet &Features,
                    uint32_t FuncIndex, const FunctionBody &Body)
      : M(M), Features(Features), FuncIndex(FuncIndex),
        Type(M.getFuncType(FuncIndex)), R(Body.Bytes, Body.Offset),
        Decoder(R, Features, M), Sigs(getSignatures()) {}

  Error run();

private:
  // Errors are kept in the reader, so decoding and typing stop together.
  void fail(const Twine &Message) {
    R.fail(makeInvalid(Op.Offset, Message.str()));
  }
  void typeMismatch(ValType Expected, ValType Found) {
    R.fail(makeInvalid(Op.Offset,
                       std::string("type mismatch in ") + getOpcodeName(Op.Op),
                       std::string("expected ") + getValTypeName(Expected) +
                           ", found " + getValTypeName(Found)));
  }

  void readLocals();
  void validateOperator();
  void validateSpecial();
  void validateBySignature(const Signature &Sig);
  bool checkMemory(uint32_t Index);
  bool checkTable(uint32_t Index);
  bool checkTag(uint32_t Index);
  bool checkLabel(uint32_t Depth);
  bool checkFunc(uint32_t Index);
  bool resolveBlockType(const BlockTypeImm &BT, ArrayRef<ValType> &Params,
                        ArrayRef<ValType> &Results);

  void push(ValType T) { Vals.push_back(T); }
  void pushAll(ArrayRef<ValType> Ts) { Vals.append(Ts.begin(), Ts.end()); }
  ValType pop() {
    const Frame &C = Ctrls.back();
    if (Vals.size() == C.Height) {
      if (!C.Unreachable)
        fail(Twine("type mismatch in ") + getOpcodeName(Op.Op) +
             ": not enough operands");
      return ValType::Bottom;
    }
    return Vals.pop_back_val();
  }
  ValType pop(ValType Expected) {
    ValType Actual = pop();
    if (Actual != Expected && Actual != ValType::Bottom &&
        Expected != ValType::Bottom) {
      typeMismatch(Expected, Actual);
      return Expected;
    }
    return Actual == ValType::Bottom ? Expected : Actual;
  }
  void popAll(ArrayRef<ValType> Ts) {
    for (size_t I = Ts.size(); I-- > 0;)
      pop(Ts[I]);
  }
  /// Checks, without popping, that the top of the stack holds Ts.
  void peekAll(ArrayRef<ValType> Ts) {
    const Frame &C = Ctrls.back();
    size_t Avail = Vals.size() - C.Height;
    for (size_t I = 0; I < Ts.size(); ++I) {
      size_t FromTop = Ts.size() - I; // 1-based depth
      if (FromTop > Avail) {
        if (!C.Unreachable)
          fail(Twine("type mismatch in ") + getOpcodeName(Op.Op) +
               ": not enough operands");
        continue;
      }
      ValType Actual = Vals[Vals.size() - FromTop];
      if (Actual != Ts[I] && Actual != ValType::Bottom)
        typeMismatch(Ts[I], Actual);
    }
  }
  void pushCtrl(FrameKind Kind, ArrayRef<ValType> Params,
                ArrayRef<ValType> Results) {
    Ctrls.push_back({Kind, false, uint32_t(Vals.size()), Params, Results});
    pushAll(Params);
  }
  Frame popCtrl() {
    Frame C = Ctrls.back();
    popAll(C.Results);
    if (Vals.size() != C.Height)
      fail(Twine("type mismatch in ") + getOpcodeName(Op.Op) + ": " +
           Twine(Vals.size() - C.Height) +
           " values remain on the stack at the end of the block");
    Ctrls.pop_back();
    return C;
  }
  static ArrayRef<ValType> labelTypes(const Frame &C) {
    return C.Kind == FrameKind::Loop ? C.Params : C.Results;
  }
  const Frame &label(uint32_t Depth) const {
    return Ctrls[Ctrls.size() - 1 - Depth];
  }
  void setUnreachable() {
    Vals.resize(Ctrls.back().Height);
    Ctrls.back().Unreachable = true;
  }
  ValType addressType(uint32_t Memory) const {
    return M.Memories[Memory].addressType();
  }
  static ValType minIndexType(ValType A, ValType B) {
    return A == ValType::I64 && B == ValType::I64 ? ValType::I64
                                                  : ValType::I32;
  }

  const Module &M;
  const FeatureSet &Features;
  uint32_t FuncIndex;
  const FuncType &Type;
  BinaryReader R;
  OperatorDecoder Decoder;
  const SignatureTable &Sigs;
  Operator Op;
  SmallVector<ValType, 32> Locals;
  SmallVector<ValType, 64> Vals;
  SmallVector<Frame, 16> Ctrls;
  uint32_t BrTableStamp = 0;
};

// More locals than this are refused as an implementation limit (V8's too).
constexpr uint64_t MaxLocals = 50000;

void FunctionValidator::readLocals() {
  Locals.assign(Type.Params.begin(), Type.Params.end());
  uint64_t Start = R.offset();
  uint32_t Groups = R.readVecCount(2);
  // Read every group before expanding: the spec's "too many locals" (more
  // than 2^32-1 in all) is malformed, and takes precedence over our limit.
  SmallVector<std::pair<uint32_t, ValType>, 8> Decls;
  uint64_t Total = Locals.size();
  for (uint32_t I = 0; I < Groups && !R.failed(); ++I) {
    uint32_t Count = R.readVarU32();
    ValType T = OperatorDecoder::readValType(R, Features);
    Total += Count;
    Decls.push_back({Count, T});
  }
  if (R.failed())
    return;
  if (Total > UINT32_MAX)
    return R.failMalformedAt(Start, "too many locals");
  if (Total > MaxLocals)
    return R.fail(makeUnsupported(Start, "implementation limit: more than " +
                                             std::to_string(MaxLocals) +
                                             " locals"));
  for (auto [Count, T] : Decls)
    Locals.append(Count, T);
}

bool FunctionValidator::checkMemory(uint32_t Index) {
  if (Index < M.Memories.size())
    return true;
  fail(Twine("unknown memory ") + Twine(Index) + " in " +
       getOpcodeName(Op.Op));
  return false;
}

bool FunctionValidator::checkTable(uint32_t Index) {
  if (Index < M.Tables.size())
    return true;
  fail(Twine("unknown table ") + Twine(Index) + " in " + getOpcodeName(Op.Op));
  return false;
}

bool FunctionValidator::checkTag(uint32_t Index) {
  if (Index < M.Tags.size())
    return true;
  fail(Twine("unknown tag ") + Twine(Index) + " in " + getOpcodeName(Op.Op));
  return false;
}

bool FunctionValidator::checkLabel(uint32_t Depth) {
  if (Depth < Ctrls.size())
    return true;
  fail(Twine("unknown label ") + Twine(Depth) + " in " + getOpcodeName(Op.Op));
  return false;
}

bool FunctionValidator::checkFunc(uint32_t Index) {
  if (Index < M.FuncTypeIndices.size())
    return true;
  fail(Twine("unknown function ") + Twine(Index) + " in " +
       getOpcodeName(Op.Op));
  return false;
}

bool FunctionValidator::resolveBlockType(const BlockTypeImm &BT,
                                         ArrayRef<ValType> &Params,
                                         ArrayRef<ValType> &Results) {
  switch (BT.Kind) {
  case BlockTypeImm::Empty:
    Params = Results = {};
    return true;
  case BlockTypeImm::Value:
    Params = {};
    Results = SingleTypes.get(BT.Type);
    return true;
  case BlockTypeImm::TypeIndex:
    if (BT.Index >= M.Types.size()) {
      fail(Twine("unknown type ") + Twine(BT.Index) + " in " +
           getOpcodeName(Op.Op));
      return false;
    }
    Params = M.Types[BT.Index].Params;
    Results = M.Types[BT.Index].Results;
    return true;
  }
  return false;
}

Error FunctionValidator::run() {
  readLocals();
  Ctrls.push_back({FrameKind::Function, false, 0, {}, Type.Results});
  while (!Ctrls.empty() && Decoder.next(Op))
    validateOperator();
  if (R.failed())
    return R.takeError();
  if (!Ctrls.empty())
    return makeMalformed(R.offset(), "unexpected end of function body "
                                     "(END opcode expected)");
  if (!R.atEnd())
    return makeMalformed(R.offset(),
                         "section size mismatch: bytes after the end of the "
                         "function body");
  return Error::success();
}

void FunctionValidator::validateOperator() {
  const OpcodeInfo &Info = getOpcodeInfo(Op.Op);
  const Signature &Sig = Sigs.Sigs[size_t(Op.Op)];
  if (Sig.Special) {
    validateSpecial();
    return;
  }
  // Immediates of table-typed operators.
  switch (Info.Imm) {
  case ImmKind::MemArg:
  case ImmKind::MemArgLane:
    if (!checkMemory(Op.Mem.Memory))
      return;
    if (Info.Feature == FeatureSet::Threads) {
      if (Op.Mem.AlignLog2 >= 32 || (1u << Op.Mem.AlignLog2) != Info.MemBytes)
        return fail(Twine("alignment must be exactly natural in ") +
                    Info.Name);
    } else if (Op.Mem.AlignLog2 >= 32 ||
               (1u << Op.Mem.AlignLog2) > Info.MemBytes) {
      return fail(Twine("alignment must not be larger than natural in ") +
                  Info.Name);
    }
    if (Op.Mem.Offset > UINT32_MAX && !M.Memories[Op.Mem.Memory].Pages.Is64)
      return fail(Twine("offset out of range in ") + Info.Name);
    if (Info.Imm == ImmKind::MemArgLane && Op.Lane >= getLaneCount(Info))
      return fail(Twine("invalid lane index in ") + Info.Name);
    break;
  case ImmKind::Memory:
    if (!checkMemory(Op.Index))
      return;
    break;
  case ImmKind::Lane:
    if (Op.Lane >= getLaneCount(Info))
      return fail(Twine("invalid lane index in ") + Info.Name);
    break;
  case ImmKind::Shuffle:
    for (uint8_t Lane : Op.Bytes16)
      if (Lane >= 32)
        return fail(Twine("invalid lane index in ") + Info.Name);
    break;
  case ImmKind::Data:
    if (!M.DataCount)
      return R.failMalformedAt(Op.Offset, "data count section required");
    if (Op.Index >= *M.DataCount)
      return fail(Twine("unknown data segment ") + Twine(Op.Index));
    break;
  case ImmKind::Elem:
    if (Op.Index >= M.Elems.size())
      return fail(Twine("unknown elem segment ") + Twine(Op.Index));
    break;
  default:
    break;
  }
  validateBySignature(Sig);
}

void FunctionValidator::validateBySignature(const Signature &Sig) {
  ValType AddrType = ValType::I32;
  const OpcodeInfo &Info = getOpcodeInfo(Op.Op);
  if (Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::MemArgLane)
    AddrType = addressType(Op.Mem.Memory);
  else if (Info.Imm == ImmKind::Memory)
    AddrType = addressType(Op.Index);
  for (unsigned I = Sig.NumParams; I-- > 0;) {
    ValType T = Sig.Params[I];
    pop(T == Address ? AddrType : T);
  }
  if (Sig.HasResult)
    push(Sig.Result == Address ? AddrType : Sig.Result);
}

void FunctionValidator::validateSpecial() {
  ArrayRef<ValType> Params, Results;
  switch (Op.Op) {
  case Opcode::Unreachable:
    setUnreachable();
    return;

  case Opcode::Block:
  case Opcode::Loop:
  case Opcode::If:
  case Opcode::Try:
    if (!resolveBlockType(Op.Block, Params, Results))
      return;
    if (Op.Op == Opcode::If)
      pop(ValType::I32);
    popAll(Params);
    pushCtrl(Op.Op == Opcode::Block  ? FrameKind::Block
             : Op.Op == Opcode::Loop ? FrameKind::Loop
             : Op.Op == Opcode::If   ? FrameKind::If
                                     : FrameKind::Try,
             Params, Results);
    return;

  case Opcode::TryTable: {
    if (!resolveBlockType(Op.Block, Params, Results))
      return;
    for (const CatchClause &C : Op.Catches) {
      if (!checkLabel(C.Label))
        return;
      ArrayRef<ValType> Target = labelTypes(label(C.Label));
      SmallVector<ValType, 4> Carried;
      if (C.Kind == CatchClause::Catch || C.Kind == CatchClause::CatchRef) {
        if (!checkTag(C.Tag))
          return;
        const FuncType &TagType = M.Types[M.Tags[C.Tag].TypeIndex];
        Carried.append(TagType.Params.begin(), TagType.Params.end());
      }
      if (C.Kind == CatchClause::CatchRef ||
          C.Kind == CatchClause::CatchAllRef)
        Carried.push_back(ValType::ExnRef);
      if (ArrayRef<ValType>(Carried) != Target)
        return fail("type mismatch in try_table: a catch clause does not "
                    "match its label's types");
    }
    popAll(Params);
    pushCtrl(FrameKind::TryTable, Params, Results);
    return;
  }

  case Opcode::Else: {
    if (Ctrls.back().Kind != FrameKind::If)
      return fail("else without a matching if");
    Frame C = popCtrl();
    pushCtrl(FrameKind::Else, C.Params, C.Results);
    return;
  }

  case Opcode::End: {
    Frame C = popCtrl();
    if (C.Kind == FrameKind::If && C.Params != C.Results)
      return fail("type mismatch in if: without an else, the block's "
                  "parameters must equal its results");
    pushAll(C.Results);
    return;
  }

  case Opcode::Catch:
  case Opcode::CatchAll: {
    FrameKind K = Ctrls.back().Kind;
    if (K != FrameKind::Try && K != FrameKind::Catch)
      return fail(Twine(getOpcodeName(Op.Op)) + " without a matching try");
    if (Op.Op == Opcode::Catch && !checkTag(Op.Index))
      return;
    Frame C = popCtrl();
    Ctrls.push_back({Op.Op == Opcode::Catch ? FrameKind::Catch
                                            : FrameKind::CatchAll,
                     false, uint32_t(Vals.size()), C.Params, C.Results});
    if (Op.Op == Opcode::Catch)
      pushAll(M.Types[M.Tags[Op.Index].TypeIndex].Params);
    return;
  }

  case Opcode::Delegate: {
    if (Ctrls.back().Kind != FrameKind::Try)
      return fail("delegate without a matching try");
    Frame C = popCtrl();
    if (!checkLabel(Op.Index))
      return;
    pushAll(C.Results);
    return;
  }

  case Opcode::Rethrow: {
    if (!checkLabel(Op.Index))
      return;
    FrameKind K = label(Op.Index).Kind;
    if (K != FrameKind::Catch && K != FrameKind::CatchAll)
      return fail("invalid rethrow label: not a catch block");
    setUnreachable();
    return;
  }

  case Opcode::Throw:
    if (!checkTag(Op.Index))
      return;
    popAll(M.Types[M.Tags[Op.Index].TypeIndex].Params);
    setUnreachable();
    return;

  case Opcode::ThrowRef:
    pop(ValType::ExnRef);
    setUnreachable();
    return;

  case Opcode::Br:
    if (!checkLabel(Op.Index))
      return;
    popAll(labelTypes(label(Op.Index)));
    setUnreachable();
    return;

  case Opcode::BrIf: {
    if (!checkLabel(Op.Index))
      return;
    pop(ValType::I32);
    ArrayRef<ValType> Types = labelTypes(label(Op.Index));
    popAll(Types);
    pushAll(Types);
    return;
  }

  case Opcode::BrTable: {
    pop(ValType::I32);
    if (!checkLabel(Op.Index))
      return;
    ArrayRef<ValType> Default = labelTypes(label(Op.Index));
    // Check each distinct target once: targets repeat, and checking costs
    // the label's arity, which would make long tables quadratic.
    ++BrTableStamp;
    for (uint32_t Target : Op.BrTargets) {
      if (!checkLabel(Target))
        return;
      Frame &F = Ctrls[Ctrls.size() - 1 - Target];
      if (F.BrTableStamp == BrTableStamp)
        continue;
      F.BrTableStamp = BrTableStamp;
      ArrayRef<ValType> Types = labelTypes(F);
      if (Types.size() != Default.size())
        return fail("type mismatch in br_table: targets have different "
                    "arities");
      peekAll(Types);
      if (R.failed())
        return;
    }
    popAll(Default);
    setUnreachable();
    return;
  }

  case Opcode::Return:
    popAll(Type.Results);
    setUnreachable();
    return;

  case Opcode::Call:
  case Opcode::ReturnCall: {
    if (!checkFunc(Op.Index))
      return;
    const FuncType &Callee = M.getFuncType(Op.Index);
    if (Op.Op == Opcode::ReturnCall && Callee.Results != Type.Results)
      return fail("type mismatch in return_call: the callee's results differ "
                  "from the caller's");
    popAll(Callee.Params);
    if (Op.Op == Opcode::ReturnCall)
      setUnreachable();
    else
      pushAll(Callee.Results);
    return;
  }

  case Opcode::CallIndirect:
  case Opcode::ReturnCallIndirect: {
    if (!checkTable(Op.Index2))
      return;
    if (M.Tables[Op.Index2].Elem != ValType::FuncRef)
      return fail(Twine("type mismatch in ") + getOpcodeName(Op.Op) +
                  ": table is not a funcref table");
    if (Op.Index >= M.Types.size())
      return fail(Twine("unknown type ") + Twine(Op.Index) + " in " +
                  getOpcodeName(Op.Op));
    const FuncType &Callee = M.Types[Op.Index];
    if (Op.Op == Opcode::ReturnCallIndirect && Callee.Results != Type.Results)
      return fail("type mismatch in return_call_indirect: the callee's "
                  "results differ from the caller's");
    pop(M.Tables[Op.Index2].indexType());
    popAll(Callee.Params);
    if (Op.Op == Opcode::ReturnCallIndirect)
      setUnreachable();
    else
      pushAll(Callee.Results);
    return;
  }

  case Opcode::Drop:
    pop();
    return;

  case Opcode::Select: {
    pop(ValType::I32);
    ValType T1 = pop();
    ValType T2 = pop();
    auto IsNumOrVec = [](ValType T) {
      return T == ValType::Bottom || isNumOrVecType(T);
    };
    if (!IsNumOrVec(T1) || !IsNumOrVec(T2))
      return fail("type mismatch in select: operands without a type "
                  "annotation must be numeric or vector");
    if (T1 != T2 && T1 != ValType::Bottom && T2 != ValType::Bottom)
      return typeMismatch(T1, T2);
    push(T1 == ValType::Bottom ? T2 : T1);
    return;
  }

  case Opcode::SelectT: {
    if (Op.SelectTypes.size() != 1)
      return fail("invalid result arity in select");
    ValType T = Op.SelectTypes[0];
    pop(ValType::I32);
    pop(T);
    pop(T);
    push(T);
    return;
  }

  case Opcode::LocalGet:
  case Opcode::LocalSet:
  case Opcode::LocalTee: {
    if (Op.Index >= Locals.size())
      return fail(Twine("unknown local ") + Twine(Op.Index));
    ValType T = Locals[Op.Index];
    if (Op.Op != Opcode::LocalGet)
      pop(T);
    if (Op.Op != Opcode::LocalSet)
      push(T);
    return;
  }

  case Opcode::GlobalGet:
  case Opcode::GlobalSet: {
    if (Op.Index >= M.Globals.size())
      return fail(Twine("unknown global ") + Twine(Op.Index));
    const GlobalType &G = M.Globals[Op.Index];
    if (Op.Op == Opcode::GlobalGet)
      return push(G.Type);
    if (!G.Mutable)
      return fail(Twine("global is immutable: global.set ") + Twine(Op.Index));
    pop(G.Type);
    return;
  }

  case Opcode::TableGet:
  case Opcode::TableSet:
  case Opcode::TableSize:
  case Opcode::TableGrow:
  case Opcode::TableFill: {
    if (!checkTable(Op.Index))
      return;
    const TableType &T = M.Tables[Op.Index];
    ValType Idx = T.indexType();
    switch (Op.Op) {
    case Opcode::TableGet:
      pop(Idx);
      push(T.Elem);
      break;
    case Opcode::TableSet:
      pop(T.Elem);
      pop(Idx);
      break;
    case Opcode::TableSize:
      push(Idx);
      break;
    case Opcode::TableGrow:
      pop(Idx);
      pop(T.Elem);
      push(Idx);
      break;
    default: // TableFill
      pop(Idx);
      pop(T.Elem);
      pop(Idx);
      break;
    }
    return;
  }

  case Opcode::TableCopy: {
    if (!checkTable(Op.Index) || !checkTable(Op.Index2))
      return;
    const TableType &Dst = M.Tables[Op.Index];
    const TableType &Src = M.Tables[Op.Index2];
    if (Dst.Elem != Src.Elem)
      return typeMismatch(Dst.Elem, Src.Elem);
    pop(minIndexType(Dst.indexType(), Src.indexType()));
    pop(Src.indexType());
    pop(Dst.indexType());
    return;
  }

  case Opcode::TableInit: {
    if (Op.Index >= M.Elems.size())
      return fail(Twine("unknown elem segment ") + Twine(Op.Index));
    if (!checkTable(Op.Index2))
      return;
    const TableType &T = M.Tables[Op.Index2];
    if (M.Elems[Op.Index].Type != T.Elem)
      return typeMismatch(T.Elem, M.Elems[Op.Index].Type);
    pop(ValType::I32);
    pop(ValType::I32);
    pop(T.indexType());
    return;
  }

  case Opcode::MemoryInit: {
    if (!M.DataCount)
      return R.failMalformedAt(Op.Offset, "data count section required");
    if (!checkMemory(Op.Index2))
      return;
    if (Op.Index >= *M.DataCount)
      return fail(Twine("unknown data segment ") + Twine(Op.Index));
    pop(ValType::I32);
    pop(ValType::I32);
    pop(addressType(Op.Index2));
    return;
  }

  case Opcode::MemoryCopy: {
    if (!checkMemory(Op.Index) || !checkMemory(Op.Index2))
      return;
    ValType Dst = addressType(Op.Index), Src = addressType(Op.Index2);
    pop(minIndexType(Dst, Src));
    pop(Src);
    pop(Dst);
    return;
  }

  case Opcode::RefNull:
    push(Op.RefType);
    return;

  case Opcode::RefIsNull: {
    ValType T = pop();
    if (T != ValType::Bottom && !isRefType(T))
      return fail(Twine("type mismatch in ref.is_null: expected a reference, "
                        "found ") +
                  getValTypeName(T));
    push(ValType::I32);
    return;
  }

  case Opcode::RefFunc:
    if (!checkFunc(Op.Index))
      return;
    if (!M.DeclaredFuncRefs[Op.Index])
      return fail(Twine("undeclared function reference ") + Twine(Op.Index));
    push(ValType::FuncRef);
    return;

  default:
    fail(Twine("operator ") + getOpcodeName(Op.Op) + " cannot be validated");
    return;
  }
}

Error annotate(Error E, const Module &M, uint32_t FuncIndex) {
  return handleErrors(std::move(E),
                      [&](std::unique_ptr<WasmError> WE) -> Error {
                        WE->setFunction(FuncIndex,
                                        M.getFuncName(FuncIndex).str());
                        return Error(std::move(WE));
                      });
}

} // namespace

Error validateFunction(const Module &M, const FeatureSet &Features,
                       uint32_t DefinedIndex) {
  uint32_t FuncIndex = M.NumImportedFuncs + DefinedIndex;
  FunctionValidator V(M, Features, FuncIndex, M.Bodies[DefinedIndex]);
  return annotate(V.run(), M, FuncIndex);
}

Error validateFunctions(const Module &M, const FeatureSet &Features,
                        unsigned Threads) {
  const uint32_t N = M.getNumDefinedFuncs();
  if (Threads == 0)
    Threads = std::max(1u, std::thread::hardware_concurrency());
  // Small modules are not worth a thread.
  if (Threads == 1 || N < 64 || M.Bytes.size() < (1u << 20)) {
    for (uint32_t I = 0; I < N; ++I)
      if (Error E = validateFunction(M, Features, I))
        return E;
    return Error::success();
  }

  // Workers take chunks of functions; the error of the lowest-numbered
  // invalid function wins, as in a sequential run.
  constexpr uint32_t Chunk = 64;
  std::atomic<uint32_t> NextChunk{0};
  std::atomic<uint32_t> FirstBad{UINT32_MAX};
  std::mutex Lock;
  Error Result = Error::success();
  auto Work = [&] {
    for (;;) {
      uint32_t Begin = NextChunk.fetch_add(Chunk);
      if (Begin >= N || Begin > FirstBad.load())
        return;
      for (uint32_t I = Begin; I < std::min(N, Begin + Chunk); ++I) {
        Error E = validateFunction(M, Features, I);
        if (!E)
          continue;
        std::lock_guard<std::mutex> Guard(Lock);
        if (I < FirstBad.load()) {
          FirstBad = I;
          consumeError(std::move(Result));
          Result = std::move(E);
        } else {
          consumeError(std::move(E));
        }
        break;
      }
    }
  };
  runOnThreads(Threads, Work);
  return Result;
}

} // namespace wasmaot
