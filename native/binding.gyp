{
  "targets": [
    {
      "target_name": "shinsou",
      "sources": ["src/addon.c", "src/gemm.c", "src/pool.c", "src/optim.c", "src/im2col.c", "src/conv.c", "src/elementwise.c", "src/recurrent.c", "src/softmax.c", "src/normalization.c", "src/depthwise.c", "src/random.c", "src/index.c", "src/word2vec.c", "src/stft.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-math-errno", "-fno-trapping-math", "-fopenmp-simd"],
      "cflags!": ["-O2"],
      "libraries": ["-lpthread", "-lm"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
