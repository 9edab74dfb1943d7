//===- Diagnostics.cpp - Collision text, CollisionError and JSON ---------===//
//
// One place that turns collisions into words (the llvm::Error message a JIT
// prints) and into JSON (what uniqlink-check --format=json emits), so the
// two never disagree.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Diagnostics.h"
#include "JSONString.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace uniqlink {

char CollisionError::ID = 0;

CollisionError::CollisionError(std::string NewOrigin,
                               std::vector<Collision> Collisions)
    : NewOrigin(std::move(NewOrigin)), Collisions(std::move(Collisions)) {}

void CollisionError::log(raw_ostream &OS) const {
  OS << NewOrigin << ": refused: " << Collisions.size()
     << (Collisions.size() == 1 ? " symbol collides" : " symbols collide")
     << " with loaded definitions";
  for (const Collision &C : Collisions)
    OS << "\n" << C.describe();
}

std::error_code CollisionError::convertToErrorCode() const {
  return inconvertibleErrorCode();
}

StringRef evidenceName(Evidence E) {
  switch (E) {
  case Evidence::Bytes:
    return "bytes";
  case Evidence::OdrTable:
    return "odr-table";
  case Evidence::OdrTableThenBytes:
    return "odr-table+bytes";
  }
  return "bytes";
}

std::string Collision::describe() const {
  std::string S;
  raw_string_ostream OS(S);
  OS << "  " << (IsCommon ? "common symbol" : "symbol") << " '" << Demangled
     << "'";
  if (Demangled != Name)
    OS << " (" << Name << ")";
  OS << "\n    loaded: " << LoadedOrigin << " ("
     << symbolBindingName(LoadedBinding) << " " << symbolKindName(LoadedKind)
     << ", fingerprint " << formatDigest(LoadedHash) << ")";
  OS << "\n    new:    " << NewOrigin << " (" << symbolBindingName(NewBinding)
     << " " << symbolKindName(NewKind) << ", fingerprint "
     << formatDigest(NewHash) << ")";
  OS << "\n    first difference: " << FirstDiff.describe();
  OS << "\n    decided by: " << evidenceName(DecidedBy);
  if (DecidedBy == Evidence::OdrTable)
    OS << " (IR hash " << formatDigest(LoadedOdr.Hash) << " vs "
       << formatDigest(NewOdr.Hash) << ", body alone "
       << formatDigest(LoadedOdr.OwnHash) << " vs "
       << formatDigest(NewOdr.OwnHash) << ")";
  else if (DecidedBy == Evidence::OdrTableThenBytes)
    OS << " (same IR body " << formatDigest(NewOdr.OwnHash)
       << ", reaching different definitions: IR hash "
       << formatDigest(LoadedOdr.Hash) << " vs " << formatDigest(NewOdr.Hash)
       << ")";
  return S;
}

static StringRef diffKindName(Difference::DiffKind K) {
  switch (K) {
  case Difference::None:
    return "none";
  case Difference::Kind:
    return "kind";
  case Difference::Size:
    return "size";
  case Difference::Alignment:
    return "alignment";
  case Difference::Bytes:
    return "bytes";
  case Difference::RelocCount:
    return "relocation-count";
  case Difference::Reloc:
    return "relocation";
  case Difference::LocalData:
    return "local-data";
  case Difference::Digest:
    return "digest";
  case Difference::Unexplained:
    return "unexplained";
  }
  return "unknown";
}

json::Value toJSON(const Difference &D) {
  json::Object O{{"kind", diffKindName(D.What)},
                 {"loaded", utf8(D.Loaded)},
                 {"new", utf8(D.New)},
                 {"text", utf8(D.describe())}};
  if (D.What == Difference::Bytes ||
      (D.What == Difference::LocalData && D.Offset != ~uint64_t(0)))
    O["offset"] = int64_t(D.Offset);
  if (D.What == Difference::Reloc || D.What == Difference::LocalData)
    O["reloc_index"] = int64_t(D.RelocIndex);
  return O;
}

json::Value toJSON(const Collision &C) {
  json::Object O{
      {"name", utf8(C.Name)},
      {"demangled", utf8(C.Demangled)},
      {"common", C.IsCommon},
      {"loaded_object", utf8(C.LoadedOrigin)},
      {"new_object", utf8(C.NewOrigin)},
      {"loaded_kind", symbolKindName(C.LoadedKind)},
      {"new_kind", symbolKindName(C.NewKind)},
      {"loaded_binding", symbolBindingName(C.LoadedBinding)},
      {"new_binding", symbolBindingName(C.NewBinding)},
      {"loaded_fingerprint", formatDigest(C.LoadedHash)},
      {"new_fingerprint", formatDigest(C.NewHash)},
      {"first_difference", toJSON(C.FirstDiff)},
      {"evidence", evidenceName(C.DecidedBy)},
  };
  if (C.DecidedBy != Evidence::Bytes) {
    O["loaded_odr_hash"] = formatDigest(C.LoadedOdr.Hash);
    O["new_odr_hash"] = formatDigest(C.NewOdr.Hash);
    O["loaded_odr_own_hash"] = formatDigest(C.LoadedOdr.OwnHash);
    O["new_odr_own_hash"] = formatDigest(C.NewOdr.OwnHash);
  }
  return O;
}

json::Value toJSON(const SymbolFingerprint &S) {
  json::Array Relocs;
  for (const RelocRecord &R : S.Relocs) {
    json::Object O{
        {"offset", int64_t(R.Offset)},
        {"type", R.TypeName.empty() ? std::to_string(R.Type) : R.TypeName},
        {"addend", R.Addend}};
    if (R.TargetIsLocal) {
      O["local"] = utf8(R.Local.Where);
      O["local_offset"] = int64_t(R.Local.OffsetInRegion);
      O["local_fingerprint"] = formatDigest(R.Local.Hash);
    } else {
      O["target"] = utf8(R.TargetName);
    }
    Relocs.push_back(std::move(O));
  }
  json::Object O{{"name", utf8(S.Name)},
                 {"kind", symbolKindName(S.Kind)},
                 {"binding", symbolBindingName(S.Binding)},
                 {"section", utf8(S.Section)},
                 {"size", int64_t(S.Size)},
                 {"fingerprint", formatDigest(S.Hash)},
                 {"relocations", std::move(Relocs)}};
  if (S.HasOdrHash) {
    O["odr_hash"] = formatDigest(S.Odr.Hash);
    O["odr_own_hash"] = formatDigest(S.Odr.OwnHash);
  }
  return O;
}

Error takeCollisions(Error E, std::vector<Collision> &Out) {
  return handleErrors(std::move(E), [&](const CollisionError &CE) {
    Out.insert(Out.end(), CE.collisions().begin(), CE.collisions().end());
  });
}

} // namespace uniqlink
