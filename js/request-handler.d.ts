// Types of createRequestHandler (js/request-handler.js). Structural, so the package needs no
// @smithy dependency: they match @smithy/protocol-http's HttpRequest/HttpResponse and the
// `requestHandler` option of the AWS SDK for JavaScript v3 clients.

/** The request an AWS SDK v3 client hands its request handler (@smithy/protocol-http `HttpRequest`). */
export interface SdkHttpRequest {
  method: string;
  /** "https:" or "http:" */
  protocol?: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | Array<string> | null>;
  headers: Record<string, string>;
  /** A string (what the Query protocol sends), bytes, or a stream. */
  body?: unknown;
  fragment?: string;
}

/** The answer a request handler gives the SDK (@smithy/protocol-http `HttpResponse`). */
export interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An `HttpHandler` for `new STSClient({ requestHandler })` that answers from a Sim, in-process. */
export interface StsSimRequestHandler {
  readonly metadata: { handlerProtocol: string };
  handle(request: SdkHttpRequest, options?: { abortSignal?: { aborted: boolean }; requestTimeout?: number }): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): {};
  destroy(): void;
}

/** Anything with `handle(request) -> response`: a `Sim`. */
export interface WireHandler {
  handle(request: { method: string; url: string; headers?: Record<string, string>; body?: string }): { status: number; headers: Record<string, string>; body: string };
}

/** `requestHandler: createRequestHandler(sim)`: the real SDK against the simulator, no network. */
export declare function createRequestHandler(sim: WireHandler): StsSimRequestHandler;
