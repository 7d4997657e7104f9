# The native kernels (see src/addon.cc): one translation unit per instruction-set level, each with its
# own -m flags, chosen at run time. -ffp-contract=off keeps every multiply and add separate (GCC fuses
# them by default where FMA is enabled), and nothing enables -ffast-math: the JS/WASM bits depend on both.
{
  "target_defaults": {
    "cflags_cc": ["-std=c++20", "-fPIC", "-O3", "-ffp-contract=off", "-fno-fast-math", "-Wall"],
    "cflags_cc!": ["-std=gnu++17", "-std=gnu++20", "-fno-exceptions"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
  },
  "targets": [
    { "target_name": "level_sse", "type": "static_library", "sources": ["src/isa.cc"], "defines": ["RNNFLOW_ISA_SSE"] },
    { "target_name": "level_avx2", "type": "static_library", "sources": ["src/isa.cc"], "defines": ["RNNFLOW_ISA_AVX2"], "cflags_cc": ["-mavx2"] },
    { "target_name": "level_avx512", "type": "static_library", "sources": ["src/isa.cc"], "defines": ["RNNFLOW_ISA_AVX512"], "cflags_cc": ["-mavx512f"] },
    {
      "target_name": "rnnflow_native",
      "sources": ["src/addon.cc"],
      "dependencies": ["level_sse", "level_avx2", "level_avx512"],
    },
  ],
}
