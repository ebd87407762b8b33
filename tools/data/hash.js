// The split hashes of the data scripts: a splitmix32-style finaliser of a 32-bit integer, and of
// a string's UTF-16 code units folded through it (ids of documents and mails).
export function hash(x) {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export function hashString(id) {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = hash(h ^ id.charCodeAt(i));
  return h;
}
