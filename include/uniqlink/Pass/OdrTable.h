//===- uniqlink/Pass/OdrTable.h - IR hashes carried in objects --*- C++ -*-===//
//
// The ODR table records, for every weak definition of a module
// (linkonce_odr, weak_odr, linkonce, weak), its final symbol name (as the
// object spells it: the module's DataLayout global prefix, e.g. Mach-O's
// "_", is applied) and the
// content hash (ContentHash.h) of its IR, in a small non-loaded section of
// the object. uniqlink-check trusts these hashes over raw bytes: two copies of
// an inline function optimized differently in two translation units carry
// the same hash, two different bodies with one name carry different ones.
//
// Which hash: the IR as the front end produced it, normalized for what
// clang emits differently at different -O levels (function-level attributes
// such as optnone/noinline/frame-pointer, but not target-cpu/-features;
// instruction metadata such as TBAA; lifetime markers and the blocks they
// leave empty), hashed as the module would be in that form, without
// rewriting it (uniqlink-odr-hash<on-copy> rewrites a copy instead: the
// same hashes, ~20x the cost). OdrHashStashPass runs
// at the start of the pipeline (PipelineStart) and attaches each weak
// definition's hashes as metadata `!uniqlink.odr.hash !{i64 H, i64 Own}`;
// metadata
// survives optimization. At OptimizerLast, OdrCollectPass reads and strips
// it (so it cannot change unique-linkonce's hashes), unique-linkonce
// renames, and OdrTablePass writes the table under the final names. A weak
// definition without a stashed hash (created by the optimizer, or opt
// without the stash pass) is hashed then, after optimization.
//
// Two hashes per definition. `Hash`: references to other weak or local
// definitions count by their content, so a caller of a colliding inline
// function differs too (it may have inlined it, and the callee's own copy
// may be gone from the object). `OwnHash`: references to other weak
// definitions count by name, local ones still by content: the body alone.
// Different bodies are always different IR, so they never share either
// hash. The checker (Registry.h) trusts equal `Hash`es, rejects different
// `OwnHash`es, and judges the rest (same body, different definitions
// reached from it) by bytes: one real difference deep in a header (a
// vtable built with -fno-rtti) then no longer condemns every caller.
//
// Section: `.uniqlink.odr` (ELF, SHF_EXCLUDE via !exclude: never in a linked
// image), `__LLVM,__uniqlink_odr` (Mach-O; ld64 drops the __LLVM segment only
// with -bitcode_bundle; otherwise it costs its size), `.uniqodr` (COFF,
// IMAGE_SCN_LNK_REMOVE via !exclude). The global is private, constant,
// align 1 and in llvm.compiler.used.
//
// The byte format is in uniqlink/Format/OdrTable.h.
//
// Aliases are not recorded (they have no body of their own).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_PASS_ODRTABLE_H
#define UNIQLINK_PASS_ODRTABLE_H

#include "uniqlink/Format/OdrTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class GlobalValue;
class Module;
} // namespace llvm

namespace uniqlink {

/// The metadata kind of stashed hashes.
inline constexpr llvm::StringLiteral OdrHashMetadata = "uniqlink.odr.hash";
/// The name of the table global (private, so not a symbol of the object).
inline constexpr llvm::StringLiteral OdrTableGlobal = "__uniqlink_odr_table";

/// The section the table goes in for an object of target triple \p TT, as
/// an IR section name (Mach-O: "segment,section"). ELF unless the triple
/// names Apple/Darwin (Mach-O) or Windows (COFF).
llvm::StringRef odrTableSection(llvm::StringRef TT);

/// Final weak definition -> ODR hash.
using OdrHashes = llvm::DenseMap<const llvm::GlobalValue *, OdrHashPair>;

/// How ODR hashes are computed: through a view of the normalized form
/// (InPlace), or on a normalized copy of the module (OnCopy: the reference
/// the view is tested against, and a debugging aid). Same hashes.
enum class OdrHashing { InPlace, OnCopy };

/// Attaches `!uniqlink.odr.hash` to every weak definition of \p M that has
/// none yet; returns how many it attached.
unsigned stashOdrHashes(llvm::Module &M, OdrHashing How = OdrHashing::InPlace);

/// The hash of every weak definition (stashed, else computed now), and
/// removes the stashed metadata (so it cannot change other content hashes).
OdrHashes collectOdrHashes(llvm::Module &M);

/// Writes the table of \p M: its weak definitions under their current
/// names, with their hash from \p Collected, else computed now. Replaces a
/// previous table. Returns the entries (none and no previous table: no
/// table is emitted).
std::vector<OdrEntry> emitOdrTable(llvm::Module &M, const OdrHashes &Collected);

/// collectOdrHashes then emitOdrTable.
std::vector<OdrEntry> emitOdrTable(llvm::Module &M);

/// `uniqlink-odr-hash`: stashOdrHashes at the start of the pipeline.
struct OdrHashStashPass : llvm::PassInfoMixin<OdrHashStashPass> {
  explicit OdrHashStashPass(OdrHashing How = OdrHashing::InPlace) : How(How) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  OdrHashing How;
};

/// Rewrites the module into the normalized form its ODR hashes are computed
/// on (what normalizeForOdr, lib/Pass/OdrNormalize.cpp, does to the copy): a
/// debugging and testing aid, `opt -passes=uniqlink-odr-normalize` shows what
/// the table compares.
struct OdrNormalizePass : llvm::PassInfoMixin<OdrNormalizePass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// collectOdrHashes into a state shared with a later OdrTablePass (the
/// rename runs in between).
struct OdrCollectPass : llvm::PassInfoMixin<OdrCollectPass> {
  explicit OdrCollectPass(std::shared_ptr<OdrHashes> State)
      : State(std::move(State)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  std::shared_ptr<OdrHashes> State;
};

/// `uniqlink-odr-table`: emits the table; with a state, from the hashes an
/// OdrCollectPass collected, else collects them itself.
struct OdrTablePass : llvm::PassInfoMixin<OdrTablePass> {
  explicit OdrTablePass(std::shared_ptr<OdrHashes> State = nullptr)
      : State(std::move(State)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  std::shared_ptr<OdrHashes> State;
};

} // namespace uniqlink

#endif // UNIQLINK_PASS_ODRTABLE_H
