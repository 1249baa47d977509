// SampleStore through a real SQLite file: create/open/refuse, migration from
// v1, samples CRUD, filters, paging at 100k, bulk edits, splits, lineage.
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "dataset/sample_store.h"
#include "dataset/schema.h"
#include "store_test_util.h"

using namespace mote::dataset;
using mote::test::makeSample;
using mote::test::TempDir;

namespace {

int64_t scalar(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    int64_t v = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return v;
}

TEST(SampleStoreOpen, CreateSetsWalForeignKeysAndVersion) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store) << store.message();
    EXPECT_EQ(store->schemaVersion(), kSchemaVersion);
    EXPECT_EQ(scalar(store->handle(), "PRAGMA foreign_keys"), 1);
    EXPECT_EQ(scalar(store->handle(), "PRAGMA application_id"), kApplicationId);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(store->handle(), "PRAGMA journal_mode", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
    sqlite3_finalize(stmt);
    // create refuses an existing file
    auto again = SampleStore::create(dir / "p.db");
    ASSERT_FALSE(again);
    EXPECT_NE(again.message().find("already exists"), std::string::npos);
}

TEST(SampleStoreOpen, RefusesNonProjectFiles) {
    TempDir dir;
    {
        std::ofstream(dir / "text.db") << "hello, this is not a database at all, just some text padding it out\n";
    }
    auto r = SampleStore::open(dir / "text.db");
    ASSERT_FALSE(r);
    EXPECT_NE(r.message().find("not a Mote project"), std::string::npos) << r.message();

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir / "other.db").c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto other = SampleStore::open(dir / "other.db");
    ASSERT_FALSE(other);
    EXPECT_NE(other.message().find("not a Mote project"), std::string::npos) << other.message();

    auto missing = SampleStore::open(dir / "missing.db");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("no project database"), std::string::npos);
}

TEST(SampleStoreOpen, RefusesNewerSchema) {
    TempDir dir;
    {
        auto store = SampleStore::create(dir / "p.db");
        ASSERT_TRUE(store);
        sqlite3_exec(store->handle(), "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    }
    auto r = SampleStore::open(dir / "p.db");
    ASSERT_FALSE(r);
    EXPECT_NE(r.message().find("newer Mote Studio"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("v99"), std::string::npos) << r.message();
}

TEST(SampleStoreMigration, OpensV1FileAndMigratesToV2KeepingSamples) {
    TempDir dir;
    auto file = dir / "v1.db";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    std::string ddl = std::string("PRAGMA application_id = ") + std::to_string(kApplicationId) + ";" + schema::v1Sql() +
                      "PRAGMA user_version = 1;"
                      "INSERT INTO labels VALUES('wave', 1);"
                      "INSERT INTO samples(id,label,split,sensor,axis_names,units,sample_rate_hz,frame_count,data_type,"
                      "capture_time_ms,content_hash) VALUES(7,'wave','train','acc','[\"x\"]','[\"g\"]',50,2,'int16',5,'h');"
                      "INSERT INTO sample_data VALUES(7, x'01000200');";
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, ddl.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_close(db);

    auto store = SampleStore::open(file);
    ASSERT_TRUE(store) << store.message();
    EXPECT_EQ(store->schemaVersion(), 2);
    auto s = store->load(7);
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->label, "wave");
    EXPECT_EQ(s->lostFrames, 0);  // v2 column with its default
    EXPECT_EQ(s->values(), (std::vector<float>{1, 2}));
    // v2 tables exist and work
    auto impulse = store->addImpulseConfig("default", "{}");
    EXPECT_TRUE(impulse) << impulse.message();
}

TEST(SampleStoreSamples, InsertLoadRoundTripAndMetadataHasNoData) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    auto s = makeSample("wave", 20, 3);
    s.device = "board-1";
    s.lostFrames = 4;
    s.crcErrors = 2;
    auto id = store->insert(s);
    ASSERT_TRUE(id) << id.message();
    auto meta = store->metadata(*id);
    ASSERT_TRUE(meta);
    EXPECT_TRUE(meta->data.empty());
    EXPECT_EQ(meta->device, "board-1");
    EXPECT_EQ(meta->lostFrames, 4);
    EXPECT_EQ(meta->crcErrors, 2);
    EXPECT_EQ(meta->contentHash, computeContentHash(s));
    auto full = store->load(*id);
    ASSERT_TRUE(full);
    EXPECT_EQ(full->data, s.data);
    EXPECT_EQ(full->axisNames, s.axisNames);
    EXPECT_EQ(full->frameCount, 20);
}

TEST(SampleStoreSamples, InvalidSampleIsRefusedAndNothingStored) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    auto bad = makeSample("wave");
    bad.units.pop_back();
    auto r = store->insertAll({makeSample("ok"), bad});
    ASSERT_FALSE(r);
    EXPECT_NE(r.message().find("3 axes but 2 unit strings"), std::string::npos) << r.message();
    EXPECT_EQ(*store->count(), 0);
}

TEST(SampleStoreQuery, FiltersByLabelSplitDeviceSessionTextAndIds) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    auto dev = store->ensureDevice("dev-A", "sim", "1.0");
    ASSERT_TRUE(dev);
    auto session = store->startSession(*dev, "accelerometer", 100);
    ASSERT_TRUE(session) << session.message();
    for (int i = 0; i < 12; ++i) {
        auto s = makeSample(i % 3 == 0 ? "idle" : "wave", 5, i, i % 4 == 0 ? Split::Test : Split::Train);
        if (i < 6) {
            s.device = "dev-A";
            s.sessionId = *session;
        }
        s.sourceName = "file_" + std::to_string(i) + (i == 5 ? "_special" : "") + ".csv";
        ASSERT_TRUE(store->insert(s));
    }
    EXPECT_EQ(*store->count(), 12);
    EXPECT_EQ(*store->count({.label = "idle"}), 4);
    EXPECT_EQ(*store->count({.split = Split::Test}), 3);
    // idle = i in {0,3,6,9}; test = i in {0,4,8}
    EXPECT_EQ(*store->count({.label = "idle", .split = Split::Test}), 1);
    EXPECT_EQ(*store->count({.device = "dev-A"}), 6);
    EXPECT_EQ(*store->count({.device = "nobody"}), 0);
    EXPECT_EQ(*store->count({.sessionId = *session}), 6);
    auto special = store->query({.text = "special"});
    ASSERT_TRUE(special);
    ASSERT_EQ(special->size(), 1u);
    EXPECT_EQ((*special)[0].sourceName, "file_5_special.csv");
    EXPECT_EQ(*store->count({.text = "%"}), 0);  // LIKE wildcards are literal
    EXPECT_EQ(*store->count({.text = "wav"}), 8);
    EXPECT_EQ(*store->count({.ids = {1, 2, 3, 999}}), 3);
    auto counts = store->countsByLabel();
    ASSERT_TRUE(counts);
    ASSERT_EQ(counts->size(), 4u);
    EXPECT_EQ((*counts)[0].label, "idle");
    EXPECT_EQ((*counts)[0].split, Split::Train);
    EXPECT_EQ((*counts)[0].count, 3);
    EXPECT_DOUBLE_EQ((*counts)[0].totalDurationMs, 150.0);  // 3 x 5 frames at 100 Hz
}

TEST(SampleStoreQuery, PagingAt100kSamples) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    std::vector<Sample> batch;
    batch.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        Sample s = makeSample(i % 10 == 0 ? "rare" : "common", 1, i);
        batch.push_back(std::move(s));
    }
    auto ids = store->insertAll(batch);  // one transaction
    ASSERT_TRUE(ids) << ids.message();
    EXPECT_EQ(*store->count(), 100000);
    auto page = store->query({}, {99990, 100});
    ASSERT_TRUE(page);
    ASSERT_EQ(page->size(), 10u);
    EXPECT_EQ(page->front().id, (*ids)[99990]);
    auto rare = store->query({.label = "rare"}, {500, 50});
    ASSERT_TRUE(rare);
    ASSERT_EQ(rare->size(), 50u);
    EXPECT_EQ(rare->front().id, (*ids)[5000]);
    for (size_t i = 1; i < rare->size(); ++i)
        EXPECT_LT((*rare)[i - 1].id, (*rare)[i].id);
    EXPECT_EQ(*store->count({.label = "rare"}), 10000);

    // Keyset pages (what the studio's table uses while scrolling) walk the
    // same rows as offset pages, with and without a filter.
    auto keyset = store->query({.label = "rare"}, {.offset = 0, .limit = 50, .afterId = (*ids)[4990]});
    ASSERT_TRUE(keyset) << keyset.message();
    ASSERT_EQ(keyset->size(), 50u);
    for (size_t i = 0; i < keyset->size(); ++i)
        EXPECT_EQ((*keyset)[i].id, (*rare)[i].id);
    auto tail = store->query({}, {.offset = 0, .limit = 100, .afterId = (*ids)[99989]});
    ASSERT_TRUE(tail);
    ASSERT_EQ(tail->size(), 10u);
    EXPECT_EQ(tail->front().id, (*ids)[99990]);
}

TEST(SampleStoreEdit, RelabelMoveDeleteManyAtomically) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    std::vector<int64_t> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(*store->insert(makeSample("a", 4, i)));
    ASSERT_TRUE(store->relabel({ids[0], ids[1]}, "b"));
    EXPECT_EQ(*store->count({.label = "b"}), 2);
    auto bad = store->relabel({ids[2], 12345}, "c");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("12345"), std::string::npos);
    EXPECT_EQ(*store->count({.label = "c"}), 0);
    ASSERT_TRUE(store->moveToSplit({ids[3], ids[4]}, Split::Test));
    EXPECT_EQ(*store->count({.split = Split::Test}), 2);
    ASSERT_TRUE(store->remove({ids[0], ids[3]}));
    EXPECT_EQ(*store->count(), 3);
    EXPECT_FALSE(store->loadData(ids[0]));
    EXPECT_EQ(scalar(store->handle(), "SELECT COUNT(*) FROM sample_data"), 3);  // blobs cascade
    auto labels = store->labels();
    ASSERT_TRUE(labels);
    EXPECT_EQ(*labels, (std::vector<std::string>{"a", "b"}));
}

TEST(SampleStoreEdit, CropAndSplitKeepValuesAndMetadata) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    auto original = makeSample("wave", 10, 0, Split::Test);
    auto id = *store->insert(original);
    ASSERT_TRUE(store->crop(id, 2, 6));
    auto cropped = store->load(id);
    ASSERT_TRUE(cropped);
    EXPECT_EQ(cropped->frameCount, 6);
    EXPECT_FLOAT_EQ(cropped->value(0, 0), original.value(2, 0));
    EXPECT_EQ(cropped->contentHash, computeContentHash(*cropped));
    EXPECT_FALSE(store->crop(id, 4, 5));  // beyond the end

    auto pieces = store->splitInto(id, 3);
    ASSERT_TRUE(pieces) << pieces.message();
    ASSERT_EQ(pieces->size(), 3u);
    EXPECT_FALSE(store->metadata(id));  // original replaced
    auto second = store->load((*pieces)[1]);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->frameCount, 2);
    EXPECT_EQ(second->split, Split::Test);
    EXPECT_EQ(second->label, "wave");
    EXPECT_FLOAT_EQ(second->value(0, 2), original.value(4, 2));
    EXPECT_NE(second->metadataJson.find("split_from"), std::string::npos);
    auto tooLong = store->splitByLength((*pieces)[0], 5);
    ASSERT_FALSE(tooLong);
    EXPECT_EQ(*store->count(), 3);
}

TEST(SampleStoreEdit, AutoSplitIsStratifiedSeededAndDeterministic) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(store->insert(makeSample("a", 2, i)));
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(store->insert(makeSample("b", 2, 100 + i)));
    ASSERT_TRUE(store->autoSplit());
    EXPECT_EQ(*store->count({.label = "a", .split = Split::Test}), 10);
    EXPECT_EQ(*store->count({.label = "b", .split = Split::Test}), 4);
    auto first = store->query({.split = Split::Test}, {0, 0});
    auto version1 = store->datasetVersion();
    ASSERT_TRUE(store->autoSplit(0.8, 1));
    auto again = store->query({.split = Split::Test}, {0, 0});
    ASSERT_EQ(first->size(), again->size());
    for (size_t i = 0; i < first->size(); ++i)
        EXPECT_EQ((*first)[i].id, (*again)[i].id);
    EXPECT_EQ(*version1, *store->datasetVersion());
    ASSERT_TRUE(store->autoSplit(0.8, 2));
    EXPECT_NE(*version1, *store->datasetVersion());  // another seed picks other samples
    EXPECT_EQ(*store->count({.label = "a", .split = Split::Test}), 10);
    EXPECT_FALSE(store->autoSplit(1.5));
}

TEST(SampleStoreVersion, IndependentOfOrderAndIdsButTracksLabelsAndSplits) {
    TempDir dir;
    auto a = SampleStore::create(dir / "a.db");
    auto b = SampleStore::create(dir / "b.db");
    ASSERT_TRUE(a && b);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(a->insert(makeSample("x", 3, i)));
    for (int i = 4; i >= 0; --i)
        ASSERT_TRUE(b->insert(makeSample("x", 3, i)));
    EXPECT_EQ(*a->datasetVersion(), *b->datasetVersion());
    ASSERT_TRUE(b->relabel({1}, "y"));
    EXPECT_NE(*a->datasetVersion(), *b->datasetVersion());
    ASSERT_TRUE(b->relabel({1}, "x"));
    EXPECT_EQ(*a->datasetVersion(), *b->datasetVersion());
    ASSERT_TRUE(b->moveToSplit({2}, Split::Test));
    EXPECT_NE(*a->datasetVersion(), *b->datasetVersion());
    EXPECT_EQ(a->datasetVersion()->size(), 64u);
}

TEST(SampleStoreBatch, CommitsByCountAndByAgeAndOnFlush) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    auto reader = SampleStore::open(dir / "p.db");  // a second connection sees only commits
    ASSERT_TRUE(reader);
    {
        BatchWriter writer(*store, {.maxSamples = 4, .maxLatency = std::chrono::milliseconds(100)});
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(writer.add(makeSample("r", 2, i)));
        EXPECT_EQ(writer.pending(), 3);
        EXPECT_EQ(*reader->count(), 0);
        ASSERT_TRUE(writer.add(makeSample("r", 2, 3)));  // 4th: commit by count
        EXPECT_EQ(writer.pending(), 0);
        EXPECT_EQ(*reader->count(), 4);
        ASSERT_TRUE(writer.add(makeSample("r", 2, 4)));
        std::this_thread::sleep_for(std::chrono::milliseconds(120));
        ASSERT_TRUE(writer.poll());  // by age
        EXPECT_EQ(*reader->count(), 5);
        ASSERT_TRUE(writer.add(makeSample("r", 2, 5)));
        auto bad = makeSample("r");
        bad.sampleRateHz = 0;
        EXPECT_FALSE(writer.add(bad));
        ASSERT_TRUE(writer.flush());
        EXPECT_EQ(writer.committed(), 6);
    }
    EXPECT_EQ(*reader->count(), 6);
}

TEST(SampleStoreLineage, DeploymentTracesBackToImpulseAndDatasetVersion) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->insert(makeSample("x")));
    auto version = *store->datasetVersion();
    auto impulse1 = store->addImpulseConfig("gestures", R"({"window_ms":1000})");
    auto impulse2 = store->addImpulseConfig("gestures", R"({"window_ms":2000})");
    ASSERT_TRUE(impulse1 && impulse2);
    EXPECT_EQ(store->impulseConfig(*impulse2)->version, 2);
    EXPECT_EQ((*store->latestImpulseConfig("gestures"))->id, *impulse2);
    auto run = store->addTrainingRun(*impulse2, version, R"({"epochs":5})", "artifacts/runs/1");
    ASSERT_TRUE(run) << run.message();
    ASSERT_TRUE(store->finishTrainingRun(*run, "succeeded", R"({"accuracy":0.9})"));
    auto floatModel = store->addModel(*run, "float", "artifacts/models/1.npz", "aa");
    auto intModel = store->addModel(*run, "int8", "artifacts/models/1.tflite", "bb", "{}", *floatModel);
    ASSERT_TRUE(floatModel && intModel);
    auto build = store->addFirmwareBuild(*intModel, "qemu-mps2-an386", "artifacts/builds/1", "cc");
    ASSERT_TRUE(build);
    auto device = store->ensureDevice("sim-1");
    auto deployment = store->addDeployment(*build, *device, "flashing");
    ASSERT_TRUE(deployment);
    ASSERT_TRUE(store->setDeploymentStatus(*deployment, "verified", R"({"crc":"ok"})"));
    auto lineage = store->lineage(*deployment);
    ASSERT_TRUE(lineage) << lineage.message();
    EXPECT_EQ(lineage->deployment.status, "verified");
    EXPECT_EQ(lineage->build.board, "qemu-mps2-an386");
    EXPECT_EQ(lineage->model.kind, "int8");
    EXPECT_EQ(lineage->model.parentModelId, *floatModel);
    EXPECT_EQ(lineage->run.datasetVersion, version);
    EXPECT_EQ(lineage->run.status, "succeeded");
    EXPECT_EQ(lineage->impulse.json, R"({"window_ms":2000})");
    EXPECT_EQ(store->listDeployments()->size(), 1u);

    // Foreign keys refuse dangling links.
    auto orphanModel = store->addModel(999, "float", "x", "y");
    ASSERT_FALSE(orphanModel);
    EXPECT_NE(orphanModel.message().find("FOREIGN KEY"), std::string::npos) << orphanModel.message();
    EXPECT_FALSE(store->addFirmwareBuild(999, "b", "p", "h"));
    EXPECT_FALSE(store->addDeployment(999, std::nullopt, "x"));
    EXPECT_FALSE(store->addTrainingRun(999, version, "{}"));
    EXPECT_FALSE(store->setDeploymentStatus(999, "x"));
    // A model in use cannot be deleted out from under its build.
    char* err = nullptr;
    EXPECT_NE(sqlite3_exec(store->handle(), ("DELETE FROM models WHERE id = " + std::to_string(*intModel)).c_str(),
                           nullptr, nullptr, &err),
              SQLITE_OK);
    sqlite3_free(err);
}

TEST(SampleStoreSettings, SetGetOverwrite) {
    TempDir dir;
    auto store = SampleStore::create(dir / "p.db");
    ASSERT_TRUE(store);
    EXPECT_FALSE(*store->setting("k"));
    ASSERT_TRUE(store->setSetting("k", "1"));
    ASSERT_TRUE(store->setSetting("k", "2"));
    EXPECT_EQ(**store->setting("k"), "2");
}

}  // namespace
