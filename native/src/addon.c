/*
 * Node-API glue: each exported function takes typed arrays (used in place, zero copy) and plain
 * numbers, checks them, and calls a kernel. Errors become JavaScript TypeErrors/RangeErrors.
 */
#include <node_api.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gemm.h"
#include "kernels.h"
#include "pool.h"

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, "shinsou native: N-API call failed: " #call); return NULL; } } while (0)

/* A Float32Array argument's data and length, or NULL for JS null (when `nullable`). */
static int f32_arg(napi_env env, napi_value v, float **data, size_t *len, int nullable, const char *name) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (nullable && (t == napi_null || t == napi_undefined)) {
    *data = NULL;
    *len = 0;
    return 1;
  }
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  napi_typedarray_type type;
  void *ptr;
  size_t length;
  if (!is_ta || napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok || type != napi_float32_array) {
    char msg[96];
    snprintf(msg, sizeof msg, "shinsou native: %s must be a Float32Array", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  *data = ptr;
  *len = length;
  return 1;
}

/* Reads `count` Float32Array arguments (null allowed where `nullable` has the bit) that must hold at least `need[i]` floats. */
static int f32_args(napi_env env, napi_value *argv, int count, float **out, const long *need, unsigned nullable, const char *op) {
  for (int i = 0; i < count; i++) {
    size_t len;
    if (!f32_arg(env, argv[i], &out[i], &len, (nullable >> i) & 1, op)) return 0;
    if (out[i] && (long)len < need[i]) {
      napi_throw_range_error(env, NULL, "shinsou native: an array is shorter than its sizes need");
      return 0;
    }
  }
  return 1;
}

static double num_arg(napi_env env, napi_value v) {
  double d = 0;
  napi_get_value_double(env, v, &d);
  return d;
}

/* sgemm(a, b, c, batch, m, k, n, aBatchStride, bBatchStride, transA, transB); as sgemmFewRows (data set) sgemm_few_rows */
static napi_value js_sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  void *few_rows = NULL;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, &few_rows));
  if (argc != 11) { napi_throw_type_error(env, NULL, "shinsou native: sgemm expects 11 arguments"); return NULL; }
  float *a, *b, *c;
  size_t la, lb, lc;
  if (!f32_arg(env, argv[0], &a, &la, 0, "a") || !f32_arg(env, argv[1], &b, &lb, 0, "b") || !f32_arg(env, argv[2], &c, &lc, 0, "c")) return NULL;
  long batch = (long)num_arg(env, argv[3]), m = (long)num_arg(env, argv[4]), k = (long)num_arg(env, argv[5]), n = (long)num_arg(env, argv[6]);
  long sa = (long)num_arg(env, argv[7]), sb = (long)num_arg(env, argv[8]);
  int ta = (int)num_arg(env, argv[9]), tb = (int)num_arg(env, argv[10]);
  if (batch < 0 || m < 0 || k < 0 || n < 0 || (size_t)(sa * (batch - 1) + m * k) > la || (size_t)(sb * (batch - 1) + k * n) > lb || (size_t)(batch * m * n) > lc) {
    napi_throw_range_error(env, NULL, "shinsou native: sgemm sizes exceed the arrays");
    return NULL;
  }
  if (batch > 0 && m > 0 && n > 0) (few_rows ? sgemm_few_rows : sgemm)(a, b, c, (int)batch, (int)m, (int)k, (int)n, sa, sb, ta, tb);
  return NULL;
}

/* packedSize(k, n): floats that sgemm's packed form of a [k, n] matrix takes */
static napi_value js_packed_size(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], out;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  long k = (long)num_arg(env, argv[0]), n = (long)num_arg(env, argv[1]);
  if (argc != 2 || k < 0 || n < 0) { napi_throw_range_error(env, NULL, "shinsou native: packedSize expects sizes k, n >= 0"); return NULL; }
  CHECK(napi_create_double(env, (double)sgemm_packed_size((int)k, (int)n), &out));
  return out;
}

/* packB(b, packed, k, n, transB) */
static napi_value js_pack_b(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 5) { napi_throw_type_error(env, NULL, "shinsou native: packB expects 5 arguments"); return NULL; }
  float *b, *packed;
  size_t lb, lp;
  if (!f32_arg(env, argv[0], &b, &lb, 0, "b") || !f32_arg(env, argv[1], &packed, &lp, 0, "packed")) return NULL;
  long k = (long)num_arg(env, argv[2]), n = (long)num_arg(env, argv[3]);
  if (k < 0 || n < 0 || (size_t)(k * n) > lb || (size_t)sgemm_packed_size((int)k, (int)n) > lp) {
    napi_throw_range_error(env, NULL, "shinsou native: packB sizes exceed the arrays");
    return NULL;
  }
  sgemm_pack_b(b, (int)k, (int)n, (int)num_arg(env, argv[4]), packed);
  return NULL;
}

/* sgemmPacked(a, packed, c, m, k, n, transA) */
static napi_value js_sgemm_packed(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 7) { napi_throw_type_error(env, NULL, "shinsou native: sgemmPacked expects 7 arguments"); return NULL; }
  float *a, *packed, *c;
  size_t la, lp, lc;
  if (!f32_arg(env, argv[0], &a, &la, 0, "a") || !f32_arg(env, argv[1], &packed, &lp, 0, "packed") || !f32_arg(env, argv[2], &c, &lc, 0, "c")) return NULL;
  long m = (long)num_arg(env, argv[3]), k = (long)num_arg(env, argv[4]), n = (long)num_arg(env, argv[5]);
  if (m < 0 || k < 0 || n < 0 || (size_t)(m * k) > la || (size_t)sgemm_packed_size((int)k, (int)n) > lp || (size_t)(m * n) > lc) {
    napi_throw_range_error(env, NULL, "shinsou native: sgemmPacked sizes exceed the arrays");
    return NULL;
  }
  if (m > 0 && n > 0) sgemm_packed(a, packed, c, (int)m, (int)k, (int)n, (int)num_arg(env, argv[6]));
  return NULL;
}

/* adamUpdate(p, g, m, v, vmax|null, lr, beta1, beta2, eps, weightDecay, decoupled, step) */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *p, *g, *m, *v, *vmax;
  size_t lp, lg, lm, lv, lx;
  if (!f32_arg(env, argv[0], &p, &lp, 0, "param") || !f32_arg(env, argv[1], &g, &lg, 0, "grad") || !f32_arg(env, argv[2], &m, &lm, 0, "expAvg")
      || !f32_arg(env, argv[3], &v, &lv, 0, "expAvgSq") || !f32_arg(env, argv[4], &vmax, &lx, 1, "maxExpAvgSq")) return NULL;
  if (lg != lp || lm != lp || lv != lp || (vmax && lx != lp)) { napi_throw_range_error(env, NULL, "shinsou native: adamUpdate arrays differ in length"); return NULL; }
  adam_hyper o = {num_arg(env, argv[5]), num_arg(env, argv[6]), num_arg(env, argv[7]), num_arg(env, argv[8]), num_arg(env, argv[9]), (int)num_arg(env, argv[10]), num_arg(env, argv[11])};
  adam_update_f32(p, g, m, v, vmax, (long)lp, &o);
  return NULL;
}

/* gather(x, index Int32Array, out, outer, n, k, inner) and scatter(target, index, src, outer, n, k, inner, accumulate) */
static napi_value js_gather_family(napi_env env, napi_callback_info info, int scatter) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *data, *values;
  size_t ld, lv, li;
  napi_typedarray_type type;
  void *index;
  if (!f32_arg(env, argv[0], &data, &ld, 0, "data") || !f32_arg(env, argv[2], &values, &lv, 0, "values")) return NULL;
  if (napi_get_typedarray_info(env, argv[1], &type, &li, &index, NULL, NULL) != napi_ok || type != napi_int32_array) {
    napi_throw_type_error(env, NULL, "shinsou native: gather/scatter index must be an Int32Array");
    return NULL;
  }
  long outer = (long)num_arg(env, argv[3]), n = (long)num_arg(env, argv[4]), k = (long)num_arg(env, argv[5]), inner = (long)num_arg(env, argv[6]);
  if (outer < 0 || n < 0 || k < 0 || inner < 0 || (size_t)(outer * n * inner) > ld || (size_t)(outer * k * inner) > li || (size_t)(outer * k * inner) > lv) {
    napi_throw_range_error(env, NULL, "shinsou native: gather/scatter sizes exceed the arrays");
    return NULL;
  }
  int ok = scatter ? scatter_f32(data, index, values, outer, n, k, inner, (int)num_arg(env, argv[7]))
                   : gather_f32(data, index, values, outer, n, k, inner);
  if (!ok) napi_throw_range_error(env, NULL, "shinsou native: gather/scatter index out of range");
  return NULL;
}
static napi_value js_gather(napi_env env, napi_callback_info info) { return js_gather_family(env, info, 0); }
static napi_value js_scatter(napi_env env, napi_callback_info info) { return js_gather_family(env, info, 1); }

/* bernoulli(state Uint32Array(4), out, limit, value): the mask kernel, advancing `state` in place */
static napi_value js_bernoulli(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_typedarray_type type;
  size_t len, lo;
  void *state;
  float *out;
  if (argc != 4 || napi_get_typedarray_info(env, argv[0], &type, &len, &state, NULL, NULL) != napi_ok || type != napi_uint32_array || len != 4) {
    napi_throw_type_error(env, NULL, "shinsou native: bernoulli expects a Uint32Array(4) state, out, limit, value");
    return NULL;
  }
  if (!f32_arg(env, argv[1], &out, &lo, 0, "out")) return NULL;
  bernoulli_f32(state, out, (long)lo, num_arg(env, argv[2]), (float)num_arg(env, argv[3]));
  return NULL;
}

/* sgdUpdate(p, g, buf|null, lr, momentum, dampening, nesterov, weightDecay, firstStep) */
static napi_value js_sgd(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *p, *g, *buf;
  size_t lp, lg, lb;
  if (!f32_arg(env, argv[0], &p, &lp, 0, "param") || !f32_arg(env, argv[1], &g, &lg, 0, "grad") || !f32_arg(env, argv[2], &buf, &lb, 1, "momentumBuffer")) return NULL;
  if (lg != lp || (buf && lb != lp)) { napi_throw_range_error(env, NULL, "shinsou native: sgdUpdate arrays differ in length"); return NULL; }
  sgd_hyper o = {num_arg(env, argv[3]), num_arg(env, argv[4]), num_arg(env, argv[5]), num_arg(env, argv[7]), (int)num_arg(env, argv[6]), (int)num_arg(env, argv[8])};
  sgd_update_f32(p, g, buf, (long)lp, &o);
  return NULL;
}

/* Reads a packed geometry (Int32Array of 19: channels, then size, kernel, stride, padding, dilation, out triples). */
static int geometry_arg(napi_env env, napi_value v, conv_geometry *g) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok || type != napi_int32_array || len != 19) {
    napi_throw_type_error(env, NULL, "shinsou native: a window geometry must be an Int32Array of 19 numbers");
    return 0;
  }
  _Static_assert(sizeof(conv_geometry) == 19 * sizeof(int), "conv_geometry is 19 packed ints");
  memcpy(g, data, sizeof *g);
  return 1;
}

/* im2col(x, cols, batch, geometry Int32Array [channels, size×3, kernel×3, stride×3, padding×3, dilation×3, out×3], adjoint, batchInner) */
static napi_value js_im2col(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 6) { napi_throw_type_error(env, NULL, "shinsou native: im2col expects 6 arguments"); return NULL; }
  float *x, *cols;
  size_t lx, lc;
  if (!f32_arg(env, argv[0], &x, &lx, 0, "images") || !f32_arg(env, argv[1], &cols, &lc, 0, "columns")) return NULL;
  int batch = (int)num_arg(env, argv[2]);
  conv_geometry g;
  if (!geometry_arg(env, argv[3], &g)) return NULL;
  if (batch < 0 || (size_t)(batch * conv_volume_size(&g)) > lx || (size_t)(batch * conv_columns_size(&g)) > lc) {
    napi_throw_range_error(env, NULL, "shinsou native: im2col sizes exceed the arrays");
    return NULL;
  }
  int batch_inner = (int)num_arg(env, argv[5]);
  if (num_arg(env, argv[4])) col2im_f32(cols, x, batch, &g, batch_inner);
  else im2col_f32(x, cols, batch, &g, batch_inner);
  return NULL;
}

/*
 * conv(mode, x, w, y, bias, batch, geometry, groups, outChannels): images x [batch, C, …],
 * weights w [O, C/groups·Πk], y [batch, O, L], bias [O] or null. Mode 0 computes y (plus bias)
 * from x and w, 1 the weight gradient w from x and y, 2 the input gradient x from w and y.
 */
static napi_value js_conv(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) { napi_throw_type_error(env, NULL, "shinsou native: conv expects 9 arguments"); return NULL; }
  int mode = (int)num_arg(env, argv[0]), batch = (int)num_arg(env, argv[5]);
  int groups = (int)num_arg(env, argv[7]), out_channels = (int)num_arg(env, argv[8]);
  conv_geometry g;
  if (!geometry_arg(env, argv[6], &g)) return NULL;
  if (batch < 0 || groups < 1 || g.channels % groups || out_channels % groups || mode < 0 || mode > 2) {
    napi_throw_range_error(env, NULL, "shinsou native: conv needs a non-negative batch and groups dividing both channel counts");
    return NULL;
  }
  long taps = (long)g.kernel[0] * g.kernel[1] * g.kernel[2], windows = (long)g.out[0] * g.out[1] * g.out[2];
  const long need[4] = {batch * conv_volume_size(&g), out_channels * (g.channels / groups) * taps, out_channels * batch * windows, out_channels};
  float *a[4];
  if (!f32_args(env, argv + 1, 4, a, need, 1u << 3, "conv arrays")) return NULL;
  int ok = mode == 0 ? conv_forward_f32(a[0], a[1], a[3], a[2], batch, &g, groups, out_channels)
         : mode == 1 ? conv_weight_grad_f32(a[0], a[2], a[1], batch, &g, groups, out_channels)
                     : conv_input_grad_f32(a[1], a[2], a[0], batch, &g, groups, out_channels);
  if (!ok) napi_throw_error(env, NULL, "shinsou native: conv is out of memory");
  return NULL;
}

/* depthwiseConv(x, w, y, batch, geometry) and depthwiseConvBackward(x, w, dy, dx|null, dw|null, batch, geometry) */
static napi_value js_depthwise_family(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int arrays = backward ? 5 : 3;
  if ((int)argc != arrays + 2) { napi_throw_type_error(env, NULL, "shinsou native: depthwiseConv expects its arrays, batch and geometry"); return NULL; }
  int batch = (int)num_arg(env, argv[arrays]);
  conv_geometry g;
  if (!geometry_arg(env, argv[arrays + 1], &g)) return NULL;
  long taps = (long)g.kernel[0] * g.kernel[1] * g.kernel[2];
  long volume = (long)batch * conv_volume_size(&g), out = (long)batch * g.channels * g.out[0] * g.out[1] * g.out[2];
  if (batch < 0) { napi_throw_range_error(env, NULL, "shinsou native: depthwiseConv batch must be non-negative"); return NULL; }
  const long need[5] = {volume, g.channels * taps, out, volume, g.channels * taps};
  float *a[5];
  if (!f32_args(env, argv, arrays, a, need, backward ? 3u << 3 : 0, "depthwiseConv arrays")) return NULL;
  int ok = backward ? depthwise_conv_backward_f32(a[0], a[1], a[2], a[3], a[4], batch, &g) : depthwise_conv_f32(a[0], a[1], a[2], batch, &g);
  if (!ok) napi_throw_range_error(env, NULL, "shinsou native: depthwiseConv kernel too large");
  return NULL;
}

static napi_value js_depthwise(napi_env env, napi_callback_info info) { return js_depthwise_family(env, info, 0); }
static napi_value js_depthwise_backward(napi_env env, napi_callback_info info) { return js_depthwise_family(env, info, 1); }

/* maxPoolIndices(x, planes, geometry Int32Array[19], out Int32Array) */
static napi_value js_maxpool(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x;
  size_t lx;
  if (argc != 4 || !f32_arg(env, argv[0], &x, &lx, 0, "x")) return NULL;
  int planes = (int)num_arg(env, argv[1]);
  conv_geometry g;
  if (!geometry_arg(env, argv[2], &g)) return NULL;
  napi_typedarray_type type;
  size_t lo;
  void *out;
  CHECK(napi_get_typedarray_info(env, argv[3], &type, &lo, &out, NULL, NULL));
  long volume = (long)g.size[0] * g.size[1] * g.size[2], windows = (long)g.out[0] * g.out[1] * g.out[2];
  if (type != napi_int32_array || planes < 0 || (size_t)(planes * volume) > lx || (size_t)(planes * windows) > lo) {
    napi_throw_range_error(env, NULL, "shinsou native: maxPoolIndices sizes exceed the arrays");
    return NULL;
  }
  maxpool_indices_f32(x, planes, &g, out);
  return NULL;
}

/*
 * Reads a layout Float64Array [ndim, shape…, strides of view 0…, …, strides of view k−1…,
 * offsets…] for `views` strided views over arrays of lengths `lengths`, checking that every view
 * stays inside its array and that the output (`out_len` elements) holds the shape. 0 on error.
 */
static int views_arg(napi_env env, napi_value v, int views, const size_t *lengths, size_t out_len,
                     int *ndim, long *shape, long (*strides)[16], long *offsets) {
  napi_typedarray_type type;
  size_t n;
  void *ptr;
  if (napi_get_typedarray_info(env, v, &type, &n, &ptr, NULL, NULL) != napi_ok || type != napi_float64_array || n < 1) {
    napi_throw_type_error(env, NULL, "shinsou native: a view layout must be a Float64Array");
    return 0;
  }
  const double *layout = ptr;
  *ndim = (int)layout[0];
  if (*ndim < 0 || *ndim > 16 || n != (size_t)(1 + *ndim + views * *ndim + views)) { napi_throw_range_error(env, NULL, "shinsou native: bad view layout"); return 0; }
  long total = 1;
  for (int d = 0; d < *ndim; d++) total *= shape[d] = (long)layout[1 + d];
  for (int k = 0; k < views; k++) {
    long first = offsets[k] = (long)layout[1 + *ndim + views * *ndim + k], last = first;
    for (int d = 0; d < *ndim; d++) {
      strides[k][d] = (long)layout[1 + (k + 1) * *ndim + d];
      /* The farthest elements each view reaches, to check they stay inside the arrays. */
      if (shape[d] > 0) {
        if (strides[k][d] > 0) last += strides[k][d] * (shape[d] - 1);
        else first += strides[k][d] * (shape[d] - 1);
      }
    }
    if (total > 0 && (first < 0 || (size_t)last >= lengths[k])) { napi_throw_range_error(env, NULL, "shinsou native: views exceed their arrays"); return 0; }
  }
  if ((size_t)total > out_len) { napi_throw_range_error(env, NULL, "shinsou native: the output is too small for the views"); return 0; }
  return 1;
}

/* binary(op, a, b, out, layout) with layout = Float64Array [ndim, shape…, stridesA…, stridesB…, offsetA, offsetB] */
static napi_value js_binary(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *a, *b;
  size_t lengths[2], lo;
  if (!f32_arg(env, argv[1], &a, &lengths[0], 0, "a") || !f32_arg(env, argv[2], &b, &lengths[1], 0, "b")) return NULL;
  int op = (int)num_arg(env, argv[0]);
  napi_typedarray_type out_type;
  void *out;
  if (napi_get_typedarray_info(env, argv[3], &out_type, &lo, &out, NULL, NULL) != napi_ok ||
      out_type != (op >= BIN_GT ? napi_uint8_array : napi_float32_array)) {
    napi_throw_type_error(env, NULL, "shinsou native: binary out must be a Float32Array (a Uint8Array for comparisons)");
    return NULL;
  }
  int ndim;
  long shape[16], strides[2][16], offsets[2];
  if (!views_arg(env, argv[4], 2, lengths, lo, &ndim, shape, strides, offsets)) return NULL;
  if (!binary_f32(op, a, b, out, ndim, shape, strides[0], strides[1], offsets[0], offsets[1])) {
    napi_throw_range_error(env, NULL, "shinsou native: unsupported binary op");
  }
  return NULL;
}

/* assign(dst, src, layout) with layout = [ndim, shape…, strides of dst, src…, offsets of dst, src]: writes src's view into dst's */
static napi_value js_assign(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *dst, *src;
  size_t lengths[2];
  if (!f32_arg(env, argv[0], &dst, &lengths[0], 0, "dst") || !f32_arg(env, argv[1], &src, &lengths[1], 0, "src")) return NULL;
  int ndim;
  long shape[16], strides[2][16], offsets[2];
  if (!views_arg(env, argv[2], 2, lengths, SIZE_MAX, &ndim, shape, strides, offsets)) return NULL;
  assign_f32(dst, src, ndim, shape, strides[0], strides[1], offsets[0], offsets[1]);
  return NULL;
}

/* where(cond Uint8Array, a, b, out, layout) with layout = [ndim, shape…, strides of cond, a, b…, offsets of cond, a, b] */
static napi_value js_where(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  napi_typedarray_type type;
  void *cond;
  size_t lengths[3], lo;
  float *a, *b, *out;
  if (napi_get_typedarray_info(env, argv[0], &type, &lengths[0], &cond, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "shinsou native: where cond must be a Uint8Array");
    return NULL;
  }
  if (!f32_arg(env, argv[1], &a, &lengths[1], 0, "a") || !f32_arg(env, argv[2], &b, &lengths[2], 0, "b") || !f32_arg(env, argv[3], &out, &lo, 0, "out")) return NULL;
  int ndim;
  long shape[16], strides[3][16], offsets[3];
  if (!views_arg(env, argv[4], 3, lengths, lo, &ndim, shape, strides, offsets)) return NULL;
  where_f32(cond, a, b, out, ndim, shape, strides[0], strides[1], strides[2], offsets[0], offsets[1], offsets[2]);
  return NULL;
}

/* unary(op, x, out): contiguous arrays of equal length */
static napi_value js_unary(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *x, *out;
  size_t lx, lo;
  if (!f32_arg(env, argv[1], &x, &lx, 0, "x") || !f32_arg(env, argv[2], &out, &lo, 0, "out")) return NULL;
  if (lx != lo) { napi_throw_range_error(env, NULL, "shinsou native: unary arrays differ in length"); return NULL; }
  if (!unary_f32((int)num_arg(env, argv[0]), x, out, (long)lx)) napi_throw_range_error(env, NULL, "shinsou native: unsupported unary op");
  return NULL;
}

/* thresholdBackward(g, y, out, threshold): contiguous arrays of equal length */
static napi_value js_threshold_backward(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  float *g, *y, *out;
  size_t lg, ly, lo;
  if (argc != 4 || !f32_arg(env, argv[0], &g, &lg, 0, "g") || !f32_arg(env, argv[1], &y, &ly, 0, "y") || !f32_arg(env, argv[2], &out, &lo, 0, "out")) return NULL;
  if (lg != ly || lg != lo) { napi_throw_range_error(env, NULL, "shinsou native: thresholdBackward arrays differ in length"); return NULL; }
  threshold_backward_f32(g, y, out, (long)lg, (float)num_arg(env, argv[3]));
  return NULL;
}

/* lstmCell(xGates, hGates, cPrev, gates, c, h, batch, hidden) */
static napi_value js_lstm_cell(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 8) { napi_throw_type_error(env, NULL, "shinsou native: lstmCell expects 8 arguments"); return NULL; }
  long batch = (long)num_arg(env, argv[6]), hidden = (long)num_arg(env, argv[7]);
  if (batch < 0 || hidden < 0) { napi_throw_range_error(env, NULL, "shinsou native: lstmCell sizes must be non-negative"); return NULL; }
  long g = batch * 4 * hidden, s = batch * hidden;
  const long need[6] = {g, g, s, g, s, s};
  float *a[6];
  if (!f32_args(env, argv, 6, a, need, 0, "lstmCell arrays")) return NULL;
  lstm_cell_f32(a[0], a[1], a[2], a[3], a[4], a[5], batch, hidden);
  return NULL;
}

/* lstmCellBackward(gates, cPrev, c, dhOut, dhNext|null, dcCarry, dGates, batch, hidden) */
static napi_value js_lstm_cell_backward(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) { napi_throw_type_error(env, NULL, "shinsou native: lstmCellBackward expects 9 arguments"); return NULL; }
  long batch = (long)num_arg(env, argv[7]), hidden = (long)num_arg(env, argv[8]);
  if (batch < 0 || hidden < 0) { napi_throw_range_error(env, NULL, "shinsou native: lstmCellBackward sizes must be non-negative"); return NULL; }
  long g = batch * 4 * hidden, s = batch * hidden;
  const long need[7] = {g, s, s, s, s, s, g};
  float *a[7];
  if (!f32_args(env, argv, 7, a, need, 1u << 4, "lstmCellBackward arrays")) return NULL;
  lstm_cell_backward_f32(a[0], a[1], a[2], a[3], a[4], a[5], a[6], batch, hidden);
  return NULL;
}

/* gruCell(xGates, hGates, bHh, hPrev, saved, h, batch, hidden) */
static napi_value js_gru_cell(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 8) { napi_throw_type_error(env, NULL, "shinsou native: gruCell expects 8 arguments"); return NULL; }
  long batch = (long)num_arg(env, argv[6]), hidden = (long)num_arg(env, argv[7]);
  if (batch < 0 || hidden < 0) { napi_throw_range_error(env, NULL, "shinsou native: gruCell sizes must be non-negative"); return NULL; }
  long g = batch * 3 * hidden, s = batch * hidden;
  const long need[6] = {g, g, 3 * hidden, s, 4 * s, s};
  float *a[6];
  if (!f32_args(env, argv, 6, a, need, 0, "gruCell arrays")) return NULL;
  gru_cell_f32(a[0], a[1], a[2], a[3], a[4], a[5], batch, hidden);
  return NULL;
}

/* gruCellBackward(saved, hPrev, dhOut, dhNext|null, dxGates, dhGates, dhCarry, batch, hidden) */
static napi_value js_gru_cell_backward(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) { napi_throw_type_error(env, NULL, "shinsou native: gruCellBackward expects 9 arguments"); return NULL; }
  long batch = (long)num_arg(env, argv[7]), hidden = (long)num_arg(env, argv[8]);
  if (batch < 0 || hidden < 0) { napi_throw_range_error(env, NULL, "shinsou native: gruCellBackward sizes must be non-negative"); return NULL; }
  long g = batch * 3 * hidden, s = batch * hidden;
  const long need[7] = {4 * s, s, s, s, g, g, s};
  float *a[7];
  if (!f32_args(env, argv, 7, a, need, 1u << 3, "gruCellBackward arrays")) return NULL;
  gru_cell_backward_f32(a[0], a[1], a[2], a[3], a[4], a[5], a[6], batch, hidden);
  return NULL;
}

/* rnnCell(xGates, hGates, h, relu) */
static napi_value js_rnn_cell(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 4) { napi_throw_type_error(env, NULL, "shinsou native: rnnCell expects 4 arguments"); return NULL; }
  float *x, *hg, *h;
  size_t lx, lhg, lh;
  if (!f32_arg(env, argv[0], &x, &lx, 0, "xGates") || !f32_arg(env, argv[1], &hg, &lhg, 0, "hGates") || !f32_arg(env, argv[2], &h, &lh, 0, "h")) return NULL;
  if (lx < lh || lhg < lh) { napi_throw_range_error(env, NULL, "shinsou native: rnnCell arrays are shorter than h"); return NULL; }
  bool relu = false;
  napi_get_value_bool(env, argv[3], &relu);
  rnn_cell_f32(x, hg, h, (long)lh, relu);
  return NULL;
}

/* rnnCellBackward(h, dhOut, dhNext|null, dPre, relu) */
static napi_value js_rnn_cell_backward(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 5) { napi_throw_type_error(env, NULL, "shinsou native: rnnCellBackward expects 5 arguments"); return NULL; }
  float *h, *dh, *dn, *dp;
  size_t lh, ldh, ldn = 0, ldp;
  if (!f32_arg(env, argv[0], &h, &lh, 0, "h") || !f32_arg(env, argv[1], &dh, &ldh, 0, "dhOut") || !f32_arg(env, argv[2], &dn, &ldn, 1, "dhNext") ||
      !f32_arg(env, argv[3], &dp, &ldp, 0, "dPre")) return NULL;
  if (ldh < lh || ldp < lh || (dn && ldn < lh)) { napi_throw_range_error(env, NULL, "shinsou native: rnnCellBackward arrays are shorter than h"); return NULL; }
  bool relu = false;
  napi_get_value_bool(env, argv[4], &relu);
  rnn_cell_backward_f32(h, dh, dn, dp, (long)lh, relu);
  return NULL;
}

/* A typed array of `want` type with at least `need` elements (or an exception). */
static void *typed_arg(napi_env env, napi_value v, napi_typedarray_type want, size_t need, const char *name) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  bool is_ta = false;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta || napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok || type != want || len < need) {
    napi_throw_type_error(env, NULL, name);
    return NULL;
  }
  return data;
}

/* word2vecEpoch(syn0, syn1, corpus, sentenceEnds, keep, table, settings Float64Array(12), epoch) */
static napi_value js_word2vec_epoch(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 8) { napi_throw_type_error(env, NULL, "shinsou native: word2vecEpoch expects 8 arguments"); return NULL; }
  const double *o = typed_arg(env, argv[6], napi_float64_array, 12, "shinsou native: word2vecEpoch settings must be a Float64Array of 12");
  if (!o) return NULL;
  w2v_job j = {0};
  j.vocab_size = (long)o[0];
  j.vector_size = (long)o[1];
  j.window = (int)o[2];
  j.negative = (int)o[3];
  j.sg = o[4] != 0;
  j.cbow_mean = o[5] != 0;
  j.alpha = (float)o[6];
  j.min_alpha = (float)o[7];
  j.seed = (uint32_t)o[8];
  j.corpus_words = (long)o[9];
  j.total_words = (long)o[10];
  j.sentences = (long)o[11];
  if (j.vocab_size < 1 || j.vector_size < 1 || j.vector_size > 2048 || j.window < 1 || j.negative < 0 || j.sentences < 0) {
    napi_throw_range_error(env, NULL, "shinsou native: word2vecEpoch settings out of range (vector size at most 2048)");
    return NULL;
  }
  size_t matrix = (size_t)(j.vocab_size * j.vector_size);
  if (!(j.syn0 = typed_arg(env, argv[0], napi_float32_array, matrix, "shinsou native: word2vecEpoch syn0")) ||
      !(j.syn1 = typed_arg(env, argv[1], napi_float32_array, matrix, "shinsou native: word2vecEpoch syn1")) ||
      !(j.corpus = typed_arg(env, argv[2], napi_int32_array, (size_t)j.corpus_words, "shinsou native: word2vecEpoch corpus")) ||
      !(j.sentence_ends = typed_arg(env, argv[3], napi_int32_array, (size_t)j.sentences, "shinsou native: word2vecEpoch sentenceEnds")) ||
      !(j.keep = typed_arg(env, argv[4], napi_float32_array, (size_t)j.vocab_size, "shinsou native: word2vecEpoch keep")) ||
      !(j.table = typed_arg(env, argv[5], napi_float64_array, (size_t)j.vocab_size, "shinsou native: word2vecEpoch table"))) return NULL;
  for (long i = 0; i < j.corpus_words; i++) {
    if (j.corpus[i] < 0 || j.corpus[i] >= j.vocab_size) { napi_throw_range_error(env, NULL, "shinsou native: word2vecEpoch word id out of range"); return NULL; }
  }
  if (j.sentences > 0 && j.sentence_ends[j.sentences - 1] != j.corpus_words) { napi_throw_range_error(env, NULL, "shinsou native: word2vecEpoch sentence ends do not cover the corpus"); return NULL; }
  if (word2vec_epoch_f32(&j, (int)num_arg(env, argv[7])) != 0) napi_throw_error(env, NULL, "shinsou native: word2vecEpoch ran out of memory");
  return NULL;
}

/* softmax(x, y, rows, size, log) and softmaxBackward(y, g, dx, rows, size, log): contiguous [rows, size] arrays */
static napi_value js_softmax_family(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int arrays = backward ? 3 : 2;
  if ((int)argc != arrays + 3) { napi_throw_type_error(env, NULL, "shinsou native: softmax expects its arrays, rows, size and log"); return NULL; }
  long rows = (long)num_arg(env, argv[arrays]), size = (long)num_arg(env, argv[arrays + 1]);
  if (rows < 0 || size < 0) { napi_throw_range_error(env, NULL, "shinsou native: softmax sizes must be non-negative"); return NULL; }
  const long need[3] = {rows * size, rows * size, rows * size};
  float *a[3];
  if (!f32_args(env, argv, arrays, a, need, 0, "softmax arrays")) return NULL;
  int log_form = (int)num_arg(env, argv[arrays + 2]);
  if (backward) softmax_backward_f32(a[0], a[1], a[2], rows, size, log_form);
  else softmax_f32(a[0], a[1], rows, size, log_form);
  return NULL;
}

static napi_value js_softmax(napi_env env, napi_callback_info info) { return js_softmax_family(env, info, 0); }
static napi_value js_softmax_backward(napi_env env, napi_callback_info info) { return js_softmax_family(env, info, 1); }

/* stftFrames(signal, window, out, batch, length, nFft, hop, frames, bins, power) → false when nFft has a prime factor above STFT_MAX_RADIX */
static napi_value js_stft_frames(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value argv[10], result;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 10) { napi_throw_type_error(env, NULL, "shinsou native: stftFrames expects its arrays, 6 sizes and power"); return NULL; }
  long batch = (long)num_arg(env, argv[3]), length = (long)num_arg(env, argv[4]), frames = (long)num_arg(env, argv[7]);
  int nfft = (int)num_arg(env, argv[5]), hop = (int)num_arg(env, argv[6]), bins = (int)num_arg(env, argv[8]);
  if (batch < 0 || nfft < 1 || hop < 1 || frames < 0 || length < 0 || bins < 1 || bins > nfft || (frames > 0 && (frames - 1) * hop + nfft > length)) {
    napi_throw_range_error(env, NULL, "shinsou native: stftFrames sizes out of range");
    return NULL;
  }
  int power = num_arg(env, argv[9]) != 0;
  const long need[3] = {batch * length, nfft, batch * bins * frames * (power ? 1 : 2)};
  float *a[3];
  if (!f32_args(env, argv, 3, a, need, 0, "stftFrames arrays")) return NULL;
  int status = stft_frames_f32(a[0], a[1], a[2], batch, length, nfft, hop, frames, bins, power);
  if (status < 0) { napi_throw_error(env, NULL, "shinsou native: stftFrames is out of memory"); return NULL; }
  CHECK(napi_get_boolean(env, status == 1, &result));
  return result;
}

/* A Float64Array argument of at least `need` elements. */
static double *f64_arg(napi_env env, napi_value v, long need, const char *name) {
  napi_typedarray_type type;
  size_t len;
  void *data;
  if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok || type != napi_float64_array || (long)len < need) {
    char msg[96];
    snprintf(msg, sizeof msg, "shinsou native: %s must be a Float64Array of %ld numbers", name, need);
    napi_throw_type_error(env, NULL, msg);
    return NULL;
  }
  return data;
}

/* Reads the [outer, channels, inner] sizes at argv[first..first+2]; 0 on bad sizes. */
static int channel_sizes(napi_env env, napi_value *argv, int first, long *outer, long *channels, long *inner) {
  *outer = (long)num_arg(env, argv[first]);
  *channels = (long)num_arg(env, argv[first + 1]);
  *inner = (long)num_arg(env, argv[first + 2]);
  if (*outer < 0 || *channels < 0 || *inner < 0) { napi_throw_range_error(env, NULL, "shinsou native: sizes must be non-negative"); return 0; }
  return 1;
}

/* moments(x, outer, channels, inner, mean, variance) */
static napi_value js_moments(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  long outer, channels, inner;
  if (argc != 6 || !channel_sizes(env, argv, 1, &outer, &channels, &inner)) return NULL;
  const long need[1] = {outer * channels * inner};
  float *x;
  if (!f32_args(env, argv, 1, &x, need, 0, "moments x")) return NULL;
  double *mean = f64_arg(env, argv[4], channels, "mean"), *variance = mean ? f64_arg(env, argv[5], channels, "variance") : NULL;
  if (!variance) return NULL;
  moments_f32(x, outer, channels, inner, mean, variance);
  return NULL;
}

/* An optional Float64Array argument (null or undefined: NULL, no error). */
static double *optional_f64_arg(napi_env env, napi_value v, long need, const char *name, int *failed) {
  napi_valuetype type;
  if (napi_typeof(env, v, &type) != napi_ok || type == napi_null || type == napi_undefined) return NULL;
  double *data = f64_arg(env, v, need, name);
  *failed = data == NULL;
  return data;
}

/*
 * standardize(x, out, outer, channels, inner, mean, invstd, weight?, bias?) and
 * standardizeBackward(dy, x, dx, outer, channels, inner, mean, invstd, weight?, sums?)
 */
static napi_value js_standardize_family(napi_env env, napi_callback_info info, int backward) {
  size_t argc = 10;
  napi_value argv[10];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int arrays = backward ? 3 : 2;
  long outer, channels, inner;
  if ((int)argc != arrays + 7) { napi_throw_type_error(env, NULL, "shinsou native: standardize expects its arrays, three sizes, mean, invstd and two optional arrays"); return NULL; }
  if (!channel_sizes(env, argv, arrays, &outer, &channels, &inner)) return NULL;
  const long n = outer * channels * inner, need[3] = {n, n, n};
  float *a[3];
  if (!f32_args(env, argv, arrays, a, need, 0, "standardize arrays")) return NULL;
  double *mean = f64_arg(env, argv[arrays + 3], channels, "mean"), *invstd = mean ? f64_arg(env, argv[arrays + 4], channels, "invstd") : NULL;
  if (!invstd) return NULL;
  int failed = 0;
  double *weight = optional_f64_arg(env, argv[arrays + 5], channels, "weight", &failed);
  double *last = failed ? NULL : optional_f64_arg(env, argv[arrays + 6], backward ? 2 * channels : channels, backward ? "sums" : "bias", &failed);
  if (failed) return NULL;
  if (!backward && (weight == NULL) != (last == NULL)) { napi_throw_type_error(env, NULL, "shinsou native: standardize takes weight and bias together"); return NULL; }
  if (backward) standardize_backward_f32(a[0], a[1], a[2], outer, channels, inner, mean, invstd, weight, last);
  else standardize_f32(a[0], a[1], outer, channels, inner, mean, invstd, weight, last);
  return NULL;
}

static napi_value js_standardize(napi_env env, napi_callback_info info) { return js_standardize_family(env, info, 0); }
static napi_value js_standardize_backward(napi_env env, napi_callback_info info) { return js_standardize_family(env, info, 1); }

/* sum(x, out, outer, size, inner) */
static napi_value js_sum(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  long outer, size, inner;
  if (argc != 5 || !channel_sizes(env, argv, 2, &outer, &size, &inner)) return NULL;
  const long need[2] = {outer * size * inner, outer * inner};
  float *a[2];
  if (!f32_args(env, argv, 2, a, need, 0, "sum arrays")) return NULL;
  double *scratch = inner > 1 ? malloc(sizeof(double) * (inner + inner / 2 + 1)) : NULL;
  if (inner > 1 && !scratch) { napi_throw_error(env, NULL, "shinsou native: out of memory"); return NULL; }
  sum_f32(a[0], a[1], outer, size, inner, scratch);
  free(scratch);
  return NULL;
}

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  pool_set_threads((int)num_arg(env, argv[0]));
  return NULL;
}

static napi_value js_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_int32(env, pool_threads(), &out));
  return out;
}

static napi_value js_isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  CHECK(napi_create_string_utf8(env, sgemm_isa(), NAPI_AUTO_LENGTH, &out));
  return out;
}

/*
 * Tensor storage is freed by V8's garbage collector, in batches, so glibc's default of serving
 * large blocks with mmap and unmapping them on free hands every new tensor fresh pages, and
 * first-touch page faults then cost more than the arithmetic (very much so in some VMs). Serving
 * them from the heap and trimming it rarely lets freed blocks be reused, as PyTorch's tensors are.
 */
static void tune_malloc(void) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

static napi_value init(napi_env env, napi_value exports) {
  tune_malloc();
  napi_property_descriptor props[] = {
    {"sgemm", NULL, js_sgemm, NULL, NULL, NULL, napi_default, NULL},
    {"sgemmFewRows", NULL, js_sgemm, NULL, NULL, NULL, napi_default, (void *)1},
    {"packedSize", NULL, js_packed_size, NULL, NULL, NULL, napi_default, NULL},
    {"packB", NULL, js_pack_b, NULL, NULL, NULL, napi_default, NULL},
    {"sgemmPacked", NULL, js_sgemm_packed, NULL, NULL, NULL, napi_default, NULL},
    {"adamUpdate", NULL, js_adam, NULL, NULL, NULL, napi_default, NULL},
    {"sgdUpdate", NULL, js_sgd, NULL, NULL, NULL, napi_default, NULL},
    {"bernoulli", NULL, js_bernoulli, NULL, NULL, NULL, napi_default, NULL},
    {"gather", NULL, js_gather, NULL, NULL, NULL, napi_default, NULL},
    {"scatter", NULL, js_scatter, NULL, NULL, NULL, napi_default, NULL},
    {"unary", NULL, js_unary, NULL, NULL, NULL, napi_default, NULL},
    {"thresholdBackward", NULL, js_threshold_backward, NULL, NULL, NULL, napi_default, NULL},
    {"binary", NULL, js_binary, NULL, NULL, NULL, napi_default, NULL},
    {"where", NULL, js_where, NULL, NULL, NULL, napi_default, NULL},
    {"assign", NULL, js_assign, NULL, NULL, NULL, napi_default, NULL},
    {"im2col", NULL, js_im2col, NULL, NULL, NULL, napi_default, NULL},
    {"maxPoolIndices", NULL, js_maxpool, NULL, NULL, NULL, napi_default, NULL},
    {"conv", NULL, js_conv, NULL, NULL, NULL, napi_default, NULL},
    {"depthwiseConv", NULL, js_depthwise, NULL, NULL, NULL, napi_default, NULL},
    {"depthwiseConvBackward", NULL, js_depthwise_backward, NULL, NULL, NULL, napi_default, NULL},
    {"lstmCell", NULL, js_lstm_cell, NULL, NULL, NULL, napi_default, NULL},
    {"softmax", NULL, js_softmax, NULL, NULL, NULL, napi_default, NULL},
    {"stftFrames", NULL, js_stft_frames, NULL, NULL, NULL, napi_default, NULL},
    {"moments", NULL, js_moments, NULL, NULL, NULL, napi_default, NULL},
    {"sum", NULL, js_sum, NULL, NULL, NULL, napi_default, NULL},
    {"standardize", NULL, js_standardize, NULL, NULL, NULL, napi_default, NULL},
    {"standardizeBackward", NULL, js_standardize_backward, NULL, NULL, NULL, napi_default, NULL},
    {"softmaxBackward", NULL, js_softmax_backward, NULL, NULL, NULL, napi_default, NULL},
    {"lstmCellBackward", NULL, js_lstm_cell_backward, NULL, NULL, NULL, napi_default, NULL},
    {"gruCell", NULL, js_gru_cell, NULL, NULL, NULL, napi_default, NULL},
    {"word2vecEpoch", NULL, js_word2vec_epoch, NULL, NULL, NULL, napi_default, NULL},
    {"gruCellBackward", NULL, js_gru_cell_backward, NULL, NULL, NULL, napi_default, NULL},
    {"rnnCell", NULL, js_rnn_cell, NULL, NULL, NULL, napi_default, NULL},
    {"rnnCellBackward", NULL, js_rnn_cell_backward, NULL, NULL, NULL, napi_default, NULL},
    {"setNumThreads", NULL, js_set_threads, NULL, NULL, NULL, napi_default, NULL},
    {"numThreads", NULL, js_threads, NULL, NULL, NULL, napi_default, NULL},
    {"isa", NULL, js_isa, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
