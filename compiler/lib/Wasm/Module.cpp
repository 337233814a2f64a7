//===- Module.cpp - A decoded WebAssembly module --------------------------===//

#include "wasmaot/Wasm/Module.h"

#include "llvm/Support/MemoryBuffer.h"

namespace wasmaot {

Module::Module() = default;
Module::~Module() = default;
Module::Module(Module &&) = default;
Module &Module::operator=(Module &&) = default;

llvm::StringRef Module::getFuncName(uint32_t FuncIndex) const {
  auto It = Names.Functions.find(FuncIndex);
  return It == Names.Functions.end() ? llvm::StringRef() : It->second;
}

void Module::setOwnedBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer) {
  OwnedBuffer = std::move(Buffer);
}

const char *getValTypeName(ValType T) {
  switch (T) {
  case ValType::I32: return "i32";
  case ValType::I64: return "i64";
  case ValType::F32: return "f32";
  case ValType::F64: return "f64";
  case ValType::V128: return "v128";
  case ValType::FuncRef: return "funcref";
  case ValType::ExternRef: return "externref";
  case ValType::ExnRef: return "exnref";
  case ValType::Bottom: return "(unknown)";
  }
  return "(bad type)";
}

const char *getExternKindName(ExternKind K) {
  switch (K) {
  case ExternKind::Func: return "func";
  case ExternKind::Table: return "table";
  case ExternKind::Memory: return "memory";
  case ExternKind::Global: return "global";
  case ExternKind::Tag: return "tag";
  }
  return "(bad kind)";
}

} // namespace wasmaot
