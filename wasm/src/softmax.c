/*
 * Softmax over the rows of a contiguous [rows, size] float32 array, forward and backward (the
 * log form stays js's: it needs a logarithm this libc-free module lacks). Each row is shifted by
 * its maximum; a row holding NaN gives NaN, as the js kernel's does.
 */
#include <wasm_simd128.h>

#include "fastexp.h"

/* Lanes past the row's end read as −∞ (e^−∞ = 0, and they never win the maximum). */
static v128_t load_row(const float *x, int i, int size) {
  if (i + 4 <= size) return wasm_v128_load(x + i);
  float part[4] = {-__builtin_inff(), -__builtin_inff(), -__builtin_inff(), -__builtin_inff()};
  for (int j = i; j < size; j++) part[j - i] = x[j];
  return wasm_v128_load(part);
}

static void store_row(float *y, int i, int size, v128_t v) {
  if (i + 4 <= size) {
    wasm_v128_store(y + i, v);
    return;
  }
  float part[4];
  wasm_v128_store(part, v);
  for (int j = i; j < size; j++) y[j] = part[j - i];
}

static float lanes_max(v128_t v) {
  v = wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(wasm_f32x4_max(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2)), 0);
}

static float lanes_sum(v128_t v) {
  v = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
  return wasm_f32x4_extract_lane(wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2)), 0);
}

__attribute__((export_name("softmax_f32")))
void softmax_f32(const float *x, float *y, int rows, int size) {
  for (int r = 0; r < rows; r++, x += size, y += size) {
    /* f32x4.max propagates NaN, so a row holding NaN shifts by NaN and comes out NaN */
    v128_t peak = wasm_f32x4_splat(-__builtin_inff());
    for (int i = 0; i < size; i += 4) peak = wasm_f32x4_max(peak, load_row(x, i, size));
    v128_t shift = wasm_f32x4_splat(lanes_max(peak)), total = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < size; i += 4) {
      v128_t e = exp4(wasm_f32x4_sub(load_row(x, i, size), shift));
      total = wasm_f32x4_add(total, e);
      store_row(y, i, size, e);
    }
    v128_t scale = wasm_f32x4_splat(1.0f / lanes_sum(total));
    for (int i = 0; i < size; i += 4) store_row(y, i, size, wasm_f32x4_mul(load_row(y, i, size), scale));
  }
}

/* dx = y·(g − Σ g·y) per row. */
__attribute__((export_name("softmax_backward_f32")))
void softmax_backward_f32(const float *y, const float *g, float *dx, int rows, int size) {
  for (int r = 0; r < rows; r++, y += size, g += size, dx += size) {
    float dot = 0;
    for (int i = 0; i < size; i++) dot += g[i] * y[i];
    v128_t d = wasm_f32x4_splat(dot);
    int i = 0;
    for (; i + 4 <= size; i += 4) wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(y + i), wasm_f32x4_sub(wasm_v128_load(g + i), d)));
    for (; i < size; i++) dx[i] = y[i] * (g[i] - dot);
  }
}
