// One recurrent step's element-wise gate arithmetic, LSTM and GRU: the loops of
// ../../src/tensor/lstm-gates.ts and gru-gates.ts, operation for operation. As there, a loaded element
// is promoted to double, every intermediate held in a variable stays a double, and a value is rounded
// to T only where it is stored (and used rounded where the JS reads it back from memory). The JS
// applies tanh to a whole step between its loops; here each element goes through the same tanh
// (tanh.h) inside one loop: the same operations on each element, one pass instead of three.
// Each row's loop is written per element so GCC vectorises it at this level's width; ivdep: its
// operands are distinct ranges or the same one (c = c_prev, h = h_prev, dh read and written at j),
// so no iteration reads what another wrote. Padded rows (t ≥ lengths[r]) are decided per row, outside the loop.
#pragma once
#include "tanh.h"
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace {

inline bool paddedRow(const int32_t* lengths, int r, int t) { return lengths && t >= lengths[r]; }

// lstm-gates.ts's lstmForward: gates [rows][4H] (i f g o, i f o halved) in place, c, tanhC, h [rows][H].
template <class T, bool FromPrev> void lstmForwardRows(T* gates, const T* cPrev, T* c, T* tanhC, T* h, int rows, int hidden) {
  const std::ptrdiff_t H = hidden, G = 4 * H;
  for (std::ptrdiff_t r = 0; r < rows; r++) {
    T* row = gates + r * G;
    const std::ptrdiff_t x0 = r * H;
#pragma GCC ivdep
    for (std::ptrdiff_t j = 0; j < H; j++) {
      const double gi = 0.5 + 0.5 * double(tanh1(row[j])), gf = 0.5 + 0.5 * double(tanh1(row[H + j]));
      const T tg = tanh1(row[2 * H + j]);
      const double gg = tg;
      row[j] = T(gi);
      row[H + j] = T(gf);
      row[2 * H + j] = tg;
      const T go = T(0.5 + 0.5 * double(tanh1(row[3 * H + j])));
      row[3 * H + j] = go;
      const double cell = FromPrev ? gf * double(cPrev[x0 + j]) + gi * gg : gi * gg;
      c[x0 + j] = T(cell);
      const T tc = tanh1(T(cell));
      tanhC[x0 + j] = tc;
      h[x0 + j] = T(double(go) * double(tc));
    }
  }
}

template <class T> void lstmForward(T* gates, const T* cPrev, T* c, T* tanhC, T* h, int rows, int hidden) {
  if (cPrev) lstmForwardRows<T, true>(gates, cPrev, c, tanhC, h, rows, hidden);
  else lstmForwardRows<T, false>(gates, cPrev, c, tanhC, h, rows, hidden);
}

// lstm-gates.ts's lstmBackward: dGates [rows][4H]; carryIn (null at the last step) → carryOut [rows][H].
template <class T, bool First, bool Last>
void lstmBackwardRows(const T* gates, const T* cPrev, const T* tanhC, const T* dh, const T* carryIn, T* carryOut, T* dGates,
                      int rows, int hidden, const int32_t* lengths, int t) {
  const std::ptrdiff_t H = hidden, G = 4 * H;
  for (std::ptrdiff_t r = 0; r < rows; r++) {
    const T* row = gates + r * G;
    T* dRow = dGates + r * G;
    if (paddedRow(lengths, int(r), t)) {
      std::fill(dRow, dRow + G, T(0));
      std::fill(carryOut + r * H, carryOut + (r + 1) * H, T(0));
      continue;
    }
#pragma GCC ivdep
    for (std::ptrdiff_t j = 0; j < H; j++) {
      const std::ptrdiff_t x = r * H + j;
      const double gi = row[j], gf = row[H + j], gg = row[2 * H + j], go = row[3 * H + j];
      const double dhx = dh[x], tc = tanhC[x];
      const double dc = dhx * go * (1 - tc * tc) + (Last ? 0.0 : double(carryIn[x]));
      dRow[j] = T(dc * gg * gi * (1 - gi));
      dRow[H + j] = First ? T(0) : T(dc * double(cPrev[x]) * gf * (1 - gf));
      dRow[2 * H + j] = T(dc * gi * (1 - gg * gg));
      dRow[3 * H + j] = T(dhx * tc * go * (1 - go));
      carryOut[x] = T(dc * gf);
    }
  }
}

template <class T>
void lstmBackward(const T* gates, const T* cPrev, const T* tanhC, const T* dh, const T* carryIn, T* carryOut, T* dGates,
                  int rows, int hidden, const int32_t* lengths, int t) {
  const auto run = [&](auto first, auto last) {
    lstmBackwardRows<T, decltype(first)::value, decltype(last)::value>(gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t);
  };
  using Yes = std::true_type; using No = std::false_type;
  if (!cPrev && !carryIn) run(Yes{}, Yes{});
  else if (!cPrev) run(Yes{}, No{});
  else if (!carryIn) run(No{}, Yes{});
  else run(No{}, No{});
}

// gru-gates.ts's gruForward: X, H [rows][3H] (r, z halved) → r, z into rz [2][rows][H], n, h [rows][H].
template <class T, bool FromPrev>
void gruForwardRows(const T* X, const T* Hp, T* rz, T* n, const T* hPrev, T* h, int rows, int hidden) {
  const std::ptrdiff_t H = hidden, G = 3 * H, stepH = std::ptrdiff_t(rows) * H;
  for (std::ptrdiff_t r = 0; r < rows; r++) {
#pragma GCC ivdep
    for (std::ptrdiff_t j = 0; j < H; j++) {
      const std::ptrdiff_t x = r * H + j, c = r * G + j;
      const T tr = tanh1(T(double(X[c]) + double(Hp[c]))), tz = tanh1(T(double(X[c + H]) + double(Hp[c + H])));
      const double reset = 0.5 + 0.5 * double(tr);
      rz[x] = T(reset);
      const T z = T(0.5 + 0.5 * double(tz));
      rz[stepH + x] = z;
      const T cand = tanh1(T(double(X[c + 2 * H]) + reset * double(Hp[c + 2 * H])));
      n[x] = cand;
      const double zd = z, cd = cand;
      h[x] = T(FromPrev ? (1 - zd) * cd + zd * double(hPrev[x]) : (1 - zd) * cd);
    }
  }
}

template <class T> void gruForward(const T* X, const T* Hp, T* rz, T* n, const T* hPrev, T* h, int rows, int hidden) {
  if (hPrev) gruForwardRows<T, true>(X, Hp, rz, n, hPrev, h, rows, hidden);
  else gruForwardRows<T, false>(X, Hp, rz, n, hPrev, h, rows, hidden);
}

// gru-gates.ts's gruBackward, one row: dh += dh_next ⊙ z_next (FromNext) in place, then dX, dH [3H].
template <class T, bool First, bool FromNext>
void gruBackwardRow(const T* rz, const T* n, const T* Hp, const T* hPrev, T* dh, const T* dhNext, const T* zNext, T* dX, T* dH,
                    std::ptrdiff_t r, std::ptrdiff_t H, std::ptrdiff_t stepH) {
  const std::ptrdiff_t G = 3 * H;
#pragma GCC ivdep
  for (std::ptrdiff_t j = 0; j < H; j++) {
    const std::ptrdiff_t x = r * H + j, c = r * G + j;
    const double dhx = FromNext ? double(dh[x]) + double(dhNext[x]) * double(zNext[x]) : double(dh[x]);
    dh[x] = T(dhx);
    const double reset = rz[x], z = rz[stepH + x], cand = n[x];
    const double hp = First ? 0.0 : double(hPrev[x]);
    const double dn = dhx * (1 - z) * (1 - cand * cand);
    const double dz = dhx * (hp - cand) * z * (1 - z);
    const double dr = dn * double(Hp[c + 2 * H]) * reset * (1 - reset);
    dX[c] = T(dr);
    dX[c + H] = T(dz);
    dX[c + 2 * H] = T(dn);
    dH[c] = T(dr);
    dH[c + H] = T(dz);
    dH[c + 2 * H] = T(dn * reset);
  }
}

template <class T, bool First>
void gruBackwardRows(const T* rz, const T* n, const T* Hp, const T* hPrev, T* dh, const T* dhNext, const T* zNext, T* dX, T* dH,
                     int rows, int hidden, const int32_t* lengths, int t, int next) {
  const std::ptrdiff_t H = hidden, G = 3 * H, stepH = std::ptrdiff_t(rows) * H;
  for (std::ptrdiff_t r = 0; r < rows; r++) {
    if (paddedRow(lengths, int(r), t)) {
      std::fill(dh + r * H, dh + (r + 1) * H, T(0));
      std::fill(dX + r * G, dX + (r + 1) * G, T(0));
      std::fill(dH + r * G, dH + (r + 1) * G, T(0));
      continue;
    }
    // The row's last step in this direction: a forward row's next step may be padding (z_next unused there).
    const bool rowLast = !dhNext || (lengths && next >= lengths[r]);
    if (rowLast) gruBackwardRow<T, First, false>(rz, n, Hp, hPrev, dh, dhNext, zNext, dX, dH, r, H, stepH);
    else gruBackwardRow<T, First, true>(rz, n, Hp, hPrev, dh, dhNext, zNext, dX, dH, r, H, stepH);
  }
}

template <class T>
void gruBackward(const T* rz, const T* n, const T* Hp, const T* hPrev, T* dh, const T* dhNext, const T* zNext, T* dX, T* dH,
                 int rows, int hidden, const int32_t* lengths, int t, int next) {
  if (hPrev) gruBackwardRows<T, false>(rz, n, Hp, hPrev, dh, dhNext, zNext, dX, dH, rows, hidden, lengths, t, next);
  else gruBackwardRows<T, true>(rz, n, Hp, hPrev, dh, dhNext, zNext, dX, dH, rows, hidden, lengths, t, next);
}

}  // namespace
