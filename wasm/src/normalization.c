/*
 * Normalisation kernels on contiguous float32 [outer, channels, inner] data, channel c's elements
 * being the runs [(o·channels + c)·inner, … + inner): per-channel moments, standardising, and
 * the gradient of that — in double, in the js kernels' order, so the results are js's.
 */

/* Mean and biased variance per channel, by two passes. */
__attribute__((export_name("moments_f32")))
void moments_f32(const float *x, int outer, int channels, int inner, double *mean, double *variance) {
  double count = (double)outer * inner;
  for (int c = 0; c < channels; c++) {
    double sum = 0;
    for (int o = 0; o < outer; o++) {
      const float *run = x + ((long)o * channels + c) * inner;
      for (int i = 0; i < inner; i++) sum += run[i];
    }
    double m = sum / count, sq = 0;
    for (int o = 0; o < outer; o++) {
      const float *run = x + ((long)o * channels + c) * inner;
      for (int i = 0; i < inner; i++) sq += (run[i] - m) * (run[i] - m);
    }
    mean[c] = m;
    variance[c] = sq / count;
  }
}

/* out = (x − mean[c])·invstd[c]. */
__attribute__((export_name("standardize_f32")))
void standardize_f32(const float *x, float *out, int outer, int channels, int inner, const double *mean, const double *invstd) {
  for (int o = 0; o < outer; o++)
    for (int c = 0; c < channels; c++) {
      long s = ((long)o * channels + c) * inner;
      double m = mean[c], k = invstd[c];
      for (int i = 0; i < inner; i++) out[s + i] = (float)((x[s + i] - m) * k);
    }
}

/* dx = invstd·(dy − mean(dy) − x̂·mean(dy·x̂)) per channel, x̂ the standardised input. */
__attribute__((export_name("standardize_backward_f32")))
void standardize_backward_f32(const float *dy, const float *x, float *dx, int outer, int channels, int inner, const double *mean,
                              const double *invstd) {
  double count = (double)outer * inner;
  for (int c = 0; c < channels; c++) {
    double m = mean[c], k = invstd[c], sum_dy = 0, sum_dy_centered = 0;
    for (int o = 0; o < outer; o++) {
      long s = ((long)o * channels + c) * inner;
      for (int i = 0; i < inner; i++) {
        sum_dy += dy[s + i];
        sum_dy_centered += dy[s + i] * (x[s + i] - m);
      }
    }
    double a = sum_dy / count, b = sum_dy_centered * k * k / count;
    for (int o = 0; o < outer; o++) {
      long s = ((long)o * channels + c) * inner;
      for (int i = 0; i < inner; i++) dx[s + i] = (float)(k * (dy[s + i] - a - (x[s + i] - m) * b));
    }
  }
}
