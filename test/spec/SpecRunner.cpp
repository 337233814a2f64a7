//===- SpecRunner.cpp - Runs the WebAssembly spec tests -------------------===//
//
// wasmaot-spec-runner: reads wast2json scripts and judges their commands with
// the WasmAOT library (no process per module). For now only validity is
// judged; execution commands are counted as skipped. The results are compared
// with a checked-in expectations file so that CI fails on regressions only.
//
// Exit status: 0 no regression (or the suite is absent), 1 a regression (a
// failure not recorded as expected, or fewer passes than recorded; without
// --expect, any failure), 2 a usage error or an unreadable input.
//
//===----------------------------------------------------------------------===//

#include "CaseJudge.h"
#include "ScriptExecutor.h"
#include "Expectations.h"
#include "Results.h"
#include "SpecScript.h"

#include "wasmaot/Wasm/Features.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <optional>
#include <set>

using namespace llvm;
using namespace wasmaot;
using namespace wasmaot::spec;

namespace {

enum ExitCode { ExitSuccess = 0, ExitRegression = 1, ExitUsage = 2 };

cl::OptionCategory Category("wasmaot-spec-runner options");

cl::opt<std::string> RootOptFlag(
    "root",
    cl::desc("The wast2json test-suite directory (wasm-testsuite-json)"),
    cl::value_desc("dir"), cl::Required, cl::cat(Category));
cl::opt<std::string> FeaturesOptFlag(
    "features",
    cl::desc("Wasm features, wasm-tools style (default: everything WasmAOT "
             "supports)"),
    cl::value_desc("list"), cl::cat(Category));
cl::opt<std::string> ExpectOptFlag(
    "expect",
    cl::desc("Expectations file: fail only on regressions against it"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> UpdateOptFlag("update-expectations",
                        cl::desc("Rewrite the --expect file from this run"),
                        cl::cat(Category));
cl::opt<std::string> DivergencesOptFlag(
    "divergences",
    cl::desc("Cases where the suite's expectation contradicts the feature "
             "set it runs under, one 'FILE LINE REASON' per line: such a case "
             "that fails is counted as skipped with REASON"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> TranslateOptFlag(
    "translate",
    cl::desc("Also lower every module that must be accepted to LLVM IR and "
             "verify it; operators not compiled yet make the case a skip"),
    cl::cat(Category));
cl::opt<bool> ExecuteOptFlag(
    "execute",
    cl::desc("Compile every module to native code, instantiate it and run "
             "the script's assertions"),
    cl::cat(Category));
cl::opt<unsigned> OptLevelOptFlag("opt-level",
                              cl::desc("Optimisation level with --execute"),
                              cl::init(2), cl::cat(Category));
cl::opt<unsigned> MaxOptimizedFunctionSizeOptFlag(
    "max-optimized-function-size",
    cl::desc("With --execute at 1 to 3: compile functions of more LLVM "
             "instructions than this for compile speed (0: no limit)"),
    cl::init(CodeGenOptions::DefaultMaxOptimizedFunctionSize),
    cl::cat(Category));
cl::opt<bool>
    VerboseOptFlag("verbose",
               cl::desc("Print every case that did not pass, with its reason"),
               cl::cat(Category));
cl::list<std::string> InputsFlag(
    cl::Positional, cl::OneOrMore,
    cl::desc("<JSON files or directories, relative to --root (a directory "
             "means every *.json directly in it)>"),
    cl::cat(Category));

// The options as parsed. lld, which --execute links with, resets every
// cl::opt of the process, so the runner reads these copies only.
std::string RootOpt;
std::string FeaturesOpt;
std::string ExpectOpt;
bool UpdateOpt;
std::string DivergencesOpt;
bool TranslateOpt;
bool ExecuteOpt;
unsigned OptLevelOpt;
unsigned MaxOptimizedFunctionSizeOpt;
bool VerboseOpt;
std::vector<std::string> Inputs;


/// A path relative to the root, "/"-separated, without "." or a trailing
/// "/".
std::string normalizeRelative(StringRef P) {
  SmallString<256> S(P);
  sys::path::native(S, sys::path::Style::posix);
  sys::path::remove_dots(S, /*remove_dot_dot=*/true, sys::path::Style::posix);
  StringRef R = S.str();
  while (R.size() > 1 && R.ends_with("/"))
    R = R.drop_back();
  return R.str();
}

std::string join(StringRef A, StringRef B) {
  SmallString<256> S(A);
  sys::path::append(S, B);
  return std::string(S);
}

/// The positional inputs expanded to JSON files (relative to the root).
struct InputSet {
  std::vector<std::string> Files; ///< in run order, no duplicates
  std::set<std::string> ScannedDirs;
};

Expected<InputSet> expandInputs(StringRef Root) {
  InputSet Set;
  std::set<std::string> Seen;
  auto Add = [&](std::string F) {
    if (Seen.insert(F).second)
      Set.Files.push_back(std::move(F));
  };
  for (const std::string &In : Inputs) {
    std::string Rel = normalizeRelative(In);
    std::string Abs = join(Root, Rel);
    if (sys::fs::is_directory(Abs)) {
      std::vector<std::string> Found;
      std::error_code EC;
      for (sys::fs::directory_iterator It(Abs, EC), End; It != End && !EC;
           It.increment(EC)) {
        StringRef Name = sys::path::filename(It->path());
        if (Name.ends_with(".json") &&
            It->type() != sys::fs::file_type::directory_file)
          Found.push_back(Rel == "." ? Name.str() : Rel + "/" + Name.str());
      }
      if (EC)
        return createStringError(EC, "cannot list '%s': %s", Abs.c_str(),
                                 EC.message().c_str());
      std::sort(Found.begin(), Found.end());
      for (std::string &F : Found)
        Add(std::move(F));
      Set.ScannedDirs.insert(Rel);
    } else if (sys::fs::exists(Abs)) {
      Add(std::move(Rel));
    } else {
      return createStringError(inconvertibleErrorCode(),
                               "'%s' does not exist (input '%s' under --root "
                               "'%s')",
                               Abs.c_str(), In.c_str(), Root.str().c_str());
    }
  }
  return Set;
}

struct NonPass {
  unsigned Line;
  std::string Category;
  Outcome O;
};

bool isRecordedFailure(const SuiteRecord &Recorded, const std::string &File,
                       const std::string &Cat, unsigned Line) {
  auto F = Recorded.find(File);
  if (F == Recorded.end())
    return false;
  auto C = F->second.Categories.find(Cat);
  if (C == F->second.Categories.end())
    return false;
  return any_of(C->second.Failures,
                [&](const CaseFailure &X) { return X.Line == Line; });
}

void printSummaryLine(raw_ostream &OS, const Counts &T) {
  OS << T.Passed << " passed, " << T.Failed << " failed, " << T.Skipped
     << " skipped\n";
}

std::string commandLineForUpdate() {
  std::string S = "wasmaot-spec-runner --root " + RootOpt;
  if (!FeaturesOpt.empty())
    S += " --features=" + FeaturesOpt;
  S += " --expect " + ExpectOpt + " --update-expectations";
  for (const std::string &In : Inputs)
    S += " " + In;
  return S;
}

/// The suite is not there: skip, claiming nothing.
int reportAbsentSuite() {
  outs() << "spec tests are skipped: the test suite is absent ('" << RootOpt
         << "' does not exist)\n";
  Counts T;
  if (!ExpectOpt.empty()) {
    if (Expected<SuiteRecord> R = readExpectations(ExpectOpt)) {
      for (const auto &[Name, F] : *R)
        T.Skipped += F.total().total();
    } else {
      consumeError(R.takeError());
    }
  }
  if (UpdateOpt)
    outs() << "not updating '" << ExpectOpt << "' without the suite\n";
  printSummaryLine(outs(), T);
  return ExitSuccess;
}

/// (file, line) -> reason, from the --divergences file.
using DivergenceMap = std::map<std::pair<std::string, unsigned>, std::string>;

Expected<DivergenceMap> readDivergences(StringRef Path) {
  DivergenceMap Map;
  if (Path.empty())
    return Map;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(Path);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s'",
                             Path.str().c_str());
  SmallVector<StringRef, 64> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n');
  for (StringRef Line : Lines) {
    Line = Line.take_until([](char C) { return C == '#'; }).trim();
    if (Line.empty())
      continue;
    auto [File, Rest] = Line.split(' ');
    auto [LineText, Reason] = Rest.trim().split(' ');
    unsigned Number;
    if (LineText.getAsInteger(10, Number) || Reason.trim().empty())
      return createStringError("%s: malformed line '%s' (want FILE LINE "
                               "REASON)",
                               Path.str().c_str(), Line.str().c_str());
    Map[{File.str(), Number}] = Reason.trim().str();
  }
  return Map;
}

int run() {
  ReadOptions Options;
  Options.Threads = 1; // spec modules are small; one thread per process
  if (!FeaturesOpt.empty()) {
    Expected<FeatureSet> Features = FeatureSet::parse(FeaturesOpt);
    if (!Features) {
      errs() << "wasmaot-spec-runner: --features: "
             << toString(Features.takeError()) << '\n';
      return ExitUsage;
    }
    Options.Features = *Features;
  }
  if (UpdateOpt && ExpectOpt.empty()) {
    errs() << "wasmaot-spec-runner: --update-expectations needs --expect\n";
    return ExitUsage;
  }
  if (!sys::fs::is_directory(RootOpt))
    return reportAbsentSuite();

  Expected<InputSet> In = expandInputs(RootOpt);
  if (!In) {
    errs() << "wasmaot-spec-runner: " << toString(In.takeError()) << '\n';
    return ExitUsage;
  }

  SuiteRecord Recorded;
  if (!ExpectOpt.empty()) {
    if (sys::fs::exists(ExpectOpt)) {
      Expected<SuiteRecord> R = readExpectations(ExpectOpt);
      if (!R) {
        errs() << "wasmaot-spec-runner: " << toString(R.takeError()) << '\n';
        return ExitUsage;
      }
      Recorded = std::move(*R);
    } else if (!UpdateOpt) {
      errs() << "wasmaot-spec-runner: expectations file '" << ExpectOpt
             << "' does not exist; create it with --update-expectations\n";
      return ExitUsage;
    }
  }

  CodeGenOptions CG;
  CG.OptLevel = OptLevelOpt;
  CG.MaxOptimizedFunctionSize = MaxOptimizedFunctionSizeOpt;
  SmallString<128> TempDir;
  if (ExecuteOpt) {
    if (std::error_code EC =
            sys::fs::createUniqueDirectory("wasmaot-spec", TempDir)) {
      errs() << "wasmaot-spec-runner: cannot create a temporary directory: "
             << EC.message() << '\n';
      return ExitUsage;
    }
  }
  llvm::scope_exit RemoveTemp([&] {
    if (!TempDir.empty())
      sys::fs::remove_directories(TempDir);
  });

  Expected<DivergenceMap> Divergences = readDivergences(DivergencesOpt);
  if (!Divergences) {
    errs() << "wasmaot-spec-runner: " << toString(Divergences.takeError())
           << '\n';
    return ExitUsage;
  }

  SuiteRecord Current;
  std::map<std::string, CategoryRecord, CategoryOrder> Totals;
  std::map<std::string, unsigned> SkipReasons;
  bool InputError = false;

  for (const std::string &File : In->Files) {
    std::string Path = join(RootOpt, File);
    Expected<std::vector<Command>> Script = loadScript(Path);
    if (!Script) {
      errs() << File << ": error: " << toString(Script.takeError()) << '\n';
      InputError = true;
      continue;
    }
    CaseJudge Judge(sys::path::parent_path(Path).str(), Options,
                    TranslateOpt);
    std::optional<ScriptExecutor> Executor;
    if (ExecuteOpt)
      Executor.emplace(sys::path::parent_path(Path).str(), Options,
                       CG, TempDir.str().str());
    FileRecord &Rec = Current[File];
    std::vector<NonPass> Details;
    for (const Command &C : *Script) {
      Outcome O = Executor ? Executor->run(C) : Judge.judge(C);
      if (O.V == Verdict::Fail) {
        auto It = Divergences->find({File, C.Line});
        if (It != Divergences->end())
          O = {Verdict::Skip, "known divergence: " + It->second};
      }
      CategoryRecord &Cat = Rec.Categories[C.Type];
      switch (O.V) {
      case Verdict::Pass:
        ++Cat.N.Passed;
        continue;
      case Verdict::Fail:
        ++Cat.N.Failed;
        Cat.Failures.push_back({C.Line, O.Reason});
        break;
      case Verdict::Skip:
        ++Cat.N.Skipped;
        ++SkipReasons[O.Reason];
        break;
      }
      Details.push_back({C.Line, C.Type, std::move(O)});
    }
    for (auto &[Name, Cat] : Rec.Categories) {
      std::sort(Cat.Failures.begin(), Cat.Failures.end());
      Totals[Name].N += Cat.N;
    }

    Counts T = Rec.total();
    outs() << File << ": passed " << T.Passed << ", failed " << T.Failed
           << ", skipped " << T.Skipped << '\n';
    if (!T.Failed && !VerboseOpt)
      continue;
    for (const NonPass &D : Details) {
      if (D.O.V == Verdict::Skip && !VerboseOpt)
        continue;
      outs() << "  " << File << ':' << D.Line << ": " << D.Category << ": ";
      if (D.O.V == Verdict::Skip)
        outs() << "skipped: ";
      else if (isRecordedFailure(Recorded, File, D.Category, D.Line))
        outs() << "FAILED (expected): ";
      else
        outs() << "FAILED: ";
      outs() << D.O.Reason << '\n';
    }
  }

  // Totals per category, then why cases were skipped.
  Counts Total;
  outs() << '\n'
         << left_justify("category", 24) << right_justify("passed", 9)
         << right_justify("failed", 9) << right_justify("skipped", 9) << '\n';
  for (const auto &[Name, Cat] : Totals) {
    outs() << left_justify(Name, 24) << right_justify(utostr(Cat.N.Passed), 9)
           << right_justify(utostr(Cat.N.Failed), 9)
           << right_justify(utostr(Cat.N.Skipped), 9) << '\n';
    Total += Cat.N;
  }
  outs() << left_justify("total", 24) << right_justify(utostr(Total.Passed), 9)
         << right_justify(utostr(Total.Failed), 9)
         << right_justify(utostr(Total.Skipped), 9) << '\n';
  if (!SkipReasons.empty()) {
    std::vector<std::pair<std::string, unsigned>> Reasons(SkipReasons.begin(),
                                                          SkipReasons.end());
    std::sort(Reasons.begin(), Reasons.end(), [](const auto &A, const auto &B) {
      return A.second != B.second ? A.second > B.second : A.first < B.first;
    });
    outs() << "\nskip reasons:\n";
    for (const auto &[Reason, N] : Reasons)
      outs() << right_justify(utostr(N), 8) << "  " << Reason << '\n';
  }

  // Against the expectations.
  bool Regressed = false;
  if (!ExpectOpt.empty()) {
    auto ShouldHaveRun = [&](StringRef File) {
      return In->ScannedDirs.count(normalizeRelative(
                 sys::path::parent_path(File, sys::path::Style::posix))) > 0;
    };
    std::vector<Finding> Findings =
        compareResults(Recorded, Current, ShouldHaveRun);
    unsigned NumRegressions = 0, NumOther = 0;
    for (const Finding &F : Findings)
      (F.Kind == Finding::Regression ? NumRegressions : NumOther)++;
    if (NumRegressions) {
      outs() << "\nREGRESSIONS against " << ExpectOpt << ":\n";
      for (const Finding &F : Findings)
        if (F.Kind == Finding::Regression)
          outs() << "  " << F.Message << '\n';
    }
    if (NumOther) {
      outs() << "\n*** UNEXPECTED PASSES / CHANGES against " << ExpectOpt
             << " (not a failure, but record them) ***\n";
      for (const Finding &F : Findings)
        if (F.Kind != Finding::Regression)
          outs() << "  " << (F.Kind == Finding::Improvement ? "" : "changed: ")
                 << F.Message << '\n';
    }
    if (UpdateOpt && InputError) {
      outs() << "\nnot updating " << ExpectOpt
             << ": some inputs could not be read\n";
    } else if (UpdateOpt) {
      // The file describes exactly this run; say what that drops.
      for (const auto &[Name, F] : Recorded)
        if (!Current.count(Name))
          outs() << "dropping " << Name << " (not part of this run)\n";
      std::vector<std::string> Header = {
          "Spec-test expectations for wasmaot-spec-runner (test/spec/).",
          "Generated by --update-expectations; regenerate rather than edit,",
          "e.g. with the build target update-spec-expectations.",
          "Format: 'file PATH' (relative to --root), then per command type",
          "'CATEGORY passed P failed F skipped S', then 'fail LINE' for each",
          "expected failure (LINE is the command's line in the .wast; the",
          "comment is the reason when it was recorded).",
          "",
          "features: " + Options.Features.toString()};
      if (Error E = writeExpectations(ExpectOpt, Current, Header)) {
        errs() << "wasmaot-spec-runner: " << toString(std::move(E)) << '\n';
        return ExitUsage;
      }
      outs() << "\nupdated " << ExpectOpt << '\n';
    } else {
      if (NumOther)
        outs() << "\nThe results differ from " << ExpectOpt
               << "; to record them run:\n  " << commandLineForUpdate()
               << "\n(or build the target update-spec-expectations)\n";
      if (NumRegressions) {
        Regressed = true;
        outs() << '\n'
               << NumRegressions << " regression(s) against " << ExpectOpt
               << '\n';
      }
    }
  } else if (Total.Failed) {
    Regressed = true; // no expectations: every failure counts
  }

  outs() << '\n';
  printSummaryLine(outs(), Total);
  if (InputError)
    return ExitUsage;
  return Regressed ? ExitRegression : ExitSuccess;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "wasmaot-spec-runner: judges the WebAssembly spec tests (wast2json "
          "output) with the WasmAOT front end\n\n"
          "  wasmaot-spec-runner --root DIR [--features=LIST] [--expect FILE "
          "[--update-expectations]] [--verbose] PATH...\n\n"
          "Case lines (FILE.json:LINE) are lines of the original .wast.\n",
          &errs()))
    return ExitUsage;

  RootOpt = RootOptFlag;
  FeaturesOpt = FeaturesOptFlag;
  ExpectOpt = ExpectOptFlag;
  UpdateOpt = UpdateOptFlag;
  DivergencesOpt = DivergencesOptFlag;
  TranslateOpt = TranslateOptFlag;
  ExecuteOpt = ExecuteOptFlag;
  OptLevelOpt = OptLevelOptFlag;
  MaxOptimizedFunctionSizeOpt = MaxOptimizedFunctionSizeOptFlag;
  VerboseOpt = VerboseOptFlag;
  Inputs.assign(InputsFlag.begin(), InputsFlag.end());
  return run();
}
