//===- TrapReport.cpp - How wasm-aot reports a trap -----------------------===//

#include "TrapReport.h"

#include "wasmaot/wasmaot.h"

namespace wasmaot {

std::string trapKind(uint32_t Code) {
  std::string Kind = wasmaot_trap_message(Code);
  for (char &C : Kind)
    if (C == ' ')
      C = '-';
  return Kind;
}

/// A name for a function without one in the name section: an export's.
static std::string exportName(const wasmaot_module *M, uint32_t Func) {
  size_t N = wasmaot_module_num_exports(M);
  for (size_t I = 0; I < N; ++I) {
    wasmaot_export_info Info;
    if (wasmaot_module_export(M, I, &Info) == 0 &&
        Info.type.kind == WASMAOT_EXTERN_FUNC &&
        wasmaot_module_get_descriptor(M)->exports[I].index == Func)
      return std::string(Info.name, Info.name_len);
  }
  return "";
}

void printTrap(std::FILE *Out, const wasmaot_trap &Trap,
               std::string_view When) {
  std::string Line = "trap: " + trapKind(Trap.code) + ": " + Trap.message;
  if (!When.empty())
    Line.append(" (").append(When).append(")");
  std::fprintf(Out, "%s\n", Line.c_str());
  if (Trap.num_frames == 0)
    return;
  std::fputs("wasm backtrace:\n", Out);
  for (uint32_t I = 0; I < Trap.num_frames; ++I) {
    wasmaot_frame_info Info;
    if (wasmaot_symbolize(Trap.frames[I], &Info) != 0)
      continue; // The module was unloaded since.
    std::string Name = Info.func_name
                           ? Info.func_name
                           : exportName(Info.module, Info.func_index);
    if (Name.empty())
      Name = "<func " + std::to_string(Info.func_index) + ">";
    std::fprintf(Out, "  #%-2u %s%s%s (func %u +0x%llx)\n", I,
                 Info.module_name ? Info.module_name : "",
                 Info.module_name ? "!" : "", Name.c_str(), Info.func_index,
                 static_cast<unsigned long long>(Info.offset));
  }
  if (Trap.truncated)
    std::fputs("  ... more frames\n", Out);
}

} // namespace wasmaot
