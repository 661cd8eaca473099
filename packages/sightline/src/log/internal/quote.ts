// hot path; bench: bench/log (scenario a)
// JSON string quoting. Short strings are scanned in JS and concatenated, which skips the native
// call into JSON.stringify for the common case of plain identifiers and short messages.

const SHORT = 64;

/** The JSON text of `text` (with quotes). Lone surrogates and control characters are escaped. */
export function quote(text: string): string {
  if (text.length < SHORT) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
    }
    return `"${text}"`;
  }
  return JSON.stringify(text);
}
