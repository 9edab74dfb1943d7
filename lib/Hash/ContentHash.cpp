//===- ContentHash.cpp - Merkle hashes over the module reference graph ----===//
//
// Each content-hashed definition is a node; its edges are the content-hashed
// globals its body references (IREncoder records them as indices). Strongly
// connected components come out of Tarjan's algorithm callees-first, so every
// reference outside the current component already has its final hash.
//
//  * A node outside any cycle hashes its own bytes followed by the final
//    hashes of its references, in reference order.
//  * A node inside a cycle hashes a canonical walk of its component: a
//    breadth-first numbering that starts at the node and follows references
//    in order; each visited node contributes its own bytes, and each
//    reference either its number (inside the component) or its final hash.
//    The walk depends only on the graph's shape seen from the node, never on
//    module order or names, so recursion and mutual recursion hash the same
//    however a module lists them.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Hash/ContentHash.h"

#include "IREncoder.h"

#include "uniqlink/Compat/Support.h"
#include "uniqlink/Format/Bytes.h"
#include "uniqlink/Hash/Eligibility.h"

#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueSymbolTable.h"

#include <deque>

using namespace llvm;
using namespace uniqlink;

namespace {
struct Node {
  const GlobalValue *GV = nullptr;
  uint64_t Local = 0;
  uint64_t Final = 0;
  /// The component, once found; until then a visited node is on the stack.
  unsigned SCC = ~0u;
  /// Tarjan's visit number and lowest reachable visit number.
  unsigned Visit = ~0u;
  unsigned Low = ~0u;
  /// The node's references: [RefsBegin, RefsEnd) of RefGraph::Edges.
  unsigned RefsBegin = 0;
  unsigned RefsEnd = 0;
};

/// The reference graph: nodes and references are indices into Nodes, every
/// node's references live in one array, and the components are found in the
/// nodes' own fields. At a million definitions a small vector per node and
/// scc_iterator's maps were most of the memory the hashing touched, and
/// fresh pages cost more than the hashing itself; indices halve the edges
/// and let them be written as the encoder reports them.
struct RefGraph {
  std::vector<Node> Nodes;
  std::vector<unsigned> Edges;

  ArrayRef<unsigned> refs(const Node &N) const {
    return ArrayRef<unsigned>(Edges).slice(N.RefsBegin,
                                           N.RefsEnd - N.RefsBegin);
  }
  /// Appends \p Refs as the references of \p N.
  void setRefs(Node &N, ArrayRef<unsigned> Refs) {
    N.RefsBegin = Edges.size();
    Edges.insert(Edges.end(), Refs.begin(), Refs.end());
    N.RefsEnd = Edges.size();
  }
};

/// The bytes of one Merkle step: 64-bit words, little-endian.
class HashSink {
public:
  void u64(uint64_t V) { appendFixed64(Bytes, V); }
  uint64_t finish() { return compat::hashBytes(Bytes); }
  void clear() { Bytes.clear(); }

private:
  SmallVector<uint8_t, 256> Bytes;
};
} // namespace

/// Whether the pass with its default options may rename \p GV: linkonce_odr
/// only (the default selection), and no mutable variable (its identity is
/// shared state: it keeps its name).
static bool isRenamedByDefault(const GlobalValue &GV) {
  if (!isMergeableDefinition(GV) || !GV.hasLinkOnceODRLinkage())
    return false;
  const auto *V = dyn_cast<GlobalVariable>(&GV);
  return !V || V->isConstant();
}

RefKind uniqlink::defaultRefKind(const GlobalValue &GV) {
  return refKindOf(GV, isRenamedByDefault);
}

/// Hashes one cyclic component member: the canonical breadth-first walk of
/// the component from \p Start.
static uint64_t hashCycleFrom(const RefGraph &G, unsigned Start, HashSink &Sink,
                              DenseMap<unsigned, unsigned> &Numbers) {
  Sink.clear();
  Numbers.clear();
  std::deque<unsigned> Queue;
  Numbers[Start] = 0;
  Queue.push_back(Start);
  Sink.u64(0xC7C1E); // Distinguishes cyclic from acyclic encodings.
  unsigned SCC = G.Nodes[Start].SCC;
  while (!Queue.empty()) {
    const Node &N = G.Nodes[Queue.front()];
    Queue.pop_front();
    Sink.u64(N.Local);
    for (unsigned R : G.refs(N)) {
      if (G.Nodes[R].SCC != SCC) {
        Sink.u64(1);
        Sink.u64(G.Nodes[R].Final);
        continue;
      }
      auto [It, New] = Numbers.try_emplace(R, Numbers.size());
      if (New)
        Queue.push_back(R);
      Sink.u64(2);
      Sink.u64(It->second);
    }
  }
  return Sink.finish();
}

ContentHashes uniqlink::computeContentHashes(const Module &M,
                                             RefClassifier Classify) {
  SmallVector<const GlobalValue *, 0> Roots;
  for (const GlobalValue &GV : M.global_values())
    Roots.push_back(&GV);
  return computeContentHashes(M, Classify, Roots);
}

/// Calls \p Visit with the members of each strongly connected component of
/// \p G, callees first (Tarjan's algorithm, iterative). Which order
/// components of one level come in does not matter: each hash depends only
/// on its component's shape and the final hashes of what it references.
static void forEachComponent(RefGraph &G,
                             function_ref<void(ArrayRef<unsigned>)> Visit) {
  unsigned Counter = 0;
  std::vector<unsigned> Stack;
  // (node, the position of its next reference to follow in G.Edges).
  std::vector<std::pair<unsigned, unsigned>> Path;
  auto Enter = [&](unsigned N) {
    Node &Nd = G.Nodes[N];
    Nd.Visit = Nd.Low = Counter++;
    Stack.push_back(N);
    Path.emplace_back(N, Nd.RefsBegin);
  };
  for (unsigned Start = 0; Start != G.Nodes.size(); ++Start) {
    if (G.Nodes[Start].Visit != ~0u)
      continue;
    Enter(Start);
    while (!Path.empty()) {
      auto [N, Next] = Path.back();
      Node &Nd = G.Nodes[N];
      if (Next != Nd.RefsEnd) {
        ++Path.back().second;
        const Node &Rd = G.Nodes[G.Edges[Next]];
        if (Rd.Visit == ~0u)
          Enter(G.Edges[Next]);
        else if (Rd.SCC == ~0u) // On the stack.
          Nd.Low = std::min(Nd.Low, Rd.Visit);
        continue;
      }
      Path.pop_back();
      if (!Path.empty()) {
        Node &Parent = G.Nodes[Path.back().first];
        Parent.Low = std::min(Parent.Low, Nd.Low);
      }
      if (Nd.Low != Nd.Visit)
        continue;
      auto Begin = llvm::find(llvm::reverse(Stack), N).base() - 1;
      Visit(ArrayRef<unsigned>(&*Begin, Stack.data() + Stack.size()));
      Stack.erase(Begin, Stack.end());
    }
  }
}

/// Sets Node::Final of every node of \p G from the nodes' own hashes and
/// references: the Merkle step, component by component.
static void finishGraph(RefGraph &G) {
  HashSink Sink;
  DenseMap<unsigned, unsigned> Numbers;
  unsigned SCCId = 0;
  forEachComponent(G, [&](ArrayRef<unsigned> Members) {
    for (unsigned N : Members)
      G.Nodes[N].SCC = SCCId;
    ++SCCId;
    unsigned First = Members.front();
    Node &FirstNode = G.Nodes[First];
    if (Members.size() == 1 && !llvm::is_contained(G.refs(FirstNode), First)) {
      Sink.clear();
      Sink.u64(FirstNode.Local);
      for (unsigned R : G.refs(FirstNode))
        Sink.u64(G.Nodes[R].Final);
      FirstNode.Final = Sink.finish();
      return;
    }
    // Members' final hashes are only assigned after every walk, since the
    // walks read Final of references outside the component only.
    SmallVector<uint64_t, 8> Hashes;
    for (unsigned N : Members)
      Hashes.push_back(hashCycleFrom(G, N, Sink, Numbers));
    for (auto [N, H] : llvm::zip(Members, Hashes))
      G.Nodes[N].Final = H;
  });
}

/// Hashes \p Roots and every ByContent definition they reach into \p G
/// (final hashes in Node::Final); \p RootNodes gets each root's node index
/// (IREncoder::NotANode for a root hashed by name). With \p Second, also
/// hashes them as if Opts.References were \p SecondReferences into \p
/// Second, whose nodes are those of \p G (some unreachable from the roots
/// there), from the same walk over the IR.
static void hashGraph(const Module &M, RefClassifier Classify,
                      ArrayRef<const GlobalValue *> Roots,
                      const HashOptions &Opts, RefGraph &G,
                      SmallVectorImpl<unsigned> &RootNodes,
                      RefClassifier SecondReferences = nullptr,
                      RefGraph *Second = nullptr) {
  // Nodes are discovered from the roots through the references the encoder
  // reports, so definitions nothing asks about are never encoded.
  DenseMap<const GlobalValue *, unsigned> NodeIndex;
  NodeIndex.reserve(Roots.size());
  // Room for every global: pages reserved and never written cost nothing,
  // while growing past the roots (private constants, internal functions)
  // would copy every node into fresh ones. The symbol table counts the named
  // globals without walking the module's lists as Module::size() does.
  G.Nodes.reserve(M.getValueSymbolTable().size());
  auto NodeOf = [&](const GlobalValue &GV, RefClassifier By) -> unsigned {
    if (GV.isDeclaration() || By(GV) != RefKind::ByContent)
      return IREncoder::NotANode;
    auto [It, New] = NodeIndex.try_emplace(&GV, G.Nodes.size());
    if (New) {
      G.Nodes.emplace_back();
      G.Nodes.back().GV = &GV;
    }
    return It->second;
  };
  for (const GlobalValue *GV : Roots)
    RootNodes.push_back(NodeOf(*GV, Classify));

  RefClassifier References = Opts.References ? Opts.References : Classify;
  auto Lookup = [&](const GlobalValue &GV) { return NodeOf(GV, References); };
  // Asked only about globals that have a node already.
  auto SecondLookup = [&](const GlobalValue &GV) {
    return SecondReferences(GV) == RefKind::ByContent ? NodeIndex.lookup(&GV)
                                                      : IREncoder::NotANode;
  };
  IREncoder Encoder(M, Lookup, Opts.View,
                    Second ? IREncoder::NodeLookup(SecondLookup) : nullptr,
                    Opts.OnInlineAsm);
  // The second graph's nodes, built alongside the first's (they are the
  // same nodes, so they are moved in at the end).
  std::vector<Node> SecondNodes;
  if (Second)
    SecondNodes.reserve(G.Nodes.capacity());
  for (size_t I = 0; I != G.Nodes.size(); ++I) {
    LocalEncoding E = Encoder.encode(*G.Nodes[I].GV);
    // Encoding may add nodes: G.Nodes[I] only afterwards.
    Node &N = G.Nodes[I];
    N.Local = E.Hash;
    G.setRefs(N, E.Refs);
    if (Second) {
      SecondNodes.emplace_back();
      SecondNodes.back().GV = N.GV;
      SecondNodes.back().Local = E.SecondHash;
      Second->setRefs(SecondNodes.back(), E.SecondRefs);
    }
  }
  finishGraph(G);
  if (!Second)
    return;
  Second->Nodes = std::move(SecondNodes);
  finishGraph(*Second);
}

/// The final hash of every node of \p G.
static ContentHashes hashesOf(const RefGraph &G) {
  ContentHashes Result;
  Result.reserve(G.Nodes.size());
  for (const Node &N : G.Nodes)
    Result[N.GV] = N.Final;
  return Result;
}

ContentHashes
uniqlink::computeContentHashes(const Module &M, RefClassifier Classify,
                               ArrayRef<const GlobalValue *> Roots) {
  return computeContentHashes(M, Classify, Roots, HashOptions());
}

ContentHashes
uniqlink::computeContentHashes(const Module &M, RefClassifier Classify,
                               ArrayRef<const GlobalValue *> Roots,
                               const HashOptions &Opts) {
  RefGraph G;
  SmallVector<unsigned, 0> RootNodes;
  hashGraph(M, Classify, Roots, Opts, G, RootNodes);
  return hashesOf(G);
}

std::pair<ContentHashes, ContentHashes>
uniqlink::computeContentHashPair(const Module &M, RefClassifier Classify,
                                 ArrayRef<const GlobalValue *> Roots,
                                 const HashOptions &Opts,
                                 RefClassifier SecondReferences) {
  RefGraph G, Second;
  SmallVector<unsigned, 0> RootNodes;
  hashGraph(M, Classify, Roots, Opts, G, RootNodes, SecondReferences, &Second);
  return {hashesOf(G), hashesOf(Second)};
}

SmallVector<uint64_t, 0>
uniqlink::computeRootHashes(const Module &M, RefClassifier Classify,
                            ArrayRef<const GlobalValue *> Roots) {
  return computeRootHashes(M, Classify, Roots, HashOptions());
}

SmallVector<uint64_t, 0>
uniqlink::computeRootHashes(const Module &M, RefClassifier Classify,
                            ArrayRef<const GlobalValue *> Roots,
                            const HashOptions &Opts) {
  RefGraph G;
  SmallVector<unsigned, 0> RootNodes;
  hashGraph(M, Classify, Roots, Opts, G, RootNodes);
  SmallVector<uint64_t, 0> Result;
  Result.reserve(Roots.size());
  for (unsigned N : RootNodes)
    Result.push_back(N == IREncoder::NotANode ? 0 : G.Nodes[N].Final);
  return Result;
}
