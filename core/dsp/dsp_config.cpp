#include "dsp/dsp_config.h"

#include <cstring>

namespace mote::dsp {

DspConfig defaultRaw(float sampleRateHz) {
    DspConfig config;
    config.kind = BlockKind::kRaw;
    config.sampleRateHz = sampleRateHz;
    return config;
}

DspConfig defaultSpectral(float sampleRateHz) {
    DspConfig config;
    config.kind = BlockKind::kSpectral;
    config.sampleRateHz = sampleRateHz;
    // 64 points at 100 Hz resolve ~1.6 Hz, enough for hand gestures; faster
    // IMUs get twice the points so the bins stay a few Hz wide.
    config.spectral.fftLength = sampleRateHz > 200.0f ? 128 : 64;
    return config;
}

DspConfig defaultMfcc(float sampleRateHz) {
    DspConfig config;
    config.kind = BlockKind::kMfcc;
    config.sampleRateHz = sampleRateHz;
    // Audio is recorded and streamed as int16 PCM; full scale -> [-1, 1) so the
    // dB values (and the MFE noise floor) mean the same on every device.
    config.inputScale = 1.0f / 32768.0f;
    // The AudioParams defaults are the 16 kHz keyword-spotting settings.
    if (sampleRateHz < 16000.0f)
        config.audio.fftLength = 256;
    return config;
}

DspConfig defaultMfe(float sampleRateHz) {
    DspConfig config = defaultMfcc(sampleRateHz);
    config.kind = BlockKind::kMfe;
    config.audio.numFilters = 40;
    return config;
}

const char* blockKindName(BlockKind kind) {
    switch (kind) {
    case BlockKind::kRaw: return "raw";
    case BlockKind::kSpectral: return "spectral";
    case BlockKind::kMfe: return "mfe";
    case BlockKind::kMfcc: return "mfcc";
    }
    return "unknown";
}

bool parseBlockKind(const char* name, BlockKind* out) {
    static const BlockKind kinds[] = {BlockKind::kRaw, BlockKind::kSpectral, BlockKind::kMfe, BlockKind::kMfcc};
    for (BlockKind kind : kinds) {
        if (std::strcmp(name, blockKindName(kind)) == 0) {
            *out = kind;
            return true;
        }
    }
    return false;
}

}  // namespace mote::dsp
