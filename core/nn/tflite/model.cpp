#include "nn/tflite/model.h"

namespace mote::nn {

size_t dtypeSize(DType type) {
    switch (type) {
        case DType::Float32: return 4;
        case DType::Float16: return 2;
        case DType::Int32: return 4;
        case DType::UInt8: return 1;
        case DType::Int64: return 8;
        case DType::Bool: return 1;
        case DType::Int16: return 2;
        case DType::Complex64: return 8;
        case DType::Int8: return 1;
        case DType::Float64: return 8;
        default: return 0;
    }
}

const char* dtypeName(DType type) {
    switch (type) {
        case DType::Float32: return "float32";
        case DType::Float16: return "float16";
        case DType::Int32: return "int32";
        case DType::UInt8: return "uint8";
        case DType::Int64: return "int64";
        case DType::String: return "string";
        case DType::Bool: return "bool";
        case DType::Int16: return "int16";
        case DType::Complex64: return "complex64";
        case DType::Int8: return "int8";
        case DType::Float64: return "float64";
    }
    return "unknown";
}

int64_t Tensor::elements() const {
    int64_t n = 1;
    for (int32_t d : shape) n *= d;
    return n;
}

std::string builtinName(int32_t code) {
    // TFLite schema names for the common builtins (enough to name any op a
    // small model uses; others print as BUILTIN_<n>).
    static const char* const kNames[] = {
        "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D",
        "DEPTH_TO_SPACE", "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED",
        "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION",
        "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU", "RELU_N1_TO_1",
        "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF",
        "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE",
        "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND",
        "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN", "SUB", "DIV", "SQUEEZE",
        "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN", "EXP",
        "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST",
        "PRELU", "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER",
        "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV",
        "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT",
        "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK",
        "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
        "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
        "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS",
        "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS", "WHERE", "RANK",
        "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND",
        "HARD_SWISH", "IF", "WHILE", "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5",
        "SCATTER_ND", "SELECT_V2", "DENSIFY", "SEGMENT_SUM", "BATCH_MATMUL",
        "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE", "BROADCAST_TO", "RFFT2D",
        "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE", "HASHTABLE_FIND",
        "HASHTABLE_IMPORT", "HASHTABLE_SIZE", "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE",
        "READ_VARIABLE", "ASSIGN_VARIABLE", "BROADCAST_ARGS"};
    constexpr int32_t kCount = static_cast<int32_t>(sizeof(kNames) / sizeof(kNames[0]));
    if (code >= 0 && code < kCount) return kNames[code];
    return "BUILTIN_" + std::to_string(code);
}

std::string Operator::name() const {
    if (builtin == static_cast<int32_t>(BuiltinOp::Custom))
        return "CUSTOM:" + customCode;
    return builtinName(builtin);
}

size_t Model::weightsBytes() const {
    size_t total = 0;
    for (const Tensor& t : tensors) total += t.data.size();
    return total;
}

}  // namespace mote::nn
