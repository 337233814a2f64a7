//===- SpecScript.cpp - A spec-test script converted by wast2json ---------===//

#include "SpecScript.h"

#include "llvm/Support/MemoryBuffer.h"

#include <nlohmann/json.hpp>

using namespace llvm;

namespace wasmaot::spec {

namespace {

std::string stringOr(const nlohmann::json &J, const char *Key) {
  auto It = J.find(Key);
  return It != J.end() && It->is_string() ? It->get<std::string>()
                                          : std::string();
}

ScriptValue toValue(const nlohmann::json &J) {
  ScriptValue V;
  V.Type = stringOr(J, "type");
  V.LaneType = stringOr(J, "lane_type");
  if (auto It = J.find("value"); It != J.end()) {
    if (It->is_array()) {
      for (const nlohmann::json &Lane : *It)
        V.Values.push_back(Lane.is_string() ? Lane.get<std::string>() : "");
    } else if (It->is_string()) {
      V.Values.push_back(It->get<std::string>());
    }
  }
  return V;
}

std::vector<ScriptValue> toValues(const nlohmann::json &J, const char *Key) {
  std::vector<ScriptValue> Values;
  if (auto It = J.find(Key); It != J.end() && It->is_array())
    for (const nlohmann::json &V : *It)
      Values.push_back(toValue(V));
  return Values;
}

Expected<Command> toCommand(const nlohmann::json &J, size_t Index) {
  auto Bad = [&](const Twine &What) {
    return createStringError(inconvertibleErrorCode(), "command %zu: %s", Index,
                             What.str().c_str());
  };
  if (!J.is_object())
    return Bad("not an object");
  Command C;
  auto Type = J.find("type");
  if (Type == J.end() || !Type->is_string())
    return Bad("no \"type\" string");
  C.Type = Type->get<std::string>();
  auto Line = J.find("line");
  if (Line == J.end() || !Line->is_number_unsigned())
    return Bad("no \"line\" number");
  C.Line = Line->get<unsigned>();
  if (auto F = J.find("filename"); F != J.end()) {
    if (!F->is_string())
      return Bad("\"filename\" is not a string");
    C.Filename = F->get<std::string>();
  }
  // Assertions say "binary" or "text"; `module` commands carry no
  // module_type and are always binary in wast2json's output.
  if (auto MT = J.find("module_type"); MT != J.end()) {
    if (!MT->is_string())
      return Bad("\"module_type\" is not a string");
    C.IsTextModule = MT->get<std::string>() == "text";
  } else if (StringRef(C.Filename).ends_with(".wat")) {
    C.IsTextModule = true;
  }
  if (auto T = J.find("text"); T != J.end() && T->is_string())
    C.Text = T->get<std::string>();
  C.Name = stringOr(J, "name");
  C.As = stringOr(J, "as");
  if (auto A = J.find("action"); A != J.end() && A->is_object()) {
    C.HasAction = true;
    C.Action.Type = stringOr(*A, "type");
    C.Action.Module = stringOr(*A, "module");
    C.Action.Field = stringOr(*A, "field");
    C.Action.Args = toValues(*A, "args");
  }
  C.Expected = toValues(J, "expected");
  C.Either = toValues(J, "either");
  return C;
}

} // namespace

Expected<std::vector<Command>> loadScript(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
      Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read '%s': %s",
                             Path.str().c_str(),
                             Buffer.getError().message().c_str());
  StringRef Contents = (*Buffer)->getBuffer();
  nlohmann::json Doc = nlohmann::json::parse(Contents.begin(), Contents.end(),
                                             /*cb=*/nullptr,
                                             /*allow_exceptions=*/false);
  if (Doc.is_discarded())
    return createStringError(inconvertibleErrorCode(), "'%s' is not valid JSON",
                             Path.str().c_str());
  auto Commands = Doc.is_object() ? Doc.find("commands") : Doc.end();
  if (Commands == Doc.end() || !Commands->is_array())
    return createStringError(inconvertibleErrorCode(),
                             "'%s' has no \"commands\" array",
                             Path.str().c_str());
  std::vector<Command> Result;
  Result.reserve(Commands->size());
  for (size_t I = 0; I < Commands->size(); ++I) {
    Expected<Command> C = toCommand((*Commands)[I], I);
    if (!C)
      return createStringError(inconvertibleErrorCode(), "'%s': %s",
                               Path.str().c_str(),
                               toString(C.takeError()).c_str());
    Result.push_back(std::move(*C));
  }
  return Result;
}

} // namespace wasmaot::spec
