// Value detectors: find secrets inside strings whatever key they sit under. Every detector is a
// forward scan with indexOf and character classes, never a backtracking regular expression, so
// the cost is linear in the length of the string (callers truncate long strings first).

/** Which detectors run; all are on by default. */
export interface DetectorOptions {
  /** `Authorization: Bearer <token>` and the like: the token is replaced. */
  bearer?: boolean;
  /** JSON Web Tokens (`eyJ….….…`) anywhere in a string. */
  jwt?: boolean;
  /** The password of `scheme://user:password@host`. */
  urlCredentials?: boolean;
  /** Values of sensitive `key=value` pairs: query parameters (`?token=…&api_key=…`) and text (`password=…`). */
  queryParams?: boolean;
  /** PEM private-key blocks (`-----BEGIN … PRIVATE KEY-----`). */
  privateKeys?: boolean;
}

type Scrubber = (text: string) => string;

// Triggers for the cheap first pass: a string that has none of these is returned as is.
// Plain alternation of literals: matched in linear time.
const TRIGGER = /[Bb][Ee][Aa][Rr][Ee][Rr]|eyJ|:\/\/|-----BEGIN |=/;

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isBase64Url(code: number): boolean {
  return isWordChar(code) || code === 45;
}

const MIN_BEARER_TOKEN = 8;

function isToken68(code: number): boolean {
  return isBase64Url(code) || code === 46 || code === 126 || code === 43 || code === 47 || code === 61;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** Index of `needle` (lower-case ASCII) in `text`, ignoring ASCII case, from `from`. */
function indexOfIgnoreCase(text: string, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  const last = text.length - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if ((text.charCodeAt(i) | 32) !== first) continue;
    for (let j = 1; j < needle.length; j++) {
      if ((text.charCodeAt(i + j) | 32) !== needle.charCodeAt(j)) continue outer;
    }
    return i;
  }
  return -1;
}

/** Replaces the [start, end) ranges, given in ascending order, by `replacement`. */
function splice(text: string, ranges: number[], replacement: string): string {
  if (ranges.length === 0) return text;
  let out = "";
  let at = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    out += text.slice(at, ranges[i]) + replacement;
    at = ranges[i + 1] as number;
  }
  return out + text.slice(at);
}

function bearerScrubber(replacement: string): Scrubber {
  return (text) => {
    const ranges: number[] = [];
    let from = 0;
    for (;;) {
      const at = indexOfIgnoreCase(text, "bearer", from);
      if (at === -1) break;
      from = at + 6;
      if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
      let start = from;
      while (start < text.length && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
      if (start === from) continue;
      // RFC 6750 token68 characters, at least 8 of them: "bearer of bad news" is prose
      let end = start;
      while (end < text.length && isToken68(text.charCodeAt(end))) end++;
      if (end - start < MIN_BEARER_TOKEN) continue;
      ranges.push(start, end);
      from = end;
    }
    return splice(text, ranges, replacement);
  };
}

function jwtScrubber(replacement: string): Scrubber {
  return (text) => {
    const ranges: number[] = [];
    let from = 0;
    for (;;) {
      const at = text.indexOf("eyJ", from);
      if (at === -1) break;
      from = at + 3;
      if (at > 0 && isBase64Url(text.charCodeAt(at - 1))) continue;
      // header.payload.signature, the signature possibly empty (alg "none")
      let end = at;
      let dots = 0;
      while (end < text.length) {
        const code = text.charCodeAt(end);
        if (code === 46) {
          if (dots === 2 || !isBase64Url(text.charCodeAt(end - 1))) break;
          dots++;
        } else if (!isBase64Url(code)) break;
        end++;
      }
      if (dots === 2 && end - at >= 16) {
        ranges.push(at, end);
        from = end;
      }
    }
    return splice(text, ranges, replacement);
  };
}

function urlCredentialsScrubber(replacement: string): Scrubber {
  return (text) => {
    const ranges: number[] = [];
    let from = 0;
    for (;;) {
      const at = text.indexOf("://", from);
      if (at === -1) break;
      from = at + 3;
      let colon = -1;
      let end = from;
      for (; end < text.length; end++) {
        const code = text.charCodeAt(end);
        if (code === 64 /* @ */ || code === 47 || code === 63 || code === 35 || isSpace(code)) break;
        if (code === 58 && colon === -1) colon = end;
      }
      if (end < text.length && text.charCodeAt(end) === 64 && colon !== -1) {
        ranges.push(colon + 1, end);
        from = end + 1;
      }
    }
    return splice(text, ranges, replacement);
  };
}

const MAX_KEY_CHARS = 64;

function isKeyChar(code: number): boolean {
  return isWordChar(code) || code === 45 || code === 46 || code === 37; // - . %
}

function endsValue(code: number): boolean {
  // & ; , # and quotes end a value, as do spaces and brackets
  return (
    code === 38 ||
    code === 59 ||
    code === 44 ||
    code === 35 ||
    code === 34 ||
    code === 39 ||
    isSpace(code) ||
    code === 41 ||
    code === 93 ||
    code === 125
  );
}

/**
 * `key=value` pairs whose key is sensitive, in query strings (`?access_token=…&`) and free text
 * (`password=… `): each `=` is looked at once, with a bounded look-back for its key.
 */
function keyValueScrubber(replacement: string, isSensitiveKey: (key: string) => boolean): Scrubber {
  return (text) => {
    const ranges: number[] = [];
    let at = text.indexOf("=");
    while (at !== -1) {
      let keyStart = at;
      while (keyStart > 0 && at - keyStart < MAX_KEY_CHARS && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
      let end = at + 1;
      // an already redacted value stays as it is: redaction must be idempotent
      if (
        keyStart < at &&
        !text.startsWith(replacement, at + 1) &&
        isSensitiveKey(safeDecode(text.slice(keyStart, at)))
      ) {
        const marker = replacement.charCodeAt(0);
        while (end < text.length) {
          const code = text.charCodeAt(end);
          // a replacement inside the value is part of it (its brackets do not end it)
          if (code === marker && text.startsWith(replacement, end)) end += replacement.length;
          else if (endsValue(code)) break;
          else end++;
        }
        if (end > at + 1) ranges.push(at + 1, end);
      }
      at = text.indexOf("=", end);
    }
    return splice(text, ranges, replacement);
  };
}

function safeDecode(key: string): string {
  if (!key.includes("%")) return key;
  try {
    return decodeURIComponent(key);
  } catch {
    // malformed percent-encoding: the key is matched as written
    return key;
  }
}

function privateKeyScrubber(replacement: string): Scrubber {
  return (text) => {
    const ranges: number[] = [];
    let from = 0;
    for (;;) {
      const at = text.indexOf("-----BEGIN ", from);
      if (at === -1) break;
      const labelEnd = text.indexOf("-----", at + 11);
      if (labelEnd === -1) break;
      const label = text.slice(at + 11, labelEnd);
      from = labelEnd + 5;
      if (!label.endsWith("PRIVATE KEY") || label.length > 64) continue;
      const footer = `-----END ${label}-----`;
      const end = text.indexOf(footer, from);
      // a block cut off by truncation is still a secret: redact to the end
      const stop = end === -1 ? text.length : end + footer.length;
      ranges.push(at, stop);
      from = stop;
    }
    return splice(text, ranges, replacement);
  };
}

/**
 * Builds the string scrubber for the enabled detectors. Returns `undefined` when none is on, so
 * callers can skip the call entirely. The scrubber returns its input unchanged (same string)
 * when nothing was found.
 */
export function createStringScrubber(
  options: DetectorOptions,
  replacement: string,
  isSensitiveKey: (key: string) => boolean,
): Scrubber | undefined {
  const scrubbers: Scrubber[] = [];
  if (options.privateKeys !== false) scrubbers.push(privateKeyScrubber(replacement));
  if (options.bearer !== false) scrubbers.push(bearerScrubber(replacement));
  if (options.jwt !== false) scrubbers.push(jwtScrubber(replacement));
  if (options.urlCredentials !== false) scrubbers.push(urlCredentialsScrubber(replacement));
  if (options.queryParams !== false) scrubbers.push(keyValueScrubber(replacement, isSensitiveKey));
  if (scrubbers.length === 0) return undefined;
  return function scrubString(text: string): string {
    if (!TRIGGER.test(text)) return text;
    let out = text;
    for (const scrub of scrubbers) out = scrub(out);
    return out;
  };
}
