// The vector operations the kernels use, one traits struct per instruction-set level and element type.
// Only separate multiplies and adds (no fused multiply-add: the build passes -ffp-contract=off), so
// every lane rounds exactly as JavaScript's and WebAssembly's f64x2 / f32x4 arithmetic does.
// loadPart / storePart move the first n < W lanes (the last, narrower column panel): AVX-512 by masks,
// the others through a small buffer (the lanes past n are zero and never stored).
#pragma once
#include <immintrin.h>
#include <cstring>

#define RNNFLOW_BY_BUFFER(T)                                                                                       \
  static V loadPart(const T* p, int n) { alignas(64) T tmp[W] = {}; std::memcpy(tmp, p, sizeof(T) * n); return load(tmp); } \
  static void storePart(T* p, V v, int n) { alignas(64) T tmp[W]; store(tmp, v); std::memcpy(p, tmp, sizeof(T) * n); }

// Internal linkage: each level's translation unit has its own F64 / F32 (and Gemm of them).
namespace {
#if defined(RNNFLOW_ISA_SSE)
struct F64 {
  using T = double; using V = __m128d; static constexpr int W = 2;
  static V load(const T* p) { return _mm_loadu_pd(p); }
  static void store(T* p, V v) { _mm_storeu_pd(p, v); }
  static V splat(const T* p) { return _mm_set1_pd(*p); }
  static V zero() { return _mm_setzero_pd(); }
  static V mul(V a, V b) { return _mm_mul_pd(a, b); }
  static V add(V a, V b) { return _mm_add_pd(a, b); }
  RNNFLOW_BY_BUFFER(double)
};
struct F32 {
  using T = float; using V = __m128; static constexpr int W = 4;
  static V load(const T* p) { return _mm_loadu_ps(p); }
  static void store(T* p, V v) { _mm_storeu_ps(p, v); }
  static V splat(const T* p) { return _mm_set1_ps(*p); }
  static V zero() { return _mm_setzero_ps(); }
  static V mul(V a, V b) { return _mm_mul_ps(a, b); }
  static V add(V a, V b) { return _mm_add_ps(a, b); }
  RNNFLOW_BY_BUFFER(float)
};
#elif defined(RNNFLOW_ISA_AVX2)
struct F64 {
  using T = double; using V = __m256d; static constexpr int W = 4;
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
  static V splat(const T* p) { return _mm256_broadcast_sd(p); }
  static V zero() { return _mm256_setzero_pd(); }
  static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  RNNFLOW_BY_BUFFER(double)
};
struct F32 {
  using T = float; using V = __m256; static constexpr int W = 8;
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
  static V splat(const T* p) { return _mm256_broadcast_ss(p); }
  static V zero() { return _mm256_setzero_ps(); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  RNNFLOW_BY_BUFFER(float)
};
#elif defined(RNNFLOW_ISA_AVX512)
struct F64 {
  using T = double; using V = __m512d; static constexpr int W = 8;
  static V load(const T* p) { return _mm512_loadu_pd(p); }
  static void store(T* p, V v) { _mm512_storeu_pd(p, v); }
  static V splat(const T* p) { return _mm512_set1_pd(*p); }
  static V zero() { return _mm512_setzero_pd(); }
  static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  static V add(V a, V b) { return _mm512_add_pd(a, b); }
  static V loadPart(const T* p, int n) { return _mm512_maskz_loadu_pd(__mmask8((1u << n) - 1), p); }
  static void storePart(T* p, V v, int n) { _mm512_mask_storeu_pd(p, __mmask8((1u << n) - 1), v); }
};
struct F32 {
  using T = float; using V = __m512; static constexpr int W = 16;
  static V load(const T* p) { return _mm512_loadu_ps(p); }
  static void store(T* p, V v) { _mm512_storeu_ps(p, v); }
  static V splat(const T* p) { return _mm512_set1_ps(*p); }
  static V zero() { return _mm512_setzero_ps(); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V loadPart(const T* p, int n) { return _mm512_maskz_loadu_ps(__mmask16((1u << n) - 1), p); }
  static void storePart(T* p, V v, int n) { _mm512_mask_storeu_ps(p, __mmask16((1u << n) - 1), v); }
};
#else
#error "define RNNFLOW_ISA_SSE, RNNFLOW_ISA_AVX2 or RNNFLOW_ISA_AVX512"
#endif
}  // namespace
