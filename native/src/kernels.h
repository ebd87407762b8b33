/* Elementwise and optimizer kernels on contiguous float32 arrays. */
#ifndef SHINSOU_KERNELS_H
#define SHINSOU_KERNELS_H

#include <stdint.h>

typedef struct {
  double lr, beta1, beta2, eps, weight_decay;
  int decoupled;
  double step;
} adam_hyper;

typedef struct {
  double lr, momentum, dampening, weight_decay;
  int nesterov, first_step;
} sgd_hyper;

/* A 3-D sliding-window layout; each triple is (depth, height, width). */
typedef struct {
  int channels, size[3], kernel[3], stride[3], padding[3], dilation[3], out[3];
} conv_geometry;

/* Elements of one input volume [C, D, H, W] and of its column matrix [C·kd·kh·kw, od·oh·ow]. */
long conv_volume_size(const conv_geometry *g);
long conv_columns_size(const conv_geometry *g);
/* x [batch, C, D, H, W] → cols [batch, C·kd·kh·kw, od·oh·ow] (zeros in the padding), or
 * [C·kd·kh·kw, batch, od·oh·ow] when batch_inner. */
void im2col_f32(const float *x, float *cols, int batch, const conv_geometry *g, int batch_inner);
/* The adjoint: cols (in the same layout) summed back into x [batch, C, D, H, W] (x is overwritten). */
void col2im_f32(const float *cols, float *x, int batch, const conv_geometry *g, int batch_inner);
/* The outputs o in [0, out) whose input position o·stride + start lies in [0, size): [*lo, *hi). */
void window_valid_range(int out, int stride, int start, int size, int *lo, int *hi);
/* One volume's columns (rows row_stride apart) summed into x [C, D, H, W] (x is overwritten). */
void col2im_volume_f32(const float *cols, float *x, const conv_geometry *g, long row_stride);

/*
 * Convolution of x [batch, C, D, H, W] with w [O, C/groups·kd·kh·kw] without forming the column
 * matrix (conv.c): y [batch, O, L] (plus bias [O] unless NULL); the weight gradient dw
 * [O, C/groups·kd·kh·kw] from dy [batch, O, L]; the input gradient dx [batch, C, D, H, W].
 * Return 0 when out of memory.
 */
int conv_forward_f32(const float *x, const float *w, const float *bias, float *y, int batch, const conv_geometry *g, int groups, int out_channels);
int conv_weight_grad_f32(const float *x, const float *dy, float *dw, int batch, const conv_geometry *g, int groups, int out_channels);
int conv_input_grad_f32(const float *w, const float *dy, float *dx, int batch, const conv_geometry *g, int groups, int out_channels);

/* For each of `planes` volumes [D, H, W] and each window, the flat position of its first maximum
 * (NaN wins, padding never does); g->channels is ignored. */
void maxpool_indices_f32(const float *x, int planes, const conv_geometry *g, int *out);

/* Depthwise convolution of x [batch, C, D, H, W] with w [C, kd·kh·kw] → y [batch, C, od, oh, ow],
 * and its gradients (dx or dw may be NULL when not wanted). Return 0 for unsupported sizes. */
int depthwise_conv_f32(const float *x, const float *w, float *y, int batch, const conv_geometry *g);
int depthwise_conv_backward_f32(const float *x, const float *w, const float *dy, float *dx, float *dw, int batch, const conv_geometry *g);

/* Arithmetic (max/min propagate NaN) writes floats; the comparisons (BIN_GT…BIN_NE) write 0/1 bytes. */
/* BIN_COPY ignores b: it is the strided copy of a. */
enum { BIN_ADD = 0, BIN_SUB, BIN_MUL, BIN_DIV, BIN_MAX, BIN_MIN, BIN_COPY, BIN_GT, BIN_GE, BIN_LT, BIN_LE, BIN_EQ, BIN_NE };

/*
 * out (contiguous, `shape`) = a ∘ b for strided views a (strides sa, offset oa) and b, already
 * broadcast to `shape` (stride 0 on broadcast dims). Returns 0 for an unsupported op or rank.
 */
int binary_f32(int op, const float *a, const float *b, void *out, int ndim, const long *shape,
               const long *sa, const long *sb, long oa, long ob);

/* out (contiguous, `shape`) = cond ? a : b for strided views (bytes cond, floats a and b) broadcast to `shape`. */
/* Copies the view src into the view dst (both [shape], strided, float32). */
int assign_f32(float *dst, const float *src, int ndim, const long *shape, const long *sd, const long *ss, long od, long os);
int where_f32(const unsigned char *cond, const float *a, const float *b, float *out, int ndim, const long *shape,
              const long *sc, const long *sa, const long *sb, long oc, long oa, long ob);

enum { UN_NEG = 0, UN_EXP = 1, UN_LOG = 2, UN_SQRT = 3, UN_TANH = 4, UN_RELU = 5, UN_SIGMOID = 6 };

/* out[i] = op(x[i]) for contiguous arrays of n elements. Returns 0 for an unsupported op. */
int unary_f32(int op, const float *x, float *out, long n);

/* out = g where y > threshold, else 0 (relu's gradient from its output; NaN in y gives 0), contiguous arrays of n. */
void threshold_backward_f32(const float *g, const float *y, float *out, long n, float threshold);

/* One LSTM step (see src/backend/backend.ts lstmCell / lstmCellBackward); dh_next may be NULL; no arrays overlap. */
void lstm_cell_f32(const float *restrict x_gates, const float *restrict h_gates, const float *restrict c_prev, float *restrict gates,
                   float *restrict c, float *restrict h, long batch, long hidden);
void lstm_cell_backward_f32(const float *restrict gates, const float *restrict c_prev, const float *restrict c,
                            const float *restrict dh_out, const float *restrict dh_next, float *restrict dc_carry,
                            float *restrict d_gates, long batch, long hidden);

/* One GRU step (see src/backend/backend.ts gruCell / gruCellBackward; b_hh is added here); dh_next may be NULL; no arrays overlap. */
void gru_cell_f32(const float *restrict x_gates, const float *restrict h_gates, const float *restrict b_hh, const float *restrict h_prev,
                  float *restrict saved, float *restrict h, long batch, long hidden);
void gru_cell_backward_f32(const float *restrict saved, const float *restrict h_prev, const float *restrict dh_out, const float *restrict dh_next,
                           float *restrict dx_gates, float *restrict dh_gates, float *restrict dh_carry, long batch, long hidden);
/* One Elman step over n values (tanh, or relu when relu != 0), and its pre-activation gradient; dh_next may be NULL. */
void rnn_cell_f32(const float *restrict x_gates, const float *restrict h_gates, float *restrict h, long n, int relu);
void rnn_cell_backward_f32(const float *restrict h, const float *restrict dh_out, const float *restrict dh_next, float *restrict d_pre, long n,
                           int relu);

/* Word2Vec: the corpus as word ids with sentence end offsets, the matrices, and the settings (see src/backend/backend.ts word2vecEpoch). */
typedef struct {
  float *syn0, *syn1;
  const int32_t *corpus, *sentence_ends;
  const float *keep;
  const double *table;
  long vocab_size, vector_size, sentences, corpus_words, total_words;
  int window, negative, sg, cbow_mean;
  float alpha, min_alpha;
  uint32_t seed;
} w2v_job;
/* One epoch (0-based) of Hogwild training over the pool's threads. vector_size ≤ 2048. Returns 0, or -1 when memory runs out. */
int word2vec_epoch_f32(const w2v_job *job, int epoch);

/* Softmax (log-softmax when log_form) of each row of a contiguous [rows, size] array, and its gradient from the output. */
void softmax_f32(const float *restrict x, float *restrict y, long rows, long size, int log_form);
void softmax_backward_f32(const float *restrict y, const float *restrict g, float *restrict dx, long rows, long size, int log_form);

/* Per-channel statistics of contiguous [outer, channels, inner] data, standardising, and its gradient (js: normalization.ts). */
void moments_f32(const float *x, long outer, long channels, long inner, double *mean, double *variance);
/*
 * (x − mean)·invstd per channel, then ·weight + bias when weight is not NULL (per channel too).
 * The backward multiplies dx by the weight when given, and writes the channel sums
 * Σdy and Σdy·(x − mean) to sums[0..channels) and sums[channels..2·channels) when sums is not NULL.
 */
void standardize_f32(const float *restrict x, float *restrict out, long outer, long channels, long inner, const double *mean, const double *invstd,
                     const double *weight, const double *bias);
void standardize_backward_f32(const float *restrict dy, const float *restrict x, float *restrict dx, long outer, long channels, long inner,
                              const double *mean, const double *invstd, const double *weight, double *sums);

/* Sums the middle axis of contiguous [outer, size, inner] data into out [outer, inner];
 * `scratch` holds 1.5·inner doubles (unused when inner is 1). */
int sum_f32(const float *restrict x, float *restrict out, long outer, long size, long inner, double *scratch);

/* out[o, j, t] = x[o, index[o, j, t], t] for x [outer, n, inner] and index [outer, k, inner];
 * scatter writes (or adds) src there instead. Both return 0 for an index outside [0, n). */
int gather_f32(const float *restrict x, const int32_t *restrict index, float *restrict out, long outer, long n, long k, long inner);
int scatter_f32(float *restrict target, const int32_t *restrict index, const float *restrict src, long outer, long n, long k, long inner,
                int accumulate);

/* Advances the xoshiro128** `state` once per element: out[i] = value where the 32-bit draw < limit, else 0. */
void bernoulli_f32(uint32_t *state, float *out, long n, double limit, float value);

/* The largest FFT factor stft_frames_f32 takes (larger primes are left to the js kernel). */
#define STFT_MAX_RADIX 64
/*
 * out [batch, bins, frames, 2] = the DFT (real, imaginary) of window·signal[b, t·hop … t·hop + nfft)
 * for signals [batch, length], or with `power` out [batch, bins, frames] = re² + im². Returns 1, 0 when nfft (or nfft/2 if even) has a prime factor above
 * STFT_MAX_RADIX, or -1 when out of memory.
 */
int stft_frames_f32(const float *signal, const float *window, float *out, long batch, long length, int nfft, int hop, long frames, int bins, int power);

void adam_update_f32(float *p, const float *g, float *m, float *v, float *vmax, long n, const adam_hyper *o);
void sgd_update_f32(float *p, const float *g, float *buf, long n, const sgd_hyper *o);

#endif
