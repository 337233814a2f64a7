//===- Linker.cpp - Objects to a shared library, with lld in-process ------===//

#include "wasmaot/CodeGen/Linker.h"

#include "wasmaot/abi.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace wasmaot {

namespace {

/// lld keeps its state in one process-wide context (lld::commonContext), so
/// only one link may run at a time. A link that crashed leaves it unusable
/// (lld::Result::canRunAgain); later links then fail instead of running.
struct LinkerState {
  std::mutex Mutex;
  bool Broken = false;
};

LinkerState &linkerState() {
  static LinkerState State;
  return State;
}

/// A directory removed, with its contents, when this goes out of scope.
struct TempDirectory {
  SmallString<128> Path;
  ~TempDirectory() {
    if (!Path.empty())
      sys::fs::remove_directories(Path);
  }
};

} // namespace

/// "3-name.o": the index keeps names unique, the identifier makes lld's
/// messages ("referenced by 3-name.o") say which object is meant.
static std::string objectFileName(size_t Index, StringRef Identifier) {
  std::string Name = std::to_string(Index) + "-";
  StringRef Base = sys::path::filename(Identifier);
  Base.consume_back(".o");
  for (char C : Base.take_front(48))
    Name += isAlnum(C) || C == '.' || C == '_' || C == '-' ? C : '_';
  return Name + ".o";
}

static Error writeFile(StringRef Path, StringRef Contents) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (!EC) {
    OS << Contents;
    OS.close();
    EC = OS.error();
  }
  if (EC)
    return createStringError(EC, "cannot write '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  return Error::success();
}

/// Reads Obj the way lld will. lld stops the whole process (its fatal())
/// on a malformed object unless crash recovery is enabled, so a damaged
/// buffer is better caught here, as an error.
static Error checkObject(MemoryBufferRef Obj) {
  auto Fail = [&](Error E) {
    return createStringError("'%s' is not a valid ELF object: %s",
                             Obj.getBufferIdentifier().str().c_str(),
                             toString(std::move(E)).c_str());
  };
  if (identify_magic(Obj.getBuffer()) != file_magic::elf_relocatable)
    return createStringError("'%s' is not an ELF relocatable object",
                             Obj.getBufferIdentifier().str().c_str());
  Expected<std::unique_ptr<object::ObjectFile>> File =
      object::ObjectFile::createELFObjectFile(Obj);
  if (!File)
    return Fail(File.takeError());
  for (const object::SectionRef &S : (*File)->sections()) {
    if (Expected<StringRef> Name = S.getName(); !Name)
      return Fail(Name.takeError());
    if (Expected<StringRef> Contents = S.getContents(); !Contents)
      return Fail(Contents.takeError());
    if (Expected<object::section_iterator> Target = S.getRelocatedSection();
        !Target)
      return Fail(Target.takeError());
  }
  for (const object::SymbolRef &Sym : (*File)->symbols()) {
    if (Expected<StringRef> Name = Sym.getName(); !Name)
      return Fail(Name.takeError());
    if (Expected<object::section_iterator> Sec = Sym.getSection(); !Sec)
      return Fail(Sec.takeError());
  }
  return Error::success();
}

/// Exports Symbols, hides the rest. Quoted names are matched literally, not
/// as glob patterns.
static std::string versionScript(ArrayRef<std::string> Symbols) {
  std::string Script = "{\n  global:\n";
  for (const std::string &S : Symbols)
    Script += "    \"" + S + "\";\n";
  Script += "  local:\n    *;\n};\n";
  return Script;
}

Error linkSharedLibrary(ArrayRef<MemoryBufferRef> Objects, StringRef OutputPath,
                        const LinkOptions &Opts) {
  if (Objects.empty())
    return createStringError("no objects to link into '%s'",
                             OutputPath.str().c_str());
  // lld would read anything that is not an object as a linker script.
  for (MemoryBufferRef Obj : Objects)
    if (Error E = checkObject(Obj))
      return E;

  // lld reads its inputs from files: give them a private directory.
  TempDirectory Temp;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("wasmaot-link", Temp.Path))
    return createStringError(EC, "cannot create a temporary directory: %s",
                             EC.message().c_str());
  StringRef Dir = Temp.Path;

  std::vector<std::string> Files;
  for (size_t I = 0; I != Objects.size(); ++I) {
    SmallString<128> Path(Dir);
    sys::path::append(Path,
                      objectFileName(I, Objects[I].getBufferIdentifier()));
    if (Error E = writeFile(Path, Objects[I].getBuffer()))
      return E;
    Files.push_back(std::string(Path));
  }
  SmallString<128> ScriptPath(Dir);
  sys::path::append(ScriptPath, "exports.map");
  std::vector<std::string> Exported = Opts.ExportedSymbols;
  if (Exported.empty())
    Exported.push_back(WASMAOT_DESCRIPTOR_SYMBOL);
  if (Error E = writeFile(ScriptPath, versionScript(Exported)))
    return E;

  unsigned Threads = Opts.Threads
                         ? Opts.Threads
                         : llvm::hardware_concurrency().compute_thread_count();
  std::string OutputArg = OutputPath.str();
  std::string ScriptArg = ("--version-script=" + ScriptPath).str();
  std::string ThreadsArg = "--threads=" + std::to_string(Threads);
  // clang-format off
  std::vector<const char *> Args = {
      "ld.lld", "-shared", "-o", OutputArg.c_str(),
      // No undefined symbols at all (the same as --no-undefined): whatever
      // generated code needs from the runtime it reaches through the
      // context, and a libc call slipping in is a bug to catch here.
      "-z", "defs",
      // Relocate everything at load time, then make it read-only.
      "-z", "now", "-z", "relro",
      "--hash-style=gnu", "--build-id=none",
      // So that unwinders find the frames' FDEs, should code have them.
      "--eh-frame-hdr",
      "-O1", "--gc-sections", ScriptArg.c_str(), ThreadsArg.c_str(),
      // No -lc, no crt files, no search paths: only what is named here.
  };
  // clang-format on
  for (const std::string &F : Files)
    Args.push_back(F.c_str());

  std::string Out, Diag;
  raw_string_ostream OutOS(Out), DiagOS(Diag);
  lld::Result R;
  {
    LinkerState &State = linkerState();
    std::lock_guard<std::mutex> Lock(State.Mutex);
    if (State.Broken)
      return createStringError("cannot link '%s': the linker crashed earlier "
                               "in this process and cannot run again",
                               OutputPath.str().c_str());
    R = lld::lldMain(Args, OutOS, DiagOS, {{lld::Gnu, &lld::elf::link}});
    if (!R.canRunAgain)
      State.Broken = true;
  }
  if (R.retCode == 0 && R.canRunAgain)
    return Error::success();

  // lld names the inputs by their temporary paths; the directory is gone by
  // the time anyone reads this, so show only the file names.
  std::string Message = Diag + Out;
  std::string Prefix = (Dir + "/").str();
  for (size_t Pos; (Pos = Message.find(Prefix)) != std::string::npos;)
    Message.erase(Pos, Prefix.size());
  StringRef Trimmed = StringRef(Message).trim();
  return createStringError("linking '%s' failed%s%s%s",
                           OutputPath.str().c_str(),
                           R.canRunAgain ? "" : " (the linker crashed)",
                           Trimmed.empty() ? "" : ":\n", Trimmed.str().c_str());
}

} // namespace wasmaot
