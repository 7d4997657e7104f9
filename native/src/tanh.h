// tanh of ../../src/tensor/tanh.ts (double) and tanh32.ts (float), operation for operation, one element
// at a time and branch-free, so the loops that call it vectorise at every level (isa.cc's tanh kernel,
// gates.h's gate kernels). Included by isa.cc only, once per level.
#pragma once
#include <bit>
#include <cmath>
#include <cstdint>

namespace {

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

}  // namespace
