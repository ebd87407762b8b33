// Lists the public exports (from src/index.ts, through every namespace) without a doc comment:
// functions, classes, interfaces, type aliases and variables, and the methods a class declares
// itself (inherited ones are documented where they are declared; a module's `forward` by its
// class, as PyTorch documents modules; option fields and properties by their interface or class).
// `npm run docs:check` (part of `npm test`) fails while any is undocumented.
import { readFileSync } from 'node:fs';
import { Application, ReflectionKind } from 'typedoc';

const app = await Application.bootstrapWithPlugins({ entryPoints: ['src/index.ts'], tsconfig: 'tsconfig.build.json', logLevel: 'Error', excludePrivate: true, excludeInternal: true });
const project = await app.convert();
if (!project) throw new Error('typedoc could not convert the project');

const TOP = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.TypeAlias | ReflectionKind.Variable;
const MEMBER = ReflectionKind.Method;

const hasText = (comment) => Boolean(comment && (comment.summary.some((part) => part.text.trim()) || comment.blockTags.length));
function documented(r) {
  if (hasText(r.comment)) return true;
  const signatures = [...(r.signatures ?? []), ...(r.getSignature ? [r.getSignature] : []), ...(r.setSignature ? [r.setSignature] : [])];
  return signatures.some((s) => hasText(s.comment));
}

const missing = new Set();
for (const r of project.getReflectionsByKind(TOP | MEMBER)) {
  if (r.flags.isPrivate || r.flags.isProtected || r.inheritedFrom || r.name.startsWith('_')) continue;
  if (r.kindOf(MEMBER) && (r.name === 'forward' || !r.parent?.kindOf(ReflectionKind.Class))) continue;
  if (!documented(r)) missing.add(r.getFullName());
}

// Every function and class also needs, in its own doc comment (not one inherited from a file or
// namespace comment), an @example and the PyTorch equivalent (or, where PyTorch has none, the
// nearest reference it follows: Gymnasium, gensim, torchvision, a paper's code, …).
const REFERENCE = /PyTorch|torch|Gymnasium|gensim|sacreBLEU|TF\.js|numpy|Hugging Face|matplotlib|librosa|Stable-Baselines3|TensorFlow|fairseq|scipy|tensorboard|Reference:/i;
const sources = new Map();
function ownComment({ fullFileName, line }) {
  if (!sources.has(fullFileName)) sources.set(fullFileName, readFileSync(fullFileName, 'utf8').split('\n'));
  const lines = sources.get(fullFileName);
  let i = line - 2; // the line above the declaration
  if (!/\*\/\s*$/.test(lines[i] ?? '')) return '';
  const end = i;
  while (i >= 0 && !lines[i].includes('/**')) i--;
  return lines.slice(i, end + 1).join('\n');
}
const callables = project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class);
const incomplete = [];
for (const r of callables) {
  const comment = ownComment(r.sources[0]);
  const lacks = [...(comment.includes('@example') ? [] : ['an @example']), ...(REFERENCE.test(comment) ? [] : ['its PyTorch equivalent'])];
  if (lacks.length) incomplete.push(`${r.getFullName()} (${r.sources[0].fileName}:${r.sources[0].line}) needs ${lacks.join(' and ')}`);
}
console.log(`docs: ${missing.size} public exports without a doc comment; ${callables.length - incomplete.length} of ${callables.length} functions and classes have an @example and name their PyTorch (or other reference) equivalent`);
if (missing.size > 0) console.error(`these public exports need a doc comment:\n  ${[...missing].sort().join('\n  ')}`);
if (incomplete.length > 0) console.error(`these functions and classes need more in their doc comment:\n  ${incomplete.sort().join('\n  ')}`);
if (missing.size > 0 || incomplete.length > 0) process.exit(1);
