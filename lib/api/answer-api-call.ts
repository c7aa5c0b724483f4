import "server-only";
import { knownBodyOf } from "../errors/http-response";
import { dispatchApiRequest } from "./router";

/** One /api/v1 request as plain data: what server.ts hands to the dispatcher, in this thread or another. */
export type ApiCall = {
  method: string;
  /** Absolute URL of the request. */
  url: string;
  headers: [string, string][];
  body?: Uint8Array<ArrayBuffer>;
};

/** The answer as plain data, ready to write out (or to post back from an API thread). */
export type ApiReply = {
  status: number;
  headers: [string, string][];
  body: string | Uint8Array;
};

/** Runs one call through the /api/v1 dispatcher; `signal` aborts when the client leaves early. */
export async function answerApiCall(call: ApiCall, signal?: AbortSignal): Promise<ApiReply> {
  const response = await dispatchApiRequest(
    new Request(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body?.length ? call.body : undefined,
      signal,
    }),
  );
  return toApiReply(response);
}

export async function toApiReply(response: Response): Promise<ApiReply> {
  const headers: [string, string][] = [];
  response.headers.forEach((value, key) => {
    headers.push([key, value]);
  });
  const known = knownBodyOf(response);
  return {
    status: response.status,
    headers,
    body: known === undefined ? new Uint8Array(await response.arrayBuffer()) : known,
  };
}
