// JSON.parse keeps the last of two equal keys without a word; this parser throws instead, so a
// test can prove that a line has no duplicate keys at any depth.

export function parseStrictJson(text: string): unknown {
  let at = 0;

  function fail(what: string): never {
    throw new SyntaxError(`${what} at ${at} in ${text.slice(0, 200)}`);
  }

  function space(): void {
    while (at < text.length && " \t\n\r".includes(text[at] as string)) at++;
  }

  function string(): string {
    const start = at;
    at++; // opening quote
    while (at < text.length && text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  }

  function value(): unknown {
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      space();
      if (text[at] === "}") return (at++, out);
      for (;;) {
        space();
        if (text[at] !== '"') fail("expected a key");
        const key = string();
        if (seen.has(key)) fail(`duplicate key ${JSON.stringify(key)}`);
        seen.add(key);
        space();
        if (text[at++] !== ":") fail("expected :");
        out[key] = value();
        space();
        const next = text[at++];
        if (next === "}") return out;
        if (next !== ",") fail("expected , or }");
      }
    }
    if (char === "[") {
      at++;
      const out: unknown[] = [];
      space();
      if (text[at] === "]") return (at++, out);
      for (;;) {
        out.push(value());
        space();
        const next = text[at++];
        if (next === "]") return out;
        if (next !== ",") fail("expected , or ]");
      }
    }
    if (char === '"') return string();
    const start = at;
    while (at < text.length && !",]} \t\n\r".includes(text[at] as string)) at++;
    return JSON.parse(text.slice(start, at));
  }

  const result = value();
  space();
  if (at !== text.length) fail("trailing text");
  return result;
}
