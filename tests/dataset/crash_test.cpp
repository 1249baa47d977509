// Crash safety: a child process streams samples through BatchWriter and is
// killed with SIGKILL mid-stream. Reopening must show an intact database
// holding every batch the child reported as committed.
#include <csignal>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataset/sample_store.h"
#include "store_test_util.h"

using namespace mote::dataset;

TEST(SampleStoreCrash, SigkillDuringBatchedInsertKeepsEveryCommittedBatch) {
    mote::test::TempDir dir;
    auto file = dir / "p.db";
    { ASSERT_TRUE(SampleStore::create(file)); }

    for (int round = 0; round < 3; ++round) {
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
            execl(STORE_CRASH_WRITER, STORE_CRASH_WRITER, file.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(fds[1]);
        FILE* out = fdopen(fds[0], "r");
        long long lastCommitted = 0;
        char line[128];
        // Kill after a number of commits that differs per round, mid-batch.
        int commitsWanted = 20 + round * 15;
        int commitsSeen = 0;
        while (commitsSeen < commitsWanted && std::fgets(line, sizeof line, out)) {
            if (std::sscanf(line, "committed %lld", &lastCommitted) == 1)
                ++commitsSeen;
        }
        ASSERT_EQ(commitsSeen, commitsWanted) << "writer stopped early";
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        fclose(out);
        ASSERT_TRUE(WIFSIGNALED(status));

        auto store = SampleStore::open(file);
        ASSERT_TRUE(store) << store.message();
        EXPECT_EQ(*store->integrityCheck(), "ok");
        // Every committed batch of this round is there (earlier rounds too).
        auto total = store->count();
        ASSERT_TRUE(total);
        static long long committedBefore = 0;
        EXPECT_GE(*total, committedBefore + lastCommitted);
        // Samples are whole: each row has its blob with the right size.
        auto rows = store->query({}, {*total - 5, 5});
        ASSERT_TRUE(rows);
        for (const auto& row : *rows) {
            auto data = store->loadData(row.id);
            ASSERT_TRUE(data);
            EXPECT_EQ(data->size(), 64u * 4u);
        }
        committedBefore = *total;
    }
}
