/** The part of crc-32's CRC-32C module (Apache-2.0, JavaScript) that shinsou uses. */
declare module 'crc-32/crc32c.js' {
  /** CRC-32C (Castagnoli) of `data` as a signed 32-bit integer (`>>> 0` for unsigned). */
  export function buf(data: Uint8Array, seed?: number): number;
}
