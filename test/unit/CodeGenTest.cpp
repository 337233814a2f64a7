//===- CodeGenTest.cpp - IR to a loadable shared library ------------------===//
//
// Modules built by hand with IRBuilder go through the whole back end --
// target machine, pipeline, object, lld -- and the library is dlopen'ed and
// called: a function reached through the exported descriptor, nothing else
// exported, undefined symbols refused, objects linked together, no libc
// calls from the optimiser.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/CodeGen/Linker.h"
#include "wasmaot/CodeGen/LoadSink.h"
#include "wasmaot/CodeGen/VectorizeHint.h"
#include "wasmaot/abi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBufferRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <thread>

using namespace llvm;
using namespace wasmaot;

namespace {

/// The test's own descriptor layout (the real one is the translator's).
struct TestDescriptor {
  uint32_t Magic;
  int32_t (*Fn)(void *Ctx, int32_t, int32_t);
};

/// Builds test modules: functions of type i32(ptr, i32, i32) and a
/// descriptor { i32 magic, ptr fn } under WASMAOT_DESCRIPTOR_SYMBOL.
class ModuleMaker {
public:
  explicit ModuleMaker(LLVMContext &Ctx, StringRef Name = "test")
      : Ctx(Ctx), M(std::make_unique<Module>(Name, Ctx)) {}

  FunctionType *binaryType() {
    Type *I32 = Type::getInt32Ty(Ctx);
    return FunctionType::get(I32, {PointerType::get(Ctx, 0), I32, I32}, false);
  }

  /// i32 Name(ptr ctx, i32 a, i32 b) { return a + b; } -- or, with Callee,
  /// return a + Callee(ctx, b, b).
  Function *defineAdd(StringRef Name, Function *Callee = nullptr,
                      bool Hidden = true) {
    Function *F =
        Function::Create(binaryType(), GlobalValue::ExternalLinkage, Name, *M);
    if (Hidden)
      F->setVisibility(GlobalValue::HiddenVisibility);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
    Value *A = F->getArg(1), *Bv = F->getArg(2);
    if (Callee)
      Bv = B.CreateCall(Callee, {F->getArg(0), Bv, Bv});
    B.CreateRet(B.CreateAdd(A, Bv));
    return F;
  }

  /// A hidden declaration: defined in another object of the same library.
  Function *declare(StringRef Name) {
    Function *F =
        Function::Create(binaryType(), GlobalValue::ExternalLinkage, Name, *M);
    F->setVisibility(GlobalValue::HiddenVisibility);
    return F;
  }

  void defineDescriptor(Function *Fn) {
    StructType *Ty =
        StructType::get(Type::getInt32Ty(Ctx), PointerType::get(Ctx, 0));
    Constant *Init = ConstantStruct::get(
        Ty, {ConstantInt::get(Type::getInt32Ty(Ctx), WASMAOT_DESCRIPTOR_MAGIC),
             Fn});
    new GlobalVariable(*M, Ty, /*isConstant=*/true,
                       GlobalValue::ExternalLinkage, Init,
                       WASMAOT_DESCRIPTOR_SYMBOL);
  }

  std::unique_ptr<Module> take() { return std::move(M); }
  Module &module() { return *M; }

private:
  LLVMContext &Ctx;
  std::unique_ptr<Module> M;
};

/// The add-module every test starts from.
std::unique_ptr<Module> makeAddModule(LLVMContext &Ctx, bool Hidden = true) {
  ModuleMaker MM(Ctx, "add");
  MM.defineDescriptor(MM.defineAdd("add", nullptr, Hidden));
  return MM.take();
}

/// "" for success, else the message: an Error in a gtest assertion.
std::string messageOf(Error E) { return E ? llvm::toString(std::move(E)) : ""; }

class CodeGenTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("wasmaot-codegen-test", Dir));
  }
  void TearDown() override {
    for (void *H : Handles)
      dlclose(H);
    sys::fs::remove_directories(Dir);
  }

  std::string libraryPath(StringRef Name) {
    SmallString<128> P(Dir);
    sys::path::append(P, Name + ".so");
    return std::string(P);
  }

  /// dlopen's it the way the runtime will: everything bound now, nothing
  /// added to the global namespace.
  void *load(const std::string &Path) {
    void *H = dlopen(Path.c_str(), RTLD_NOW | RTLD_LOCAL);
    EXPECT_NE(H, nullptr) << dlerror();
    if (H)
      Handles.push_back(H);
    return H;
  }

  const TestDescriptor *descriptorOf(void *H) {
    auto *D = static_cast<const TestDescriptor *>(
        dlsym(H, WASMAOT_DESCRIPTOR_SYMBOL));
    EXPECT_NE(D, nullptr) << "the descriptor is not exported";
    if (D)
      EXPECT_EQ(D->Magic, WASMAOT_DESCRIPTOR_MAGIC);
    return D;
  }

  CodeGenOptions options(unsigned OptLevel) {
    CodeGenOptions Opts;
    Opts.OptLevel = OptLevel;
    return Opts;
  }

  SmallString<128> Dir;
  std::vector<void *> Handles;
};

class CodeGenOptLevelTest : public CodeGenTest,
                            public ::testing::WithParamInterface<unsigned> {};

TEST_P(CodeGenOptLevelTest, AddThroughDescriptor) {
  LLVMContext Ctx;
  std::string Path = libraryPath("add-O" + std::to_string(GetParam()));
  Expected<CompileStats> Stats =
      compileToSharedLibrary(makeAddModule(Ctx), options(GetParam()), Path);
  ASSERT_TRUE(!!Stats) << toString(Stats.takeError());
  EXPECT_EQ(Stats->Partitions, 1u);
  EXPECT_GT(Stats->ObjectBytes, 0u);

  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  const TestDescriptor *D = descriptorOf(H);
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Fn(nullptr, 2, 40), 42);
  EXPECT_EQ(D->Fn(nullptr, INT32_MAX, 1), INT32_MIN); // wraps, as in Wasm
  // Hidden in the IR: reachable only through the descriptor.
  EXPECT_EQ(dlsym(H, "add"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, CodeGenOptLevelTest,
                         ::testing::Values(0u, 1u, 2u, 3u));

TEST_F(CodeGenTest, VersionScriptHidesDefaultVisibility) {
  // A producer that forgets hidden visibility still exports nothing but the
  // descriptor.
  LLVMContext Ctx;
  std::string Path = libraryPath("default-visibility");
  Expected<CompileStats> Stats = compileToSharedLibrary(
      makeAddModule(Ctx, /*Hidden=*/false), options(0), Path);
  ASSERT_TRUE(!!Stats) << toString(Stats.takeError());
  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  ASSERT_NE(descriptorOf(H), nullptr);
  EXPECT_EQ(dlsym(H, "add"), nullptr);
}

TEST_F(CodeGenTest, UndefinedSymbolFailsToLink) {
  LLVMContext Ctx;
  ModuleMaker MM(Ctx, "undefined");
  Function *Missing = Function::Create(
      MM.binaryType(), GlobalValue::ExternalLinkage, "missing_helper",
      MM.module()); // default visibility: could come from another library
  MM.defineDescriptor(MM.defineAdd("add", Missing));
  std::string Path = libraryPath("undefined");
  Expected<CompileStats> Stats =
      compileToSharedLibrary(MM.take(), options(0), Path);
  ASSERT_FALSE(!!Stats);
  std::string Message = toString(Stats.takeError());
  EXPECT_NE(Message.find("undefined symbol: missing_helper"), std::string::npos)
      << Message;
  // lld's temporary input paths are shortened to file names.
  EXPECT_EQ(Message.find("wasmaot-link"), std::string::npos) << Message;
  EXPECT_FALSE(sys::fs::exists(Path));
}

TEST_F(CodeGenTest, PartitionsLinkedTogether) {
  // Two partitions, each in its own context, compiled on two threads: the
  // call from one to the other is resolved by the linker.
  std::vector<ModulePartition> Parts(2);
  for (ModulePartition &P : Parts)
    P.Context = std::make_unique<LLVMContext>();
  {
    ModuleMaker MM(*Parts[0].Context, "part0");
    MM.defineDescriptor(MM.defineAdd("outer", MM.declare("inner")));
    Parts[0].M = MM.take();
  }
  {
    ModuleMaker MM(*Parts[1].Context, "part1");
    MM.defineAdd("inner");
    Parts[1].M = MM.take();
  }
  CodeGenOptions Opts = options(2);
  Opts.Threads = 2;
  std::string Path = libraryPath("partitions");
  Expected<CompileStats> Stats =
      compileToSharedLibrary(std::move(Parts), Opts, Path);
  ASSERT_TRUE(!!Stats) << toString(Stats.takeError());
  EXPECT_EQ(Stats->Partitions, 2u);

  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  const TestDescriptor *D = descriptorOf(H);
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Fn(nullptr, 1, 20),
            1 + 20 + 20); // outer(a, b) = a + inner(b, b)
  EXPECT_EQ(dlsym(H, "outer"), nullptr);
  EXPECT_EQ(dlsym(H, "inner"), nullptr);
}

TEST_F(CodeGenTest, ConcurrentCompilations) {
  // Independent compilations on several threads, each with its own context:
  // code generation runs in parallel, the links queue for lld.
  constexpr unsigned N = 4;
  std::string Errors[N];
  std::vector<std::thread> Threads;
  for (unsigned I = 0; I != N; ++I)
    Threads.emplace_back([&, I] {
      LLVMContext Ctx;
      CodeGenOptions Opts = options(I % 3);
      Opts.Threads = 1;
      Expected<CompileStats> Stats = compileToSharedLibrary(
          makeAddModule(Ctx), Opts, libraryPath("thread" + std::to_string(I)));
      if (!Stats)
        Errors[I] = llvm::toString(Stats.takeError());
    });
  for (std::thread &T : Threads)
    T.join();
  for (unsigned I = 0; I != N; ++I) {
    ASSERT_EQ(Errors[I], "") << "thread " << I;
    void *H = load(libraryPath("thread" + std::to_string(I)));
    ASSERT_NE(H, nullptr);
    const TestDescriptor *D = descriptorOf(H);
    ASSERT_NE(D, nullptr);
    EXPECT_EQ(D->Fn(nullptr, int32_t(I), 1), int32_t(I) + 1);
  }
}

TEST_F(CodeGenTest, ObjectsLinkedByHand) {
  // The same through the individual steps, both modules in one context.
  LLVMContext Ctx;
  CodeGenOptions Opts = options(1);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts);
  ASSERT_TRUE(!!TM) << toString(TM.takeError());

  ModuleMaker A(Ctx, "caller"), B(Ctx, "callee");
  A.defineDescriptor(A.defineAdd("outer", A.declare("inner")));
  B.defineAdd("inner");
  Expected<SmallVector<char, 0>> ObjA = compileToObject(A.module(), **TM, Opts);
  ASSERT_TRUE(!!ObjA) << toString(ObjA.takeError());
  Expected<SmallVector<char, 0>> ObjB = compileToObject(B.module(), **TM, Opts);
  ASSERT_TRUE(!!ObjB) << toString(ObjB.takeError());

  std::string Path = libraryPath("by-hand");
  MemoryBufferRef Objects[] = {
      MemoryBufferRef(StringRef(ObjA->data(), ObjA->size()), "caller"),
      MemoryBufferRef(StringRef(ObjB->data(), ObjB->size()), "callee")};
  ASSERT_EQ(messageOf(linkSharedLibrary(Objects, Path)), "");

  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  const TestDescriptor *D = descriptorOf(H);
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Fn(nullptr, 3, 4), 11);

  // Without the callee, the call is an undefined symbol.
  std::string Message =
      messageOf(linkSharedLibrary(Objects[0], libraryPath("caller-only")));
  EXPECT_NE(Message.find("undefined hidden symbol: inner"), std::string::npos)
      << Message;
}

/// void copy(ptr ctx, ptr dst, ptr src, i64 n): a byte loop, and fill(ptr
/// ctx, ptr dst, i64 n) storing zeros -- what loop idiom recognition would
/// turn into memcpy and memset calls.
std::unique_ptr<Module> makeLoopModule(LLVMContext &Ctx) {
  ModuleMaker MM(Ctx, "loops");
  Module &M = MM.module();
  Type *Ptr = PointerType::get(Ctx, 0), *I64 = Type::getInt64Ty(Ctx),
       *I8 = Type::getInt8Ty(Ctx);

  auto MakeLoop = [&](StringRef Name, bool Copy) {
    SmallVector<Type *, 4> Params = {Ptr, Ptr};
    if (Copy)
      Params.push_back(Ptr);
    Params.push_back(I64);
    Function *F =
        Function::Create(FunctionType::get(Type::getVoidTy(Ctx), Params, false),
                         GlobalValue::ExternalLinkage, Name, M);
    F->setVisibility(GlobalValue::HiddenVisibility);
    Value *Dst = F->getArg(1), *Src = Copy ? F->getArg(2) : nullptr;
    Value *N = F->getArg(Copy ? 3 : 2);
    BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", F);
    BasicBlock *Loop = BasicBlock::Create(Ctx, "loop", F);
    BasicBlock *Exit = BasicBlock::Create(Ctx, "exit", F);
    IRBuilder<> B(Entry);
    B.CreateCondBr(B.CreateICmpEQ(N, B.getInt64(0)), Exit, Loop);
    B.SetInsertPoint(Loop);
    PHINode *I = B.CreatePHI(I64, 2);
    I->addIncoming(B.getInt64(0), Entry);
    Value *V = Copy ? B.CreateLoad(I8, B.CreateGEP(I8, Src, I))
                    : static_cast<Value *>(B.getInt8(0));
    B.CreateStore(V, B.CreateGEP(I8, Dst, I));
    Value *Next = B.CreateAdd(I, B.getInt64(1));
    I->addIncoming(Next, Loop);
    B.CreateCondBr(B.CreateICmpEQ(Next, N), Exit, Loop);
    B.SetInsertPoint(Exit);
    B.CreateRetVoid();
    return F;
  };
  Function *CopyFn = MakeLoop("copy", true);
  Function *FillFn = MakeLoop("fill", false);

  // Descriptor { magic, copy, fill }.
  StructType *Ty = StructType::get(Type::getInt32Ty(Ctx), Ptr, Ptr);
  new GlobalVariable(
      M, Ty, true, GlobalValue::ExternalLinkage,
      ConstantStruct::get(Ty, {ConstantInt::get(Type::getInt32Ty(Ctx),
                                                WASMAOT_DESCRIPTOR_MAGIC),
                               CopyFn, FillFn}),
      WASMAOT_DESCRIPTOR_SYMBOL);
  return MM.take();
}

struct LoopDescriptor {
  uint32_t Magic;
  void (*Copy)(void *, void *, const void *, uint64_t);
  void (*Fill)(void *, void *, uint64_t);
};

TEST_P(CodeGenOptLevelTest, LoopsDoNotBecomeLibcCalls) {
  // With memcpy/memset calls the link would fail (-z defs, no libc).
  LLVMContext Ctx;
  std::string Path = libraryPath("loops-O" + std::to_string(GetParam()));
  Expected<CompileStats> Stats =
      compileToSharedLibrary(makeLoopModule(Ctx), options(GetParam()), Path);
  ASSERT_TRUE(!!Stats) << toString(Stats.takeError());
  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  auto *D =
      static_cast<const LoopDescriptor *>(dlsym(H, WASMAOT_DESCRIPTOR_SYMBOL));
  ASSERT_NE(D, nullptr);
  char Src[300], Dst[300];
  for (int I = 0; I != 300; ++I)
    Src[I] = char(I * 7);
  D->Copy(nullptr, Dst, Src, sizeof Src);
  EXPECT_EQ(std::memcmp(Src, Dst, sizeof Src), 0);
  D->Fill(nullptr, Dst, 200);
  EXPECT_EQ(Dst[0], 0);
  EXPECT_EQ(Dst[199], 0);
  EXPECT_EQ(Dst[200], Src[200]);
}

// Loads that only the translator's sums keep alive get a keep-alive of
// their own once the sums go (ReleaseLoadSinks): it must take values of
// every shape the vectorisers make of loads, including ones no register
// class holds as they are.
TEST_P(CodeGenOptLevelTest, LoadsKeptAliveOfEveryShape) {
  const char *Shapes[] = {"i8",          "i16",       "i64",
                          "float",       "double",    "half",
                          "<2 x float>", "<3 x i8>",  "<4 x i16>",
                          "<2 x i64>",   "<3 x i32>", "<32 x i64>",
                          "i128",        "<2 x ptr>", "ptr"};
  for (const char *Shape : Shapes) {
    SCOPED_TRACE(Shape);
    LLVMContext Ctx;
    // The load's bits, as an i64 for the i64 sum (a bitcast where the
    // sizes match, else through memory, which the optimiser folds).
    std::string IR = std::string(R"(
define void @f(ptr %p) {
  %slot = alloca [64 x i64]
  %v = load )") + Shape + R"(, ptr %p, align 1
  store )" + Shape + R"( %v, ptr %slot
  %bits = load i64, ptr %slot
  %sum = add i64 %bits, 1
  call void asm sideeffect "", ")" +
                     LoadSinkConstraints + R"("(i32 0, i64 %sum, <2 x i64> zeroinitializer)
  ret void
}
)";
    SMDiagnostic Diag;
    std::unique_ptr<Module> M = parseAssemblyString(IR, Diag, Ctx);
    ASSERT_TRUE(M) << Diag.getMessage().str();
    Expected<std::unique_ptr<TargetMachine>> TM =
        createTargetMachine(options(GetParam()));
    ASSERT_TRUE(!!TM) << toString(TM.takeError());
    Expected<SmallVector<char, 0>> Obj =
        compileToObject(*M, **TM, options(GetParam()));
    ASSERT_TRUE(!!Obj) << toString(Obj.takeError());
    EXPECT_FALSE(Obj->empty());
  }
}

TEST_F(CodeGenTest, InvalidIRIsAnError) {
  LLVMContext Ctx;
  ModuleMaker MM(Ctx, "broken");
  Function *F = Function::Create(MM.binaryType(), GlobalValue::ExternalLinkage,
                                 "f", MM.module());
  BasicBlock::Create(Ctx, "entry", F); // no terminator
  Expected<CompileStats> Stats =
      compileToSharedLibrary(MM.take(), options(2), libraryPath("broken"));
  ASSERT_FALSE(!!Stats);
  std::string Message = toString(Stats.takeError());
  EXPECT_NE(Message.find("not valid IR"), std::string::npos) << Message;
}

TEST_F(CodeGenTest, LinkerErrorsAreErrors) {
  LLVMContext Ctx;
  CodeGenOptions Opts = options(0);
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts);
  ASSERT_TRUE(!!TM) << toString(TM.takeError());
  std::unique_ptr<Module> M = makeAddModule(Ctx);
  Expected<SmallVector<char, 0>> Obj = compileToObject(*M, **TM, Opts);
  ASSERT_TRUE(!!Obj) << toString(Obj.takeError());
  MemoryBufferRef Good(StringRef(Obj->data(), Obj->size()), "add");

  // Not an object.
  MemoryBufferRef Junk("not an object", "junk");
  std::string Message = messageOf(linkSharedLibrary(Junk, libraryPath("junk")));
  EXPECT_NE(Message.find("not an ELF relocatable object"), std::string::npos)
      << Message;

  // A damaged object: caught before lld, whose fatal() would end the
  // process.
  MemoryBufferRef Truncated(Good.getBuffer().drop_back(64), "truncated");
  Message = messageOf(linkSharedLibrary(Truncated, libraryPath("truncated")));
  EXPECT_NE(Message.find("not a valid ELF object"), std::string::npos)
      << Message;

  // An output lld cannot create: lld reports it, and can run again.
  Message =
      messageOf(linkSharedLibrary(Good, (Dir + "/no/such/dir/x.so").str()));
  EXPECT_NE(Message.find("x.so"), std::string::npos) << Message;

  // Exporting a symbol that does not exist is refused.
  LinkOptions LO;
  LO.ExportedSymbols = {"no_such_symbol"};
  Message = messageOf(linkSharedLibrary(Good, libraryPath("bad-export"), LO));
  EXPECT_NE(Message.find("no_such_symbol"), std::string::npos) << Message;

  // And after all that, linking still works.
  std::string Path = libraryPath("after-errors");
  ASSERT_EQ(messageOf(linkSharedLibrary(Good, Path)), "");
  void *H = load(Path);
  ASSERT_NE(H, nullptr);
  const TestDescriptor *D = descriptorOf(H);
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(D->Fn(nullptr, 5, 6), 11);
}

TEST(CodeGenTargetTest, TargetMachines) {
  CodeGenOptions Opts;
  Expected<std::unique_ptr<TargetMachine>> Host = createTargetMachine(Opts);
  ASSERT_TRUE(!!Host) << toString(Host.takeError());
  EXPECT_EQ((*Host)->getTargetTriple().str(), sys::getProcessTriple());
  EXPECT_EQ((*Host)->getTargetCPU(), sys::getHostCPUName());
  EXPECT_TRUE((*Host)->isPositionIndependent());
  std::string Described = describeTarget(**Host);
  EXPECT_NE(Described.find(sys::getProcessTriple()), std::string::npos);

  Opts.CPU = "generic";
  Expected<std::unique_ptr<TargetMachine>> Generic = createTargetMachine(Opts);
  ASSERT_TRUE(!!Generic) << toString(Generic.takeError());
  EXPECT_EQ((*Generic)->getTargetCPU(), "generic");
  EXPECT_EQ((*Generic)->getTargetFeatureString(), "");

  Opts.OptLevel = 4;
  Expected<std::unique_ptr<TargetMachine>> Bad = createTargetMachine(Opts);
  EXPECT_FALSE(!!Bad);
  consumeError(Bad.takeError());

  CodeGenOptions Foreign;
  Foreign.TargetTriple = "x86_64-apple-macosx";
  Expected<std::unique_ptr<TargetMachine>> MachO = createTargetMachine(Foreign);
  ASSERT_FALSE(!!MachO);
  EXPECT_NE(toString(MachO.takeError()).find("ELF"), std::string::npos);
}

/// IR of two functions computing a + 1 through a local in memory, as the
/// translator writes locals: @small with one step, @big with Steps.
std::string twoSizesIR(unsigned Steps) {
  std::string IR = "define i32 @small(i32 %a) {\n"
                   "  %l = alloca i32\n  store i32 %a, ptr %l\n"
                   "  %v = load i32, ptr %l\n  %r = add i32 %v, 1\n"
                   "  ret i32 %r\n}\n"
                   "define i32 @big(i32 %a) {\n"
                   "  %l = alloca i32\n  store i32 %a, ptr %l\n";
  for (unsigned I = 0; I < Steps; ++I) {
    std::string N = std::to_string(I);
    IR += "  %v" + N + " = load i32, ptr %l\n  %x" + N + " = xor i32 %v" + N +
          ", " + std::to_string(I + 1) + "\n  store i32 %x" + N +
          ", ptr %l\n";
  }
  IR += "  %last = load i32, ptr %l\n  ret i32 %last\n}\n";
  return IR;
}

/// IR text parsed into Ctx, made ready for the host's target machine and
/// run through the pipeline of Level (with the size limit Limit); null, and
/// the test failed, on an error.
std::unique_ptr<Module> optimizedIR(
    LLVMContext &Ctx, const std::string &IR, unsigned Level,
    unsigned Limit = CodeGenOptions::DefaultMaxOptimizedFunctionSize) {
  CodeGenOptions Opts;
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts);
  if (!TM) {
    ADD_FAILURE() << toString(TM.takeError());
    return nullptr;
  }
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Diag, Ctx);
  if (!M) {
    ADD_FAILURE() << Diag.getMessage().str();
    return nullptr;
  }
  std::string Error = messageOf(prepareModule(*M, **TM, Opts));
  if (Error.empty())
    Error = messageOf(optimizeModule(*M, **TM, Level, Limit));
  if (!Error.empty()) {
    ADD_FAILURE() << Error;
    return nullptr;
  }
  return M;
}

// At 1 to 3, functions over the size limit get the fast tier's pipeline
// (their locals promoted) and optnone, which makes code generation select
// their instructions fast; smaller ones, and every function at 0 or without
// a limit, go through the level's own pipeline.
TEST(CodeGenPipelineTest, FunctionsOverTheSizeLimitGetTheFastTier) {
  struct Case {
    unsigned Level, Limit;
    bool BigIsFastTier;
  } Cases[] = {{2, 50, true},  {3, 50, true},  {1, 50, true},
               {2, 0, false},  {2, 500, false}, {0, 50, false}};
  for (const Case &C : Cases) {
    SCOPED_TRACE("level " + std::to_string(C.Level) + ", limit " +
                 std::to_string(C.Limit));
    LLVMContext Ctx;
    std::unique_ptr<Module> M =
        optimizedIR(Ctx, twoSizesIR(40), C.Level, C.Limit);
    ASSERT_NE(M, nullptr);
    Function *Big = M->getFunction("big"), *Small = M->getFunction("small");
    ASSERT_TRUE(Big && Small);
    EXPECT_EQ(Big->hasOptNone(), C.BigIsFastTier);
    EXPECT_EQ(Big->hasFnAttribute(Attribute::NoInline), C.BigIsFastTier);
    EXPECT_FALSE(Small->hasOptNone());
    bool Allocas = false;
    for (const Instruction &I : instructions(*Big))
      Allocas |= isa<AllocaInst>(I);
    EXPECT_EQ(Allocas, C.Level == 0) << "every pipeline but 0's promotes it";
  }
}

/// A library whose descriptor calls @entry(ctx, a, b) = big(a) + b, where
/// @big has Steps instructions and reads a private table that @small, which
/// it calls, reads too: split off alone, @big needs both exposed.
std::string splitModuleIR(unsigned Steps) {
  std::string IR =
      "@table = private unnamed_addr constant [4 x i32] "
      "[i32 3, i32 5, i32 7, i32 11]\n"
      "define internal i32 @small(i32 %i) noinline {\n"
      "  %m = and i32 %i, 3\n"
      "  %p = getelementptr [4 x i32], ptr @table, i32 0, i32 %m\n"
      "  %v = load i32, ptr %p\n  ret i32 %v\n}\n"
      "define internal i32 @big(i32 %a) {\n"
      "  %l = alloca i32\n  store i32 %a, ptr %l\n";
  for (unsigned I = 0; I < Steps; ++I) {
    std::string N = std::to_string(I);
    IR += "  %v" + N + " = load i32, ptr %l\n  %x" + N + " = xor i32 %v" + N +
          ", " + std::to_string(I + 1) + "\n  store i32 %x" + N +
          ", ptr %l\n";
  }
  IR += "  %t = load i32, ptr %l\n  %s = call i32 @small(i32 %t)\n"
        "  %m = and i32 %t, 3\n"
        "  %p = getelementptr [4 x i32], ptr @table, i32 0, i32 %m\n"
        "  %q = load i32, ptr %p\n  %r = add i32 %s, %q\n  ret i32 %r\n}\n"
        "define internal i32 @entry(ptr %ctx, i32 %a, i32 %b) {\n"
        "  %x = call i32 @big(i32 %a)\n  %y = add i32 %x, %b\n"
        "  ret i32 %y\n}\n"
        "@" WASMAOT_DESCRIPTOR_SYMBOL " = constant { i32, ptr } { i32 " +
        std::to_string(WASMAOT_DESCRIPTOR_MAGIC) + ", ptr @entry }\n";
  return IR;
}

// At 1, a function over the size limit is generated by the -O0 code
// generator into an object of its own: the symbols the two objects share
// (the function, the one it calls, a private table both read) link, and
// the library computes what it computes without the limit (as at the other
// levels, where it stays in the one object).
TEST_P(CodeGenOptLevelTest, FunctionsOverTheSizeLimitLinkFromTheirOwnObject) {
  constexpr unsigned Steps = 40;
  auto Want = [&](int32_t A, int32_t B) {
    const int32_t Table[] = {3, 5, 7, 11};
    int32_t T = A;
    for (unsigned I = 0; I < Steps; ++I)
      T ^= int32_t(I + 1);
    return 2 * Table[T & 3] + B;
  };
  for (unsigned Limit : {0u, 50u}) {
    SCOPED_TRACE("limit " + std::to_string(Limit));
    LLVMContext Ctx;
    SMDiagnostic Diag;
    std::unique_ptr<Module> M =
        parseAssemblyString(splitModuleIR(Steps), Diag, Ctx);
    ASSERT_NE(M, nullptr) << Diag.getMessage().str();
    CodeGenOptions Opts = options(GetParam());
    Opts.MaxOptimizedFunctionSize = Limit;
    std::string Path = libraryPath("split-O" + std::to_string(GetParam()) +
                                   "-" + std::to_string(Limit));
    Expected<CompileStats> Stats =
        compileToSharedLibrary(std::move(M), Opts, Path);
    ASSERT_TRUE(!!Stats) << toString(Stats.takeError());
    EXPECT_EQ(Stats->FastCodeGenFunctions,
              Limit != 0 && GetParam() == 1 ? 1u : 0u);
    void *H = load(Path);
    ASSERT_NE(H, nullptr);
    const TestDescriptor *D = descriptorOf(H);
    ASSERT_NE(D, nullptr);
    for (int32_t A : {0, 1, 6, -77, 123456})
      EXPECT_EQ(D->Fn(nullptr, A, 1000), Want(A, 1000)) << "a = " << A;
    // Exposed to the other object, yet not exported.
    EXPECT_EQ(dlsym(H, "big"), nullptr);
    EXPECT_EQ(dlsym(H, "small"), nullptr);
  }
}

// A noreturn call (the trap service) is followed by an explicit llvm.trap
// at every level, which FastISel selects, where the back end's own trap
// after it would send the block to SelectionDAG.
TEST(CodeGenPipelineTest, NoReturnCallsEndInAnExplicitTrap) {
  const char *IR = "declare void @service(i32) noreturn\n"
                   "define i32 @f(i32 %x) {\n"
                   "entry:\n  %z = icmp eq i32 %x, 0\n"
                   "  br i1 %z, label %trap, label %ok\n"
                   "trap:\n  call void @service(i32 7)\n  unreachable\n"
                   "ok:\n  ret i32 %x\n}\n";
  for (unsigned Level = 0; Level <= 3; ++Level) {
    SCOPED_TRACE("level " + std::to_string(Level));
    LLVMContext Ctx;
    std::unique_ptr<Module> M = optimizedIR(Ctx, IR, Level);
    ASSERT_NE(M, nullptr);
    unsigned Unreachables = 0;
    for (const Instruction &I : instructions(*M->getFunction("f"))) {
      if (!isa<UnreachableInst>(I))
        continue;
      ++Unreachables;
      auto *Trap = dyn_cast_or_null<CallInst>(I.getPrevNode());
      ASSERT_NE(Trap, nullptr);
      EXPECT_EQ(Trap->getIntrinsicID(), Intrinsic::trap);
      auto *Service = dyn_cast_or_null<CallInst>(Trap->getPrevNode());
      ASSERT_NE(Service, nullptr);
      EXPECT_EQ(Service->getCalledFunction()->getName(), "service");
    }
    EXPECT_EQ(Unreachables, 1u);
  }
}

// What FastISel (-O0, -O1) cannot select, rewritten into what it can: a
// store of a zero v128 becomes two i64 stores at those levels, the logical
// or/and of i1 values (selects) plain or/and, and at -O0
// the load sums' consumer (an asm with a vector operand) goes, while the
// sum's store, which keeps the load alive there, stays. At -O2 both are
// left to SelectionDAG and releaseLoadSinks.
TEST(CodeGenPipelineTest, FastISelLevelsGetWhatItSelects) {
  std::string IR = std::string(R"(
define void @zero(ptr %p) {
  store <4 x i32> zeroinitializer, ptr %p, align 16
  ret void
}
define i1 @logical_or(i1 %a, i1 %b) {
  %r = select i1 %a, i1 true, i1 %b
  ret i1 %r
}
define i1 @logical_and(i1 %a, i1 %b) {
  %r = select i1 %a, i1 %b, i1 false
  ret i1 %r
}
define i64 @times9(i64 %x) {
  %r = mul i64 %x, 9
  ret i64 %r
}
define i32 @times10(i32 %x) {
  %r = mul i32 %x, 10
  ret i32 %r
}
define void @load(ptr %p) {
  %sum = alloca i32
  store i32 0, ptr %sum
  %v = load i32, ptr %p, align 1
  %s = load i32, ptr %sum
  %t = add i32 %s, %v
  store i32 %t, ptr %sum
  %s32 = load i32, ptr %sum
  call void asm sideeffect "", ")") +
                   LoadSinkConstraints +
                   R"("(i32 %s32, i64 0, <2 x i64> zeroinitializer)
  ret void
}
)";
  for (unsigned Level = 0; Level <= 2; ++Level) {
    SCOPED_TRACE("level " + std::to_string(Level));
    LLVMContext Ctx;
    std::unique_ptr<Module> M = optimizedIR(Ctx, IR, Level);
    ASSERT_NE(M, nullptr);
    unsigned VectorStores = 0, I64Stores = 0;
    for (const Instruction &I : instructions(*M->getFunction("zero")))
      if (auto *Store = dyn_cast<StoreInst>(&I)) {
        VectorStores += Store->getValueOperand()->getType()->isVectorTy();
        I64Stores += Store->getValueOperand()->getType()->isIntegerTy(64);
      }
    EXPECT_EQ(VectorStores, Level <= 1 ? 0u : 1u);
    EXPECT_EQ(I64Stores, Level <= 1 ? 2u : 0u);
    for (auto [Name, Opcode] : {std::pair{"logical_or", Instruction::Or},
                                std::pair{"logical_and", Instruction::And}}) {
      SCOPED_TRACE(Name);
      unsigned Selects = 0, Logic = 0;
      for (const Instruction &I : instructions(*M->getFunction(Name))) {
        Selects += isa<SelectInst>(I);
        Logic += I.getOpcode() == Opcode;
      }
      EXPECT_EQ(Selects, Level <= 1 ? 0u : 1u);
      EXPECT_EQ(Logic, Level <= 1 ? 1u : 0u);
    }
    // x * 9 as (x << 3) + x, which FastISel selects as a shift (or lea) and
    // an add, where an imul takes 3 cycles; x * 10 stays a multiply.
    for (auto [Name, Multiplies] : {std::pair{"times9", Level <= 1 ? 0u : 1u},
                                    std::pair{"times10", 1u}}) {
      SCOPED_TRACE(Name);
      unsigned Muls = 0, Shls = 0;
      for (const Instruction &I : instructions(*M->getFunction(Name))) {
        Muls += I.getOpcode() == Instruction::Mul;
        Shls += I.getOpcode() == Instruction::Shl;
      }
      EXPECT_EQ(Muls, Multiplies);
      EXPECT_EQ(Shls, 1u - Multiplies);
    }
    if (Level != 0)
      continue;
    bool Asm = false, SumStored = false;
    for (const Instruction &I : instructions(*M->getFunction("load"))) {
      auto *Call = dyn_cast<CallInst>(&I);
      Asm |= Call && Call->isInlineAsm();
      auto *Store = dyn_cast<StoreInst>(&I);
      SumStored |= Store && isa<BinaryOperator>(Store->getValueOperand());
    }
    EXPECT_FALSE(Asm) << "the consumer is gone";
    EXPECT_TRUE(SumStored) << "the store that keeps the load stays";
  }
}

/// A loop that stores 2 * q[i] to p[i], n > 0 times, with the function
/// attributes Attrs.
std::string doublingLoopIR(const std::string &Name, const std::string &Attrs) {
  return "define void @" + Name + "(ptr %p, ptr %q, i64 %n) " + Attrs +
         " {\n"
         "entry:\n  br label %loop\n"
         "loop:\n"
         "  %i = phi i64 [ 0, %entry ], [ %next, %loop ]\n"
         "  %src = getelementptr inbounds double, ptr %q, i64 %i\n"
         "  %x = load double, ptr %src, align 8\n"
         "  %y = fmul double %x, 2.0\n"
         "  %dst = getelementptr inbounds double, ptr %p, i64 %i\n"
         "  store double %y, ptr %dst, align 8\n"
         "  %next = add nuw i64 %i, 1\n"
         "  %done = icmp eq i64 %next, %n\n"
         "  br i1 %done, label %exit, label %loop\n"
         "exit:\n  ret void\n}\n";
}

// The fast tier runs the loop vectoriser on the functions the translator
// marks, and on no others; -O2 on both, -O0 on neither.
TEST(CodeGenPipelineTest, FastTierVectorizesMarkedFunctionsOnly) {
  std::string IR = doublingLoopIR("marked", "#0") +
                   doublingLoopIR("plain", "") + "attributes #0 = { \"" +
                   VectorizeInFastTierAttr + "\" }\n";
  for (unsigned Level = 0; Level <= 2; ++Level) {
    SCOPED_TRACE("level " + std::to_string(Level));
    LLVMContext Ctx;
    std::unique_ptr<Module> M = optimizedIR(Ctx, IR, Level);
    ASSERT_NE(M, nullptr);
    for (auto [Name, Vectorized] :
         {std::pair{"marked", Level >= 1}, std::pair{"plain", Level >= 2}}) {
      SCOPED_TRACE(Name);
      bool VectorStores = false;
      for (const Instruction &I : instructions(*M->getFunction(Name)))
        if (auto *Store = dyn_cast<StoreInst>(&I))
          VectorStores |= Store->getValueOperand()->getType()->isVectorTy();
      EXPECT_EQ(VectorStores, Vectorized);
    }
  }
}

// The stack limit is read at thread pointer + offset. On x86-64 every level
// turns that into a load through %fs, so that FastISel (-O0, -O1) does not
// read the thread pointer from %fs:0 with a load of its own.
TEST(CodeGenPipelineTest, ThreadLocalLoadsGoThroughTheSegment) {
  if (Triple(sys::getProcessTriple()).getArch() != Triple::x86_64)
    GTEST_SKIP() << "an x86-64 rewrite";
  const char *IR = "define i64 @limit(i64 %offset) {\n"
                   "  %tp = call ptr @llvm.thread.pointer.p0()\n"
                   "  %p = getelementptr inbounds i8, ptr %tp, i64 %offset\n"
                   "  %v = load i64, ptr %p, align 8\n"
                   "  ret i64 %v\n}\n";
  for (unsigned Level = 0; Level <= 3; ++Level) {
    SCOPED_TRACE("level " + std::to_string(Level));
    LLVMContext Ctx;
    std::unique_ptr<Module> M = optimizedIR(Ctx, IR, Level);
    ASSERT_NE(M, nullptr);
    unsigned Loads = 0;
    for (const Instruction &I : instructions(*M->getFunction("limit"))) {
      if (auto *Load = dyn_cast<LoadInst>(&I)) {
        ++Loads;
        EXPECT_EQ(Load->getPointerAddressSpace(), 257u);
      }
      auto *Call = dyn_cast<CallInst>(&I);
      EXPECT_FALSE(Call && Call->getIntrinsicID() == Intrinsic::thread_pointer)
          << "the thread pointer is left unused";
    }
    EXPECT_EQ(Loads, 1u);
  }
}

TEST(CodeGenTargetTest, PrepareModuleRejectsAnotherDataLayout) {
  LLVMContext Ctx;
  CodeGenOptions Opts;
  Expected<std::unique_ptr<TargetMachine>> TM = createTargetMachine(Opts);
  ASSERT_TRUE(!!TM) << toString(TM.takeError());
  std::unique_ptr<Module> M = makeAddModule(Ctx);
  M->setDataLayout("E-p:32:32"); // big-endian, 32-bit pointers
  std::string Message = messageOf(prepareModule(*M, **TM, Opts));
  EXPECT_NE(Message.find("data layout"), std::string::npos) << Message;

  std::unique_ptr<Module> Fresh = makeAddModule(Ctx);
  ASSERT_EQ(messageOf(prepareModule(*Fresh, **TM, Opts)), "");
  Function *Add = Fresh->getFunction("add");
  EXPECT_TRUE(Add->hasFnAttribute("no-builtins"));
  EXPECT_EQ(Add->getFnAttribute("frame-pointer").getValueAsString(), "all");
}

} // namespace
