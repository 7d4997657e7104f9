// rnnflow's native kernels: the N-API seam. bind(view, dtype, isa) takes a Uint8Array over the
// WebAssembly memory (a SharedArrayBuffer: the main thread and every worker thread bind the same
// bytes, so no buffer moves) and returns the kernels of one instruction-set level on it.
// Every call checks its arguments once, here (seam.h's checks; the gate kernels' entries are in
// addon-gates.h): element offsets and sizes must be integers, and every range a kernel reads or
// writes must lie inside the memory; otherwise it throws a RangeError naming the kernel and the
// range, and touches nothing.
#include <napi.h>
#include <cmath>
#include <string>
#include "addon-gates.h"
#include "seam.h"
#include "table.h"

namespace {

/** The levels this CPU (and its OS) can run, lowest first. */
bool cpuHas(const std::string& isa) {
  __builtin_cpu_init();
  if (isa == "sse") return true;  // x86-64's baseline (SSE2)
  if (isa == "avx2") return __builtin_cpu_supports("avx2");
  if (isa == "avx512") return __builtin_cpu_supports("avx512f");
  return false;
}

Level levelNamed(const std::string& isa) {
  if (isa == "avx512") return rnnflow_level_avx512();
  if (isa == "avx2") return rnnflow_level_avx2();
  return rnnflow_level_sse();
}

/** mm, mmB (packed B) and mmBRow (packed B, rows from a bias): (a, b, c, m, k, n, acc | row). */
template <class T, bool Packed, bool FromRow> Napi::Value product(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  const char* name = FromRow ? "mmBRow" : Packed ? "mmB" : "mm";
  double a, bb, c, m, k, n, row = 0;
  if (!arg(info, 0, name, "a", a) || !arg(info, 1, name, "b", bb) || !arg(info, 2, name, "c", c) || !arg(info, 3, name, "m", m) ||
      !arg(info, 4, name, "k", k) || !arg(info, 5, name, "n", n) || !small(info, name, {m, k, n}))
    return info.Env().Undefined();
  if (FromRow && !arg(info, 6, name, "row", row)) return info.Env().Undefined();
  if (!inside(info, b, name, "A [m×k]", a, m * k) || !inside(info, b, name, "B [k×n]", bb, k * n) ||
      !inside(info, b, name, "C [m×n]", c, m * n) || (FromRow && !inside(info, b, name, "row [n]", row, n)))
    return info.Env().Undefined();
  const Start start = FromRow ? Start::Row : (info.Length() > 6 && info[6].ToBoolean().Value()) ? Start::C : Start::Zero;
  tableOf<T>(b).gemm(at<T>(b, a), std::ptrdiff_t(k), 1, at<T>(b, bb), Packed, std::ptrdiff_t(n), at<T>(b, c), int(m), int(k), int(n),
                     start, FromRow ? at<T>(b, row) : nullptr);
  return info.Env().Undefined();
}

/** mmTA(a, b, c, m, k, n): C[k×n] += Aᵀ·B, A [m×k], B [m×n]. */
template <class T> Napi::Value productTA(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double a, bb, c, m, k, n;
  if (!arg(info, 0, "mmTA", "a", a) || !arg(info, 1, "mmTA", "b", bb) || !arg(info, 2, "mmTA", "c", c) || !arg(info, 3, "mmTA", "m", m) ||
      !arg(info, 4, "mmTA", "k", k) || !arg(info, 5, "mmTA", "n", n) || !small(info, "mmTA", {m, k, n}) ||
      !inside(info, b, "mmTA", "A [m×k]", a, m * k) || !inside(info, b, "mmTA", "B [m×n]", bb, m * n) || !inside(info, b, "mmTA", "C [k×n]", c, k * n))
    return info.Env().Undefined();
  tableOf<T>(b).gemmTA(at<T>(b, a), at<T>(b, bb), at<T>(b, c), int(m), int(k), int(n));
  return info.Env().Undefined();
}

/** prepareB(src, rows, cols, transposed, dst): B [k×n] in panels; B = M [rows×cols] (k = rows) or Mᵀ (k = cols). */
template <class T> Napi::Value prepareB(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double src, rows, cols, dst;
  if (!arg(info, 0, "prepareB", "src", src) || !arg(info, 1, "prepareB", "rows", rows) || !arg(info, 2, "prepareB", "cols", cols) ||
      !arg(info, 4, "prepareB", "dst", dst) || !small(info, "prepareB", {rows, cols}) ||
      !inside(info, b, "prepareB", "M [rows×cols]", src, rows * cols) || !inside(info, b, "prepareB", "dst [rows×cols]", dst, rows * cols))
    return info.Env().Undefined();
  const bool transposed = info[3].ToBoolean().Value();
  const std::ptrdiff_t rowStride = std::ptrdiff_t(cols);
  // B(p, q) = M[q, p] (k = cols): rows of B one element apart; or B = M (k = rows).
  if (transposed) tableOf<T>(b).pack(at<T>(b, src), 1, rowStride, int(cols), int(rows), at<T>(b, dst));
  else tableOf<T>(b).pack(at<T>(b, src), rowStride, 1, int(rows), int(cols), at<T>(b, dst));
  return info.Env().Undefined();
}

template <class T> Napi::Value tanhKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double off, count;
  if (!arg(info, 0, "tanh", "off", off) || !arg(info, 1, "tanh", "count", count) || !inside(info, b, "tanh", "x", off, count)) return info.Env().Undefined();
  tableOf<T>(b).tanh(at<T>(b, off), std::ptrdiff_t(count));
  return info.Env().Undefined();
}

template <class T> Napi::Value tanhGradKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double g, s, count;
  if (!arg(info, 0, "tanhGrad", "g", g) || !arg(info, 1, "tanhGrad", "s", s) || !arg(info, 2, "tanhGrad", "count", count) ||
      !inside(info, b, "tanhGrad", "g", g, count) || !inside(info, b, "tanhGrad", "s", s, count))
    return info.Env().Undefined();
  tableOf<T>(b).tanhGrad(at<T>(b, g), at<T>(b, s), std::ptrdiff_t(count));
  return info.Env().Undefined();
}

template <class T> Napi::Value addKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double out, a, bb, count;
  if (!arg(info, 0, "add", "out", out) || !arg(info, 1, "add", "a", a) || !arg(info, 2, "add", "b", bb) || !arg(info, 3, "add", "count", count) ||
      !inside(info, b, "add", "out", out, count) || !inside(info, b, "add", "a", a, count) || !inside(info, b, "add", "b", bb, count))
    return info.Env().Undefined();
  tableOf<T>(b).add(at<T>(b, out), at<T>(b, a), at<T>(b, bb), std::ptrdiff_t(count));
  return info.Env().Undefined();
}

template <class T> Napi::Value columnSumsKernel(const Napi::CallbackInfo& info) {
  const Bound& b = bound(info);
  double x, rows, cols, out;
  if (!arg(info, 0, "columnSums", "x", x) || !arg(info, 1, "columnSums", "rows", rows) || !arg(info, 2, "columnSums", "cols", cols) ||
      !arg(info, 3, "columnSums", "out", out) || !small(info, "columnSums", {rows, cols}) ||
      !inside(info, b, "columnSums", "X [rows×cols]", x, rows * cols) || !inside(info, b, "columnSums", "out [cols]", out, cols))
    return info.Env().Undefined();
  tableOf<T>(b).columnSums(at<T>(b, x), int(rows), int(cols), at<T>(b, out));
  return info.Env().Undefined();
}

template <class T> void addKernels(Napi::Env env, Napi::Object o, Bound* b) {
  auto fn = [&](const char* name, Napi::Value (*f)(const Napi::CallbackInfo&)) { o.Set(name, Napi::Function::New(env, f, name, b)); };
  fn("mm", &product<T, false, false>);
  fn("mmB", &product<T, true, false>);
  fn("mmBRow", &product<T, true, true>);
  fn("mmTA", &productTA<T>);
  fn("prepareB", &prepareB<T>);
  fn("tanh", &tanhKernel<T>);
  fn("tanhGrad", &tanhGradKernel<T>);
  fn("add", &addKernel<T>);
  fn("columnSums", &columnSumsKernel<T>);
  addGateKernels<T>(env, o, b);
}

/** bind(view: Uint8Array over the memory, dtype: 'float64' | 'float32', isa) → the kernels. */
Napi::Value Bind(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array || !info[1].IsString() ||
      !info[2].IsString()) {
    Napi::TypeError::New(env, "native bind(view: Uint8Array, dtype, isa)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string dtype = info[1].As<Napi::String>(), isa = info[2].As<Napi::String>();
  if (dtype != "float64" && dtype != "float32") {
    Napi::RangeError::New(env, "native bind: dtype must be float64 or float32, got " + dtype).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (!cpuHas(isa)) {
    Napi::RangeError::New(env, "native bind: this CPU cannot run isa '" + isa + "' (it can: " + (cpuHas("avx512") ? "sse, avx2, avx512" : cpuHas("avx2") ? "sse, avx2" : "sse") + ")")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Uint8Array view = info[0].As<Napi::Uint8Array>();
  auto* b = new Bound{Napi::Persistent(view), view.Data(), double(view.ByteLength() / (dtype == "float32" ? 4 : 8)), dtype == "float32", levelNamed(isa)};
  Napi::Object o = Napi::Object::New(env);
  if (b->f32) addKernels<float>(env, o, b);
  else addKernels<double>(env, o, b);
  o.Set("isa", Napi::String::New(env, b->level.name));
  o.Set("lanes", Napi::Number::New(env, b->f32 ? b->level.f32.lanes : b->level.f64.lanes));
  o.AddFinalizer([](Napi::Env, Bound* p) { delete p; }, b);
  return o;
}

/** isas() → the levels this CPU runs, lowest first. */
Napi::Value Isas(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env());
  uint32_t i = 0;
  for (const char* isa : {"sse", "avx2", "avx512"})
    if (cpuHas(isa)) a.Set(i++, Napi::String::New(info.Env(), isa));
  return a;
}

/** peak(isa, dtype, iterations) → { multiplyAdds, check }: the multiply-add peak loop (bench/native-peak.ts times it). */
Napi::Value Peak(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string isa = info[0].As<Napi::String>(), dtype = info[1].As<Napi::String>();
  const long iterations = long(info[2].As<Napi::Number>().DoubleValue());
  if (!cpuHas(isa)) {
    Napi::RangeError::New(env, "native peak: this CPU cannot run isa '" + isa + "'").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const Level level = levelNamed(isa);
  const bool f32 = dtype == "float32";
  const double check = f32 ? level.f32.peak(iterations) : level.f64.peak(iterations);
  Napi::Object o = Napi::Object::New(env);
  o.Set("multiplyAdds", double(iterations) * (f32 ? level.f32.peakMultiplyAdds : level.f64.peakMultiplyAdds));
  o.Set("check", check);
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("bind", Napi::Function::New(env, Bind, "bind"));
  exports.Set("isas", Napi::Function::New(env, Isas, "isas"));
  exports.Set("peak", Napi::Function::New(env, Peak, "peak"));
  return exports;
}

}  // namespace

NODE_API_MODULE(rnnflow_native, Init)
