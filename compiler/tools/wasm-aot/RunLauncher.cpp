//===- RunLauncher.cpp - wasm-aot: runs compiled modules without LLVM -----===//
//
// The `wasm-aot` command. Loading libLLVM costs ~40 ms, ten times a native
// program's start-up, and `wasm-aot run` of a module already compiled needs
// none of LLVM: test bundles run as many short processes. So this program
// links only the runtime. It runs, itself, an artifact file or a .wasm whose
// artifact the run index (RunIndex.h) finds in the cache, when run is given
// only options it knows (-O, --dir, --env, --cache-dir, --verbose). For
// everything else (other subcommands and options, --invoke, a module not yet
// compiled, an artifact that does not load) it executes the compiler,
// wasm-aot-compiler beside it, with the same arguments, so that there is
// one implementation of each command and of each diagnostic.
//
//===----------------------------------------------------------------------===//

#include "RunWasi.h"

#include "wasmaot/Cache/RunIndex.h"
#include "wasmaot/artifact.h"
#include "wasmaot/wasmaot.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace wasmaot;

namespace {

constexpr const char *CompilerName = "wasm-aot-compiler";

/// The compiler's executable: beside this one (in the build tree and in an
/// installed bin/ alike). Empty if this one's own path is unknown.
std::string compilerPath() {
  char Self[PATH_MAX];
  ssize_t Length = readlink("/proc/self/exe", Self, sizeof Self);
  if (Length <= 0 || Length == static_cast<ssize_t>(sizeof Self))
    return "";
  std::string_view Dir(Self, static_cast<size_t>(Length));
  Dir = Dir.substr(0, Dir.rfind('/') + 1);
  return std::string(Dir) + CompilerName;
}

/// Hands the whole command to the compiler; returns only if it cannot run.
int execCompiler(char **Argv) {
  std::string Path = compilerPath();
  if (Path.empty()) {
    std::fprintf(stderr, "wasm-aot: cannot find %s (no /proc/self/exe)\n",
                 CompilerName);
    return 2;
  }
  execv(Path.c_str(), Argv);
  std::fprintf(stderr, "wasm-aot: cannot run the compiler '%s': %s\n",
               Path.c_str(), std::strerror(errno));
  return 2;
}

/// A run this program can do itself.
struct RunRequest {
  unsigned OptLevel = 2;
  std::vector<std::string> Dirs, Env;
  std::string CacheDir;
  bool Verbose = false;
  std::string Module;
  std::vector<std::string> Args; ///< The program's, after the module.
};

/// Parses run's arguments (after "run") as LLVM's command line would, for
/// the options RunRequest has; none if there is anything else, or anything
/// the compiler would refuse, so that it reports it.
std::optional<RunRequest> parseRun(int Argc, char **Argv) {
  RunRequest R;
  bool SeenLevel = false, SeenCacheDir = false, SeenVerbose = false;
  int I = 0;
  for (; I < Argc; ++I) {
    std::string_view Arg = Argv[I];
    if (Arg == "--") {
      ++I;
      break;
    }
    if (Arg.size() < 2 || Arg[0] != '-')
      break; // The module ("-", standard input, is the compiler's).
    std::string_view Option = Arg.substr(Arg[1] == '-' ? 2 : 1);
    if (Option.size() == 2 && Option[0] == 'O' && Arg[1] != '-' &&
        Option[1] >= '0' && Option[1] <= '3') {
      if (SeenLevel)
        return std::nullopt;
      SeenLevel = true;
      R.OptLevel = Option[1] - '0';
      continue;
    }
    if (Option == "verbose") {
      if (SeenVerbose)
        return std::nullopt;
      SeenVerbose = R.Verbose = true;
      continue;
    }
    // NAME=VALUE or NAME VALUE.
    std::string_view Name = Option.substr(0, Option.find('='));
    std::string Value;
    if (Name.size() < Option.size()) {
      Value = Option.substr(Name.size() + 1);
    } else {
      if (I + 1 >= Argc)
        return std::nullopt;
      Value = Argv[++I];
    }
    if (Name == "dir") {
      R.Dirs.push_back(Value);
    } else if (Name == "env") {
      R.Env.push_back(Value);
    } else if (Name == "cache-dir" && !SeenCacheDir) {
      SeenCacheDir = true;
      R.CacheDir = Value;
    } else {
      return std::nullopt;
    }
  }
  if (I >= Argc || Argv[I][0] == '\0' || std::string_view(Argv[I]) == "-")
    return std::nullopt;
  R.Module = Argv[I];
  R.Args.assign(Argv + I + 1, Argv + Argc);
  return R;
}

/// The whole of the regular file at Path; none if it cannot be read (or is
/// no regular file, or implausibly big for a module or artifact: the
/// compiler says so). With TouchAccess, its access time is refreshed (a
/// cache entry's recency).
std::optional<std::string> readFile(const std::string &Path,
                                    bool TouchAccess = false) {
  // Non-blocking: a FIFO is left unopened for the compiler to read.
  int FD = open(Path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (FD < 0)
    return std::nullopt;
  std::optional<std::string> Bytes;
  struct stat Status;
  constexpr off_t MaxBytes = off_t(1) << 32;
  if (fstat(FD, &Status) == 0 && S_ISREG(Status.st_mode) &&
      Status.st_size <= MaxBytes) {
    std::string Data(static_cast<size_t>(Status.st_size), '\0');
    size_t Done = 0;
    while (Done < Data.size()) {
      ssize_t N = read(FD, Data.data() + Done, Data.size() - Done);
      if (N <= 0)
        break;
      Done += static_cast<size_t>(N);
    }
    if (Done == Data.size()) {
      Bytes = std::move(Data);
      if (TouchAccess)
        touchCacheFile(FD);
    }
  }
  close(FD);
  return Bytes;
}

/// The loaded module of R: the artifact file itself, or the cached artifact
/// the run index names; null if the compiler should do it.
wasmaot_module *loadCompiled(const RunRequest &R) {
  char *Error = nullptr;
  wasmaot_module *Module = nullptr;
  std::optional<std::string> Bytes = readFile(R.Module);
  if (!Bytes)
    return nullptr;
  if (wasmaot_artifact_sniff(Bytes->data(), Bytes->size())) {
    Module = wasmaot_module_load_artifact_from_memory(Bytes->data(),
                                                      Bytes->size(), &Error);
  } else {
    std::string Dir = findCacheDirectory(R.CacheDir);
    if (Dir.empty())
      return nullptr;
    std::string Compiler = compilerPath();
    if (Compiler.empty())
      return nullptr;
    ModuleDigest Digest = digestModule(*Bytes);
    std::optional<std::string> Key = readRunIndex(
        Dir, runIndexKey(Digest, R.OptLevel,
                         compilerBuildId(WASMAOT_VERSION, Compiler)));
    if (!Key)
      return nullptr;
    std::string Entry = cacheEntryFile(Dir, *Key);
    std::optional<std::string> Artifact =
        readFile(Entry, /*TouchAccess=*/true);
    // The artifact of this module, as the compiler checks a cache entry.
    wasmaot_artifact_info Info;
    if (!Artifact ||
        wasmaot_artifact_decode(Artifact->data(), Artifact->size(), &Info,
                                &Error) != 0 ||
        !std::equal(Digest.begin(), Digest.end(), Info.module_hash)) {
      wasmaot_error_free(Error);
      return nullptr;
    }
    Module = wasmaot_module_load_artifact_from_memory(
        Artifact->data(), Artifact->size(), &Error);
    if (Module && R.Verbose)
      std::fprintf(stderr, "wasm-aot: cache hit (run index): %s\n",
                   Entry.c_str());
  }
  wasmaot_error_free(Error); // The compiler says why, if it cannot either.
  return Module;
}

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 3 || std::string_view(Argv[1]) != "run")
    return execCompiler(Argv);
  // LLVM's command line expands @FILE arguments anywhere, the module's
  // included: the compiler's to do.
  for (int I = 2; I < Argc; ++I)
    if (Argv[I][0] == '@')
      return execCompiler(Argv);
  std::optional<RunRequest> R = parseRun(Argc - 2, Argv + 2);
  if (!R)
    return execCompiler(Argv);
  wasmaot_module *Module = loadCompiled(*R);
  if (!Module)
    return execCompiler(Argv);

  std::vector<std::string> WasiArgs{R->Module};
  WasiArgs.insert(WasiArgs.end(), R->Args.begin(), R->Args.end());
  WasiSession Wasi;
  if (int Exit = Wasi.init(R->Dirs, R->Env, WasiArgs))
    return Exit;
  wasmaot_instance *Instance = nullptr;
  if (int Exit = instantiateForRun(Wasi, Module, R->Module, Instance))
    return Exit;
  return runWasiStart(Wasi, Instance, R->Module);
}
