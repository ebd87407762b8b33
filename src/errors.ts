/** @file Named error classes thrown by every public function (DESIGN.md "Errors are part of the API"). */

/**
 * A tensor had the wrong shape, or two shapes do not fit together (e.g. matmul inner dims).
 * PyTorch: the `RuntimeError`s about sizes ("mat1 and mat2 shapes cannot be multiplied").
 * @example try { a.matmul(b); } catch (e) { if (e instanceof ShapeError) console.error(e.message); }
 */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/**
 * A tensor had a dtype the operation does not accept (e.g. gradients of an int32 tensor).
 * PyTorch: raises `RuntimeError` (or `TypeError`) for these.
 * @example tensor([1, 2], { dtype: 'int32' }).mean() // throws DTypeError: mean needs a floating dtype
 */
export class DTypeError extends Error {
  override name = 'DTypeError';
}

/**
 * An argument had a value the operation does not accept (out-of-range dim, negative size, …).
 * PyTorch: Python's `ValueError` (or a `RuntimeError`).
 * @example new nn.Dropout(1.5) // throws ValueError: probability must be in [0, 1]
 */
export class ValueError extends Error {
  override name = 'ValueError';
}

/**
 * An index was out of range for the dimension it indexes.
 * PyTorch: Python's `IndexError` ("Dimension out of range").
 * @example x.sum(5) // throws IndexError when x has fewer than 6 dims
 */
export class IndexError extends Error {
  override name = 'IndexError';
}

/**
 * Autograd was used in a way that cannot give correct gradients (e.g. a saved tensor was modified in place).
 * PyTorch: the `RuntimeError`s raised by autograd.
 * @example loss.backward(); loss.backward() // the second throws AutogradError (graph freed)
 */
export class AutogradError extends Error {
  override name = 'AutogradError';
}

/**
 * A file or byte buffer was malformed or untrusted input failed validation.
 * PyTorch: the errors `torch.load` / `safetensors.torch.load_file` raise on corrupt files.
 * @example io.loadSafetensors('truncated.safetensors') // throws FormatError naming what is wrong
 */
export class FormatError extends Error {
  override name = 'FormatError';
}

/**
 * A matrix had no decomposition or solution (singular, not positive-definite). PyTorch: `torch.linalg.LinAlgError`.
 * @example linalg.cholesky(tensor([[1, 2], [2, 1]])) // throws LinAlgError: not positive definite
 */
export class LinAlgError extends Error {
  override name = 'LinAlgError';
}
