// The vzctl key=value config format (ctid.conf(5)): KEY="VALUE" lines, comments and blank lines kept
// verbatim so an operator's edits survive a `set --save`.

export type VzConfigLine = { kind: "pair"; key: string; value: string } | { kind: "other"; text: string };

export class VzConfig {
  constructor(readonly lines: VzConfigLine[] = []) {}

  static parse(text: string): VzConfig {
    const lines: VzConfigLine[] = [];
    for (const raw of text.split("\n")) {
      const m = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(raw);
      if (!m || m[1] === undefined || m[2] === undefined) {
        lines.push({ kind: "other", text: raw });
        continue;
      }
      let value = m[2];
      const q = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
      if (q && q[1] !== undefined) value = q[1];
      lines.push({ kind: "pair", key: m[1], value });
    }
    while (lines.length > 0) {
      const last = lines[lines.length - 1];
      if (last && last.kind === "other" && last.text.trim() === "") lines.pop();
      else break;
    }
    return new VzConfig(lines);
  }

  get(key: string): string | undefined {
    let found: string | undefined;
    for (const l of this.lines) if (l.kind === "pair" && l.key === key) found = l.value;
    return found;
  }

  /** Sets a key in place (last occurrence wins on read, so earlier duplicates are dropped). */
  set(key: string, value: string): void {
    if (/["\n\\`$]/.test(value))
      throw new Error(`refusing to store ${key} with quote, newline, backslash, '$' or '\`'`);
    let idx = -1;
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (l?.kind === "pair" && l.key === key) idx = i;
    }
    const filtered: VzConfigLine[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const l = this.lines[i];
      if (!l) continue;
      if (l.kind === "pair" && l.key === key && i !== idx) continue;
      filtered.push(i === idx ? { kind: "pair", key, value } : l);
    }
    if (idx === -1) filtered.push({ kind: "pair", key, value });
    this.lines.splice(0, this.lines.length, ...filtered);
  }

  delete(key: string): void {
    const kept = this.lines.filter((l) => !(l.kind === "pair" && l.key === key));
    this.lines.splice(0, this.lines.length, ...kept);
  }

  entries(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const l of this.lines) if (l.kind === "pair") out[l.key] = l.value;
    return out;
  }

  clone(): VzConfig {
    return new VzConfig(this.lines.map((l) => ({ ...l })));
  }

  format(): string {
    return `${this.lines.map((l) => (l.kind === "pair" ? `${l.key}="${l.value}"` : l.text)).join("\n")}\n`;
  }
}
