//===- Expectations.cpp - Recorded results of a spec-test suite -----------===//

#include "Expectations.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;

namespace wasmaot::spec {

namespace {

Error parseError(StringRef Path, unsigned LineNo, const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), "%s:%u: %s",
                           Path.str().c_str(), LineNo, Message.str().c_str());
}

bool parseUnsigned(StringRef S, unsigned &Value) {
  return !S.getAsInteger(10, Value);
}

/// Checks that the category just finished lists as many failures as it
/// counts.
Error checkCategory(StringRef Path, unsigned LineNo, StringRef Category,
                    const CategoryRecord *C) {
  if (C && C->N.Failed != C->Failures.size())
    return parseError(Path, LineNo,
                      Twine("category '") + Category + "' counts " +
                          Twine(C->N.Failed) + " failures but lists " +
                          Twine(C->Failures.size()));
  return Error::success();
}

} // namespace

Expected<SuiteRecord> readExpectations(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  SuiteRecord Record;
  FileRecord *File = nullptr;
  CategoryRecord *Category = nullptr;
  std::string CategoryName;
  SmallVector<StringRef, 8> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n');
  unsigned LineNo = 0;
  for (StringRef Line : Lines) {
    ++LineNo;
    auto [Fact, Comment] = Line.split('#');
    SmallVector<StringRef, 8> Tokens;
    SplitString(Fact, Tokens);
    if (Tokens.empty())
      continue;
    if (Tokens[0] == "file") {
      if (Tokens.size() != 2)
        return parseError(Path, LineNo, "expected 'file PATH'");
      if (Error E = checkCategory(Path, LineNo, CategoryName, Category))
        return std::move(E);
      if (Record.count(Tokens[1].str()))
        return parseError(Path, LineNo, "file listed twice");
      File = &Record[Tokens[1].str()];
      Category = nullptr;
      continue;
    }
    if (Tokens[0] == "fail") {
      unsigned CaseLine;
      if (Tokens.size() != 2 || !parseUnsigned(Tokens[1], CaseLine))
        return parseError(Path, LineNo, "expected 'fail LINE'");
      if (!Category)
        return parseError(Path, LineNo, "'fail' outside a category");
      Category->Failures.push_back({CaseLine, Comment.trim().str()});
      continue;
    }
    // CATEGORY passed P failed F skipped S
    if (!File)
      return parseError(Path, LineNo, "category outside a 'file'");
    CategoryRecord C;
    if (Tokens.size() != 7 || Tokens[1] != "passed" || Tokens[3] != "failed" ||
        Tokens[5] != "skipped" || !parseUnsigned(Tokens[2], C.N.Passed) ||
        !parseUnsigned(Tokens[4], C.N.Failed) ||
        !parseUnsigned(Tokens[6], C.N.Skipped))
      return parseError(Path, LineNo,
                        "expected 'CATEGORY passed P failed F skipped S', "
                        "'fail LINE' or 'file PATH'");
    if (Error E = checkCategory(Path, LineNo, CategoryName, Category))
      return std::move(E);
    CategoryName = Tokens[0].str();
    if (File->Categories.count(CategoryName))
      return parseError(Path, LineNo, "category listed twice for this file");
    Category = &(File->Categories[CategoryName] = std::move(C));
  }
  if (Error E = checkCategory(Path, LineNo, CategoryName, Category))
    return std::move(E);
  for (auto &[Name, F] : Record)
    for (auto &[Cat, C] : F.Categories)
      std::sort(C.Failures.begin(), C.Failures.end());
  return Record;
}

Error writeExpectations(StringRef Path, const SuiteRecord &Record,
                        ArrayRef<std::string> Header) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC)
    return createStringError(EC, "cannot write '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  for (const std::string &H : Header)
    OS << (H.empty() ? "#" : "# " + H) << '\n';
  for (const auto &[Name, File] : Record) {
    OS << "\nfile " << Name << '\n';
    for (const auto &[Cat, C] : File.Categories) {
      OS << "  " << Cat << " passed " << C.N.Passed << " failed " << C.N.Failed
         << " skipped " << C.N.Skipped << '\n';
      for (const CaseFailure &F : C.Failures) {
        OS << "    fail " << F.Line;
        if (!F.Reason.empty()) {
          std::string Reason = F.Reason;
          std::replace(Reason.begin(), Reason.end(), '\n', ' ');
          OS << "  # " << Reason;
        }
        OS << '\n';
      }
    }
  }
  OS.close();
  if (OS.has_error())
    return createStringError(OS.error(), "cannot write '%s': %s",
                             Path.str().c_str(), OS.error().message().c_str());
  return Error::success();
}

namespace {

/// The lines of A's failures that B does not have, as multisets (two cases
/// may share a line).
std::vector<const CaseFailure *>
missingFrom(const std::vector<CaseFailure> &A,
            const std::vector<CaseFailure> &B) {
  std::vector<const CaseFailure *> Result;
  size_t J = 0;
  for (const CaseFailure &F : A) {
    while (J < B.size() && B[J].Line < F.Line)
      ++J;
    if (J < B.size() && B[J].Line == F.Line)
      ++J;
    else
      Result.push_back(&F);
  }
  return Result;
}

void compareFile(StringRef Name, const FileRecord *Recorded,
                 const FileRecord &Current, std::vector<Finding> &Out) {
  static const CategoryRecord Empty;
  CategoryMap::key_compare Less;
  // Walk the union of the categories.
  std::vector<std::string> Names;
  for (const auto &[Cat, C] : Current.Categories)
    Names.push_back(Cat);
  if (Recorded)
    for (const auto &[Cat, C] : Recorded->Categories)
      if (!Current.Categories.count(Cat))
        Names.push_back(Cat);
  std::sort(Names.begin(), Names.end(), Less);

  for (const std::string &Cat : Names) {
    const CategoryRecord *R = &Empty;
    if (Recorded)
      if (auto It = Recorded->Categories.find(Cat);
          It != Recorded->Categories.end())
        R = &It->second;
    const CategoryRecord *C = &Empty;
    if (auto It = Current.Categories.find(Cat); It != Current.Categories.end())
      C = &It->second;

    const size_t Before = Out.size();
    for (const CaseFailure *F : missingFrom(C->Failures, R->Failures))
      Out.push_back(
          {Finding::Regression, (Name + ":" + Twine(F->Line) + ": " + Cat +
                                 ": unexpected failure: " + F->Reason)
                                    .str()});
    for (const CaseFailure *F : missingFrom(R->Failures, C->Failures))
      Out.push_back({Finding::Improvement,
                     (Name + ":" + Twine(F->Line) + ": " + Cat +
                      ": recorded failure no longer fails" +
                      (F->Reason.empty() ? "" : " (was: " + F->Reason + ")"))
                         .str()});
    if (C->N.Passed < R->N.Passed)
      Out.push_back({Finding::Regression,
                     (Name + ": " + Cat + ": passed dropped from " +
                      Twine(R->N.Passed) + " to " + Twine(C->N.Passed))
                         .str()});
    else if (C->N.Passed > R->N.Passed)
      Out.push_back({Finding::Improvement,
                     (Name + ": " + Cat + ": passed rose from " +
                      Twine(R->N.Passed) + " to " + Twine(C->N.Passed))
                         .str()});
    else if (Out.size() == Before &&
             (C->N.total() != R->N.total() || C->N.Skipped != R->N.Skipped))
      Out.push_back(
          {Finding::Change,
           (Name + ": " + Cat + ": counts changed from passed " +
            Twine(R->N.Passed) + " failed " + Twine(R->N.Failed) + " skipped " +
            Twine(R->N.Skipped) + " to passed " + Twine(C->N.Passed) +
            " failed " + Twine(C->N.Failed) + " skipped " + Twine(C->N.Skipped))
               .str()});
  }
}

} // namespace

std::vector<Finding>
compareResults(const SuiteRecord &Recorded, const SuiteRecord &Current,
               function_ref<bool(StringRef)> ShouldHaveRun) {
  std::vector<Finding> Out;
  for (const auto &[Name, File] : Current) {
    auto It = Recorded.find(Name);
    compareFile(Name, It == Recorded.end() ? nullptr : &It->second, File, Out);
  }
  for (const auto &[Name, File] : Recorded) {
    if (Current.count(Name) || !ShouldHaveRun(Name))
      continue;
    Counts T = File.total();
    if (T.Passed)
      Out.push_back(
          {Finding::Regression, (Name + ": recorded with " + Twine(T.Passed) +
                                 " passes but no longer present in the suite")
                                    .str()});
    else
      Out.push_back({Finding::Change,
                     Name + ": recorded but no longer present in the suite"});
  }
  return Out;
}

} // namespace wasmaot::spec
