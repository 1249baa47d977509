#include "firmware/deploy_lineage.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace mote::firmware {
namespace {

nlohmann::json parseOrEmpty(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

std::string stringField(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<RecordedDeployment> deployAndRecord(dataset::SampleStore& store, int64_t modelId,
                                           const DeployRequest& request, const LogFn& log, const StageFn& stage,
                                           const std::atomic<bool>* cancel) {
    auto model = store.model(modelId);
    if (!model)
        return makeError("cannot record the deployment: " + model.message());

    nlohmann::json settings = {{"board", request.board.name},
                               {"model_file", request.model.string()},
                               {"model_id", request.modelId},
                               {"labels", request.labels}};
    // The ELF path is known up front (deployModel builds into workDir/build);
    // its SHA-256 is only known after the build, so it goes in the
    // deployment's detail (SampleStore has no update for build rows).
    const auto elfPath = request.workDir / "build" / "mote-agent.elf";
    auto build = store.addFirmwareBuild(modelId, request.board.name, elfPath.string(), "", settings.dump());
    if (!build)
        return build.error();
    DeployStage current = DeployStage::Generate;
    auto deployment = store.addDeployment(*build, std::nullopt, "running",
                                          nlohmann::json{{"stage", deployStageName(current)}}.dump());
    if (!deployment)
        return deployment.error();

    RecordedDeployment recorded;
    recorded.firmwareBuildId = *build;
    recorded.deploymentId = *deployment;
    auto tracking = [&](DeployStage s, int percent) {
        current = s;
        if (stage)
            stage(s, percent);
    };
    auto result = deployModel(request, log, tracking, cancel);

    if (result) {
        recorded.deploy = *result;
        recorded.status = "verified";
        nlohmann::json detail = {{"model_hash", result->model.hash},
                                 {"board_model_hash", result->boardReportedHash},
                                 {"firmware_hash", result->firmwareHash},
                                 {"connection", result->connectionPath},
                                 {"seconds", result->seconds},
                                 {"flash_bytes", result->usage.flashBytes},
                                 {"ram_bytes", result->usage.ramBytes},
                                 {"arena_bytes", result->model.arenaBytes},
                                 {"weights_bytes", result->model.weightsBytes}};
        if (auto s = store.setDeploymentStatus(*deployment, "verified", detail.dump()); !s)
            return s.error();
        return recorded;
    }
    recorded.reason = result.message();
    recorded.failedStage = deployStageName(current);
    const bool cancelled = cancel && cancel->load();
    recorded.status = cancelled ? "cancelled" : "failed";
    nlohmann::json detail = {{"stage", recorded.failedStage}, {"reason", recorded.reason}};
    if (auto s = store.setDeploymentStatus(*deployment, recorded.status, detail.dump()); !s)
        return s.error();
    return recorded;
}

Result<std::vector<DeploymentHistoryEntry>> deploymentHistory(const dataset::SampleStore& store) {
    auto rows = store.listDeployments();
    if (!rows)
        return rows.error();
    std::vector<DeploymentHistoryEntry> out;
    for (const auto& row : *rows) {
        DeploymentHistoryEntry e;
        e.deploymentId = row.id;
        e.firmwareBuildId = row.firmwareBuildId;
        e.status = row.status;
        e.createdMs = row.createdMs;
        e.updatedMs = row.updatedMs;
        const auto detail = parseOrEmpty(row.detailJson);
        e.stage = stringField(detail, "stage");
        e.reason = stringField(detail, "reason");
        if (auto it = detail.find("seconds"); it != detail.end() && it->is_number())
            e.seconds = it->get<double>();
        e.modelHash = stringField(detail, "model_hash");
        e.firmwareHash = stringField(detail, "firmware_hash");
        if (auto build = store.firmwareBuild(row.firmwareBuildId)) {
            e.board = build->board;
            if (e.firmwareHash.empty())
                e.firmwareHash = build->sha256;
            e.modelId = build->modelId;
            if (e.modelHash.empty())
                e.modelHash = stringField(parseOrEmpty(build->settingsJson), "model_hash");
            if (auto model = store.model(build->modelId)) {
                e.modelKind = model->kind;
                e.modelPath = model->path;
            }
        }
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.createdMs != b.createdMs ? a.createdMs > b.createdMs : a.deploymentId > b.deploymentId;
    });
    return out;
}

Result<std::optional<DeploymentHistoryEntry>> lastVerifiedDeployment(const dataset::SampleStore& store,
                                                                     const std::string& board) {
    auto history = deploymentHistory(store);
    if (!history)
        return history.error();
    for (const auto& e : *history)
        if (e.status == "verified" && (board.empty() || e.board == board))
            return std::optional<DeploymentHistoryEntry>(e);
    return std::optional<DeploymentHistoryEntry>();
}

}  // namespace mote::firmware
