#pragma once
// The project database schema and its forward migrations.
//
// Version 1: samples (+ sample_data blobs), labels, devices, recording
//            sessions, settings.
// Version 2: transport loss counters on samples, and the lineage tables
//            dataset_versions, impulse_configs, training_runs, models,
//            firmware_builds, deployments.
// New databases are created as v1 and migrated, so the migration path is the
// one every file takes.
#include <sqlite3.h>

#include "common/result.h"

namespace mote::dataset::schema {

// DDL of version 1, exactly as shipped (tests build v1 files from it).
const char* v1Sql();

// Migrates an open, identified database from its user_version up to
// kSchemaVersion, each step in its own transaction.
Status migrate(sqlite3* db);

}  // namespace mote::dataset::schema
