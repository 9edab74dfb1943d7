//===- Options.cpp - Parameters of the unique-linkonce pass ---------------===//
//
// Parses the pass parameters (`unique-linkonce<mode=hash;uuid=42>`). The same
// syntax is used for the plugin's cl::opts under clang, so there is one
// parser and one set of error messages.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#include <iterator>
#include <utility>

using namespace llvm;
using namespace uniqlink;

/// The names of the `linkages=` values, in the order they are printed.
static constexpr std::pair<LinkageMask, StringLiteral> LinkageNames[] = {
    {LinkOnceODR, "linkonce_odr"},
    {WeakODR, "weak_odr"},
    {LinkOnceAny, "linkonce"},
    {WeakAny, "weak"},
};

StringRef uniqlink::renameModeName(RenameMode Mode) {
  switch (Mode) {
  case RenameMode::Hash:
    return "hash";
  case RenameMode::UUID:
    return "uuid";
  case RenameMode::HashAndUUID:
    return "hash+uuid";
  }
  llvm_unreachable("unknown mode");
}

static Error paramError(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), "unique-linkonce: " + Msg);
}

/// A uuid part is decimal so that both GNU c++filt and llvm-cxxfilt accept
/// the suffix; 39 digits hold any 128-bit value.
static bool isValidUUID(StringRef S) {
  return !S.empty() && S.size() <= 39 && llvm::all_of(S, isDigit);
}

Expected<UniqueLinkonceOptions>
uniqlink::parseUniqueLinkonceOptions(StringRef Params,
                                     UniqueLinkonceOptions Opts) {
  while (!Params.empty()) {
    StringRef Param;
    std::tie(Param, Params) = Params.split(';');
    if (Param.empty())
      continue;
    auto [Key, Value] = Param.split('=');
    if (Key == "mode") {
      std::optional<RenameMode> Mode =
          StringSwitch<std::optional<RenameMode>>(Value)
              .Case("hash", RenameMode::Hash)
              .Case("uuid", RenameMode::UUID)
              .Case("hash+uuid", RenameMode::HashAndUUID)
              .Default(std::nullopt);
      if (!Mode)
        return paramError("invalid mode '" + Value +
                          "' (expected hash, uuid or hash+uuid)");
      Opts.Mode = *Mode;
    } else if (Key == "uuid") {
      if (!isValidUUID(Value))
        return paramError("invalid uuid '" + Value +
                          "' (expected 1 to 39 decimal digits)");
      Opts.UUID = Value.str();
    } else if (Key == "linkages") {
      unsigned Mask = 0;
      SmallVector<StringRef, 4> Names;
      Value.split(Names, '+');
      for (StringRef Name : Names) {
        const auto *It = llvm::find_if(
            LinkageNames, [&](const auto &L) { return L.second == Name; });
        unsigned Bit = It == std::end(LinkageNames) ? 0 : It->first;
        if (!Bit)
          return paramError("invalid linkage '" + Name +
                            "' (expected linkonce_odr, weak_odr, linkonce "
                            "or weak, joined with '+')");
        Mask |= Bit;
      }
      Opts.Linkages = Mask;
    } else if (Key == "map") {
      if (Value.empty())
        return paramError("'map=' needs a file name");
      Opts.MapFile = Value.str();
    } else if (Key == "map-metadata" && Param == Key) {
      Opts.MapMetadata = true;
    } else {
      return paramError(
          "invalid parameter '" + Param +
          "' (expected mode=, uuid=, linkages=, map= or map-metadata)");
    }
  }
  return Opts;
}

std::string
uniqlink::printUniqueLinkonceOptions(const UniqueLinkonceOptions &O) {
  std::string S;
  raw_string_ostream OS(S);
  OS << "mode=" << renameModeName(O.Mode);
  if (!O.UUID.empty())
    OS << ";uuid=" << O.UUID;
  OS << ";linkages=";
  ListSeparator Plus("+");
  for (auto [Bit, Name] : LinkageNames)
    if (O.Linkages & Bit)
      OS << Plus << Name;
  if (!O.MapFile.empty())
    OS << ";map=" << O.MapFile;
  if (O.MapMetadata)
    OS << ";map-metadata";
  return S;
}
