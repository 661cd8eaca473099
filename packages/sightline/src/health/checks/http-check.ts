import type { CheckFunction } from "../types.ts";

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
export function httpCheck(url: string | URL, { expectStatus, method = "GET" }: HttpCheckOptions = {}): CheckFunction {
  const target = new URL(url); // a bad URL fails at start-up, not at the first probe
  const accepted = expectStatus === undefined ? undefined : new Set([expectStatus].flat());
  return async function http(signal) {
    const response = await fetch(target, { method, signal, redirect: "manual" });
    await response.body?.cancel();
    const ok = accepted === undefined ? response.status >= 200 && response.status < 300 : accepted.has(response.status);
    if (!ok) throw new Error(`HTTP ${response.status}`);
    return { status_code: response.status };
  };
}
