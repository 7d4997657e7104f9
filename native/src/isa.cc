// One instruction-set level's kernels (compiled three times: -DRNNFLOW_ISA_SSE, _AVX2, _AVX512 with
// its -m flags; -ffp-contract=off, never -ffast-math). The element-wise kernels are the scalar
// formulas of ../../src/tensor (tanh.ts, tanh32.ts, elementwise.ts, columns.ts) written out per
// element: the compiler may vectorise them (each element's operations stay the same and in order,
// since it may not reassociate without -ffast-math), so every level gives the JS bits.
#include "gemm.h"
#include "simd.h"
#include <bit>
#include <cmath>
#include <cstdint>
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

/** c ? a : b by bits (no branch: the compiler vectorises it at every level, where a ?: on doubles stays a jump). */
inline double pick(bool c, double a, double b) {
  const uint64_t m = uint64_t(0) - uint64_t(c);
  return std::bit_cast<double>((std::bit_cast<uint64_t>(a) & m) | (std::bit_cast<uint64_t>(b) & ~m));
}
inline float pick(bool c, float a, float b) {
  const uint32_t m = uint32_t(0) - uint32_t(c);
  return std::bit_cast<float>((std::bit_cast<uint32_t>(a) & m) | (std::bit_cast<uint32_t>(b) & ~m));
}

// ../../src/tensor/tanh.ts, operation for operation.
namespace f64tanh {
const double P0 = -0.9643991794250523, P1 = -99.28772310019185, P2 = -1614.6876844170845;
const double Q0 = 112.81167849163293, Q1 = 2235.4883906010045, Q2 = 4844.063053251255;
const double SMALL = 0.625, CLAMP = 20, LOG2E = 1.4426950408889634, MAGIC = 6755399441055744.0;
const double LN2HI = 6.93147180369123816490e-1, LN2LO = 1.90821492927058770002e-10;
struct Tables {
  double exp[14];
  Tables() {
    for (int i = 0; i < 14; i++) { double f = 1; for (int j = 2; j <= i; j++) f *= j; exp[i] = 1 / f; }
  }
};
const Tables tables;

// Both branches computed for every element and one picked (as the WebAssembly kernel does per lane), and
// 2^k made from kd's bits (wasm/tanh.ts's trick; equal to tanh.ts's POW2[k] for every k the large branch
// sees): straight-line code the compiler vectorises at this level's width.
inline double tanh1(double x) {
  const double* E = tables.exp;
  const double a = std::fabs(x);
  const double ax = pick(CLAMP < a, CLAMP, a);
  // small branch: ax·s·(p/q) + ax
  const double s = ax * ax;
  const double p = (P0 * s + P1) * s + P2;
  const double q = ((s + Q0) * s + Q1) * s + Q2;
  const double small = ax * s * (p / q) + ax;
  // large branch: 1 − 2/(2^k·exp(r) + 1)
  const double y = ax + ax;
  const double kd = y * LOG2E + MAGIC;
  const double k = kd - MAGIC;
  const double r = (y - k * LN2HI) - k * LN2LO;
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const double q0 = E[0] + E[1] * r, q1 = E[2] + E[3] * r, q2 = E[4] + E[5] * r, q3 = E[6] + E[7] * r;
  const double q4 = E[8] + E[9] * r, q5 = E[10] + E[11] * r, q6 = E[12] + E[13] * r;
  const double o0 = q0 + q1 * r2, o1 = q2 + q3 * r2, o2 = q4 + q5 * r2;
  const double f0 = o0 + o1 * r4, f1 = o2 + q6 * r4;
  const double pow2 = std::bit_cast<double>((std::bit_cast<uint64_t>(kd) + 1023) << 52);
  const double e = (f0 + f1 * r8) * pow2;
  const double large = 1 - 2 / (e + 1);
  const double t = pick(ax < SMALL, small, large);
  return pick(x < 0, -t, pick(x == 0, x, t));
}
}  // namespace f64tanh

// ../../src/tensor/tanh32.ts: every operation in float.
namespace f32tanh {
const float P[7] = {float(-2.76076847742355e-16), float(2.00018790482477e-13), float(-8.60467152213735e-11),
                    float(5.12229709037114e-8),   float(1.48572235717979e-5),  float(6.37261928875436e-4),
                    float(4.89352455891786e-3)};
const float Q[4] = {float(1.19825839466702e-6), float(1.18534705686654e-4), float(2.26843463243900e-3),
                    float(4.89352518554385e-3)};
const float CLAMP = float(7.99881172180175781), TINY = float(0.0004);

inline float tanh1(float x) {
  const float ax = std::fabs(x);
  const float c = pick(CLAMP < ax, CLAMP, ax);
  const float s = c * c;
  float p = P[0] * s + P[1];
  p = p * s + P[2]; p = p * s + P[3]; p = p * s + P[4]; p = p * s + P[5]; p = p * s + P[6];
  p = p * c;
  float q = Q[0] * s + Q[1];
  q = q * s + Q[2]; q = q * s + Q[3];
  const float ratio = p / q;
  const float t = pick(ax < TINY, ax, ratio);
  return pick(x < 0, -t, pick(x == 0, x, t));
}
}  // namespace f32tanh

inline double tanh1(double x) { return f64tanh::tanh1(x); }
inline float tanh1(float x) { return f32tanh::tanh1(x); }

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
                  &tanhRange<T>, &tanhGrad<T>, &add<T>, &columnSums<T>, &peak<S>, ROW_BLOCK * VECTORS * S::W};
}

}  // namespace

extern "C" Level LEVEL_FN() { return Level{LEVEL_NAME, table<F64>(), table<F32>()}; }
