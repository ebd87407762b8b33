/* Elementwise and optimizer kernels on contiguous float32 arrays. */
#ifndef SHINSOU_KERNELS_H
#define SHINSOU_KERNELS_H

typedef struct {
  double lr, beta1, beta2, eps, weight_decay;
  int decoupled;
  double step;
} adam_hyper;

typedef struct {
  double lr, momentum, dampening, weight_decay;
  int nesterov, first_step;
} sgd_hyper;

void adam_update_f32(float *p, const float *g, float *m, float *v, float *vmax, long n, const adam_hyper *o);
void sgd_update_f32(float *p, const float *g, float *buf, long n, const sgd_hyper *o);

#endif
