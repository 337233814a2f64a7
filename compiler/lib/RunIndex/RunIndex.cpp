//===- RunIndex.cpp - Find a module's cached artifact without LLVM --------===//

#include "wasmaot/Cache/RunIndex.h"

#include "wasmaot/artifact.h"

#include "llvm-c/blake3.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

std::string toHex(const uint8_t *Bytes, size_t Size) {
  static const char Digits[] = "0123456789abcdef";
  std::string Hex;
  for (size_t I = 0; I < Size; ++I) {
    Hex += Digits[Bytes[I] >> 4];
    Hex += Digits[Bytes[I] & 15];
  }
  return Hex;
}

/// A BLAKE3 of length-prefixed fields, so that no two field lists collide
/// by concatenation.
class FieldHasher {
public:
  FieldHasher() { llvm_blake3_hasher_init(&State); }

  FieldHasher &add(std::string_view Field) {
    uint8_t Length[8];
    for (int I = 0; I < 8; ++I)
      Length[I] = static_cast<uint8_t>(uint64_t(Field.size()) >> (8 * I));
    llvm_blake3_hasher_update(&State, Length, sizeof Length);
    llvm_blake3_hasher_update(&State, Field.data(), Field.size());
    return *this;
  }

  std::string hex() const {
    uint8_t Digest[LLVM_BLAKE3_OUT_LEN];
    llvm_blake3_hasher_finalize(&State, Digest, sizeof Digest);
    return toHex(Digest, sizeof Digest);
  }

private:
  llvm_blake3_hasher State;
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
  auto AddFile = [&](const char *Path) {
    struct stat Status;
    if (Path && *Path && stat(Path, &Status) == 0)
      Id += " " + std::to_string(static_cast<uint64_t>(Status.st_size)) +
            " " + std::to_string(static_cast<int64_t>(Status.st_mtim.tv_sec));
  };
  AddFile(CompilerExecutable.c_str());
#ifdef WASMAOT_LLVM_LIBRARY
  // An updated libLLVM may see the host or make code differently.
  AddFile(WASMAOT_LLVM_LIBRARY);
#endif
  return Id;
}

ModuleDigest digestModule(std::string_view Wasm) {
  llvm_blake3_hasher Hasher;
  llvm_blake3_hasher_init(&Hasher);
  llvm_blake3_hasher_update(&Hasher, Wasm.data(), Wasm.size());
  ModuleDigest Digest;
  llvm_blake3_hasher_finalize(&Hasher, Digest.data(), Digest.size());
  return Digest;
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
  // The leaves LLVM's host feature detection reads.
  auto Leaf = [&](unsigned Index, unsigned Sub) {
    if (Index <= MaxLeaf) {
      __cpuid_count(Index, Sub, A, B, C, D);
      Append(A), Append(B), Append(C), Append(D);
    }
  };
  Leaf(7, 0), Leaf(7, 1), Leaf(0xD, 1), Leaf(0x14, 0), Leaf(0x19, 0),
      Leaf(0x24, 0);
  unsigned MaxExtended = __get_cpuid_max(0x80000000u, nullptr);
  if (MaxExtended >= 0x80000001u) {
    __cpuid(0x80000001u, A, B, C, D);
    Append(C), Append(D);
  }
  if (MaxExtended >= 0x80000008u) {
    __cpuid(0x80000008u, A, B, C, D);
    Append(B);
  }
#else
  struct utsname Name;
  if (uname(&Name) == 0)
    Signature += std::string(Name.machine) + " ";
  Append(static_cast<uint32_t>(getauxval(AT_HWCAP)));
  Append(static_cast<uint32_t>(uint64_t(getauxval(AT_HWCAP)) >> 32));
  Append(static_cast<uint32_t>(getauxval(AT_HWCAP2)));
  Append(static_cast<uint32_t>(uint64_t(getauxval(AT_HWCAP2)) >> 32));
#ifdef AT_HWCAP3
  Append(static_cast<uint32_t>(getauxval(AT_HWCAP3)));
#endif
  // The CPU's model, which LLVM's host CPU name comes from (AArch64).
  if (std::FILE *MIDR = std::fopen(
          "/sys/devices/system/cpu/cpu0/regs/identification/midr_el1", "r")) {
    char Line[64] = {};
    if (std::fgets(Line, sizeof Line, MIDR))
      Signature += Line;
    std::fclose(MIDR);
  }
#endif
  return Signature;
}

std::string runIndexKey(const ModuleDigest &Module, unsigned OptLevel,
                        std::string_view CompilerBuild) {
  FieldHasher Hasher;
  Hasher.add("wasm-aot run index 2")
      .add(CompilerBuild)
      .add(hostCPUSignature())
      .add(std::to_string(OptLevel))
      .add(std::string_view(reinterpret_cast<const char *>(Module.data()),
                            Module.size()));
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
