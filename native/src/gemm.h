// The register-blocked matrix product of every level: RB rows × NV vectors of C per micro-kernel,
// each element summed in p order from its start value with one rounded multiply and one rounded add
// per term (the order of ../../src/tensor/matmul.ts and of the WebAssembly gemm). Wider vectors
// change which columns are computed together, never the order of any element's sum.
//
// Panels (pack): columns in panels NV·W wide while they fit, then W wide, then one panel of the last
// cols mod W; the panel of columns j… starts at element j·red and holds each row's panel-width values
// in row order, so the micro-kernel reads B front to back (as the WebAssembly gemm's pack.ts does,
// with this level's widths).
#pragma once
#include "table.h"
#include <cstddef>

namespace {
template <class S> struct Gemm {
  using T = typename S::T; using V = typename S::V;
  static constexpr int W = S::W;

  /** RB rows × NV vectors (Part: one vector of `part` < W lanes, the last panel). */
  template <int RB, int NV, bool Part>
  static inline void block(const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, const T* R, std::ptrdiff_t rStep,
                           T* C, std::ptrdiff_t ldc, int red, Start start, const T* row, int part) {
    V acc[RB][NV];
    auto load = [part](const T* p) { if constexpr (Part) return S::loadPart(p, part); else return S::load(p); };
#pragma GCC unroll 16
    for (int r = 0; r < RB; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++)
        acc[r][v] = start == Start::Row ? load(row + v * W) : start == Start::C ? load(C + r * ldc + v * W) : S::zero();
    const T* lp = L;
    const T* rp = R;
    for (int p = 0; p < red; p++) {
      V b[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) b[v] = load(rp + v * W);
#pragma GCC unroll 16
      for (int r = 0; r < RB; r++) {
        const V a = S::splat(lp + r * lI);
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) acc[r][v] = S::add(acc[r][v], S::mul(a, b[v]));
      }
      lp += lP;
      rp += rStep;
    }
#pragma GCC unroll 16
    for (int r = 0; r < RB; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        if constexpr (Part) S::storePart(C + r * ldc + v * W, acc[r][v], part);
        else S::store(C + r * ldc + v * W, acc[r][v]);
      }
  }

  /** The last rows (fewer than RB): a block of exactly that many. */
  template <int RB, int NV, bool Part>
  static inline void lastRows(int rows, const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, const T* R, std::ptrdiff_t rStep,
                              T* C, std::ptrdiff_t ldc, int red, Start start, const T* row, int part) {
    if constexpr (RB > 1) {
      if (rows == RB - 1) block<RB - 1, NV, Part>(L, lI, lP, R, rStep, C, ldc, red, start, row, part);
      else lastRows<RB - 1, NV, Part>(rows, L, lI, lP, R, rStep, C, ldc, red, start, row, part);
    }
  }

  /**
   * Every row block of one column panel `width` wide, starting at column j. packedL: L in row panels
   * (gemmTA), the block of rows i… at L + i·red, each p's values of the block side by side.
   */
  template <int RB, int NV, bool Part>
  static inline void panel(const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, bool packedL, const T* R, bool packed, std::ptrdiff_t ldr,
                           T* C, int rows, int red, int cols, Start start, const T* row, int j, int part) {
    const int width = Part ? part : NV * W;
    const T* rj = packed ? R + std::ptrdiff_t(j) * red : R + j;
    const std::ptrdiff_t rStep = packed ? width : ldr;
    const T* rowJ = row ? row + j : nullptr;
    const auto lAt = [&](int i) { return packedL ? L + std::ptrdiff_t(i) * red : L + i * lI; };
    int i = 0;
    for (; i + RB <= rows; i += RB)
      block<RB, NV, Part>(lAt(i), packedL ? 1 : lI, packedL ? RB : lP, rj, rStep, C + std::ptrdiff_t(i) * cols + j, cols, red, start, rowJ, part);
    if (i < rows)
      lastRows<RB, NV, Part>(rows - i, lAt(i), packedL ? 1 : lI, packedL ? rows - i : lP, rj, rStep, C + std::ptrdiff_t(i) * cols + j, cols, red,
                             start, rowJ, part);
  }

  template <int RB, int NV>
  static void gemmAny(const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, bool packedL, const T* R, bool packed, std::ptrdiff_t ldr, T* C,
                      int rows, int red, int cols, Start start, const T* row) {
    int j = 0;
    for (; j + NV * W <= cols; j += NV * W) panel<RB, NV, false>(L, lI, lP, packedL, R, packed, ldr, C, rows, red, cols, start, row, j, 0);
    if constexpr (NV > 1)
      for (; j + W <= cols; j += W) panel<RB, 1, false>(L, lI, lP, packedL, R, packed, ldr, C, rows, red, cols, start, row, j, 0);
    if (j < cols) panel<RB, 1, true>(L, lI, lP, packedL, R, packed, ldr, C, rows, red, cols, start, row, j, cols - j);
  }

  template <int RB, int NV>
  static void gemm(const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, const T* R, bool packed, std::ptrdiff_t ldr, T* C,
                   int rows, int red, int cols, Start start, const T* row) {
    gemmAny<RB, NV>(L, lI, lP, false, R, packed, ldr, C, rows, red, cols, start, row);
  }

  /** Rows of A and B per slice of Aᵀ·B: a row block's share of both (8 KiB + 16 KiB in float64) stays in L1. */
  static constexpr int TA_SLICE = 128;
  /** Rows of A this many bytes apart or more are packed; narrower ones are read in place (gemmTA). */
  static constexpr std::ptrdiff_t TA_PACK_BYTES = 2048;

  /**
   * C[k×n] += Aᵀ·B, A [m×k], B [m×n] row-major, slice by slice of TA_SLICE rows, each C element summed
   * on in row order. Rows of A 2 KiB apart or more (k ≥ 256 in float64) fall in a few L1 sets and would
   * come from L2 at every step: A's columns are then packed in row panels RB wide and B in column
   * panels. Narrower operands are read in place: what is reread stays in L1 anyway and the copy costs
   * more than it saves (AVX-512, µs per product, packed → in place, float64: 736×128×128 468 → 441,
   * 768×8×128 45 → 28, 736×32×32 34 → 27, 32×128×6 2.5 → 1.6; float32 alike; 736×256×256 equal or
   * slower in place). scratch: TA_SLICE·(k + n) elements, used only when packing.
   */
  template <int RB, int NV>
  static void gemmTA(const T* A, const T* B, T* C, int m, int k, int n, T* scratch) {
    const bool packs = std::ptrdiff_t(k) * std::ptrdiff_t(sizeof(T)) >= TA_PACK_BYTES;
    for (int r0 = 0; r0 < m; r0 += TA_SLICE) {
      const int rows = m - r0 < TA_SLICE ? m - r0 : TA_SLICE;
      const T* a = A + std::ptrdiff_t(r0) * k;
      if (!packs) {
        // L(i, p) = A[p, i]: a row block's RB values of one p lie side by side in A's row p.
        gemmAny<RB, NV>(a, 1, k, false, B + std::ptrdiff_t(r0) * n, false, n, C, k, rows, n, Start::C, nullptr);
        continue;
      }
      T* pa = scratch;
      T* pb = scratch + std::ptrdiff_t(rows) * k;
      for (int i0 = 0; i0 < k; i0 += RB) {
        const int w = k - i0 < RB ? k - i0 : RB;
        T* dst = pa + std::ptrdiff_t(i0) * rows;
        for (int p = 0; p < rows; p++)
          for (int c = 0; c < w; c++) dst[p * w + c] = a[std::ptrdiff_t(p) * k + i0 + c];
      }
      pack<NV>(B + std::ptrdiff_t(r0) * n, n, 1, rows, n, pb);
      gemmAny<RB, NV>(pa, 1, RB, true, pb, true, 0, C, k, rows, n, Start::C, nullptr);
    }
  }

  /** B (p, q) at src + p·rowStride + q·colStride, into the panels above. A copy: no arithmetic. */
  template <int NV>
  static void pack(const T* src, std::ptrdiff_t rowStride, std::ptrdiff_t colStride, int rows, int cols, T* dst) {
    int j = 0;
    auto panelOf = [&](int width) {
      if (colStride == 1) {
        // A row of the panel is `width` neighbours in B's row: copied as they lie.
        for (int p = 0; p < rows; p++) {
          const T* s = src + std::ptrdiff_t(p) * rowStride + j;
          T* d = dst + std::ptrdiff_t(p) * width;
          for (int c = 0; c < width; c++) d[c] = s[c];
        }
      } else {
        // Along p in the inner loop: a transposed B (rowStride 1) is then read front to back.
        for (int c = 0; c < width; c++) {
          const T* s = src + std::ptrdiff_t(j + c) * colStride;
          for (int p = 0; p < rows; p++) dst[std::ptrdiff_t(p) * width + c] = s[p * rowStride];
        }
      }
      dst += std::ptrdiff_t(rows) * width;
      j += width;
    };
    while (j + NV * W <= cols) panelOf(NV * W);
    while (j + W <= cols) panelOf(W);
    if (j < cols) panelOf(cols - j);
  }
};
}  // namespace
