//===- NumericOps.cpp - Integer and floating-point operators --------------===//
//
// The spec's exact semantics: integer division traps, masked shifts,
// rotations, clz/ctz/popcnt, float min/max with NaN and signed zeros,
// trapping and saturating float-to-int conversions, reinterpretations.
//
//===----------------------------------------------------------------------===//

#include "FunctionTranslator.h"

#include "wasmaot/abi.h"

#include "llvm/IR/Intrinsics.h"

using namespace llvm;

namespace wasmaot {

Error FunctionTranslator::translateNumeric(const Operator &Op) {
  auto Unary = [&](auto Fn) {
    Value *A = pop();
    push(Fn(A));
  };
  auto Binary = [&](auto Fn) {
    Value *Rhs = pop();
    Value *Lhs = pop();
    push(Fn(Lhs, Rhs));
  };
  auto Compare = [&](CmpInst::Predicate P) {
    Binary([&](Value *L, Value *R) {
      Value *Cmp = CmpInst::isFPPredicate(P) ? B.CreateFCmp(P, L, R)
                                             : B.CreateICmp(P, L, R);
      return B.CreateZExt(Cmp, MT.I32Ty);
    });
  };
  auto Intrinsic1 = [&](Intrinsic::ID ID) {
    Unary([&](Value *A) {
      return B.CreateIntrinsic(ID, {A->getType()}, {A});
    });
  };
  auto Intrinsic2 = [&](Intrinsic::ID ID) {
    Binary([&](Value *L, Value *R) {
      return B.CreateIntrinsic(ID, {L->getType()}, {L, R});
    });
  };
  // Shift counts are taken modulo the width.
  auto Shift = [&](Instruction::BinaryOps Opc) {
    Binary([&](Value *L, Value *R) {
      unsigned Bits = L->getType()->getIntegerBitWidth();
      Value *Count = B.CreateAnd(R, ConstantInt::get(R->getType(), Bits - 1));
      return B.CreateBinOp(Opc, L, Count);
    });
  };
  auto Rotate = [&](Intrinsic::ID ID) {
    Binary([&](Value *L, Value *R) {
      return B.CreateIntrinsic(ID, {L->getType()}, {L, L, R});
    });
  };
  auto BitCount = [&](Intrinsic::ID ID) {
    Unary([&](Value *A) {
      // Defined at zero, as the spec requires.
      return B.CreateIntrinsic(ID, {A->getType()}, {A, B.getFalse()});
    });
  };
  auto DivRem = [&](Instruction::BinaryOps Opc, bool Signed) {
    Binary([&](Value *L, Value *R) -> Value * {
      llvm::Type *Ty = L->getType();
      trapIf(B.CreateICmpEQ(R, ConstantInt::get(Ty, 0)),
             WASMAOT_TRAP_INT_DIVIDE_BY_ZERO);
      if (!Signed)
        return B.CreateBinOp(Opc, L, R);
      unsigned Bits = Ty->getIntegerBitWidth();
      Value *MinusOne = B.CreateICmpEQ(R, ConstantInt::getAllOnesValue(Ty));
      if (Opc == Instruction::SDiv) {
        Value *IsMin = B.CreateICmpEQ(
            L, ConstantInt::get(Ty, APInt::getSignedMinValue(Bits)));
        trapIf(B.CreateAnd(IsMin, MinusOne), WASMAOT_TRAP_INT_OVERFLOW);
        return B.CreateSDiv(L, R);
      }
      // rem_s by -1 is 0; x86's idiv would fault on INT_MIN % -1.
      Value *SafeR = B.CreateSelect(MinusOne, ConstantInt::get(Ty, 1), R);
      return B.CreateSRem(L, SafeR);
    });
  };
  // LLVM may fold x*1, x/1, x+-0, x-0 and x*-1 to x or -x, which passes a
  // signalling NaN through where Wasm requires an arithmetic (quiet) one.
  // With such a constant operand, canonicalize the result: it quiets NaNs
  // and costs one instruction only where the fold could happen.
  auto FloatArith = [&](Instruction::BinaryOps Opc) {
    Binary([&](Value *L, Value *R) -> Value * {
      Value *V = B.CreateBinOp(Opc, L, R);
      auto IsIdentityConstant = [](Value *X) {
        auto *C = dyn_cast<ConstantFP>(X);
        return C && (C->isZero() || C->isExactlyValue(1.0) ||
                     C->isExactlyValue(-1.0));
      };
      if (IsIdentityConstant(L) || IsIdentityConstant(R))
        V = B.CreateIntrinsic(Intrinsic::canonicalize, {V->getType()}, {V});
      return V;
    });
  };
  auto SignExtend = [&](unsigned FromBits) {
    Unary([&](Value *A) {
      return B.CreateSExt(B.CreateTrunc(A, B.getIntNTy(FromBits)),
                          A->getType());
    });
  };

  switch (Op.Op) {
  case Opcode::I32Const:
    push(B.getInt32(uint32_t(Op.I32)));
    break;
  case Opcode::I64Const:
    push(B.getInt64(uint64_t(Op.I64)));
    break;
  case Opcode::F32Const:
    push(ConstantFP::get(MT.F32Ty, APFloat(APFloat::IEEEsingle(),
                                           APInt(32, Op.F32Bits))));
    break;
  case Opcode::F64Const:
    push(ConstantFP::get(MT.F64Ty, APFloat(APFloat::IEEEdouble(),
                                           APInt(64, Op.F64Bits))));
    break;

  case Opcode::I32Eqz:
  case Opcode::I64Eqz:
    Unary([&](Value *A) {
      return B.CreateZExt(B.CreateIsNull(A), MT.I32Ty);
    });
    break;
  case Opcode::I32Eq: case Opcode::I64Eq: Compare(CmpInst::ICMP_EQ); break;
  case Opcode::I32Ne: case Opcode::I64Ne: Compare(CmpInst::ICMP_NE); break;
  case Opcode::I32LtS: case Opcode::I64LtS: Compare(CmpInst::ICMP_SLT); break;
  case Opcode::I32LtU: case Opcode::I64LtU: Compare(CmpInst::ICMP_ULT); break;
  case Opcode::I32GtS: case Opcode::I64GtS: Compare(CmpInst::ICMP_SGT); break;
  case Opcode::I32GtU: case Opcode::I64GtU: Compare(CmpInst::ICMP_UGT); break;
  case Opcode::I32LeS: case Opcode::I64LeS: Compare(CmpInst::ICMP_SLE); break;
  case Opcode::I32LeU: case Opcode::I64LeU: Compare(CmpInst::ICMP_ULE); break;
  case Opcode::I32GeS: case Opcode::I64GeS: Compare(CmpInst::ICMP_SGE); break;
  case Opcode::I32GeU: case Opcode::I64GeU: Compare(CmpInst::ICMP_UGE); break;
  // Ordered comparisons are false on NaN; ne is unordered (true on NaN).
  case Opcode::F32Eq: case Opcode::F64Eq: Compare(CmpInst::FCMP_OEQ); break;
  case Opcode::F32Ne: case Opcode::F64Ne: Compare(CmpInst::FCMP_UNE); break;
  case Opcode::F32Lt: case Opcode::F64Lt: Compare(CmpInst::FCMP_OLT); break;
  case Opcode::F32Gt: case Opcode::F64Gt: Compare(CmpInst::FCMP_OGT); break;
  case Opcode::F32Le: case Opcode::F64Le: Compare(CmpInst::FCMP_OLE); break;
  case Opcode::F32Ge: case Opcode::F64Ge: Compare(CmpInst::FCMP_OGE); break;

  case Opcode::I32Clz: case Opcode::I64Clz: BitCount(Intrinsic::ctlz); break;
  case Opcode::I32Ctz: case Opcode::I64Ctz: BitCount(Intrinsic::cttz); break;
  case Opcode::I32Popcnt:
  case Opcode::I64Popcnt:
    Intrinsic1(Intrinsic::ctpop);
    break;
  case Opcode::I32Add: case Opcode::I64Add:
    Binary([&](Value *L, Value *R) { return B.CreateAdd(L, R); });
    break;
  case Opcode::I32Sub: case Opcode::I64Sub:
    Binary([&](Value *L, Value *R) { return B.CreateSub(L, R); });
    break;
  case Opcode::I32Mul: case Opcode::I64Mul:
    Binary([&](Value *L, Value *R) { return B.CreateMul(L, R); });
    break;
  case Opcode::I32DivS: case Opcode::I64DivS:
    DivRem(Instruction::SDiv, true);
    break;
  case Opcode::I32DivU: case Opcode::I64DivU:
    DivRem(Instruction::UDiv, false);
    break;
  case Opcode::I32RemS: case Opcode::I64RemS:
    DivRem(Instruction::SRem, true);
    break;
  case Opcode::I32RemU: case Opcode::I64RemU:
    DivRem(Instruction::URem, false);
    break;
  case Opcode::I32And: case Opcode::I64And:
    Binary([&](Value *L, Value *R) { return B.CreateAnd(L, R); });
    break;
  case Opcode::I32Or: case Opcode::I64Or:
    Binary([&](Value *L, Value *R) { return B.CreateOr(L, R); });
    break;
  case Opcode::I32Xor: case Opcode::I64Xor:
    Binary([&](Value *L, Value *R) { return B.CreateXor(L, R); });
    break;
  case Opcode::I32Shl: case Opcode::I64Shl: Shift(Instruction::Shl); break;
  case Opcode::I32ShrS: case Opcode::I64ShrS: Shift(Instruction::AShr); break;
  case Opcode::I32ShrU: case Opcode::I64ShrU: Shift(Instruction::LShr); break;
  case Opcode::I32Rotl: case Opcode::I64Rotl: Rotate(Intrinsic::fshl); break;
  case Opcode::I32Rotr: case Opcode::I64Rotr: Rotate(Intrinsic::fshr); break;

  case Opcode::F32Abs: case Opcode::F64Abs: Intrinsic1(Intrinsic::fabs); break;
  case Opcode::F32Neg: case Opcode::F64Neg:
    Unary([&](Value *A) { return B.CreateFNeg(A); });
    break;
  case Opcode::F32Ceil: case Opcode::F64Ceil: Intrinsic1(Intrinsic::ceil); break;
  case Opcode::F32Floor: case Opcode::F64Floor:
    Intrinsic1(Intrinsic::floor);
    break;
  case Opcode::F32Trunc: case Opcode::F64Trunc:
    Intrinsic1(Intrinsic::trunc);
    break;
  case Opcode::F32Nearest: case Opcode::F64Nearest:
    Intrinsic1(Intrinsic::roundeven);
    break;
  case Opcode::F32Sqrt: case Opcode::F64Sqrt: Intrinsic1(Intrinsic::sqrt); break;
  case Opcode::F32Add: case Opcode::F64Add:
    FloatArith(Instruction::FAdd);
    break;
  case Opcode::F32Sub: case Opcode::F64Sub:
    FloatArith(Instruction::FSub);
    break;
  case Opcode::F32Mul: case Opcode::F64Mul:
    FloatArith(Instruction::FMul);
    break;
  case Opcode::F32Div: case Opcode::F64Div:
    FloatArith(Instruction::FDiv);
    break;
  // minimum/maximum propagate NaN and order -0 below +0, as Wasm does, but
  // may return a signalling NaN operand as it is: quiet the result.
  case Opcode::F32Min: case Opcode::F64Min:
  case Opcode::F32Max: case Opcode::F64Max: {
    bool IsMin = Op.Op == Opcode::F32Min || Op.Op == Opcode::F64Min;
    Binary([&](Value *L, Value *R) {
      Value *V = B.CreateIntrinsic(
          IsMin ? Intrinsic::minimum : Intrinsic::maximum, {L->getType()},
          {L, R});
      return B.CreateIntrinsic(Intrinsic::canonicalize, {V->getType()}, {V});
    });
    break;
  }
  case Opcode::F32Copysign: case Opcode::F64Copysign:
    Intrinsic2(Intrinsic::copysign);
    break;

  case Opcode::I32Extend8S: SignExtend(8); break;
  case Opcode::I32Extend16S: SignExtend(16); break;
  case Opcode::I64Extend8S: SignExtend(8); break;
  case Opcode::I64Extend16S: SignExtend(16); break;
  case Opcode::I64Extend32S: SignExtend(32); break;

  default:
    return unsupported(Op, "numeric operator");
  }
  return Error::success();
}

Error FunctionTranslator::translateConversion(const Operator &Op) {
  // A trapping truncation: NaN is an invalid conversion; a value outside
  // (Lower, Upper) an overflow. The bounds are exact in the source type.
  auto TrapTrunc = [&](llvm::Type *To, bool Signed, double Lower,
                       double Upper) {
    Value *X = pop();
    llvm::Type *FTy = X->getType();
    trapIf(B.CreateFCmpUNO(X, X), WASMAOT_TRAP_INVALID_CONVERSION);
    Value *InRange =
        B.CreateAnd(B.CreateFCmpOGT(X, ConstantFP::get(FTy, Lower)),
                    B.CreateFCmpOLT(X, ConstantFP::get(FTy, Upper)));
    trapIf(B.CreateNot(InRange), WASMAOT_TRAP_INT_OVERFLOW);
    push(Signed ? B.CreateFPToSI(X, To) : B.CreateFPToUI(X, To));
  };
  auto SatTrunc = [&](llvm::Type *To, bool Signed) {
    Value *X = pop();
    push(B.CreateIntrinsic(Signed ? Intrinsic::fptosi_sat
                                  : Intrinsic::fptoui_sat,
                           {To, X->getType()}, {X}));
  };
  // Lower bounds are exclusive: the largest value below the range's minimum
  // that the source type represents (-2^31 - 1 in f64; -2^31 - 2^8 in f32,
  // -2^63 - 2^40 in f32 and -2^63 - 2^11 in f64, one ulp below).
  constexpr double Two31 = 2147483648.0, Two32 = 4294967296.0;
  constexpr double Two63 = 9223372036854775808.0, Two64 = 18446744073709551616.0;
  llvm::Type *I32 = MT.I32Ty, *I64 = MT.I64Ty;

  switch (Op.Op) {
  case Opcode::I32WrapI64:
    push(B.CreateTrunc(pop(), I32));
    break;
  case Opcode::I32TruncF32S: TrapTrunc(I32, true, -Two31 - 256.0, Two31); break;
  case Opcode::I32TruncF32U: TrapTrunc(I32, false, -1.0, Two32); break;
  case Opcode::I32TruncF64S: TrapTrunc(I32, true, -Two31 - 1.0, Two31); break;
  case Opcode::I32TruncF64U: TrapTrunc(I32, false, -1.0, Two32); break;
  case Opcode::I64ExtendI32S:
    push(B.CreateSExt(pop(), I64));
    break;
  case Opcode::I64ExtendI32U:
    push(B.CreateZExt(pop(), I64));
    break;
  case Opcode::I64TruncF32S:
    TrapTrunc(I64, true, -Two63 - 1099511627776.0, Two63);
    break;
  case Opcode::I64TruncF32U: TrapTrunc(I64, false, -1.0, Two64); break;
  case Opcode::I64TruncF64S: TrapTrunc(I64, true, -Two63 - 2048.0, Two63); break;
  case Opcode::I64TruncF64U: TrapTrunc(I64, false, -1.0, Two64); break;
  case Opcode::F32ConvertI32S:
  case Opcode::F32ConvertI64S:
    push(B.CreateSIToFP(pop(), MT.F32Ty));
    break;
  case Opcode::F32ConvertI32U:
  case Opcode::F32ConvertI64U:
    push(B.CreateUIToFP(pop(), MT.F32Ty));
    break;
  case Opcode::F32DemoteF64: {
    // fptrunc(fpext x) folds to x, passing a signalling NaN through.
    Value *X = pop();
    Value *V = B.CreateFPTrunc(X, MT.F32Ty);
    if (isa<FPExtInst>(X))
      V = B.CreateIntrinsic(Intrinsic::canonicalize, {MT.F32Ty}, {V});
    push(V);
    break;
  }
  case Opcode::F64ConvertI32S:
  case Opcode::F64ConvertI64S:
    push(B.CreateSIToFP(pop(), MT.F64Ty));
    break;
  case Opcode::F64ConvertI32U:
  case Opcode::F64ConvertI64U:
    push(B.CreateUIToFP(pop(), MT.F64Ty));
    break;
  case Opcode::F64PromoteF32:
    push(B.CreateFPExt(pop(), MT.F64Ty));
    break;
  case Opcode::I32ReinterpretF32:
    push(B.CreateBitCast(pop(), I32));
    break;
  case Opcode::I64ReinterpretF64:
    push(B.CreateBitCast(pop(), I64));
    break;
  case Opcode::F32ReinterpretI32:
    push(B.CreateBitCast(pop(), MT.F32Ty));
    break;
  case Opcode::F64ReinterpretI64:
    push(B.CreateBitCast(pop(), MT.F64Ty));
    break;
  case Opcode::I32TruncSatF32S:
  case Opcode::I32TruncSatF64S:
    SatTrunc(I32, true);
    break;
  case Opcode::I32TruncSatF32U:
  case Opcode::I32TruncSatF64U:
    SatTrunc(I32, false);
    break;
  case Opcode::I64TruncSatF32S:
  case Opcode::I64TruncSatF64S:
    SatTrunc(I64, true);
    break;
  case Opcode::I64TruncSatF32U:
  case Opcode::I64TruncSatF64U:
    SatTrunc(I64, false);
    break;
  default:
    return unsupported(Op, "conversion");
  }
  return Error::success();
}

} // namespace wasmaot
