//===- DecodeBenchmark.cpp - Micro-benchmarks of the front end ------------===//
//
//   wasmaot-bench-decode [MODULE.wasm] [--benchmark_...]
//
// The module is the first argument that is not a --benchmark flag, else
// $WASMAOT_BENCH_MODULE, else build/bench/large-module/large-module.wasm
// (bench/large-module/build.sh). It is read into memory once.
//
//   BM_Decode    decodeModule only: sections and module-level rules; bodies
//                are located, not validated
//   BM_Validate  validateFunctions on one thread over a module decoded once
//   BM_Read      readModule (both) on one thread
//
// Each reports bytes/second over the whole module, so MB/s are comparable
// with bench/decode-throughput.sh.
//
//===----------------------------------------------------------------------===//

#include "wasmaot/Wasm/Error.h"
#include "wasmaot/Wasm/Validator.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include "ModuleArgument.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace wasmaot;

namespace {

std::string ModulePath;
std::unique_ptr<llvm::MemoryBuffer> Buffer;

llvm::ArrayRef<uint8_t> moduleBytes() {
  return {reinterpret_cast<const uint8_t *>(Buffer->getBufferStart()),
          Buffer->getBufferSize()};
}

[[noreturn]] void fatal(llvm::Error E) {
  reportError(llvm::errs(), ModulePath, std::move(E));
  std::exit(1);
}

void BM_Decode(benchmark::State &State) {
  llvm::ArrayRef<uint8_t> Bytes = moduleBytes();
  FeatureSet Features = FeatureSet::defaults();
  for (auto _ : State) {
    llvm::Expected<Module> M = decodeModule(Bytes, Features);
    if (!M)
      fatal(M.takeError());
    benchmark::DoNotOptimize(M->Bodies.data());
  }
  State.SetBytesProcessed(int64_t(State.iterations()) * int64_t(Bytes.size()));
}

void BM_Validate(benchmark::State &State) {
  llvm::ArrayRef<uint8_t> Bytes = moduleBytes();
  FeatureSet Features = FeatureSet::defaults();
  llvm::Expected<Module> M = decodeModule(Bytes, Features);
  if (!M)
    fatal(M.takeError());
  uint64_t CodeBytes = 0;
  for (const FunctionBody &B : M->Bodies)
    CodeBytes += B.Bytes.size();
  for (auto _ : State) {
    if (llvm::Error E = validateFunctions(*M, Features, /*Threads=*/1))
      fatal(std::move(E));
  }
  State.SetBytesProcessed(int64_t(State.iterations()) * int64_t(Bytes.size()));
  State.counters["functions"] = double(M->getNumDefinedFuncs());
  State.counters["code_MB"] = double(CodeBytes) / 1e6;
}

void BM_Read(benchmark::State &State) {
  llvm::ArrayRef<uint8_t> Bytes = moduleBytes();
  ReadOptions Options;
  Options.Threads = 1;
  for (auto _ : State) {
    llvm::Expected<Module> M = readModule(Bytes, Options);
    if (!M)
      fatal(M.takeError());
    benchmark::DoNotOptimize(M->Bodies.data());
  }
  State.SetBytesProcessed(int64_t(State.iterations()) * int64_t(Bytes.size()));
}

BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Validate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Read)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> Args;
  ModulePath = wasmaot::bench::takeModulePath(
      argc, argv, WASMAOT_BENCH_DEFAULT_MODULE, Args);
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> File =
      llvm::MemoryBuffer::getFile(ModulePath, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!File) {
    llvm::errs() << "wasmaot-bench-decode: cannot read '" << ModulePath
                 << "': " << File.getError().message()
                 << "\n(build one with bench/large-module/build.sh, or pass "
                    "a module path or set WASMAOT_BENCH_MODULE)\n";
    return 1;
  }
  Buffer = std::move(*File);
  benchmark::AddCustomContext("module", ModulePath);
  benchmark::AddCustomContext("module_bytes",
                              std::to_string(Buffer->getBufferSize()));

  int NumArgs = int(Args.size());
  benchmark::Initialize(&NumArgs, Args.data());
  if (benchmark::ReportUnrecognizedArguments(NumArgs, Args.data()))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
