//===- OptionsTest.cpp - Parameters of the unique-linkonce pass -----------===//
//
// parseUniqueLinkonceOptions is the one parser behind both
// `-passes=unique-linkonce<...>` and the plugin's cl::opts under clang, so
// its defaults, its accepted syntax and its error messages (which must name
// the bad value, since that is all a user sees) are tested here, along with
// the print/parse round trip that printPipeline relies on.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"

#include "gtest/gtest.h"

#include <string>

using namespace llvm;
using namespace uniqlink;

namespace {

/// The error text of a parse that must fail ("" and a test failure if it
/// succeeds).
std::string parseError(StringRef Params) {
  Expected<UniqueLinkonceOptions> O = parseUniqueLinkonceOptions(Params);
  if (O) {
    ADD_FAILURE() << "'" << Params.str() << "' parsed but should not";
    return "";
  }
  return toString(O.takeError());
}

TEST(Options, Defaults) {
  Expected<UniqueLinkonceOptions> O = parseUniqueLinkonceOptions("");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Mode, RenameMode::HashAndUUID);
  EXPECT_TRUE(O->UUID.empty());
  EXPECT_EQ(O->Linkages, unsigned(LinkOnceODR));
  EXPECT_TRUE(O->MapFile.empty());
  EXPECT_FALSE(O->MapMetadata);
  // The struct's own defaults agree.
  UniqueLinkonceOptions D;
  EXPECT_EQ(D.Mode, RenameMode::HashAndUUID);
  EXPECT_EQ(D.Linkages, unsigned(LinkOnceODR));
  EXPECT_FALSE(D.MapMetadata);
}

TEST(Options, Modes) {
  for (auto [Text, Mode] :
       {std::pair("mode=hash", RenameMode::Hash),
        std::pair("mode=uuid", RenameMode::UUID),
        std::pair("mode=hash+uuid", RenameMode::HashAndUUID)}) {
    Expected<UniqueLinkonceOptions> O = parseUniqueLinkonceOptions(Text);
    ASSERT_TRUE(static_cast<bool>(O))
        << Text << ": " << toString(O.takeError());
    EXPECT_EQ(O->Mode, Mode) << Text;
  }
}

TEST(Options, AllParameters) {
  Expected<UniqueLinkonceOptions> O = parseUniqueLinkonceOptions(
      "mode=hash;uuid=001234567890123456789012345678901234567;"
      "linkages=linkonce_odr+weak_odr+linkonce+weak;map=/tmp/out map.json;"
      "map-metadata");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Mode, RenameMode::Hash);
  EXPECT_EQ(O->UUID, "001234567890123456789012345678901234567");
  EXPECT_EQ(O->Linkages,
            unsigned(LinkOnceODR | WeakODR | LinkOnceAny | WeakAny));
  EXPECT_EQ(O->MapFile, "/tmp/out map.json");
  EXPECT_TRUE(O->MapMetadata);
}

TEST(Options, LinkageSubsets) {
  Expected<UniqueLinkonceOptions> O =
      parseUniqueLinkonceOptions("linkages=weak_odr");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Linkages, unsigned(WeakODR)); // replaces, does not add
  O = parseUniqueLinkonceOptions("linkages=weak+linkonce");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Linkages, unsigned(WeakAny | LinkOnceAny));
}

TEST(Options, EmptyParametersAreIgnored) {
  Expected<UniqueLinkonceOptions> O =
      parseUniqueLinkonceOptions(";mode=uuid;;uuid=9;");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Mode, RenameMode::UUID);
  EXPECT_EQ(O->UUID, "9");
}

TEST(Options, LaterParameterWins) {
  Expected<UniqueLinkonceOptions> O =
      parseUniqueLinkonceOptions("mode=uuid;mode=hash");
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Mode, RenameMode::Hash);
}

TEST(Options, StartsFromDefaults) {
  UniqueLinkonceOptions D;
  D.Mode = RenameMode::Hash;
  D.UUID = "77";
  D.MapFile = "m.json";
  Expected<UniqueLinkonceOptions> O =
      parseUniqueLinkonceOptions("linkages=weak_odr", D);
  ASSERT_TRUE(static_cast<bool>(O)) << toString(O.takeError());
  EXPECT_EQ(O->Mode, RenameMode::Hash);
  EXPECT_EQ(O->UUID, "77");
  EXPECT_EQ(O->MapFile, "m.json");
  EXPECT_EQ(O->Linkages, unsigned(WeakODR));
}

TEST(Options, InvalidValuesNameTheValue) {
  EXPECT_NE(parseError("mode=fast").find("'fast'"), std::string::npos);
  EXPECT_NE(parseError("mode=").find("mode"), std::string::npos);
  EXPECT_NE(parseError("mode=HASH").find("'HASH'"), std::string::npos);
  EXPECT_NE(parseError("uuid=abc").find("'abc'"), std::string::npos);
  EXPECT_NE(parseError("uuid=12a").find("'12a'"), std::string::npos);
  EXPECT_NE(parseError("uuid=-5").find("'-5'"), std::string::npos);
  EXPECT_NE(parseError("uuid=").find("uuid"), std::string::npos);
  // 40 digits: more than any 128-bit value needs.
  std::string Long(40, '1');
  EXPECT_NE(parseError("uuid=" + Long).find(Long), std::string::npos);
  EXPECT_NE(parseError("linkages=strong").find("'strong'"), std::string::npos);
  EXPECT_NE(parseError("linkages=linkonce_odr+internal").find("'internal'"),
            std::string::npos);
  EXPECT_NE(parseError("linkages=").find("linkage"), std::string::npos);
  EXPECT_NE(parseError("map=").find("map"), std::string::npos);
  EXPECT_NE(parseError("frobnicate=1").find("'frobnicate=1'"),
            std::string::npos);
  EXPECT_NE(parseError("hash").find("'hash'"), std::string::npos);
  // map-metadata is a flag: it takes no value.
  EXPECT_NE(parseError("map-metadata=1").find("'map-metadata=1'"),
            std::string::npos);
  // An error after a valid parameter still fails the whole string.
  EXPECT_NE(parseError("mode=hash;mode=bogus").find("'bogus'"),
            std::string::npos);
}

TEST(Options, ErrorsNameThePass) {
  EXPECT_NE(parseError("mode=fast").find("unique-linkonce"), std::string::npos);
}

TEST(Options, PrintParsesBack) {
  UniqueLinkonceOptions A;
  A.Mode = RenameMode::UUID;
  A.UUID = "31337";
  A.Linkages = LinkOnceODR | WeakAny;
  A.MapFile = "/tmp/x.json";
  A.MapMetadata = true;
  for (const UniqueLinkonceOptions &O : {UniqueLinkonceOptions(), A}) {
    std::string Printed = printUniqueLinkonceOptions(O);
    Expected<UniqueLinkonceOptions> Back = parseUniqueLinkonceOptions(Printed);
    ASSERT_TRUE(static_cast<bool>(Back))
        << Printed << ": " << toString(Back.takeError());
    EXPECT_EQ(Back->Mode, O.Mode) << Printed;
    EXPECT_EQ(Back->UUID, O.UUID) << Printed;
    EXPECT_EQ(Back->Linkages, O.Linkages) << Printed;
    EXPECT_EQ(Back->MapFile, O.MapFile) << Printed;
    EXPECT_EQ(Back->MapMetadata, O.MapMetadata) << Printed;
  }
  EXPECT_EQ(printUniqueLinkonceOptions(UniqueLinkonceOptions()),
            "mode=hash+uuid;linkages=linkonce_odr");
}

} // namespace
