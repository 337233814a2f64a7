//===- Features.cpp - WebAssembly feature sets ----------------------------===//

#include "wasmaot/Wasm/Features.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace wasmaot {
namespace {
constexpr unsigned G1 = 1, G2 = 2, G3 = 4;

struct FeatureInfo {
  StringRef Name;
  unsigned Groups;
  bool Supported;
};

constexpr FeatureInfo Infos[] = {
#define WASM_FEATURE(Enum, Name, Groups, Supported) {Name, Groups, Supported},
#include "wasmaot/Wasm/Features.def"
};

FeatureSet group(unsigned Mask) {
  FeatureSet S;
  for (unsigned I = 0; I < FeatureSet::NumFeatures; ++I)
    if (Infos[I].Groups & Mask)
      S.add(FeatureSet::Feature(I));
  return S;
}
} // namespace

FeatureSet FeatureSet::wasm1() { return group(G1); }
FeatureSet FeatureSet::wasm2() { return group(G2); }
FeatureSet FeatureSet::wasm3() { return group(G3); }
FeatureSet FeatureSet::all() {
  FeatureSet S;
  for (unsigned I = 0; I < NumFeatures; ++I)
    S.add(Feature(I));
  return S;
}
FeatureSet FeatureSet::defaults() { return all(); }

StringRef FeatureSet::name(Feature F) {
  return F >= NumFeatures ? "mvp" : Infos[F].Name;
}
bool FeatureSet::isSupported(Feature F) {
  return F >= NumFeatures || Infos[F].Supported;
}

Expected<FeatureSet> FeatureSet::parse(StringRef List) {
  FeatureSet S = defaults();
  SmallVector<StringRef, 8> Items;
  List.split(Items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Item : Items) {
    Item = Item.trim();
    bool Disable = Item.consume_front("-");
    if (!Disable && (Item == "wasm1" || Item == "mvp" || Item == "wasm2" ||
                     Item == "wasm3" || Item == "all")) {
      S = Item == "wasm2" ? wasm2()
          : Item == "wasm3" ? wasm3()
          : Item == "all"   ? all()
                            : wasm1();
      continue;
    }
    if (Item == "floats")
      continue; // always on, as in wasm-tools
    bool Found = false;
    for (unsigned I = 0; I < NumFeatures; ++I) {
      if (Infos[I].Name != Item)
        continue;
      Found = true;
      Disable ? S.remove(Feature(I)) : S.add(Feature(I));
    }
    if (!Found)
      return createStringError(
          "unknown feature '%s' (known: wasm1, wasm2, wasm3, all, %s)",
          Item.str().c_str(), all().toString().c_str());
  }
  return S;
}

std::string FeatureSet::toString() const {
  SmallVector<StringRef, NumFeatures> Names;
  for (unsigned I = 0; I < NumFeatures; ++I)
    if (has(Feature(I)))
      Names.push_back(Infos[I].Name);
  return join(Names, ",");
}

} // namespace wasmaot
