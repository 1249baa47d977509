// `mote project` and `mote dataset` through the built binary: exit codes,
// one-line stderr errors, --json output, with real files.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/shared_dir.h"
#include "store_test_util.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs mote with args in `cwd`; stdout/stderr captured through files.
Run mote(const std::vector<std::string>& args, const fs::path& cwd) {
    fs::path outFile = cwd / ".out", errFile = cwd / ".err";
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(cwd.c_str()) != 0)
            _exit(126);
        int out = open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        std::vector<char*> argv{const_cast<char*>(MOTE_CLI)};
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(MOTE_CLI, argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Run r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(outFile);
    r.err = slurp(errFile);
    fs::remove(outFile);
    fs::remove(errFile);
    return r;
}

int lineCount(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

struct Cli : ::testing::Test {
    mote::test::TempDir dir;
    std::string project() const { return (dir.path() / "demo.mote").string(); }
    void createProject() {
        auto r = mote({"project", "create", project()}, dir.path());
        ASSERT_EQ(r.code, 0) << r.err;
    }
};

TEST_F(Cli, ProjectCreateInfoAndNoProjectError) {
    auto r = mote({"--json", "project", "create", project(), "--name", "Demo"}, dir.path());
    ASSERT_EQ(r.code, 0) << r.err;
    auto created = json::parse(r.out);
    EXPECT_EQ(created["name"], "Demo");
    EXPECT_TRUE(fs::exists(dir.path() / "demo.mote" / "project.mote.db"));
    EXPECT_TRUE(fs::is_directory(dir.path() / "demo.mote" / "artifacts" / "models"));

    auto again = mote({"project", "create", project()}, dir.path());
    EXPECT_EQ(again.code, 4);
    EXPECT_EQ(lineCount(again.err), 1) << again.err;
    EXPECT_NE(again.err.find("already holds a Mote project"), std::string::npos);

    // info from inside the project folder (cwd default) with --json after the verb
    auto info = mote({"project", "info", "--json"}, dir.path() / "demo.mote");
    ASSERT_EQ(info.code, 0) << info.err;
    auto j = json::parse(info.out);
    EXPECT_EQ(j["name"], "Demo");
    EXPECT_EQ(j["samples"], 0);
    EXPECT_EQ(j["schema_version"], 2);

    auto none = mote({"dataset", "list"}, dir.path());
    EXPECT_EQ(none.code, 3);
    EXPECT_EQ(lineCount(none.err), 1) << none.err;
    EXPECT_NE(none.err.find("no Mote project in"), std::string::npos);
    EXPECT_NE(none.err.find("mote project create"), std::string::npos);
    EXPECT_TRUE(none.out.empty());
}

TEST_F(Cli, RefusesNonProjectDatabase) {
    write(dir / "fake" / "project.mote.db", "this is not sqlite at all, just text...........................");
    auto r = mote({"project", "info", "--project", (dir / "fake").string()}, dir.path());
    EXPECT_EQ(r.code, 3);
    EXPECT_NE(r.err.find("not a Mote project"), std::string::npos) << r.err;
}

TEST_F(Cli, ImportListStatsSplitRelabelDeleteExport) {
    createProject();
    auto example = mote::test::sourceDir() / "datasets" / "motion-gestures" / "data";
    auto r = mote({"dataset", "import", "--project", project(), "--recursive", "--json", example.string()}, dir.path());
    ASSERT_EQ(r.code, 0) << r.err;
    auto imported = json::parse(r.out);
    EXPECT_EQ(imported["samples_imported"], 60);
    EXPECT_EQ(imported["failures"].size(), 0u);
    EXPECT_NE(r.err.find("import: 60/60"), std::string::npos);  // progress on stderr

    auto list = mote({"--json", "dataset", "list", "--project", project(), "--label", "wave", "--limit", "5"}, dir.path());
    ASSERT_EQ(list.code, 0) << list.err;
    auto l = json::parse(list.out);
    EXPECT_EQ(l["total"], 15);
    ASSERT_EQ(l["samples"].size(), 5u);
    EXPECT_EQ(l["samples"][0]["axes"], json({"accX", "accY", "accZ"}));
    EXPECT_DOUBLE_EQ(l["samples"][0]["sample_rate_hz"].get<double>(), 62.5);

    auto stats = mote({"dataset", "stats", "--project", project(), "--json"}, dir.path());
    ASSERT_EQ(stats.code, 0);
    auto s = json::parse(stats.out);
    ASSERT_EQ(s["counts"].size(), 8u);  // 4 labels x train/test
    EXPECT_EQ(s["counts"][0]["label"], "circle");
    EXPECT_EQ(s["counts"][0]["count"], 12);  // training folder
    EXPECT_EQ(s["dataset_version"].get<std::string>().size(), 64u);

    auto split = mote({"dataset", "split", "--project", project(), "--train", "0.6", "--seed", "7", "--json"}, dir.path());
    ASSERT_EQ(split.code, 0) << split.err;
    auto sp = json::parse(split.out);
    EXPECT_EQ(sp["counts"][0]["count"], 9);  // 15 * 0.6 train
    EXPECT_EQ(sp["counts"][1]["count"], 6);

    auto relabel = mote({"dataset", "relabel", "--project", project(), "--label", "shake", "--to", "jiggle"}, dir.path());
    ASSERT_EQ(relabel.code, 0) << relabel.err;
    EXPECT_NE(relabel.out.find("Relabelled 15 samples"), std::string::npos);
    auto bad = mote({"dataset", "relabel", "--project", project(), "--to", "x", "1", "99999"}, dir.path());
    EXPECT_EQ(bad.code, 4);
    EXPECT_NE(bad.err.find("no sample with id 99999"), std::string::npos) << bad.err;
    EXPECT_EQ(lineCount(bad.err), 1);

    auto del = mote({"dataset", "delete", "--project", project(), "--json", "1", "2"}, dir.path());
    ASSERT_EQ(del.code, 0) << del.err;
    EXPECT_EQ(json::parse(del.out)["deleted"], 2);
    auto unfiltered = mote({"dataset", "delete", "--project", project()}, dir.path());
    EXPECT_EQ(unfiltered.code, 2);

    auto exp = mote({"dataset", "export", "--project", project(), "--format", "cbor", (dir / "out").string()}, dir.path());
    ASSERT_EQ(exp.code, 0) << exp.err;
    auto manifest = json::parse(slurp(dir / "out" / "manifest.json"));
    EXPECT_EQ(manifest["sample_count"], 58);
    EXPECT_EQ(manifest["samples"][0]["file"].get<std::string>().substr(0, 9), "training/");

    // The export imports back into a new project with the same dataset version.
    auto other = (dir / "copy.mote").string();
    ASSERT_EQ(mote({"project", "create", other}, dir.path()).code, 0);
    auto back = mote({"dataset", "import", "--project", other, "-r", (dir / "out").string()}, dir.path());
    ASSERT_EQ(back.code, 0) << back.err;
    auto v2 = json::parse(mote({"--json", "dataset", "stats", "--project", other}, dir.path()).out);
    EXPECT_EQ(v2["dataset_version"], manifest["dataset_version"]);
}

TEST_F(Cli, ImportReportsBadFilesByNameAndKeepsGoodOnes) {
    createProject();
    write(dir / "in" / "good.1.csv", "timestamp,x\n0,1\n10,2\n");
    write(dir / "in" / "bad.1.wav", "RIFF\x10\0\0\0WAVE");
    write(dir / "in" / "bad.2.csv", "timestamp,x\n0,1\n10,zz\n");
    auto r = mote({"dataset", "import", "--project", project(), (dir / "in").string()}, dir.path());
    EXPECT_EQ(r.code, 4);
    EXPECT_NE(r.err.find("skipped bad.1.wav: WAV"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("skipped bad.2.csv: CSV row 3, column 'x': 'zz' is not a number"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("Imported 1 samples from 1 files"), std::string::npos) << r.out;
    auto info = json::parse(mote({"--json", "project", "info", "--project", project()}, dir.path()).out);
    EXPECT_EQ(info["samples"], 1);

    auto usage = mote({"dataset", "import", "--project", project(), "--split", "sideways", "x.csv"}, dir.path());
    EXPECT_EQ(usage.code, 2);
    auto missing = mote({"dataset", "import", "--project", project(), "nothere.csv"}, dir.path());
    EXPECT_EQ(missing.code, 4);
    EXPECT_NE(missing.err.find("nothere.csv: no such file"), std::string::npos);
}

TEST_F(Cli, HelpOnEveryVerb) {
    for (const char* verb : {"import", "export", "list", "stats", "split", "relabel", "delete"}) {
        auto r = mote({"dataset", verb, "--help"}, dir.path());
        EXPECT_EQ(r.code, 0) << verb;
        EXPECT_NE(r.out.find("--project"), std::string::npos) << verb;
    }
    EXPECT_EQ(mote({"project", "create", "--help"}, dir.path()).code, 0);
    EXPECT_EQ(mote({"project", "info", "--help"}, dir.path()).code, 0);
}

TEST_F(Cli, ImportsSharedSpeechCommandsWithLabelFromFolder) {
    MOTE_REQUIRE_SHARED("data/speech_commands_subset/speech_commands_v0.01/yes");
    createProject();
    auto r = mote({"--json", "dataset", "import", "--project", project(), "--label-from-folder", "--split", "train",
                   (mote::test::sharedDir() / "data/speech_commands_subset/speech_commands_v0.01/yes").string()},
                  dir.path());
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["samples_imported"], 7);
    auto l = json::parse(mote({"--json", "dataset", "list", "--project", project()}, dir.path()).out);
    EXPECT_EQ(l["samples"][0]["label"], "yes");
    EXPECT_EQ(l["samples"][0]["data_type"], "int16");
    EXPECT_EQ(l["samples"][0]["sample_rate_hz"], 16000);
}

}  // namespace
