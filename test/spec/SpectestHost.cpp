//===- SpectestHost.cpp - The spec tests' "spectest" module ---------------===//

#include "SpectestHost.h"

#include <cstring>

namespace wasmaot::spec {

namespace {

int32_t print(void *, wasmaot_context *, const wasmaot_val *, wasmaot_val *) {
  return 0;
}

struct PrintFunc {
  const char *Name;
  uint8_t Params[2];
  uint32_t NumParams;
};

const PrintFunc PrintFuncs[] = {
    {"print", {}, 0},
    {"print_i32", {WASMAOT_I32}, 1},
    {"print_i64", {WASMAOT_I64}, 1},
    {"print_f32", {WASMAOT_F32}, 1},
    {"print_f64", {WASMAOT_F64}, 1},
    {"print_i32_f32", {WASMAOT_I32, WASMAOT_F32}, 2},
    {"print_f64_f64", {WASMAOT_F64, WASMAOT_F64}, 2},
};

} // namespace

SpectestHost::SpectestHost() {
  char *Error = nullptr;
  Memory = wasmaot_memory_new(1, 2, 0, &Error);
  wasmaot_error_free(Error);
  Error = nullptr;
  Table = wasmaot_table_new(WASMAOT_FUNCREF, 10, 20, 0, nullptr, &Error);
  wasmaot_error_free(Error);
  std::memset(&GlobalI32, 0, sizeof(wasmaot_val));
  GlobalI64 = GlobalF32 = GlobalF64 = GlobalI32;
  GlobalI32.i32 = 666;
  GlobalI64.i64 = 666;
  GlobalF32.f32 = 666.6f;
  GlobalF64.f64 = 666.6;
}

SpectestHost::~SpectestHost() {
  wasmaot_memory_release(Memory);
  wasmaot_table_release(Table);
}

wasmaot_extern SpectestHost::lookup(llvm::StringRef Name) {
  wasmaot_extern E;
  std::memset(&E, 0, sizeof(E));
  E.kind = WASMAOT_EXTERN_NONE;
  for (const PrintFunc &P : PrintFuncs) {
    if (Name != P.Name)
      continue;
    E.kind = WASMAOT_EXTERN_HOST_FUNC;
    E.of.host_func.callback = print;
    E.of.host_func.env = nullptr;
    E.of.host_func.params = P.Params;
    E.of.host_func.num_params = P.NumParams;
    E.of.host_func.results = nullptr;
    E.of.host_func.num_results = 0;
    return E;
  }
  auto Global = [&](wasmaot_val *Storage, uint8_t Type) {
    E.kind = WASMAOT_EXTERN_GLOBAL;
    E.of.global.storage = Storage;
    E.of.global.type = Type;
    E.of.global.is_mutable = 0;
  };
  if (Name == "global_i32")
    Global(&GlobalI32, WASMAOT_I32);
  else if (Name == "global_i64")
    Global(&GlobalI64, WASMAOT_I64);
  else if (Name == "global_f32")
    Global(&GlobalF32, WASMAOT_F32);
  else if (Name == "global_f64")
    Global(&GlobalF64, WASMAOT_F64);
  else if (Name == "memory" && Memory) {
    E.kind = WASMAOT_EXTERN_MEMORY;
    E.of.memory = Memory;
  } else if (Name == "table" && Table) {
    E.kind = WASMAOT_EXTERN_TABLE;
    E.of.table = Table;
  }
  return E;
}

} // namespace wasmaot::spec
