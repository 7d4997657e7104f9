// What each instruction-set level's translation unit (isa.cc, compiled three times) offers the
// addon: its kernels for one element type, on raw pointers. Bounds are the addon's job (addon.cc).
#pragma once
#include <cstddef>
#include <cstdint>

/** Where every element of C starts its sum. */
enum class Start { Zero, C, Row };

template <class T> struct Table {
  /** Lanes per vector, and the micro-kernel's block: rows × vectors. */
  int lanes, rowBlock, vectors;
  /**
   * C[i, j] = start(i, j) + Σ_{p < red} L(i, p)·R(p, j) in p order, one rounded multiply and one rounded
   * add per term; L(i, p) at L + i·lI + p·lP; R row-major with rows ldr apart, or in panels (packed).
   */
  void (*gemm)(const T* L, std::ptrdiff_t lI, std::ptrdiff_t lP, const T* R, bool packed, std::ptrdiff_t ldr, T* C,
               int rows, int red, int cols, Start start, const T* row);
  /** C[k×n] += Aᵀ·B, A [m×k], B [m×n] row-major, each C element summed on in row order (gemm.h's gemmTA). */
  void (*gemmTA)(const T* A, const T* B, T* C, int m, int k, int n);
  /** dst = B [rows × cols] in this level's panels, B(p, q) at src + p·rowStride + q·colStride. */
  void (*pack)(const T* src, std::ptrdiff_t rowStride, std::ptrdiff_t colStride, int rows, int cols, T* dst);
  void (*tanh)(T* x, std::ptrdiff_t count);
  void (*tanhGrad)(T* g, const T* s, std::ptrdiff_t count);
  void (*add)(T* out, const T* a, const T* b, std::ptrdiff_t count);
  void (*columnSums)(const T* x, int rows, int cols, T* out);
  /**
   * One recurrent step's gate arithmetic (gates.h; the loops of ../../src/tensor/lstm-gates.ts and
   * gru-gates.ts). rows × hidden H; a null operand is the JS side's NO_STEP; lengths: null or [rows].
   */
  void (*lstmForward)(T* gates, const T* cPrev, T* c, T* tanhC, T* h, int rows, int hidden);
  void (*lstmBackward)(const T* gates, const T* cPrev, const T* tanhC, const T* dh, const T* carryIn, T* carryOut, T* dGates,
                       int rows, int hidden, const int32_t* lengths, int t);
  void (*gruForward)(const T* inputPart, const T* hiddenPart, T* resetUpdate, T* candidate, const T* hPrev, T* h, int rows, int hidden);
  void (*gruBackward)(const T* resetUpdate, const T* candidate, const T* hiddenPart, const T* hPrev, T* dh, const T* dhNext,
                      const T* zNext, T* dInputPart, T* dHiddenPart, int rows, int hidden, const int32_t* lengths, int t, int next);
  /** The multiply-add peak loop (isa.cc): `iterations` steps of the micro-kernel's register block; returns a sum so nothing is dropped. */
  double (*peak)(long iterations);
  /** Multiply-adds per peak iteration (rows × vectors × lanes). */
  int peakMultiplyAdds;
};

struct Level {
  const char* name;
  Table<double> f64;
  Table<float> f32;
};

extern "C" {
Level rnnflow_level_sse();
Level rnnflow_level_avx2();
Level rnnflow_level_avx512();
}
