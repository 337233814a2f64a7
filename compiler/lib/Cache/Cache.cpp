//===- Cache.cpp - The content-addressed artifact cache -------------------===//

#include "wasmaot/Cache/Cache.h"
#include "wasmaot/Cache/RunIndex.h"

#include "wasmaot/artifact.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CachePruning.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;

namespace wasmaot {

// Entries are named CacheEntryPrefix* (LLVM's CachePruning touches no other
// file), writes in progress CacheTempPrefix* (RunIndex.h).
static constexpr StringRef EntryPrefix = CacheEntryPrefix;
static constexpr StringRef TempPrefix = CacheTempPrefix;

CacheKey::CacheKey() { add(StringRef("wasm-aot artifact cache 1")); }

CacheKey &CacheKey::add(ArrayRef<uint8_t> Field) {
  uint8_t Length[8];
  support::endian::write64le(Length, Field.size());
  Hasher.update(ArrayRef<uint8_t>(Length));
  Hasher.update(Field);
  return *this;
}

CacheKey &CacheKey::add(StringRef Field) {
  return add(arrayRefFromStringRef(Field));
}

CacheKey &CacheKey::add(uint64_t Field) {
  uint8_t Bytes[8];
  support::endian::write64le(Bytes, Field);
  return add(ArrayRef<uint8_t>(Bytes));
}

std::string CacheKey::hex() {
  return toHex(Hasher.result(), /*LowerCase=*/true);
}

Expected<uint64_t> parseSize(StringRef Text) {
  StringRef Digits = Text.take_while(isDigit);
  StringRef Suffix = Text.drop_front(Digits.size());
  uint64_t Value;
  if (Digits.getAsInteger(10, Value))
    return createStringError("'%s' is not a size (such as 512M or 2G)",
                             Text.str().c_str());
  unsigned Shift = StringSwitch<unsigned>(Suffix.lower())
                       .Cases({"", "b"}, 0)
                       .Cases({"k", "kb", "kib"}, 10)
                       .Cases({"m", "mb", "mib"}, 20)
                       .Cases({"g", "gb", "gib"}, 30)
                       .Cases({"t", "tb", "tib"}, 40)
                       .Default(64);
  if (Shift == 64 || (Shift && Value >> (64 - Shift)))
    return createStringError("'%s' is not a size (such as 512M or 2G)",
                             Text.str().c_str());
  return Value << Shift;
}

ArtifactCache::ArtifactCache(std::string Directory, uint64_t MaxBytes)
    : Dir(std::move(Directory)), MaxBytes(MaxBytes) {}

std::string ArtifactCache::entryPath(StringRef Key) const {
  return cacheEntryFile(Dir, Key);
}

Error ArtifactCache::create() {
  if (std::error_code EC = sys::fs::create_directories(
          Dir, /*IgnoreExisting=*/true, sys::fs::owner_all))
    return createStringError(EC, "cannot create cache directory '%s': %s",
                             Dir.c_str(), EC.message().c_str());
  return Error::success();
}

Expected<std::unique_ptr<MemoryBuffer>> ArtifactCache::lookup(StringRef Key) {
  std::string Path = entryPath(Key);
  Expected<sys::fs::file_t> FD = sys::fs::openNativeFileForRead(Path);
  if (!FD) {
    std::error_code EC = errorToErrorCode(FD.takeError());
    if (EC == std::errc::no_such_file_or_directory)
      return nullptr;
    return createStringError(EC, "cannot read cache entry '%s': %s",
                             Path.c_str(), EC.message().c_str());
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getOpenFile(*FD, Path, /*FileSize=*/-1,
                                /*RequiresNullTerminator=*/false);
  // Least recently *used*: atime as relatime keeps it is too coarse.
  sys::fs::file_status Status;
  if (!sys::fs::status(*FD, Status))
    (void)sys::fs::setLastAccessAndModificationTime(
        *FD, std::chrono::system_clock::now(),
        Status.getLastModificationTime());
  sys::fs::closeFile(*FD);
  if (!Buffer)
    return createStringError(Buffer.getError(),
                             "cannot read cache entry '%s': %s", Path.c_str(),
                             Buffer.getError().message().c_str());
  return std::move(*Buffer);
}

Error ArtifactCache::store(StringRef Key, StringRef Bytes) {
  SmallString<128> Model(Dir);
  sys::path::append(Model, TempPrefix + "%%%%%%%%%%%%.part");
  int FD;
  SmallString<128> Temp;
  if (std::error_code EC = sys::fs::createUniqueFile(Model, FD, Temp))
    return createStringError(EC, "cannot write to cache directory '%s': %s",
                             Dir.c_str(), EC.message().c_str());
  std::error_code EC;
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Bytes;
    OS.close();
    EC = OS.error();
    OS.clear_error();
  }
  if (!EC)
    EC = sys::fs::rename(Temp, entryPath(Key));
  if (EC) {
    sys::fs::remove(Temp);
    return createStringError(EC, "cannot write to cache directory '%s': %s",
                             Dir.c_str(), EC.message().c_str());
  }
  return pruneWith(std::chrono::minutes(20));
}

Error ArtifactCache::remove(StringRef Key) {
  std::string Path = entryPath(Key);
  if (std::error_code EC = sys::fs::remove(Path))
    return createStringError(EC, "cannot remove cache entry '%s': %s",
                             Path.c_str(), EC.message().c_str());
  return Error::success();
}

/// Calls F(path, status) for each file of Dir whose name starts with Prefix.
template <typename Fn>
static Error forEachFile(StringRef Dir, StringRef Prefix, Fn F) {
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC;
       I.increment(EC)) {
    if (!sys::path::filename(I->path()).starts_with(Prefix))
      continue;
    ErrorOr<sys::fs::basic_file_status> Status = I->status();
    if (Status && Status->type() == sys::fs::file_type::regular_file)
      F(I->path(), *Status);
  }
  if (EC && EC != std::errc::no_such_file_or_directory)
    return createStringError(EC, "cannot list cache directory '%s': %s",
                             Dir.str().c_str(), EC.message().c_str());
  return Error::success();
}

Expected<CacheStats> ArtifactCache::stats() const {
  CacheStats S;
  if (Error E =
          forEachFile(Dir, EntryPrefix,
                      [&](StringRef Path,
                          const sys::fs::basic_file_status &St) {
                        ++(isRunIndexFile(sys::path::filename(Path))
                               ? S.RunIndexFiles
                               : S.Entries);
                        S.Bytes += St.getSize();
                      }))
    return std::move(E);
  if (Error E = forEachFile(Dir, TempPrefix,
                            [&](StringRef, const sys::fs::basic_file_status &) {
                              ++S.TempFiles;
                            }))
    return std::move(E);
  return S;
}

Error ArtifactCache::pruneWith(std::optional<std::chrono::seconds> Interval) {
  if (!sys::fs::is_directory(Dir))
    return Error::success();
  // Temporary files of writers that died: a live writer finishes in far
  // less than an hour.
  auto Stale = std::chrono::system_clock::now() - std::chrono::hours(1);
  std::vector<std::string> Dead;
  if (Error E = forEachFile(
          Dir, TempPrefix,
          [&](StringRef Path, const sys::fs::basic_file_status &St) {
            if (St.getLastModificationTime() < Stale)
              Dead.push_back(Path.str());
          }))
    return E;
  for (const std::string &Path : Dead)
    sys::fs::remove(Path);
  CachePruningPolicy Policy;
  Policy.Interval = Interval;
  Policy.Expiration = std::chrono::hours(30 * 24);
  Policy.MaxSizeBytes = MaxBytes;
  pruneCache(Dir, Policy);
  return Error::success();
}

Error ArtifactCache::prune() { return pruneWith(std::chrono::seconds(0)); }

Error ArtifactCache::clear() {
  std::vector<std::string> Files;
  auto Collect = [&](StringRef Path, const sys::fs::basic_file_status &) {
    Files.push_back(Path.str());
  };
  if (Error E = forEachFile(Dir, EntryPrefix, Collect))
    return E;
  if (Error E = forEachFile(Dir, TempPrefix, Collect))
    return E;
  for (const std::string &Path : Files)
    if (std::error_code EC = sys::fs::remove(Path))
      return createStringError(EC, "cannot remove '%s': %s", Path.c_str(),
                               EC.message().c_str());
  return Error::success();
}

} // namespace wasmaot
