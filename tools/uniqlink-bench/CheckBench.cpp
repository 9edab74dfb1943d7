//===- CheckBench.cpp - The load-time checker over many objects -----------===//
//
// check/admit-all: fingerprint every object of the given archives (or object
// files) and admit it into one fresh Registry, as uniqlink-check does, with
// the files already in memory (digest-only fingerprints, the registry
// keeping no detail: uniqlink-check's fast path). Counters: symbols/s, MB/s of
// input, and the heap the registry keeps per registered symbol, without the
// name's bytes.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include "uniqlink/Check/ArchiveWalk.h"
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"

#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

using namespace llvm;

namespace uniqlink {
namespace bench {

namespace {

struct Inputs {
  std::vector<std::unique_ptr<MemoryBuffer>> Files;
  /// Every object, with its origin (archive(member) or path).
  std::vector<std::pair<MemoryBufferRef, std::string>> Objects;
  uint64_t Bytes = 0;
};

bool isObject(MemoryBufferRef Buf) {
  file_magic Magic = identify_magic(Buf.getBuffer());
  return Magic == file_magic::elf_relocatable ||
         Magic == file_magic::macho_object || Magic == file_magic::coff_object;
}

Error collect(Inputs &In, const std::string &Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createFileError(Path, Buf.getError());
  MemoryBufferRef Ref = (*Buf)->getMemBufferRef();
  In.Bytes += Ref.getBufferSize();
  In.Files.push_back(std::move(*Buf));
  if (identify_magic(Ref.getBuffer()) != file_magic::archive) {
    In.Objects.emplace_back(Ref, Path);
    return Error::success();
  }
  // With the walker uniqlink-check uses; only members with an object magic
  // count, and an unreadable member makes the input unusable for timing.
  Error MemberErr = Error::success();
  Error Err = walkArchive(Ref, Path, [&](const ArchiveMember &M, Error E) {
    if (E) {
      MemberErr = std::move(E);
      return false;
    }
    // The member's buffer, named after the archive (which outlives it).
    if (isObject(M.Buffer))
      In.Objects.emplace_back(
          MemoryBufferRef(M.Buffer.getBuffer(), Ref.getBufferIdentifier()),
          M.Origin);
    return true;
  });
  if (MemberErr) {
    consumeError(std::move(Err));
    return createFileError(Path, std::move(MemberErr));
  }
  if (Err)
    return createFileError(Path, std::move(Err));
  return Error::success();
}

double minOf(const std::vector<double> &V) {
  return *std::min_element(V.begin(), V.end());
}

/// What one pass over the inputs admitted.
struct AdmitCounts {
  uint64_t Symbols = 0, NameBytes = 0, Rejected = 0, Unreadable = 0;
};

/// Fingerprints and admits every object of \p In into \p Reg (timed).
AdmitCounts admitAll(const Inputs &In, Registry &Reg) {
  AdmitCounts C;
  for (const auto &[Buf, Origin] : In.Objects) {
    auto FP =
        fingerprintObjectBuffer(Buf, Origin, FingerprintDetail::DigestOnly);
    if (!FP) {
      consumeError(FP.takeError());
      ++C.Unreadable;
      continue;
    }
    size_t N = FP->Symbols.size(), Chars = 0;
    for (const SymbolFingerprint &Sym : FP->Symbols)
      Chars += Sym.Name.size() + 1;
    auto R = Reg.admit(std::move(*FP));
    if (!R) {
      consumeError(R.takeError());
      ++C.Rejected;
      continue;
    }
    C.Symbols += N;
    C.NameBytes += Chars;
  }
  return C;
}

/// Sets the counters of one iteration (untimed).
void report(benchmark::State &S, const Inputs &In, const AdmitCounts &C,
            size_t Registered, uint64_t HeapBytes) {
  // What the registry keeps per registered name, minus the name's bytes
  // (+1 for its terminator; the Registry cannot be iterated, so this is
  // the mean length over admitted symbols).
  double MeanName = C.Symbols ? double(C.NameBytes) / C.Symbols : 0;
  S.counters["objects"] = In.Objects.size();
  S.counters["symbols"] = C.Symbols;
  S.counters["registered"] = Registered;
  S.counters["rejected_objects"] = C.Rejected;
  S.counters["unreadable_objects"] = C.Unreadable;
  S.counters["input_MB"] = In.Bytes / 1e6;
  S.counters["mean_name_bytes"] = MeanName;
  S.counters["registry_bytes_per_symbol"] =
      Registered ? double(HeapBytes) / Registered - MeanName : 0;
}

} // namespace

Error registerCheckBenchmarks(const std::vector<std::string> &Paths) {
  auto *In = new Inputs; // Lives as long as the process.
  for (const std::string &P : Paths)
    if (Error E = collect(*In, P))
      return E;

  benchmark::RegisterBenchmark("check/admit-all",
                               [=](benchmark::State &S) {
                                 for (auto _ : S) {
                                   S.PauseTiming();
                                   uint64_t Heap0 = heapInUse();
                                   auto Reg = std::make_unique<Registry>();
                                   S.ResumeTiming();
                                   AdmitCounts C = admitAll(*In, *Reg);
                                   S.PauseTiming();
                                   size_t Registered = Reg->numSymbols();
                                   report(S, *In, C, Registered,
                                          heapInUse() - Heap0);
                                   Reg.reset();
                                   S.ResumeTiming();
                                 }
                               })
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1)
      ->ComputeStatistics("min", minOf);
  return Error::success();
}

} // namespace bench
} // namespace uniqlink
