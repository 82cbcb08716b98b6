/**
 * A GBK encoder without a dependency. Node ships only GBK *decoding* (ICU's
 * `TextDecoder('gbk')`); inverting that decoder over the two-byte range gives the exact
 * table Excel on Chinese Windows uses for the characters the demo writes. ASCII passes
 * through unchanged; a character GBK cannot hold is an error, never a silent '?'.
 */
let table: Map<string, [number, number]> | undefined;

function gbkTable(): Map<string, [number, number]> {
  if (table) return table;
  const built = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gbk', { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let char: string;
      try {
        char = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      // The first pair that decodes to a character is GBK's canonical encoding of it.
      if (char.length === 1 && !built.has(char)) built.set(char, [lead, trail]);
    }
  }
  table = built;
  return built;
}

export function encodeGbk(text: string): Uint8Array {
  const map = gbkTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const pair = map.get(char);
    if (!pair) throw new Error(`character not encodable in GBK: ${char}`);
    bytes.push(pair[0], pair[1]);
  }
  return Uint8Array.from(bytes);
}
