//===- Artifact.cpp - Writing .wasmaot artifacts --------------------------===//

#include "wasmaot/Cache/Artifact.h"

#include "wasmaot/artifact.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"
#include "llvm/Target/TargetMachine.h"

#include <zstd.h>

#include <algorithm>
#include <thread>

using namespace llvm;

namespace wasmaot {

ModuleHash hashModule(ArrayRef<uint8_t> Wasm) { return BLAKE3::hash(Wasm); }

std::string enabledFeatures(const TargetMachine &TM) {
  const MCSubtargetInfo *STI = TM.getMCSubtargetInfo();
  std::vector<std::string> Names;
  for (const SubtargetFeatureKV &KV : STI->getAllProcessorFeatures())
    if (STI->getFeatureBits().test(KV.Value))
      Names.push_back(std::string("+") + KV.Key);
  llvm::sort(Names);
  return join(Names, ",");
}

ArtifactDescription describeArtifact(const TargetMachine &TM, unsigned OptLevel,
                                     ArrayRef<uint8_t> Wasm) {
  ArtifactDescription D;
  D.OptLevel = OptLevel;
  D.Triple = TM.getTargetTriple().str();
  D.CPU = TM.getTargetCPU().str();
  D.Features = enabledFeatures(TM);
  D.Module = hashModule(Wasm);
  return D;
}

Expected<std::string> encodeArtifact(const ArtifactDescription &Desc,
                                     StringRef Library, int Level) {
  using namespace support::endian;
  StringRef Strings[] = {
      Desc.CompilerVersion.empty() ? StringRef(WASMAOT_COMPILER_VERSION)
                                   : StringRef(Desc.CompilerVersion),
      Desc.LLVMVersion.empty() ? StringRef(LLVM_VERSION_STRING)
                               : StringRef(Desc.LLVMVersion),
      Desc.Triple, Desc.CPU, Desc.Features};
  size_t HeaderSize = WASMAOT_ARTIFACT_FIXED_SIZE;
  for (size_t I = 0; I != std::size(Strings); ++I) {
    if (I < 4 && Strings[I].size() > UINT16_MAX)
      return createStringError("artifact header: string too long");
    HeaderSize += Strings[I].size();
  }
  if (HeaderSize > WASMAOT_ARTIFACT_MAX_HEADER_SIZE)
    return createStringError("artifact header: %zu bytes, the limit is %u",
                             HeaderSize, WASMAOT_ARTIFACT_MAX_HEADER_SIZE);

  std::string Out(HeaderSize + ZSTD_compressBound(Library.size()), '\0');
  char *P = Out.data() + HeaderSize;
  std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx *)> C(ZSTD_createCCtx(),
                                                        ZSTD_freeCCtx);
  if (!C)
    return createStringError("zstd: out of memory");
  ZSTD_CCtx_setParameter(C.get(), ZSTD_c_compressionLevel, Level);
  // Compression is serial work after the parallel code generation: on the
  // 10 MB bench module's 29 MB -O0 library, level 12 took 1.3 s (a tenth of
  // that compile), level 9 in 4 MB jobs on 2 threads 0.38 s, for an artifact
  // 2.5% larger. Without zstd's threads (a build without them refuses the
  // parameter) it is one job, as before.
  constexpr size_t JobSize = 4 << 20;
  if (Library.size() > JobSize) {
    unsigned Workers =
        std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
    if (!ZSTD_isError(
            ZSTD_CCtx_setParameter(C.get(), ZSTD_c_nbWorkers, int(Workers))))
      ZSTD_CCtx_setParameter(C.get(), ZSTD_c_jobSize, int(JobSize));
  }
  ZSTD_CCtx_setParameter(C.get(), ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(C.get(), ZSTD_c_contentSizeFlag, 1);
  size_t Payload = ZSTD_compress2(C.get(), P, Out.size() - HeaderSize,
                                  Library.data(), Library.size());
  if (ZSTD_isError(Payload))
    return createStringError("zstd: %s", ZSTD_getErrorName(Payload));
  Out.resize(HeaderSize + Payload);

  uint8_t *H = reinterpret_cast<uint8_t *>(Out.data());
  write32le(H + WASMAOT_ARTIFACT_OFF_FRAME_MAGIC, WASMAOT_ARTIFACT_FRAME_MAGIC);
  write32le(H + WASMAOT_ARTIFACT_OFF_FRAME_SIZE, uint32_t(HeaderSize - 8));
  memcpy(H + WASMAOT_ARTIFACT_OFF_MAGIC, WASMAOT_ARTIFACT_MAGIC, 8);
  write32le(H + WASMAOT_ARTIFACT_OFF_FORMAT_VERSION,
            WASMAOT_ARTIFACT_FORMAT_VERSION);
  write32le(H + WASMAOT_ARTIFACT_OFF_ABI_VERSION,
            Desc.ABIVersion ? Desc.ABIVersion : WASMAOT_ABI_VERSION);
  write32le(H + WASMAOT_ARTIFACT_OFF_OPT_LEVEL, Desc.OptLevel);
  write32le(H + WASMAOT_ARTIFACT_OFF_FLAGS, 0);
  write64le(H + WASMAOT_ARTIFACT_OFF_PAYLOAD_SIZE, Payload);
  write64le(H + WASMAOT_ARTIFACT_OFF_LIBRARY_SIZE, Library.size());
  write32le(H + WASMAOT_ARTIFACT_OFF_PAYLOAD_CRC32,
            crc32(ArrayRef<uint8_t>(H + HeaderSize, Payload)));
  memcpy(H + WASMAOT_ARTIFACT_OFF_MODULE_HASH, Desc.Module.data(),
         Desc.Module.size());
  write16le(H + WASMAOT_ARTIFACT_OFF_COMPILER_VERSION_LEN, Strings[0].size());
  write16le(H + WASMAOT_ARTIFACT_OFF_LLVM_VERSION_LEN, Strings[1].size());
  write16le(H + WASMAOT_ARTIFACT_OFF_TRIPLE_LEN, Strings[2].size());
  write16le(H + WASMAOT_ARTIFACT_OFF_CPU_LEN, Strings[3].size());
  write32le(H + WASMAOT_ARTIFACT_OFF_FEATURES_LEN, Strings[4].size());
  char *S = Out.data() + WASMAOT_ARTIFACT_OFF_STRINGS;
  for (StringRef Str : Strings) {
    if (!Str.empty())
      memcpy(S, Str.data(), Str.size());
    S += Str.size();
  }
  write32le(H + WASMAOT_ARTIFACT_OFF_HEADER_CRC32, 0); // until computed
  write32le(H + WASMAOT_ARTIFACT_OFF_HEADER_CRC32,
            crc32(ArrayRef<uint8_t>(H, HeaderSize)));
  return std::move(Out);
}

} // namespace wasmaot
