/* Fused optimizer updates on float32 parameters (the same formulas as src/backend/js/optimizers.ts). */
#include <math.h>

#include "kernels.h"

void adam_update_f32(float *p, const float *g, float *m, float *v, float *vmax, long n, const adam_hyper *o) {
  double correction1 = 1 - pow(o->beta1, o->step);
  double correction2 = sqrt(1 - pow(o->beta2, o->step));
  float step_size = (float)(o->lr / correction1);
  float inv_c2 = (float)(1 / correction2);
  float shrink = o->decoupled ? (float)(1 - o->lr * o->weight_decay) : 1.0f;
  float l2 = o->decoupled ? 0.0f : (float)o->weight_decay;
  float b1 = (float)o->beta1, b2 = (float)o->beta2, eps = (float)o->eps;
  for (long i = 0; i < n; i++) {
    float theta = p[i] * shrink;
    float grad = g[i] + l2 * theta;
    float mi = m[i] = b1 * m[i] + (1 - b1) * grad;
    float vi = v[i] = b2 * v[i] + (1 - b2) * grad * grad;
    if (vmax) vi = vmax[i] = vmax[i] > vi ? vmax[i] : vi;
    p[i] = theta - step_size * mi / (sqrtf(vi) * inv_c2 + eps);
  }
}

void sgd_update_f32(float *p, const float *g, float *buf, long n, const sgd_hyper *o) {
  float lr = (float)o->lr, mu = (float)o->momentum, damp = (float)o->dampening, wd = (float)o->weight_decay;
  for (long i = 0; i < n; i++) {
    float d = g[i] + wd * p[i];
    if (buf) {
      float b = buf[i] = o->first_step ? d : mu * buf[i] + (1 - damp) * d;
      d = o->nesterov ? d + mu * b : b;
    }
    p[i] -= lr * d;
  }
}
