//===- vm.c - A bytecode VM, a switch interpreter and an expression parser ===//
#include "workload.h"

//===-- The bytecode ------------------------------------------------------===//
//
// A stack machine over i64 values with locals and a data memory. Every
// instruction is one opcode byte followed by an optional 32-bit immediate.

enum Opcode {
  OpHalt,
  OpPush,  // imm: value
  OpLoad,  // imm: local
  OpStore, // imm: local
  OpAdd,
  OpSub,
  OpMul,
  OpDivS, // 0 for division by zero, wraps for INT64_MIN / -1
  OpRemU, // 0 for division by zero
  OpAnd,
  OpXor,
  OpShl,
  OpShrU,
  OpLtS,
  OpEq,
  OpDup,
  OpSwap,
  OpDrop,
  OpJump,   // imm: target
  OpJumpIf, // imm: target; pops, jumps when non-zero
  OpPeek,   // pops address; pushes Memory[address]
  OpPoke,   // pops value, then address
  OpCount
};

enum { MaxCode = 1024, MaxStack = 256, MaxLocals = 16, MemoryWords = 65536 };

typedef struct {
  uint8_t Code[MaxCode];
  uint32_t Length;
} Program;

typedef struct Vm {
  const Program *P;
  uint32_t Pc;
  uint32_t Sp;
  int64_t Stack[MaxStack];
  int64_t Locals[MaxLocals];
  uint64_t Steps;
  int Failed;
} Vm;

static int64_t Memory[MemoryWords];
// Addresses wrap at this many words: random programs use a small memory
// cleared before each run, so that one run cannot see the last one's stores.
static uint32_t ActiveWords = MemoryWords;

static void emit(Program *P, enum Opcode Op) {
  P->Code[P->Length++] = (uint8_t)Op;
}

static void emitImm(Program *P, enum Opcode Op, int32_t Imm) {
  emit(P, Op);
  uint32_t U = (uint32_t)Imm;
  for (int I = 0; I < 4; ++I)
    P->Code[P->Length++] = (uint8_t)(U >> (8 * I));
}

static int hasImmediate(uint8_t Op) {
  return Op == OpPush || Op == OpLoad || Op == OpStore || Op == OpJump ||
         Op == OpJumpIf;
}

static int32_t immediate(const Program *P, uint32_t At) {
  uint32_t U = 0;
  for (int I = 3; I >= 0; --I)
    U = U << 8 | P->Code[At + (uint32_t)I];
  return (int32_t)U;
}

// Stack operations check their bounds: a bad program fails, it does not
// corrupt memory.
static int64_t pop(Vm *V) {
  if (V->Sp == 0) {
    V->Failed = 1;
    return 0;
  }
  return V->Stack[--V->Sp];
}

static void push(Vm *V, int64_t X) {
  if (V->Sp == MaxStack) {
    V->Failed = 1;
    return;
  }
  V->Stack[V->Sp++] = X;
}

static uint32_t localIndex(Vm *V) {
  return (uint32_t)immediate(V->P, V->Pc + 1) % MaxLocals;
}

static int64_t remU(int64_t A, int64_t B) {
  return B ? (int64_t)((uint64_t)A % (uint64_t)B) : 0;
}

static int64_t binary(enum Opcode Op, int64_t A, int64_t B) {
  uint64_t X = (uint64_t)A, Y = (uint64_t)B;
  switch (Op) {
  case OpAdd:
    return (int64_t)(X + Y);
  case OpSub:
    return (int64_t)(X - Y);
  case OpMul:
    return (int64_t)(X * Y);
  case OpDivS:
    return wl_div_s(A, B);
  case OpRemU:
    return remU(A, B);
  case OpAnd:
    return (int64_t)(X & Y);
  case OpXor:
    return (int64_t)(X ^ Y);
  case OpShl:
    return (int64_t)(X << (Y & 63));
  case OpShrU:
    return (int64_t)(X >> (Y & 63));
  case OpLtS:
    return A < B;
  case OpEq:
    return A == B;
  default:
    return 0;
  }
}

//===-- Dispatch through a table of handlers ------------------------------===//
//
// Each handler executes one instruction and returns where to continue; the
// interpreter loop calls through the table, an indirect call per step.

typedef uint32_t (*Handler)(Vm *V);

static uint32_t doHalt(Vm *V) { return V->P->Length; }
static uint32_t doPush(Vm *V) {
  push(V, immediate(V->P, V->Pc + 1));
  return V->Pc + 5;
}
static uint32_t doLoad(Vm *V) {
  push(V, V->Locals[localIndex(V)]);
  return V->Pc + 5;
}
static uint32_t doStore(Vm *V) {
  V->Locals[localIndex(V)] = pop(V);
  return V->Pc + 5;
}
static uint32_t doBinary(Vm *V) {
  int64_t B = pop(V), A = pop(V);
  push(V, binary((enum Opcode)V->P->Code[V->Pc], A, B));
  return V->Pc + 1;
}
static uint32_t doDup(Vm *V) {
  int64_t A = pop(V);
  push(V, A);
  push(V, A);
  return V->Pc + 1;
}
static uint32_t doSwap(Vm *V) {
  int64_t B = pop(V), A = pop(V);
  push(V, B);
  push(V, A);
  return V->Pc + 1;
}
static uint32_t doDrop(Vm *V) {
  pop(V);
  return V->Pc + 1;
}
static uint32_t doJump(Vm *V) { return (uint32_t)immediate(V->P, V->Pc + 1); }
static uint32_t doJumpIf(Vm *V) {
  return pop(V) ? (uint32_t)immediate(V->P, V->Pc + 1) : V->Pc + 5;
}
static uint32_t doPeek(Vm *V) {
  push(V, Memory[(uint64_t)pop(V) % ActiveWords]);
  return V->Pc + 1;
}
static uint32_t doPoke(Vm *V) {
  int64_t Value = pop(V);
  Memory[(uint64_t)pop(V) % ActiveWords] = Value;
  return V->Pc + 1;
}

static const Handler Handlers[OpCount] = {
    [OpHalt] = doHalt,   [OpPush] = doPush,     [OpLoad] = doLoad,
    [OpStore] = doStore, [OpAdd] = doBinary,    [OpSub] = doBinary,
    [OpMul] = doBinary,  [OpDivS] = doBinary,   [OpRemU] = doBinary,
    [OpAnd] = doBinary,  [OpXor] = doBinary,    [OpShl] = doBinary,
    [OpShrU] = doBinary, [OpLtS] = doBinary,    [OpEq] = doBinary,
    [OpDup] = doDup,     [OpSwap] = doSwap,     [OpDrop] = doDrop,
    [OpJump] = doJump,   [OpJumpIf] = doJumpIf, [OpPeek] = doPeek,
    [OpPoke] = doPoke,
};

// Whether a whole instruction starts at Pc.
static int decodable(const Program *P, uint32_t Pc) {
  uint8_t Op = P->Code[Pc];
  return Op < OpCount && (!hasImmediate(Op) || Pc + 5 <= P->Length);
}

static int64_t result(const Vm *V) {
  return V->Failed ? -1 : V->Sp ? V->Stack[V->Sp - 1] : 0;
}

static void vmReset(Vm *V, const Program *P) {
  V->P = P;
  V->Pc = V->Sp = 0;
  V->Steps = 0;
  V->Failed = 0;
  wl_fill(V->Locals, 0, sizeof(V->Locals));
}

static int64_t runTable(Vm *V, const Program *P, uint64_t StepLimit) {
  vmReset(V, P);
  while (V->Pc < P->Length && !V->Failed && V->Steps++ < StepLimit) {
    if (!decodable(P, V->Pc))
      return -1;
    V->Pc = Handlers[P->Code[V->Pc]](V);
  }
  return result(V);
}

//===-- The same machine as one switch ------------------------------------===//

static int64_t runSwitch(Vm *V, const Program *P, uint64_t StepLimit) {
  vmReset(V, P);
  while (V->Pc < P->Length && !V->Failed && V->Steps++ < StepLimit) {
    if (!decodable(P, V->Pc))
      return -1;
    uint8_t Op = P->Code[V->Pc];
    int32_t Imm = hasImmediate(Op) ? immediate(P, V->Pc + 1) : 0;
    uint32_t Next = V->Pc + (hasImmediate(Op) ? 5 : 1);
    switch ((enum Opcode)Op) {
    case OpHalt:
      Next = P->Length;
      break;
    case OpPush:
      push(V, Imm);
      break;
    case OpLoad:
      push(V, V->Locals[(uint32_t)Imm % MaxLocals]);
      break;
    case OpStore:
      V->Locals[(uint32_t)Imm % MaxLocals] = pop(V);
      break;
    case OpDup: {
      int64_t A = pop(V);
      push(V, A);
      push(V, A);
      break;
    }
    case OpSwap: {
      int64_t B = pop(V), A = pop(V);
      push(V, B);
      push(V, A);
      break;
    }
    case OpDrop:
      pop(V);
      break;
    case OpJump:
      Next = (uint32_t)Imm;
      break;
    case OpJumpIf:
      if (pop(V))
        Next = (uint32_t)Imm;
      break;
    case OpPeek:
      push(V, Memory[(uint64_t)pop(V) % ActiveWords]);
      break;
    case OpPoke: {
      int64_t Value = pop(V);
      Memory[(uint64_t)pop(V) % ActiveWords] = Value;
      break;
    }
    case OpCount:
      return -1;
    default: {
      int64_t B = pop(V), A = pop(V);
      push(V, binary((enum Opcode)Op, A, B));
      break;
    }
    }
    V->Pc = Next;
  }
  return result(V);
}

//===-- Programs ----------------------------------------------------------===//

static Vm Machine;
static Program Code;

// Locals: 0 = a, 1 = b, 2 = i, 3 = n.
static void assembleFib(Program *P, int32_t N) {
  P->Length = 0;
  emitImm(P, OpPush, N);
  emitImm(P, OpStore, 3);
  emitImm(P, OpPush, 1);
  emitImm(P, OpStore, 1);
  uint32_t Loop = P->Length;
  emitImm(P, OpLoad, 2);
  emitImm(P, OpLoad, 3);
  emit(P, OpLtS);
  emitImm(P, OpPush, 1);
  emit(P, OpXor);
  uint32_t ExitJump = P->Length;
  emitImm(P, OpJumpIf, 0);
  emitImm(P, OpLoad, 0);
  emitImm(P, OpLoad, 1);
  emit(P, OpDup);
  emitImm(P, OpStore, 0);
  emit(P, OpAdd);
  emitImm(P, OpStore, 1);
  emitImm(P, OpLoad, 2);
  emitImm(P, OpPush, 1);
  emit(P, OpAdd);
  emitImm(P, OpStore, 2);
  emitImm(P, OpJump, (int32_t)Loop);
  uint32_t Exit = P->Length;
  // Patch the exit target now that it is known.
  P->Length = ExitJump;
  emitImm(P, OpJumpIf, (int32_t)Exit);
  P->Length = Exit;
  emitImm(P, OpLoad, 0);
  emit(P, OpHalt);
}

int64_t vm_fib(int32_t N) {
  assembleFib(&Code, N);
  int64_t A = runTable(&Machine, &Code, 1ull << 40);
  uint64_t Steps = Machine.Steps;
  int64_t B = runSwitch(&Machine, &Code, 1ull << 40);
  if (A != B || Steps != Machine.Steps)
    return -1;
  return A;
}

// A sieve in the VM's memory. Locals: 0 = i, 1 = j, 2 = limit, 3 = count,
// 4 = sum.
static void assembleSieve(Program *P, int32_t Limit) {
  P->Length = 0;
  emitImm(P, OpPush, Limit);
  emitImm(P, OpStore, 2);
  emitImm(P, OpPush, 2);
  emitImm(P, OpStore, 0);
  uint32_t Outer = P->Length;
  emitImm(P, OpLoad, 0);
  emitImm(P, OpLoad, 2);
  emit(P, OpLtS);
  uint32_t Body = P->Length + 10;
  emitImm(P, OpJumpIf, (int32_t)Body);
  uint32_t ToEnd = P->Length;
  emitImm(P, OpJump, 0);
  // Body: skip composites.
  emitImm(P, OpLoad, 0);
  emit(P, OpPeek);
  uint32_t ToNext = P->Length;
  emitImm(P, OpJumpIf, 0);
  emitImm(P, OpLoad, 3);
  emitImm(P, OpPush, 1);
  emit(P, OpAdd);
  emitImm(P, OpStore, 3);
  emitImm(P, OpLoad, 4);
  emitImm(P, OpLoad, 0);
  emit(P, OpXor);
  emitImm(P, OpPush, 3);
  emit(P, OpShl);
  emitImm(P, OpLoad, 0);
  emit(P, OpAdd);
  emitImm(P, OpStore, 4);
  emitImm(P, OpLoad, 0);
  emit(P, OpDup);
  emit(P, OpAdd);
  emitImm(P, OpStore, 1);
  uint32_t Inner = P->Length;
  emitImm(P, OpLoad, 1);
  emitImm(P, OpLoad, 2);
  emit(P, OpLtS);
  uint32_t InnerBody = P->Length + 10;
  emitImm(P, OpJumpIf, (int32_t)InnerBody);
  uint32_t ToNext2 = P->Length;
  emitImm(P, OpJump, 0);
  emitImm(P, OpLoad, 1);
  emitImm(P, OpPush, 1);
  emit(P, OpPoke);
  emitImm(P, OpLoad, 1);
  emitImm(P, OpLoad, 0);
  emit(P, OpAdd);
  emitImm(P, OpStore, 1);
  emitImm(P, OpJump, (int32_t)Inner);
  uint32_t Next = P->Length;
  emitImm(P, OpLoad, 0);
  emitImm(P, OpPush, 1);
  emit(P, OpAdd);
  emitImm(P, OpStore, 0);
  emitImm(P, OpJump, (int32_t)Outer);
  uint32_t End = P->Length;
  emitImm(P, OpLoad, 4);
  emitImm(P, OpLoad, 3);
  emitImm(P, OpPush, 40);
  emit(P, OpShl);
  emit(P, OpXor);
  emit(P, OpHalt);
  uint32_t Length = P->Length;
  // Patch the forward jumps.
  P->Length = ToEnd;
  emitImm(P, OpJump, (int32_t)End);
  P->Length = ToNext;
  emitImm(P, OpJumpIf, (int32_t)Next);
  P->Length = ToNext2;
  emitImm(P, OpJump, (int32_t)Next);
  P->Length = Length;
}

int64_t vm_sieve(int32_t Limit, int32_t UseSwitch) {
  if (Limit < 0 || Limit > MemoryWords)
    return -1;
  wl_fill(Memory, 0, sizeof(Memory));
  ActiveWords = MemoryWords;
  assembleSieve(&Code, Limit);
  int64_t R = UseSwitch ? runSwitch(&Machine, &Code, 1ull << 40)
                        : runTable(&Machine, &Code, 1ull << 40);
  return (int64_t)((uint64_t)R ^ Machine.Steps << 32);
}

// Random programs, loops and all: both interpreters must agree, including
// on failures and on the step limit.
int64_t vm_vs_switch(int32_t Seed, int32_t Programs) {
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint64_t Sum = 0;
  for (int32_t I = 0; I < Programs; ++I) {
    Code.Length = 0;
    uint32_t Count = 8 + rng_below(&R, 60);
    for (uint32_t K = 0; K < Count; ++K) {
      uint32_t Op = rng_below(&R, OpCount);
      if (hasImmediate((uint8_t)Op)) {
        int32_t Imm = Op == OpJump || Op == OpJumpIf
                          ? (int32_t)rng_below(&R, Count * 3)
                          : (int32_t)(uint32_t)rng_next(&R);
        emitImm(&Code, (enum Opcode)Op, Imm);
      } else {
        emit(&Code, (enum Opcode)Op);
      }
    }
    ActiveWords = 64;
    wl_fill(Memory, 0, ActiveWords * sizeof(int64_t));
    int64_t A = runTable(&Machine, &Code, 5000);
    uint64_t Steps = Machine.Steps;
    wl_fill(Memory, 0, ActiveWords * sizeof(int64_t));
    int64_t B = runSwitch(&Machine, &Code, 5000);
    if (A != B || Steps != Machine.Steps)
      return -1;
    Sum = Sum * 1000003u + (uint64_t)A + Steps;
  }
  return (int64_t)Sum;
}

//===-- An expression parser ----------------------------------------------===//
//
// Grammar: expr = term (('+' | '-') term)*; term = unary (('*' | '/' | '%')
// unary)*; unary = '-' unary | atom; atom = number | '(' expr ')'.
// Arithmetic wraps; division by zero gives 0.

typedef struct {
  const char *Text;
  uint32_t Pos, Length;
  int Failed;
} Parser;

static int64_t parseExpr(Parser *P);

static char peekChar(Parser *P) {
  while (P->Pos < P->Length && P->Text[P->Pos] == ' ')
    ++P->Pos;
  return P->Pos < P->Length ? P->Text[P->Pos] : 0;
}

static int64_t parseAtom(Parser *P) {
  char C = peekChar(P);
  if (C == '(') {
    ++P->Pos;
    int64_t V = parseExpr(P);
    if (peekChar(P) != ')')
      P->Failed = 1;
    ++P->Pos;
    return V;
  }
  if (C < '0' || C > '9') {
    P->Failed = 1;
    return 0;
  }
  uint64_t V = 0;
  while (P->Pos < P->Length && P->Text[P->Pos] >= '0' && P->Text[P->Pos] <= '9')
    V = V * 10 + (uint64_t)(P->Text[P->Pos++] - '0');
  return (int64_t)V;
}

static int64_t parseUnary(Parser *P) {
  if (peekChar(P) == '-') {
    ++P->Pos;
    return (int64_t)(0 - (uint64_t)parseUnary(P));
  }
  return parseAtom(P);
}

static int64_t parseTerm(Parser *P) {
  int64_t V = parseUnary(P);
  for (;;) {
    char C = peekChar(P);
    if (C != '*' && C != '/' && C != '%')
      return V;
    ++P->Pos;
    int64_t R = parseUnary(P);
    if (C == '*')
      V = (int64_t)((uint64_t)V * (uint64_t)R);
    else if (C == '/')
      V = wl_div_s(V, R);
    else
      V = R == 0 || R == -1 ? 0 : V % R;
  }
}

static int64_t parseExpr(Parser *P) {
  int64_t V = parseTerm(P);
  for (;;) {
    char C = peekChar(P);
    if (C != '+' && C != '-')
      return V;
    ++P->Pos;
    uint64_t R = (uint64_t)parseTerm(P);
    V = (int64_t)(C == '+' ? (uint64_t)V + R : (uint64_t)V - R);
  }
}

// Writes a random expression of bounded depth; returns the new length.
static uint32_t generate(Rng *R, char *Out, uint32_t N, uint32_t Capacity,
                         int Depth) {
  if (N + 512 > Capacity)
    Depth = 0;
  uint32_t Kind = Depth ? rng_below(R, 4) : 0;
  if (Kind == 0) {
    return N + wl_format_u64(Out + N, rng_next(R) >> (8 + rng_below(R, 50)));
  }
  if (Kind == 1) {
    Out[N++] = '(';
    N = generate(R, Out, N, Capacity, Depth - 1);
    Out[N++] = ')';
    return N;
  }
  if (Kind == 2) {
    Out[N++] = '-';
    return generate(R, Out, N, Capacity, Depth - 1);
  }
  N = generate(R, Out, N, Capacity, Depth - 1);
  Out[N++] = ' ';
  Out[N++] = "+-*/%"[rng_below(R, 5)];
  Out[N++] = ' ';
  return generate(R, Out, N, Capacity, Depth - 1);
}

int64_t expr_eval(int32_t Seed, int32_t Count) {
  static char Text[8192];
  Rng R;
  rng_seed(&R, (uint64_t)(uint32_t)Seed);
  uint64_t Sum = 0;
  for (int32_t I = 0; I < Count; ++I) {
    uint32_t N = generate(&R, Text, 0, sizeof(Text), 2 + (int)rng_below(&R, 8));
    Parser P = {Text, 0, N, 0};
    int64_t V = parseExpr(&P);
    if (P.Failed || P.Pos != N)
      return -1;
    Sum = (Sum << 5 | Sum >> 59) ^ (uint64_t)V;
  }
  return (int64_t)Sum;
}
