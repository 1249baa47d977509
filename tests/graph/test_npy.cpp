// .npy round trips through NumPy itself: files we write are loaded by
// numpy (run at test time), files numpy writes are loaded by us.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/shared_dir.h"
#include "nn/graph/npy.h"
#include "python_helper.h"

namespace fs = std::filesystem;
using namespace mote::nn;

namespace {
fs::path tempDir(const std::string& name) {
    auto dir = mote::test::binaryDir() / "test-tmp" / "npy" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
}  // namespace

TEST(Npy, Float32WrittenByUsIsReadByNumpy) {
    const auto dir = tempDir("f32");
    const std::vector<float> values = {1.5f, -2.25f, 3.0e-8f, 1.0e6f, 0.0f, -0.0f};
    const std::vector<int64_t> shape = {2, 3};
    ASSERT_TRUE(writeNpyFloat32(dir / "a.npy", shape, values));
    auto r = mote::test::runPython(
        {"-c", "import numpy as np,sys; a=np.load(sys.argv[1]); print(a.dtype, a.shape, ' '.join(repr(float(v)) for v in a.ravel()))",
         (dir / "a.npy").string()});
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_EQ(r.out, "float32 (2, 3) 1.5 -2.25 2.999999892949745e-08 1000000.0 0.0 -0.0\n");
}

TEST(Npy, IntegerArraysWrittenByUsAreReadByNumpy) {
    const auto dir = tempDir("ints");
    const std::vector<int32_t> i32 = {0, -1, 2147483647, 7};
    const std::vector<int64_t> i64 = {-9000000000LL, 3};
    const std::vector<int64_t> s32 = {4}, s64 = {2, 1};
    ASSERT_TRUE(writeNpyInt32(dir / "i32.npy", s32, i32));
    ASSERT_TRUE(writeNpyInt64(dir / "i64.npy", s64, i64));
    auto r = mote::test::runPython({"-c",
                                    "import numpy as np,sys\n"
                                    "for p in sys.argv[1:]:\n"
                                    "  a=np.load(p); print(a.dtype, a.shape, a.ravel().tolist())",
                                    (dir / "i32.npy").string(), (dir / "i64.npy").string()});
    ASSERT_EQ(r.exitCode, 0) << r.out;
    EXPECT_EQ(r.out, "int32 (4,) [0, -1, 2147483647, 7]\nint64 (2, 1) [-9000000000, 3]\n");
}

TEST(Npy, ReadsWhatNumpyWrites) {
    const auto dir = tempDir("numpy");
    auto r = mote::test::runPython({"-c",
                                    "import numpy as np,sys; d=sys.argv[1]\n"
                                    "np.save(d+'/f64.npy', np.arange(12, dtype=np.float64).reshape(3,4)/4)\n"
                                    "np.save(d+'/be.npy', np.array([1.5, -2], dtype='>f4'))\n"
                                    "np.save(d+'/i8.npy', np.array([[-128, 127]], dtype=np.int8))\n"
                                    "np.save(d+'/scalar.npy', np.float32(3.5))\n"
                                    "np.save(d+'/empty.npy', np.zeros((0, 5), dtype=np.float32))\n"
                                    "np.save(d+'/fortran.npy', np.asfortranarray(np.ones((2,3))))\n"
                                    "np.save(d+'/str.npy', np.array(['a']))\n"
                                    "np.lib.format.write_array(open(d+'/v2.npy','wb'), np.array([1,2,3],dtype=np.int64), version=(2,0))\n",
                                    dir.string()});
    ASSERT_EQ(r.exitCode, 0) << r.out;

    auto f64 = readNpy(dir / "f64.npy");
    ASSERT_TRUE(f64) << f64.message();
    EXPECT_EQ(f64->dtype, NpyDType::Float64);
    EXPECT_EQ(f64->shape, (std::vector<int64_t>{3, 4}));
    auto v = f64->toFloat32();
    ASSERT_EQ(v.size(), 12u);
    EXPECT_FLOAT_EQ(v[5], 1.25f);
    EXPECT_FLOAT_EQ(v[11], 2.75f);

    auto be = readNpy(dir / "be.npy");
    ASSERT_TRUE(be) << be.message();
    EXPECT_EQ(be->toFloat32(), (std::vector<float>{1.5f, -2.0f}));

    auto i8 = readNpy(dir / "i8.npy");
    ASSERT_TRUE(i8) << i8.message();
    EXPECT_EQ(i8->toInt64(), (std::vector<int64_t>{-128, 127}));

    auto scalar = readNpy(dir / "scalar.npy");
    ASSERT_TRUE(scalar) << scalar.message();
    EXPECT_TRUE(scalar->shape.empty());
    EXPECT_EQ(scalar->toFloat32(), std::vector<float>{3.5f});

    auto empty = readNpy(dir / "empty.npy");
    ASSERT_TRUE(empty) << empty.message();
    EXPECT_EQ(empty->shape, (std::vector<int64_t>{0, 5}));
    EXPECT_EQ(empty->elementCount(), 0);

    auto v2 = readNpy(dir / "v2.npy");
    ASSERT_TRUE(v2) << v2.message();
    EXPECT_EQ(v2->toInt64(), (std::vector<int64_t>{1, 2, 3}));

    auto fortran = readNpy(dir / "fortran.npy");
    ASSERT_FALSE(fortran);
    EXPECT_NE(fortran.message().find("Fortran"), std::string::npos) << fortran.message();

    auto str = readNpy(dir / "str.npy");
    ASSERT_FALSE(str);
    EXPECT_NE(str.message().find("unsupported .npy dtype"), std::string::npos) << str.message();
}

TEST(Npy, RoundTripThroughOurOwnReader) {
    const auto dir = tempDir("self");
    std::vector<float> values(3 * 5 * 7);
    for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.5f - 3.0f;
    const std::vector<int64_t> shape = {3, 5, 7};
    ASSERT_TRUE(writeNpyFloat32(dir / "r.npy", shape, values));
    auto back = readNpy(dir / "r.npy");
    ASSERT_TRUE(back) << back.message();
    EXPECT_EQ(back->shape, shape);
    EXPECT_EQ(back->toFloat32(), values);
    // Header + data start on a 64-byte boundary, as NumPy requires for version 1.0.
    EXPECT_EQ((fs::file_size(dir / "r.npy") - values.size() * 4) % 64, 0u);
}

TEST(Npy, BadFilesGiveClearErrors) {
    const auto dir = tempDir("bad");
    auto missing = readNpy(dir / "nope.npy");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("nope.npy"), std::string::npos);

    std::ofstream(dir / "text.npy") << "hello, this is not numpy";
    auto text = readNpy(dir / "text.npy");
    ASSERT_FALSE(text);
    EXPECT_NE(text.message().find("not a .npy file"), std::string::npos) << text.message();

    // A valid header whose data was cut short.
    const std::vector<float> values(100, 1.0f);
    const std::vector<int64_t> shape = {100};
    ASSERT_TRUE(writeNpyFloat32(dir / "cut.npy", shape, values));
    fs::resize_file(dir / "cut.npy", fs::file_size(dir / "cut.npy") - 10);
    auto cut = readNpy(dir / "cut.npy");
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.message().find("truncated"), std::string::npos) << cut.message();

    // Shape and data size disagree on write: refused, nothing written.
    const std::vector<int64_t> wrongShape = {3, 3};
    auto bad = writeNpyFloat32(dir / "wrong.npy", wrongShape, values);
    EXPECT_FALSE(bad);
    EXPECT_FALSE(fs::exists(dir / "wrong.npy"));
}
