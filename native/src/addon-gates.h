// The gate kernels' N-API entries (the seam of ../../src/tensor/kernels-api.ts's lstmForward …
// gruBackward): arguments checked once here (seam.h), then one call of this level's kernel (gates.h).
// A NO_STEP (−1) operand is passed on as null; lengths as a pointer to at least `rows` int32s.
#pragma once
#include "seam.h"

namespace {

/** lstmForward(gates, cPrev, c, tanhC, h, rows, hidden). */
template <class T> Napi::Value lstmForwardKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  const char* k = "lstmForward";
  double gates, cPrev, c, tanhC, h, rows, hidden;
  bool fromPrev;
  if (!arg(info, 0, k, "gates", gates) || !offsetOrNone(info, 1, k, "cPrev", cPrev, fromPrev) || !arg(info, 2, k, "c", c) ||
      !arg(info, 3, k, "tanhC", tanhC) || !arg(info, 4, k, "h", h) || !arg(info, 5, k, "rows", rows) || !arg(info, 6, k, "hidden", hidden) ||
      !small(info, k, {rows, 4 * hidden}))
    return info.Env().Undefined();
  const double step = rows * hidden;
  if (!inside(info, b, k, "gates [rows×4H]", gates, 4 * step) || (fromPrev && !inside(info, b, k, "cPrev [rows×H]", cPrev, step)) ||
      !inside(info, b, k, "c [rows×H]", c, step) || !inside(info, b, k, "tanhC [rows×H]", tanhC, step) || !inside(info, b, k, "h [rows×H]", h, step))
    return info.Env().Undefined();
  tableOf<T>(b).lstmForward(at<T>(b, gates), atOrNull<T>(b, fromPrev, cPrev), at<T>(b, c), at<T>(b, tanhC), at<T>(b, h), int(rows), int(hidden));
  return info.Env().Undefined();
}

/** lstmBackward(gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t). */
template <class T> Napi::Value lstmBackwardKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  const char* k = "lstmBackward";
  double gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden;
  bool fromPrev, fromNext;
  int t;
  const int32_t* lengths;
  if (!arg(info, 0, k, "gates", gates) || !offsetOrNone(info, 1, k, "cPrev", cPrev, fromPrev) || !arg(info, 2, k, "tanhC", tanhC) ||
      !arg(info, 3, k, "dh", dh) || !offsetOrNone(info, 4, k, "carryIn", carryIn, fromNext) || !arg(info, 5, k, "carryOut", carryOut) ||
      !arg(info, 6, k, "dGates", dGates) || !arg(info, 7, k, "rows", rows) || !arg(info, 8, k, "hidden", hidden) || !small(info, k, {rows, 4 * hidden}) ||
      !lengthsArg(info, 9, k, rows, lengths) || !stepArg(info, 10, k, "t", t))
    return info.Env().Undefined();
  const double step = rows * hidden;
  if (!inside(info, b, k, "gates [rows×4H]", gates, 4 * step) || (fromPrev && !inside(info, b, k, "cPrev [rows×H]", cPrev, step)) ||
      !inside(info, b, k, "tanhC [rows×H]", tanhC, step) || !inside(info, b, k, "dh [rows×H]", dh, step) ||
      (fromNext && !inside(info, b, k, "carryIn [rows×H]", carryIn, step)) || !inside(info, b, k, "carryOut [rows×H]", carryOut, step) ||
      !inside(info, b, k, "dGates [rows×4H]", dGates, 4 * step))
    return info.Env().Undefined();
  tableOf<T>(b).lstmBackward(at<T>(b, gates), atOrNull<T>(b, fromPrev, cPrev), at<T>(b, tanhC), at<T>(b, dh), atOrNull<T>(b, fromNext, carryIn),
                             at<T>(b, carryOut), at<T>(b, dGates), int(rows), int(hidden), lengths, t);
  return info.Env().Undefined();
}

/** gruForward(inputPart, hiddenPart, resetUpdate, candidate, hPrev, h, rows, hidden). */
template <class T> Napi::Value gruForwardKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  const char* k = "gruForward";
  double X, H, rz, n, hPrev, h, rows, hidden;
  bool fromPrev;
  if (!arg(info, 0, k, "inputPart", X) || !arg(info, 1, k, "hiddenPart", H) || !arg(info, 2, k, "resetUpdate", rz) ||
      !arg(info, 3, k, "candidate", n) || !offsetOrNone(info, 4, k, "hPrev", hPrev, fromPrev) || !arg(info, 5, k, "h", h) ||
      !arg(info, 6, k, "rows", rows) || !arg(info, 7, k, "hidden", hidden) || !small(info, k, {rows, 3 * hidden}))
    return info.Env().Undefined();
  const double step = rows * hidden;
  if (!inside(info, b, k, "inputPart [rows×3H]", X, 3 * step) || !inside(info, b, k, "hiddenPart [rows×3H]", H, 3 * step) ||
      !inside(info, b, k, "resetUpdate [2×rows×H]", rz, 2 * step) || !inside(info, b, k, "candidate [rows×H]", n, step) ||
      (fromPrev && !inside(info, b, k, "hPrev [rows×H]", hPrev, step)) || !inside(info, b, k, "h [rows×H]", h, step))
    return info.Env().Undefined();
  tableOf<T>(b).gruForward(at<T>(b, X), at<T>(b, H), at<T>(b, rz), at<T>(b, n), atOrNull<T>(b, fromPrev, hPrev), at<T>(b, h), int(rows), int(hidden));
  return info.Env().Undefined();
}

/** gruBackward(resetUpdate, candidate, hiddenPart, hPrev, dh, dhNext, zNext, dInputPart, dHiddenPart, rows, hidden, lengths, t, next). */
template <class T> Napi::Value gruBackwardKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  const char* k = "gruBackward";
  double rz, n, H, hPrev, dh, dhNext, zNext, dX, dH, rows, hidden;
  bool fromPrev, fromNext, zFromNext;
  int t, next;
  const int32_t* lengths;
  if (!arg(info, 0, k, "resetUpdate", rz) || !arg(info, 1, k, "candidate", n) || !arg(info, 2, k, "hiddenPart", H) ||
      !offsetOrNone(info, 3, k, "hPrev", hPrev, fromPrev) || !arg(info, 4, k, "dh", dh) || !offsetOrNone(info, 5, k, "dhNext", dhNext, fromNext) ||
      !offsetOrNone(info, 6, k, "zNext", zNext, zFromNext) || !arg(info, 7, k, "dInputPart", dX) || !arg(info, 8, k, "dHiddenPart", dH) ||
      !arg(info, 9, k, "rows", rows) || !arg(info, 10, k, "hidden", hidden) || !small(info, k, {rows, 3 * hidden}) ||
      !lengthsArg(info, 11, k, rows, lengths) || !stepArg(info, 12, k, "t", t) || !stepArg(info, 13, k, "next", next))
    return info.Env().Undefined();
  if (fromNext != zFromNext) {
    Napi::RangeError::New(info.Env(), "native gruBackward: dhNext and zNext must both be offsets or both NO_STEP").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  const double step = rows * hidden;
  if (!inside(info, b, k, "resetUpdate [2×rows×H]", rz, 2 * step) || !inside(info, b, k, "candidate [rows×H]", n, step) ||
      !inside(info, b, k, "hiddenPart [rows×3H]", H, 3 * step) || (fromPrev && !inside(info, b, k, "hPrev [rows×H]", hPrev, step)) ||
      !inside(info, b, k, "dh [rows×H]", dh, step) || (fromNext && !inside(info, b, k, "dhNext [rows×H]", dhNext, step)) ||
      (fromNext && !inside(info, b, k, "zNext [rows×H]", zNext, step)) || !inside(info, b, k, "dInputPart [rows×3H]", dX, 3 * step) ||
      !inside(info, b, k, "dHiddenPart [rows×3H]", dH, 3 * step))
    return info.Env().Undefined();
  tableOf<T>(b).gruBackward(at<T>(b, rz), at<T>(b, n), at<T>(b, H), atOrNull<T>(b, fromPrev, hPrev), at<T>(b, dh),
                            atOrNull<T>(b, fromNext, dhNext), atOrNull<T>(b, fromNext, zNext), at<T>(b, dX), at<T>(b, dH),
                            int(rows), int(hidden), lengths, t, next);
  return info.Env().Undefined();
}

template <class T> void addGateKernels(Napi::Env env, Napi::Object o, Bound* b) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) { o.Set(name, Napi::Function::New(env, f, name, b)); };
  fn("lstmForward", &lstmForwardKernel<T>);
  fn("lstmBackward", &lstmBackwardKernel<T>);
  fn("gruForward", &gruForwardKernel<T>);
  fn("gruBackward", &gruBackwardKernel<T>);
}

}  // namespace
