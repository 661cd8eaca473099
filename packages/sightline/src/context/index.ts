export { withContext, bindContext, unbindContext, clearContext, getContext } from "./store.ts";
