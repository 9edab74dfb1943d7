//===- uniqlink/Pass/UniqueLinkonce.h - Unique linkonce names ---*- C++ -*-===//
//
// The `unique-linkonce` transformation: renames every selected weak
// definition (by default `linkonce_odr`) to
//
//   <original>.<tag>.<content hash>[.<uuid>]
//
// so that two different bodies can never share a name, while identical bodies
// still merge in the deterministic (`hash`) mode. The name grammar is
// uniqlink/Format/SymbolName.h.
//
// The C++ API (renameLinkonceDefinitions) lets a JIT rename a module before
// adding it; UniqueLinkoncePass wraps it for the new pass manager.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_PASS_UNIQUELINKONCE_H
#define UNIQLINK_PASS_UNIQUELINKONCE_H

#include "uniqlink/Format/SymbolName.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class GlobalValue;
class Module;
} // namespace llvm

namespace uniqlink {

/// Which parts make up the new name.
enum class RenameMode {
  Hash,        ///< <name>.__ul.<hash>: deterministic, identical bodies merge.
  UUID,        ///< <name>.__ul.<uuid>: unique per pass run, nothing merges.
  HashAndUUID, ///< <name>.__ul.<hash>.<uuid>: the default.
};

/// The name of \p Mode as the `mode=` parameter and the JSON map spell it.
llvm::StringRef renameModeName(RenameMode Mode);

/// Which linkages are renamed. Non-ODR linkages (`linkonce`, `weak`) may be
/// overridden by a strong definition elsewhere; renaming them breaks that, so
/// they are opt-in.
enum LinkageMask : unsigned {
  LinkOnceODR = 1u << 0,
  WeakODR = 1u << 1,
  LinkOnceAny = 1u << 2,
  WeakAny = 1u << 3,
};

struct UniqueLinkonceOptions {
  RenameMode Mode = RenameMode::HashAndUUID;
  /// Fixed uuid part (decimal digits); empty means a random one per run.
  std::string UUID;
  unsigned Linkages = LinkOnceODR;
  /// If not empty, the rename map is also written there as JSON.
  std::string MapFile;
  /// Also record the map in the module as `!uniqlink.renames`. Off by
  /// default: every old name is the new name up to its `.__ul.` suffix, and
  /// the strings cost memory and ~10 % of the pass.
  bool MapMetadata = false;
};

/// The options in pass-parameter syntax; parses back to the same options.
std::string printUniqueLinkonceOptions(const UniqueLinkonceOptions &Opts);

/// Parses `mode=hash|uuid|hash+uuid;uuid=<digits>;
/// linkages=linkonce_odr+weak_odr+linkonce+weak;map=<path>;map-metadata`
/// (the pass parameters), starting from \p Defaults.
llvm::Expected<UniqueLinkonceOptions>
parseUniqueLinkonceOptions(llvm::StringRef Params,
                           UniqueLinkonceOptions Defaults = {});

/// One renamed symbol.
struct RenameEntry {
  std::string OldName;
  std::string NewName;
  uint64_t ContentHash;
};

/// Everything renameLinkonceDefinitions did, in module order.
struct RenameResult {
  std::vector<RenameEntry> Renamed;
  /// Symbols that were eligible but kept their names, with the reason.
  std::vector<std::pair<std::string, std::string>> Skipped;
  /// The uuid used for this run (empty in hash mode).
  std::string UUID;
};

/// Renames the selected weak definitions of \p M. The module stays valid and
/// means the same program. Running it again on its output renames nothing.
/// With Opts.MapMetadata the map is also recorded as the named metadata
/// `uniqlink.renames` (pairs of MDStrings: old, new). Fails only on bad
/// options or when the map file cannot be written; the module is then
/// unchanged.
llvm::Expected<RenameResult>
renameLinkonceDefinitions(llvm::Module &M, const UniqueLinkonceOptions &Opts);

/// The same, returning the number of symbols renamed, and recording what it
/// did in \p Result only if that is not null. Without a result no name is
/// copied (what the pass runs: at a million symbols the copies were a fifth
/// of the memory the renaming touched).
llvm::Expected<size_t>
renameLinkonceDefinitions(llvm::Module &M, const UniqueLinkonceOptions &Opts,
                          RenameResult *Result);

/// The new-pass-manager pass `unique-linkonce<...>`.
class UniqueLinkoncePass : public llvm::PassInfoMixin<UniqueLinkoncePass> {
public:
  explicit UniqueLinkoncePass(UniqueLinkonceOptions Opts = {})
      : Opts(std::move(Opts)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>
                         MapClassName2PassName);
  static bool isRequired() { return true; }

private:
  UniqueLinkonceOptions Opts;
};

} // namespace uniqlink

#endif // UNIQLINK_PASS_UNIQUELINKONCE_H
