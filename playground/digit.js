// A drawing turned into an MNIST-like digit: the strokes' bounding box scaled so its longer side
// is 20 px, then shifted so the centre of mass sits at the centre of a 28×28 image (as MNIST's
// digits were prepared).

/** 784 values in [0, 1] from an RGBA drawing (white on black), or null when nothing is drawn. */
export function centreDigit({ data, width, height }) {
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[4 * (y * width + x)] > 20) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (right < 0) return null;
  const source = new OffscreenCanvas(width, height);
  source.getContext('2d').putImageData(new ImageData(data, width, height), 0, 0);
  const [w, h] = [right - left + 1, bottom - top + 1];
  const scale = 20 / Math.max(w, h);
  const small = new OffscreenCanvas(28, 28);
  const ctx = small.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 28, 28);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, left, top, w, h, (28 - w * scale) / 2, (28 - h * scale) / 2, w * scale, h * scale);
  const rgba = ctx.getImageData(0, 0, 28, 28).data;
  const pixels = Float32Array.from({ length: 784 }, (_, i) => rgba[4 * i] / 255);
  let [mass, mx, my] = [0, 0, 0];
  pixels.forEach((v, i) => {
    mass += v;
    mx += v * (i % 28);
    my += v * Math.floor(i / 28);
  });
  const [dx, dy] = [Math.round(13.5 - mx / mass), Math.round(13.5 - my / mass)];
  const centred = new Float32Array(784);
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const [sx, sy] = [x - dx, y - dy];
      if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) centred[y * 28 + x] = pixels[sy * 28 + sx];
    }
  }
  return centred;
}
