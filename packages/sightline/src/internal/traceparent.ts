// W3C Trace Context `traceparent`: version-traceid-parentid-flags, lower-case hex.

/** The parts of a valid traceparent header. */
export interface TraceParent {
  traceId: string;
  parentId: string;
  sampled: boolean;
}

const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

function isLowerHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

/** Parses a traceparent; undefined when it is malformed, all-zero or of the invalid version ff. */
export function parseTraceParent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== "string") return undefined;
  const value = header.trim();
  // version 00 is exactly 55 characters; later versions may append fields after a dash
  if (value.length < 55 || (value.length > 55 && value[55] !== "-")) return undefined;
  const version = value.slice(0, 2);
  const traceId = value.slice(3, 35);
  const parentId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (value[2] !== "-" || value[35] !== "-" || value[52] !== "-") return undefined;
  if (!isLowerHex(version) || version === "ff" || (version === "00" && value.length !== 55)) return undefined;
  if (!isLowerHex(traceId) || !isLowerHex(parentId) || !isLowerHex(flags)) return undefined;
  if (traceId === ZERO_TRACE || parentId === ZERO_SPAN) return undefined;
  return { traceId, parentId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}
