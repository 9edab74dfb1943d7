//===- OdrAttach.cpp - ODR table hashes onto fingerprints ----------------===//
//
// An object compiled with the ODR table passes carries, per weak definition,
// the IR hash pair of its body (uniqlink/Format/OdrTable.h). This decodes
// every table section of a Model and attaches the pair to the fingerprint
// of the symbol of the same name, where the registry lets it decide
// identity instead of the bytes. A damaged table, or two tables that
// disagree about one name, makes the object unreadable: a table that lies
// would admit what it should refuse.
//
//===----------------------------------------------------------------------===//
#include "Fingerprinter.h"
#include "uniqlink/Format/OdrTable.h"
#include "llvm/ADT/StringMap.h"

using namespace llvm;

namespace uniqlink {
namespace detail {

/// Merges the entries of the table section \p S into \p Hashes.
static Error mergeTable(const MSection &S, StringMap<OdrHashPair> &Hashes) {
  if (S.Virtual || S.Data.size() != S.Size)
    return malformed("section '" + S.Name + "': ODR table has no contents");
  auto EntriesOrErr = decodeOdrTable(S.Data);
  if (!EntriesOrErr)
    return malformed("section '" + S.Name +
                     "': " + toString(EntriesOrErr.takeError()));
  for (const OdrEntry &E : *EntriesOrErr) {
    auto [It, Inserted] = Hashes.try_emplace(E.Name, E.Hashes);
    if (!Inserted && It->second != E.Hashes)
      return malformed("section '" + S.Name +
                       "': conflicting ODR table entries for '" + E.Name + "'");
  }
  return Error::success();
}

Error attachOdrTable(const Model &M, ObjectFingerprint &OF) {
  StringMap<OdrHashPair> Hashes;
  for (const MSection &S : M.Sections) {
    if (!isOdrTableSection(S.Name))
      continue;
    OF.HasOdrTable = true;
    if (Error E = mergeTable(S, Hashes))
      return E;
  }
  // Most objects have no table: then there is nothing to look up.
  if (Hashes.empty())
    return Error::success();
  for (SymbolFingerprint &SF : OF.Symbols) {
    auto It = Hashes.find(SF.Name);
    if (It == Hashes.end())
      continue;
    SF.HasOdrHash = true;
    SF.Odr = It->second;
  }
  return Error::success();
}

} // namespace detail
} // namespace uniqlink
