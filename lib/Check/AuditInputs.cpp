//===- AuditInputs.cpp - The objects behind uniqlink-check's paths -------===//
//
// A path given to uniqlink-check is an object file, a static archive (each
// member an object, named "archive(member)"), a directory (every file below
// it, in sorted order, non-objects skipped) or, with --carve, a file that
// embeds objects (each named "file@0x<offset>"). Each object found goes to
// Auditor::admit with its Source, so that it can be read again when a later
// object collides with it and the report needs both in full.
//
//===----------------------------------------------------------------------===//
#include "Auditor.h"
#include "uniqlink/Check/ArchiveWalk.h"
#include "uniqlink/Check/Carve.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Support/FileSystem.h"
#include <optional>

using namespace llvm;

namespace uniqlink {
namespace audit {

/// The member at \p Src.Index of the archive in \p R, into \p R.Ref (named
/// after the archive: ArchiveMember::Buffer's name dies with the visit).
static Error reloadMember(Reloaded &R, const Source &Src) {
  std::optional<Expected<MemoryBufferRef>> Found;
  Error WalkErr = walkArchive(
      R.Ref, Src.Path, [&](const ArchiveMember &M, Error E) -> bool {
        if (M.Index != Src.Index) {
          consumeError(std::move(E));
          return true;
        }
        if (E)
          Found.emplace(std::move(E));
        else
          Found.emplace(MemoryBufferRef(M.Buffer.getBuffer(),
                                        R.Ref.getBufferIdentifier()));
        return false;
      });
  if (!Found) {
    if (WalkErr)
      return WalkErr;
    return createStringError(inconvertibleErrorCode(),
                             Src.Path + ": archive member not found again");
  }
  consumeError(std::move(WalkErr));
  if (!*Found)
    return Found->takeError();
  R.Ref = **Found;
  return Error::success();
}

Expected<Reloaded> reload(const Source &Src) {
  auto BufOrErr = MemoryBuffer::getFile(Src.Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return createFileError(Src.Path, BufOrErr.getError());
  Reloaded R;
  R.File = std::move(*BufOrErr);
  R.Ref = R.File->getMemBufferRef();
  if (Src.What == Source::File)
    return std::move(R);
  if (Src.What == Source::Carved) {
    for (CarvedObject &C : carveObjects(R.Ref))
      if (C.Offset == Src.Index) {
        R.Carved = std::move(C.Storage);
        R.Ref = C.Buffer;
        return std::move(R);
      }
    return createStringError(inconvertibleErrorCode(),
                             Src.Path + ": embedded object not found again");
  }
  if (Error E = reloadMember(R, Src))
    return std::move(E);
  return std::move(R);
}

void Auditor::loadArchive(MemoryBufferRef Buffer, StringRef Path) {
  Error Err = walkArchive(Buffer, Path, [&](const ArchiveMember &M, Error E) {
    if (E)
      unreadable(M.Origin, std::move(E));
    else
      admit(M.Buffer, M.Origin, Source{Source::Member, Path.str(), M.Index});
    return true;
  });
  if (Err)
    unreadable(Path, std::move(Err));
}

void Auditor::loadCarved(MemoryBufferRef Buffer, StringRef Path,
                         bool InDirectory) {
  std::vector<CarvedObject> Found = carveObjects(Buffer);
  if (Found.empty() && !InDirectory)
    Report->noEmbeddedObjects(Path);
  for (const CarvedObject &C : Found)
    admit(MemoryBufferRef(C.Buffer.getBuffer(), C.Name), C.Name,
          Source{Source::Carved, Path.str(), C.Offset});
}

void Auditor::loadFile(StringRef Path, bool InDirectory) {
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return unreadable(Path, BufOrErr.getError().message());
  MemoryBufferRef Buffer = (*BufOrErr)->getMemBufferRef();
  switch (identify_magic(Buffer.getBuffer())) {
  case file_magic::archive:
    return loadArchive(Buffer, Path);
  case file_magic::elf_relocatable:
  case file_magic::macho_object:
  case file_magic::coff_object:
    return admit(Buffer, Path, Source{Source::File, Path.str(), 0});
  default:
    break;
  }
  if (Options.Carve)
    return loadCarved(Buffer, Path, InDirectory);
  if (!InDirectory)
    unreadable(Path, "not a relocatable object file or archive (use --carve "
                     "to look for embedded objects)");
}

void Auditor::load(StringRef Path) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return unreadable(Path, EC.message());
  if (!sys::fs::is_directory(Status))
    return loadFile(Path, /*InDirectory=*/false);
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Path, EC), End;
       It != End && !EC; It.increment(EC)) {
    auto St = It->status();
    if (St && sys::fs::is_regular_file(*St))
      Files.push_back(It->path());
  }
  if (EC)
    unreadable(Path, EC.message());
  llvm::sort(Files);
  for (const std::string &F : Files)
    loadFile(F, /*InDirectory=*/true);
}

} // namespace audit
} // namespace uniqlink
