#include <gtest/gtest.h>

#include "common/shared_dir.h"
#include "train/python_finder.h"

using namespace mote::train;

TEST(PythonFinder, CandidateOrder) {
    EXPECT_EQ(pythonCandidates(""), (std::vector<std::string>{"python3", "/usr/bin/python3"}));
    EXPECT_EQ(pythonCandidates("/opt/py/bin/python"),
              (std::vector<std::string>{"/opt/py/bin/python", "python3", "/usr/bin/python3"}));
}

TEST(PythonFinder, FindsAnInterpreterThatCanImportTorch) {
    // This machine has Debian's python3-torch under /usr/bin/python3 (PLATFORM-NOTES.md).
    auto found = findTorchPython();
    ASSERT_TRUE(found) << found.message();
    EXPECT_TRUE(*found == "python3" || *found == "/usr/bin/python3") << *found;
}

TEST(PythonFinder, NoInterpreterWithTorchNamesThePackage) {
    const auto fake = (mote::test::sourceDir() / "tests/train/fake_trainers/no_torch_python.sh").string();
    auto found = firstTorchPython({fake, "mote-no-such-python"}, "");
    ASSERT_FALSE(found);
    EXPECT_NE(found.message().find("install Debian package python3-torch (apt-get install python3-torch)"),
              std::string::npos)
        << found.message();
    EXPECT_NE(found.message().find("No module named 'torch'"), std::string::npos) << found.message();
}

TEST(PythonFinder, ConfiguredInterpreterWithoutTorchIsReportedByName) {
    const auto fake = (mote::test::sourceDir() / "tests/train/fake_trainers/no_torch_python.sh").string();
    auto found = findTorchPython(fake);
    ASSERT_FALSE(found);
    EXPECT_NE(found.message().find("configured Python interpreter " + fake), std::string::npos) << found.message();
    EXPECT_NE(found.message().find("python3-torch"), std::string::npos);
}
