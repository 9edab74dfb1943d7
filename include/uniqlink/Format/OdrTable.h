//===- uniqlink/Format/OdrTable.h - ODR table bytes -------------*- C++ -*-===//
//
// The ODR table's byte format, shared by the pass that writes it
// (uniqlink/Pass/OdrTable.h) and the checker that reads it (lib/Check).
// Header-only and free of IR so the checker library does not depend on the
// pass.
//
// Format, version 2 (all integers little-endian):
//
//   table  := magic "ULODR" (5 bytes), version (1 byte, = 2),
//             count (u32), entry * count
//   entry  := name length (u32), name bytes (no NUL), hash (u64),
//             own hash (u64)
//
// `hash` covers the body and, by content, every weak or local definition it
// reaches; `own hash` covers the body alone, with references to other weak
// definitions by name (uniqlink/Pass/OdrTable.h says why both). Version 1
// entries have only `hash`; readers still accept them and take it for both.
//
// Entries are sorted by name, names are unique. A section may hold several
// tables back to back, with no padding (`ld -r` concatenates sections; the
// table is 1-byte aligned); readers parse until the end of the section. A
// name in two tables must have one hash.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_FORMAT_ODRTABLE_H
#define UNIQLINK_FORMAT_ODRTABLE_H

#include "uniqlink/Format/Bytes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace uniqlink {

/// The table's magic and version.
inline constexpr llvm::StringLiteral OdrTableMagic = "ULODR";
inline constexpr uint8_t OdrTableVersion = 2;

/// True if \p SectionName (as the checker's object models spell it: Mach-O
/// as "segment,section") holds an ODR table in some format.
inline bool isOdrTableSection(llvm::StringRef SectionName) {
  return SectionName == ".uniqlink.odr" ||
         SectionName == "__LLVM,__uniqlink_odr" || SectionName == ".uniqodr";
}

/// The two ODR hashes of one weak definition: what the pass computes, the
/// table carries, a fingerprint holds, the registry keeps and a collision
/// reports (uniqlink/Pass/OdrTable.h says why there are two).
struct OdrHashPair {
  /// The body and the weak/local definitions it reaches, by content.
  uint64_t Hash = 0;
  /// The body alone: references to other weak definitions by name.
  uint64_t OwnHash = 0;

  bool operator==(const OdrHashPair &O) const {
    return Hash == O.Hash && OwnHash == O.OwnHash;
  }
  bool operator!=(const OdrHashPair &O) const { return !(*this == O); }
};

struct OdrEntry {
  std::string Name;
  OdrHashPair Hashes;

  bool operator==(const OdrEntry &O) const {
    return Name == O.Name && Hashes == O.Hashes;
  }
};

/// Encodes one table (entries as given).
inline std::vector<uint8_t> encodeOdrTable(llvm::ArrayRef<OdrEntry> Entries) {
  llvm::SmallVector<uint8_t, 256> Out(OdrTableMagic.begin(),
                                      OdrTableMagic.end());
  Out.push_back(OdrTableVersion);
  auto U32 = [&](uint32_t V) {
    uint8_t Bytes[4];
    llvm::support::endian::write32le(Bytes, V);
    Out.append(Bytes, Bytes + 4);
  };
  U32(uint32_t(Entries.size()));
  for (const OdrEntry &E : Entries) {
    U32(uint32_t(E.Name.size()));
    Out.append(E.Name.begin(), E.Name.end());
    appendFixed64(Out, E.Hashes.Hash);
    appendFixed64(Out, E.Hashes.OwnHash);
  }
  return std::vector<uint8_t>(Out.begin(), Out.end());
}

inline llvm::Error odrTableError(uint64_t Offset, const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "malformed ODR table at offset %llu: %s",
                                 (unsigned long long)Offset, Msg.str().c_str());
}

/// Decodes a section holding one or more tables. Errors say what is wrong
/// and where (truncated, bad magic, unknown version, duplicate name...).
inline llvm::Expected<std::vector<OdrEntry>>
decodeOdrTable(llvm::ArrayRef<uint8_t> Data) {
  std::vector<OdrEntry> Entries;
  llvm::StringMap<OdrHashPair> Seen;
  uint64_t Pos = 0;
  auto Need = [&](uint64_t N, const char *What) -> llvm::Error {
    if (Data.size() - Pos < N)
      return odrTableError(Pos, llvm::Twine("truncated ") + What);
    return llvm::Error::success();
  };
  auto U32 = [&]() {
    uint32_t V = llvm::support::endian::read32le(Data.data() + Pos);
    Pos += 4;
    return V;
  };
  if (Data.empty())
    return odrTableError(0, "empty section");
  while (Pos < Data.size()) {
    if (llvm::Error E = Need(OdrTableMagic.size() + 1 + 4, "header"))
      return std::move(E);
    if (llvm::StringRef(reinterpret_cast<const char *>(Data.data() + Pos),
                        OdrTableMagic.size()) != OdrTableMagic)
      return odrTableError(Pos, "bad magic");
    Pos += OdrTableMagic.size();
    uint8_t Version = Data[Pos];
    if (Version != 1 && Version != OdrTableVersion)
      return odrTableError(Pos, "unsupported version " +
                                    llvm::Twine(unsigned(Version)));
    ++Pos;
    unsigned HashBytes = Version == 1 ? 8 : 16;
    uint32_t Count = U32();
    for (uint32_t I = 0; I < Count; ++I) {
      if (llvm::Error E = Need(4, "entry"))
        return std::move(E);
      uint32_t Len = U32();
      if (llvm::Error E = Need(uint64_t(Len) + HashBytes, "entry"))
        return std::move(E);
      if (Len == 0)
        return odrTableError(Pos, "empty name");
      OdrEntry Entry;
      Entry.Name.assign(reinterpret_cast<const char *>(Data.data() + Pos), Len);
      Pos += Len;
      Entry.Hashes.Hash = llvm::support::endian::read64le(Data.data() + Pos);
      Pos += 8;
      Entry.Hashes.OwnHash = Entry.Hashes.Hash;
      if (Version != 1) {
        Entry.Hashes.OwnHash =
            llvm::support::endian::read64le(Data.data() + Pos);
        Pos += 8;
      }
      // `ld -r` may bring one name in twice; only with one hash is that sound.
      auto [It, Inserted] = Seen.try_emplace(Entry.Name, Entry.Hashes);
      if (!Inserted && It->second != Entry.Hashes)
        return odrTableError(Pos,
                             "conflicting entries for '" + Entry.Name + "'");
      if (Inserted)
        Entries.push_back(std::move(Entry));
    }
  }
  return Entries;
}

} // namespace uniqlink

#endif // UNIQLINK_FORMAT_ODRTABLE_H
