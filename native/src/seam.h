// The seam's argument checks, shared by addon.cc's kernel entries (and addon-gates.h's): element
// offsets and sizes as non-negative integers, every range inside the bound memory, else a RangeError
// naming the kernel and the operand, before anything is read or written.
#pragma once
#include <napi.h>
#include <cmath>
#include <cstdint>
#include <string>
#include "table.h"

namespace {

struct Bound {
  Napi::Reference<Napi::Uint8Array> view;  // keeps the memory alive while the kernels live
  uint8_t* base;
  double elements;  // of the dtype
  bool f32;
  Level level;
};

/** Argument i as a non-negative integer (an element offset or a size), or a RangeError. */
bool arg(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, double& out) {
  if (i >= info.Length() || !info[i].IsNumber()) {
    Napi::TypeError::New(info.Env(), std::string("native ") + kernel + ": " + name + " must be a number").ThrowAsJavaScriptException();
    return false;
  }
  out = info[i].As<Napi::Number>().DoubleValue();
  if (!(out >= 0) || out != std::floor(out) || out > 9007199254740991.0) {
    Napi::RangeError::New(info.Env(), std::string("native ") + kernel + ": " + name + " must be a non-negative integer, got " +
                                          std::to_string(out)).ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

/** [at, at + count) inside the memory, or a RangeError naming the operand. */
bool inside(const Napi::CallbackInfo& info, const Bound& b, const char* kernel, const char* operand, double at, double count) {
  if (at + count <= b.elements) return true;
  Napi::RangeError::New(info.Env(), std::string("native ") + kernel + ": " + operand + " (elements " + std::to_string(int64_t(at)) + " … +" +
                                        std::to_string(int64_t(count)) + ") ends past the memory (" + std::to_string(int64_t(b.elements)) +
                                        " elements)").ThrowAsJavaScriptException();
  return false;
}

/** Sizes that fit the kernels' int loops (2^31 − 1 rows or columns; the memory is at most 4 GiB anyway). */
bool small(const Napi::CallbackInfo& info, const char* kernel, std::initializer_list<double> sizes) {
  for (double s : sizes)
    if (s > 2147483647.0) {
      Napi::RangeError::New(info.Env(), std::string("native ") + kernel + ": a size above 2^31 − 1").ThrowAsJavaScriptException();
      return false;
    }
  return true;
}

Bound& bound(const Napi::CallbackInfo& info) { return *static_cast<Bound*>(info.Data()); }

template <class T> T* at(const Bound& b, double element) { return reinterpret_cast<T*>(b.base) + std::ptrdiff_t(element); }
template <class T> const Table<T>& tableOf(const Bound& b);
template <> const Table<double>& tableOf(const Bound& b) { return b.level.f64; }
template <> const Table<float>& tableOf(const Bound& b) { return b.level.f32; }

/** Argument i as an element offset (has: true), or NO_STEP, −1 (has: false: no such operand). */
bool offsetOrNone(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, double& out, bool& has) {
  has = !(i < info.Length() && info[i].IsNumber() && info[i].As<Napi::Number>().DoubleValue() == -1);
  out = 0;
  return !has || arg(info, i, kernel, name, out);
}

/** Argument i as a step index: any integer in int's range (only compared with row lengths, never an address). */
bool stepArg(const Napi::CallbackInfo& info, size_t i, const char* kernel, const char* name, int& out) {
  const double v = i < info.Length() && info[i].IsNumber() ? info[i].As<Napi::Number>().DoubleValue() : 0.5;
  if (!(v == std::floor(v) && v >= -2147483648.0 && v <= 2147483647.0)) {
    Napi::RangeError::New(info.Env(), std::string("native ") + kernel + ": " + name + " must be an integer step").ThrowAsJavaScriptException();
    return false;
  }
  out = int(v);
  return true;
}

/** Argument i: null (no padded rows) or an Int32Array of at least `rows` row lengths. */
bool lengthsArg(const Napi::CallbackInfo& info, size_t i, const char* kernel, double rows, const int32_t*& out) {
  out = nullptr;
  if (i >= info.Length() || info[i].IsNull() || info[i].IsUndefined()) return true;
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
    Napi::TypeError::New(info.Env(), std::string("native ") + kernel + ": lengths must be an Int32Array or null").ThrowAsJavaScriptException();
    return false;
  }
  Napi::Int32Array lengths = info[i].As<Napi::Int32Array>();
  if (double(lengths.ElementLength()) < rows) {
    Napi::RangeError::New(info.Env(), std::string("native ") + kernel + ": lengths has " + std::to_string(lengths.ElementLength()) + " rows, fewer than rows (" +
                                          std::to_string(int64_t(rows)) + ")").ThrowAsJavaScriptException();
    return false;
  }
  out = lengths.Data();
  return true;
}

/** The element at `offset`, or null for an operand that is not there (offsetOrNone's has = false). */
template <class T> T* atOrNull(const Bound& b, bool has, double offset) { return has ? at<T>(b, offset) : nullptr; }

}  // namespace
