export {
  initErrors,
  closeErrors,
  captureException,
  captureMessage,
  setUser,
  setTag,
  setContext,
  withScope,
  getCapturedEvents,
  getErrorGroups,
  flushErrors,
} from "./capture.ts";
export type { ErrorsOptions, CaptureOptions } from "./capture.ts";
export type {
  ErrorEvent,
  ExceptionValue,
  StackFrame,
  Breadcrumb,
  EventUser,
  EventRequest,
  EventLevel,
} from "./event.ts";
export type { ErrorSink } from "./sink.ts";
export type { Group } from "./internal/grouping.ts";
export type { Scope } from "./internal/scope-store.ts";
export { SightlineError, ERROR_CODES } from "../internal/errors.ts";
export type { ErrorCode } from "../internal/errors.ts";
