//===- NamespaceTest.cpp - One namespace per JITDylib, owned by keys ------===//
//
// The per-JITDylib state ObjectGate and IRDefinitionGuard share
// (uniqlink/ORC/DylibNamespaces.h): namespaces are independent; removing a
// resource key releases exactly its handles, with or without the JITDylib
// (ORC on LLVM 14 and 15 names only the key); a transfer hands them on.
// Then the same through ObjectGate's registries, on synthetic fingerprints.
// The IR guard's side is in
// RenameThenAddTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "OrcTestUtil.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/DylibNamespaces.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace llvm::orc;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

std::unique_ptr<LLJIT> makeJIT() {
  initNative();
  return cantFail(createLLJIT(JITConfig()));
}

ObjectFingerprint obj(StringRef Origin, StringRef Name, uint64_t Hash) {
  SymbolFingerprint S;
  S.Name = Name.str();
  S.Kind = SymbolKind::Function;
  S.Hash = Hash;
  ObjectFingerprint O;
  O.Origin = Origin.str();
  O.Symbols.push_back(std::move(S));
  return O;
}

TEST(DylibNamespaces, KeysOwnHandlesPerJITDylib) {
  auto J = makeJIT();
  JITDylib &A = J->getMainJITDylib();
  JITDylib &B = cantFail(J->createJITDylib("other"));
  DylibNamespaces<int, int> NS;
  NS.attach(A, 1, 10);
  NS.attach(A, 1, 11);
  NS.attach(B, 2, 20);
  NS.get(A).State = 100;
  NS.get(B).State = 200;
  ASSERT_TRUE(NS.find(A));
  EXPECT_EQ(NS.find(A)->State, 100);

  // Only the key (LLVM 14/15): found in the JITDylib where it owns handles.
  auto D = NS.detach(nullptr, 2);
  ASSERT_TRUE(D.State);
  EXPECT_EQ(*D.State, 200);
  EXPECT_EQ(D.Handles, std::vector<int>{20});
  EXPECT_FALSE(NS.detach(nullptr, 2).State);
  EXPECT_FALSE(NS.detach(&B, 1).State); // key 1 owns nothing in B

  NS.transfer(nullptr, 3, 1);
  EXPECT_FALSE(NS.detach(&A, 1).State);
  auto D3 = NS.detach(&A, 3);
  ASSERT_TRUE(D3.State);
  EXPECT_EQ(*D3.State, 100);
  EXPECT_EQ(D3.Handles, (std::vector<int>{10, 11}));

  // Transferring a key that owns nothing creates nothing.
  NS.transfer(nullptr, 4, 5);
  EXPECT_FALSE(NS.detach(nullptr, 4).State);
}

TEST(ObjectGate, NamespacesAreIndependent) {
  auto J = makeJIT();
  JITDylib &A = J->getMainJITDylib();
  JITDylib &B = cantFail(J->createJITDylib("other"));
  ObjectGate Gate;
  auto HA = Gate.registryFor(A).admit(obj("a.o", "f", 1));
  ASSERT_TRUE(bool(HA));
  ASSERT_TRUE(bool(Gate.registryFor(B).admit(obj("b.o", "f", 2))));
  auto C = Gate.registryFor(A).admit(obj("c.o", "f", 2));
  EXPECT_FALSE(bool(C));
  consumeError(C.takeError());

  Gate.attach(A, 1, HA->Handle);
  Gate.transferResources(nullptr, 2, 1);
  Gate.removeResources(&A, 1); // key 1 owns nothing any more
  EXPECT_EQ(Gate.registryFor(A).numSymbols(), 1u);
  Gate.removeResources(nullptr, 2);
  EXPECT_EQ(Gate.registryFor(A).numSymbols(), 0u);
  EXPECT_EQ(Gate.registryFor(B).numSymbols(), 1u);
}

} // namespace
