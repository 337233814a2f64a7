//===- Opcode.cpp - WebAssembly operator table ----------------------------===//

#include "wasmaot/Wasm/Opcode.h"

#include <array>

namespace wasmaot {
namespace {

constexpr OpcodeInfo Infos[] = {
#define WASM_OPCODE(Enum, Prefix, Code, Imm, Sig, MemBytes, Feature, Name)    \
  {Prefix, Code, ImmKind::Imm, Sig, MemBytes, FeatureSet::Feature, Name},
#include "wasmaot/Wasm/Opcodes.def"
};
static_assert(std::size(Infos) == size_t(Opcode::NumOpcodes));

// Dense decode tables: the single-byte space and each prefix's first 512
// codes (every assigned prefixed opcode is below that).
constexpr uint32_t PrefixedCodes = 512;
constexpr uint16_t NoOpcode = 0xFFFF;

struct DecodeTables {
  std::array<uint16_t, 256> Single;
  std::array<std::array<uint16_t, PrefixedCodes>, 3> Prefixed; // FC, FD, FE

  constexpr DecodeTables() : Single(), Prefixed() {
    Single.fill(NoOpcode);
    for (auto &T : Prefixed)
      T.fill(NoOpcode);
    for (uint16_t I = 0; I < uint16_t(Opcode::NumOpcodes); ++I) {
      const OpcodeInfo &Info = Infos[I];
      if (Info.Prefix == 0)
        Single[Info.Code] = I;
      else
        Prefixed[Info.Prefix - 0xFC][Info.Code] = I;
    }
  }
};

const DecodeTables Tables;

} // namespace

const OpcodeInfo &getOpcodeInfo(Opcode Op) { return Infos[size_t(Op)]; }

std::optional<Opcode> lookupOpcode(uint8_t Prefix, uint32_t Code) {
  uint16_t Index = NoOpcode;
  if (Prefix == 0)
    Index = Code < 256 ? Tables.Single[Code] : NoOpcode;
  else if (Prefix >= 0xFC && Prefix <= 0xFE && Code < PrefixedCodes)
    Index = Tables.Prefixed[Prefix - 0xFC][Code];
  if (Index == NoOpcode)
    return std::nullopt;
  return Opcode(Index);
}

} // namespace wasmaot
