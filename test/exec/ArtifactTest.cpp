// ArtifactTest.cpp - .wasmaot artifacts: the header written by the compiler
// and read by the runtime, loading from a file and from memory, and every
// refusal of the loader (which must come before anything is mapped).

#include "ExecTestUtil.h"

#include "Artifact.h" // the runtime's internals: the fallback loader

#include "wasmaot/Cache/Artifact.h"
#include "wasmaot/CodeGen/CodeGen.h"
#include "wasmaot/artifact.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Target/TargetMachine.h"

#include <fstream>
#include <iterator>
#include <link.h>

using namespace wasmaot::test;

namespace {

const char *const AddWat = R"((module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (global $g (mut i32) (i32.const 0))
  (func (export "bump") (result i32)
    global.get $g i32.const 1 i32.add global.set $g global.get $g)))";

std::string readFile(const std::string &Path) {
  std::ifstream F(Path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(F), {});
}

void writeFile(const std::string &Path, const std::string &Bytes) {
  std::ofstream F(Path, std::ios::binary);
  F << Bytes;
}

/// The host's description, as compile gives it.
wasmaot::ArtifactDescription hostDescription() {
  wasmaot::CodeGenOptions CG;
  auto TM = wasmaot::createTargetMachine(CG);
  EXPECT_TRUE(bool(TM));
  if (!TM) {
    llvm::consumeError(TM.takeError());
    return {};
  }
  return wasmaot::describeArtifact(**TM, 2, {});
}

/// The library of AddWat (compiled once) in an artifact made from Desc.
std::string artifactOf(const wasmaot::ArtifactDescription &Desc) {
  static std::string Library = readFile(compileWat(AddWat));
  auto Bytes = wasmaot::encodeArtifact(Desc, Library);
  EXPECT_TRUE(bool(Bytes));
  if (!Bytes) {
    llvm::consumeError(Bytes.takeError());
    return "";
  }
  return *Bytes;
}

std::string hostArtifact() {
  static std::string Bytes = artifactOf(hostDescription());
  return Bytes;
}

int countLoaded(dl_phdr_info *, size_t, void *N) {
  ++*static_cast<int *>(N);
  return 0;
}
int loadedObjects() {
  int N = 0;
  dl_iterate_phdr(countLoaded, &N);
  return N;
}

/// Loads Bytes from memory; expects a refusal whose message contains Want,
/// with nothing new mapped.
void expectRefused(const std::string &Bytes, const std::string &Want) {
  int Before = loadedObjects();
  char *Error = nullptr;
  wasmaot_module *M = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  std::string Message = takeError(Error);
  EXPECT_EQ(M, nullptr);
  wasmaot_module_release(M);
  EXPECT_NE(Message.find(Want), std::string::npos)
      << "message: " << Message << "\nexpected: " << Want;
  EXPECT_EQ(loadedObjects(), Before);
}

TEST(Artifact, HeaderRoundTrip) {
  wasmaot::ArtifactDescription D;
  D.OptLevel = 3;
  D.Triple = "x86_64-pc-linux-gnu";
  D.CPU = "znver4";
  D.Features = "+avx2,+sse4.2";
  for (size_t I = 0; I < D.Module.size(); ++I)
    D.Module[I] = uint8_t(I * 7);
  D.CompilerVersion = "9.8.7";
  D.LLVMVersion = "22.1.0";
  std::string Library(10000, 'x');
  auto Bytes = wasmaot::encodeArtifact(D, Library);
  ASSERT_TRUE(bool(Bytes)) << llvm::toString(Bytes.takeError());
  EXPECT_LT(Bytes->size(), Library.size()); // compressed

  wasmaot_artifact_info Info;
  char *Error = nullptr;
  ASSERT_EQ(
      wasmaot_artifact_verify(Bytes->data(), Bytes->size(), &Info, &Error), 0)
      << takeError(Error);
  EXPECT_EQ(Info.format_version, WASMAOT_ARTIFACT_FORMAT_VERSION);
  EXPECT_EQ(Info.abi_version, WASMAOT_ABI_VERSION);
  EXPECT_EQ(Info.opt_level, 3u);
  EXPECT_EQ(Info.library_size, Library.size());
  EXPECT_EQ(Info.header_size + Info.payload_size, Bytes->size());
  auto Str = [](const wasmaot_artifact_string &S) {
    return std::string(S.data, S.size);
  };
  EXPECT_EQ(Str(Info.triple), D.Triple);
  EXPECT_EQ(Str(Info.cpu), D.CPU);
  EXPECT_EQ(Str(Info.features), D.Features);
  EXPECT_EQ(Str(Info.compiler_version), "9.8.7");
  EXPECT_EQ(Str(Info.llvm_version), "22.1.0");
  EXPECT_EQ(0, memcmp(Info.module_hash, D.Module.data(), D.Module.size()));
  // The layout artifact.h documents, byte for byte.
  const uint8_t *P = reinterpret_cast<const uint8_t *>(Bytes->data());
  using llvm::support::endian::read32le;
  EXPECT_EQ(read32le(P), 0x184D2A5Au);
  EXPECT_EQ(read32le(P + 4) + 8u, Info.header_size);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(P + 8)), "WASMAOT");
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(P) +
                            WASMAOT_ARTIFACT_OFF_STRINGS,
                        5),
            "9.8.7");
}

TEST(Artifact, HeaderOfTheHost) {
  wasmaot::ArtifactDescription D = hostDescription();
  EXPECT_FALSE(D.Triple.empty());
  EXPECT_FALSE(D.CPU.empty());
  wasmaot_artifact_info Info;
  std::string Bytes = hostArtifact();
  char *Error = nullptr;
  ASSERT_EQ(wasmaot_artifact_decode(Bytes.data(), Bytes.size(), &Info, &Error),
            0)
      << takeError(Error);
  EXPECT_EQ(wasmaot_artifact_check_host(&Info, &Error), 0) << takeError(Error);
#if defined(__x86_64__)
  // The CPU's own features are listed, not only the explicit ones.
  EXPECT_NE(D.Features.find("+sse2"), std::string::npos) << D.Features;
  EXPECT_EQ(wasmaot_host_cpu_has("sse2"), 1);
#endif
  EXPECT_EQ(wasmaot_host_cpu_has("no-such-feature"), -1);
}

TEST(Artifact, LoadsFromMemoryAndFile) {
  std::string Bytes = hostArtifact();
  char *Error = nullptr;
  wasmaot_module *M = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  ASSERT_NE(M, nullptr) << takeError(Error);
  {
    Inst I(M);
    ASSERT_TRUE(I) << I.Error;
    EXPECT_EQ(I.i32("add", {I32(40), I32(2)}), 42);
  }
  wasmaot_module_release(M);
  // Nothing written to disk: the library is a memfd.
  std::string Path = tempPath(".wasmaot");
  writeFile(Path, Bytes);
  M = wasmaot_module_load_artifact(Path.c_str(), &Error);
  ASSERT_NE(M, nullptr) << takeError(Error);
  std::string Maps = readFile("/proc/self/maps");
  EXPECT_NE(Maps.find("memfd:wasmaot-library"), std::string::npos);
  {
    Inst I(M);
    ASSERT_TRUE(I) << I.Error;
    EXPECT_EQ(I.i32("add", {I32(1), I32(2)}), 3);
  }
  wasmaot_module_release(M);
}

TEST(Artifact, LoadsThroughAPrivateFileWithoutMemfd) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("wasmaot-tmpdir", Dir));
  std::string OldTmp = getenv("TMPDIR") ? getenv("TMPDIR") : "";
  setenv("TMPDIR", Dir.c_str(), 1);
  std::string Bytes = hostArtifact();
  char *Error = nullptr;
  wasmaot_module *M =
      wasmaot_artifact_load_via_file(Bytes.data(), Bytes.size(), &Error);
  if (OldTmp.empty())
    unsetenv("TMPDIR");
  else
    setenv("TMPDIR", OldTmp.c_str(), 1);
  ASSERT_NE(M, nullptr) << takeError(Error);
  // The file is gone (the mapping stays), and the module works.
  std::error_code EC;
  EXPECT_EQ(llvm::sys::fs::directory_iterator(Dir, EC),
            llvm::sys::fs::directory_iterator());
  {
    Inst I(M);
    ASSERT_TRUE(I) << I.Error;
    EXPECT_EQ(I.i32("add", {I32(20), I32(22)}), 42);
  }
  wasmaot_module_release(M);
  llvm::sys::fs::remove(Dir);
}

TEST(Artifact, TwoLoadsAreIndependent) {
  std::string Bytes = hostArtifact();
  char *Error = nullptr;
  wasmaot_module *A = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  ASSERT_NE(A, nullptr) << takeError(Error);
  wasmaot_module *B = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  ASSERT_NE(B, nullptr) << takeError(Error);
  // Two libraries, not one loaded twice (dlopen would share one by path).
  EXPECT_NE(wasmaot_module_get_descriptor(A), wasmaot_module_get_descriptor(B));
  {
    Inst IA(A), IB(B);
    ASSERT_TRUE(IA && IB);
    EXPECT_EQ(IA.i32("bump"), 1);
    EXPECT_EQ(IA.i32("bump"), 2);
    EXPECT_EQ(IB.i32("bump"), 1);
  }
  wasmaot_module_release(A);
  // B works on after A is gone, and a new load after that too (its memfd may
  // take A's fd number and so A's /proc path).
  wasmaot_module *C = wasmaot_module_load_artifact_from_memory(
      Bytes.data(), Bytes.size(), &Error);
  ASSERT_NE(C, nullptr) << takeError(Error);
  {
    Inst IB(B), IC(C);
    ASSERT_TRUE(IB && IC);
    EXPECT_EQ(IB.i32("add", {I32(2), I32(3)}), 5);
    EXPECT_EQ(IC.i32("add", {I32(4), I32(3)}), 7);
  }
  wasmaot_module_release(B);
  wasmaot_module_release(C);
}

TEST(Artifact, RefusesEmpty) {
  expectRefused("", "not a WasmAOT artifact");
  std::string Path = tempPath(".wasmaot");
  writeFile(Path, "");
  char *Error = nullptr;
  EXPECT_EQ(wasmaot_module_load_artifact(Path.c_str(), &Error), nullptr);
  EXPECT_NE(takeError(Error).find("not a WasmAOT artifact"), std::string::npos);
}

TEST(Artifact, RefusesTruncated) {
  std::string Bytes = hostArtifact();
  wasmaot_artifact_info Info;
  ASSERT_EQ(wasmaot_artifact_decode(Bytes.data(), Bytes.size(), &Info, nullptr),
            0);
  for (size_t Size : {size_t(20), size_t(WASMAOT_ARTIFACT_FIXED_SIZE - 1),
                      size_t(Info.header_size - 1), size_t(Info.header_size),
                      size_t(Info.header_size + 10), Bytes.size() - 1})
    expectRefused(Bytes.substr(0, Size), "truncated");
  expectRefused(Bytes + "x", "after the payload");
}

TEST(Artifact, RefusesFlippedPayloadByte) {
  std::string Bytes = hostArtifact();
  wasmaot_artifact_info Info;
  ASSERT_EQ(wasmaot_artifact_decode(Bytes.data(), Bytes.size(), &Info, nullptr),
            0);
  for (size_t At :
       {size_t(Info.header_size), Bytes.size() / 2 + 20, Bytes.size() - 1}) {
    std::string Bad = Bytes;
    Bad[At] ^= 0x10;
    expectRefused(Bad, "corrupt artifact (payload CRC-32");
  }
}

TEST(Artifact, RefusesACorruptHeader) {
  std::string Bytes = hostArtifact();
  wasmaot_artifact_info Info;
  ASSERT_EQ(wasmaot_artifact_decode(Bytes.data(), Bytes.size(), &Info, nullptr),
            0);
  // A feature dropped, the level, the module hash: all within the header.
  for (size_t At : {size_t(Info.features.data - Bytes.data()) + 1,
                    size_t(WASMAOT_ARTIFACT_OFF_OPT_LEVEL),
                    size_t(WASMAOT_ARTIFACT_OFF_MODULE_HASH + 5)}) {
    std::string Bad = Bytes;
    Bad[At] ^= 0x01;
    expectRefused(Bad, "corrupt artifact header (CRC-32");
  }
}

TEST(Artifact, RefusesWrongMagic) {
  std::string Bytes = hostArtifact();
  std::string Bad = Bytes;
  Bad[9] = 'X'; // "WXSMAOT"
  expectRefused(Bad, "not a WasmAOT artifact (bad magic)");
  Bad = Bytes;
  Bad[0] = 0x50; // another skippable frame
  expectRefused(Bad, "not a WasmAOT artifact (bad magic)");
  expectRefused(std::string("\0asm\1\0\0\0", 8), "not a WasmAOT artifact");
}

TEST(Artifact, RefusesAnotherFormatVersion) {
  std::string Bad = hostArtifact();
  Bad[WASMAOT_ARTIFACT_OFF_FORMAT_VERSION] += 1;
  expectRefused(Bad, "artifact format version");
}

TEST(Artifact, RefusesAnotherABIVersion) {
  wasmaot::ArtifactDescription D = hostDescription();
  D.ABIVersion = WASMAOT_ABI_VERSION + 1;
  expectRefused(artifactOf(D), "compiled for ABI version");
}

TEST(Artifact, RefusesAnotherTarget) {
  wasmaot::ArtifactDescription D = hostDescription();
#if defined(__x86_64__)
  D.Triple = "aarch64-unknown-linux-gnu";
#else
  D.Triple = "x86_64-pc-linux-gnu";
#endif
  expectRefused(artifactOf(D), "compiled for target " + D.Triple);
  D = hostDescription();
  D.Triple.replace(D.Triple.find("linux"), 5, "windows");
  expectRefused(artifactOf(D), "compiled for target");
}

TEST(Artifact, RefusesMissingCPUFeature) {
  const char *Missing = nullptr;
  for (const char *F : {"fma4", "xop", "avx512vp2intersect", "sse4a", "avx512f",
                        "avx512bf16", "avx2", "sha"})
    if (wasmaot_host_cpu_has(F) == 0) {
      Missing = F;
      break;
    }
  if (!Missing)
    GTEST_SKIP() << "this CPU has every feature the test could ask for";
  wasmaot::ArtifactDescription D = hostDescription();
  D.Features += std::string(",+") + Missing;
  expectRefused(artifactOf(D),
                std::string("feature '") + Missing + "', which this CPU lacks");
}

TEST(Artifact, RefusesPlainSharedLibrary) {
  std::string Library = compileWat(AddWat);
  char *Error = nullptr;
  int Before = loadedObjects();
  EXPECT_EQ(wasmaot_module_load_artifact(Library.c_str(), &Error), nullptr);
  EXPECT_NE(takeError(Error).find("not a WasmAOT artifact"), std::string::npos);
  EXPECT_EQ(loadedObjects(), Before);
  EXPECT_EQ(wasmaot_module_load_artifact("/nonexistent.wasmaot", &Error),
            nullptr);
  EXPECT_NE(takeError(Error).find("cannot open"), std::string::npos);
}

} // namespace
