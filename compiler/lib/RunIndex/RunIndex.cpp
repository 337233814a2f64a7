//===- RunIndex.cpp - Find a module's cached artifact without LLVM --------===//

#include "wasmaot/Cache/RunIndex.h"

#include "wasmaot/artifact.h"

#include <xxhash.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#else
#include <sys/auxv.h>
#include <sys/utsname.h>
#endif

namespace wasmaot {

namespace {

constexpr std::string_view IndexInfix = "run-";
constexpr std::string_view IndexSuffix = ".index";
/// An index file holds one artifact key: lowercase hex, of this length.
constexpr size_t ArtifactKeyLength = 64;

std::optional<std::string> getEnv(const char *Name) {
  const char *Value = std::getenv(Name);
  if (!Value)
    return std::nullopt;
  return std::string(Value);
}

std::string indexFile(std::string_view Dir, std::string_view IndexKey) {
  std::string Name(CacheEntryPrefix);
  Name.append(IndexInfix).append(IndexKey).append(IndexSuffix);
  return joinPath(Dir, Name);
}

bool isLowerHex(std::string_view S) {
  for (char C : S)
    if (!((C >= '0' && C <= '9') || (C >= 'a' && C <= 'f')))
      return false;
  return true;
}

/// A hash of length-prefixed fields, so that no two field lists collide by
/// concatenation.
class FieldHasher {
public:
  FieldHasher() : State(XXH3_createState()) { XXH3_128bits_reset(State); }
  ~FieldHasher() { XXH3_freeState(State); }
  FieldHasher(const FieldHasher &) = delete;
  FieldHasher &operator=(const FieldHasher &) = delete;

  FieldHasher &add(std::string_view Field) {
    uint8_t Length[8];
    for (int I = 0; I < 8; ++I)
      Length[I] = static_cast<uint8_t>(uint64_t(Field.size()) >> (8 * I));
    XXH3_128bits_update(State, Length, sizeof Length);
    XXH3_128bits_update(State, Field.data(), Field.size());
    return *this;
  }

  std::string hex() const {
    XXH128_canonical_t Digest;
    XXH128_canonicalFromHash(&Digest, XXH3_128bits_digest(State));
    static const char Digits[] = "0123456789abcdef";
    std::string Hex;
    for (unsigned char Byte : Digest.digest) {
      Hex += Digits[Byte >> 4];
      Hex += Digits[Byte & 15];
    }
    return Hex;
  }

private:
  XXH3_state_t *State;
};

} // namespace

std::string joinPath(std::string_view Dir, std::string_view Name) {
  std::string Path(Dir);
  if (!Path.empty() && Path.back() != '/')
    Path += '/';
  Path.append(Name);
  return Path;
}

std::string findCacheDirectory(std::string_view Flag) {
  if (!Flag.empty())
    return std::string(Flag);
  if (std::optional<std::string> Env = getEnv("WASM_AOT_CACHE_DIR");
      Env && !Env->empty())
    return *Env;
  std::string Base;
  if (std::optional<std::string> XDG = getEnv("XDG_CACHE_HOME");
      XDG && !XDG->empty() && XDG->front() == '/') {
    Base = *XDG;
  } else if (std::optional<std::string> Home = getEnv("HOME")) {
    Base = joinPath(*Home, ".cache");
  } else {
    struct passwd Entry, *Found = nullptr;
    char Buffer[4096];
    if (getpwuid_r(getuid(), &Entry, Buffer, sizeof Buffer, &Found) != 0 ||
        !Found || !Found->pw_dir)
      return "";
    Base = joinPath(Found->pw_dir, ".cache");
  }
  return joinPath(Base, "wasm-aot");
}

std::string cacheEntryFile(std::string_view Dir, std::string_view Key) {
  std::string Name(CacheEntryPrefix);
  Name.append(Key).append(WASMAOT_ARTIFACT_EXTENSION);
  return joinPath(Dir, Name);
}

std::string compilerBuildId(std::string_view Version,
                            const std::string &CompilerExecutable) {
  std::string Id(Version);
  struct stat Status;
  if (!CompilerExecutable.empty() &&
      stat(CompilerExecutable.c_str(), &Status) == 0)
    Id += " " + std::to_string(static_cast<uint64_t>(Status.st_size)) + " " +
          std::to_string(static_cast<int64_t>(Status.st_mtim.tv_sec));
  return Id;
}

std::string hostCPUSignature() {
  std::string Signature;
  auto Append = [&](uint32_t Word) {
    char Hex[10];
    std::snprintf(Hex, sizeof Hex, "%08x ", Word);
    Signature += Hex;
  };
#if defined(__x86_64__) || defined(__i386__)
  // Leaf 1's EBX holds the APIC ID, different on every core: left out.
  unsigned A, B, C, D;
  unsigned MaxLeaf = __get_cpuid_max(0, nullptr);
  __cpuid(0, A, B, C, D);
  Append(B), Append(D), Append(C);
  if (MaxLeaf >= 1) {
    __cpuid(1, A, B, C, D);
    Append(A), Append(C), Append(D);
    if (C & (1u << 27)) { // OSXSAVE: which register states the OS saves.
      uint32_t XCR0Low, XCR0High;
      __asm__("xgetbv" : "=a"(XCR0Low), "=d"(XCR0High) : "c"(0));
      Append(XCR0Low), Append(XCR0High);
    }
  }
  if (MaxLeaf >= 7) {
    __cpuid_count(7, 0, A, B, C, D);
    Append(B), Append(C), Append(D);
    __cpuid_count(7, 1, A, B, C, D);
    Append(A), Append(B), Append(D);
  }
  if (__get_cpuid_max(0x80000000u, nullptr) >= 0x80000001u) {
    __cpuid(0x80000001u, A, B, C, D);
    Append(C), Append(D);
  }
#else
  struct utsname Name;
  if (uname(&Name) == 0)
    Signature += std::string(Name.machine) + " ";
  Append(static_cast<uint32_t>(getauxval(AT_HWCAP)));
  Append(static_cast<uint32_t>(uint64_t(getauxval(AT_HWCAP)) >> 32));
  Append(static_cast<uint32_t>(getauxval(AT_HWCAP2)));
  Append(static_cast<uint32_t>(uint64_t(getauxval(AT_HWCAP2)) >> 32));
#endif
  return Signature;
}

std::string runIndexKey(std::string_view Wasm, unsigned OptLevel,
                        std::string_view CompilerBuild) {
  FieldHasher Hasher;
  Hasher.add("wasm-aot run index 1")
      .add(CompilerBuild)
      .add(hostCPUSignature())
      .add(std::to_string(OptLevel))
      .add(Wasm);
  return Hasher.hex();
}

bool isRunIndexFile(std::string_view FileName) {
  return FileName.starts_with(CacheEntryPrefix) &&
         FileName.substr(CacheEntryPrefix.size()).starts_with(IndexInfix) &&
         FileName.ends_with(IndexSuffix);
}

void touchCacheFile(int FD) {
  const struct timespec Times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  (void)futimens(FD, Times);
}

std::optional<std::string> readRunIndex(std::string_view Dir,
                                        std::string_view IndexKey) {
  std::string Path = indexFile(Dir, IndexKey);
  int FD = open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (FD < 0)
    return std::nullopt;
  char Buffer[ArtifactKeyLength + 1];
  ssize_t Read = read(FD, Buffer, sizeof Buffer);
  if (Read == static_cast<ssize_t>(ArtifactKeyLength))
    touchCacheFile(FD);
  close(FD);
  std::string_view Key(Buffer, Read > 0 ? static_cast<size_t>(Read) : 0);
  if (Key.size() != ArtifactKeyLength || !isLowerHex(Key))
    return std::nullopt;
  return std::string(Key);
}

bool writeRunIndex(std::string_view Dir, std::string_view IndexKey,
                   std::string_view ArtifactKey) {
  if (ArtifactKey.size() != ArtifactKeyLength || !isLowerHex(ArtifactKey))
    return false;
  std::string Temp = joinPath(Dir, std::string(CacheTempPrefix) +
                                       "XXXXXX" + std::string(IndexSuffix));
  int FD = mkostemps(Temp.data(), static_cast<int>(IndexSuffix.size()),
                     O_CLOEXEC);
  if (FD < 0)
    return false;
  bool Written = write(FD, ArtifactKey.data(), ArtifactKey.size()) ==
                 static_cast<ssize_t>(ArtifactKey.size());
  Written &= close(FD) == 0;
  if (Written && rename(Temp.c_str(), indexFile(Dir, IndexKey).c_str()) == 0)
    return true;
  unlink(Temp.c_str());
  return false;
}

} // namespace wasmaot
