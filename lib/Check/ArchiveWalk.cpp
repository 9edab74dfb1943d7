//===- ArchiveWalk.cpp - Members of a static archive ---------------------===//
//
// One walk over archive members for every caller (ArchiveWalk.h), so that
// the bounds check and the spelling of a member's origin exist once: a
// member's size field is trusted by llvm::object::Archive for the last
// member, so a member reaching past the archive's end is refused here.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/ArchiveWalk.h"
#include "llvm/Object/Archive.h"

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {

/// Reads member \p C of the archive in \p Whole into \p M, or says why not.
static Error readMember(const Archive::Child &C, MemoryBufferRef Whole,
                        StringRef Path, ArchiveMember &M) {
  auto NameOrErr = C.getName();
  if (!NameOrErr) {
    M.Origin = Path.str();
    return NameOrErr.takeError();
  }
  M.Origin = (Path + "(" + *NameOrErr + ")").str();
  auto MemberOrErr = C.getMemoryBufferRef();
  if (!MemberOrErr)
    return MemberOrErr.takeError();
  // LLVM 19 does not check a member's size field against the archive's
  // end (the next header is checked, but the last member is not).
  StringRef Data = MemberOrErr->getBuffer();
  if (Data.end() > Whole.getBuffer().end())
    return createStringError(
        inconvertibleErrorCode(),
        "archive member extends past the end of the archive");
  M.Buffer = MemoryBufferRef(Data, M.Origin);
  return Error::success();
}

Error walkArchive(MemoryBufferRef Whole, StringRef Path,
                  ArchiveMemberVisitor Visit) {
  auto ArOrErr = Archive::create(Whole);
  if (!ArOrErr)
    return ArOrErr.takeError();
  Error Err = Error::success();
  uint64_t Index = 0;
  for (const Archive::Child &C : (*ArOrErr)->children(Err)) {
    ArchiveMember M;
    M.Index = Index++;
    Error MemberErr = readMember(C, Whole, Path, M);
    if (!Visit(M, std::move(MemberErr)))
      break;
  }
  return Err;
}

} // namespace uniqlink
