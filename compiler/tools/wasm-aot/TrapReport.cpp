//===- TrapReport.cpp - How wasm-aot reports a trap -----------------------===//

#include "TrapReport.h"

#include "wasmaot/wasmaot.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

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

void printTrap(raw_ostream &OS, const wasmaot_trap &Trap, StringRef When) {
  OS << "trap: " << trapKind(Trap.code) << ": " << Trap.message;
  if (!When.empty())
    OS << " (" << When << ")";
  OS << '\n';
  if (Trap.num_frames == 0)
    return;
  OS << "wasm backtrace:\n";
  for (uint32_t I = 0; I < Trap.num_frames; ++I) {
    wasmaot_frame_info Info;
    if (wasmaot_symbolize(Trap.frames[I], &Info) != 0)
      continue; // The module was unloaded since.
    OS << format("  #%-2u ", I);
    if (Info.module_name)
      OS << Info.module_name << '!';
    std::string Name = Info.func_name
                           ? Info.func_name
                           : exportName(Info.module, Info.func_index);
    if (!Name.empty())
      OS << Name;
    else
      OS << "<func " << Info.func_index << '>';
    OS << " (func " << Info.func_index << " +" << format_hex(Info.offset, 0)
       << ")\n";
  }
  if (Trap.truncated)
    OS << "  ... more frames\n";
}

} // namespace wasmaot
