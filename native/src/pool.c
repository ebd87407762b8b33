/*
 * Thread pool: a job is a task count and a function; tasks are claimed with an atomic counter so
 * uneven tasks balance themselves. Between jobs a worker spins briefly (training runs one product
 * after another, and waking a sleeping thread costs more than a small product), then sleeps on a
 * condition variable; the caller likewise spins a while for the workers to finish a job.
 */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

#define MAX_THREADS 64
#define SPIN_ROUNDS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static pthread_t workers[MAX_THREADS];
static int started = 0;     /* workers created so far */
static int wanted = 0;      /* threads to use, including the caller; 0 = not decided yet */
static long generation = 0; /* bumped for every job so sleeping workers notice it */
static pool_task job_task;
static void *job_ctx;
static int job_count;
static int next_task;
static int busy;            /* workers still inside the current job (changed under the lock, read atomically outside it) */

static int default_threads(void) {
  const char *env = getenv("SHINSOU_NUM_THREADS");
  if (env && atoi(env) > 0) return atoi(env) > MAX_THREADS ? MAX_THREADS : atoi(env);
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

static void run_tasks(void) {
  for (;;) {
    int t = __atomic_fetch_add(&next_task, 1, __ATOMIC_RELAXED);
    if (t >= job_count) return;
    job_task(t, job_ctx);
  }
}

static void *worker(void *arg) {
  long seen = 0;
  int id = (int)(long)arg;
  for (;;) {
    for (int i = 0; i < SPIN_ROUNDS && __atomic_load_n(&generation, __ATOMIC_ACQUIRE) == seen; i++) CPU_RELAX();
    pthread_mutex_lock(&lock);
    while (generation == seen) pthread_cond_wait(&wake, &lock);
    seen = generation;
    if (id >= wanted - 1) { /* a job this worker sits out */
      pthread_mutex_unlock(&lock);
      continue;
    }
    __atomic_add_fetch(&busy, 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&lock);
    run_tasks();
    pthread_mutex_lock(&lock);
    if (__atomic_sub_fetch(&busy, 1, __ATOMIC_RELEASE) == 0) pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int pool_threads(void) {
  if (wanted == 0) wanted = default_threads();
  return wanted;
}

void pool_set_threads(int n) {
  pthread_mutex_lock(&lock);
  wanted = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
  pthread_mutex_unlock(&lock);
}

void pool_run(int count, pool_task task, void *ctx) {
  int threads = pool_threads();
  if (threads <= 1 || count <= 1) {
    for (int t = 0; t < count; t++) task(t, ctx);
    return;
  }
  pthread_mutex_lock(&lock);
  while (started < threads - 1) {
    if (pthread_create(&workers[started], NULL, worker, (void *)(long)started) != 0) break;
    started++;
  }
  job_task = task;
  job_ctx = ctx;
  job_count = count;
  next_task = 0;
  __atomic_store_n(&generation, generation + 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&lock);
  run_tasks();
  /* Every task is claimed once run_tasks returns; the last ones are usually a moment from done, sooner than a sleep and a wake-up. */
  for (int i = 0; i < SPIN_ROUNDS && __atomic_load_n(&busy, __ATOMIC_ACQUIRE) > 0; i++) CPU_RELAX();
  pthread_mutex_lock(&lock);
  while (busy > 0) pthread_cond_wait(&done, &lock);
  pthread_mutex_unlock(&lock);
}

void pool_prefault(float *out, long count) {
  for (long i = 0; i < count; i += 1024) out[i] = 0;
}
