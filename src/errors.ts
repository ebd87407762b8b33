/** @file Named error classes thrown by every public function (DESIGN.md "Errors are part of the API"). */

/** A tensor had the wrong shape, or two shapes do not fit together (e.g. matmul inner dims). */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** A tensor had a dtype the operation does not accept (e.g. gradients of an int32 tensor). */
export class DTypeError extends Error {
  override name = 'DTypeError';
}

/** An argument had a value the operation does not accept (out-of-range dim, negative size, …). */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** An index was out of range for the dimension it indexes. */
export class IndexError extends Error {
  override name = 'IndexError';
}

/** Autograd was used in a way that cannot give correct gradients (e.g. a saved tensor was modified in place). */
export class AutogradError extends Error {
  override name = 'AutogradError';
}

/** A file or byte buffer was malformed or untrusted input failed validation. */
export class FormatError extends Error {
  override name = 'FormatError';
}

/** A matrix had no decomposition or solution (singular, not positive-definite). PyTorch: `torch.linalg.LinAlgError`. */
export class LinAlgError extends Error {
  override name = 'LinAlgError';
}
