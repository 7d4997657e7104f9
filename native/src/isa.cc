// One instruction-set level's kernels (compiled three times: -DRNNFLOW_ISA_SSE, _AVX2, _AVX512 with
// its -m flags; -ffp-contract=off, never -ffast-math). The element-wise kernels are the scalar
// formulas of ../../src/tensor (tanh.ts, tanh32.ts, elementwise.ts, columns.ts, lstm-gates.ts,
// gru-gates.ts) written out per element: the compiler may vectorise them (each element's operations
// stay the same and in order, since it may not reassociate without -ffast-math), so every level gives
// the JS bits.
#include "gates.h"
#include "gemm.h"
#include "simd.h"
#include "tanh.h"
#include <vector>

namespace {

#if defined(RNNFLOW_ISA_SSE)
constexpr int ROW_BLOCK = 4, VECTORS = 2;  // 8 of 16 xmm registers accumulate (the WebAssembly gemm's block)
#define LEVEL_NAME "sse"
#define LEVEL_FN rnnflow_level_sse
#elif defined(RNNFLOW_ISA_AVX2)
constexpr int ROW_BLOCK = 6, VECTORS = 2;  // 12 of 16 ymm registers accumulate
#define LEVEL_NAME "avx2"
#define LEVEL_FN rnnflow_level_avx2
#else
constexpr int ROW_BLOCK = 8, VECTORS = 2;  // 16 of 32 zmm registers accumulate
#define LEVEL_NAME "avx512"
#define LEVEL_FN rnnflow_level_avx512
#endif

template <class T> void tanhRange(T* x, std::ptrdiff_t count) {
  for (std::ptrdiff_t i = 0; i < count; i++) x[i] = tanh1(x[i]);
}

// elementwise.ts's mulTanhDerivative: g·(1 − s²) evaluated in float64 (a Float32Array's values are
// promoted, the product rounded once as it is stored).
template <class T> void tanhGrad(T* g, const T* s, std::ptrdiff_t count) {
  for (std::ptrdiff_t i = 0; i < count; i++) {
    const double si = s[i];
    g[i] = T(double(g[i]) * (1 - si * si));
  }
}

// columns.ts's addInto: one rounded add (a float sum of two floats rounds alike in float and in double).
template <class T> void add(T* out, const T* a, const T* b, std::ptrdiff_t count) {
  for (std::ptrdiff_t i = 0; i < count; i++) out[i] = a[i] + b[i];
}

// elementwise.ts's addColumnSums: each out[j] summed in row order.
template <class T> void columnSums(const T* x, int rows, int cols, T* out) {
  for (int r = 0; r < rows; r++) {
    const T* xr = x + std::ptrdiff_t(r) * cols;
    for (int j = 0; j < cols; j++) out[j] += xr[j];
  }
}

/**
 * The ceiling of this level's multiply-add: the gemm micro-kernel's register block (ROW_BLOCK rows ×
 * VECTORS vectors of independent accumulators, acc = acc + a·b, one broadcast per row and VECTORS vector
 * loads per step) on operands that stay in L1, so only the multiply and add pipes limit it. (A loop of 16
 * chains each loading its own vector ran 17 % slower standalone and half as fast in the addon.)
 */
template <class S> double peak(long iterations) {
  using T = typename S::T; using V = typename S::V;
  constexpr int WINDOW = 4096 / sizeof(T), STEP = VECTORS * S::W;
  alignas(64) T window[WINDOW + STEP + ROW_BLOCK];  // on the stack: a thread_local one is reached through __tls_get_addr in a shared object
  for (int i = 0; i < WINDOW + STEP + ROW_BLOCK; i++) window[i] = T(1e-3 * (1 + i % 7));
  V acc[ROW_BLOCK][VECTORS];
  for (auto& row : acc) for (auto& v : row) v = S::zero();
  const T* p = window;
  for (long n = 0; n < iterations; n++) {
    V b[VECTORS];
#pragma GCC unroll 4
    for (int v = 0; v < VECTORS; v++) b[v] = S::load(p + v * S::W);
#pragma GCC unroll 16
    for (int r = 0; r < ROW_BLOCK; r++) {
      const V a = S::splat(p + STEP + r);
#pragma GCC unroll 4
      for (int v = 0; v < VECTORS; v++) acc[r][v] = S::add(acc[r][v], S::mul(a, b[v]));
    }
    p += S::W;
    if (p >= window + WINDOW) p = window;
  }
  alignas(64) T out[S::W];
  V sum = S::zero();
  for (auto& row : acc) for (auto& v : row) sum = S::add(sum, v);
  S::store(out, sum);
  double total = 0;
  for (int i = 0; i < S::W; i++) total += out[i];
  return total;
}

/** gemmTA with this thread's packing scratch (grown to the widest product once, then reused). */
template <class S> void gemmTA(const typename S::T* A, const typename S::T* B, typename S::T* C, int m, int k, int n) {
  thread_local std::vector<typename S::T> scratch;
  const std::size_t need = std::size_t(Gemm<S>::TA_SLICE) * (std::size_t(k) + std::size_t(n));
  if (scratch.size() < need) scratch.resize(need);
  Gemm<S>::template gemmTA<ROW_BLOCK, VECTORS>(A, B, C, m, k, n, scratch.data());
}

template <class S> Table<typename S::T> table() {
  using T = typename S::T;
  return Table<T>{S::W, ROW_BLOCK, VECTORS,
                  &Gemm<S>::template gemm<ROW_BLOCK, VECTORS>, &gemmTA<S>, &Gemm<S>::template pack<VECTORS>,
                  &tanhRange<T>, &tanhGrad<T>, &add<T>, &columnSums<T>,
                  &lstmForward<T>, &lstmBackward<T>, &gruForward<T>, &gruBackward<T>, &peak<S>, ROW_BLOCK * VECTORS * S::W};
}

}  // namespace

extern "C" Level LEVEL_FN() { return Level{LEVEL_NAME, table<F64>(), table<F32>()}; }
