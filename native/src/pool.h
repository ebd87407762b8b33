/* A persistent pool of worker threads that run parallel-for loops. */
#ifndef SHINSOU_POOL_H
#define SHINSOU_POOL_H

typedef void (*pool_task)(int task, void *ctx);

/* Runs task(0..count-1, ctx) spread over the pool and the calling thread; returns when all are done. */
void pool_run(int count, pool_task task, void *ctx);
/* Number of threads that run tasks (workers + the caller); at least 1. */
int pool_threads(void);
/* Sets the thread count (1 = no workers). Takes effect at the next pool_run. */
void pool_set_threads(int n);

/*
 * Fresh output memory faults in on first touch; two threads faulting at once contend badly in
 * some VMs, so before splitting work that writes `count` fresh floats the calling thread touches
 * every page of them (the work overwrites them anyway).
 */
void pool_prefault(float *out, long count);

#endif
