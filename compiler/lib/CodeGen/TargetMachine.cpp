//===- TargetMachine.cpp - The target the code is generated for -----------===//

#include "wasmaot/CodeGen/CodeGen.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace wasmaot {

static const Target *lookupTarget(const Triple &TT, std::string &Err) {
  // The native target is all a host compiler needs; the others are only
  // registered (all at once, they are one shared library anyway) when a
  // triple asks for a foreign architecture.
  static std::once_flag NativeOnce, AllOnce;
  std::call_once(NativeOnce, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser(); // inline asm in the IR
  });
  if (const Target *T = TargetRegistry::lookupTarget(TT, Err))
    return T;
  std::call_once(AllOnce, [] {
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    InitializeAllAsmParsers();
  });
  Err.clear();
  return TargetRegistry::lookupTarget(TT, Err);
}

/// The host CPU's features as "+a,-b,...", sorted so that the string (and
/// a cache key built from it) is the same on every run.
///
/// Without AVX-512 unless WithAVX512: it made Wasm code slower on the
/// machine measured (a Zen 4 server, bench suite at -O2: matmul 1.94x
/// native with it, 1.13x without; nbody 1.33x, 1.04x; the SIMD kernel
/// 1.21x, 0.95x). Likely causes: 64-byte unaligned accesses to linear
/// memory split cache lines, and the SLP vectoriser made masked loads of
/// odd-sized groups. --cpu-features=+avx512f,... turns it back on.
static std::string hostFeatures(bool WithAVX512) {
  StringMap<bool> Host = sys::getHostCPUFeatures();
  std::vector<std::pair<StringRef, bool>> Sorted;
  for (const auto &Entry : Host)
    Sorted.emplace_back(Entry.getKey(),
                        Entry.getValue() &&
                            (WithAVX512 ||
                             !Entry.getKey().starts_with("avx512")));
  llvm::sort(Sorted);
  SubtargetFeatures F;
  for (const auto &[Name, Enabled] : Sorted)
    F.AddFeature(Name, Enabled);
  return F.getString();
}

static CodeGenOptLevel toCodeGenOptLevel(unsigned OptLevel) {
  switch (OptLevel) {
  case 0:
    return CodeGenOptLevel::None;
  case 1:
    return CodeGenOptLevel::Less;
  case 2:
    return CodeGenOptLevel::Default;
  default:
    return CodeGenOptLevel::Aggressive;
  }
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const CodeGenOptions &Opts) {
  if (Opts.OptLevel > 3)
    return createStringError("optimisation level %u is not 0-3", Opts.OptLevel);
  Triple Host(sys::getProcessTriple());
  Triple TT = Opts.TargetTriple.empty()
                  ? Host
                  : Triple(Triple::normalize(Opts.TargetTriple));
  if (!TT.isOSBinFormatELF())
    return createStringError("target '%s' does not use ELF, the only object "
                             "format WasmAOT links",
                             TT.str().c_str());

  std::string Err;
  const Target *T = lookupTarget(TT, Err);
  if (!T)
    return createStringError("target '%s': %s", TT.str().c_str(), Err.c_str());

  // The host CPU (and its features) only makes sense for the host's own
  // architecture; a foreign one defaults to its generic CPU.
  bool Native = TT.getArch() == Host.getArch();
  std::string CPU = Opts.CPU;
  std::string Features;
  if (CPU.empty() || CPU == "native") {
    if (Native) {
      CPU = sys::getHostCPUName().str();
      Features = hostFeatures(/*WithAVX512=*/!TT.isX86());
    } else {
      CPU = "generic";
    }
  }
  // Later entries win, so the user's can remove host features.
  if (!Opts.Features.empty())
    Features =
        Features.empty() ? Opts.Features : Features + "," + Opts.Features;

  TargetOptions TO;
  // A Wasm `unreachable` is a call to the trap service; should that ever
  // return, a trap instruction beats running into the next function. That
  // one is an explicit llvm.trap in the IR (explicitTrapsAfterNoReturn),
  // which FastISel selects: the back end's own, after a noreturn call, it
  // cannot, and every trap block went to SelectionDAG (48% of FastISel's
  // fall-backs on the 10 MB bench module at -O0).
  TO.TrapUnreachable = true;
  TO.NoTrapAfterNoreturn = true;
  TO.UseInitArray = true;
  // FastISel at O0 and O1: instruction selection is a large share of the
  // back end's time, and at O1 FastISel cut code generation by ~30% with no
  // measurable loss in run time (a 400-function test module). SelectionDAG
  // still handles what FastISel cannot. O1 keeps an optimising register
  // allocator (the basic one: ObjectEmitter.cpp) and the machine passes
  // that come with CodeGenOptLevel::Less: O0's code generation (fast
  // allocator) was 5x quicker there but its code 35% slower.
  TO.EnableFastISel = Opts.OptLevel <= 1;

  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(TT, CPU, Features, TO, Reloc::PIC_, std::nullopt,
                             toCodeGenOptLevel(Opts.OptLevel)));
  if (!TM)
    return createStringError("cannot create a target machine for '%s'",
                             TT.str().c_str());
  // O0 then selects FastISel in any case (GlobalISel on targets that make
  // it their O0 default, such as AArch64); said explicitly all the same.
  TM->setO0WantsFastISel(true);
  return std::move(TM);
}

std::string describeTarget(const TargetMachine &TM) {
  return (TM.getTargetTriple().str() + " " + TM.getTargetCPU() + " " +
          TM.getTargetFeatureString())
      .str();
}

Error prepareModule(Module &M, TargetMachine &TM, const CodeGenOptions &Opts) {
  DataLayout DL = TM.createDataLayout();
  if (!M.getDataLayoutStr().empty() && M.getDataLayout() != DL)
    return createStringError("module '%s' has data layout '%s', the target "
                             "needs '%s'",
                             M.getModuleIdentifier().c_str(),
                             M.getDataLayoutStr().c_str(),
                             DL.getStringRepresentation().c_str());
  M.setDataLayout(DL);
  M.setTargetTriple(TM.getTargetTriple());
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    // Without it, idiom recognition may turn a copy loop into a memcpy
    // call, and the library has no libc to call.
    F.addFnAttr("no-builtins");
    if (Opts.FramePointers)
      F.addFnAttr("frame-pointer", "all");
  }
  return Error::success();
}

} // namespace wasmaot
