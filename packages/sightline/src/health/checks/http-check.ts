import {
  anyOf,
  arrayOf,
  checkOptions,
  invalidOption,
  is,
  type OptionRule,
  type OptionRules,
} from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

const status: OptionRule = {
  expected: "an HTTP status code",
  test: (value) => Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599,
};
const RULES: OptionRules<HttpCheckOptions> = {
  expectStatus: anyOf(status, arrayOf(status)),
  method: is.nonEmptyString,
};

/** Options of {@link httpCheck}. */
export interface HttpCheckOptions {
  /** Accepted status codes. Default: any 2xx. */
  expectStatus?: number | readonly number[];
  /** Request method. Default GET. */
  method?: string;
}

/**
 * Readiness of an HTTP dependency: the URL answers with an expected status. The request is
 * aborted when the check times out.
 * @since 0.1.0
 */
export function httpCheck(url: string | URL, options: HttpCheckOptions = {}): CheckFunction {
  const { expectStatus, method = "GET" } = checkOptions("httpCheck()", options, RULES);
  // a bad URL fails at start-up, not at the first probe
  const target = URL.canParse(String(url)) ? new URL(url) : undefined;
  if (target === undefined)
    throw invalidOption("httpCheck()", "url", `expected a URL, got ${JSON.stringify(String(url))}`);
  const accepted = expectStatus === undefined ? undefined : new Set([expectStatus].flat());
  return async function http(signal) {
    const response = await fetch(target, { method, signal, redirect: "manual" });
    await response.body?.cancel();
    const ok = accepted === undefined ? response.status >= 200 && response.status < 300 : accepted.has(response.status);
    if (!ok) throw new Error(`HTTP ${response.status}`);
    return { status_code: response.status };
  };
}
